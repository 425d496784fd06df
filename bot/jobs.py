"""Persisted periodic jobs: the watchers that follow campaigns and calls.

A job is a record in the store (``job:<id>``): its kind, parameters, its own progress
(``data``), and when it should run next. The scheduler's thread wakes every tick, claims
due jobs with a compare-and-set lease and runs them on the worker pool; the job function
returns the delay before its next run, or None when it is finished. Because everything
is in the store, jobs resume after a restart, ``kill -9`` included: leases left by a dead
process are released at start-up (Relais runs one process; see docs/decisions.md).

A job's final Slack post must go through ``SlackOut.post_once`` so that a job that runs
again after a crash does not post it twice.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from bot.store import MISSING, Store
from bot.worker import Worker

if TYPE_CHECKING:
    from bot.services import Services

__all__ = ["Job", "JobFunction", "Scheduler"]

log = logging.getLogger(__name__)

#: Runs the job once; returns seconds until the next run, or None when the job is finished.
JobFunction = Callable[["Services", "Job"], float | None]

LEASE_SECONDS = 300.0
FAILURE_BACKOFF_SECONDS = 30.0
MAX_CONSECUTIVE_FAILURES = 20


class Job(BaseModel):
    id: str
    kind: str
    params: dict[str, Any] = Field(default_factory=dict)
    data: dict[str, Any] = Field(default_factory=dict)  # the job's own progress, persisted after each run
    next_run: float
    runs: int = 0
    failures: int = 0
    state: str = "active"  # active | done | failed
    lease_until: float | None = None
    created_at: float
    ended_at: float | None = None


class Scheduler:
    def __init__(
        self,
        store: Store,
        worker: Worker,
        *,
        clock: Callable[[], float] = time.time,
        tick: float = 0.25,
    ) -> None:
        self._store = store
        self._worker = worker
        self._clock = clock
        self._tick = tick
        self._kinds: dict[str, JobFunction] = {}
        self._services: Services | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # Jobs queued or running in this process: never started again before they return, even
        # when they outlast their lease (a long final report, a queue behind busy workers).
        self._running: set[str] = set()
        self._running_lock = threading.Lock()

    def register(self, kind: str, fn: JobFunction) -> None:
        if kind in self._kinds:
            raise ValueError(f"job kind {kind} registered twice")
        self._kinds[kind] = fn

    def add(self, kind: str, params: dict[str, Any], *, job_id: str | None = None, delay: float = 0.0) -> Job:
        """Create a job (idempotent when ``job_id`` is given: an existing job is returned as is)."""
        if kind not in self._kinds:
            raise KeyError(f"no job kind {kind}")
        now = self._clock()
        job = Job(id=job_id or secrets.token_urlsafe(9), kind=kind, params=params, next_run=now + delay, created_at=now)
        exists = self._store.get(_ended_key(job.id)) is not None
        if exists or not self._store.compare_and_set(_key(job.id), MISSING, job.model_dump()):
            existing = self.get(job.id)
            assert existing is not None
            return existing
        return job

    def get(self, job_id: str) -> Job | None:
        raw = self._store.get(_key(job_id)) or self._store.get(_ended_key(job_id))
        return Job.model_validate(raw) if raw is not None else None

    def active(self) -> list[Job]:
        return [Job.model_validate(raw) for _, raw in self._store.scan("job:")]

    # -- running ------------------------------------------------------------------------------
    def start(self, services: Services) -> None:
        self._services = services
        self._release_stale_leases()
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="relais-scheduler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def run_due(self) -> int:
        """Claim every due job and hand it to the worker pool; returns how many were started."""
        started = 0
        now = self._clock()
        for key, raw in self._store.scan("job:"):
            if raw.get("state") != "active" or raw.get("next_run", 0) > now:
                continue
            lease = raw.get("lease_until")
            if lease is not None and lease > now:
                continue
            with self._running_lock:
                if raw.get("id") in self._running:
                    continue
                claimed = {**raw, "lease_until": now + LEASE_SECONDS}
                if not self._store.compare_and_set(key, raw, claimed):
                    continue
                self._running.add(claimed["id"])
            try:
                self._worker.submit(self._run, Job.model_validate(claimed))
            except Exception:
                with self._running_lock:
                    self._running.discard(claimed["id"])
                raise
            started += 1
        return started

    def _loop(self) -> None:
        while not self._stop.wait(self._tick):
            try:
                self.run_due()
            except Exception:
                log.exception("scheduler tick failed")

    def _run(self, job: Job) -> None:
        try:
            self._run_once(job)
        finally:
            with self._running_lock:
                self._running.discard(job.id)

    def _run_once(self, job: Job) -> None:
        assert self._services is not None, "Scheduler.start was not called"
        fn = self._kinds.get(job.kind)
        delay: float | None
        if fn is None:
            log.error("job %s has unknown kind %s; it stays parked", job.id, job.kind)
            self._save(job, state="failed")
            return
        try:
            delay = fn(self._services, job)
            job.failures = 0
        except Exception:
            job.failures += 1
            log.exception("job %s (%s) failed, attempt %d", job.id, job.kind, job.failures)
            delay = FAILURE_BACKOFF_SECONDS * min(job.failures, 10)
            if job.failures >= MAX_CONSECUTIVE_FAILURES:
                self._save(job, state="failed")
                return
        job.runs += 1
        if delay is None:
            self._save(job, state="done")
        else:
            self._save(job, state="active", next_run=self._clock() + max(0.0, delay))

    def _save(self, job: Job, *, state: str, next_run: float | None = None) -> None:
        updated = job.model_copy(update={"state": state, "lease_until": None})
        if next_run is not None:
            updated.next_run = next_run
        if state == "active":
            self._store.put(_key(job.id), updated.model_dump())
        else:
            # Ended jobs leave the "job:" range so that each tick scans only live ones.
            updated.ended_at = self._clock()
            self._store.put(_ended_key(job.id), updated.model_dump())
            self._store.delete(_key(job.id))

    def _release_stale_leases(self) -> None:
        for key, raw in self._store.scan("job:"):
            if raw.get("lease_until") is not None:
                self._store.compare_and_set(key, raw, {**raw, "lease_until": None})


def _key(job_id: str) -> str:
    return f"job:{job_id}"


def _ended_key(job_id: str) -> str:
    return f"job-ended:{job_id}"
