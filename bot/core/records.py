"""Records: the one owner of what Relais keeps in its store.

Every kind of record is declared once, as a ``RecordKind``: its key prefix, its typed model
and how long it is kept. Nothing else spells a storage key: code reads and writes a kind
through its ``Collection`` (get / add / put / update / delete / scan), and the hourly
housekeeping asks ``Records.sweep`` to drop what has outlived its retention, without
knowing any prefix. Declaring two kinds whose prefixes overlap is refused at start-up, so
one kind can never read another's records.

``Collection.update(id, fn)`` is the one compare-and-set loop: ``fn`` gets the current
record (or None) and returns the new one, or None to leave things as they are; a
concurrent writer makes it try again with what that writer stored.

Values are stored as the models dump them (JSON), so a record's stored shape is its
model's; ``RootModel`` keeps a one-value record (a timestamp, an id) as that bare value.

``Collection.on_change(fn)`` tells ``fn(id, record)`` (None: deleted) after each write this
process makes, so what shows records (the App Home) can follow them without its writers
knowing it; a listener that fails is logged, never fails the write.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from bot.core.store import MISSING, Store

__all__ = ["Collection", "RecordKind", "Records"]

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

#: Attempts of one update before giving up: each failed attempt means another writer won, so
#: this many in a row means something is rewriting the record in a loop.
_MAX_ATTEMPTS = 100


@dataclass(frozen=True)
class RecordKind(Generic[M]):
    """One kind of record: where it lives (``prefix``), its model, and how long it is kept.

    ``keep`` (seconds) counts from ``since(record)``, an epoch time, or None while the
    record must stay (e.g. a job still running). No ``keep``: kept until deleted.
    """

    prefix: str
    model: type[M]
    what: str
    keep: float | None = None
    since: Callable[[M], float | None] | None = None

    def __post_init__(self) -> None:
        if not self.prefix.endswith(":"):
            raise ValueError(f"record prefix {self.prefix!r} must end with ':'")
        if (self.keep is None) != (self.since is None):
            raise ValueError(f"{self.prefix}: give both keep and since, or neither")


class Collection(Generic[M]):
    """The records of one kind, read and written as models."""

    def __init__(self, store: Store, kind: RecordKind[M]) -> None:
        self._store = store
        self.kind = kind
        self._listeners: list[Callable[[str, M | None], None]] = []

    def on_change(self, listener: Callable[[str, M | None], None]) -> None:
        """Call ``listener(id, record)`` after every write of this collection (``None``: deleted)."""
        self._listeners.append(listener)

    def _changed(self, record_id: str, record: M | None) -> None:
        for listener in self._listeners:
            try:
                listener(record_id, record)
            except Exception:
                log.exception("%s: a listener failed on %s", self.kind.prefix, record_id)

    def key(self, record_id: str) -> str:
        return self.kind.prefix + record_id

    def get(self, record_id: str) -> M | None:
        raw = self._store.get(self.key(record_id))
        return None if raw is None else self.kind.model.model_validate(raw)

    def add(self, record_id: str, record: M) -> bool:
        """Store ``record`` only if none exists under ``record_id``; True if stored."""
        added = self._store.compare_and_set(self.key(record_id), MISSING, _dump(record))
        if added:
            self._changed(record_id, record)
        return added

    def put(self, record_id: str, record: M) -> None:
        self._store.put(self.key(record_id), _dump(record))
        self._changed(record_id, record)

    def delete(self, record_id: str) -> None:
        self._store.delete(self.key(record_id))
        self._changed(record_id, None)

    def update(self, record_id: str, change: Callable[[M | None], M | None]) -> M | None:
        """Apply ``change`` to the current record atomically; the record written, or None if none was."""
        key = self.key(record_id)
        for _ in range(_MAX_ATTEMPTS):
            raw = self._store.get(key, MISSING)
            current = None if raw is MISSING else self.kind.model.model_validate(raw)
            new = change(current)
            if new is None:
                return None
            if self._store.compare_and_set(key, raw, _dump(new)):
                self._changed(record_id, new)
                return new
        raise RuntimeError(f"{key}: rewritten by others {_MAX_ATTEMPTS} times in a row; giving up")

    def scan(self, *, start: str = "", reverse: bool = False, limit: int | None = None) -> Iterator[tuple[str, M]]:
        """(id, record) pairs in id order (or reversed), ids beginning with ``start``, at most ``limit``."""
        prefix = self.kind.prefix
        for key, raw in self._store.scan(prefix + start, reverse=reverse, limit=limit):
            yield key[len(prefix) :], self.kind.model.model_validate(raw)

    def sweep(self, now: float) -> int:
        """Delete the records whose retention has passed; how many were deleted."""
        keep, since = self.kind.keep, self.kind.since
        if keep is None or since is None:
            return 0
        expired = []
        for key, raw in self._store.scan(self.kind.prefix):
            try:
                record = self.kind.model.model_validate(raw)
            except ValidationError:
                # Left as it is: deleting what cannot be read could lose something still needed.
                log.warning("%s: a record no longer reads as %s; left in place", key, self.kind.model.__name__)
                continue
            if _expired(since(record), keep, now):
                expired.append(key)
        for key in expired:
            self._store.delete(key)
        return len(expired)


class Records:
    """Every declared kind of record over one store: the only way to the store's keys."""

    def __init__(self, store: Store, kinds: Iterable[RecordKind[Any]], *, clock: Callable[[], float] = time.time):
        self._store = store
        self._clock = clock
        self._collections: dict[str, Collection[Any]] = {}
        for kind in kinds:
            self._declare(kind)

    def _declare(self, kind: RecordKind[Any]) -> None:
        for prefix, existing in self._collections.items():
            if existing.kind is kind:
                return  # the same declaration reached us twice (a kind shared by two handler families)
            if prefix.startswith(kind.prefix) or kind.prefix.startswith(prefix):
                raise ValueError(f"record prefixes overlap: {kind.prefix!r} ({kind.what}) and {prefix!r}")
        self._collections[kind.prefix] = Collection(self._store, kind)

    def of(self, kind: RecordKind[M]) -> Collection[M]:
        collection = self._collections.get(kind.prefix)
        if collection is None or collection.kind is not kind:
            raise KeyError(f"record kind {kind.prefix!r} ({kind.what}) was not declared to the records layer")
        return collection

    @property
    def kinds(self) -> list[RecordKind[Any]]:
        return [collection.kind for collection in self._collections.values()]

    def sweep(self) -> dict[str, int]:
        """Drop every record past its retention; {prefix: how many} for the kinds that lost some."""
        now = self._clock()
        swept = {prefix: collection.sweep(now) for prefix, collection in self._collections.items()}
        return {prefix: count for prefix, count in swept.items() if count}


def _dump(record: BaseModel) -> Any:
    return record.model_dump(mode="json")


def _expired(since: float | None, keep: float, now: float) -> bool:
    return since is not None and now - since > keep
