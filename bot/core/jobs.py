"""Persisted periodic jobs: the watchers that follow campaigns and calls.

A job is a record in the store (``job:<id>``): its kind, parameters, its own progress
(``data``), and when it should run next. The job function returns the delay before its
next run, or None when it is finished.

Timing is Huey's (``huey``, a well-kept task engine): each run schedules the next as a Huey
task ``relais_run_job(job_id)`` in Huey's storage (SQLite beside the embedded store, or the
shared PostgreSQL), and the Huey consumer running inside each process (its scheduler thread
and workers) hands due tasks to whichever replica dequeues them first. The task claims the
job with a compare-and-set lease in the store and runs it on Relais' worker pool. The job
record and its lease stay the truth, because Huey's own locks have no expiry (a replica
killed holding one would hold it for ever) and Huey deletes a task when it is dequeued (a
task taken by a replica that dies is gone): a keeper thread renews the leases of the runs
in this process every ``KEEPER_SECONDS`` and starts any job overdue with no live lease,
so a dead replica's jobs are taken over within a minute. Because everything is stored, jobs
resume after a restart of everything, ``kill -9`` included. See docs/decisions.md.

A job's final Slack post must go through ``SlackOut.post_once`` so that a job that runs
again after a crash does not post it twice.

A job that fails (it cannot read its vendor, or a bug) is never dropped in silence: it
backs off (30 s doubling, at most 15 minutes between tries), says once in plain words in
the places its kind names (the card's thread) that Relais cannot read the vendor and keeps
trying, says again when it recovers, and is listed by ``/relais status`` meanwhile. Only
after two days of failures is it parked, and that too is said where people look.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, Generic, Protocol, TypeVar

from huey import Huey, MemoryHuey
from huey.consumer import Consumer
from pydantic import BaseModel, Field

from bot.core.errors import VendorError
from bot.core.records import Collection, RecordKind
from bot.core.store import StoreUnavailable
from bot.core.timezone import PARIS
from bot.core.worker import Worker

__all__ = ["ENDED_JOBS", "JOBS", "Job", "JobKind", "Place", "PostOnce", "Scheduler"]

log = logging.getLogger(__name__)

K = TypeVar("K")

#: Where a job's trouble notices go: (channel id, thread ts or "" for the channel itself).
Place = tuple[str, str]


class PostOnce(Protocol):
    """Posts a message at most once per key (``SlackOut.post_once``): how the scheduler tells of trouble.

    ``detail``: the vendor's own words, for the small line under the text (never inside it).
    """

    def __call__(
        self, key: str, channel: str, text: str, *, thread_ts: str | None = None, detail: str = ""
    ) -> object: ...


#: A running job's lease: renewed at every keeper round (``KEEPER_SECONDS``) while it runs, so a job whose process
#: died is taken over (by another replica, or this process restarted) within a minute: lease + one keeper round.
LEASE_SECONDS = 45.0
#: A job due this long without being claimed lost its Huey task (taken by a replica that died, never scheduled
#: after a crash, or a store copied without its queue): the keeper starts it. Above Huey's own delay (its
#: scheduler reads the schedule every second, its idle workers poll every half second at most).
OVERDUE_SECONDS = 3.0
#: The keeper's round: leases renewed, lost tasks found. A dead replica's job is free once its lease runs out and
#: started at the next round: 45 + 5 s at worst (measured 58 s with a 15 s round, bench/replicas.py). A round
#: reads the live job records once; renewals write only the runs in progress here.
KEEPER_SECONDS = 5.0
#: A run that met Relais' own database down is tried again this much later (not a failure: no backoff, no notice).
STORE_RETRY_SECONDS = 5.0
#: The Huey task that runs a job, by the name every replica knows it by.
RUN_TASK = "relais_run_job"
#: Huey worker threads per process: they only claim a job and hand it to Relais' pool, so two are plenty.
QUEUE_WORKERS = 2
FAILURE_BACKOFF_SECONDS = 30.0
MAX_FAILURE_BACKOFF_SECONDS = 15 * 60.0
#: Consecutive failures before people are told: the first retries are worth a minute's patience.
TELL_AFTER_FAILURES = 3
#: Failing for this long, a job is parked (with a last notice): nothing it follows lasts that long.
GIVE_UP_AFTER_SECONDS = 48 * 3600.0
#: A parked job stays listed by ``/relais status`` for a week (its record is kept 30 days).
PARKED_LISTED_SECONDS = 7 * 24 * 3600.0


@dataclass(frozen=True)
class JobKind(Generic[K]):
    """A kind of job, with ``K``: what its functions work with (their family's kit)."""

    #: Runs the job once; returns seconds until the next run, or None when the job is finished.
    fn: Callable[[K, Job], float | None]
    #: What the job reads, for its notices and /relais status: "Clever Multimedias' delivery reports".
    reading: str = "the vendor"
    #: Where to tell about trouble (the card's thread); None: the log and ``/relais status`` only.
    places: Callable[[K, Job], list[Place]] | None = None
    family: str = ""


@dataclass(frozen=True)
class _Registered(Generic[K]):
    kind: JobKind[K]
    kit: K


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
    #: The process (scheduler) holding the lease: only it renews it and saves the run's outcome.
    lease_owner: str = ""
    created_at: float
    ended_at: float | None = None
    #: Since when the job fails without a break, and why (in plain words; the vendor's own in
    #: ``trouble_detail``), or None.
    trouble_since: float | None = None
    trouble: str | None = None
    trouble_detail: str = ""
    #: Where the trouble was told: the recovery is told there too (the calls may have ended since).
    told_places: list[Place] = Field(default_factory=list)


#: Live jobs; ended ones move to ENDED_JOBS so that each tick reads only live ones.
JOBS = RecordKind("job:", Job, "live jobs (watchers)")
#: Kept 30 days after their end, so that a finished watcher is not created again meanwhile.
ENDED_JOBS = RecordKind(
    "job-ended:", Job, "ended jobs", keep=30 * 86400.0, since=lambda job: job.ended_at or job.created_at
)


class Scheduler:
    def __init__(
        self,
        jobs: Collection[Job],
        ended: Collection[Job],
        worker: Worker,
        post_once: PostOnce,
        *,
        queue: Huey | None = None,
        clock: Callable[[], float] = time.time,
        shared: bool = False,
        lease_seconds: float = LEASE_SECONDS,
    ) -> None:
        """``queue``: the Huey instance whose storage keeps the runs to come (``bot.core.backends.open_job_queue``);
        by default one in memory, for tests and tools that drive ``run_due`` themselves.

        ``shared``: other processes run jobs from the same store (PostgreSQL): a lease found at start-up may be
        a live replica's, so it is left to expire instead of being released."""
        self._jobs = jobs
        self._shared = shared
        self.lease_seconds = lease_seconds  # how long a lease lasts between heartbeats (tests shorten it)
        self._owner = secrets.token_hex(6)  # this scheduler, as the holder of the leases it takes
        self._ended = ended
        self._worker = worker
        self._post_once = post_once
        self._clock = clock
        self._kinds: dict[str, _Registered[Any]] = {}
        self._queue = queue if queue is not None else MemoryHuey("relais", results=False)
        self._run_task = self._queue.task(name=RUN_TASK)(self._task)
        self._consumer: Consumer | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # Jobs queued or running in this process: never started again before they return, even
        # when they outlast their lease (a long final report, a queue behind busy workers).
        self._running: set[str] = set()
        self._running_lock = threading.Lock()

    def register(self, kind: str, job_kind: JobKind[K], kit: K) -> None:
        """Run jobs of ``kind`` with ``kit`` (what its functions work with)."""
        if kind in self._kinds:
            raise ValueError(f"job kind {kind} registered twice")
        self._kinds[kind] = _Registered(job_kind, kit)

    def reading(self, kind: str) -> str:
        """What a job of ``kind`` reads, in words (for ``/relais status``)."""
        known = self._kinds.get(kind)
        return known.kind.reading if known is not None else kind

    def add(self, kind: str, params: dict[str, Any], *, job_id: str | None = None, delay: float = 0.0) -> Job:
        """Create a job (idempotent when ``job_id`` is given: an existing job is returned as is)."""
        if kind not in self._kinds:
            raise KeyError(f"no job kind {kind}")
        now = self._clock()
        job = Job(id=job_id or secrets.token_urlsafe(9), kind=kind, params=params, next_run=now + delay, created_at=now)
        if self._ended.get(job.id) is not None or not self._jobs.add(job.id, job):
            existing = self.get(job.id)
            assert existing is not None
            return existing
        self._schedule(job.id, job.next_run)
        return job

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id) or self._ended.get(job_id)

    def active(self) -> list[Job]:
        return [job for _, job in self._jobs.scan()]

    def wake(self, job_id: str) -> None:
        """Make a live job due now (a new call to follow should not wait out a long delay between looks)."""

        def due_now(job: Job | None) -> Job | None:
            now = self._clock()
            if job is None or job.state != "active" or job.next_run <= now:
                return None
            return job.model_copy(update={"next_run": now})

        if self._jobs.update(job_id, due_now) is not None:
            self._schedule(job_id, self._clock())

    def in_trouble(self) -> list[Job]:
        """Live jobs failing right now, and jobs parked after failing this last week (newest first)."""
        failing = [job for job in self.active() if job.trouble_since is not None]
        recent = self._clock() - PARKED_LISTED_SECONDS
        parked = [job for _, job in self._ended.scan() if job.state == "failed" and (job.ended_at or 0) >= recent]
        return sorted([*failing, *parked], key=lambda job: job.trouble_since or job.ended_at or 0, reverse=True)

    # -- running ------------------------------------------------------------------------------
    def start(self) -> None:
        """Start Huey's consumer (its scheduler thread and workers) and the keeper, in this process."""
        if not self._shared:  # one process per store: every lease found is a dead process's
            self._release_stale_leases()
        self._stop.clear()
        # Huey's own threads, started here rather than by ``Consumer.start``: that one installs signal handlers,
        # which only the main thread may do, and Relais' process already handles its signals.
        consumer = Consumer(
            self._queue,
            workers=QUEUE_WORKERS,
            periodic=False,
            initial_delay=0.1,
            max_delay=0.5,
            scheduler_interval=1,
            check_worker_health=False,
        )
        consumer.scheduler.start()
        for _, thread in consumer.worker_threads:
            thread.start()
        self._consumer = consumer
        self._thread = threading.Thread(target=self._keep, name="relais-job-keeper", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        consumer, self._consumer = self._consumer, None
        if consumer is not None:
            consumer.stop_flag.set()
            for thread in [consumer.scheduler, *(thread for _, thread in consumer.worker_threads)]:
                thread.join(timeout=5)  # a worker waits at most one read timeout (1 s) for the queue

    def close(self) -> None:
        """Let go of the queue's connection, once no run is left to schedule its next (the worker pool closed)."""
        self.stop()
        self._queue.storage.close()

    def run_due(self, *, overdue: float = 0.0) -> int:
        """Claim every job due (for ``overdue`` seconds at least) whose lease is free, and hand it to the worker
        pool; returns how many were started. The keeper's round, and how tests run what is due at once."""
        started = 0
        now = self._clock()
        for job_id, job in self._jobs.scan():
            if job.state != "active" or job.next_run > now - overdue:
                continue
            if job.lease_until is not None and job.lease_until > now:
                continue
            if self._claim(job_id, now, overdue):
                started += 1
        return started

    def _task(self, job_id: str) -> None:
        """Huey's task: run the job if it is due and free (per the store, which a wake or a takeover may have changed
        meanwhile; if it was rescheduled, the run that moved it scheduled its own task)."""
        self._claim(job_id, self._clock())

    def _claim(self, job_id: str, now: float, overdue: float = 0.0) -> bool:
        """Lease the job to this process and queue its run, if it is due (by ``overdue`` seconds at least), not
        leased elsewhere and not running here. One read and one compare-and-set."""
        with self._running_lock:  # reserved here first, so that the store is not asked under the lock
            if job_id in self._running:
                return False
            self._running.add(job_id)
        try:
            lease = partial(_lease, now=now, overdue=overdue, until=now + self.lease_seconds, owner=self._owner)
            claimed = self._jobs.update(job_id, lease)
            if claimed is not None:
                self._worker.submit(self._run, claimed)
                return True
        except BaseException:
            self._release(job_id)
            raise
        self._release(job_id)
        return False

    def _release(self, job_id: str) -> None:
        with self._running_lock:
            self._running.discard(job_id)

    def _schedule(self, job_id: str, at: float) -> None:
        """A Huey task for the job's run at ``at`` (Relais' clock). Never fatal: the keeper starts an overdue job
        whose task is missing."""
        delay = at - self._clock()
        try:
            if delay > 0:
                self._queue.add_schedule(self._run_task.s(job_id, delay=delay))
            else:
                self._queue.enqueue(self._run_task.s(job_id))
        except Exception:
            log.warning("job %s: its next run could not be queued; the keeper will start it", job_id, exc_info=True)

    def _keep(self) -> None:
        """At start, then every heartbeat: renew this process's leases, and start the jobs whose task was lost.

        The first round takes every due job with no live lease: what a dead process was running, or jobs copied
        from another store, whose tasks are gone."""
        store_down = False
        overdue = 0.0
        while not self._stop.is_set():
            try:
                self.renew_leases()
                self.run_due(overdue=overdue)
                overdue = OVERDUE_SECONDS
            except StoreUnavailable:
                if not store_down:  # said once per outage, not at every round
                    log.warning("jobs wait: the store's database does not answer")
                store_down = True
            except Exception:
                log.exception("job keeper round failed")
            else:
                if store_down:
                    log.info("jobs run again: the store's database answers")
                    store_down = False
            self._stop.wait(min(KEEPER_SECONDS, self.lease_seconds / 3))

    def renew_leases(self) -> None:
        """The leases of the jobs running here, extended (a long final report keeps its job; a dead process's jobs
        are free once their lease runs out)."""
        now = self._clock()
        with self._running_lock:
            running = list(self._running)
        until = now + self.lease_seconds
        for job_id in running:
            self._jobs.update(job_id, partial(_renewed, owner=self._owner, until=until))

    def _run(self, job: Job) -> None:
        try:
            self._run_once(job)
        finally:
            self._release(job.id)

    def _run_once(self, job: Job) -> None:
        registered = self._kinds.get(job.kind)
        delay: float | None
        if registered is None:
            # Only a deploy that dropped a kind gets here: nothing knows where its notices would go.
            log.error("job %s has unknown kind %s; it is parked (listed by /relais status)", job.id, job.kind)
            job.trouble_since, job.trouble = self._clock(), f"no code for jobs of kind {job.kind} in this version"
            self._save(job, state="failed")
            return
        kind = registered.kind
        try:
            delay = kind.fn(registered.kit, job)
        except StoreUnavailable:
            # Relais' own database, not the vendor: no failure counted, nothing said in the thread (the keeper
            # logs the outage once). The run is tried again shortly; what it read is read again then.
            self._wait_for_store(job)
            return
        except Exception as exc:
            self._failed(kind, job, exc)
            return
        job.runs += 1
        if job.trouble_since is not None:
            self._recovered(kind, job)
        job.failures = 0
        if delay is None:
            self._save(job, state="done")
        else:
            self._save(job, state="active", next_run=self._clock() + max(0.0, delay))

    # -- trouble --------------------------------------------------------------------------------
    def _failed(self, kind: JobKind[Any], job: Job, exc: Exception) -> None:
        """Back off, tell people once, park only after GIVE_UP_AFTER_SECONDS (and say so)."""
        now = self._clock()
        job.failures += 1
        job.runs += 1
        job.trouble_since = job.trouble_since or now
        job.trouble, job.trouble_detail = _reason(exc)
        if isinstance(exc, VendorError):
            log.warning("job %s (%s) cannot read %s, attempt %d: %s", job.id, job.kind, exc.vendor, job.failures, exc)
        else:
            log.exception("job %s (%s) failed, attempt %d", job.id, job.kind, job.failures)
        if now - job.trouble_since >= GIVE_UP_AFTER_SECONDS:
            hours = GIVE_UP_AFTER_SECONDS / 3600
            self._tell(
                kind,
                job,
                "parked",
                (
                    f":warning: Relais stopped following this: it could not read {kind.reading} "
                    f"for {hours:g} hours: {job.trouble}. Check with the vendor directly."
                ),
                detail=job.trouble_detail,
            )
            self._save(job, state="failed")
            return
        if job.failures >= TELL_AFTER_FAILURES:
            # Told once per place; a place that appeared meanwhile (a new call card) is told at the next failure.
            since = _clock_words(job.trouble_since, now)
            untold = [place for place in self._places(kind, job) if place not in job.told_places]
            job.told_places += self._tell(
                kind,
                job,
                "trouble",
                (
                    f":hourglass: Relais cannot read {kind.reading} since {since}: {job.trouble}. "
                    "It keeps trying and will say here when it can again."
                ),
                places=untold,
                detail=job.trouble_detail,
            )
        backoff = FAILURE_BACKOFF_SECONDS * 2.0 ** min(job.failures - 1, 10)
        self._save(job, state="active", next_run=now + min(MAX_FAILURE_BACKOFF_SECONDS, backoff))

    def _recovered(self, kind: JobKind[Any], job: Job) -> None:
        if job.told_places:
            now = self._clock()
            since = _clock_words(job.trouble_since or now, now)
            self._tell(
                kind,
                job,
                "recovered",
                f":white_check_mark: Relais can read {kind.reading} again (it could not since {since}) and carries on.",
                places=job.told_places,
            )
        job.trouble_since, job.trouble, job.trouble_detail, job.told_places = None, None, "", []

    def _places(self, kind: JobKind[Any], job: Job) -> list[Place]:
        try:
            return kind.places(self._kinds[job.kind].kit, job) if kind.places is not None else []
        except Exception:
            log.exception("job %s: finding where to tell failed", job.id)
            return []

    def _tell(
        self,
        kind: JobKind[Any],
        job: Job,
        what: str,
        text: str,
        places: list[Place] | None = None,
        *,
        detail: str = "",
    ) -> list[Place]:
        """Post ``text`` once in each of ``places`` (the job's own places by default); where it was posted.

        ``detail``: the vendor's words, for the line under ``text``."""
        if places is None:
            places = self._places(kind, job)
        told: list[Place] = []
        for channel, thread_ts in places:
            key = f"job.{what}:{job.id}:{int(job.trouble_since or 0)}:{channel}:{thread_ts}"
            try:
                self._post_once(key, channel, text, thread_ts=thread_ts or None, detail=detail)
                told.append((channel, thread_ts))
            except Exception:
                log.exception("job %s: telling %s about %s failed", job.id, channel, what)
        return told

    def _save(self, job: Job, *, state: str, next_run: float | None = None) -> None:
        """The run's outcome, if this scheduler still holds the job's lease: a run that outlived its lease (a
        stalled process) was taken over, and the newer run's progress stands."""
        updated = job.model_copy(update={"state": state, "lease_until": None, "lease_owner": ""})
        if next_run is not None:
            updated.next_run = next_run
        if state != "active":
            updated.ended_at = self._clock()
        held = self._jobs.update(job.id, partial(_still_held, owner=self._owner, updated=updated))
        if held is None:
            log.warning("job %s was taken over by another process: this run's outcome is dropped", job.id)
            return
        if state == "active":
            self._schedule(job.id, updated.next_run)
        else:
            # Ended jobs leave the live range so that each tick scans only live ones.
            self._ended.put(job.id, updated)
            self._jobs.delete(job.id)

    def _wait_for_store(self, job: Job) -> None:
        """Free the job's lease and make it due again in ``STORE_RETRY_SECONDS``; if the database does not answer
        that either, the lease runs out by itself and the keeper starts the job once it answers."""
        retry_at = self._clock() + STORE_RETRY_SECONDS
        try:
            waiting = self._jobs.update(job.id, partial(_retry_later, owner=self._owner, at=retry_at))
        except StoreUnavailable:
            return
        if waiting is not None:
            self._schedule(job.id, retry_at)

    def _release_stale_leases(self) -> None:
        for job_id, job in self._jobs.scan():
            if job.lease_until is not None:
                self._jobs.update(job_id, partial(_released, seen=job))


def _lease(current: Job | None, now: float, overdue: float, until: float, owner: str) -> Job | None:
    """The job leased to ``owner`` until ``until``, if it is live, due (by ``overdue`` at least) and not leased."""
    if current is None or current.state != "active" or current.next_run > now - overdue:
        return None
    if current.lease_until is not None and current.lease_until > now:
        return None
    return current.model_copy(update={"lease_until": until, "lease_owner": owner})


def _renewed(current: Job | None, owner: str, until: float) -> Job | None:
    """The lease extended, if ``owner`` still holds it."""
    if current is None or current.lease_owner != owner or current.lease_until is None:
        return None
    return current.model_copy(update={"lease_until": until})


def _still_held(current: Job | None, owner: str, updated: Job) -> Job | None:
    """``updated`` in place of the job, if ``owner`` still holds its lease."""
    return updated if current is not None and current.lease_owner == owner else None


def _retry_later(current: Job | None, owner: str, at: float) -> Job | None:
    """The job as stored (this run's progress dropped), its lease freed and due at ``at``, if ``owner`` holds it."""
    if current is None or current.lease_owner != owner:
        return None
    return current.model_copy(update={"lease_until": None, "lease_owner": "", "next_run": at})


def _released(current: Job | None, seen: Job) -> Job | None:
    if current is None or current != seen:
        return None
    return current.model_copy(update={"lease_until": None, "lease_owner": ""})


def _reason(exc: Exception) -> tuple[str, str]:
    """Why a job failed: in plain words, and the vendor's own when it is a vendor's answer (never a URL or secret)."""
    if isinstance(exc, VendorError):
        return exc.plain, exc.detail
    return "Relais itself failed while reading (the error is in its log)", ""


def _clock_words(timestamp: float, now: float) -> str:
    """10:02 today, else 4 Dec 10:02 (Paris time, as every card)."""
    moment = datetime.fromtimestamp(timestamp, PARIS)
    today = datetime.fromtimestamp(now, PARIS).date()
    return f"{moment:%H:%M}" if moment.date() == today else f"{moment.day} {moment:%b %H:%M}"
