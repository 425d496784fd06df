"""The console across runs and while the user reads: kept or fresh, logs in a file, updates that appear.

Each test drives ConsoleSession as ``relais console`` does (signed HTTP to the real app, the
stand-in Slack, the sandboxes); every session is closed, which stops its servers and threads.
"""

from __future__ import annotations

import io
import logging
import os
import threading
from pathlib import Path

import pytest

from bot.console.session import ConsoleSession
from bot.core.backends import open_job_queue
from bot.core.config import Settings
from bot.core.jobs import JOBS
from bot.sandboxes.clever.server import CleverSandbox
from handlers.clever.records import CAMPAIGNS
from tests.e2e.test_cli import relais
from tests.waiting import until

PUSH = "/push sms +33612345678 nature=transactional Bonjour"  # a notice: sent whatever the hour


def run(session: ConsoleSession, lines: list[str]) -> str:
    out = io.StringIO()
    assert session.interact(stdin=io.StringIO("\n".join(lines) + "\n"), out=out) == 0
    return out.getvalue()


def clever(session: ConsoleSession) -> CleverSandbox:
    found = session.sandboxes["clever"]
    assert isinstance(found, CleverSandbox)
    return found


def only_campaign(session: ConsoleSession) -> str:
    [(reference, _)] = list(session.runtime.services.records.of(CAMPAIGNS).scan())
    return reference


def run_watcher_now(session: ConsoleSession, reference: str) -> None:
    """Make the campaign's watcher due now and run it (the scheduler itself waits on real time)."""
    session.runtime.services.records.of(JOBS).update(
        f"clever.watch:{reference}",
        lambda job: job.model_copy(update={"next_run": 0, "lease_until": None}) if job else None,
    )
    session.runtime.services.scheduler.run_due()
    session.settle()


def test_a_kept_run_still_shows_the_campaign_sent_and_edits_its_card(tmp_path: Path) -> None:
    settings = Settings(relais_data_dir=tmp_path)
    with ConsoleSession(settings=settings) as first:
        shown = run(first, [PUSH, "press 1", "quit"])
        assert "campaign `Push" in shown
        reference = only_campaign(first)
    with ConsoleSession(settings=settings, keep=True) as second:
        assert "Kept from the last run" in second.notice
        assert reference in clever(second).pushes()
        campaign = second.runtime.services.records.of(CAMPAIGNS).get(reference)
        assert campaign is not None and campaign.state not in ("cancelled", "unknown")
        card = second.standin.find(campaign.ts)
        assert card is not None
        edits_before = card.edits
        box = clever(second)
        box.clock.advance(box.seconds_to_complete(reference) + 1)  # Clever has news: every SMS acknowledged
        run_watcher_now(second, reference)
        assert card.edits > edits_before  # the watcher edited the card posted by the first run
        assert "cancelled" not in card.all_text() and "cannot tell" not in card.all_text()
        assert second.standin.calls_to("chat.update")
        shown = run(second, [f"/push status {reference}", "quit"])
        assert "in progress" in shown or "delivered" in shown
        assert "not found" not in shown.lower()
    log = (tmp_path / "console" / "console.log").read_text(encoding="utf-8")
    assert "message_not_found" not in log and "WARNING" not in log


def test_a_fresh_run_forgets_the_store_the_sandboxes_and_the_slack_messages(tmp_path: Path) -> None:
    settings = Settings(relais_data_dir=tmp_path)
    with ConsoleSession(settings=settings) as first:
        run(first, [PUSH, "press 1", "quit"])
        reference = only_campaign(first)
    with ConsoleSession(settings=settings) as fresh:
        assert fresh.notice == ""
        assert list(fresh.runtime.services.records.of(CAMPAIGNS).scan()) == []
        assert [key for key, _ in fresh.runtime.services.records.of(JOBS).scan()] == [
            "relais.housekeeping",
            "relais.interrupted_writes",
        ]
        assert reference not in clever(fresh).pushes()
        assert fresh.standin.messages == []
        queue = open_job_queue(tmp_path / "console").storage  # the runs to come, as Huey keeps them
        queued = [*queue.scheduled_items(), *queue.enqueued_items()]
        assert queued and not [raw for raw in queued if reference.encode() in raw], "the last run's watcher is gone"
        assert fresh.runtime.services.audit.last(5) == []
    # Fresh runs save too: a later --keep continues from the fresh one, not from the first.
    with ConsoleSession(settings=settings, keep=True) as kept:
        assert "Kept from the last run" in kept.notice
        assert list(kept.runtime.services.records.of(CAMPAIGNS).scan()) == []


