"""Hourly clean-up of the store: each kind of record says how long it is kept (``bot.core.records``).

Housekeeping knows no key: it asks the records layer to drop what has outlived its
retention (Slack retry markers after a day, listings after two, once-posts and ended jobs
after thirty). Safe writes are kept: an old card still shows "expired" when clicked.
"""

from __future__ import annotations

import logging

from bot.core.jobs import Job, JobKind
from bot.core.records import Records

__all__ = ["HOUSEKEEPING", "HOUSEKEEPING_JOB", "sweep"]

log = logging.getLogger(__name__)

HOUSEKEEPING_JOB = "relais.housekeeping"
EVERY_SECONDS = 3600.0


def sweep(records: Records, job: Job | None = None) -> float:
    """Delete expired records; returns the delay before the next sweep (a job function)."""
    removed = records.sweep()
    if removed:
        log.info("housekeeping removed expired records: %s", ", ".join(f"{n} {p}" for p, n in removed.items()))
    return EVERY_SECONDS


HOUSEKEEPING: JobKind[Records] = JobKind(sweep, reading="Relais' own store")
