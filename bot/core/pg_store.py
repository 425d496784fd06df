"""The shared store: the same key → JSON-value interface as the embedded one, on PostgreSQL.

Any number of Relais processes share one database (``RELAIS_DATABASE_URL``). Compare-and-set is done
by the database (one conditional ``INSERT`` or ``UPDATE``: the row is locked by the statement), so the
safe-write states, leases and post-once keys hold across processes as they hold across threads in the
embedded store. Values are ``jsonb``: compared as JSON (key order and ``1`` / ``1.0`` do not matter,
as for Python's ``==`` on what ``json.loads`` gives). Keys are ``text COLLATE "C"``: scanned in code-point
order, as the embedded store and ``sorted`` order them.

The schema is made by migrations only (``relais db upgrade``, ``bot.core.migrations``); opening a
database whose schema is missing or older than this code is refused with what to run.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterable, Iterator
from typing import Any

import psycopg
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool, PoolTimeout

from bot.core.migrations import check_schema
from bot.core.store import MISSING, StoreError, StoreUnavailable

__all__ = ["PAGE", "TABLE", "PostgresStore"]

log = logging.getLogger(__name__)

#: The records' table (created by migration 0001).
TABLE = "relais_records"
#: Rows read per query by ``scan``: a long scan never holds a connection, nor every row, at once.
PAGE = 500
#: How long opening the store waits for the database to answer.
CONNECT_SECONDS = 3.0
#: How long a request waits for a connection: well inside Slack's 3 s, which some reads (an access check, a
#: modal's inline checks) are part of.
REQUEST_SECONDS = 1.0
#: After the database failed to answer, every call fails at once for this long (then one tries again): a replica
#: without its database answers Slack at once instead of waiting on each read.
BREAK_SECONDS = 2.0


class PostgresStore:
    """The store on one PostgreSQL database, through a pool of connections in autocommit."""

    def __init__(self, url: str, *, max_connections: int = 20) -> None:
        self.url = url
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=max_connections,
            kwargs={"autocommit": True, "connect_timeout": int(CONNECT_SECONDS)},
            timeout=REQUEST_SECONDS,
            open=False,
            name="relais",
            # A connection is checked before it is handed out: after the database restarts, the pool's old
            # connections are dropped instead of failing one request each.
            check=ConnectionPool.check_connection,
        )
        self._down_until = 0.0
        try:
            self._pool.open(wait=True, timeout=CONNECT_SECONDS * 2)
        except PoolTimeout:
            self._pool.close()
            raise StoreError(
                f"RELAIS_DATABASE_URL={redacted(url)}: PostgreSQL does not answer; check the address, "
                "the credentials and that the server runs"
            ) from None
        try:
            with self._pool.connection() as connection:
                check_schema(connection)
        except StoreError:
            self._pool.close()
            raise

    @contextlib.contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        """A pooled connection; the database not answering is ``StoreUnavailable`` (at once for a while after)."""
        if time.monotonic() < self._down_until:
            raise StoreUnavailable("the database does not answer (tried moments ago)")
        try:
            with self._pool.connection() as connection:
                yield connection
        except (psycopg.OperationalError, psycopg.InterfaceError, PoolTimeout) as exc:
            self._down_until = time.monotonic() + BREAK_SECONDS
            log.warning("the database does not answer: %s", type(exc).__name__)
            raise StoreUnavailable(f"the database does not answer ({type(exc).__name__})") from None

    def _execute(self, query: str, params: tuple[Any, ...] = ()) -> None:
        """A statement whose rows are not read (the cursor does not outlive its pooled connection)."""
        with self._connection() as connection:
            connection.execute(query, params)

    def get(self, key: str, default: Any = None) -> Any:
        with self._connection() as connection:
            row = connection.execute(f"SELECT value FROM {TABLE} WHERE key = %s", (key,)).fetchone()
        return default if row is None else row[0]

    def put(self, key: str, value: Any) -> None:
        self._execute(
            f"INSERT INTO {TABLE} (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            (key, Jsonb(value)),
        )

    def delete(self, key: str) -> None:
        self._execute(f"DELETE FROM {TABLE} WHERE key = %s", (key,))

    def compare_and_set(self, key: str, expected: Any, new: Any) -> bool:
        with self._connection() as connection:
            if expected is MISSING:
                cursor = connection.execute(
                    f"INSERT INTO {TABLE} (key, value) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING", (key, Jsonb(new))
                )
            else:
                cursor = connection.execute(
                    f"UPDATE {TABLE} SET value = %s WHERE key = %s AND value = %s", (Jsonb(new), key, Jsonb(expected))
                )
            return cursor.rowcount == 1

    def scan(self, prefix: str, *, reverse: bool = False, limit: int | None = None) -> Iterator[tuple[str, Any]]:
        # Keyset pages on the primary key: "prefix" ≤ key < "prefix\U0010ffff", as the embedded store reads it;
        # each next page starts strictly after the last key read.
        low, high, after = prefix, prefix + "\U0010ffff", None
        left = limit
        while left is None or left > 0:
            size = PAGE if left is None else min(PAGE, left)
            if reverse:
                query = f"SELECT key, value FROM {TABLE} WHERE key >= %s AND key < %s ORDER BY key DESC LIMIT %s"
                params: tuple[Any, ...] = (low, high if after is None else after, size)
            elif after is None:
                query = f"SELECT key, value FROM {TABLE} WHERE key >= %s AND key < %s ORDER BY key LIMIT %s"
                params = (low, high, size)
            else:
                query = f"SELECT key, value FROM {TABLE} WHERE key > %s AND key < %s ORDER BY key LIMIT %s"
                params = (after, high, size)
            with self._connection() as connection:
                rows = connection.execute(query, params).fetchall()
            yield from ((str(key), value) for key, value in rows)
            if len(rows) < size:
                return
            after = str(rows[-1][0])
            if left is not None:
                left -= len(rows)

    def load(self, items: Iterable[tuple[str, Any]]) -> int:
        """Write every (key, value) of ``items`` in one transaction (all or none: ``relais db copy``); how many."""
        count = 0
        with self._connection() as connection, connection.transaction(), connection.cursor() as cursor:
            batch: list[tuple[str, Jsonb]] = []
            for key, value in items:
                batch.append((key, Jsonb(value)))
                if len(batch) == PAGE:
                    cursor.executemany(f"INSERT INTO {TABLE} (key, value) VALUES (%s, %s)", batch)
                    count, batch = count + len(batch), []
            if batch:
                cursor.executemany(f"INSERT INTO {TABLE} (key, value) VALUES (%s, %s)", batch)
                count += len(batch)
        return count

    def clock_offset(self) -> float:
        """Seconds the database's clock is ahead of this process's (negative: behind), against the middle of the
        round trip (``/healthz``, a replica's start). Raises ``StoreUnavailable`` if the database does not answer."""
        with self._connection() as connection:
            sent = time.time()
            row = connection.execute("SELECT extract(epoch FROM clock_timestamp())::float8").fetchone()
            received = time.time()
        assert row is not None
        return float(row[0]) - (sent + received) / 2

    def close(self) -> None:
        self._pool.close()


def redacted(url: str) -> str:
    """``url`` without its password (for messages and logs)."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "postgresql://…"
