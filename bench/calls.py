"""200 callbacks followed at once: vendor requests per poll cycle, and time to post every summary.

Run from the project root: ``python bench/calls.py``. One run:

1. starts Relais in-process against the stand-in Slack and the Axialys sandbox (frozen clock);
2. places 200 calls through the safe-write path (stage → confirm → A24 → call card → watcher),
   half on pop-up 77, half on pop-up 197;
3. runs one poll cycle while every call is pending and counts the Axialys requests it made
   (target: one ``appel_listing`` per pop-up, whatever the number of calls);
4. moves the sandbox clock past the end of every call, runs the watchers, and measures the
   time until the 200 summaries are in their threads (target below);
5. prints the numbers side by side with PASS / MISS. It exits 0 whatever the outcome.

Card edits are not waited for: Relais sends at most one edit per second per channel
(``bot.slack.output``), so 200 cards in one channel take ~200 s to show their final state;
the summaries, being new posts, are not throttled.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.core.config import Settings  # noqa: E402
from bot.core.jobs import JOBS  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from bot.sandboxes.axialys.server import AxialysSandbox  # noqa: E402
from bot.sandboxes.frame import SandboxClock, SandboxServer  # noqa: E402
from bot.sandboxes.slack import SlackStandIn  # noqa: E402
from handlers.axialys.call_watch import WATCH_KIND  # noqa: E402
from handlers.axialys.calls import CALL_KIND  # noqa: E402

CALLS = 200
POPUPS = (77, 197)
USER, CHANNEL = "UADMIN", "CBENCH"
TOKEN = "xoxb-bench-token"
TARGET_REQUESTS_PER_POPUP = 1
TARGET_SUMMARIES_SECONDS = 10.0


def _settings(standin: SlackStandIn, data_dir: Path) -> Settings:
    return Settings(
        slack_bot_token=TOKEN,
        slack_signing_secret="bench-signing-secret",
        slack_api_url=standin.api_url,
        relais_data_dir=data_dir,
        relais_admins=USER,
    )


def _place(runtime: Runtime, index: int) -> None:
    services = runtime.services
    popup = POPUPS[index % len(POPUPS)]
    number = f"+3361{index:07d}"
    params = {
        "number": number,
        "id_popup": popup,
        "popup_name": f"popup {popup}",
        "destination": "FR_Mobile",
        "destination_label": "France mobile",
    }
    record = services.safe_writes.stage(
        CALL_KIND, params, user_id=USER, channel_id=CHANNEL, command="bench", title="call", preview=[]
    )
    services.safe_writes.confirm(record.id, USER)


def _run_watchers(runtime: Runtime) -> None:
    services = runtime.services
    for job in services.scheduler.active():
        if job.kind == WATCH_KIND:
            services.records.of(JOBS).put(job.id, job.model_copy(update={"next_run": 0, "lease_until": None}))
    services.scheduler.run_due()
    services.worker.wait_idle(timeout=120)


def _summaries(standin: SlackStandIn) -> int:
    return sum(1 for m in standin.messages if m.thread_ts and m.text.startswith("Call #"))


def main() -> int:
    clock = SandboxClock()
    sandbox = AxialysSandbox(clock=clock)
    sandbox.start()
    with SlackStandIn(bot_token=TOKEN) as standin, tempfile.TemporaryDirectory() as tmp:
        standin.add_user(USER, "admin", "Ada Admin")
        sandboxes: dict[str, SandboxServer] = {"axialys": sandbox}
        runtime = Runtime(_settings(standin, Path(tmp)), sandboxes=sandboxes)  # type: ignore[arg-type]
        runtime.start()
        try:
            started = time.perf_counter()
            for index in range(CALLS):
                _place(runtime, index)
            placing = time.perf_counter() - started
            watchers = [job for job in runtime.services.scheduler.active() if job.kind == WATCH_KIND]
            runtime.services.worker.wait_idle(timeout=60)

            before = len(sandbox.requests())
            _run_watchers(runtime)
            cycle = sandbox.requests()[before:]
            listings = sum(1 for entry in cycle if entry.query.get("methode") == ["appel_listing"])

            clock.advance(4 * 3600)
            ended = time.perf_counter()
            _run_watchers(runtime)
            deadline = time.monotonic() + 60
            while _summaries(standin) < CALLS and time.monotonic() < deadline:
                time.sleep(0.05)
            summaries_seconds = time.perf_counter() - ended
            summaries = _summaries(standin)
        finally:
            runtime.stop()
            sandbox.stop()

    per_popup = len(cycle) / len(POPUPS)
    rows = [
        ("calls placed (stage → confirm → A24 → card)", f"{CALLS} in {placing:.2f} s", ""),
        ("watcher jobs", f"{len(watchers)} for {len(POPUPS)} pop-ups", _mark(len(watchers) == len(POPUPS))),
        (
            "Axialys requests in one poll cycle",
            f"{len(cycle)} ({listings} appel_listing) = {per_popup:g} per pop-up, target {TARGET_REQUESTS_PER_POPUP}",
            _mark(per_popup <= TARGET_REQUESTS_PER_POPUP),
        ),
        (
            "requests per call per cycle",
            f"{len(cycle) / CALLS:.3f} (one request per call would be 1.000)",
            "",
        ),
        (
            "time to post every summary after the calls end",
            f"{summaries_seconds:.2f} s for {summaries}/{CALLS}, target {TARGET_SUMMARIES_SECONDS:g} s",
            _mark(summaries == CALLS and summaries_seconds <= TARGET_SUMMARIES_SECONDS),
        ),
    ]
    width = max(len(label) for label, _, _ in rows)
    for label, value, mark in rows:
        print(f"{label:<{width}}  {value}  {mark}".rstrip())
    return 0


def _mark(ok: bool) -> str:
    return "PASS" if ok else "MISS"


if __name__ == "__main__":
    sys.exit(main())
