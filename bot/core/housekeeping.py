"""Hourly clean-up of the store: the markers that only matter for a while.

- ``event:<id>`` (de-duplication of Slack's retries): Slack retries within minutes; kept 1 day.
- ``pages:<id>`` (paginated listings): their buttons stop working after 24 hours; kept 2 days.
- ``once:<key>`` (exactly-once posts): kept 30 days, far beyond any watch window.
- ``job-ended:<id>``: kept 30 days (so that a finished watcher is not recreated meanwhile).
Pending actions are not deleted: an old card still shows "expired" when clicked.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.core.jobs import Job
    from bot.services import Services

__all__ = ["HOUSEKEEPING_JOB", "RETENTION_SECONDS", "sweep"]

log = logging.getLogger(__name__)

HOUSEKEEPING_JOB = "relais.housekeeping"
DAY = 86400.0
RETENTION_SECONDS: dict[str, float] = {"event:": DAY, "pages:": 2 * DAY, "once:": 30 * DAY, "job-ended:": 30 * DAY}
EVERY_SECONDS = 3600.0


def _stamp(prefix: str, value: Any) -> float | None:
    """When a marker was written (each kind keeps it in its own field)."""
    if prefix == "event:":
        return float(value) if isinstance(value, int | float) else None
    if prefix == "pages:":
        return float(value.get("created", 0)) if isinstance(value, dict) else None
    if prefix == "once:":
        return float(value.get("at", 0)) if isinstance(value, dict) else None
    if prefix == "job-ended:" and isinstance(value, dict) and value.get("ended_at"):
        return float(value["ended_at"])  # a long watch is kept 30 days after its end, not its start
    return float(value.get("created_at", 0)) if isinstance(value, dict) else None


def sweep(services: Services, job: Job | None = None, *, now: float | None = None) -> float:
    """Delete expired markers; returns the delay before the next sweep (a scheduler job function)."""
    current = time.time() if now is None else now
    removed = 0
    for prefix, keep in RETENTION_SECONDS.items():
        for key, value in list(services.store.scan(prefix)):
            stamp = _stamp(prefix, value)
            if stamp is not None and current - stamp > keep:
                services.store.delete(key)
                removed += 1
    if removed:
        log.info("housekeeping removed %d expired store entries", removed)
    return EVERY_SECONDS
