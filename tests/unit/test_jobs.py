"""The scheduler: a job never runs twice at once, whatever its lease says."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.backends import open_job_queue
from bot.core.jobs import (
    ENDED_JOBS,
    JOBS,
    KEEPER_SECONDS,
    LEASE_SECONDS,
    STORE_RETRY_SECONDS,
    Job,
    JobKind,
    Scheduler,
)
from bot.core.records import Records
from bot.core.store import MemoryStore
from bot.core.worker import Worker
from tests.waiting import until


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def worker() -> Iterator[Worker]:
    pool = Worker(max_workers=4)
    yield pool
    pool.shutdown(wait=True)


def test_a_job_outlasting_its_lease_is_not_started_again_while_it_runs(worker: Worker) -> None:
    clock = Clock()
    records = Records(MemoryStore(), [JOBS, ENDED_JOBS])
    scheduler = Scheduler(records.of(JOBS), records.of(ENDED_JOBS), worker, FakeOut().post_once, clock=clock)
    release, entered = threading.Event(), threading.Event()
    runs: list[str] = []

    def slow(kit: object, job: Job) -> float | None:
        runs.append(job.id)
        entered.set()
        release.wait(5)
        return 10.0

    scheduler.register("slow", JobKind(slow), kit=None)
    scheduler.start()
    scheduler.stop()  # no background ticks: this test drives run_due itself
    scheduler.add("slow", {}, job_id="j1")
    assert scheduler.run_due() == 1
    assert entered.wait(5)
    clock.now += LEASE_SECONDS + 1  # the lease has run out, the job is still at work
    assert scheduler.run_due() == 0
    release.set()
    worker.wait_idle()
    assert runs == ["j1"]
    clock.now += 11
    assert scheduler.run_due() == 1  # once it has returned, it runs again when due
    worker.wait_idle()
    assert runs == ["j1", "j1"]


class FakeOut:
    """SlackOut's post_once as the scheduler uses it: one post per key."""

    def __init__(self) -> None:
        self.posts: dict[str, tuple[str, str, str | None]] = {}
        self.details: dict[str, str] = {}

    def post_once(self, key: str, channel: str, text: str, *, thread_ts: str | None = None, detail: str = "") -> str:
        self.posts.setdefault(key, (channel, text, thread_ts))
        self.details.setdefault(key, detail)
        return "1.0"

    def texts(self) -> list[str]:
        return [text for _, text, _ in self.posts.values()]


def _troubled_scheduler(
    clock: Clock, worker: Worker, outcomes: list[Exception | None], places: list[tuple[str, str]] | None = None
) -> tuple[Scheduler, FakeOut]:
    out = FakeOut()
    records = Records(MemoryStore(), [JOBS, ENDED_JOBS])
    scheduler = Scheduler(records.of(JOBS), records.of(ENDED_JOBS), worker, out.post_once, clock=clock)

    def reads_the_vendor(kit: object, job: Job) -> float | None:
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome
        return 5.0

    kind = JobKind(
        reads_the_vendor,
        reading="Clever Multimedias' delivery reports for this campaign",
        places=lambda kit, job: list(places) if places is not None else [("COPS", "111.222")],
    )
    scheduler.register("watch", kind, kit=None)
    scheduler.start()
    scheduler.stop()
    return scheduler, out


def _run_until_due(scheduler: Scheduler, clock: Clock, worker: Worker) -> Job:
    job = scheduler.get("w1")
    assert job is not None
    clock.now = max(clock.now, job.next_run)
    assert scheduler.run_due() == 1
    worker.wait_idle()
    after = scheduler.get("w1")
    assert after is not None
    return after


def test_a_failing_watcher_backs_off_to_15_minutes_tells_the_thread_once_and_again_when_it_recovers(
    worker: Worker,
) -> None:
    from bot.vendors.errors import VendorError

    clock = Clock()
    refusal = VendorError(
        "clever", "Clever Multimedias failed while processing the request", status=500, message="Boom"
    )
    outcomes: list[Exception | None] = [refusal] * 8 + [None, None]
    scheduler, out = _troubled_scheduler(clock, worker, outcomes)
    scheduler.add("watch", {}, job_id="w1")
    delays = []
    for _ in range(8):
        job = _run_until_due(scheduler, clock, worker)
        delays.append(job.next_run - clock.now)
    assert delays == [30, 60, 120, 240, 480, 900, 900, 900], "doubling from 30 s, never more than 15 minutes"
    assert job.state == "active" and job.trouble_since == 1_000_000.0
    assert [j.id for j in scheduler.in_trouble()] == ["w1"]
    (told,) = out.texts()
    assert told.startswith(
        ":hourglass: Relais cannot read Clever Multimedias' delivery reports for this campaign since"
    )
    assert "Clever Multimedias failed while processing the request" in told and "Boom" not in told
    assert list(out.details.values()) == ["clever, HTTP 500: Boom"], "the vendor's words on their own line"
    assert "It keeps trying" in told
    assert [thread for _, _, thread in out.posts.values()] == ["111.222"], "said in the card's thread"
    job = _run_until_due(scheduler, clock, worker)
    assert job.trouble_since is None and job.failures == 0 and scheduler.in_trouble() == []
    assert len(out.posts) == 2 and out.texts()[1].startswith(":white_check_mark: Relais can read Clever")
    _run_until_due(scheduler, clock, worker)
    assert len(out.posts) == 2, "each notice once"


