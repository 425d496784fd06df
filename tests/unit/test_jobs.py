"""The scheduler: a job never runs twice at once, whatever its lease says."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from bot.jobs import LEASE_SECONDS, Job, Scheduler
from bot.store import MemoryStore
from bot.worker import Worker


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
    scheduler = Scheduler(MemoryStore(), worker, clock=clock)
    release, entered = threading.Event(), threading.Event()
    runs: list[str] = []

    def slow(services: Any, job: Job) -> float | None:
        runs.append(job.id)
        entered.set()
        release.wait(5)
        return 10.0

    scheduler.register("slow", slow)
    scheduler.start(services=object())  # type: ignore[arg-type]
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
