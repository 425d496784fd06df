"""The store interface on every backend (embedded, memory, PostgreSQL): get / put / compare-and-set / scan,
threads, restarts, errors."""

from __future__ import annotations

import logging
import os
import socket
import threading
from pathlib import Path

import pytest

from bot.core.backends import check_clock, store_health
from bot.core.migrations import upgrade
from bot.core.pg_store import PAGE, PostgresStore
from bot.core.store import MISSING, MemoryStore, SqliteStore, Store, StoreError, StoreUnavailable
from tests.postgres_support import PostgresServer


@pytest.fixture(params=["sqlite", "memory", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    backend: Store
    if request.param == "sqlite":
        backend = SqliteStore(tmp_path)
    elif request.param == "memory":
        backend = MemoryStore()
    else:
        backend = PostgresStore(request.getfixturevalue("database_url"))
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


def test_values_compare_as_json_and_keys_in_code_point_order(store: Store) -> None:
    store.put("k", {"b": 1, "a": [1.5, "é", None, True]})
    assert store.compare_and_set("k", {"a": [1.5, "é", None, True], "b": 1}, "next")  # key order does not matter
    for key in ["p:é", "p:z", "p:A", "p:a", "p:\u00ff", "p:\U0001f600", "p:"]:
        store.put(key, key)
    keys = [key for key, _ in store.scan("p:")]
    assert keys == sorted(keys) and len(keys) == 7


def test_a_scan_longer_than_a_page_reads_every_key_once_in_order(store: Store) -> None:
    keys = [f"row:{n:05d}" for n in range(PAGE * 2 + 7)]
    for key in reversed(keys):
        store.put(key, {"n": key})
    assert [key for key, _ in store.scan("row:")] == keys
    assert [key for key, _ in store.scan("row:", reverse=True)] == keys[::-1]
    assert [key for key, _ in store.scan("row:", limit=PAGE + 3)] == keys[: PAGE + 3]
    assert [key for key, _ in store.scan("row:", reverse=True, limit=PAGE + 3)] == keys[::-1][: PAGE + 3]


def test_a_database_without_the_schema_is_refused_with_what_to_run(postgres: PostgresServer) -> None:
    url = postgres.new_database()
    with pytest.raises(StoreError, match=r"has no Relais schema yet: run `relais db upgrade` first"):
        PostgresStore(url)
    upgrade(url)
    upgrade(url)  # a second upgrade finds it there and changes nothing
    PostgresStore(url).close()


def test_an_unreachable_database_is_a_clear_error_without_the_password(postgres: PostgresServer) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(StoreError, match=r"PostgreSQL does not answer") as refused:
        PostgresStore(f"postgresql://relais:s3cret@127.0.0.1:{port}/relais")
    assert "s3cret" not in str(refused.value)


def test_two_processes_compare_and_set_on_one_database_has_one_winner(database_url: str) -> None:
    first, second = PostgresStore(database_url), PostgresStore(database_url)
    try:
        first.put("card", "pending")
        assert second.compare_and_set("card", "pending", "sending-2")
        assert not first.compare_and_set("card", "pending", "sending-1")
        assert first.get("card") == "sending-2"
    finally:
        first.close()
        second.close()


class _SkewedStore(MemoryStore):
    """A shared store whose database's clock is ``offset`` seconds ahead (or raises, when it does not answer)."""

    def __init__(self, offset: float | Exception) -> None:
        super().__init__()
        self.offset = offset

    def clock_offset(self) -> float:
        if isinstance(self.offset, Exception):
            raise self.offset
        return self.offset


def test_healthz_and_the_log_say_when_a_replicas_clock_is_out_of_step(caplog: pytest.LogCaptureFixture) -> None:
    """Leases, edit slots and the post-once grace compare times that different replicas wrote."""
    assert store_health(_SkewedStore(0.004)) == {"mode": "shared", "status": "ok", "clock_offset_seconds": "+0.004"}
    skewed = store_health(_SkewedStore(-4.5))
    assert skewed["status"] == "ok" and skewed["clock_offset_seconds"] == "-4.500"
    assert "keep the replicas' clocks in step (NTP)" in skewed["clock"]
    unreachable = store_health(_SkewedStore(StoreUnavailable("no answer")))
    assert unreachable["status"] == "unreachable"
    assert store_health(MemoryStore()) == {"mode": "embedded", "status": "ok"}
    with caplog.at_level(logging.WARNING, logger="bot.core.backends"):
        assert check_clock(_SkewedStore(0.2)) == 0.2
        assert caplog.records == []
        assert check_clock(_SkewedStore(-4.5)) == -4.5
    assert "-4.5 s from this replica's" in caplog.text
    assert check_clock(MemoryStore()) is None and check_clock(_SkewedStore(StoreUnavailable("down"))) is None