def test_a_short_blip_is_not_told(worker: Worker) -> None:
    from bot.vendors.errors import VendorError

    clock = Clock()
    blip = VendorError("axialys", "Axialys WebAppel cannot be reached right now")
    scheduler, out = _troubled_scheduler(clock, worker, [blip, blip, None])
    scheduler.add("watch", {}, job_id="w1")
    for _ in range(3):
        job = _run_until_due(scheduler, clock, worker)
    assert out.posts == {} and job.trouble_since is None


def test_a_watcher_failing_for_two_days_is_parked_with_a_last_notice(worker: Worker) -> None:
    clock = Clock()
    scheduler, out = _troubled_scheduler(clock, worker, [RuntimeError("bug")] * 400)
    scheduler.add("watch", {}, job_id="w1")
    job = _run_until_due(scheduler, clock, worker)
    while job.state == "active":
        job = _run_until_due(scheduler, clock, worker)
    assert job.state == "failed"
    assert clock.now - 1_000_000.0 >= 48 * 3600
    texts = out.texts()
    assert len(texts) == 2
    assert "Relais itself failed while reading (the error is in its log)" in texts[0]
    assert texts[1].startswith(":warning: Relais stopped following this: it could not read Clever")
    assert [j.id for j in scheduler.in_trouble()] == ["w1"], "a parked watcher stays listed"
    clock.now += 8 * 24 * 3600
    assert scheduler.in_trouble() == [], "for a week"


def test_a_card_that_appears_while_the_watcher_fails_is_told_too_and_hears_the_recovery(worker: Worker) -> None:
    clock = Clock()
    cards = [("COPS", "1.1")]
    scheduler, out = _troubled_scheduler(clock, worker, [RuntimeError("down")] * 5 + [None], places=cards)
    scheduler.add("watch", {}, job_id="w1")
    for _ in range(3):
        _run_until_due(scheduler, clock, worker)
    assert [thread for _, _, thread in out.posts.values()] == ["1.1"]
    cards.append(("CSALES", "2.2"))  # a call placed on the same pop-up during the outage
    _run_until_due(scheduler, clock, worker)
    _run_until_due(scheduler, clock, worker)
    assert [thread for _, _, thread in out.posts.values()] == ["1.1", "2.2"], "each card told once"
    cards.clear()  # both calls ended meanwhile: the recovery still goes where the trouble was told
    _run_until_due(scheduler, clock, worker)
    recovered = [(channel, thread) for channel, text, thread in out.posts.values() if text.startswith(":white_check")]
    assert recovered == [("COPS", "1.1"), ("CSALES", "2.2")]


def test_a_dead_processs_job_is_taken_over_when_its_lease_runs_out_and_a_late_outcome_is_dropped(
    worker: Worker,
) -> None:
    clock = Clock()
    records = Records(MemoryStore(), [JOBS, ENDED_JOBS])
    release, entered = threading.Event(), threading.Event()
    seen: list[str] = []

    def stalled(kit: object, job: Job) -> float | None:  # the first process's run, stuck (then gone)
        entered.set()
        release.wait(5)
        job.data["by"] = "first"
        return 5.0

    def healthy(kit: object, job: Job) -> float | None:
        seen.append(job.id)
        job.data["by"] = "second"
        return 10.0

    first = Scheduler(records.of(JOBS), records.of(ENDED_JOBS), worker, FakeOut().post_once, clock=clock)
    second = Scheduler(records.of(JOBS), records.of(ENDED_JOBS), worker, FakeOut().post_once, clock=clock)
    first.register("watch", JobKind(stalled), kit=None)
    second.register("watch", JobKind(healthy), kit=None)
    first.add("watch", {}, job_id="w1")
    assert first.run_due() == 1 and entered.wait(5)
    clock.now += LEASE_SECONDS - 1
    assert second.run_due() == 0  # the lease still holds
    clock.now += 2
    assert second.run_due() == 1  # run out: taken over
    worker.wait_idle(timeout=1)
    assert seen == ["w1"]
    release.set()  # the stalled run ends after all: its outcome must not overwrite the newer one
    worker.wait_idle()
    job = records.of(JOBS).get("w1")
    assert job is not None and job.data["by"] == "second" and job.lease_owner == ""


