"""A campaign's report and replies leave Slack as CSV files: `… export` and the final report's button."""

from __future__ import annotations

import csv
import io

from handlers.clever.lookup import EXAMPLE_REFERENCE
from handlers.clever.report_export import EXPORT_REPORT
from tests.clever_support import campaign, deliver_all, run_watcher, sandbox, send, thread
from tests.conftest import CHANNEL, MEMBER, Relais, RelaisFactory

NUMBERS = ["+33612345678", "+33623456789", "+33634567890", "+33645678901"]
HEADER = ["recipient", "status", "status code", "sent (Paris time)", "received (Paris time)"]


def _rows(content: bytes, separator: str = ",") -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text[1:]), delimiter=separator))


def _delivered_campaign(relais: Relais) -> str:
    sandbox(relais).set_failure_ratio(0.5)
    ref = send(relais, f"/push sms {','.join(NUMBERS)} Bonjour")
    deliver_all(relais, ref)
    return ref


def test_report_export_posts_every_delivery_in_the_campaign_thread(relais: Relais) -> None:
    ref = _delivered_campaign(relais)
    assert relais.command(f"/push report {ref} export") == []
    ts = campaign(relais, ref).ts
    [(name, content, message)] = relais.standin.posted_files(CHANNEL, thread_ts=ts)
    assert name == f"{ref}-report.csv"
    assert f"Delivery report {ref}: 4 rows, exported for <@{MEMBER}>" in message.text
    rows = _rows(content)
    assert rows[0] == HEADER
    assert sorted(row[0] for row in rows[1:]) == NUMBERS
    vendor = {row["recipient"]: row for row in sandbox(relais).deliveries(ref)}
    for recipient, words, code, sent, received in rows[1:]:
        assert code == vendor[recipient]["status"] and words == {"3": "delivered", "4": "failed"}[code]
        assert sent == vendor[recipient]["date_send"] and received == vendor[recipient]["date_receive"]
    assert {row[1] for row in rows[1:]} <= {"delivered", "failed"}


def test_the_final_report_has_an_export_button(relais: Relais) -> None:
    ref = _delivered_campaign(relais)
    run_watcher(relais, ref)
    run_watcher(relais, ref)
    [final] = [m for m in thread(relais, ref) if m.all_text().startswith("Final report")]
    assert "Export CSV" in final.button_labels()
    relais.click(final, f"{EXPORT_REPORT}{ref}")
    [(name, content, _)] = relais.standin.posted_files(CHANNEL, thread_ts=campaign(relais, ref).ts)
    assert name == f"{ref}-report.csv" and len(_rows(content)) == len(NUMBERS) + 1


def test_a_campaign_relais_did_not_send_exports_into_the_channel(relais_factory: RelaisFactory) -> None:
    relais = relais_factory()
    relais.standin.add_user("UFR", "marie", "Marie Curie", locale="fr-FR")
    relais.command(f"/push report {EXAMPLE_REFERENCE} export", user="UFR")
    [(name, content, message)] = relais.standin.posted_files(CHANNEL)
    assert name == f"{EXAMPLE_REFERENCE}-report.csv" and message.thread_ts is None
    rows = _rows(content, ";")  # a French speaker gets semicolons
    assert rows[0] == HEADER and len(rows) == 4


def test_replies_export_lists_number_text_and_time(relais: Relais) -> None:
    relais.command(f"/push replies {EXAMPLE_REFERENCE} export sep=;")
    [(name, content, _)] = relais.standin.posted_files(CHANNEL)
    assert name == f"{EXAMPLE_REFERENCE}-replies.csv"
    rows = _rows(content, ";")
    assert rows[0] == ["number", "reply", "received (Paris time)"]
    [(number, text, when)] = rows[1:]
    assert (number, text) == ("+33612345678", "OK merci") and when.startswith("2026-")


def test_replies_of_a_relais_campaign_go_into_its_thread(relais: Relais) -> None:
    ref = _delivered_campaign(relais)
    sandbox(relais).inject_mo(ref, NUMBERS[0], "Stop, merci")
    relais.command(f"/push replies {ref} export")
    [(_, content, _)] = relais.standin.posted_files(CHANNEL, thread_ts=campaign(relais, ref).ts)
    assert _rows(content)[1][:2] == [NUMBERS[0], "Stop, merci"]


def test_the_report_listing_says_how_to_export_and_a_bad_reference_is_refused(relais: Relais) -> None:
    text = relais.reply_text(f"/push report {EXAMPLE_REFERENCE}")
    assert f"/push report {EXAMPLE_REFERENCE} export" in text
    refused = relais.reply_text("/push report nothing export")
    assert "is not a campaign reference" in refused and "`nothing`" in refused
    assert relais.standin.posted_files(CHANNEL) == []
