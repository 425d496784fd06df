"""Persisted watchers: resume after a restart (kill -9 included), one final post, ever."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError

from bot.core.jobs import Job
from bot.sandboxes.slack import SlackStandIn
from bot.slack.output import POSTED_ONCE, OncePost, PostInProgress
from handlers import build_registry
from tests.conftest import BOT_TOKEN, CHANNEL, RelaisFactory
from tests.e2e.watcher_app import POLLS
from tests.waiting import until

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _start_watcher_process(
    standin: SlackStandIn, data_dir: Path, card_ts: str, **settings: str
) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": standin.api_url,
        "RELAIS_DATA_DIR": str(data_dir),
        **settings,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.watcher_app", CHANNEL, card_ts],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def _read_until(process: subprocess.Popen[str], wanted: str, timeout: float = 30.0) -> list[str]:
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = process.stdout.readline().strip()
        seen.append(line)
        if line == wanted:
            return seen
        if not line and process.poll() is not None:
            break
    raise AssertionError(f"never printed {wanted!r}; printed {seen[-5:]}")


def _finals(standin: SlackStandIn, card_ts: str) -> list[Any]:
    return [m for m in standin.thread(CHANNEL, card_ts) if m.text.startswith("Final report")]


def test_a_watcher_killed_with_sigkill_resumes_and_posts_its_final_report_once(
    standin: SlackStandIn, tmp_path: Path
) -> None:
    card_ts = standin.handle_api("chat.postMessage", {"channel": CHANNEL, "text": "campaign card"}, BOT_TOKEN)["ts"]
    first = _start_watcher_process(standin, tmp_path, card_ts)
    try:
        _read_until(first, "poll 4")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        first.kill()
    assert _finals(standin, card_ts) == []
    second = _start_watcher_process(standin, tmp_path, card_ts)
    try:
        printed = _read_until(second, "final posted")
        polls = [int(line.split()[1]) for line in printed if line.startswith("poll ")]
        assert polls[0] >= 4, "the second process resumed from the persisted progress"
        assert polls[-1] == POLLS
        time.sleep(0.5)  # time for a (wrong) extra run of the finished job
    finally:
        second.kill()
        second.wait(timeout=10)
    assert len(_finals(standin, card_ts)) == 1


def test_post_once_after_a_crash_between_post_and_record_does_not_post_again(
    relais_factory: RelaisFactory,
) -> None:
    relais = relais_factory()
    out = relais.runtime.services.out
    card_ts = out.post(CHANNEL, "campaign card")
    # A first process posted (with its key in the metadata) and died before recording the ts.
    relais.records(POSTED_ONCE).put("job-9:final", OncePost(state="posting", channel=CHANNEL))
    relais.standin.handle_api(
        "chat.postMessage",
        {
            "channel": CHANNEL,
            "text": "Final report",
            "thread_ts": card_ts,
            "metadata": {"event_type": "relais_once", "event_payload": {"key": "job-9:final"}},
        },
        BOT_TOKEN,
    )
    ts = out.post_once("job-9:final", CHANNEL, "Final report", thread_ts=card_ts)
    assert len(relais.standin.thread(CHANNEL, card_ts)) == 1
    assert ts == relais.standin.thread(CHANNEL, card_ts)[0].ts
    assert out.post_once("job-9:final", CHANNEL, "Final report", thread_ts=card_ts) == ts


def test_post_once_after_a_crash_before_the_post_posts_it(relais_factory: RelaisFactory) -> None:
    relais = relais_factory()
    out = relais.runtime.services.out
    card_ts = out.post(CHANNEL, "campaign card")
    relais.records(POSTED_ONCE).put("job-8:final", OncePost(state="posting", channel=CHANNEL))
    out.post_once("job-8:final", CHANNEL, "Final report", thread_ts=card_ts)
    [final] = relais.standin.thread(CHANNEL, card_ts)
    assert final.metadata == {"event_type": "relais_once", "event_payload": {"key": "job-8:final"}}


def test_post_once_finds_a_channel_post_of_a_dead_process_among_many_replies(
    relais_factory: RelaisFactory,
) -> None:
    relais = relais_factory()
    out = relais.runtime.services.out
    relais.records(POSTED_ONCE).put("job-7:final", OncePost(state="posting", channel=CHANNEL, at=0))
    relais.standin.handle_api(
        "chat.postMessage",
        {
            "channel": CHANNEL,
            "text": "Final report",
            "metadata": {"event_type": "relais_once", "event_payload": {"key": "job-7:final"}},
        },
        BOT_TOKEN,
    )
    for n in range(450):  # more than two pages of history after it
        relais.standin.handle_api("chat.postMessage", {"channel": CHANNEL, "text": f"chatter {n}"}, BOT_TOKEN)
    posted = len(relais.standin.channel_messages(CHANNEL))
    out.post_once("job-7:final", CHANNEL, "Final report")
    assert len(relais.standin.channel_messages(CHANNEL)) == posted


def test_post_once_does_not_post_when_it_cannot_check(relais_factory: RelaisFactory) -> None:
    relais = relais_factory()
    out = relais.runtime.services.out
    card_ts = out.post(CHANNEL, "campaign card")
    relais.records(POSTED_ONCE).put("job-6:final", OncePost(state="posting", channel=CHANNEL, at=0))
    relais.standin.fail_next("conversations.replies", "internal_error")
    with pytest.raises(SlackApiError):
        out.post_once("job-6:final", CHANNEL, "Final report", thread_ts=card_ts)
    assert relais.standin.thread(CHANNEL, card_ts) == []
    out.post_once("job-6:final", CHANNEL, "Final report", thread_ts=card_ts)  # the job's next attempt
    assert len(relais.standin.thread(CHANNEL, card_ts)) == 1


def test_post_once_refuses_a_second_post_while_this_process_posts(relais_factory: RelaisFactory) -> None:
    relais = relais_factory()
    out = relais.runtime.services.out
    out.post_once("job-5:final", CHANNEL, "Final report")
    intent = OncePost(state="posting", channel=CHANNEL, at=0, boot=out._boot)
    relais.records(POSTED_ONCE).put("job-4:final", intent)  # as if another thread were posting it right now
    with pytest.raises(PostInProgress):
        out.post_once("job-4:final", CHANNEL, "Final report")


@pytest.mark.parametrize("mode", ["embedded", "shared"])
def test_jobs_resume_after_a_clean_restart(
    relais_factory: RelaisFactory, tmp_path: Path, mode: str, request: pytest.FixtureRequest
) -> None:
    """Everything stopped before a job's first run: the run waits in the job queue (Huey's SQLite file beside the
    embedded store, or its tables in the shared database) and happens once Relais is back."""
    shared = {"relais_database_url": request.getfixturevalue("database_url")} if mode == "shared" else {}
    runs: list[int] = []

    def counting(kit: object, job: Job) -> float | None:
        runs.append(int(job.data.get("n", 0)))
        job.data["n"] = int(job.data.get("n", 0)) + 1
        return None if job.data["n"] >= 4 else 0.0

    def registry() -> Any:
        reg = build_registry()
        reg.job("test.count", counting, family="relais")
        return reg

    first = relais_factory(registry=registry(), data_dir=tmp_path / "d", **shared)
    first.runtime.services.scheduler.add("test.count", {}, job_id="count-1", delay=1.5)
    first.runtime.stop()  # before its first run: the run to come is kept in the job queue
    second = relais_factory(registry=registry(), data_dir=tmp_path / "d", **shared)
    scheduler = second.runtime.services.scheduler
    job = scheduler.get("count-1")
    assert job is not None and job.state == "active" and runs == []
    until("the job's four runs after the restart", lambda: (scheduler.get("count-1") or job).state == "done", 10)
    assert runs == [0, 1, 2, 3]
    assert scheduler.get("count-1").state == "done"  # type: ignore[union-attr]
    assert scheduler.add("test.count", {}, job_id="count-1").state == "done", "a finished job is not recreated"


def test_two_replicas_share_a_watcher_and_the_survivor_of_a_kill_9_finishes_it_once(
    standin: SlackStandIn, database_url: str, tmp_path: Path
) -> None:
    """Shared mode (issue 15): two processes on one database run the watcher by turns; the one polling is
    killed with SIGKILL; the other takes the job over when its lease runs out and posts one final report."""
    card_ts = standin.handle_api("chat.postMessage", {"channel": CHANNEL, "text": "campaign card"}, BOT_TOKEN)["ts"]
    shared = {"RELAIS_DATABASE_URL": database_url, "WATCHER_POLL_SECONDS": "0.3", "WATCHER_LEASE_SECONDS": "2"}
    replicas = [_start_watcher_process(standin, tmp_path / f"r{n}", card_ts, **shared) for n in (1, 2)]
    lines: list[list[str]] = [[], []]
    readers = [
        threading.Thread(target=_collect, args=(replica, lines[n]), daemon=True) for n, replica in enumerate(replicas)
    ]
    for reader in readers:
        reader.start()
    try:
        until("a replica at its fourth poll", lambda: any(_polls(found) and _polls(found)[-1] >= 4 for found in lines))
        victim = max((0, 1), key=lambda n: _polls(lines[n])[-1] if _polls(lines[n]) else 0)
        replicas[victim].send_signal(signal.SIGKILL)
        replicas[victim].wait(timeout=10)
        survivor = 1 - victim
        until("the survivor's final post", lambda: "final posted" in lines[survivor], hint=lambda: str(lines))
        time.sleep(1.0)  # time for a (wrong) extra run of the finished job
    finally:
        for replica in replicas:
            replica.kill()
            replica.wait(timeout=10)
    assert len(_finals(standin, card_ts)) == 1
    assert max(_polls(lines[0]) + _polls(lines[1])) == POLLS


def _collect(process: subprocess.Popen[str], into: list[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        into.append(line.strip())


def _polls(lines: list[str]) -> list[int]:
    return [int(line.split()[1]) for line in list(lines) if line.startswith("poll ")]
