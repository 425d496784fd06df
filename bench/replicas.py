"""Relais replicas on one PostgreSQL (issue 15, item 6): ack latency, 1,000 watchers, 100,000 recipients.

Run from the project root: ``python bench/replicas.py`` (about 4 minutes; ``--quick``: about 2 minutes,
smaller figures). It starts a PostgreSQL server of its own (``tests.postgres_support``: ``initdb`` / ``pg_ctl`` in
a temporary directory, a free loopback port, as the ``postgres`` user when run as root), restarted once with
``pg_stat_statements`` preloaded when the extension is installed; every database is made by ``relais db upgrade``.
Each replica is a real ``relais serve`` process with ``RELAIS_DATABASE_URL`` set, talking to the stand-in Slack and
to one Clever sandbox served by this process, which tells the replicas apart: each one's ``CLEVER_URL`` ends with
its own path prefix, taken off before the sandbox answers, so every vendor request is counted per replica and
timed. It measures, and prints side by side:

1. ack latency of validly signed ``/relais help`` slash commands, 100 in flight, against one embedded replica (no
   database), one shared replica and two shared replicas on one database (the requests alternate between the two
   URLs: half the commands to each, 50 in flight on each, 100 in all); p50 / p99 and the ratios;
2. 1,000 campaigns watched at once by two replicas: each campaign is a real push (a card staged and confirmed
   through Relais' safe writes in a process of this script pointed at the same database: the executor's POST to
   the Clever sandbox, the campaign record, its card in Slack, its watcher job), spread over 20 channels set as
   operations channels. Each watcher is made to look like one that has followed its campaign for a few minutes:
   its first run is spread over the next minute and its back-off is already at the 60 s cap (``MAX_DELAY``),
   instead of 5, 10, 20, 40 s (which only the first two minutes of a campaign see). The campaigns stay pending (the
   sandbox clock is frozen), so every watcher keeps polling. Over a measured window: vendor polls a minute (M19
   ``GET /api/pushs/<reference>``, each followed by M21 deliveries and M23 replies), database statements per poll
   (``pg_stat_statements``: calls in the replicas' database; and transactions from ``pg_stat_database``), the split
   of the polls between the replicas, their CPU, the card edits sent to Slack. Then one replica is killed with
   SIGKILL while it holds a watcher's lease (found in ``relais_records``, stopped with SIGSTOP first so that the
   lease cannot be let go in between), and the survivor's first poll of each campaign the dead one held (and of
   each campaign it polled last) is timed;
3. one campaign to 100,000 recipients, end to end, across two shared replicas: the push form opened (replica A), a
   100,000-row CSV file submitted with it (B: read, checked, card), Send (A: the POST, the campaign card), the
   sandbox clock moved past the last acknowledgement, the watcher's poll folding 100,000 deliveries and posting the
   final report (whichever replica runs it), and ``/push report <reference> export`` (B: the CSV file); the time of
   each step and the peak resident memory of each replica during it (``VmHWM`` in /proc/<pid>/status, brought down
   to the present RSS before each step through /proc/<pid>/clear_refs), and over the whole campaign.

Targets with PASS / MISS: an ack within Slack's 3 s (p99), a dead replica's watcher taken over within a minute.
It is a measurement, not a test: it exits 0 whatever the figures (130 when interrupted).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from bench.ack import (  # noqa: E402
    TARGET_P99,
    USER,
    Child,
    LoadResult,
    answers,
    child_env,
    cpu_seconds,
    free_port,
    ms,
    run_load,
    slash_bodies,
    verdict,
    wait_answers,
    wait_until_up,
)
from bot.console.driver import SlackDriver  # noqa: E402
from bot.core.channel_settings import CHANNEL_SETTINGS, ChannelSettings  # noqa: E402
from bot.core.config import Settings  # noqa: E402
from bot.core.jobs import JOBS, LEASE_SECONDS, Job  # noqa: E402
from bot.core.pg_store import TABLE, PostgresStore  # noqa: E402
from bot.core.records import Records  # noqa: E402
from bot.core.safe_writes import WriteState  # noqa: E402
from bot.core.timezone import PARIS  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from bot.sandboxes.clever.server import CleverSandbox  # noqa: E402
from bot.sandboxes.frame import SandboxClock, SandboxRequest, SandboxResponse  # noqa: E402
from bot.sandboxes.slack import Message, SlackStandIn  # noqa: E402
from bot.slack.cards import CONFIRM  # noqa: E402
from handlers.clever.push_checks import send_checks  # noqa: E402
from handlers.clever.push_draft import list_draft  # noqa: E402
from handlers.clever.push_executor import PUSH_KINDS  # noqa: E402
from handlers.clever.push_prepare import PushReads, facts_of_plan, plan, push_params  # noqa: E402
from handlers.clever.push_preview import title  # noqa: E402
from handlers.clever.timing import MAX_DELAY  # noqa: E402
from handlers.clever.watcher import WATCH_KIND  # noqa: E402
from tests.postgres_support import PostgresServer, pg_binary, postgres_server  # noqa: E402
from tests.waiting import until  # noqa: E402


@dataclass(frozen=True)
class Sizes:
    ack_requests: int  # measured slash commands per configuration
    ack_warmup: int  # per replica, before measuring
    campaigns: int  # watched at once
    channels: int  # the campaigns' channels
    window: float  # seconds measured with both replicas polling
    recipients: int  # of the big campaign


FULL = Sizes(ack_requests=2000, ack_warmup=100, campaigns=1000, channels=20, window=60.0, recipients=100_000)
QUICK = Sizes(ack_requests=400, ack_warmup=50, campaigns=200, channels=5, window=30.0, recipients=20_000)

ACK_CONCURRENCY = 100
TARGET_TAKEOVER = 60.0  # seconds: "a watcher whose replica dies is taken over by another within a minute"
TAKEOVER_PATIENCE = 150.0  # seconds after the kill before the survivor is given up on
SEED_THREADS = 4
STEP_TIMEOUT = 300.0
ADMIN = "UADMIN"
BIG_CHANNEL = "CBIG"
#: Marks this script's own SQL, left out of the statement counts.
MARK = "relais-bench"
#: M19, the push's status: one per watcher run.
POLL = re.compile(r"/api/pushs/([^/]+)")


# -- the Clever sandbox, per replica ----------------------------------------------------------------
@dataclass(frozen=True)
class Hit:
    at: float  # time.time()
    source: str  # the replica's name ("" when the URL had no known prefix)
    method: str
    path: str


class CountingClever(CleverSandbox):
    """The Clever sandbox, told which replica asked: a replica's ``CLEVER_URL`` ends with ``/<its name>``, taken off
    here before the sandbox answers (a vendor URL may carry a prefix). Each request is kept with its time."""

    def __init__(self) -> None:
        super().__init__(clock=SandboxClock())  # frozen: campaigns stay pending until the clock is moved
        self.sources: set[str] = set()
        self._hits: list[Hit] = []
        #: reference → the last M19 poll of it.
        self.last_poll: dict[str, Hit] = {}
        self._hits_lock = threading.Lock()

    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        url = super().start(host, port)
        server = self._httpd
        assert server is not None
        shout = server.handle_error

        def handle_error(request: Any, client_address: Any) -> None:
            """A replica killed with SIGKILL resets its connections: expected here, not worth a traceback."""
            if not isinstance(sys.exc_info()[1], ConnectionError):
                shout(request, client_address)

        server.handle_error = handle_error  # type: ignore[method-assign]
        return url

    def route(self, request: SandboxRequest) -> SandboxResponse:
        head, _, rest = request.path.lstrip("/").partition("/")
        source = ""
        if head in self.sources:
            source, request = head, dataclasses.replace(request, path="/" + rest)
        hit = Hit(time.time(), source, request.method, request.path)
        polled = POLL.fullmatch(request.path) if request.method == "GET" else None
        with self._hits_lock:
            self._hits.append(hit)
            if polled:
                self.last_poll[polled.group(1)] = hit
        return super().route(request)

    def mark(self) -> int:
        with self._hits_lock:
            return len(self._hits)

    def hits(self, since: int = 0) -> list[Hit]:
        with self._hits_lock:
            return self._hits[since:]

    def polls_snapshot(self) -> dict[str, Hit]:
        with self._hits_lock:
            return dict(self.last_poll)


def polled(hit: Hit) -> str | None:
    """The campaign a hit polls (M19), or None."""
    found = POLL.fullmatch(hit.path) if hit.method == "GET" else None
    return found.group(1) if found else None


# -- processes and databases --------------------------------------------------------------------------
@dataclass(frozen=True)
class Replica:
    name: str
    child: Child
    url: str

    @property
    def pid(self) -> int:
        return self.child.proc.pid

    @property
    def events(self) -> str:
        return self.url + "/slack/events"


@dataclass
class Bench:
    work: Path
    standin: SlackStandIn
    token: str
    secret: str
    server: PostgresServer
    statements: bool  # pg_stat_statements is loaded
    started: list[Child] = field(default_factory=list)

    def env(self, name: str, database_url: str | None) -> dict[str, str]:
        data_dir = self.work / name
        data_dir.mkdir(exist_ok=True)
        env = child_env(self.token, self.secret, self.standin.api_url, data_dir)
        env["RELAIS_ADMINS"] = ADMIN
        if database_url:
            env["RELAIS_DATABASE_URL"] = database_url
        return env

    def launch(self, name: str, database_url: str | None, clever: CountingClever) -> Replica:
        """``relais serve`` on a free port, its Clever requests marked with its name; once /healthz answers 200."""
        clever.sources.add(name)
        env = self.env(name, database_url)
        env.update(CleverSandbox.credentials, CLEVER_URL=f"{clever.url}/{name}")
        port = free_port()
        child = Child(name, [sys.executable, "-m", "bot", "serve", "--port", str(port)], env, self.work)
        self.started.append(child)
        url = f"http://127.0.0.1:{port}"
        wait_until_up(child, url + "/healthz", want=200)
        return Replica(name, child, url)

    def stop_all(self) -> None:
        while self.started:
            self.started.pop().stop()

    def database(self, name: str) -> str:
        """A new database, its schema made by ``relais db upgrade``; its URL."""
        url = self.server.new_database()
        done = subprocess.run(
            [sys.executable, "-m", "bot", "db", "upgrade"],
            env=self.env(f"upgrade-{name}", url),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            raise RuntimeError(f"relais db upgrade failed: {done.stderr.strip()[-500:]}")
        return url


def enable_statement_counts(server: PostgresServer) -> bool:
    """Restart the server with ``pg_stat_statements`` preloaded (when installed); whether it is on."""
    with psycopg.connect(server.url(), autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_stat_statements'")
        if found.fetchone() is None:
            return False
        connection.execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
    server.stop()
    server.start()
    with psycopg.connect(server.url(), autocommit=True) as connection:
        connection.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
    return True


def operations_channels(database_url: str, channels: list[str]) -> None:
    """The channels set as operations channels (their pushes are notices: no canvassing hours), in the database."""
    store = PostgresStore(database_url, max_connections=2)
    try:
        book = Records(store, [CHANNEL_SETTINGS]).of(CHANNEL_SETTINGS)
        for channel in channels:
            book.put(channel, ChannelSettings(nature="transactional"))
    finally:
        store.close()


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[1]


@dataclass(frozen=True)
class DbCounters:
    transactions: int
    #: statement (pg_stat_statements' normalised text) → calls
    calls: dict[str, int]
    rows: int  # rows the statements returned or changed


def db_counters(bench: Bench, database: str) -> DbCounters:
    """The database's transactions and statement calls so far (read from the ``postgres`` database: not counted)."""
    with psycopg.connect(bench.server.url(), autocommit=True) as connection:
        row = connection.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s", (database,)
        ).fetchone()
        calls: dict[str, int] = defaultdict(int)
        touched = 0
        if bench.statements:
            rows = connection.execute(
                "SELECT s.query, s.calls, s.rows FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
                "WHERE d.datname = %s AND s.query NOT LIKE %s",
                (database, f"%{MARK}%"),
            ).fetchall()
            for query, count, returned in rows:
                calls[" ".join(str(query).split())] += int(count)
                touched += int(returned)
    return DbCounters(int(row[0]) if row else 0, dict(calls), touched)


