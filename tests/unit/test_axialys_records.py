"""What the Axialys family keeps: the stored shapes of earlier versions, and the watcher's marker protocol."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from bot.core.jobs import Job
from bot.core.records import Records
from bot.core.store import MemoryStore
from handlers.axialys.call_watch import WATCH_KIND, ensure_watcher, watch
from handlers.axialys.kit import AxialysKit
from handlers.axialys.records import (
    CALL_WATCHERS,
    CALLS,
    KINDS,
    PENDING_CALLS,
    RECENT_CALLS,
    CallRecord,
    TrackingId,
    WatcherMarker,
    pending_id,
    recent_id,
)


def _call(**changes: Any) -> CallRecord:
    values: dict[str, Any] = {
        "id_tracking": 1234,
        "id_popup": 77,
        "popup_name": "Accueil",
        "number": "+33612345678",
        "destination": "FR_Mobile",
        "destination_label": "France mobile",
        "user_id": "U1",
        "channel_id": "C1",
        "placed_at": 1_700_000_000.5,
    }
    return CallRecord(**{**values, **changes})


def test_the_keys_and_values_are_those_earlier_versions_stored() -> None:
    store = MemoryStore()
    records = Records(store, KINDS)
    call = _call()
    records.of(CALLS).put(str(call.id_tracking), call)
    records.of(RECENT_CALLS).put(recent_id(call), TrackingId(call.id_tracking))
    records.of(PENDING_CALLS).put(pending_id(77, 1234), TrackingId(1234))
    records.of(CALL_WATCHERS).put("77", WatcherMarker(job_id="axialys.watch:77:ab", state="running"))
    assert store.get("axialys.call:1234")["number"] == "+33612345678"
    assert store.get("axialys.recent:1700000000.500000:1234") == 1234
    assert store.get("axialys.pending:77:000000001234") == 1234
    assert store.get("axialys.watcher:77") == {"job_id": "axialys.watch:77:ab", "state": "running"}


def test_a_call_stored_by_an_earlier_version_still_reads() -> None:
    store = MemoryStore()
    old = _call().model_dump(mode="json")
    del old["recorded"], old["card_ts"]
    store.put("axialys.call:1234", {**old, "price_per_minute": "0.12"})  # a key since dropped
    call = Records(store, KINDS).of(CALLS).get("1234")
    assert call is not None and call.recorded is False and call.card_ts == ""


def test_the_pending_calls_of_one_pop_up_are_not_those_of_another_whose_id_starts_alike() -> None:
    store = MemoryStore()
    pending = Records(store, KINDS).of(PENDING_CALLS)
    pending.put(pending_id(7, 1), TrackingId(1))
    pending.put(pending_id(77, 2), TrackingId(2))
    assert [marker.root for _, marker in pending.scan(start=pending_id(7))] == [1]


@dataclass
class FakeScheduler:
    """Just what the watcher asks of the scheduler: which jobs live, and adding or waking one."""

    live: set[str] = field(default_factory=set)
    added: list[str] = field(default_factory=list)
    woken: list[str] = field(default_factory=list)

    def get(self, job_id: str) -> Job | None:
        return Job(id=job_id, kind=WATCH_KIND, next_run=0, created_at=0) if job_id in self.live else None

    def add(self, kind: str, params: dict[str, Any], *, job_id: str) -> None:
        self.added.append(job_id)
        self.live.add(job_id)

    def wake(self, job_id: str) -> None:
        self.woken.append(job_id)


def _kit() -> tuple[AxialysKit, FakeScheduler]:
    records = Records(MemoryStore(), KINDS)
    scheduler = FakeScheduler()
    kit = AxialysKit(
        client=cast(Any, None),
        calls=records.of(CALLS),
        recent_calls=records.of(RECENT_CALLS),
        pending_calls=records.of(PENDING_CALLS),
        watchers=records.of(CALL_WATCHERS),
        out=cast(Any, None),
        slack=cast(Any, None),
        scheduler=cast(Any, scheduler),
        roles=cast(Any, None),
    )
    return kit, scheduler


def test_one_watcher_per_pop_up_woken_for_each_new_call_and_replaced_when_it_died() -> None:
    kit, scheduler = _kit()
    first = ensure_watcher(kit, 77)
    assert scheduler.added == [first] and kit.watchers.get("77") == WatcherMarker(job_id=first, state="running")
    assert ensure_watcher(kit, 77) == first and scheduler.woken == [first]  # running: woken, not doubled
    scheduler.live.clear()  # it died with its marker still "running"
    second = ensure_watcher(kit, 77)
    assert second != first and scheduler.added == [first, second]
    assert kit.watchers.get("77") == WatcherMarker(job_id=second, state="running")


def test_a_watcher_with_nothing_to_follow_marks_itself_ended_and_a_superseded_one_stops() -> None:
    kit, _ = _kit()
    job_id = ensure_watcher(kit, 77)
    job = Job(id=job_id, kind=WATCH_KIND, params={"id_popup": 77}, next_run=0, created_at=0)
    assert watch(kit, job) is None
    assert kit.watchers.get("77") == WatcherMarker(job_id=job_id, state="ended")
    newer = ensure_watcher(kit, 77)  # the next call starts a new job: the marker names it
    assert newer != job_id and watch(kit, job) is None
    assert kit.watchers.get("77") == WatcherMarker(job_id=newer, state="running")
