"""The opt-out list: numbers that asked not to receive promotional campaigns, keyed by E.164.

A number gets on it by replying an opt-out word to a campaign (``bot.rules.stop_words``, read by
``handlers.clever.replies``) or by `/contact optout add` (``handlers.clever.contact_optouts``); it
leaves it only by `/contact optout remove` (admins, with a reason). The functions here are the one
way to read and change it: the push card drops opted-out numbers through ``opted_out``. They do not
audit: their callers do (a command through ``ctx.audited_write``, the watcher through the audit log),
since only they know who asked and where.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from bot.core.timezone import PARIS
from handlers.clever.kit import CleverKit
from handlers.clever.records import OptOut

__all__ = [
    "add_optout",
    "all_optouts",
    "is_opted_out",
    "listed_numbers",
    "opted_out",
    "optout_how",
    "optout_since",
    "optout_words",
    "remove_optout",
]


def is_opted_out(kit: CleverKit, e164: str) -> bool:
    """Whether ``e164`` (``+33612345678``) is on the opt-out list."""
    return kit.optouts.get(e164) is not None


#: Up to this many numbers, each is looked up; beyond, the list is read once (100,000 lookups on the embedded
#: store take 7.5 s, reading a 2,000-number list 17 ms).
LOOKUPS = 50


def listed_numbers(kit: CleverKit) -> set[str]:
    """Every number on the opt-out list (E.164), read at once."""
    return {e164 for e164, _ in kit.optouts.scan()}


def opted_out(kit: CleverKit, numbers: Sequence[str]) -> list[str]:
    """The numbers of ``numbers`` (E.164) on the opt-out list, once each, in the order given."""
    if len(numbers) > LOOKUPS:
        listed = listed_numbers(kit)
        return list(dict.fromkeys(number for number in numbers if number in listed))
    found: dict[str, None] = {}
    for number in numbers:
        if number not in found and is_opted_out(kit, number):
            found[number] = None
    return list(found)


def add_optout(
    kit: CleverKit,
    e164: str,
    *,
    source: Literal["reply", "slack"],
    said: str = "",
    reason: str = "",
    by: str = "",
    campaign: str = "",
    channel_id: str = "",
) -> bool:
    """Put ``e164`` on the list; False (and nothing changed) when it already is: a number is listed once."""
    entry = OptOut(
        e164=e164,
        at=kit.clock.now().timestamp(),  # Relais clock: what the list says "since"
        source=source,
        said=said,
        reason=reason,
        by=by,
        campaign=campaign,
        channel_id=channel_id,
    )
    return kit.optouts.add(e164, entry)


def remove_optout(kit: CleverKit, e164: str) -> OptOut | None:
    """Take ``e164`` off the list; what it was listed with, or None when it was not listed."""
    found = kit.optouts.get(e164)
    if found is not None:
        kit.optouts.delete(e164)
    return found


def all_optouts(kit: CleverKit) -> list[OptOut]:
    """The whole list, most recent first."""
    return sorted((entry for _, entry in kit.optouts.scan()), key=lambda entry: entry.at, reverse=True)


def optout_words(entry: OptOut) -> str:
    """ "since 2026-12-07 10:00 · replied “Stop !” to campaign `Push…`": when and how a number got on the list."""
    return f"since {optout_since(entry)} · {optout_how(entry)}"


def optout_how(entry: OptOut) -> str:
    """How a number got on the list, in words."""
    if entry.source == "reply":
        return f"replied “{entry.said}” to campaign `{entry.campaign}`"
    return f"added by <@{entry.by}>" + (f": {entry.reason}" if entry.reason else "")


def optout_since(entry: OptOut) -> str:
    """When it got on the list, Paris time: "2026-12-07 10:00"."""
    return datetime.fromtimestamp(entry.at, PARIS).strftime("%Y-%m-%d %H:%M")
