"""The hourly sweep removes what each kind of record no longer needs, and nothing else."""

from __future__ import annotations

from pydantic import RootModel

from bot.core.audit import AUDIT, AuditEntry
from bot.core.housekeeping import sweep
from bot.core.jobs import ENDED_JOBS, Job
from bot.core.records import Records
from bot.core.safe_writes import WRITES, WriteRecord
from bot.core.store import MemoryStore
from bot.services import CORE_RECORDS
from bot.slack.app import SEEN_EVENTS
from bot.slack.output import POSTED_ONCE, OncePost
from bot.slack.pages import LISTINGS, Listing

NOW = 10_000_000.0
DAY = 86400.0


def _ended(created: float, ended: float) -> Job:
    return Job(id="j", kind="watch", next_run=created, created_at=created, ended_at=ended, state="done")


def test_sweep_removes_only_expired_records() -> None:
    store = MemoryStore()
    records = Records(store, CORE_RECORDS, clock=lambda: NOW)
    records.of(SEEN_EVENTS).put("old", RootModel[float](NOW - 2 * DAY))
    records.of(SEEN_EVENTS).put("new", RootModel[float](NOW - 60))
    records.of(LISTINGS).put("old", Listing(title="t", pages=[], count=0, created=NOW - 3 * DAY))
    records.of(LISTINGS).put("new", Listing(title="t", pages=[], count=0, created=NOW - 3600))
    records.of(POSTED_ONCE).put("old", OncePost(state="posted", channel="C", ts="1.0", at=NOW - 31 * DAY))
    records.of(POSTED_ONCE).put("new", OncePost(state="posted", channel="C", ts="1.0", at=NOW - DAY))
    old_write = WriteRecord(
        id="keep",
        kind="k",
        params={},
        user_id="U",
        channel_id="C",
        command="/x",
        title="t",
        preview=[],
        created_at=NOW - 90 * DAY,
        updated_at=NOW - 90 * DAY,
    )
    records.of(WRITES).put("keep", old_write)
    records.of(AUDIT).put(
        "1", AuditEntry(at=NOW - 900 * DAY, user_id="U", channel_id="C", command="", operation="", outcome="done")
    )
    records.of(ENDED_JOBS).put("old", _ended(NOW - 40 * DAY, NOW - 31 * DAY))
    # A long watch that ended recently is kept, whenever it began.
    records.of(ENDED_JOBS).put("long", _ended(NOW - 40 * DAY, NOW - DAY))
    assert sweep(records) == 3600.0
    kept = sorted(key for key, _ in store.scan(""))
    assert kept == ["action:keep", "audit:1", "event:new", "job-ended:long", "once:new", "pages:new"]


def test_a_record_that_no_longer_reads_is_left_alone_not_a_crash() -> None:
    store = MemoryStore()
    store.put("pages:broken", {"created": 0})  # written by an older version, say
    records = Records(store, CORE_RECORDS, clock=lambda: NOW)
    assert sweep(records) == 3600.0
    assert store.get("pages:broken") == {"created": 0}
