"""The App Home's Axialys section: the last 10 calls placed from Relais, with their state (no vendor call)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.timezone import PARIS
from bot.slack.blockkit import context, section
from handlers.axialys.kit import AxialysKit, axialys
from handlers.axialys.records import CallRecord

__all__ = ["recent_calls", "recent_calls_section"]


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
    calls = recent_calls(kit, 10, asked_by=None if admin else user_id)
    if not calls:
        return [section("*Recent callbacks*\nNo call placed from Relais yet: try `/callback 06 12 34 56 78`.")]
    lines = [
        f"• `#{call.id_tracking}` {call.number} · {call.popup_name} · {call.state_shown} · "
        f"{datetime.fromtimestamp(call.placed_at, PARIS):%Y-%m-%d %H:%M}"
        for call in calls
    ]
    whose = "everyone's (you are an admin)" if admin else "the ones you asked for"
    return [section("*Recent callbacks*\n" + "\n".join(lines)), context(f"Axialys WebAppel · last 10 calls: {whose}")]
