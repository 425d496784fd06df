"""How often, and for how long, a campaign is followed after it is sent (the watcher's rhythm)."""

from __future__ import annotations

__all__ = [
    "FIRST_DELAY",
    "LOST_DELAY",
    "MAX_DELAY",
    "REPLY_DELAY",
    "SCHEDULED_DELAY",
    "WATCH_WINDOW",
]

FIRST_DELAY, MAX_DELAY = 5.0, 60.0  # seconds between polls: 5, 10, 20, 40, 60, 60…
SCHEDULED_DELAY = 900.0  # at most this long between polls of a push waiting for its hd_send
LOST_DELAY = 900.0  # between polls of a push Clever answers 404 for (until the watch window ends)
WATCH_WINDOW = 24 * 3600.0  # after the send time; then the report says what is still pending
REPLY_DELAY = 600.0  # after the final report: replies (M23) are still read this often until the window ends
