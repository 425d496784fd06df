"""Vendor requests a day spent on what cannot end soon: a call that stays pending, a vendor that stays down.

Run from the project root: ``python bench/watch_load.py``. It replays, over 24 hours of
simulated time, the schedules the watchers follow (no network, no sleeping), before and
after issue 10, and prints the counts side by side:

1. one call whose state stays pending (an unknown state word before issue 10, which never
   ended a call; an empty state now): before, the pop-up was listed every 5 s for 24 h;
   now ``handlers.axialys.call_watch.poll_delay`` slows down as the call ages;
2. a vendor that cannot be read for 24 hours: before, a failing job retried 30 s × its
   failure count (at most 300 s) and was parked silently after 20 failures (about an
   hour, then nothing was followed any more); now ``bot.core.jobs`` backs off 30 s doubling to 15 min,
   tells the card's thread once after 3 failures and keeps trying for 48 hours.

Targets: (1) at least 20 times fewer requests; (2) fewer than 200 requests a day, no
silent parking, and still trying after 24 hours. It exits 0 whatever the outcome.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.core.jobs import (  # noqa: E402
    FAILURE_BACKOFF_SECONDS,
    GIVE_UP_AFTER_SECONDS,
    MAX_FAILURE_BACKOFF_SECONDS,
    TELL_AFTER_FAILURES,
)
from handlers.axialys.call_watch import POLL_SECONDS, poll_delay  # noqa: E402

DAY = 24 * 3600.0


def pending_call_polls(delay_for_age: Callable[[float], float]) -> int:
    age, polls = 0.0, 0
    while age < DAY:
        polls += 1
        age += delay_for_age(age)
    return polls


def failing_vendor_before() -> tuple[int, float]:
    """The scheduler before issue 10: 30 s × min(failures, 10), parked after 20 failures (no message)."""
    elapsed, failures = 0.0, 0
    while elapsed < DAY:
        failures += 1
        if failures >= 20:
            return failures, elapsed
        elapsed += 30.0 * min(failures, 10)
    return failures, elapsed


def failing_vendor_now() -> tuple[int, int]:
    elapsed, failures, told_at = 0.0, 0, 0
    while elapsed < DAY:
        failures += 1
        if failures == TELL_AFTER_FAILURES:
            told_at = failures
        elapsed += min(MAX_FAILURE_BACKOFF_SECONDS, FAILURE_BACKOFF_SECONDS * 2.0 ** min(failures - 1, 10))
    return failures, told_at


def main() -> None:
    before = pending_call_polls(lambda age: POLL_SECONDS)
    now = pending_call_polls(poll_delay)
    ratio = before / now
    print("1. one call pending for 24 h: appel_listing requests")
    print(
        f"   before {before:,} · now {now:,} · {ratio:.0f}x fewer · {'PASS' if ratio >= 20 else 'MISS'} (target ≥ 20x)"
    )
    tries_before, parked_after = failing_vendor_before()
    tries_now, told_at = failing_vendor_now()
    print("2. a vendor unreadable for 24 h: tries, and what people hear")
    print(
        f"   before {tries_before} tries, then parked silently after {parked_after / 3600:.1f} h "
        "(nothing followed any more, no message)"
    )
    still_trying = GIVE_UP_AFTER_SECONDS > DAY
    verdict = "PASS" if tries_now < 200 and told_at and still_trying else "MISS"
    print(
        f"   now {tries_now} tries in 24 h, told in the thread at try {told_at}, still trying after 24 h "
        f"(parked with a notice after {GIVE_UP_AFTER_SECONDS / 3600:.0f} h) · {verdict}"
    )


if __name__ == "__main__":
    main()
