"""``/relais settings``: the settings of the channel it is typed in (``bot.core.channel_settings``).

Admins get a modal with every setting, filled with the current ones (checked inline by
``settings_rules.check_settings``), or change some at once with ``key=value`` options
(``/relais settings budget=5000 nature=transactional``); members get the same settings as a
read-only card. A change is saved with who and when, audited (what changed, old → new) and told
in the channel, so that everyone sending from it knows the rules changed.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from bot.core.channel_settings import ChannelSettings
from bot.core.timezone import PARIS
from bot.rules.grammar import only_options
from bot.slack.blockkit import (
    checkboxes,
    context,
    fields_section,
    header,
    input_block,
    modal,
    static_select,
    text_input,
)
from bot.slack.context import BaseContext, CommandContext, ViewContext
from bot.slack.forms import modal_errors
from handlers.relais.kit import RelaisKit, relais
from handlers.relais.settings_rules import (
    ALWAYS_ALLOWED,
    NATURES,
    OPTIONS,
    RULES_SETS,
    changes,
    check_settings,
    settings_pairs,
)

__all__ = ["SETTINGS_VIEW", "on_settings_submitted", "settings"]

SETTINGS_VIEW = "relais.settings"
#: The modal's "where SMS replies go" choice; the channel itself is picked in ``replies``.
REPLIES_TO = "replies_to"
EXAMPLE = "/relais settings budget=5000 nature=transactional"
_NONE = "empty: no approval on this count"

Block = dict[str, Any]


def _known_commands(kit: RelaisKit) -> list[str]:
    return list(kit.registry.commands)


@relais.sub(
    "/relais",
    "settings",
    summary="This channel's settings (sender, nature, opt-out text, replies, approval, budget, rules, commands); "
    "admins change them",
    usage="/relais settings [sender=… nature=… optout=… replies=… approval_recipients=… approval_units=… budget=… "
    "rules=… commands=…]",
    example="/relais settings",
)
def settings(ctx: CommandContext, kit: RelaisKit) -> None:
    typed = ctx.args.strip()
    if typed and not ctx.is_admin:
        ctx.audit_refusal("/relais settings", command=f"/relais settings {typed}", why="admin only")
        ctx.reply(
            f":no_entry: Only Relais admins change this channel's settings; `/relais settings` shows them. "
            f"Ask an admin ({_admins(kit)})."
        )
        return
    if not typed:
        if ctx.is_admin:
            ctx.open_modal(_settings_modal(kit, ctx.settings))
        else:
            ctx.reply(*_settings_card(ctx))
        return
    values = only_options(typed, known=set(OPTIONS), example=EXAMPLE)
    _save(ctx, check_settings(values, _known_commands(kit)), command=f"/relais settings {typed}")


def _admins(kit: RelaisKit) -> str:
    return ", ".join(f"<@{admin}>" for admin in sorted(kit.roles.admins())) or "none is configured"


def _settings_card(ctx: BaseContext) -> tuple[str, list[Block]]:
    title = f"Relais settings of <#{ctx.channel_id}>"
    blocks = [
        header("Relais settings of this channel"),
        fields_section(settings_pairs(ctx.settings)),
        context(_changed_line(ctx.settings) + "Only Relais admins change them (`/relais settings`)."),
    ]
    return title, blocks


def _changed_line(current: ChannelSettings) -> str:
    if not current.updated_by:
        return "Nobody changed them yet: these are Relais' defaults. "
    when = datetime.fromtimestamp(current.updated_at, PARIS).strftime("%Y-%m-%d %H:%M")
    return f"Last changed by <@{current.updated_by}> on {when}. "


def _conversation_select(initial: str) -> Block:
    element: Block = {
        "type": "conversations_select",
        "action_id": "replies",
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if initial:
        element["initial_conversation"] = initial
    return element


def _settings_modal(kit: RelaisKit, current: ChannelSettings) -> Block:
    def number(value: int | None) -> str | None:
        return str(value) if value else None

    commands = [(name, name) for name in _known_commands(kit) if name != ALWAYS_ALLOWED]
    blocks = [
        input_block(
            "sender",
            "Default sender",
            text_input("sender", initial=current.sender or None, placeholder="RELAIS"),
            optional=True,
            hint="at most 11 letters, digits, spaces, dots or dashes; empty: the account's default",
        ),
        input_block(
            "nature", "Default nature", static_select("nature", [(n, n) for n in NATURES], initial=current.nature)
        ),
        input_block(
            "optout",
            "Opt-out text",
            text_input("optout", initial=current.optout_text or None, placeholder="STOP au 36111"),
            optional=True,
            hint="what promotional SMS end with so that people can opt out: it must say STOP",
        ),
        input_block(
            REPLIES_TO,
            "SMS replies go to",
            static_select(
                REPLIES_TO,
                [("the campaign's thread", "thread"), ("the channel picked below", "channel")],
                initial="channel" if current.replies_channel else "thread",
            ),
        ),
        input_block("replies", "Replies channel", _conversation_select(current.replies_channel), optional=True),
        # Empty numbers: no approval on that count, no budget.
        *(
            input_block(option, label, text_input(option, initial=number(value)), optional=True, hint=hint)
            for option, label, value, hint in (
                ("approval_recipients", "Approval above this many recipients", current.approval_recipients, _NONE),
                ("approval_units", "Approval above this many units", current.approval_units, _NONE),
                ("budget", "Monthly budget, in units", current.monthly_budget, "empty: no budget"),
            )
        ),
        input_block(
            "rules",
            "Marketing rules",
            static_select("rules", [(label, key) for key, label in RULES_SETS.items()], initial=current.rules),
        ),
        input_block(
            "commands",
            "Commands allowed in this channel",
            checkboxes("commands", commands, initial=current.commands or []),
            optional=True,
            hint=f"none checked: every command; {ALWAYS_ALLOWED} is always allowed",
        ),
    ]
    return modal("Channel settings", blocks, callback_id=SETTINGS_VIEW, submit="Save")


def _modal_values(ctx: ViewContext) -> dict[str, Any]:
    """The modal's values by option; "the campaign's thread" clears the replies channel."""
    values = {option: ctx.values.get(option) for option in OPTIONS}
    if ctx.values.get(REPLIES_TO) != "channel":
        values["replies"] = ""
    return values


