"""The Bolt app: every listener (commands, buttons, shortcuts, modals, events) acks at once and hands
the work to the worker pool.

Path of one request: Bolt (ack) → ``Dispatcher`` (registry lookup, the access filter,
error translation) → the handler. The only work done before ``ack()`` is what Slack
needs in the ack itself: a modal's inline errors (pure validation, no I/O).
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import RootModel
from slack_bolt import Ack, App, BoltRequest, BoltResponse

from bot.core.errors import OutcomeUnknown, UserError, VendorError
from bot.core.records import Collection, RecordKind
from bot.core.store import StoreUnavailable
from bot.core.worker import Worker
from bot.slack.blockkit import (
    MAX_MODAL_BLOCKS,
    actions,
    button,
    fit_blocks,
    header,
    problem,
    problem_blocks,
    section,
)
from bot.slack.context import (
    ActionContext,
    BaseContext,
    CommandContext,
    ShortcutContext,
    SlackKit,
    ViewContext,
    flatten_view_state,
    parse_metadata,
)
from bot.slack.help import command_help
from bot.slack.registry import Registry, split_subcommand

__all__ = ["SEEN_EVENTS", "Dispatcher", "build_app"]

log = logging.getLogger(__name__)

EVENT_DEDUP_SECONDS = 3600.0

#: Slack events already received, by event id (when): Slack retries within minutes; kept a day.
SEEN_EVENTS = RecordKind(
    "event:", RootModel[float], "Slack events already received", keep=86400.0, since=lambda seen: seen.root
)


class Dispatcher:
    """Routes a Slack payload to its handler, through the access filter, with errors in plain words."""

    def __init__(self, slack: SlackKit, registry: Registry, kits: Mapping[str, object]) -> None:
        """``kits``: what each family of handlers works with, by family name."""
        self.slack = slack
        self.registry = registry
        self.kits = kits

    def _call(self, handler: Callable[..., Any], family: str, ctx: BaseContext) -> Any:
        return handler(ctx, self.kits[family])

    # -- slash commands -----------------------------------------------------------------------
    def command(self, body: dict[str, Any]) -> None:
        name = str(body.get("command", ""))
        command = self.registry.commands.get(name)
        text = str(body.get("text", ""))
        word, rest = split_subcommand(text)
        sub, sub_name, sub_rest = command.resolve(text) if command is not None else (None, "", "")
        ctx = CommandContext(
            slack=self.slack,
            user_id=str(body.get("user_id", "")),
            channel_id=str(body.get("channel_id", "")),
            team_id=str(body.get("team_id", "")),
            response_url=str(body.get("response_url", "")),
            trigger_id=str(body.get("trigger_id", "")),
            command=name,
            subcommand=sub_name if sub is not None else word.lower(),
            args=sub_rest if sub is not None else rest,
        )
        if command is None:
            ctx.reply(f"Relais does not know {name}. Try `/relais help`.")
            return
        if sub is None and command.fallback is not None and command.takes_fallback(word):
            sub, ctx.args = command.fallback, f"{word} {rest}".strip()
        if sub is None and word.lower() in {"", "help"} and command.help is not None:
            sub = command.help
        if sub is None:
            problem = None if word.lower() in {"", "help"} else command.unknown(word, rest)
            text, blocks = command_help(command, problem=problem)
            ctx.reply(problem or text, blocks)
            return
        typed = f"{name} {body.get('text', '')}".strip()
        self._filtered(
            ctx,
            sub.admin_only,
            operation=f"{name} {sub.name}",
            command_text=typed,
            run=lambda: self._call(sub.handler, sub.family, ctx),
        )

    # -- buttons ------------------------------------------------------------------------------
    def action(self, body: dict[str, Any]) -> None:
        action = (body.get("actions") or [{}])[0]
        action_id = str(action.get("action_id", ""))
        entry = self.registry.find_action(action_id)
        container = body.get("container") or {}
        user_id = str((body.get("user") or {}).get("id", ""))
        channel_id = str((body.get("channel") or {}).get("id", "") or container.get("channel_id", ""))
        if not channel_id and (body.get("view") or {}).get("type") == "home":
            # A button in the Home tab comes from no channel: like a global shortcut, what it posts goes to
            # the user's direct message with Relais.
            channel_id = user_id
        ctx = ActionContext(
            slack=self.slack,
            user_id=user_id,
            channel_id=channel_id,
            team_id=str((body.get("team") or {}).get("id", "")),
            response_url=str(body.get("response_url", "")),
            trigger_id=str(body.get("trigger_id", "")),
            action_id=action_id,
            value=str(action.get("value") or (action.get("selected_option") or {}).get("value") or ""),
            message_ts=str((body.get("message") or {}).get("ts", "") or container.get("message_ts", "")),
            view=body.get("view"),
            body=body,
        )
        if entry is None:
            log.info("no handler for action %s", action_id)
            return
        self._filtered(
            ctx,
            entry.admin_only,
            operation=entry.operation or action_id,
            command_text=action_id,
            run=lambda: self._call(entry.handler, entry.family, ctx),
        )

    # -- shortcuts ----------------------------------------------------------------------------
    def shortcut(self, body: dict[str, Any]) -> None:
        """A global shortcut (``shortcut``) or a message shortcut (``message_action``)."""
        callback_id = str(body.get("callback_id", ""))
        user_id = str((body.get("user") or {}).get("id", ""))
        message = body.get("message") or {}
        kind = "message" if body.get("type") == "message_action" else "global"
        ctx = ShortcutContext(
            slack=self.slack,
            user_id=user_id,
            # A global shortcut comes from no channel: its answers and cards go to the user's direct
            # message with Relais (chat.postMessage to a user id), unless its form asks for a channel.
            channel_id=str((body.get("channel") or {}).get("id", "")) or user_id,
            team_id=str((body.get("team") or {}).get("id", "")),
            response_url=str(body.get("response_url", "")),
            trigger_id=str(body.get("trigger_id", "")),
            callback_id=callback_id,
            kind=kind,
            message_text=str(message.get("text", "")),
            message_ts=str(message.get("ts", "") or body.get("message_ts", "")),
            message_blocks=list(message.get("blocks") or []),
            message_author=str(message.get("user") or message.get("bot_id") or ""),
        )
        entry = self.registry.shortcuts.get(callback_id)
        if entry is None:
            log.info("no handler for shortcut %s", callback_id)
            return
        self._filtered(
            ctx,
            entry.admin_only,
            operation=entry.name,
            command_text=f"shortcut {callback_id}",
            run=lambda: self._call(entry.handler, entry.family, ctx),
        )

    # -- modals -------------------------------------------------------------------------------
    def view_context(self, body: dict[str, Any]) -> ViewContext:
        view = body.get("view") or {}
        metadata = parse_metadata(view)
        return ViewContext(
            slack=self.slack,
            user_id=str((body.get("user") or {}).get("id", "")),
            channel_id=str(metadata.get("channel_id", "")),
            team_id=str((body.get("team") or {}).get("id", "")),
            response_url=str(metadata.get("response_url", "")),
            trigger_id=str(body.get("trigger_id", "")),
            callback_id=str(view.get("callback_id", "")),
            view_id=str(view.get("id", "")),
            values=flatten_view_state(view),
            metadata=metadata,
            view=view,
        )

    def view_errors(self, ctx: ViewContext) -> dict[str, str] | None:
        """Inline errors for the ack, or None when the submission is accepted (and must be submitted)."""
        entry = self.registry.views.get(ctx.callback_id)
        if entry is None:
            return {}
        try:
            errors = self._call(entry.validate, entry.family, ctx)
        except Exception:
            log.exception("validation of %s failed", ctx.callback_id)
            first = next(iter(ctx.values), "")
            return {first: "Relais could not check this form; please try again"} if first else {}
        return errors or None

    def view_submit(self, ctx: ViewContext) -> None:
        entry = self.registry.views.get(ctx.callback_id)
        if entry is None:
            return
        self._filtered(
            ctx,
            entry.admin_only,
            operation=ctx.callback_id,
            command_text=f"modal {ctx.callback_id}",
            run=lambda: self._call(entry.submit, entry.family, ctx),
        )

    # -- App Home -----------------------------------------------------------------------------
    def home_view(self, user_id: str) -> dict[str, Any]:
        """The Home tab of ``user_id`` as it stands now (published by ``bot.slack.home.HomePublisher``)."""
        blocks: list[dict[str, Any]] = [header("Relais")]
        if self.registry.home_buttons:
            blocks.append(actions(*(button(label, action_id) for label, action_id in self.registry.home_buttons)))
        for entry in self.registry.home_sections:
            try:
                blocks.extend(entry.build(self.kits[entry.family], user_id))
            except VendorError as exc:
                blocks.extend(problem_blocks(f":warning: {exc.plain}", exc.detail))
            except Exception:
                log.exception("a Home section failed")
                blocks.append(section(":warning: part of this page could not be loaded"))
        return {"type": "home", "blocks": fit_blocks(blocks, MAX_MODAL_BLOCKS)}

    # -- the filter and the guard ---------------------------------------------------------------
    def _allowed(self, ctx: BaseContext, admin_only: bool, *, operation: str, command_text: str) -> bool:
        """The one access check in front of every command, button and modal: admins only where declared,
        then the commands this channel allows (`/relais settings`; `/relais` itself is always allowed)."""
        if admin_only and not self.slack.roles.is_admin(ctx.user_id):
            ctx.audit_refusal(operation, command=command_text, why="admin only")
            ctx.reply(
                f":no_entry: `{operation}` is for Relais admins. Ask an admin to run it, "
                "or to add you to RELAIS_ADMINS. `/relais whoami` shows your role."
            )
            return False
        allowed = self.slack.channels.of(ctx.channel_id).commands
        commands = self._commands_of(ctx)
        if not allowed or not commands or "/relais" in commands or any(name in allowed for name in commands):
            return True
        shown = " or ".join(f"`{name}`" for name in commands)
        ctx.audit_refusal(operation, command=command_text, why=f"{' or '.join(commands)} not allowed in this channel")
        admins = ", ".join(f"<@{admin}>" for admin in sorted(self.slack.roles.admins())) or "a Relais admin"
        names = ", ".join(f"`{name}`" for name in [*allowed, "/relais"])
        ctx.reply(
            f":no_entry: {shown} is not allowed in this channel, which allows {names}. "
            f"A Relais admin ({admins}) can change that with `/relais settings` here."
        )
        return False

    def _commands_of(self, ctx: BaseContext) -> list[str]:
        """The command(s) whose rule a request follows: a slash command's own; for a button, modal or
        shortcut, its family's command, or the one its id names (`clever.contact.show:` → `/contact`),
        else every command of its family (allowed when any of them is)."""
        if isinstance(ctx, CommandContext):
            return [ctx.command]
        registry = self.registry
        entry: Any = None
        if isinstance(ctx, ActionContext):
            entry, name = registry.find_action(ctx.action_id), ctx.action_id
        elif isinstance(ctx, ViewContext):
            entry, name = registry.views.get(ctx.callback_id), ctx.callback_id
        elif isinstance(ctx, ShortcutContext):
            entry, name = registry.shortcuts.get(ctx.callback_id), ctx.callback_id
        if entry is None:
            return []
        family = [
            command.name
            for command in registry.commands.values()
            if any(sub.family == entry.family for sub in command.subcommands.values())
        ]
        words = set(re.split(r"[^a-z]+", name.lower()))
        named = [command for command in family if command.lstrip("/") in words]
        return named or family

    def _filtered(
        self, ctx: BaseContext, admin_only: bool, *, operation: str, command_text: str, run: Callable[[], None]
    ) -> None:
        """The access filter, then the handler, both under the guard (the filter reads the store too)."""

        def checked() -> None:
            if self._allowed(ctx, admin_only, operation=operation, command_text=command_text):
                run()

        self._guard(ctx, checked)

    def _guard(self, ctx: BaseContext, run: Callable[[], None]) -> None:
        try:
            run()
        except StoreUnavailable:
            log.warning("a request was answered without its work: the store does not answer")
            ctx.reply(STORE_DOWN)
        except UserError as exc:
            ctx.reply(*problem(f":warning: {exc}", exc.detail))
        except OutcomeUnknown as exc:
            ctx.reply(*problem(f":grey_question: Outcome unknown: {exc.plain}", exc.detail, check=exc.check))
        except VendorError as exc:
            ctx.reply(*problem(f":x: {exc.plain}", exc.detail))
        except Exception:
            reference = secrets.token_hex(4)
            log.exception("handler failed (reference %s)", reference)
            ctx.reply(
                f":boom: Relais hit an internal error (reference `{reference}`). "
                "If this was a send, check `/relais audit` or its status before trying again."
            )


#: Said when Relais' database does not answer (shared mode): nothing happened, so trying again is safe.
STORE_DOWN = (
    ":warning: Relais cannot reach its database right now, so it did nothing (nothing was sent or changed). "
    "Try again in a minute; if it lasts, tell whoever runs Relais (`/healthz` says when the database is back)."
)


def build_app(
    dispatcher: Dispatcher,
    *,
    seen_events: Collection[RootModel[float]],
    listeners: Worker,
    home_opened: Callable[[str], None],
) -> App:
    """The Bolt app; ``listeners``: Bolt's listener executor (acks only, but the request thread waits on it);
    ``home_opened``: told who opened their Home tab (it publishes it, bot.slack.home)."""
    slack, registry = dispatcher.slack, dispatcher.registry
    app = App(
        client=slack.web,
        # Signatures are verified at the HTTP boundary (bot.slack.server) before the body is even
        # parsed, so a forged request never reaches Bolt; Socket Mode needs no signature.
        request_verification_enabled=False,
        token_verification_enabled=False,
        raise_error_for_unhandled_request=False,
        # Only acks run here (vendor work goes to the worker pool), but the request thread
        # waits for the ack through this pool: sized for 50 concurrent requests.
        listener_executor=listeners,
    )
    app.middleware(_dedupe_events(seen_events))
    submit = slack.worker.submit

    for name in registry.commands:

        @app.command(name)
        def on_command(ack: Ack, body: dict[str, Any]) -> None:
            # Queued before the ack so that, once Slack has its answer, the work is already
            # visible to whoever waits for the pool (tests, the console); queueing costs nothing.
            submit(dispatcher.command, body)
            ack()

    @app.action(re.compile(".*"))
    def on_action(ack: Ack, body: dict[str, Any]) -> None:
        submit(dispatcher.action, body)
        ack()

    @app.shortcut(re.compile(".*"))
    def on_shortcut(ack: Ack, body: dict[str, Any]) -> None:
        # The trigger id lives 3 seconds: the pool opens the modal at once, as for commands.
        submit(dispatcher.shortcut, body)
        ack()

    @app.view(re.compile(".*"))
    def on_view_submission(ack: Ack, body: dict[str, Any]) -> None:
        ctx = dispatcher.view_context(body)
        errors = dispatcher.view_errors(ctx)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        submit(dispatcher.view_submit, ctx)
        ack()

    @app.view_closed(re.compile(".*"))
    def on_view_closed(ack: Ack) -> None:
        ack()

    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any]) -> None:
        if event.get("tab", "home") == "home":
            home_opened(str(event.get("user", "")))

    return app


def _dedupe_events(seen_events: Collection[RootModel[float]]) -> Callable[..., BoltResponse]:
    """Slack retries an event it thinks we missed (X-Slack-Retry-Num): acknowledge it, process it once."""

    def middleware(req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:
        event_id = req.body.get("event_id") if req.body.get("type") == "event_callback" else None
        if event_id and not seen_events.add(str(event_id), RootModel[float](time.time())):
            log.info(
                "event %s already received (retry %s): acknowledged, not processed again",
                event_id,
                req.headers.get("x-slack-retry-num", ["0"])[0],
            )
            return BoltResponse(status=200, body="")
        return next()

    return middleware
