"""What a handler receives: who asked, where, and the ways to answer.

Handlers never touch Bolt or raw payloads: the dispatcher builds one of these contexts
from Slack's payload and the handler answers through its verbs (reply, post, paginate,
open a modal, stage a write behind its confirmation card, make an audited write), so the
same handler serves HTTP mode, Socket Mode and the console. What the verbs answer
through is the ``SlackKit``, built once by the composition root.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.core.access import Roles
from bot.core.approvals import Approval
from bot.core.audit import AuditLog
from bot.core.channel_settings import ChannelSettings, ChannelSettingsBook
from bot.core.clock import Clock
from bot.core.errors import OutcomeUnknown, UserError, VendorError
from bot.core.safe_writes import UNKNOWN_CHECK, SafeWrites, WriteRecord, may_have_acted
from bot.core.worker import Worker
from bot.rules.dates import Language
from bot.slack.blockkit import fit_message
from bot.slack.cards import card_blocks
from bot.slack.exports import ExportRequest, Table, csv_file, separator_for
from bot.slack.files import upload_file
from bot.slack.output import SlackOut
from bot.slack.pages import Pager
from bot.slack.people import Languages

__all__ = ["ActionContext", "BaseContext", "CommandContext", "ShortcutContext", "SlackKit", "ViewContext"]

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class SlackKit:
    """What every context answers through: Slack output and Web API, roles, listings, safe writes, audit."""

    out: SlackOut
    web: WebClient
    roles: Roles
    pages: Pager
    safe_writes: SafeWrites
    audit: AuditLog
    #: Runs work off the request thread (Bolt's ack must not wait for a vendor).
    worker: Worker
    #: The language each user's dates are shown in (their Slack locale).
    languages: Languages
    #: What "now" is for the rules that depend on the hour (tests freeze and move it).
    clock: Clock
    #: Each channel's settings (`/relais settings`): defaults for a channel nobody set.
    channels: ChannelSettingsBook


@dataclass
class BaseContext:
    slack: SlackKit
    user_id: str
    channel_id: str
    team_id: str = ""
    response_url: str = ""
    trigger_id: str = ""

    @property
    def language(self) -> Language:
        """The language the user's days and dates are shown in: "fr" or "en" (their Slack locale)."""
        return self.slack.languages.of(self.user_id)

    @property
    def settings(self) -> ChannelSettings:
        """The settings of the channel this happens in (the defaults where nobody set any)."""
        return self.slack.channels.of(self.channel_id)

    def now(self) -> datetime:
        """Relais' now, in Paris time (``bot.core.clock``): what the rules that depend on the hour read."""
        return self.slack.clock.now()

    @property
    def is_admin(self) -> bool:
        return self.slack.roles.is_admin(self.user_id)

    def audit_refusal(self, operation: str, *, command: str, why: str) -> None:
        """The audit line of every refusal by the access rules (admin only, not the owner)."""
        self.slack.audit.record(
            user_id=self.user_id,
            channel_id=self.channel_id,
            command=command,
            operation=operation,
            outcome="refused",
            detail=why,
        )

    def ensure_own(self, owner: str | None, *, what: str, verb: str, operation: str, command: str) -> None:
        """Members act only on what they started from Relais; admins on anything. A refusal is audited.

        ``owner``: who started it ("" or None: not started from Relais, so only an admin may).
        """
        if self.is_admin or (owner and owner == self.user_id):
            return
        self.audit_refusal(operation, command=command, why=f"not the owner ({owner or 'not started from Relais'})")
        if owner:
            problem, hint = f"{what} was started by <@{owner}>: only they or a Relais admin can {verb} it", "ask them"
        else:
            problem, hint = f"{what} was not started from Relais: only a Relais admin can {verb} it", "ask an admin"
        raise UserError(problem, hint=f"{hint} (`/relais whoami` shows your role)")

    def paginate(
        self,
        title: str,
        items: list[list[dict[str, Any]]],
        *,
        per_page: int = 10,
        summary: str = "",
        lead: str = "",
        empty: str = "",
        table: Table | None = None,
        export: ExportRequest | None = None,
    ) -> None:
        """Reply with a listing of any length: its first page, with Previous / Next buttons.

        ``empty``: the sentence to reply instead when there are no items (none: an empty listing).
        ``table``: the same items as rows: the listing gets an Export CSV button, and ``export``
        (the user typed ``… export``) posts the file instead of the listing.
        """
        if empty and not items:
            self.reply(empty)
            return
        if export is not None and table is not None:
            self.export(table, separator=export.separator, title=title)
            return
        self.reply(*self.slack.pages.show(title, items, per_page=per_page, summary=summary, lead=lead, table=table))

    def export(
        self, table: Table, *, separator: str | None = None, title: str = "", thread_ts: str | None = None
    ) -> str:
        """Post ``table`` as a CSV file in the channel (in a thread when given), saying who asked; its file id."""
        return self.export_rows(
            table.filename, table.columns, table.rows, separator=separator, title=title, thread_ts=thread_ts
        )

    def export_rows(
        self,
        filename: str,
        columns: Sequence[str],
        rows: Iterable[Sequence[object]],
        *,
        separator: str | None = None,
        title: str = "",
        thread_ts: str | None = None,
        channel: str | None = None,
    ) -> str:
        """Post rows read one at a time (a report of 100,000 deliveries) as a CSV file; its file id.

        Only the file itself is held: the rows stream into the csv writer. A listing is answered to
        one user, but a file can only be posted for the channel to see: the comment names who asked,
        so nobody wonders where it came from. ``channel``: another channel than the command's (the
        campaign's own, for its thread)."""
        content, count = csv_file(columns, rows, separator=separator_for(self.language, separator))
        what = title or filename
        comment = f"{what}: {count:,} row{'s' if count != 1 else ''}, exported for <@{self.user_id}>."
        return upload_file(
            self.slack.web,
            channel or self.channel_id or self.user_id,
            filename,
            content,
            thread_ts=thread_ts,
            comment=comment,
        )

    def stage(
        self,
        kind: str,
        params: dict[str, Any],
        *,
        command: str,
        title: str,
        preview: list[str],
        alternatives: list[tuple[str, str]] | None = None,
        replace: bool = False,
        blocked: str = "",
        held: str = "",
        approval: Approval | None = None,
    ) -> WriteRecord:
        """Stage a safe write and show its confirmation card to the user who asked; nothing is sent yet.

        The card's buttons ("Delete contact", red when destructive) are declared with the executor of ``kind``;
        ``alternatives`` adds other ways to do it; ``replace``: the card takes the place of the one clicked;
        ``blocked`` (a rule broken), ``held`` (a limit) and ``approval`` (it waits for one) withhold Send."""
        record = self.slack.safe_writes.stage(
            kind,
            params,
            user_id=self.user_id,
            channel_id=self.channel_id,
            command=command,
            title=title,
            preview=preview,
            alternatives=alternatives,
            blocked=blocked,
            held=held,
            approval=approval,
        )
        self.reply(*card_blocks(record), replace=replace)
        return record

    def audited_write(
        self,
        operation: str,
        write: Callable[[], T],
        *,
        command: str,
        detail: str = "",
        done_code: str | Callable[[T], str | None] | None = None,
        check: str = "",
    ) -> T:
        """A vendor write that needs no confirmation card (it costs nothing, reaches no one),
        recorded in the audit log whatever happens: done, failed, or unknown when it may have
        reached the vendor. The error, if any, goes on to the dispatcher's guard: an unknown
        outcome as ``OutcomeUnknown`` with ``check`` (what to look at before trying again).
        ``done_code`` may be read from the write's result (the code the vendor actually sent)."""

        def record(outcome: str, vendor_code: str | None = None, why: str = "") -> None:
            self.slack.audit.record(
                user_id=self.user_id,
                channel_id=self.channel_id,
                command=command,
                operation=operation,
                outcome=outcome,
                vendor_code=vendor_code,
                detail="; ".join(part for part in (detail, why) if part),
            )

        try:
            result = write()
        except VendorError as exc:
            if may_have_acted(exc):
                record("unknown", exc.audit_code, exc.plain)
                raise OutcomeUnknown(exc.plain, exc.detail, check or UNKNOWN_CHECK) from exc
            record("failed", exc.audit_code, exc.plain)
            raise
        except Exception:
            record("unknown", why="Relais failed during the write")  # the request may have left
            raise
        record("done", done_code(result) if callable(done_code) else done_code)
        return result

    def reply(self, text: str, blocks: list[dict[str, Any]] | None = None, *, replace: bool = False) -> None:
        """An ephemeral answer to the user (through response_url when Slack gave one)."""
        text, blocks = fit_message(text, blocks)
        if self.response_url:
            payload: dict[str, Any] = {"text": text, "response_type": "ephemeral"}
            payload["replace_original"] = replace
            if blocks is not None:
                payload["blocks"] = blocks
            response = WebhookClient(self.response_url, timeout=10).send_dict(payload)
            if response.status_code == 200:
                return
            # Spent (5 uses, 30 minutes: a modal kept open too long) or refused: never lose the answer.
            log.warning("response_url answered %s; replying another way", response.status_code)
        # A user id as the channel (a global shortcut, the Home tab) means the app's direct message: a
        # message there is only the user's to see, and Slack takes no ephemeral in it.
        if self.channel_id and self.channel_id != self.user_id:
            try:
                self.slack.out.post_ephemeral(self.channel_id, self.user_id, text, blocks)
                return
            except SlackApiError as exc:
                log.warning("ephemeral refused in %s (%s); replying in a direct message", self.channel_id, exc)
        # A button in a modal or the App Home has no channel: the app's direct message with the user.
        self.slack.out.post(self.user_id, text, blocks)

    def post(self, text: str, blocks: list[dict[str, Any]] | None = None, *, thread_ts: str | None = None) -> str:
        """A message in the channel, visible to everyone; returns its ts."""
        return self.slack.out.post(self.channel_id, text, blocks, thread_ts=thread_ts)

    def open_modal(self, view: dict[str, Any]) -> str:
        """Open ``view``; where it was opened from travels in its private_metadata, for the submission."""
        metadata = {**parse_metadata(view), "channel_id": self.channel_id, "response_url": self.response_url}
        encoded = json.dumps(metadata)
        if len(encoded) > MAX_PRIVATE_METADATA:
            # Slack refuses the whole view; larger state belongs in the store, referenced by key.
            raise ValueError(f"private_metadata is {len(encoded)} characters, Slack allows {MAX_PRIVATE_METADATA}")
        view = {**view, "private_metadata": encoded}
        response = self.slack.web.views_open(trigger_id=self.trigger_id, view=view)
        return str(response["view"]["id"])