def vm_kb(pid: int, name: str) -> int:
    """A ``Vm…`` line of /proc/<pid>/status, in kB (0 when the process is gone)."""
    with suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1])
    return 0


def reset_peak(pid: int) -> bool:
    """Bring the process's VmHWM down to its present RSS (Linux: ``5`` into /proc/<pid>/clear_refs); done?"""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return vm_kb(pid, "VmHWM") <= vm_kb(pid, "VmRSS") + 1024


def mb(kb: int) -> str:
    return f"{kb / 1024:,.0f} MB"


# -- 1. ack latency ---------------------------------------------------------------------------------------
def load(replicas: list[Replica], bodies: list[bytes], secret: str) -> LoadResult:
    """The bodies sent alternately to the replicas: one load stream a replica, ACK_CONCURRENCY in flight in all."""
    if len(replicas) == 1:
        return run_load(replicas[0].events, secret, bodies, ACK_CONCURRENCY, replicas[0].pid)
    share = ACK_CONCURRENCY // len(replicas)
    with ThreadPoolExecutor(len(replicas), thread_name_prefix="stream") as pool:
        streams = [
            pool.submit(run_load, replica.events, secret, bodies[index :: len(replicas)], share, replica.pid)
            for index, replica in enumerate(replicas)
        ]
        results = [stream.result() for stream in streams]
    return LoadResult(
        latencies=[latency for result in results for latency in result.latencies],
        failures=sum(result.failures for result in results),
        wall=max(result.wall for result in results),
        server_cpu=sum(result.server_cpu for result in results),
        bench_cpu=max(result.bench_cpu for result in results),  # process-wide: both streams read the same clock
    )


