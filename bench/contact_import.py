"""10,000 contacts imported from a CSV: time, Clever requests, peak memory.

Run from the project root: ``python bench/contact_import.py``. One run:

1. starts Relais in-process against the stand-in Slack and the Clever sandbox;
2. types ``/contact import``, attaches a 10,000-row CSV (French headers, ``;``, 5 % bad rows,
   1 % duplicates) in the modal and waits for the card (download, read, check against M9);
3. presses Import contacts and waits for the job's summary (one M5 per valid row).

The pace is raised (``ContactImports.per_second``) so the run measures Relais, not the wait: at the
default 5 a second, 9,400 contacts take 31 minutes whatever Relais does. Peak memory is
tracemalloc's over the whole process, so it includes the sandbox's own copy of the contacts.
A measurement, not a test: it exits 0 whatever the result.
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.console.driver import SlackDriver  # noqa: E402
from bot.core.config import Settings  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from bot.sandboxes.clever.server import CleverSandbox  # noqa: E402
from bot.sandboxes.frame import SandboxServer  # noqa: E402
from bot.sandboxes.slack import SlackStandIn  # noqa: E402
from bot.slack.cards import CONFIRM  # noqa: E402
from handlers.clever import CleverKit  # noqa: E402
from handlers.clever.contact_import_records import CONTACT_IMPORTS  # noqa: E402

ROWS = 10_000
PACE = 100_000.0  # contacts a second: as fast as the sandbox answers
USER, CHANNEL = "UALICE", "CBENCH"
TOKEN, SECRET = "xoxb-bench-token", "bench-signing-secret"


def contacts_csv() -> bytes:
    lines = ["Nom;Prénom;Téléphone;E-mail;Code postal;Ville"]
    for n in range(ROWS):
        if n % 20 == 3:
            lines.append(f"Nom{n};Prénom;01 23;pas-un-mail")  # 5 % bad rows
            continue
        number = n - 1 if n % 100 == 50 else n  # 1 % duplicates of the row before
        mobile = f"06{10_000_000 + number:08d}"
        lines.append(f"Lefèvre;Zoé{n};{mobile};z{n}@example.fr;75011;Paris")
    return "\r\n".join(lines).encode("utf-8-sig")


def main() -> int:
    clever = CleverSandbox()
    clever.start()
    content = contacts_csv()
    with SlackStandIn(bot_token=TOKEN) as standin, tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            slack_bot_token=TOKEN, slack_signing_secret=SECRET, slack_api_url=standin.api_url, relais_data_dir=Path(tmp)
        )
        sandboxes: dict[str, SandboxServer] = {"clever": clever}
        runtime = Runtime(settings, sandboxes=sandboxes)  # type: ignore[arg-type]
        url = runtime.start()
        driver = SlackDriver(url, SECRET, standin)
        kit = runtime.kit("clever")
        assert isinstance(kit, CleverKit)
        kit.contact_imports.per_second = PACE
        tracemalloc.start()
        try:
            driver.command("/contact import", user=USER, channel=CHANNEL)
            runtime.settle()
            [view] = standin.open_views(USER)
            file_id = standin.add_file("contacts.csv", content, mimetype="text/csv", user=USER)
            started = time.perf_counter()
            driver.submit(view, {"file": [file_id]}, user=USER)
            runtime.settle()
            card = standin.ephemerals(USER)[-1]
            reading = time.perf_counter() - started
            posts_before = len(clever.requests("/api/contacts"))
            started = time.perf_counter()
            driver.click(card, CONFIRM, user=USER)
            imports = runtime.services.records.of(CONTACT_IMPORTS)
            deadline = time.monotonic() + 1800
            while time.monotonic() < deadline:
                [(_, record)] = list(imports.scan())
                if record.state == "done":
                    break
                time.sleep(0.1)
            importing = time.perf_counter() - started
            runtime.settle()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
            driver.close()
            runtime.stop()
            clever.stop()
    requests = clever.requests()
    posts = len([r for r in requests if r.method == "POST" and r.path == "/api/contacts"]) - posts_before
    reads = len([r for r in requests if r.method == "GET"])
    rate = record.total / importing
    rows = [
        ("CSV", f"{ROWS:,} rows, {len(content) / 1e6:.2f} MB"),
        ("card (download, read, check vs M9)", f"{reading:.2f} s: {card.all_text().splitlines()[1][:70]}"),
        ("import (confirm → summary)", f"{importing:.2f} s for {record.total:,} rows, {rate:,.0f}/s"),
        ("outcome", f"{record.created:,} created, {record.refused:,} refused, {record.unknown:,} unknown"),
        ("Clever requests", f"{posts:,} M5 (one per valid row), {reads} reads (M9, M24)"),
        ("peak memory (tracemalloc, sandbox included)", f"{peak / 1e6:.1f} MB"),
        ("at the default pace (5/s)", f"{record.total / 5 / 60:.0f} min for the same file"),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