@dataclass
class CommandContext(BaseContext):
    command: str = ""
    subcommand: str = ""
    args: str = ""


@dataclass
class ActionContext(BaseContext):
    action_id: str = ""
    value: str = ""
    message_ts: str = ""
    #: The modal the button sits in, when it does (views.update / push from there).
    view: dict[str, Any] | None = None
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def argument(self) -> str:
        """The part of the action id after the registered prefix: "relais.page:abc" → "abc"."""
        return self.action_id.partition(":")[2]

    def update_modal(self, view: dict[str, Any]) -> None:
        """Replace the modal this button sits in, keeping where it was opened from (its private_metadata).

        The view's ``hash`` makes Slack refuse the update if the modal changed meanwhile.
        """
        current = self.view or {}
        updated = {**view, "private_metadata": current.get("private_metadata", "")}
        self.slack.web.views_update(view_id=str(current.get("id", "")), hash=current.get("hash"), view=updated)


@dataclass
class ShortcutContext(BaseContext):
    """A shortcut chosen: a global one comes from no channel (``channel_id`` is then the user's direct
    message with Relais); a message one carries the message it was chosen on."""

    callback_id: str = ""
    kind: str = "global"  # or "message"
    message_text: str = ""
    message_ts: str = ""
    #: The message's blocks (a reply Relais posted carries its number in its Reply button).
    message_blocks: list[dict[str, Any]] = field(default_factory=list)
    #: Who wrote the message (a user id), or the bot id when an app posted it.
    message_author: str = ""

    @property
    def from_channel(self) -> bool:
        """Whether a channel is known (a message shortcut); a global shortcut has none."""
        return self.kind == "message"