@dataclass(frozen=True)
class AckRun:
    label: str
    result: LoadResult
    delivered: int


def bench_ack(bench: Bench, sizes: Sizes, clever: CountingClever) -> list[AckRun]:
    database_url = bench.database("ack")
    runs: list[AckRun] = []
    for label, slug, url, count in (
        ("embedded, 1 replica", "embedded", None, 1),
        ("shared, 1 replica", "shared1", database_url, 1),
        ("shared, 2 replicas", "shared2", database_url, 2),
    ):
        print(f"ack: {label}: {sizes.ack_warmup * count} warm-up + {sizes.ack_requests:,} requests…", flush=True)
        try:
            replicas = [bench.launch(f"ack-{slug}-{n + 1}", url, clever) for n in range(count)]
            before = answers(bench.standin)
            warm = slash_bodies(bench.standin, sizes.ack_warmup * count)
            load(replicas, warm, bench.secret)
            wait_answers(bench.standin, before + len(warm), timeout=60)
            before = answers(bench.standin)
            result = load(replicas, slash_bodies(bench.standin, sizes.ack_requests), bench.secret)
            delivered = wait_answers(bench.standin, before + sizes.ack_requests, timeout=60) - before
        finally:
            bench.stop_all()
        runs.append(AckRun(label, result, delivered))
    return runs


def print_ack(runs: list[AckRun], sizes: Sizes) -> None:
    print()
    print(f"1. Ack latency: {sizes.ack_requests:,} signed `/relais help`, {ACK_CONCURRENCY} in flight")
    width = 22
    print("  " + " " * 12 + "".join(f"{run.label:>{width}}" for run in runs))
    rows: list[tuple[str, Callable[[AckRun], str]]] = [
        ("p50", lambda run: ms(run.result.pct(50))),
        ("p99", lambda run: ms(run.result.pct(99))),
        ("max", lambda run: ms(run.result.pct(100))),
        ("req/s", lambda run: f"{run.result.rate:,.0f}"),
        ("failures", lambda run: f"{run.result.failures}"),
        ("answered", lambda run: f"{run.delivered:,}"),
        ("server CPU", lambda run: f"{run.result.server_cpu:.1f} s"),
        ("CPUs busy", lambda run: f"{run.result.cpus_busy:.2f}"),
    ]
    for label, value in rows:
        print(f"  {label:<12}" + "".join(f"{value(run):>{width}}" for run in runs))
    print("  answered: `/relais help` answers that reached their response_url; server CPU: all replicas together;")
    print(
        "  CPUs busy: (replicas + this process) CPU / wall, of 2 on this machine: near 2, the machine is the ceiling."
    )


# -- 2. 1,000 campaigns watched -------------------------------------------------------------------------
GOLDEN = 0.6180339887


