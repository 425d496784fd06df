"""Shared mode under faults (issue 15, item 5): the replica watching is killed, the database stops mid-campaign.

What is asserted is what people see: the campaign card and its thread, the call card and its thread in the
stand-in Slack, and the requests that reached the vendors' sandboxes. The job records are read only to find
out *when* to look (a watcher mid-run, holding its lease; a watcher past its final post).

A watcher holds its job's lease only while it runs. To kill a replica *while* it watches, each watcher's read
of its vendor is held at the sandbox (``Gate``): the request has left the replica, the answer has not come back,
and the replica keeps renewing the lease meanwhile, as it would during a slow vendor.

The replicas of the kill -9 test are ``relais serve`` processes (``tests.e2e.serve_replica``: the command's own
code path, its leases shortened to ``LEASE_SECONDS``); those of the database test are runtimes in this process, as
in test_shared_store.py. Either way they share nothing but the test's PostgreSQL database.
"""

from __future__ import annotations

import copy
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import httpx
import pytest

from bot.console.driver import SlackDriver
from bot.core.config import VENDOR_VARIABLES
from bot.core.jobs import ENDED_JOBS, JOBS, Job
from bot.core.pg_store import PostgresStore
from bot.core.records import Collection, Records
from bot.core.safe_writes import WRITES, WriteState
from bot.sandboxes.axialys.server import AxialysSandbox
from bot.sandboxes.clever.server import CleverSandbox
from bot.sandboxes.frame import SandboxClock, SandboxRequest, SandboxResponse, SandboxServer
from bot.sandboxes.slack import Message, SlackStandIn
from bot.slack.cards import CONFIRM
from handlers.axialys.call_watch import WATCH_KIND as CALL_WATCH
from handlers.clever.watcher import WATCH_KIND as CAMPAIGN_WATCH
from tests.clever_support import campaign, card_message, deliver_all, operations_channel, send, thread
from tests.conftest import ADMIN, BOT_TOKEN, CHANNEL, MEMBER, SIGNING_SECRET, Relais, RelaisFactory
from tests.e2e.serve_replica import LEASE_VARIABLE
from tests.postgres_support import PostgresServer
from tests.waiting import until

PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: The replicas' job lease (production: 45 s): a dead replica's watcher is free again this soon.
LEASE_SECONDS = 3.0
#: How long to wait for anything a user would see: far above what it takes, far below a hung test.
PATIENCE = 60.0
PUSH = "/push sms 0612345678,0698765432,0611223344 Votre colis arrive demain"
CALLBACK = "/callback 0612345679 popup=77"


class Gate:
    """Holds the watchers' reads at the vendors' sandboxes until ``open``: a watcher held here is mid-run."""

    def __init__(self) -> None:
        self._opened = threading.Event()
        self._changed = threading.Condition()
        self.held: list[str] = []

    def install(
        self,
        monkeypatch: pytest.MonkeyPatch,
        server: SandboxServer,
        name: str,
        watched: Callable[[SandboxRequest], bool],
    ) -> None:
        """``server``'s requests that ``watched`` picks wait for the gate (then are answered as usual)."""
        route = server.route

        def gated(request: SandboxRequest) -> SandboxResponse:
            if watched(request) and not self._opened.is_set():
                with self._changed:
                    self.held.append(name)
                    self._changed.notify_all()
                self._opened.wait(timeout=2 * PATIENCE)
            return route(request)

        monkeypatch.setattr(server, "route", gated)

    def wait_held(self, *names: str) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: set(names) <= set(self.held), timeout=PATIENCE):
                raise AssertionError(f"the watchers' reads never reached the vendors: held {self.held}, wanted {names}")

    def open(self) -> None:
        self._opened.set()


def _reads_a_push(request: SandboxRequest) -> bool:
    """M19, a push's status: the first thing a campaign watcher's run asks Clever."""
    return request.method == "GET" and re.fullmatch(r"/api/pushs/[^/]+", request.path) is not None


def _lists_calls(request: SandboxRequest) -> bool:
    """A26, a pop-up's call listing: what a call watcher's run asks Axialys."""
    return request.arg("methode") == "appel_listing"


def _clever(sandboxes: dict[str, SandboxServer]) -> CleverSandbox:
    server = sandboxes["clever"]
    assert isinstance(server, CleverSandbox)
    return server


def _axialys(sandboxes: dict[str, SandboxServer]) -> AxialysSandbox:
    server = sandboxes["axialys"]
    assert isinstance(server, AxialysSandbox)
    return server


def _pushes(server: CleverSandbox) -> int:
    return len([entry for entry in server.requests("/api/pushs") if entry.method == "POST"])