@dataclass
class ViewContext(BaseContext):
    callback_id: str = ""
    view_id: str = ""
    #: {block_id: value}: each input's value flattened to a string, a list (multi-selects) or None.
    values: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    view: dict[str, Any] = field(default_factory=dict)


def flatten_view_state(view: dict[str, Any]) -> dict[str, Any]:
    """Slack's view.state.values ({block: {action: {type, value…}}}) → {block_id: plain value}."""
    flat: dict[str, Any] = {}
    for block_id, actions in (view.get("state", {}).get("values", {}) or {}).items():
        for element in actions.values():
            flat[block_id] = _element_value(element)
    return flat


def _element_value(element: dict[str, Any]) -> Any:
    kind = element.get("type")
    if kind in {"static_select", "external_select", "radio_buttons"}:
        option = element.get("selected_option")
        return option.get("value") if option else None
    if kind in {"multi_static_select", "checkboxes", "multi_external_select"}:
        return [o.get("value") for o in element.get("selected_options") or []]
    if kind == "datepicker":
        return element.get("selected_date")
    if kind == "timepicker":
        return element.get("selected_time")
    if kind == "datetimepicker":
        return element.get("selected_date_time")
    if kind in {"users_select", "conversations_select", "channels_select"}:
        return element.get("selected_user") or element.get("selected_conversation") or element.get("selected_channel")
    if kind == "file_input":
        return [f.get("id") for f in element.get("files") or []]
    return element.get("value")


MAX_PRIVATE_METADATA = 3000


def parse_metadata(view: dict[str, Any]) -> dict[str, Any]:
    raw = view.get("private_metadata") or ""
    try:
        value = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