def seed_campaigns(bench: Bench, database_url: str, clever: CountingClever, sizes: Sizes) -> float:
    """``sizes.campaigns`` SMS pushes staged and confirmed through the safe writes of a Relais (not serving, its
    scheduler not started) on the shared database: each one the executor's POST, the campaign record, its card, its
    watcher. Returns the seconds it took."""
    channels = [f"CWATCH{n:02d}" for n in range(sizes.channels)]
    operations_channels(database_url, channels)
    clever.sources.add("seed")
    settings = Settings(
        slack_bot_token=bench.token,
        slack_signing_secret=bench.secret,
        slack_api_url=bench.standin.api_url,
        relais_data_dir=bench.work / "seed",
        relais_database_url=database_url,
        relais_admins=ADMIN,
        clever_url=f"{clever.url}/seed",
        clever_username=CleverSandbox.credentials["CLEVER_USERNAME"],
        clever_password=CleverSandbox.credentials["CLEVER_PASSWORD"],
    )
    runtime = Runtime(settings)
    try:
        scheduler = runtime.services.scheduler
        jobs = runtime.services.records.of(JOBS)
        add = scheduler.add
        phases = itertools.count()

        def steady(job: Job | None) -> Job | None:
            """A watcher past its first polls: its back-off at the cap, so it polls every MAX_DELAY seconds."""
            if job is None or job.runs:
                return None
            return job.model_copy(update={"data": {**job.data, "delay": MAX_DELAY}})

        def watcher_add(kind: str, params: dict[str, Any], *, job_id: str | None = None, delay: float = 0.0) -> Job:
            """``start_campaign``'s watcher, its first run spread over a minute (2 s at the soonest)."""
            if kind != WATCH_KIND:
                return add(kind, params, job_id=job_id, delay=delay)
            phase = (next(phases) * GOLDEN) % 1.0
            job = add(kind, params, job_id=job_id, delay=2.0 + (MAX_DELAY - 2.0) * phase)
            jobs.update(job.id, steady)
            return job

        scheduler.add = watcher_add  # type: ignore[method-assign]
        safe_writes = runtime.services.safe_writes
        rules = ChannelSettings(nature="transactional")

        def push(index: int) -> str:
            channel = channels[index % len(channels)]
            line = f"+3362{index:07d} Votre commande {index} part aujourd'hui"
            now = datetime.now(PARIS)
            checked = plan(list_draft("sms", line), PushReads(now=now)).plan
            params = push_params(checked, "transactional", rules.rules)
            params["verdicts"] = list(send_checks(facts_of_plan(checked, "transactional"), rules, now).verdicts)
            kind, _ = PUSH_KINDS[(checked.family, checked.audience)]
            staged = safe_writes.stage(
                kind,
                params,
                user_id=USER,
                channel_id=channel,
                command=f"/push sms {line}",
                title=title(checked),
                preview=[],
            )
            record, _ = safe_writes.confirm(staged.id, USER)
            if record.state is not WriteState.DONE or record.outcome is None:
                summary = record.outcome.summary if record.outcome else ""
                raise RuntimeError(f"push {index} not sent: {record.state.value} {summary}")
            return str(record.outcome.result["reference"])

        started = time.perf_counter()
        with ThreadPoolExecutor(SEED_THREADS, thread_name_prefix="seed") as pool:
            references = list(pool.map(push, range(sizes.campaigns)))
        seconds = time.perf_counter() - started
        watched = sum(1 for job in scheduler.active() if job.kind == WATCH_KIND)
        if watched != len(references):
            raise RuntimeError(f"{len(references)} campaigns sent but {watched} watchers live")
        return seconds
    finally:
        runtime.stop()


def leases(connection: psycopg.Connection[Any]) -> list[tuple[str, str, float]]:
    """(reference, lease owner, lease until) of the watchers leased right now."""
    prefix = f"job:{WATCH_KIND}:"
    rows = connection.execute(
        f"/* {MARK} */ SELECT key, value->>'lease_owner', (value->>'lease_until')::float8 FROM {TABLE} "
        "WHERE key >= %s AND key < %s AND coalesce(value->>'lease_owner', '') <> '' "
        "AND (value->>'lease_until')::float8 > extract(epoch FROM clock_timestamp())",
        (prefix, prefix + "\U0010ffff"),
    ).fetchall()
    return [(str(key)[len(prefix) :], str(owner), float(until)) for key, owner, until in rows]


@dataclass
class Window:
    seconds: float
    polls: Counter[str]  # replica → M19 polls
    requests: int  # every Clever request
    campaigns: dict[str, set[str]]  # replica → campaigns it polled
    statements: int
    rows: int
    transactions: int
    top: list[tuple[int, str]]
    cpu: dict[str, float]
    edits: int

    @property
    def total_polls(self) -> int:
        return sum(self.polls.values())

    def per_minute(self, count: float) -> float:
        return count * 60.0 / self.seconds


@dataclass
class Takeover:
    victim: str
    survivor: str
    held: dict[str, float]  # reference → its lease's end, as the dead replica left it (time.time())
    taken: dict[str, float]  # reference → the survivor's first poll after the kill, seconds after the kill
    last_by_victim: dict[str, float]  # reference → when the dead replica polled it last (time.time())
    resumed: dict[str, float]  # reference → the survivor's first poll after the kill (time.time())
    killed_at: float
    survivor_polls: int
    survivor_seconds: float


@dataclass
class WatchFigures:
    campaigns: int
    seed_seconds: float
    window: Window
    takeover: Takeover


def measure_window(
    bench: Bench, clever: CountingClever, database: str, replicas: list[Replica], seconds: float
) -> Window:
    mark = clever.mark()
    before = db_counters(bench, database)
    cpu = {replica.name: cpu_seconds(replica.pid) for replica in replicas}
    edits = len(bench.standin.calls_to("chat.update"))
    started = time.perf_counter()
    time.sleep(seconds)
    wall = time.perf_counter() - started
    cpu = {replica.name: cpu_seconds(replica.pid) - cpu[replica.name] for replica in replicas}
    edits = len(bench.standin.calls_to("chat.update")) - edits
    hits = clever.hits(mark)
    time.sleep(1.5)  # pg_stat_database's counters reach the view up to a second late
    after = db_counters(bench, database)
    polls: Counter[str] = Counter()
    campaigns: dict[str, set[str]] = defaultdict(set)
    for hit in hits:
        reference = polled(hit)
        if reference is not None:
            polls[hit.source] += 1
            campaigns[hit.source].add(reference)
    deltas = [(count - before.calls.get(query, 0), query) for query, count in after.calls.items()]
    deltas = sorted((delta for delta in deltas if delta[0] > 0), reverse=True)
    return Window(
        seconds=wall,
        polls=polls,
        requests=len(hits),
        campaigns=dict(campaigns),
        statements=sum(delta for delta, _ in deltas),
        rows=after.rows - before.rows,
        transactions=after.transactions - before.transactions,
        top=deltas[:6],
        cpu={name: value / wall for name, value in cpu.items()},
        edits=edits,
    )


