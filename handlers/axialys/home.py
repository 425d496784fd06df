"""The App Home's Axialys part: the last calls placed from Relais, each with Call back (and Cancel while it
waits), from Relais' own records (no vendor call). Drawn again whenever a call record changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.timezone import PARIS
from bot.slack.blockkit import context, section
from handlers.axialys.call_buttons import call_buttons
from handlers.axialys.kit import AxialysKit, axialys
from handlers.axialys.records import CALLS, CallRecord

__all__ = ["HOME_CALLS", "recent_calls", "recent_calls_section"]

HOME_CALLS = 8

axialys.home_follows(CALLS, owner=lambda call: call.user_id)


def recent_calls(kit: AxialysKit, limit: int = 10, *, asked_by: str | None = None) -> list[CallRecord]:
    """The newest calls placed from Relais; only those ``asked_by`` asked for, when given."""
    found: list[CallRecord] = []
    for _, id_tracking in kit.recent_calls.scan(reverse=True, limit=None if asked_by else limit):
        call = kit.calls.get(str(id_tracking.root))
        if call is not None and (asked_by is None or call.user_id == asked_by):
            found.append(call)
            if len(found) == limit:
                break
    return found


@axialys.home_section
def recent_calls_section(kit: AxialysKit, user_id: str) -> list[dict[str, Any]]:
    """Admins see everyone's calls; a member sees the calls they asked for (others' may be in private channels)."""
    admin = kit.roles.is_admin(user_id)
    calls = recent_calls(kit, HOME_CALLS, asked_by=None if admin else user_id)
    if not calls:
        return [section("*Recent callbacks*\nNo call placed from Relais yet: try `/callback 06 12 34 56 78`.")]
    whose = "everyone's (you are an admin)" if admin else "the ones you asked for"
    blocks = [section(f"*Recent callbacks* — last {len(calls)}, {whose}")]
    for call in calls:
        placed = datetime.fromtimestamp(call.placed_at, PARIS)
        line = f"`#{call.id_tracking}` {call.number} · {call.popup_name} · {call.state_shown}"
        blocks.append(section(f"{line} · {placed:%Y-%m-%d %H:%M}"))
        # The buttons of the call listings: Call back, Recording once answered, Cancel while it waits.
        blocks += call_buttons(call.id_tracking, call.id_popup, call.state, answered=call.answered, placed_here=True)
    blocks.append(
        context("Axialys WebAppel · Call back shows a new callback card first; nothing is placed before Send.")
    )
    return blocks
