"""Which store a Relais process uses, and moving one into the other.

The embedded store (``bot.core.store.SqliteStore``) under ``RELAIS_DATA_DIR``, or the shared one on PostgreSQL
(``bot.core.pg_store.PostgresStore``) when ``RELAIS_DATABASE_URL`` is set; what ``/healthz`` says of it; and
``relais db copy``, from the first into the second.
"""

from __future__ import annotations

import logging
from pathlib import Path

from huey import Huey, SqliteHuey

from bot.core.store import SqliteStore, Store, StoreError

__all__ = [
    "JOB_QUEUE_FILE",
    "JOB_QUEUE_TABLES",
    "MAX_CLOCK_OFFSET",
    "check_clock",
    "copy_store",
    "open_job_queue",
    "open_store",
    "store_health",
]

log = logging.getLogger(__name__)

#: The embedded mode's job queue (Huey's SQLite storage), beside the store under ``RELAIS_DATA_DIR``.
JOB_QUEUE_FILE = "relais-jobs.sqlite"
#: The prefix of Huey's tables in the shared database (made by migration 0002, never by Huey itself).
JOB_QUEUE_TABLES = "relais_huey"
#: Seconds to open a connection to the queue's database before giving up (the keeper covers what is missed).
QUEUE_CONNECT_SECONDS = 2
#: A replica whose clock is further than this from the database's is said out of step (``/healthz``, the log):
#: job leases, edit slots and the post-once grace compare times written by different replicas.
MAX_CLOCK_OFFSET = 1.0
CLOCK_OUT_OF_STEP = "out of step with the database's: keep the replicas' clocks in step (NTP)"


def open_store(data_dir: Path, database_url: str | None = None) -> Store:
    """The shared store on PostgreSQL when ``database_url`` is given, else the embedded one under ``data_dir``."""
    if database_url:
        from bot.core.pg_store import PostgresStore  # psycopg loads only in shared mode (start-up time)

        return PostgresStore(database_url)
    return SqliteStore(data_dir)


def open_job_queue(data_dir: Path, database_url: str | None = None) -> Huey:
    """Where the jobs' runs to come are queued (``bot.core.jobs``): Huey on the shared PostgreSQL when
    ``database_url`` is given, else Huey's SQLite storage beside the embedded store."""
    if database_url:
        from huey.storage import PostgresStorage  # psycopg loads only in shared mode (start-up time)

        return Huey(
            "relais",
            results=False,
            storage_class=PostgresStorage,
            dsn=database_url,
            table_prefix=JOB_QUEUE_TABLES,
            create_tables=False,
            connect_timeout=QUEUE_CONNECT_SECONDS,
        )
    data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("relais", results=False, filename=str(data_dir / JOB_QUEUE_FILE))


def store_health(store: Store) -> dict[str, str]:
    """What ``/healthz`` says of the store: its mode, whether it answers and, shared, how far this replica's clock is
    from the database's (leases, edit pacing and post-once grace assume the replicas' clocks in step)."""
    offset = getattr(store, "clock_offset", None)
    if offset is None:
        return {"mode": "embedded", "status": "ok"}
    try:
        seconds = offset()
    except Exception as exc:
        return {"mode": "shared", "status": "unreachable", "error": type(exc).__name__}
    health = {"mode": "shared", "status": "ok", "clock_offset_seconds": f"{seconds:+.3f}"}
    if abs(seconds) > MAX_CLOCK_OFFSET:
        health["clock"] = CLOCK_OUT_OF_STEP
    return health


def check_clock(store: Store) -> float | None:
    """At a replica's start: its clock's offset from the database's, logged as a warning when out of step (None:
    embedded, or no answer)."""
    offset = getattr(store, "clock_offset", None)
    if offset is None:
        return None
    try:
        seconds = float(offset())
    except Exception:
        return None
    if abs(seconds) > MAX_CLOCK_OFFSET:
        log.warning("the database's clock is %+.1f s from this replica's: %s", seconds, CLOCK_OUT_OF_STEP)
    return seconds


def copy_store(data_dir: Path, url: str) -> int:
    """Copy every record of the embedded store under ``data_dir`` into the database at ``url`` (its schema made
    first), which must hold none yet; the number of records copied. The embedded store is left as it was.

    Relais must be stopped meanwhile: the embedded store's lock refuses a copy while a process uses it, and what
    is copied is then all there is (staged cards, jobs, de-dup keys: a campaign in flight is followed after the
    move as after a restart)."""
    if not (data_dir / "relais.sqlite").exists():
        raise StoreError(f"RELAIS_DATA_DIR={data_dir} holds no Relais store: nothing to copy")
    from bot.core.migrations import upgrade  # Alembic and psycopg load only for the shared store
    from bot.core.pg_store import PostgresStore, redacted

    upgrade(url)
    source, target = SqliteStore(data_dir), PostgresStore(url)
    try:
        if next(iter(target.scan("", limit=1)), None) is not None:
            raise StoreError(
                f"{redacted(url)} already holds Relais records: copy into an empty database, never over a live one"
            )
        copied = target.load(source.scan(""))  # one transaction: a copy cut short leaves the database empty
        there = sum(1 for _ in target.scan(""))
        if there != copied:
            raise StoreError(f"{copied:,} records copied but {there:,} found in {redacted(url)}: the copy is not whole")
        return copied
    finally:
        source.close()
        target.close()
