"""A Relais process with one test watcher, for the kill -9 tests (run as ``python -m tests.e2e.watcher_app``).

The watcher polls (each poll printed as "poll N"), and after ``POLLS`` polls posts its final
report in the card's thread through ``post_once``, then ends. With ``RELAIS_DATABASE_URL`` it is a
replica in shared mode; ``WATCHER_POLL_SECONDS`` and ``WATCHER_LEASE_SECONDS`` slow its polls and
shorten its leases (a takeover within the test's patience).
"""

from __future__ import annotations

import os
import sys
import threading

from bot.core.config import Settings
from bot.core.jobs import Job
from bot.runtime import Runtime
from handlers import build_registry
from handlers.clever import CleverKit

POLLS = 12


def watch(kit: CleverKit, job: Job) -> float | None:
    """A watcher of the Clever family (it posts through that family's Slack output)."""
    polls = int(job.data.get("polls", 0)) + 1
    job.data["polls"] = polls
    # Progress is persisted by the scheduler after the run; a kill before that replays this poll.
    print(f"poll {polls}", flush=True)
    if polls < POLLS:
        return float(os.environ.get("WATCHER_POLL_SECONDS", "0"))
    kit.out.post_once(
        f"{job.id}:final", job.params["channel"], f"Final report after {polls} polls", thread_ts=job.params["ts"]
    )
    print("final posted", flush=True)
    return None


def main() -> None:
    settings = Settings(
        slack_bot_token=os.environ["SLACK_BOT_TOKEN"],
        slack_signing_secret="unused-in-this-test",
        slack_api_url=os.environ["SLACK_API_URL"],
        relais_data_dir=os.environ["RELAIS_DATA_DIR"],
        relais_database_url=os.environ.get("RELAIS_DATABASE_URL") or None,
    )
    registry = build_registry()
    registry.job("test.watch", watch, family="clever")
    runtime = Runtime(settings, registry=registry)
    if os.environ.get("WATCHER_LEASE_SECONDS"):
        runtime.services.scheduler.lease_seconds = float(os.environ["WATCHER_LEASE_SECONDS"])
    runtime.services.scheduler.add("test.watch", {"channel": sys.argv[1], "ts": sys.argv[2]}, job_id="watch-1")
    runtime.start()
    print("started", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