def test_keep_with_nothing_saved_or_a_damaged_save_starts_afresh_and_says_so(tmp_path: Path) -> None:
    settings = Settings(relais_data_dir=tmp_path)
    with ConsoleSession(settings=settings, keep=True) as nothing_saved:
        assert "Nothing was saved by a last run here: starting afresh" in nothing_saved.notice
        run(nothing_saved, [PUSH, "press 1", "quit"])
    (tmp_path / "console" / "simulators.pickle").write_bytes(b"not a pickle")
    with ConsoleSession(settings=settings, keep=True) as damaged:
        assert "starting afresh" in damaged.notice
        # Both fresh, never one without the other: no campaign the sandbox would not know.
        assert list(damaged.runtime.services.records.of(CAMPAIGNS).scan()) == []


def test_log_lines_go_to_the_file_never_to_the_prompt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root_before = list(logging.getLogger().handlers)
    with ConsoleSession(settings=Settings(relais_data_dir=tmp_path)) as session:
        logging.getLogger("bot.console").warning("chat.update failed: message_not_found (a probe)")
        shown = run(session, ["/relais status", "quit"])
    log_path = tmp_path / "console" / "console.log"
    assert f"Log lines go to {log_path}" in shown
    log = log_path.read_text(encoding="utf-8")
    assert "message_not_found (a probe)" in log and "no live credentials, using the sandbox" in log
    assert "message_not_found" not in shown and "WARNING" not in shown and "INFO" not in shown
    captured = capsys.readouterr()
    assert "message_not_found" not in captured.out + captured.err
    assert logging.getLogger().handlers == root_before  # closing puts back the logging it found


def test_the_cli_keeps_both_with_keep_and_prints_no_warning(tmp_path: Path) -> None:
    first = relais(["console", "-c", PUSH, "-c", "press 1"], {}, tmp_path)
    assert first.returncode == 0, first.stderr
    reference = first.stdout.split("campaign `")[1].split("`")[0]
    kept = relais(["console", "--keep", "-c", f"/push status {reference}"], {}, tmp_path)
    assert kept.returncode == 0 and kept.stderr == "", kept.stderr
    assert "in progress" in kept.stdout or "delivered" in kept.stdout
    fresh = relais(["console", "-c", f"/push status {reference}"], {}, tmp_path)
    assert fresh.returncode == 0 and fresh.stderr == "", fresh.stderr
    assert "in progress" not in fresh.stdout and "delivered" not in fresh.stdout


def post_with_button(session: ConsoleSession, text: str) -> None:
    """A message arriving on its own (as a watcher's report would), with a button."""
    session.runtime.services.slack.chat_postMessage(
        channel="CGENERAL",
        text=text,
        blocks=[
            {"type": "section", "text": {"type": "mrkdwn", "text": text}},
            {
                "type": "actions",
                "elements": [{"type": "button", "text": {"type": "plain_text", "text": "Probe"}, "action_id": "probe"}],
            },
        ],
    )


def test_button_numbers_do_not_move_when_a_message_arrives(tmp_path: Path) -> None:
    with ConsoleSession(settings=Settings(relais_data_dir=tmp_path)) as session:
        for n in range(15):
            session.runtime.services.audit.record(
                user_id="UALICE", channel_id="CGENERAL", command=f"/push sms {n}", operation="M11", outcome="done"
            )
        ok, shown = session.send("/relais audit 15")
        assert ok and "[1: Next ▶]" in shown and "[2: Export CSV]" in shown
        post_with_button(session, "A report arrived")
        arrived = session.fresh_news()
        assert "A report arrived" in arrived and "[3: Probe]" in arrived
        page_two = session.press(1)  # still the Next the user saw as 1
        assert "Page 2 of 2" in page_two
        assert "[2: Export CSV]" in page_two  # the same button keeps its number on the redrawn card
        assert "[3:" not in page_two  # the card's new buttons get new numbers, not the probe's
        assert "Button 1 is no longer shown" in session.press(1)  # Next is gone from page 2
        assert "There is no button 99" in session.press(99)


def test_the_background_printer_shows_what_arrives_without_any_input(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    out = io.StringIO()
    with (
        ConsoleSession(settings=Settings(relais_data_dir=tmp_path)) as session,
        os.fdopen(read_end, encoding="utf-8") as stdin,
        os.fdopen(write_end, "w", encoding="utf-8") as typed,
    ):
        prompt = threading.Thread(target=session.interact, args=(stdin, out), name="test-console-prompt")
        prompt.start()
        try:
            until("the prompt", lambda: "[UALICE #general] > " in out.getvalue(), 20)
            post_with_button(session, "Final report of Push1")
            until("the update printed", lambda: "Final report of Push1" in out.getvalue(), 20)
            shown = out.getvalue()
            assert "\n── Relais (#general, new) ──\nFinal report of Push1" in shown
            assert shown.endswith("[1: Probe]\n[UALICE #general] > ")  # the prompt again, after the news
        finally:
            typed.write("quit\n")
            typed.flush()
            prompt.join(timeout=20)
        assert not prompt.is_alive()
        assert not [t for t in threading.enumerate() if t.name == "console-printer"]
