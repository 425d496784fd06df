"""The embedded store: a small key → JSON-value interface and its sqlitedict backend.

Everything that must survive a restart lives here: pending actions, jobs, audit entries,
processed event ids. Keys are namespaced strings (``action:…``, ``job:…``); values are
JSON-serialisable. The interface is deliberately small (get / put / delete /
compare-and-set / scan by prefix) so that another backend can replace this one.

Relais runs as one process with threads (see docs/decisions.md); a process-wide lock
makes compare-and-set atomic across those threads, and SQLite itself serialises the
writes of the backend's single connection thread.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Protocol

from sqlitedict import SqliteDict

__all__ = ["MISSING", "MemoryStore", "SqliteStore", "Store", "StoreError", "StoreUnavailable"]


class StoreError(Exception):
    """The store cannot be opened or written; the message says where and what to do."""


class StoreUnavailable(StoreError):
    """The shared store's database does not answer right now (it may come back): nothing was read or written."""


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


#: ``expected`` value for compare_and_set meaning "the key must not exist yet".
MISSING: Any = _Missing()


class Store(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...

    def put(self, key: str, value: Any) -> None: ...

    def delete(self, key: str) -> None: ...

    def compare_and_set(self, key: str, expected: Any, new: Any) -> bool:
        """Write ``new`` only if the current value equals ``expected`` (``MISSING``: absent); True if written."""
        ...

    def scan(self, prefix: str, *, reverse: bool = False, limit: int | None = None) -> Iterator[tuple[str, Any]]:
        """(key, value) pairs whose key starts with ``prefix``, in key order (or reversed), at most ``limit``."""
        ...

    def close(self) -> None: ...


class _CompareAndSet:
    """compare_and_set for any backend whose put and get run under the same re-entrant lock."""

    _lock: threading.RLock

    def get(self, key: str, default: Any = None) -> Any:
        raise NotImplementedError

    def put(self, key: str, value: Any) -> None:
        raise NotImplementedError

    def compare_and_set(self, key: str, expected: Any, new: Any) -> bool:
        with self._lock:
            current = self.get(key, MISSING)
            if (current is MISSING) != (expected is MISSING):
                return False
            if current is not MISSING and current != expected:
                return False
            self.put(key, new)
            return True


class SqliteStore(_CompareAndSet):
    """sqlitedict backend: one SQLite file, JSON values, committed on every write."""

    TABLE = "relais"

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "relais.sqlite"
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            probe = data_dir / ".write-probe"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise StoreError(
                f"RELAIS_DATA_DIR={data_dir} is not writable ({exc.strerror or exc}): "
                "point RELAIS_DATA_DIR to a directory this user can write"
            ) from None
        self._lock_file = _lock_exclusively(data_dir / "relais.lock")
        try:
            # Refuse a corrupt file before sqlitedict's worker thread swallows the error.
            with sqlite3.connect(self.path) as connection:
                (verdict,) = connection.execute("PRAGMA quick_check").fetchone()
            if verdict != "ok":
                raise sqlite3.DatabaseError(f"integrity check: {verdict}")
            self._db = SqliteDict(
                str(self.path),
                tablename=self.TABLE,
                autocommit=True,
                journal_mode="WAL",
                encode=json.dumps,
                decode=json.loads,
            )
            len(self._db)  # forces the connection: errors surface here, not on the first request
        except (sqlite3.DatabaseError, RuntimeError, OSError) as exc:
            self._lock_file.close()
            raise StoreError(
                f"the store {self.path} cannot be opened ({exc}): it is corrupt or not a Relais store; "
                "move it aside (Relais starts a new one) or restore it from a backup"
            ) from None
        self._lock = threading.RLock()

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self._db[key]
        except KeyError:
            return default

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._db[key] = value

    def delete(self, key: str) -> None:
        with self._lock, contextlib.suppress(KeyError):
            del self._db[key]

    def scan(self, prefix: str, *, reverse: bool = False, limit: int | None = None) -> Iterator[tuple[str, Any]]:
        # A range query on the primary key instead of a full iteration: "prefix" ≤ key < "prefix\U0010ffff".
        order = "DESC" if reverse else "ASC"
        query = f'SELECT key, value FROM "{self.TABLE}" WHERE key >= ? AND key < ? ORDER BY key {order} LIMIT ?'
        rows = list(self._db.conn.select(query, (prefix, prefix + "\U0010ffff", -1 if limit is None else limit)))
        for key, value in rows:
            yield key, json.loads(value)

    def close(self) -> None:
        self._db.close()
        self._lock_file.close()  # releases the lock


def _lock_exclusively(path: Path) -> IO[str]:
    """Hold ``path`` locked for as long as the store is open: one Relais process per data dir.

    Compare-and-set, leases and the recovery of interrupted sends are correct within one
    process only; a second process on the same directory (a deploy overlapping the old one,
    HTTP and Socket Mode started together) would send some writes twice.
    """
    handle = path.open("a+")
    try:
        import fcntl  # POSIX (Linux, macOS); elsewhere the rule is only documented
    except ImportError:
        return handle
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise StoreError(
            f"RELAIS_DATA_DIR={path.parent} is in use by another Relais process (pid {holder}): "
            "stop it first, or give this one its own RELAIS_DATA_DIR"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


class MemoryStore(_CompareAndSet):
    """The same interface in memory: for unit tests of components that need a store."""

    def __init__(self) -> None:
        self._data: dict[str, str] = {}
        self._lock = threading.RLock()

    def get(self, key: str, default: Any = None) -> Any:
        raw = self._data.get(key)
        return default if raw is None else json.loads(raw)

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._data[key] = json.dumps(value)

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)

    def scan(self, prefix: str, *, reverse: bool = False, limit: int | None = None) -> Iterator[tuple[str, Any]]:
        with self._lock:
            items = sorted(((k, v) for k, v in self._data.items() if k.startswith(prefix)), reverse=reverse)
        items = items if limit is None else items[:limit]
        for key, raw in items:
            yield key, json.loads(raw)

    def close(self) -> None:
        pass
