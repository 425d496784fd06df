"""Ack latency of ``/relais help`` under load, next to a bare Bolt app on the same server.

Run from the project root: ``python bench/ack.py``. One run measures, and prints side by side:

1. start-up of ``relais serve`` (launch → first 200 from ``GET /healthz``), three times;
2. 2,000 validly signed ``/relais help`` slash commands, 50 concurrent, against ``relais serve``;
3. the same load against a bare Bolt app whose only listener acks, served by the same
   server (waitress via ``bot.slack.server.ServerThread``, 16 threads) in its own process;
4. the p99 ratio relais/bare and the targets, each marked PASS or MISS.

It is a measurement, not a test: it exits 0 whether or not the targets are met.
Both servers talk to a loopback stand-in for Slack's Web API, started in this process,
which also counts the ``/relais help`` answers posted to the commands' response_url.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bot.console.driver import sign  # noqa: E402
from bot.sandboxes.slack import TEAM_ID, SlackStandIn  # noqa: E402

REQUESTS = 2000
CONCURRENCY = 50
WARMUP = 50
STARTUPS = 3
SERVER_THREADS = 16
STARTUP_TIMEOUT = 30.0
REQUEST_TIMEOUT = 10.0

TARGET_STARTUP = 1.0  # seconds, median of the start-ups
TARGET_P99_RATIO = 2.0  # relais p99 / bare p99
TARGET_P99 = 3.0  # seconds, relais p99

USER = "UALICE"
CHANNEL = "CBENCH"
VENDOR_PREFIXES = ("CLEVER_", "CLIQPHONE_", "AXIALYS_")


# -- the bare server (subprocess mode) ------------------------------------------------------------
def serve_bare(port: int, signing_secret: str) -> None:
    """A Bolt app whose only listener acks, on waitress through ``ServerThread`` (as Relais is served)."""
    from slack_bolt import Ack, App
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk import WebClient

    from bot.slack.server import ServerThread

    # Bolt ignores ``token=`` when a client is given (and then finds no token), and warns when SLACK_BOT_TOKEN
    # is set: the token goes in the client, out of the environment.
    app = App(
        signing_secret=signing_secret,
        token_verification_enabled=False,
        client=WebClient(token=os.environ.pop("SLACK_BOT_TOKEN"), base_url=os.environ["SLACK_API_URL"]),
    )

    @app.command("/relais")
    def _(ack: Ack) -> None:
        ack()

    ServerThread(SlackRequestHandler(app), port=port, threads=SERVER_THREADS).serve_forever()


# -- processes ----------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def child_env(token: str, secret: str, api_url: str, data_dir: Path) -> dict[str, str]:
    """This process's environment minus vendor and Slack settings, plus the bench's own."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(VENDOR_PREFIXES) and not k.startswith(("SLACK_", "RELAIS_")) and k != "PORT"
    }
    env.update(
        SLACK_BOT_TOKEN=token,
        SLACK_SIGNING_SECRET=secret,
        SLACK_API_URL=api_url,
        RELAIS_DATA_DIR=str(data_dir),
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
    )
    return env