def test_a_running_jobs_lease_is_renewed_so_nobody_takes_it_over(worker: Worker) -> None:
    clock = Clock()
    records = Records(MemoryStore(), [JOBS, ENDED_JOBS])
    release, entered = threading.Event(), threading.Event()

    def long_report(kit: object, job: Job) -> float | None:
        entered.set()
        release.wait(5)
        return None

    first = Scheduler(records.of(JOBS), records.of(ENDED_JOBS), worker, FakeOut().post_once, clock=clock)
    second = Scheduler(records.of(JOBS), records.of(ENDED_JOBS), worker, FakeOut().post_once, clock=clock)
    for scheduler in (first, second):
        scheduler.register("watch", JobKind(long_report), kit=None)
    first.add("watch", {}, job_id="w1")
    assert first.run_due() == 1 and entered.wait(5)
    for _ in range(13):  # a minute and more of keeper rounds while the final report is written
        clock.now += KEEPER_SECONDS
        first.renew_leases()
        assert second.run_due() == 0
    release.set()
    worker.wait_idle()
    assert records.of(JOBS).get("w1") is None and records.of(ENDED_JOBS).get("w1") is not None


def test_the_job_queue_runs_each_next_run_when_due_without_anyone_scanning(worker: Worker, tmp_path: Path) -> None:
    records = Records(MemoryStore(), [JOBS, ENDED_JOBS])
    queue = open_job_queue(tmp_path)
    scheduler = Scheduler(records.of(JOBS), records.of(ENDED_JOBS), worker, FakeOut().post_once, queue=queue)
    runs: list[float] = []

    def three_polls(kit: object, job: Job) -> float | None:
        runs.append(time.time())
        return None if len(runs) == 3 else 0.5

    scheduler.register("poll", JobKind(three_polls), kit=None)
    scheduler.add("poll", {}, job_id="p1", delay=0.5)
    assert queue.scheduled_count() == 1, "the first run waits in Huey's schedule, on disk"
    scheduler.start()
    try:
        until("the third run ending the job", lambda: records.of(ENDED_JOBS).get("p1") is not None, 10)
    finally:
        scheduler.close()
    assert len(runs) == 3 and all(b - a >= 0.5 for a, b in itertools.pairwise(runs)), "never early"
    assert queue.scheduled_count() == 0 and queue.pending_count() == 0, "a finished job leaves nothing queued"


def test_a_due_job_whose_task_was_lost_is_started_by_the_keeper(worker: Worker, tmp_path: Path) -> None:
    """Huey deletes a task when a worker takes it: a replica that dies with it loses it. The record is the truth."""
    records = Records(MemoryStore(), [JOBS, ENDED_JOBS])
    queue = open_job_queue(tmp_path)
    scheduler = Scheduler(records.of(JOBS), records.of(ENDED_JOBS), worker, FakeOut().post_once, queue=queue)
    runs: list[str] = []
    scheduler.register("once", JobKind(lambda kit, job: runs.append(job.id)), kit=None)
    now = time.time()
    records.of(JOBS).put("lost", Job(id="lost", kind="once", next_run=now - 60, created_at=now - 120))
    assert queue.scheduled_count() == 0 and queue.pending_count() == 0
    scheduler.start()
    try:
        until("the lost job run by the keeper", lambda: runs == ["lost"], 10)
    finally:
        scheduler.close()
    ended = records.of(ENDED_JOBS).get("lost")
    assert ended is not None and ended.state == "done"


def test_a_task_for_a_job_moved_since_does_nothing(worker: Worker, tmp_path: Path) -> None:
    """Waking a job queues a run now; the run it had scheduled for later then finds it not due, and lets it be."""
    records = Records(MemoryStore(), [JOBS, ENDED_JOBS])
    queue = open_job_queue(tmp_path)
    scheduler = Scheduler(records.of(JOBS), records.of(ENDED_JOBS), worker, FakeOut().post_once, queue=queue)
    runs: list[float] = []

    def every_hour(kit: object, job: Job) -> float | None:
        runs.append(time.time())
        return 3600.0

    scheduler.register("hourly", JobKind(every_hour), kit=None)
    scheduler.add("hourly", {}, job_id="h1", delay=1.0)
    scheduler.start()
    try:
        scheduler.wake("h1")
        until("the woken run", lambda: len(runs) == 1, 10)
        time.sleep(2.5)  # the task first scheduled for +1 s has fired by now
        assert len(runs) == 1, "the old task found the job due in an hour: nothing ran"
    finally:
        scheduler.close()
    job = scheduler.get("h1")
    assert job is not None and job.next_run > time.time() + 3000


def test_a_run_that_meets_its_own_database_down_is_no_vendor_failure(worker: Worker) -> None:
    """Relais' database, not the vendor: no failure counted, no "cannot read the vendor" notice, tried again soon."""
    from bot.core.store import StoreUnavailable

    clock = Clock()
    outcomes: list[Exception | None] = [StoreUnavailable("the database does not answer")] * 5 + [None]
    scheduler, out = _troubled_scheduler(clock, worker, outcomes)
    scheduler.add("watch", {}, job_id="w1")
    for _ in range(5):
        job = _run_until_due(scheduler, clock, worker)
        assert job.failures == 0 and job.trouble_since is None and job.lease_owner == ""
        assert job.next_run == clock.now + STORE_RETRY_SECONDS
    assert out.posts == {}
    assert _run_until_due(scheduler, clock, worker).runs == 1  # the database is back: the run counts