def kill_holding_a_lease(
    connection: psycopg.Connection[Any], clever: CountingClever, victim: Replica, survivor: Replica
) -> Takeover:
    """Find the victim's lease owner (a lease seen while that replica polls the campaign), SIGKILL the victim while
    it holds a lease (stopped first with SIGSTOP, so that the leases it holds are read as they stay), then time the
    survivor's first poll of each campaign the victim held or polled last."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    owner = ""
    process = victim.child.proc
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        held = leases(connection)
        now = time.time()
        last = clever.polls_snapshot()
        for reference, holder, _ in held:
            hit = last.get(reference)
            if hit is not None and now - hit.at < 5.0 and hit.source in (victim.name, survivor.name):
                votes[holder][hit.source] += 1
        owner = next((o for o, seen in votes.items() if seen.most_common(1)[0][0] == victim.name), "")
        if owner and any(holder == owner for _, holder, _ in held):
            process.send_signal(signal.SIGSTOP)
            if any(holder == owner for _, holder, _ in leases(connection)):
                break  # it holds a lease, and cannot let it go: stopped
            process.send_signal(signal.SIGCONT)
        time.sleep(0.01)
    process.kill()
    killed_at = time.time()
    process.wait(timeout=10)
    mark = clever.mark()
    held_at_kill = {reference: until for reference, holder, until in leases(connection) if owner and holder == owner}
    last_by_victim = {ref: hit.at for ref, hit in clever.polls_snapshot().items() if hit.source == victim.name}
    print(
        f"watchers: killed {victim.name} (SIGKILL) holding {len(held_at_kill)} lease(s); it polled "
        f"{len(last_by_victim)} campaign(s) last; waiting for {survivor.name}…",
        flush=True,
    )
    resumed: dict[str, float] = {}
    wanted = set(held_at_kill) | set(last_by_victim)
    seen = mark
    while time.time() < killed_at + TAKEOVER_PATIENCE and not wanted <= set(resumed):
        time.sleep(0.25)
        fresh = clever.hits(seen)
        seen += len(fresh)
        for hit in fresh:
            ref = polled(hit)
            if ref is not None and hit.source == survivor.name and ref not in resumed:
                resumed[ref] = hit.at
    survivor_hits = [hit for hit in clever.hits(mark) if polled(hit) is not None and hit.source == survivor.name]
    return Takeover(
        victim=victim.name,
        survivor=survivor.name,
        held=held_at_kill,
        taken={ref: resumed[ref] - killed_at for ref in held_at_kill if ref in resumed},
        last_by_victim=last_by_victim,
        resumed=resumed,
        killed_at=killed_at,
        survivor_polls=len(survivor_hits),
        survivor_seconds=time.time() - killed_at,
    )


def bench_watchers(bench: Bench, sizes: Sizes) -> WatchFigures:
    clever = CountingClever()
    clever.start()
    try:
        clever.set_credit(100 * sizes.campaigns)
        database_url = bench.database("watch")
        database = database_name(database_url)
        replicas = [bench.launch(f"watch-{n}", database_url, clever) for n in ("a", "b")]
        print(f"watchers: {sizes.campaigns:,} pushes staged and confirmed, both replicas up…", flush=True)
        seed_seconds = seed_campaigns(bench, database_url, clever, sizes)
        print(f"watchers: sent in {seed_seconds:.1f} s; measuring {sizes.window:.0f} s with both replicas…", flush=True)
        window = measure_window(bench, clever, database, replicas, sizes.window)
        with psycopg.connect(database_url, autocommit=True) as connection:
            takeover = kill_holding_a_lease(connection, clever, replicas[0], replicas[1])
        return WatchFigures(sizes.campaigns, seed_seconds, window, takeover)
    finally:
        bench.stop_all()
        clever.stop()


def print_watchers(figures: WatchFigures) -> None:
    window, takeover = figures.window, figures.takeover
    print()
    print(
        f"2. {figures.campaigns:,} campaigns watched by 2 replicas (sent in {figures.seed_seconds:.1f} s, "
        f"{figures.campaigns / figures.seed_seconds:.0f} a second, {SEED_THREADS} threads)"
    )
    total = window.total_polls
    print(f"  window: {window.seconds:.1f} s, both replicas up")
    print(
        f"  vendor polls (M19):        {total:,} = {window.per_minute(total):,.0f} a minute "
        f"(each watcher once a minute: {figures.campaigns:,})"
    )
    print(f"  Clever requests:           {window.requests:,} = {window.per_minute(window.requests):,.0f} a minute")
    for name in sorted(window.cpu):
        print(
            f"  {name}: {window.polls[name]:,} polls ({window.polls[name] / max(1, total):.0%}), "
            f"{len(window.campaigns.get(name, set())):,} distinct campaigns, CPU {window.cpu[name]:.0%} of a core"
        )
    names = sorted(window.campaigns)
    both = set.intersection(*(window.campaigns[name] for name in names)) if len(names) > 1 else set()
    print(f"  campaigns polled by both replicas in the window: {len(both):,} (a run goes to whichever claims it)")
    if window.statements:
        print(
            f"  database statements: {window.statements:,} = {window.statements / max(1, total):.1f} a poll, "
            f"{window.per_minute(window.statements):,.0f} a minute (pg_stat_statements); "
            f"rows read or written: {window.rows / max(1, total):,.1f} a poll"
        )
        for calls, query in window.top:
            print(f"    {calls:>8,}  {query[:110]}")
    else:
        print("  database statements: pg_stat_statements is not available here")
    print(
        f"  database transactions: {window.transactions:,} = {window.transactions / max(1, total):.1f} a poll "
        "(pg_stat_database xact_commit + xact_rollback; more than the statements: the pool checks each connection "
        "with an empty query before handing it out, a transaction pg_stat_statements does not list)"
    )
    print(
        f"  card edits sent to Slack (chat.update): {window.per_minute(window.edits):,.0f} a minute = "
        f"{window.edits / max(1, total):.2f} a poll (no campaign changed: the sandbox clock stood still)"
    )
    print(
        f"  kill -9 of {takeover.victim}, holding {len(takeover.held)} lease(s) "
        f"({LEASE_SECONDS:.0f} s each, renewed while a run lasts):"
    )
    for reference, lease_end in sorted(takeover.held.items()):
        taken = takeover.taken.get(reference)
        said = f"polled by {takeover.survivor} {taken:.1f} s after the kill" if taken is not None else "never polled"
        print(f"    {reference}: lease ran out {lease_end - takeover.killed_at:.1f} s after the kill; {said}")
    gaps = [
        takeover.resumed[ref] - at
        for ref, at in takeover.last_by_victim.items()
        if ref in takeover.resumed and ref not in takeover.held
    ]
    unreached = [ref for ref in takeover.last_by_victim if ref not in takeover.resumed]
    if gaps:
        print(
            f"  campaigns {takeover.victim} polled last ({len(takeover.last_by_victim):,}): next poll by "
            f"{takeover.survivor} {statistics.median(gaps):.1f} s (median) / {max(gaps):.1f} s (max) after their "
            f"previous one; {len(unreached)} not polled within {TAKEOVER_PATIENCE:.0f} s"
        )
    print(
        f"  {takeover.survivor} alone after the kill: "
        f"{takeover.survivor_polls * 60 / takeover.survivor_seconds:,.0f} polls a minute "
        f"over {takeover.survivor_seconds:.0f} s"
    )


# -- 3. a 100,000-recipient campaign ------------------------------------------------------------------------
def recipients_csv(count: int) -> bytes:
    """``count`` distinct French mobiles, written in the usual forms in turn, as a `nom;telephone` sheet."""
    lines = ["nom;telephone"]
    for index in range(count):
        national = f"06{10_000_000 + index:08d}"
        written = (
            national,
            "+33" + national[1:],
            "0033" + national[1:],
            "+33 " + national[1:],
            " ".join(national[i : i + 2] for i in range(0, 10, 2)),
        )[index % 5]
        lines.append(f"Client {index};{written}")
    return ("\n".join(lines) + "\n").encode()


def has_button(message: Message, action_id: str) -> bool:
    return any(
        element.get("action_id") == action_id
        for block in message.blocks or []
        if block.get("type") == "actions"
        for element in block.get("elements", [])
    )


@dataclass
class Step:
    short: str  # for the summary
    name: str
    replica: str  # where it ran ("": nowhere in particular)
    seconds: float
    before: dict[str, int]  # replica → VmRSS (kB) when the step began
    peaks: dict[str, int]  # replica → the peak of VmRSS (kB) during the step ({}: not measured alone)


@dataclass
class CampaignFigures:
    recipients: int
    csv_bytes: int
    card_line: str
    steps: list[Step]
    baseline: dict[str, int]  # VmHWM after start
    peak: dict[str, int]  # VmHWM over the whole campaign
    per_step: bool  # each step's peak measured alone (VmHWM reset before it)
    watcher: str
    rows: int
    export_name: str


def bench_campaign(bench: Bench, sizes: Sizes) -> CampaignFigures:
    clever = CountingClever()
    clever.start()
    drivers: list[SlackDriver] = []
    try:
        clever.set_credit(10 * sizes.recipients)
        database_url = bench.database("campaign")
        operations_channels(database_url, [BIG_CHANNEL])
        a, b = (bench.launch(f"big-{n}", database_url, clever) for n in ("a", "b"))
        replicas = {a.name: a, b.name: b}
        drivers = [SlackDriver(a.url, bench.secret, bench.standin), SlackDriver(b.url, bench.secret, bench.standin)]
        by_a, by_b = drivers
        standin = bench.standin

        def peaks() -> dict[str, int]:
            return {name: vm_kb(replica.pid, "VmHWM") for name, replica in replicas.items()}

        baseline = peaks()
        peak = dict(baseline)
        per_step = all(reset_peak(replica.pid) for replica in replicas.values())

        def restart_peaks() -> dict[str, int]:
            """Each replica's peak brought down to its present RSS (what a step adds shows); the present RSS."""
            for name, replica in replicas.items():
                peak[name] = max(peak[name], vm_kb(replica.pid, "VmHWM"))
                reset_peak(replica.pid)
            return {name: vm_kb(replica.pid, "VmRSS") for name, replica in replicas.items()}

        steps: list[Step] = []

        @contextmanager
        def step(short: str, name: str, replica: str) -> Iterator[None]:
            print(f"campaign: {name}…", flush=True)
            before = restart_peaks()
            started = time.perf_counter()
            yield
            steps.append(Step(short, name, replica, time.perf_counter() - started, before, peaks()))

        content = recipients_csv(sizes.recipients)
        file_id = standin.add_file("destinataires.csv", content, mimetype="text/csv", user=USER)

        with step("form", "open the push form (/push sms)", a.name):
            assert by_a.command("/push sms", user=USER, channel=BIG_CHANNEL).status == 200
            [view] = until("the push form", lambda: standin.open_views(USER), STEP_TIMEOUT)

        shown = len(standin.ephemerals(USER))
        with step("CSV → card", f"submit it with the {sizes.recipients:,}-row CSV → card", b.name):
            reply = by_b.submit(
                view, {"channel": "sms", "text": "Votre colis arrive demain", "recipients_file": [file_id]}
            )
            assert reply.status == 200, reply.body
            card: Message = until("the card", lambda: next(iter(standin.ephemerals(USER)[shown:]), None), STEP_TIMEOUT)
        card_line = next((line for line in card.all_text().splitlines() if "valid" in line), card.all_text()[:200])
        if not has_button(card, CONFIRM):
            raise RuntimeError(f"the card has no Send button: {card.all_text()[:500]}")

        pushes = set(clever.pushes())
        with step("Send → campaign card", "Send → push POST → campaign card", a.name):
            assert by_a.click(card, CONFIRM, user=USER).status == 200
            reference: str = until(
                "the push at Clever", lambda: next(iter(set(clever.pushes()) - pushes), None), STEP_TIMEOUT
            )
            # Every delivery final before the watcher's first poll (5 s after the send).
            clever.clock.advance(clever.seconds_to_complete(reference) + 1)
            campaign_card: Message = until(
                "the campaign card",
                lambda: next((m for m in standin.channel_messages(BIG_CHANNEL) if reference in m.all_text()), None),
                STEP_TIMEOUT,
            )

        sent_at = time.time()
        print(f"campaign: the watcher's run: {sizes.recipients:,} deliveries folded → final report…", flush=True)
        before = restart_peaks()

        def final_report() -> float | None:
            """When the final report was posted in the card's thread (the stand-in's time of the call)."""
            for call in standin.calls_to("chat.postMessage"):
                said = str(call.args.get("text") or "")
                if call.args.get("thread_ts") == campaign_card.ts and said.startswith("Final report"):
                    return call.at
            return None

        reported_at: float = until("the final report", final_report, STEP_TIMEOUT)
        # The run that reported: the last M19 poll of the campaign before the report.
        runs = [hit for hit in clever.hits() if hit.method == "GET" and hit.path == f"/api/pushs/{reference}"]
        run = max((hit for hit in runs if hit.at <= reported_at), key=lambda hit: hit.at)
        steps.append(
            Step("watcher's wait", "wait for the watcher's run (due 5 s after the send)", "", run.at - sent_at, {}, {})
        )
        steps.append(
            Step(
                "watcher's run",
                f"watcher: M19, {sizes.recipients:,} deliveries folded → final report",
                run.source,
                reported_at - run.at,
                before,
                peaks(),  # over the wait and the run
            )
        )
        watcher = f"{run.source} ({len(runs)} poll(s) of the campaign in all)"

        files = len(standin.posted_files(BIG_CHANNEL))
        with step("export", f"/push report {reference} export → CSV file", b.name):
            assert by_b.command(f"/push report {reference} export", user=USER, channel=BIG_CHANNEL).status == 200
            export_name, exported, _ = until(
                "the export",
                lambda: next(
                    (f for f in standin.posted_files(BIG_CHANNEL)[files:] if not f[0].endswith("-failures.csv")), None
                ),
                STEP_TIMEOUT,
            )
        return CampaignFigures(
            recipients=sizes.recipients,
            csv_bytes=len(content),
            card_line=card_line.strip(),
            steps=steps,
            baseline=baseline,
            watcher=watcher,
            rows=exported.count(b"\r\n") - 1,
            export_name=export_name,
            peak={replica: max(peak[replica], value) for replica, value in peaks().items()},
            per_step=per_step,
        )
    finally:
        for driver in drivers:
            driver.close()
        bench.stop_all()
        clever.stop()