class Child:
    """A server subprocess whose output goes to a log file (a full pipe would stall it)."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._log = self.log_path.open("wb")
        self.launched = time.perf_counter()
        self.proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self._log.close()

    def tail(self, lines: int = 20) -> str:
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])


def wait_until_up(child: Child, url: str, *, want: int | None) -> float:
    """Poll ``url`` until it answers (with status ``want`` if given); returns the seconds since launch."""
    deadline = child.launched + STARTUP_TIMEOUT
    with httpx.Client(timeout=1.0) as client:
        while time.perf_counter() < deadline:
            if child.proc.poll() is not None:
                raise RuntimeError(f"{child.name} exited with {child.proc.returncode}:\n{child.tail()}")
            try:
                status = client.get(url).status_code
            except httpx.TransportError:
                status = None
            if status is not None and (want is None or status == want):
                return time.perf_counter() - child.launched
            time.sleep(0.005)
    raise RuntimeError(f"{child.name} did not answer {url} within {STARTUP_TIMEOUT:.0f} s:\n{child.tail()}")


# -- load -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LoadResult:
    latencies: list[float]  # seconds, successful requests only
    failures: int
    wall: float
    server_cpu: float  # CPU seconds of the server process during the load
    bench_cpu: float  # CPU seconds of this process (load client + stand-in Slack) during the load

    @property
    def count(self) -> int:
        return len(self.latencies) + self.failures

    def pct(self, p: float) -> float:
        """Nearest-rank percentile of the successful latencies (nan when there are none)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(1, -(-len(ordered) * p // 100))  # ceil(n * p / 100)
        return ordered[int(rank) - 1]

    @property
    def cpus_busy(self) -> float:
        return (self.server_cpu + self.bench_cpu) / self.wall if self.wall else float("nan")

    @property
    def rate(self) -> float:
        return self.count / self.wall if self.wall else float("nan")


def slash_bodies(standin: SlackStandIn, n: int) -> list[bytes]:
    """``n`` form bodies of ``/relais help`` as Slack sends them, each with its own response_url."""
    bodies = []
    for _ in range(n):
        form = {
            "token": "deprecated-verification-token",
            "team_id": TEAM_ID,
            "team_domain": "relais",
            "channel_id": CHANNEL,
            "channel_name": "bench",
            "user_id": USER,
            "user_name": "alice",
            "command": "/relais",
            "text": "help",
            "api_app_id": "ABENCH",
            "is_enterprise_install": "false",
            "response_url": standin.new_response_url(CHANNEL, USER),
            "trigger_id": standin.new_trigger(USER),
        }
        bodies.append(urlencode(form).encode())
    return bodies


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` (Linux /proc; nan elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_load(events_url: str, secret: str, bodies: list[bytes], concurrency: int, server_pid: int) -> LoadResult:
    """POST every body (signed just before it is sent), ``concurrency`` at a time, one client per thread."""
    local = threading.local()
    clients: list[httpx.Client] = []
    clients_lock = threading.Lock()

    def client() -> httpx.Client:
        c: httpx.Client | None = getattr(local, "client", None)
        if c is None:
            c = httpx.Client(timeout=REQUEST_TIMEOUT)
            local.client = c
            with clients_lock:
                clients.append(c)
        return c

    def one(body: bytes) -> float | None:
        headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(secret, body)}
        http = client()
        start = time.perf_counter()
        try:
            response = http.post(events_url, content=body, headers=headers)
        except httpx.HTTPError:
            return None
        elapsed = time.perf_counter() - start
        return elapsed if response.status_code == 200 else None

    server_cpu, bench_cpu = cpu_seconds(server_pid), time.process_time()
    start = time.perf_counter()
    try:
        with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="load") as pool:
            results = list(pool.map(one, bodies))
    finally:
        wall = time.perf_counter() - start
        server_cpu, bench_cpu = cpu_seconds(server_pid) - server_cpu, time.process_time() - bench_cpu
        for c in clients:
            c.close()
    latencies = [r for r in results if r is not None]
    return LoadResult(latencies, len(results) - len(latencies), wall, server_cpu, bench_cpu)


def answers(standin: SlackStandIn) -> int:
    return len(standin.calls_to("response_url"))


def wait_answers(standin: SlackStandIn, target: int, timeout: float) -> int:
    """Wait until ``target`` answers reached the response_urls (or ``timeout``); returns the count."""
    with suppress(TimeoutError):
        standin.wait_for(lambda: answers(standin) >= target, timeout=timeout)
    return answers(standin)


# -- report -------------------------------------------------------------------------------------------
def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_report(startups: list[float], relais: LoadResult, bare: LoadResult, delivered: int) -> None:
    median = statistics.median(startups)
    print()
    print("Start-up: `relais serve` launch → first 200 from GET /healthz")
    print("  runs:   " + ", ".join(f"{s:.3f} s" for s in startups))
    print(f"  median: {median:.3f} s   target ≤ {TARGET_STARTUP:.0f} s   {verdict(median <= TARGET_STARTUP)}")
    print()
    print(
        f"Ack latency: {REQUESTS:,} signed `/relais help`, {CONCURRENCY} concurrent "
        f"(after {WARMUP} warm-up), waitress {SERVER_THREADS} threads"
    )
    rows = [
        ("", "relais serve", "bare Bolt (ack only)"),
        ("p50", ms(relais.pct(50)), ms(bare.pct(50))),
        ("p99", ms(relais.pct(99)), ms(bare.pct(99))),
        ("max", ms(relais.pct(100)), ms(bare.pct(100))),
        ("req/s", f"{relais.rate:,.0f}", f"{bare.rate:,.0f}"),
        ("failures", f"{relais.failures}", f"{bare.failures}"),
        ("server CPU", f"{relais.server_cpu:.2f} s", f"{bare.server_cpu:.2f} s"),
        ("bench CPU", f"{relais.bench_cpu:.2f} s", f"{bare.bench_cpu:.2f} s"),
        ("CPUs busy", f"{relais.cpus_busy:.2f}", f"{bare.cpus_busy:.2f}"),
    ]
    for label, left, right in rows:
        print(f"  {label:<12}{left:>12}{right:>24}")
    print("  CPU: used during the measured load; bench = this process (load client + stand-in Slack).")
    print(f"  CPUs busy = (server + bench CPU) / wall, of {os.cpu_count()}: near that, the machine is the ceiling.")
    print()
    print(f"Answers at the response_urls: {delivered:,} of {REQUESTS:,} (relais, measured requests)")
    print()
    ratio = relais.pct(99) / bare.pct(99)
    p99 = relais.pct(99)
    print("Targets")
    print(
        f"  p99 ratio relais/bare: {ratio:.2f}   target ≤ {TARGET_P99_RATIO:.0f}   {verdict(ratio <= TARGET_P99_RATIO)}"
    )
    print(f"  relais p99:            {ms(p99)}   target < {TARGET_P99:.0f} s   {verdict(p99 < TARGET_P99)}")


# -- main ---------------------------------------------------------------------------------------------
@contextmanager
def children() -> Iterator[list[Child]]:
    started: list[Child] = []
    try:
        yield started
    finally:
        for child in started:
            child.stop()


def bench() -> None:
    token = "xoxb-bench-" + secrets.token_hex(8)
    secret = secrets.token_hex(16)
    work = Path(tempfile.mkdtemp(prefix="relais-bench-"))
    standin = SlackStandIn(bot_token=token).start()
    try:
        with children() as started:

            def launch(name: str, argv: list[str]) -> Child:
                data_dir = work / name
                data_dir.mkdir()
                child = Child(name, argv, child_env(token, secret, standin.api_url, data_dir), work)
                started.append(child)
                return child

            startups: list[float] = []
            relais: Child | None = None
            port = 0
            for run in range(1, STARTUPS + 1):
                if relais is not None:
                    relais.stop()
                port = free_port()
                relais = launch(f"relais-{run}", [sys.executable, "-m", "bot", "serve", "--port", str(port)])
                startups.append(wait_until_up(relais, f"http://127.0.0.1:{port}/healthz", want=200))
                print(f"start-up {run}: {startups[-1]:.3f} s", flush=True)
            assert relais is not None

            print(f"relais serve: {WARMUP} warm-up + {REQUESTS:,} requests…", flush=True)
            events_url = f"http://127.0.0.1:{port}/slack/events"
            run_load(events_url, secret, slash_bodies(standin, WARMUP), CONCURRENCY, relais.proc.pid)
            # Let the warm-up's answers arrive, so only the measured requests are counted (and in flight) below.
            before = wait_answers(standin, WARMUP, timeout=30)
            relais_load = run_load(events_url, secret, slash_bodies(standin, REQUESTS), CONCURRENCY, relais.proc.pid)
            delivered = wait_answers(standin, before + REQUESTS, timeout=60) - before
            relais.stop()

            print(f"bare Bolt: {WARMUP} warm-up + {REQUESTS:,} requests…", flush=True)
            port = free_port()
            bare = launch("bare", [sys.executable, str(Path(__file__).resolve()), "--bare-server", str(port), secret])
            wait_until_up(bare, f"http://127.0.0.1:{port}/", want=None)
            events_url = f"http://127.0.0.1:{port}/slack/events"
            run_load(events_url, secret, slash_bodies(standin, WARMUP), CONCURRENCY, bare.proc.pid)
            bare_load = run_load(events_url, secret, slash_bodies(standin, REQUESTS), CONCURRENCY, bare.proc.pid)
            bare.stop()
    finally:
        standin.stop()
        shutil.rmtree(work, ignore_errors=True)
    print_report(startups, relais_load, bare_load, delivered)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--bare-server",
        nargs=2,
        metavar=("PORT", "SECRET"),
        help="internal: serve the bare Bolt app (SLACK_BOT_TOKEN and SLACK_API_URL from the environment)",
    )
    args = parser.parse_args()
    if args.bare_server:
        serve_bare(int(args.bare_server[0]), args.bare_server[1])
    else:
        bench()
    return 0


if __name__ == "__main__":
    sys.exit(main())