def _check_modal(ctx: ViewContext, kit: RelaisKit) -> dict[str, str]:
    errors = modal_errors(lambda: check_settings(_modal_values(ctx), _known_commands(kit)))
    if ctx.values.get(REPLIES_TO) == "channel" and not ctx.values.get("replies"):
        errors.setdefault("replies", "pick the channel SMS replies go to, or choose the campaign's thread above")
    return errors


@relais.view(SETTINGS_VIEW, validate=_check_modal, admin_only=True)
def on_settings_submitted(ctx: ViewContext, kit: RelaisKit) -> None:
    _save(ctx, check_settings(_modal_values(ctx), _known_commands(kit)), command=f"modal {SETTINGS_VIEW}")


def _save(ctx: BaseContext, fields: dict[str, Any], *, command: str) -> None:
    """Save the checked ``fields`` over the channel's settings: audited, and told in the channel."""
    book = ctx.slack.channels
    before = book.of(ctx.channel_id)
    after = before.model_copy(update=fields)
    said = changes(before, after)
    if not said:
        ctx.reply("Nothing changed: this channel's settings already say that.")
        return
    stamped = after.model_copy(update={"updated_by": ctx.user_id, "updated_at": time.time()})
    ctx.audited_write(
        "channel settings", lambda: book.records.put(ctx.channel_id, stamped), command=command, detail="; ".join(said)
    )
    lines = "\n".join(f"• {line}" for line in said)
    ctx.post(f":gear: <@{ctx.user_id}> changed this channel's Relais settings:\n{lines}")