def print_campaign(figures: CampaignFigures) -> None:
    print()
    print(
        f"3. One campaign to {figures.recipients:,} recipients across 2 replicas "
        f"(CSV {figures.csv_bytes / 1e6:.1f} MB; card: {figures.card_line})"
    )
    names = sorted(figures.baseline)
    print(f"  {'step':<58}{'on':>8}{'time':>10}" + "".join(f"{'peak RSS ' + n:>22}" for n in names))
    print(f"  {'start-up':<58}{'':>8}{'':>10}" + "".join(f"{mb(figures.baseline[n]):>22}" for n in names))
    for step in figures.steps:
        memory = [
            f"{mb(step.peaks[n])} (+{mb(max(0, step.peaks[n] - step.before[n]))})" if step.peaks else "" for n in names
        ]
        line = f"  {step.name:<58}{step.replica:>8}{step.seconds:>9.2f}s" + "".join(f"{m:>22}" for m in memory)
        print(line.rstrip())
    total = sum(step.seconds for step in figures.steps)
    print(
        f"  {'total, form to file; peak RSS over all of it':<58}{'':>8}{total:>9.2f}s"
        + "".join(f"{mb(figures.peak[n]):>22}" for n in names)
    )
    print(f"  export {figures.export_name}: {figures.rows:,} rows; the watcher's reporting run on {figures.watcher}")
    if figures.per_step:
        print(
            "  peak RSS: VmHWM (/proc/<pid>/status), brought down to the RSS before each step (/proc/<pid>/clear_refs);"
        )
        print("  (+…): over the RSS when the step began. The watcher's figure covers its wait too.")
    else:
        print("  peak RSS: VmHWM (/proc/<pid>/status) since the replica started (it could not be reset here).")


