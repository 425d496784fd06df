"""The hourly sweep removes expired markers and nothing else."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from bot.core.housekeeping import DAY, sweep
from bot.core.store import MemoryStore

NOW = 10_000_000.0


def test_sweep_removes_only_expired_markers() -> None:
    store = MemoryStore()
    store.put("event:old", NOW - 2 * DAY)
    store.put("event:new", NOW - 60)
    store.put("pages:old", {"created": NOW - 3 * DAY})
    store.put("pages:new", {"created": NOW - 3600})
    store.put("once:old", {"state": "posted", "at": NOW - 31 * DAY})
    store.put("once:new", {"state": "posted", "at": NOW - DAY})
    store.put("action:keep", {"state": "pending", "created_at": NOW - 90 * DAY})
    store.put("job-ended:old", {"created_at": NOW - 40 * DAY, "ended_at": NOW - 31 * DAY})
    # A long watch that ended recently is kept, whenever it began.
    store.put("job-ended:long", {"created_at": NOW - 40 * DAY, "ended_at": NOW - DAY})
    services: Any = SimpleNamespace(store=store)
    assert sweep(services, now=NOW) == 3600.0
    kept = sorted(k for k, _ in store.scan(""))
    assert kept == ["action:keep", "event:new", "job-ended:long", "once:new", "pages:new"]
