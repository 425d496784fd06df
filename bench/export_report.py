"""Exporting the report of a 100,000-delivery campaign as a CSV file: time and peak memory.

Run from the project root: ``python bench/export_report.py``. One run:

1. starts the Clever sandbox in a child process (so that its own memory, building a 100,000-row
   answer, is not counted), seeds it with an SMS campaign to 100,000 numbers and moves its clock
   past the last acknowledgement;
2. starts Relais in-process against it and the stand-in Slack;
3. types ``/push report <reference> export`` through a signed request and waits until the file is
   posted, measuring the time and the peak of Python allocations (tracemalloc) over that span;
4. does the same for the paginated listing (``/push report <reference>``), for comparison;
5. measures the peak of the client's read of Clever's answer alone (the floor of any export);
6. prints the figures and what the export adds over that read as a multiple of the file's size, with
   PASS / MISS against the targets below. It exits 0 whatever the outcome.

The peak counts everything in Relais' process: Clever's answer as read by the client (the JSON and
the 100,000 acknowledgements), the file, and the stand-in Slack keeping the uploaded file.
"""

from __future__ import annotations

import multiprocessing
import sys
import tempfile
import time
import tracemalloc
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bot.console.driver import SlackDriver  # noqa: E402
from bot.core.config import Settings  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from bot.sandboxes.clever.server import CleverSandbox  # noqa: E402
from bot.sandboxes.frame import SandboxClock  # noqa: E402
from bot.sandboxes.slack import SlackStandIn  # noqa: E402

DELIVERIES = 100_000
USER, CHANNEL = "UADMIN", "CBENCH"
TOKEN, SECRET = "xoxb-bench-token", "bench-signing-secret"
TARGET_SECONDS = 10.0
#: What the export adds to the peak of reading Clever's answer, as a multiple of the file's size: the
#: rows stream into the writer, so only the file (and its copy for the upload) should be added.
TARGET_ADDED_PER_FILE = 3.0


def _serve_sandbox(pipe: Connection) -> None:
    """The child: a Clever sandbox holding one campaign of DELIVERIES numbers, all acknowledged."""
    sandbox = CleverSandbox(clock=SandboxClock())
    sandbox.start()
    sandbox.set_credit(10 * DELIVERIES)
    credentials = CleverSandbox.credentials
    numbers = [f"+3361{i:07d}" for i in range(DELIVERIES)]
    auth = (credentials["CLEVER_USERNAME"], credentials["CLEVER_PASSWORD"])
    with httpx.Client(base_url=sandbox.url, auth=auth, timeout=60) as client:
        body = {"datas": {"text": "Bonjour", "number_list": numbers, "encodage": 3}}
        reference = client.post("/api/pushs", json=body).json()["push"]["reference"]
    sandbox.clock.advance(sandbox.seconds_to_complete(reference) + 1)
    pipe.send((sandbox.url, reference))
    pipe.recv()  # until the parent is done
    sandbox.stop()


def _measure(runtime: Runtime, driver: SlackDriver, line: str) -> tuple[float, int]:
    """(seconds, peak bytes) from typing ``line`` until Relais has finished answering it."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    started = time.perf_counter()
    reply = driver.command(line, user=USER, channel=CHANNEL)
    assert reply.status == 200, reply.body
    runtime.settle(timeout=300)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak


def _client_read(runtime: Runtime, reference: str) -> int:
    """The peak of Clever's answer alone, read by the client (M21): the floor of any export that uses it."""
    client = runtime.kit("clever").client  # type: ignore[attr-defined]
    tracemalloc.start()
    tracemalloc.reset_peak()
    rows = client.deliveries("sms", reference)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(rows) == DELIVERIES
    return int(peak)


def main() -> int:
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()
    process = context.Process(target=_serve_sandbox, args=(child,), daemon=True)
    process.start()
    url, reference = parent.recv()
    credentials = CleverSandbox.credentials
    try:
        with SlackStandIn(bot_token=TOKEN) as standin, tempfile.TemporaryDirectory() as tmp:
            standin.add_user(USER, "admin", "Ada Admin")
            settings = Settings(
                slack_bot_token=TOKEN,
                slack_signing_secret=SECRET,
                slack_api_url=standin.api_url,
                relais_data_dir=Path(tmp),
                relais_admins=USER,
                clever_url=url,
                clever_username=credentials["CLEVER_USERNAME"],
                clever_password=credentials["CLEVER_PASSWORD"],
            )
            runtime = Runtime(settings)
            driver = SlackDriver(runtime.start(), SECRET, standin)
            try:
                export_seconds, export_peak = _measure(runtime, driver, f"/push report {reference} export")
                [(name, content, _)] = standin.posted_files(CHANNEL)
                rows = content.count(b"\r\n") - 1
                listing_seconds, listing_peak = _measure(runtime, driver, f"/push report {reference}")
                read_peak = _client_read(runtime, reference)
            finally:
                driver.close()
                runtime.stop()
    finally:
        parent.send("stop")
        process.join(timeout=30)

    size = len(content)
    added = max(0, export_peak - read_peak)
    lines = [
        f"campaign {reference}: {DELIVERIES:,} deliveries; file {name}: {rows:,} rows, {size / 1e6:.1f} MB",
        f"export (/push report … export): {export_seconds:.2f} s, target {TARGET_SECONDS:g} s: "
        f"{_mark(export_seconds <= TARGET_SECONDS and rows == DELIVERIES)}",
        f"export peak memory (tracemalloc): {export_peak / 1e6:.1f} MB; Clever's answer as the client reads it "
        f"(JSON, then {DELIVERIES:,} acknowledgements) peaks at {read_peak / 1e6:.1f} MB alone",
        f"added by the export over that read: {added / 1e6:.1f} MB = {added / size:.1f} × the file, "
        f"target ≤ {TARGET_ADDED_PER_FILE:g} ×: {_mark(added / size <= TARGET_ADDED_PER_FILE)}",
        f"for comparison, the paginated listing (/push report …): {listing_seconds:.2f} s, "
        f"peak {listing_peak / 1e6:.1f} MB",
    ]
    print("\n".join(lines))
    return 0


def _mark(ok: bool) -> str:
    return "PASS" if ok else "MISS"


if __name__ == "__main__":
    sys.exit(main())