def _calls_placed(server: AxialysSandbox) -> int:
    return len([entry for entry in server.requests("/get") if entry.query.get("methode") == ["appel"]])


# -- real `relais serve` replicas -----------------------------------------------------------------------------


@dataclass
class Replica:
    """One ``relais serve`` process; ``log``: its log lines so far (stderr, read as they come)."""

    name: str
    process: subprocess.Popen[str]
    log: list[str] = field(default_factory=list)
    url: str = ""
    driver: SlackDriver | None = None

    def slack(self) -> SlackDriver:
        assert self.driver is not None, f"{self.name} is not serving"
        return self.driver

    def tail(self) -> str:
        return f"{self.name} logged: " + " | ".join(self.log[-8:])


def _replica_environment(
    standin: SlackStandIn, sandboxes: dict[str, SandboxServer], database_url: str, data_dir: Path
) -> dict[str, str]:
    """The runtime contract's settings: the stand-in Slack, the test's sandboxes as live vendors, shared mode."""
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": standin.api_url,
        "RELAIS_DATA_DIR": str(data_dir),
        "RELAIS_DATABASE_URL": database_url,
        "RELAIS_ADMINS": ADMIN,
        LEASE_VARIABLE: str(LEASE_SECONDS),
    }
    for vendor, server in sandboxes.items():
        url_variable = VENDOR_VARIABLES[vendor][0]  # type: ignore[index]
        env[url_variable] = server.url
        env.update(type(server).credentials)
    return env


def _collect(process: subprocess.Popen[str], into: list[str]) -> None:
    assert process.stderr is not None
    for line in process.stderr:
        into.append(line.rstrip())


@pytest.fixture
def serve(
    standin: SlackStandIn, sandboxes: dict[str, SandboxServer], database_url: str, tmp_path: Path
) -> Iterator[Callable[[str], Replica]]:
    """Start ``relais serve`` replicas on the test's database (``serve(name)``); every one is stopped after."""
    started: list[Replica] = []

    def start(name: str) -> Replica:
        data_dir = tmp_path / name
        data_dir.mkdir()
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.e2e.serve_replica", "serve", "--host", "127.0.0.1", "--port", "0"],
            cwd=PROJECT_ROOT,
            env=_replica_environment(standin, sandboxes, database_url, data_dir),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        replica = Replica(name, process)
        started.append(replica)
        threading.Thread(target=_collect, args=(process, replica.log), daemon=True).start()
        return replica

    yield start
    for replica in started:
        if replica.driver is not None:
            replica.driver.close()
        if replica.process.poll() is None:
            replica.process.send_signal(signal.SIGCONT)  # a stopped process acts on SIGTERM only once continued
            replica.process.terminate()
            try:
                replica.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                replica.process.kill()
                replica.process.wait(timeout=15)


def _serving(replica: Replica, standin: SlackStandIn) -> Replica:
    """Wait until ``replica`` listens (its log says where) and answers ``/healthz`` with the database ok."""

    def listening() -> str | None:
        if replica.process.poll() is not None:
            raise AssertionError(f"{replica.name} exited with {replica.process.returncode}. {replica.tail()}")
        found = [re.search(r"Relais listening on (http://\S+)/slack/events", line) for line in list(replica.log)]
        return next((match.group(1) for match in found if match), None)

    replica.url = until(f"{replica.name} listening", listening, hint=replica.tail)
    health = httpx.get(replica.url + "/healthz", timeout=10).json()
    assert health["status"] == "ok" and health["store"]["status"] == "ok" and "clock" not in health["store"], health
    assert set(health["vendors"].values()) == {"live"}, health  # the test's sandboxes, reached as live vendors
    replica.driver = SlackDriver(replica.url, SIGNING_SECRET, standin)
    return replica


def _card(replica: Replica, standin: SlackStandIn, line: str, *, user: str = MEMBER) -> Message:
    """Type ``line`` through ``replica``; its confirmation card as first shown (a copy)."""
    before = len(standin.ephemerals(user))
    reply = replica.slack().command(line, user=user, channel=CHANNEL)
    assert reply.status == 200, reply.body

    def card() -> Message | None:
        shown = [m for m in standin.ephemerals(user)[before:] if "until you press" in m.all_text()]
        return shown[-1] if shown else None

    return copy.deepcopy(until(f"the card of {line}", card, hint=replica.tail))


def _posted(standin: SlackStandIn, prefix: str) -> Message:
    """The channel message whose text starts with ``prefix`` (waited for)."""

    def found() -> Message | None:
        return next((m for m in standin.channel_messages(CHANNEL) if m.text.startswith(prefix)), None)

    return until(f"a message {prefix!r} in the channel", found)