# -- main --------------------------------------------------------------------------------------------------------
@dataclass
class Summary:
    rows: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, figure: str, value: str, mark: str = "") -> None:
        self.rows.append((figure, value, mark))

    def print(self) -> None:
        print()
        print("Summary")
        width = max((len(figure) for figure, _, _ in self.rows), default=10)
        value_width = max((len(value) for _, value, _ in self.rows), default=10)
        for figure, value, mark in self.rows:
            print(f"  {figure:<{width}}  {value:<{value_width}}  {mark}".rstrip())


def summarize_ack(summary: Summary, runs: list[AckRun]) -> None:
    by_label = {run.label: run for run in runs}
    for run in runs:
        p99 = run.result.pct(99)
        summary.add(
            f"ack p99, {run.label}",
            f"{ms(p99)} (p50 {ms(run.result.pct(50))}), target < {TARGET_P99:.0f} s",
            verdict(p99 < TARGET_P99 and run.result.failures == 0),
        )
    one, two, embedded = (
        by_label.get(label) for label in ("shared, 1 replica", "shared, 2 replicas", "embedded, 1 replica")
    )
    if one and two:
        summary.add("ack p99 ratio, 2 replicas / 1 replica", f"{two.result.pct(99) / one.result.pct(99):.2f}")
    if one and embedded:
        summary.add(
            "ack p99 ratio, shared / embedded (1 replica)", f"{one.result.pct(99) / embedded.result.pct(99):.2f}"
        )


