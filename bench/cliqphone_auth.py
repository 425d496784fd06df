"""Cliqphone token lifecycle under a burst: 1,000 concurrent reads from a cold start.

Run from the project root: ``python bench/cliqphone_auth.py``. Against the Cliqphone
sandbox (``relais sandbox --vendor cliqphone``, in its own process so that the server
and the 1,000 client threads do not share one interpreter), it measures, side by side:

1. cold: a new client with no token, 1,000 reads (C2 ``GET /api/getallzone``) released
   together → how many logins it sent (target: exactly 1) and the latencies;
2. warm: a new client handed a token beforehand (from a separate login), the same
   1,000 reads → the latencies;
3. the p99 ratio cold/warm against its target, each target marked PASS or MISS.

A measurement, not a test: it exits 0 whether or not the targets are met.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bot.sandboxes.cliqphone.server import CliqphoneSandbox  # noqa: E402
from bot.vendors.cliqphone.client import CliqphoneClient  # noqa: E402
from bot.vendors.cliqphone.models import LoginAnswer  # noqa: E402

CREDENTIALS = CliqphoneSandbox.credentials

READS = 1000
THREADS = 1000  # one thread per read: all 1,000 are in flight together
RUNS = 5
TARGET_LOGINS = 1
TARGET_P99_RATIO = 1.5  # the single login may cost the burst at most half again its warm p99


def burst(client: CliqphoneClient) -> list[float]:
    """READS reads released at the same instant; their latencies in seconds."""
    gate = threading.Barrier(THREADS)

    def one(_: int) -> float:
        gate.wait()
        start = time.perf_counter()
        client.zones()
        return time.perf_counter() - start

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(one, range(READS)))


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


class CountingTransport(httpx.HTTPTransport):
    """Counts the logins (C1) that leave this process."""

    def __init__(self) -> None:
        super().__init__()
        self.logins = 0
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/auto":
            with self._lock:
                self.logins += 1
        return super().handle_request(request)


def new_client(url: str, transport: httpx.BaseTransport | None = None) -> CliqphoneClient:
    return CliqphoneClient(url, CREDENTIALS["CLIQPHONE_LOGIN"], CREDENTIALS["CLIQPHONE_PASSWORD"], transport=transport)


def measure(url: str) -> tuple[int, list[float], list[float]]:
    counting = CountingTransport()
    cold_client = new_client(url, counting)
    cold = burst(cold_client)
    cold_client.close()
    warm_client = new_client(url)
    warm_client.tokens.accept(LoginAnswer(token=new_client(url).authenticate()))
    warm = burst(warm_client)
    warm_client.close()
    return counting.logins, cold, warm


def start_sandbox() -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "sandbox", "--vendor", "cliqphone"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    first = process.stdout.readline()  # "cliqphone: http://127.0.0.1:PORT"
    return process, first.split(": ", 1)[1].strip()


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> int:
    process, url = start_sandbox()
    try:
        burst(new_client(url))  # warm-up: imports, threads, sockets
        results = [measure(url) for _ in range(RUNS)]
    finally:
        process.terminate()
        process.wait(timeout=10)
    print(f"Cliqphone: {READS:,} concurrent reads (C2) per burst, {THREADS} threads, {RUNS} runs, sandbox process")
    columns = ("logins (cold)", "cold p50", "cold p99", "warm p50", "warm p99", "p99 ratio")
    print(f"  {'run':<6}" + "".join(f"{c:>15}" if i == 0 else f"{c:>12}" for i, c in enumerate(columns)))
    ratios = []
    for run, (logins, cold, warm) in enumerate(results, 1):
        ratio = p99(cold) / p99(warm)
        ratios.append(ratio)
        print(
            f"  {run:<6}{logins:>15}{statistics.median(cold) * 1000:>10.1f}ms{p99(cold) * 1000:>10.1f}ms"
            f"{statistics.median(warm) * 1000:>10.1f}ms{p99(warm) * 1000:>10.1f}ms{ratio:>12.2f}"
        )
    worst_logins = max(logins for logins, _, _ in results)
    median_ratio = statistics.median(ratios)
    print()
    print("Targets")
    logins_ok = verdict(worst_logins == TARGET_LOGINS)
    print(f"  logins per cold burst (worst run): {worst_logins}   target = {TARGET_LOGINS}   {logins_ok}")
    print(
        f"  p99 cold / warm (median of runs):  {median_ratio:.2f}   target ≤ {TARGET_P99_RATIO}   "
        f"{verdict(median_ratio <= TARGET_P99_RATIO)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
