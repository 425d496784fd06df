"""The scheduler: a job never runs twice at once, whatever its lease says."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from bot.core.jobs import ENDED_JOBS, HEARTBEAT_SECONDS, JOBS, LEASE_SECONDS, Job, JobKind, Scheduler
from bot.core.records import Records
from bot.core.store import MemoryStore
from bot.core.worker import Worker


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
    for _ in range(4):  # a minute and more of heartbeats while the final report is written
        clock.now += HEARTBEAT_SECONDS
        first.renew_leases()
        assert second.run_due() == 0
    release.set()
    worker.wait_idle()
    assert records.of(JOBS).get("w1") is None and records.of(ENDED_JOBS).get("w1") is not None