def summarize_watchers(summary: Summary, figures: WatchFigures) -> None:
    window, takeover = figures.window, figures.takeover
    total = window.total_polls
    summary.add(f"vendor polls a minute, {figures.campaigns:,} campaigns", f"{window.per_minute(total):,.0f}")
    if window.statements:
        summary.add(
            "database statements a poll (pg_stat_statements)",
            f"{window.statements / max(1, total):.1f} ({window.rows / max(1, total):,.1f} rows)",
        )
    summary.add("database transactions a poll (pg_stat_database)", f"{window.transactions / max(1, total):.1f}")
    split = ", ".join(f"{name} {window.polls[name] / max(1, total):.0%}" for name in sorted(window.cpu))
    summary.add("polls split between the replicas", split)
    if takeover.held:
        worst = max(takeover.taken.get(ref, float("inf")) for ref in takeover.held)
        summary.add(
            f"lock takeover after kill -9 ({len(takeover.held)} lease(s) held)",
            f"{worst:.1f} s (slowest), target ≤ {TARGET_TAKEOVER:.0f} s",
            verdict(worst <= TARGET_TAKEOVER),
        )
    else:
        summary.add("lock takeover after kill -9", "no lease was held at the kill: not measured")
    gaps = [takeover.resumed[ref] - at for ref, at in takeover.last_by_victim.items() if ref in takeover.resumed]
    if gaps:
        summary.add("longest a dead replica's campaign went unpolled", f"{max(gaps):.1f} s (polled every 60 s)")


def summarize_campaign(summary: Summary, figures: CampaignFigures) -> None:
    for step in figures.steps:
        where = f" on {step.replica}" if step.replica else ""
        summary.add(f"{figures.recipients:,} recipients: {step.short}", f"{step.seconds:.2f} s{where}")
    total = sum(step.seconds for step in figures.steps)
    summary.add(f"{figures.recipients:,} recipients: form to exported file", f"{total:.2f} s, {figures.rows:,} rows")
    for name in sorted(figures.peak):
        summary.add(
            f"{figures.recipients:,} recipients: peak RSS of {name}",
            f"{mb(figures.peak[name])} (start-up {mb(figures.baseline[name])})",
        )


PARTS = ("ack", "watchers", "campaign")


def bench(sizes: Sizes, only: set[str]) -> None:
    if pg_binary("initdb") is None or pg_binary("pg_ctl") is None:
        print("PostgreSQL is not installed here (no initdb / pg_ctl): nothing measured")
        return
    summary = Summary()
    work = Path(tempfile.mkdtemp(prefix="relais-replicas-"))
    token = "xoxb-bench-" + secrets.token_hex(8)
    secret = secrets.token_hex(16)
    standin = SlackStandIn(bot_token=token).start()
    standin.add_user(ADMIN, "admin", "Ada Admin")
    started = time.perf_counter()
    try:
        with postgres_server() as server:
            statements = enable_statement_counts(server)
            runner = Bench(work, standin, token, secret, server, statements)

            def ack_part() -> None:
                clever = CountingClever()
                clever.start()
                try:
                    runs = bench_ack(runner, sizes, clever)
                finally:
                    clever.stop()
                print_ack(runs, sizes)
                summarize_ack(summary, runs)

            def watch_part() -> None:
                figures = bench_watchers(runner, sizes)
                print_watchers(figures)
                summarize_watchers(summary, figures)

            def campaign_part() -> None:
                figures = bench_campaign(runner, sizes)
                print_campaign(figures)
                summarize_campaign(summary, figures)

            parts: list[tuple[str, Callable[[], None]]] = [
                ("ack", ack_part),
                ("watchers", watch_part),
                ("campaign", campaign_part),
            ]
            for name, part in parts:
                if name not in only:
                    continue
                try:
                    part()
                except Exception as exc:  # a measurement: say what failed, go on with the next part
                    print(f"\n{name}: not measured: {type(exc).__name__}: {exc}", flush=True)
                    summary.add(name, f"not measured ({type(exc).__name__}: {str(exc)[:120]})")
                    runner.stop_all()
    finally:
        standin.stop()
        shutil.rmtree(work, ignore_errors=True)
    summary.add("run time", f"{time.perf_counter() - started:.0f} s")
    summary.print()


def _interrupted(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smaller figures, about 2 minutes")
    parser.add_argument("--only", action="append", choices=PARTS, help="measure this part only (repeatable)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _interrupted)  # stop the servers and processes on a kill too
    try:
        bench(QUICK if args.quick else FULL, set(args.only or PARTS))
    except KeyboardInterrupt:
        print("interrupted: every server and process started was stopped", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
