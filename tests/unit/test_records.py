"""The records layer: one owner of the store's keys, typed records, one compare-and-set, retention."""

from __future__ import annotations

import threading

import pytest
from pydantic import BaseModel, RootModel

from bot.core.records import RecordKind, Records
from bot.core.store import MemoryStore


class Note(BaseModel):
    text: str
    count: int = 0
    at: float = 0.0


NOTES = RecordKind("note:", Note, "notes", keep=10.0, since=lambda note: note.at)
SEEN = RecordKind("seen:", RootModel[float], "seen markers", keep=5.0, since=lambda seen: seen.root)
KEPT = RecordKind("kept:", Note, "notes kept until deleted")


def test_records_are_read_and_written_as_models_under_their_kind_only() -> None:
    store = MemoryStore()
    notes = Records(store, [NOTES, SEEN]).of(NOTES)
    assert notes.add("a", Note(text="hello"))
    assert not notes.add("a", Note(text="again"))  # add never overwrites
    assert notes.get("a") == Note(text="hello")
    assert store.get("note:a") == {"text": "hello", "count": 0, "at": 0.0}
    notes.put("b", Note(text="b"))
    assert [record_id for record_id, _ in notes.scan()] == ["a", "b"]
    assert [record_id for record_id, _ in notes.scan(reverse=True, limit=1)] == ["b"]
    notes.delete("a")
    assert notes.get("a") is None


def test_a_one_value_record_is_stored_as_that_value() -> None:
    store = MemoryStore()
    seen = Records(store, [SEEN]).of(SEEN)
    seen.put("ev1", RootModel[float](12.5))
    assert store.get("seen:ev1") == 12.5


def test_update_applies_a_change_atomically_and_may_decline() -> None:
    notes = Records(MemoryStore(), [NOTES]).of(NOTES)
    assert notes.update("a", lambda current: None) is None
    created = notes.update("a", lambda current: current or Note(text="new"))
    assert created == Note(text="new")
    bumped = notes.update(
        "a", lambda current: current.model_copy(update={"count": current.count + 1}) if current else None
    )
    assert bumped is not None and bumped.count == 1


def test_concurrent_updates_lose_nothing() -> None:
    notes = Records(MemoryStore(), [NOTES]).of(NOTES)
    notes.put("n", Note(text="n"))

    def bump() -> None:
        for _ in range(200):
            notes.update("n", lambda note: note.model_copy(update={"count": note.count + 1}) if note else None)

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert notes.get("n") == Note(text="n", count=800)


def test_overlapping_or_undeclared_kinds_are_refused() -> None:
    with pytest.raises(ValueError, match="overlap"):
        Records(MemoryStore(), [NOTES, RecordKind("note:x:", Note, "clash")])
    with pytest.raises(KeyError, match="not declared"):
        Records(MemoryStore(), [NOTES]).of(SEEN)
    with pytest.raises(ValueError, match="end with ':'"):
        RecordKind("bad", Note, "no colon")


def test_sweep_drops_what_outlived_its_retention_and_keeps_the_rest() -> None:
    now = [100.0]
    records = Records(MemoryStore(), [NOTES, SEEN, KEPT], clock=lambda: now[0])
    records.of(NOTES).put("old", Note(text="old", at=80.0))
    records.of(NOTES).put("new", Note(text="new", at=95.0))
    records.of(SEEN).put("e", RootModel[float](94.0))
    records.of(KEPT).put("k", Note(text="k", at=0.0))
    assert records.sweep() == {"note:": 1, "seen:": 1}
    assert records.of(NOTES).get("new") is not None and records.of(KEPT).get("k") is not None
