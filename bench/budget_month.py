"""A budgeted channel's month at scale: what a push card reads to say "1,240 of 5,000 units used this month".

Run from the project root: ``python bench/budget_month.py [campaigns]`` (default 10,000 campaign records on
the embedded store, a quarter of them keeping 1,000 recipients for Duplicate, spread over a year and 20
channels). Prints, side by side in one run: reading every campaign at each card (as before the month was
kept) against the kept month (``handlers.clever.budgets``: one full read per channel and month, then one
record), and the ratio. A measurement, not a test: it exits 0 whatever the result.
"""

from __future__ import annotations

import functools
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.core.clock import Clock  # noqa: E402
from bot.core.records import Records  # noqa: E402
from bot.core.safe_writes import WRITES  # noqa: E402
from bot.core.store import SqliteStore  # noqa: E402
from bot.core.timezone import PARIS  # noqa: E402
from handlers.clever.budgets import committed, month_units, note_campaign  # noqa: E402
from handlers.clever.records import CAMPAIGNS, KINDS, MONTH_UNITS, Campaign  # noqa: E402

NOW = datetime(2026, 12, 20, 10, 0, tzinfo=PARIS)
CARDS = 20


def _populate(records: Records, count: int) -> None:
    campaigns = records.of(CAMPAIGNS)
    for i in range(count):
        created = NOW - timedelta(days=i % 365, minutes=i)
        listed = 1000 if i % 4 == 0 else 10
        campaigns.put(
            f"Push{i:08d}",
            Campaign(
                reference=f"Push{i:08d}",
                family="sms",
                channel="sms",
                channel_id=f"C{i % 20:02d}",
                created_at=created.timestamp(),
                units=7 * listed,
                recipients=listed,
                text="Soldes d'hiver : -20 % sur tout le magasin ce week-end. STOP au 36111",
                recipient_list=[f"+336{i % 100:02d}{j:06d}" for j in range(listed)],
            ),
        )


def _timed(fn: Any, times: int) -> tuple[float, Any]:
    started = time.perf_counter()
    answer = None
    for _ in range(times):
        answer = fn()
    return (time.perf_counter() - started) / times, answer


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp))
        records = Records(store, (*KINDS, WRITES))
        clock = Clock()
        clock.freeze(NOW)
        kit = SimpleNamespace(
            clock=clock,
            campaigns=records.of(CAMPAIGNS),
            month_units=records.of(MONTH_UNITS),
            writes=records.of(WRITES),
        )
        records.of(CAMPAIGNS).on_change(functools.partial(note_campaign, kit))
        started = time.perf_counter()
        _populate(records, count)
        print(f"{count:,} campaign records written in {time.perf_counter() - started:.1f} s (each noted in its month)")
        for _, month in records.of(MONTH_UNITS).scan():  # as after an upgrade: nothing read in full yet
            records.of(MONTH_UNITS).put(_, month.model_copy(update={"complete": False}))

        def every_campaign() -> int:
            return sum(month_units((c for _, c in kit.campaigns.scan()), "C01", NOW).values())

        before, expected = _timed(every_campaign, 3)
        first, built = _timed(lambda: committed(kit, "C01"), 1)  # type: ignore[arg-type]
        after, kept = _timed(lambda: committed(kit, "C01"), CARDS)  # type: ignore[arg-type]
        assert expected == built == kept, (expected, built, kept)
        print(f"every campaign read at each card : {before * 1000:9.1f} ms a card")
        print(f"the month read in full, once     : {first * 1000:9.1f} ms (the first card of a channel's month)")
        print(f"the kept month                   : {after * 1000:9.1f} ms a card")
        print(f"ratio (every campaign / kept)    : {before / after:9.0f}x   units this month: {kept:,}")
        store.close()


if __name__ == "__main__":
    main()
