"""Campaign follow-up at scale: folding acknowledgements, card edits per channel, final reports.

Run from the project root: ``python bench/deliveries.py``. Prints, with PASS / MISS:

1. 1,000,000 acknowledgement statuses folded into campaign counts (target ≤ 1 s);
2. chat.update calls for a 10-minute campaign: the watcher's own polls (5 s doubling to
   60 s) plus bursts of Refresh clicks, through the real ``SlackOut`` (target ≤ 1 edit per
   second per channel);
3. final reports posted when the watcher's last run happens 5 times (re-runs, a restart):
   exactly 1, through ``SlackOut.post_once``.
A measurement, not a test: it exits 0 whatever the result.
"""

from __future__ import annotations

import random
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.core.records import Records  # noqa: E402
from bot.core.store import MemoryStore  # noqa: E402
from bot.slack.output import POSTED_ONCE, SlackOut  # noqa: E402
from handlers.clever.delivery import fold_statuses  # noqa: E402
from handlers.clever.timing import FIRST_DELAY, MAX_DELAY  # noqa: E402

RECORDS = 1_000_000
CAMPAIGN_SECONDS = 600


class CountingSlack:
    """Stands for slack_sdk's WebClient: records when each chat.update / chat.postMessage happens."""

    def __init__(self) -> None:
        self.updates: list[float] = []
        self.posts = 0
        self.lock = threading.Lock()

    def chat_update(self, **_: Any) -> dict[str, Any]:
        with self.lock:
            self.updates.append(time.monotonic())
        return {"ok": True}

    def chat_postMessage(self, **_: Any) -> dict[str, Any]:
        with self.lock:
            self.posts += 1
            return {"ok": True, "ts": f"{self.posts}.000"}


def bench_fold() -> float:
    rng = random.Random(3)
    statuses = rng.choices(["2", "3", "4", "6"], weights=[10, 80, 5, 5], k=RECORDS)
    start = time.perf_counter()
    counts = fold_statuses(statuses, RECORDS)
    seconds = time.perf_counter() - start
    assert counts.final + counts.sent == RECORDS
    return seconds


def watcher_polls() -> int:
    elapsed, delay, polls = 0.0, FIRST_DELAY, 0
    while elapsed <= CAMPAIGN_SECONDS:
        polls += 1
        elapsed += delay
        delay = min(MAX_DELAY, delay * 2)
    return polls


def bench_edits() -> tuple[int, int, int]:
    """(edits asked, chat.update calls, the most calls in any 1-second window)."""
    slack = CountingSlack()
    out = SlackOut(slack, Records(MemoryStore(), [POSTED_ONCE]).of(POSTED_ONCE))  # type: ignore[arg-type]
    asked = 0
    # The watcher's polls are ≥ 5 s apart on the real timeline: each is one edit. Replay them 1.1 s apart
    # (the per-channel limit's window, so every poll's edit is due) with a burst of 30 Refresh clicks
    # after each, which is what the limit coalesces: the count is what a 10-minute campaign sends.
    for poll in range(watcher_polls()):
        out.update("CBENCH", "1.000", f"poll {poll}")
        asked += 1
        for click in range(30):
            out.update("CBENCH", "1.000", f"refresh {poll}.{click}")
            asked += 1
        time.sleep(1.1)
    out.flush(timeout=120)
    out.close()
    window = max(sum(1 for t in slack.updates if start <= t < start + 1.0) for start in slack.updates)
    return asked, len(slack.updates), window


def bench_final_reports() -> int:
    slack = CountingSlack()
    store = MemoryStore()
    for _ in range(5):
        out = SlackOut(slack, Records(store, [POSTED_ONCE]).of(POSTED_ONCE))  # type: ignore[arg-type]
        out.post_once("clever.final:PushBENCH", "CBENCH", "Final report", thread_ts="1.000")
        out.close()
    return slack.posts


def main() -> int:
    fold = bench_fold()
    asked, updates, per_second = bench_edits()
    finals = bench_final_reports()
    print(f"fold {RECORDS:,} acknowledgements: {fold:.3f}s ≤ 1s: {'PASS' if fold <= 1.0 else 'MISS'}")
    print(
        f"10-minute campaign: {watcher_polls()} watcher polls, {asked:,} edits asked, {updates} chat.update sent, "
        f"at most {per_second} in any second ≤ 1: {'PASS' if per_second <= 1 else 'MISS'}"
    )
    print(f"final reports after 5 runs of the last poll: {finals} == 1: {'PASS' if finals == 1 else 'MISS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
