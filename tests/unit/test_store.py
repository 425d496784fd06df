"""The store interface on both backends: get / put / compare-and-set / scan, threads, restarts, errors."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from bot.core.store import MISSING, MemoryStore, SqliteStore, Store, StoreError


@pytest.fixture(params=["sqlite", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    backend: Store = SqliteStore(tmp_path) if request.param == "sqlite" else MemoryStore()
    request.addfinalizer(backend.close)
    return backend


def test_get_put_delete(store: Store) -> None:
    assert store.get("a") is None and store.get("a", 1) == 1
    store.put("a", {"x": [1, 2]})
    assert store.get("a") == {"x": [1, 2]}
    store.delete("a")
    store.delete("a")
    assert store.get("a") is None


def test_compare_and_set(store: Store) -> None:
    assert store.compare_and_set("k", MISSING, {"state": "pending"})
    assert not store.compare_and_set("k", MISSING, {"state": "other"})
    assert not store.compare_and_set("k", {"state": "sending"}, {"state": "done"})
    assert store.compare_and_set("k", {"state": "pending"}, {"state": "sending"})
    assert store.get("k") == {"state": "sending"}
    assert not store.compare_and_set("absent", {"state": "x"}, 1)


def test_scan_by_prefix_in_order_reversed_and_limited(store: Store) -> None:
    for key in ["job:b", "job:a", "jobs", "job-ended:x", "action:1", "job:c"]:
        store.put(key, key)
    assert [k for k, _ in store.scan("job:")] == ["job:a", "job:b", "job:c"]
    assert [k for k, _ in store.scan("job:", reverse=True, limit=2)] == ["job:c", "job:b"]
    assert list(store.scan("zzz")) == []


def test_compare_and_set_has_one_winner_among_threads(store: Store) -> None:
    store.put("card", "pending")
    winners: list[int] = []
    barrier = threading.Barrier(16)

    def click(n: int) -> None:
        barrier.wait()
        if store.compare_and_set("card", "pending", f"sending-{n}"):
            winners.append(n)

    threads = [threading.Thread(target=click, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1


def test_sqlite_store_survives_a_restart(tmp_path: Path) -> None:
    first = SqliteStore(tmp_path)
    first.put("action:1", {"state": "done"})
    first.close()
    second = SqliteStore(tmp_path)
    assert second.get("action:1") == {"state": "done"}
    second.close()


def test_corrupt_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "relais.sqlite").write_bytes(b"garbage" * 1000)
    with pytest.raises(StoreError, match=r"cannot be opened.*move it aside"):
        SqliteStore(tmp_path)


def test_unwritable_directory_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match=r"RELAIS_DATA_DIR=.* is not writable"):
        SqliteStore(blocker / "data")


def test_a_second_process_on_the_same_data_dir_is_refused_clearly(tmp_path: Path) -> None:
    first = SqliteStore(tmp_path)
    with pytest.raises(StoreError, match=rf"in use by another Relais process \(pid {os.getpid()}\)"):
        SqliteStore(tmp_path)
    first.close()
    SqliteStore(tmp_path).close()  # free again once the first has stopped
