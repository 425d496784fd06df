"""``/contact optout list | add | remove``: the opt-out list (``handlers.clever.optouts``) from Slack.

Anyone may list it and add a number (a person asked, by phone or in a shop: the request is theirs);
only an admin may take a number off it, with a reason, since that lets promotional campaigns reach
someone who once asked them not to. Additions and removals are audited; the list reaches no vendor
(it is Relais' own), so none of them goes through a confirmation card.
"""

from __future__ import annotations

import re

from bot.rules.fields import FieldError, check_length
from bot.rules.grammar import parse_command_line
from bot.rules.phones import parse_phone
from bot.slack.blockkit import section
from bot.slack.context import CommandContext
from bot.slack.exports import Table, take_export
from handlers.clever.kit import CleverKit, clever
from handlers.clever.optouts import add_optout, all_optouts, optout_how, optout_since, optout_words, remove_optout

__all__ = ["optout_add", "optout_list", "optout_remove"]

COMMAND = "/contact"
MAX_REASON = 200
#: A word of a phone number as people write it: `06`, `+33`, `(0)6`, `12.34`, `12-34`.
_PHONE_WORD = re.compile(r"[+\d().\-]+")


def _number(typed: str) -> str:
    """A phone number, in E.164 (any usual French or international writing)."""
    if not typed.strip():
        raise FieldError("number", "required", "e.g. `+33612345678` or `06 12 34 56 78`")
    return parse_phone("number", typed).e164


def _split_number(args: str) -> tuple[str, str]:
    """``06 12 34 56 78 asked by phone`` → the number's words, then the rest (the reason)."""
    words = args.split()
    count = next((i for i, word in enumerate(words) if not _PHONE_WORD.fullmatch(word)), len(words))
    return " ".join(words[:count]), " ".join(words[count:])


@clever.sub(
    COMMAND,
    "optout list",
    summary="The numbers that opted out of promotional campaigns (by SMS reply or added here)",
    usage="/contact optout list [export]",
    example="/contact optout list",
)
def optout_list(ctx: CommandContext, kit: CleverKit) -> None:
    rest, export = take_export(ctx.args)
    if rest.strip():
        raise FieldError("list", f"`{rest.strip()}` is not expected here", "e.g. `/contact optout list export`")
    entries = all_optouts(kit)
    items = [[section(f"`{entry.e164}` · {optout_words(entry)}")] for entry in entries]
    rows = [
        [entry.e164, optout_since(entry), entry.source, entry.said, entry.campaign, entry.by, entry.reason]
        for entry in entries
    ]
    columns = ["number", "since (Paris)", "source", "reply", "campaign", "added by", "reason"]
    ctx.paginate(
        "Opt-out list",
        items,
        summary="Promotional campaigns skip these numbers",
        empty="The opt-out list is empty: nobody replied STOP and nobody was added with `/contact optout add`.",
        table=Table(filename="opt-outs.csv", columns=columns, rows=rows),
        export=export,
    )


@clever.sub(
    COMMAND,
    "optout add",
    summary="Put a number on the opt-out list (the person asked not to receive promotional campaigns)",
    usage="/contact optout add <number> [reason]",
    example="/contact optout add 06 12 34 56 78 asked by phone",
)
def optout_add(ctx: CommandContext, kit: CleverKit) -> None:
    typed, reason = _split_number(ctx.args)
    number = _number(typed)
    reason = check_length("reason", reason, maximum=MAX_REASON)
    listed = kit.optouts.get(number)
    if listed is None:
        added = ctx.audited_write(
            "opt-out add",
            lambda: add_optout(kit, number, source="slack", reason=reason, by=ctx.user_id, channel_id=ctx.channel_id),
            command=f"{COMMAND} optout add {ctx.args}".strip(),
            detail=f"{number}" + (f": {reason}" if reason else ""),
        )
        if added:
            ctx.reply(f":white_check_mark: {number} is now on the opt-out list: promotional campaigns will skip it.")
            return
        listed = kit.optouts.get(number)  # listed meanwhile (an SMS reply read at the same moment)
    since = f" since {optout_since(listed)} ({optout_how(listed)})" if listed else ""
    ctx.reply(f"{number} is already on the opt-out list{since}: nothing changed.")


@clever.sub(
    COMMAND,
    "optout remove",
    summary="Take a number off the opt-out list, with the reason (admins; audited)",
    usage='/contact optout remove <number> reason="…"',
    example='/contact optout remove +33612345678 reason="signed up again on the website"',
    admin_only=True,
)
def optout_remove(ctx: CommandContext, kit: CleverKit) -> None:
    example = '/contact optout remove +33612345678 reason="signed up again"'
    line = parse_command_line(
        ctx.args, positional=len(ctx.args.split()), known={"reason"}, free_text=False, example=example
    )
    reason = check_length("reason", line.options.get("reason", ""), maximum=MAX_REASON)
    if not reason:
        raise FieldError("reason", "required: say why this number may receive promotional campaigns again", example)
    number = _number(" ".join(line.positional))
    if kit.optouts.get(number) is None:
        ctx.reply(f"{number} is not on the opt-out list: nothing to remove.")
        return
    removed = ctx.audited_write(
        "opt-out remove",
        lambda: remove_optout(kit, number),
        command=f"{COMMAND} optout remove {ctx.args}".strip(),
        detail=f"{number}: {reason}",
    )
    listed = f", listed since {optout_since(removed)} ({optout_how(removed)})" if removed else ""
    ctx.reply(f":white_check_mark: {number} is off the opt-out list ({reason}){listed}.")
