"""100,000 recipients in mixed formats, parsed, validated, deduplicated and costed.

Run from the project root: ``python bench/recipients.py``. Prints the time and the peak
memory of ``parse_phone_list`` + the unit estimate, beside a regex-only scan of the same
list (normalise, no validation), and PASS / MISS against the targets (≤ 1.5 s, ≤ 150 MB).
A measurement, not a test: it exits 0 whatever the result.
"""

from __future__ import annotations

import random
import re
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.rules.recipients import parse_phone_list  # noqa: E402
from handlers.clever.push_rules import estimate_units  # noqa: E402

COUNT = 100_000
TARGET_SECONDS, TARGET_MB = 1.5, 150.0


def mixed_list(seed: int = 7) -> list[str]:
    """French mobiles and landlines in every usual form, 2 % invalid, 5 % duplicates (measured-facts)."""
    rng = random.Random(seed)
    forms = ["0{}", "+33{}", "0033{}", "+33 {}", "0{} spaced", "33{}"]
    values: list[str] = []
    while len(values) < COUNT * 0.93:
        head = rng.choice(["60", "61", "62", "64", "65", "66", "67", "68", "73", "75", "77", "78", "14", "45", "53"])
        nsn = head + f"{rng.randrange(10**7):07d}"
        form = rng.choice(forms)
        if form.endswith("spaced"):
            text = "0" + nsn
            values.append(" ".join(text[i : i + 2] for i in range(0, 10, 2)))
        else:
            values.append(form.format(nsn))
    invalid = ["0639" + f"{rng.randrange(10**6):06d}", "0700" + f"{rng.randrange(10**6):06d}", "06123", "abc"]
    values += [rng.choice(invalid) for _ in range(int(COUNT * 0.02))]
    values += [rng.choice(values) for _ in range(COUNT - len(values))]
    rng.shuffle(values)
    return values


_REGEX = re.compile(r"(?:\+33|0033|33|0)([1-9]\d{8})")
_SEP = re.compile(r"[\s.\-/()\u00a0]")


def regex_only(values: list[str]) -> int:
    seen = set()
    for raw in values:
        match = _REGEX.fullmatch(_SEP.sub("", raw))
        if match:
            seen.add(match.group(1))
    return len(seen)


def relais(values: list[str]) -> tuple[int, int]:
    result = parse_phone_list(values)
    return len(result.valid), estimate_units("sms", result.valid, 1)


def timed(fn: object, values: list[str]) -> float:
    start = time.perf_counter()
    fn(values)  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> int:
    values = mixed_list()
    regex_seconds = min(timed(regex_only, values) for _ in range(3))
    first_seconds = timed(relais, values)  # includes filling the prefix table (once per process)
    relais_seconds = min(timed(relais, values) for _ in range(3))
    tracemalloc.start()
    valid, units = relais(values)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_mb = peak / 1e6
    print(f"{COUNT:,} recipients: {valid:,} valid, estimate {units:,} units")
    print(f"{'approach':<42} {'time':>8}")
    print(f"{'regex-only scan (normalise, no checks)':<42} {regex_seconds:>7.3f}s")
    ratio = relais_seconds / regex_seconds
    print(f"{'relais parse + validate + dedupe + cost':<42} {relais_seconds:>7.3f}s  ({ratio:.1f}x the regex scan)")
    print(f"{'relais, first run of the process':<42} {first_seconds:>7.3f}s")
    worst = max(first_seconds, relais_seconds)
    print(f"time  {worst:.3f}s ≤ {TARGET_SECONDS}s (first run): {'PASS' if worst <= TARGET_SECONDS else 'MISS'}")
    print(f"peak  {peak_mb:.1f} MB ≤ {TARGET_MB:.0f} MB (tracemalloc): {'PASS' if peak_mb <= TARGET_MB else 'MISS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
