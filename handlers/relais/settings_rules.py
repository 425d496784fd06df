"""A channel's settings as typed or filled in: read, checked and shown in words. Pure: no I/O.

The same ``check_settings`` serves the modal (its inline errors, before the ack) and the quick
``key=value`` changes of `/relais settings`; ``changes`` says what differs in words, for the audit
line and the message in the channel. Field names are the option names, which are also the modal's
block ids, so an error lands under its field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bot.core.channel_settings import ChannelSettings
from bot.rules.fields import FieldError, check_int, check_length
from bot.rules.marketing import transactional_stop_code
from bot.rules.names import pick_name
from bot.slack.forms import checked
from handlers.clever.push_rules import check_sender

__all__ = [
    "ALWAYS_ALLOWED",
    "NATURES",
    "OPTIONS",
    "RULES_SETS",
    "changes",
    "check_settings",
    "settings_pairs",
    "settings_values",
]

#: `/relais` is allowed everywhere, so that a channel's settings can always be fixed from it.
ALWAYS_ALLOWED = "/relais"
NATURES = {"promotional": "promotional", "transactional": "transactional"}
RULES_SETS = {
    "charter-2026": "af2m charter 2026 (in force from 1 March 2026: promotional SMS 08:00–21:30)",
    "charter-2024": "af2m charter 2024 (promotional SMS on working days, 08:00–22:00)",
    "none": "none (a transactional-only channel)",
}
#: The options of `/relais settings` (and the modal's block ids) → the ChannelSettings field each sets.
OPTIONS = {
    "sender": "sender",
    "nature": "nature",
    "optout": "optout_text",
    "replies": "replies_channel",
    "approval_recipients": "approval_recipients",
    "approval_units": "approval_units",
    "budget": "monthly_budget",
    "rules": "rules",
    "commands": "commands",
}
#: What the channel sees for each field, in the order shown.
LABELS = {
    "sender": "Default sender",
    "nature": "Default nature",
    "optout": "Opt-out text",
    "replies": "SMS replies go to",
    "approval_recipients": "Approval above (recipients)",
    "approval_units": "Approval above (units)",
    "budget": "Monthly budget",
    "rules": "Marketing rules",
    "commands": "Commands allowed here",
}
MAX_OPTOUT = 60
#: Words that clear a setting (back to its default) when typed as its value.
_CLEAR = {"", "none", "no", "off", "default", "aucun", "aucune"}
_THREAD = {"thread", "campaign thread", "the campaign thread", "fil"}
_CHANNEL = re.compile(r"<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>|([CGD][A-Z0-9]{6,})")
_STOP = re.compile(r"stop", re.IGNORECASE)
_WHY_STOP = (
    "promotional SMS must offer a free way to opt out (CPCE L34-5), by replying STOP under the operators' "
    "af2m charter, usually `STOP au 36xxx`"
)


def settings_values(settings: ChannelSettings) -> dict[str, Any]:
    """The option values that describe ``settings`` (what the modal is filled with)."""
    return {option: getattr(settings, name) for option, name in OPTIONS.items()}


def _positive(option: str, value: Any) -> int | None:
    text = "" if value is None else str(value).replace(",", "").replace(" ", "").replace("\u202f", "").strip()
    return None if text.lower() in _CLEAR else check_int(option, text, minimum=1)


def _optout(value: Any) -> str:
    text = check_length("optout", str(value or ""), maximum=MAX_OPTOUT)
    if text and not _STOP.search(text):
        raise FieldError("optout", f"`{text}` does not say STOP: {_WHY_STOP}", "e.g. `STOP au 36111`")
    code = transactional_stop_code(text)
    if code is not None:
        raise FieldError(
            "optout",
            f"`{code}` is a transactional short code (38xxx), not for opting out of promotions (ARCEP 18-0881)",
            "give the 36xxx code your SMS provider assigned, e.g. `STOP au 36111`",
        )
    return text


def _replies(value: Any) -> str:
    text = str(value or "").strip()
    if text.lower() in _CLEAR | _THREAD:
        return ""
    found = _CHANNEL.fullmatch(text)
    if found is None:
        raise FieldError(
            "replies",
            f"`{text}` is not a channel Relais can read",
            "pick the channel in Slack's list (`replies=#…` as Slack completes it) or write `replies=thread`",
        )
    return found.group(1) or found.group(2)


def _commands(value: Any, known: Sequence[str]) -> list[str] | None:
    """The commands allowed (None: all); `/relais` is always allowed, so never stored."""
    typed = value if isinstance(value, list) else re.split(r"[\s,]+", str(value or "").strip())
    words = [str(word).strip() for word in typed if str(word).strip()]
    if not words or [word.lower() for word in words] == ["all"]:
        return None
    offered = [name for name in known if name != ALWAYS_ALLOWED]
    chosen: list[str] = []
    for word in words:
        name = word if word.startswith("/") else f"/{word}"
        if name.lower() == ALWAYS_ALLOWED:
            continue
        picked = pick_name("commands", name, offered, what="command", hint="e.g. `commands=push,contact` or `all`")
        if picked not in chosen:
            chosen.append(picked)
    return [name for name in offered if name in chosen] or None


def check_settings(values: dict[str, Any], known_commands: Sequence[str]) -> dict[str, Any]:
    """Values (by option) → the ChannelSettings fields they set, or FieldErrors naming every bad option."""
    steps = {
        "sender": lambda: check_sender("sender", str(values.get("sender") or "")),
        "nature": lambda: pick_name("nature", str(values.get("nature") or ""), NATURES, what="nature"),
        "optout": lambda: _optout(values.get("optout")),
        "replies": lambda: _replies(values.get("replies")),
        "approval_recipients": lambda: _positive("approval_recipients", values.get("approval_recipients")),
        "approval_units": lambda: _positive("approval_units", values.get("approval_units")),
        "budget": lambda: _positive("budget", values.get("budget")),
        "rules": lambda: pick_name("rules", str(values.get("rules") or ""), RULES_SETS, what="rules set"),
        "commands": lambda: _commands(values.get("commands"), known_commands),
    }
    read = checked(*((option, steps[option]) for option in OPTIONS if option in values))
    return {OPTIONS[option]: value for option, value in read.items()}


def _shown(option: str, value: Any) -> str:
    if option == "sender":
        return f"`{value}`" if value else "the account's default"
    if option == "optout":
        return f"`{value}`" if value else "none"
    if option == "replies":
        return f"<#{value}>" if value else "the campaign's thread"
    if option in {"approval_recipients", "approval_units"}:
        unit = "recipients" if option == "approval_recipients" else "units"
        return f"more than {value:,} {unit}" if value else "no approval"
    if option == "budget":
        return f"{value:,} units a month" if value else "no budget"
    if option == "rules":
        return RULES_SETS.get(str(value), str(value))
    if option == "commands":
        return ", ".join(f"`{name}`" for name in value) + f" (and `{ALWAYS_ALLOWED}`)" if value else "all"
    return str(value)


def settings_pairs(settings: ChannelSettings) -> list[tuple[str, str]]:
    """Each setting in words: (label, value), for the read-only card."""
    return [(LABELS[option], _shown(option, value)) for option, value in settings_values(settings).items()]


def changes(before: ChannelSettings, after: ChannelSettings) -> list[str]:
    """What differs, in words: "Monthly budget: no budget → 5,000 units a month"."""
    old, new = settings_values(before), settings_values(after)
    return [
        f"{LABELS[option]}: {_shown(option, old[option])} → {_shown(option, new[option])}"
        for option in OPTIONS
        if old[option] != new[option]
    ]
