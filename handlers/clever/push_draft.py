"""One reading of a push request into a ``PushDraft``, whichever door it came through.

The command line's options and the modal's fields are first put in the same words (the
option names of ``/push``: ``from=``, ``file=``, ``format=``, ``flash=yes``…), then one
builder makes the draft that ``handlers.clever.push_rules`` checks. The command line is
read by the one grammar: recipients first for a list, then ``key=value`` options, then
the message (``list_draft``, ``contacts_draft``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot.core.errors import UserError
from bot.core.timezone import PARIS
from bot.rules.grammar import parse_options
from bot.rules.recipients import leading_recipients
from handlers.clever.push_rules import CHANNELS, Audience, Channel, PushDraft

__all__ = [
    "CHANNEL_NAMES",
    "GROUP_MAIL_OPTIONS",
    "GROUP_SMS_OPTIONS",
    "MAIL_OPTIONS",
    "SMS_OPTIONS",
    "TICKED_OPTIONS",
    "contacts_draft",
    "contacts_family",
    "draft_of",
    "list_draft",
    "modal_options",
]

SMS_OPTIONS = {"at", "from", "flash", "duplicates", "encoding", "template", "file", "nature"}
GROUP_SMS_OPTIONS = SMS_OPTIONS | {"to", "criteria", "type", "mo_gsm", "mo_mail", "all_numbers", "cascade"}
MAIL_OPTIONS = {"at", "subject", "format", "file", "open_tag", "duplicates", "template", "nature"}
GROUP_MAIL_OPTIONS = MAIL_OPTIONS | {"to", "criteria"}

CHANNEL_NAMES: dict[str, Channel] = {channel: channel for channel in CHANNELS}
AUDIENCES: dict[str, Audience] = {"list": "list", "criteria": "criteria", "broadcast": "broadcast"}
#: The modal's "Options" checkboxes: each ticked one is the option given as yes.
TICKED_OPTIONS = ("flash", "duplicates", "open_tag", "all_numbers")
#: Option name → the modal's block holding it (the modal calls the mail format "type").
_MODAL_BLOCKS = {
    "template": "template",
    "subject": "subject",
    "from": "from",
    "at": "at",
    "file": "file",
    "encoding": "encoding",
    "format": "type",
    "criteria": "criteria",
    "mo_gsm": "mo_gsm",
    "mo_mail": "mo_mail",
    "cascade": "cascade",
    "nature": "nature",
}


#: Options holding a date: unquoted, they go on over the words that still read as one (`at=demain 9h`).
DATE_OPTIONS = ("at",)


def draft_of(channel: str, audience: str, recipients: str, options: Mapping[str, str], text: str) -> PushDraft:
    """The draft of a push: its channel and audience, the recipients typed, the options by name, the text."""
    return PushDraft(
        channel=CHANNEL_NAMES.get(channel, "sms"),
        audience=AUDIENCES.get(audience, "list"),
        recipients=recipients,
        text=text,
        template=options.get("template", ""),
        subject=options.get("subject", ""),
        sender=options.get("from", ""),
        at=options.get("at", ""),
        filename=options.get("file", ""),
        flash=options.get("flash", ""),
        keep_duplicates=options.get("duplicates", ""),
        encoding=options.get("encoding") or "auto",
        type_mail=options.get("format", ""),
        open_tag=options.get("open_tag", ""),
        criteria=options.get("criteria", ""),
        mo_gsm=options.get("mo_gsm", ""),
        mo_mail=options.get("mo_mail", ""),
        all_numbers=options.get("all_numbers", ""),
        cascade=options.get("cascade", ""),
        nature=options.get("nature", ""),
    )


def modal_options(values: Mapping[str, Any]) -> dict[str, str]:
    """The push modal's fields as the command's options (a ticked box is the option given as yes)."""
    options = {name: str(values.get(block) or "") for name, block in _MODAL_BLOCKS.items()}
    picked = values.get(_MODAL_BLOCKS["at"])
    if isinstance(picked, int):  # Slack's datetime picker: Unix seconds, read in Paris time as typed ones are
        options["at"] = datetime.fromtimestamp(picked, PARIS).isoformat(timespec="minutes")
    ticked = set(values.get("options") or [])
    options |= {name: "yes" for name in TICKED_OPTIONS if name in ticked}
    return options


# -- the command line -------------------------------------------------------------------------------
def list_draft(channel: str, line: str) -> PushDraft:
    """``/push <channel> <recipients> [options] <text>``: a push to the recipients given."""
    recipients, rest = leading_recipients(line)
    known = MAIL_OPTIONS if channel == "mail" else SMS_OPTIONS
    options, text = parse_options(rest, known, moments=DATE_OPTIONS)
    _refuse_misplaced_options(text, known, f"/push {channel} {recipients}")
    return draft_of(channel, "list", recipients, options, text)


def contacts_family(audience: str, args: str) -> tuple[str, str]:
    """``/push criteria|broadcast sms|mail …``: the family word ("" when none) and the rest of the line."""
    family, _, rest = args.strip().partition(" ")
    family = family.lower()
    if family not in {"", "sms", "mail"}:
        raise UserError(f"channel: `{family}` is not sms or mail", hint=f"e.g. `/push {audience} sms …`")
    return family, rest


def contacts_draft(audience: str, family: str, line: str) -> PushDraft:
    """``[options] <text>`` after ``/push criteria|broadcast sms|mail``: a push to the contacts the vendor picks."""
    known = GROUP_MAIL_OPTIONS if family == "mail" else GROUP_SMS_OPTIONS
    options, text = parse_options(line, known, moments=DATE_OPTIONS)
    _refuse_misplaced_options(text, known, f"/push {audience} {family}")
    channel = "mail" if family == "mail" else options.get("type", "sms").lower()
    if channel not in {"sms", "tts", "voice", "mail"}:
        raise UserError(f"type: `{channel}` is not sms, tts or voice", hint="e.g. type=tts")
    return draft_of(channel, audience, options.get("to", ""), options, text)


def _refuse_misplaced_options(text: str, known: set[str], head: str) -> None:
    """``Bonjour from=RELAIS``: an option written after the message would be sent as text."""
    for word in text.split():
        name, sep, _ = word.partition("=")
        if sep and name.lower() in known:
            raise UserError(
                f"`{word}` is in the message: options go before the text, or they are sent as words",
                hint=f"e.g. `{head} {word} {text.replace(word, '').strip()[:40]}`",
            )