def _shown(standin: SlackStandIn, ts: str) -> str:
    found = standin.find(ts)
    assert found is not None, f"no message at {ts}"
    return found.all_text()


def _counts_every_delivery(report: str, card: str, clever: CleverSandbox, reference: str) -> None:
    """The final report and the card in its final state count every acknowledgement Clever holds, none pending."""
    statuses = [row["status"] for row in clever.deliveries(reference)]
    delivered, failed = statuses.count("3"), statuses.count("4")  # the document's codes: 3 delivered, 4 failed
    assert delivered + failed == len(statuses) == 3, statuses
    assert f"delivered {delivered:,} (" in report and f"failed {failed:,} (" in report, report
    assert "pending 0 (" in report, report
    assert ":checkered_flag: finished" in card, card
    assert f"delivered {delivered:,} · :x: failed {failed:,} · " in card, card
    assert "awaiting acknowledgement 0" in card, card


def _finals(standin: SlackStandIn, card_ts: str) -> list[Message]:
    return [m for m in standin.thread(CHANNEL, card_ts) if m.text.startswith("Final report")]


def test_kill_9_of_the_replica_watching_a_campaign_and_a_call_the_other_finishes_both_once(
    serve: Callable[[str], Replica],
    standin: SlackStandIn,
    sandboxes: dict[str, SandboxServer],
    clock: SandboxClock,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two ``relais serve`` on one database. Replica 1 places a campaign and a call, and takes both watchers
    (replica 2 is frozen meanwhile, then let go); killed with SIGKILL mid-run, holding both leases. The SMS are
    acknowledged and the call answered meanwhile; replica 2 takes both watchers over once the leases run out and
    posts one final report and one summary. Clever got one push, Axialys one call."""
    clever, axialys = _clever(sandboxes), _axialys(sandboxes)
    gate = Gate()
    gate.install(monkeypatch, clever, "campaign watcher", _reads_a_push)
    gate.install(monkeypatch, axialys, "call watcher", _lists_calls)
    store = PostgresStore(database_url)
    jobs = Records(store, [JOBS, ENDED_JOBS])
    try:
        watching, other = serve("replica-1"), serve("replica-2")
        _serving(watching, standin)
        _serving(other, standin)
        # The channel's settings, made through the other replica: both read them from the database.
        assert other.slack().command("/relais settings nature=transactional", user=ADMIN, channel=CHANNEL).status == 200
        _posted(standin, f":gear: <@{ADMIN}> changed this channel's Relais settings")

        # The other replica frozen a moment, so that the first takes both watchers (they would go to whichever
        # replica's scheduler looks first); it is let go before the kill, with both watchers leased.
        other.process.send_signal(signal.SIGSTOP)
        watching.slack().click(_card(watching, standin, PUSH), CONFIRM, user=MEMBER)
        card = _posted(standin, "SMS campaign ")
        reference = card.text.removeprefix("SMS campaign ").split(":")[0]
        watching.slack().click(_card(watching, standin, CALLBACK), CONFIRM, user=MEMBER)
        call_card = _posted(standin, "Callback #")
        id_tracking = int(call_card.text.split("#")[1].split()[0])
        gate.wait_held("campaign watcher", "call watcher")

        campaign_job = jobs.of(JOBS).get(f"{CAMPAIGN_WATCH}:{reference}")
        [call_job] = [job for _, job in jobs.of(JOBS).scan() if job.kind == CALL_WATCH]
        now = time.time()
        assert campaign_job is not None and campaign_job.lease_until and campaign_job.lease_until > now
        assert call_job.lease_until and call_job.lease_until > now
        assert campaign_job.lease_owner == call_job.lease_owner != "", "one replica holds both watchers"
        other.process.send_signal(signal.SIGCONT)
        until("the other replica serving again", lambda: httpx.get(other.url + "/healthz", timeout=10).is_success)

        os.kill(watching.process.pid, signal.SIGKILL)
        assert watching.process.wait(timeout=10) == -signal.SIGKILL
        # Meanwhile at the vendors: every SMS acknowledged, the call answered and over.
        axialys.set_call_outcome(id_tracking, "answered", ring_seconds=7, talk_seconds=65)
        clock.advance(clever.seconds_to_complete(reference) + 3600)
        gate.open()  # the dead replica's reads are answered into the void; the survivor's go through

        [final] = until("the final report in the campaign card's thread", lambda: _finals(standin, card.ts))
        [summary] = until("the call's summary in its card's thread", lambda: standin.thread(CHANNEL, call_card.ts))
        until("the survivor's watchers past their last post", lambda: _watchers_done(jobs, reference, call_job.id))
    finally:
        gate.open()
        store.close()
    # The cards' last edits go out at Slack's pace (one a second per channel): waited for, then read.
    until("the campaign card finished", lambda: ":checkered_flag: finished" in _shown(standin, card.ts))
    until("the call card answered", lambda: "Cancel call" not in _shown(standin, call_card.ts))

    _counts_every_delivery(final.all_text(), _shown(standin, card.ts), clever, reference)
    assert standin.thread(CHANNEL, card.ts) == [final]
    assert "answered" in summary.all_text() and "1 min 5 s" in summary.all_text()
    assert standin.thread(CHANNEL, call_card.ts) == [summary]
    assert "answered (REPONDU)" in _shown(standin, call_card.ts)
    assert _pushes(clever) == 1
    assert _calls_placed(axialys) == 1


def _watchers_done(jobs: Records, reference: str, call_job_id: str) -> bool:
    """The campaign watcher saved its run past the final report (it only reads replies now, slowly), and the call
    watcher ended: no run of theirs can post a final report or a summary any more."""
    campaign_job = jobs.of(JOBS).get(f"{CAMPAIGN_WATCH}:{reference}")
    ended = jobs.of(ENDED_JOBS).get(call_job_id)
    return (
        campaign_job is not None
        and bool(campaign_job.data.get("reported"))
        and campaign_job.lease_until is None
        and ended is not None
        and ended.state == "done"
    )


# -- the database stopped mid-campaign ------------------------------------------------------------------------


def test_postgresql_stopped_and_restarted_mid_campaign_loses_nothing_and_sends_nothing_twice(
    relais_factory: RelaisFactory,
    postgres: PostgresServer,
    database_url: str,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two replicas (runtimes in this process) on one database. A campaign is sent; its watcher, mid-run, waits for
    Clever's answer when PostgreSQL stops; the SMS are acknowledged meanwhile and the run, answered, cannot record
    what it read. PostgreSQL starts again: the watcher is taken over, the card ends finished with every delivery
    counted, one final report in its thread and nothing else (no trouble notice, nothing lost), one push at
    Clever, the send recorded done (not unknown)."""
    replicas = [
        relais_factory(relais_database_url=database_url, data_dir=tmp_path_factory.mktemp(f"replica{n}"))
        for n in (1, 2)
    ]
    for replica in replicas:
        replica.runtime.services.scheduler.lease_seconds = LEASE_SECONDS
    first = operations_channel(replicas[0])
    gate = Gate()
    gate.install(monkeypatch, first.sandboxes["clever"], "campaign watcher", _reads_a_push)
    reference = send(first, PUSH)
    card_ts = campaign(first, reference).ts
    first.runtime.services.scheduler.wake(f"{CAMPAIGN_WATCH}:{reference}")
    gate.wait_held("campaign watcher")  # a replica's watcher is mid-run, waiting for Clever's answer

    postgres.stop()
    try:
        deliver_all(first, reference)  # every SMS acknowledged while the database is away
        gate.open()
        for replica in replicas:  # the held run reads Clever, cannot record what it read, and ends
            assert replica.runtime.services.worker.wait_idle(timeout=PATIENCE)
    finally:
        postgres.start()

    for replica in replicas:
        until("the replica reaching its database again", partial(_healthy, replica))
    [final] = until("the final report in the campaign card's thread", lambda: _final_reports(first, card_ts))
    until("the watcher past its final report", lambda: _reported(first.records(JOBS), reference))
    first.settle()
    replicas[1].settle()

    clever = _clever(first.sandboxes)
    _counts_every_delivery(final.all_text(), card_message(first, reference).all_text(), clever, reference)
    assert thread(first, reference) == [final]  # and no notice of trouble reading Clever, nor of a lost campaign
    assert _pushes(clever) == 1
    followed = campaign(first, reference)
    assert followed.state == "done" and followed.counts.pending == 0
    assert [write.state for _, write in first.records(WRITES).scan()] == [WriteState.DONE]


def _healthy(relais: Relais) -> bool:
    return httpx.get(relais.url + "/healthz", timeout=10).status_code == 200


def _final_reports(relais: Relais, card_ts: str) -> list[Message]:
    return _finals(relais.standin, card_ts)


def _reported(jobs: Collection[Job], reference: str) -> bool:
    job = jobs.get(f"{CAMPAIGN_WATCH}:{reference}")
    return job is not None and bool(job.data.get("reported")) and job.lease_until is None
