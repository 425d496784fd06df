"""One reading of a push request into a ``PushDraft``, whichever door it came through.

The command line's options and the modal's fields are first put in the same words (the
option names of ``/push``: ``from=``, ``file=``, ``format=``, ``flash=yes``…), then one
builder makes the draft that ``handlers.clever.push_rules`` checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handlers.clever.push_rules import CHANNELS, Audience, Channel, PushDraft

__all__ = ["CHANNEL_NAMES", "TICKED_OPTIONS", "draft_of", "modal_options"]

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
}


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
    )


def modal_options(values: Mapping[str, Any]) -> dict[str, str]:
    """The push modal's fields as the command's options (a ticked box is the option given as yes)."""
    options = {name: str(values.get(block) or "") for name, block in _MODAL_BLOCKS.items()}
    ticked = set(values.get("options") or [])
    options |= {name: "yes" for name in TICKED_OPTIONS if name in ticked}
    return options
