"""/push through signed HTTP, the stand-in Slack and the Clever Multimedias sandbox."""

from __future__ import annotations

import copy
from pathlib import Path

from bot.sandboxes.frame import SandboxClock
from bot.slack.cards import CONFIRM
from bot.slack.output import POSTED_ONCE, OncePost
from handlers import build_registry
from tests.clever_support import (
    campaign,
    campaigns,
    card_for,
    card_message,
    deliver_all,
    final_reports,
    operations_channel,
    run_watcher,
    sandbox,
    send,
    thread,
)
from tests.conftest import ADMIN, CHANNEL, MEMBER, Relais, RelaisFactory


def test_the_card_shows_the_estimate_and_nothing_is_sent_before_send(relais: Relais) -> None:
    box = sandbox(relais)
    card = card_for(relais, "/push sms +33612345678,0698765432,0033698765432,0145678901,0639 from=RELAIS Bonjour ça va")
    text = card.all_text()
    assert "3 valid, 1 invalid, 1 duplicate removed" in text
    assert "entry 5: `0639`" in text
    assert "ç forces UCS-2" in text and "Segments per message: 1" in text
    assert "≈ 23" in text  # 2 mobiles × 7 + 1 landline sent as TTS × 9
    assert "credit left after: 99,977 of 100,000" in text and "Sender: RELAIS" in text
    assert box.requests("/api/pushs") == []


def test_send_creates_one_push_a_card_and_one_final_report(relais: Relais) -> None:
    box = sandbox(relais)
    box.set_failure_ratio(0.0)
    ref = send(relais, "/push sms +33612345678,+33623456789 Bonjour")
    assert len([r for r in box.requests("/api/pushs") if r.method == "POST"]) == 1
    assert box.push(ref)["unit"] == 14 and box.push(ref)["encodage"] == 3
    assert "SMS campaign" in card_message(relais, ref).all_text()
    deliver_all(relais, ref)
    run_watcher(relais, ref)
    run_watcher(relais, ref)
    [final] = final_reports(relais, ref)
    assert "delivered 2 (100.0%)" in final and "pending 0" in final
    assert "delivered 2" in card_message(relais, ref).all_text()
    assert campaign(relais, ref).state == "done"


def test_a_double_click_on_send_sends_one_push(relais: Relais) -> None:
    box = sandbox(relais)
    card = card_for(relais, "/push sms +33612345678 Bonjour")
    relais.click(copy.deepcopy(card), CONFIRM)
    relais.click(copy.deepcopy(card), CONFIRM)
    assert len([r for r in box.requests("/api/pushs") if r.method == "POST"]) == 1
    assert any("Already handled" in m.all_text() for m in relais.standin.ephemerals(MEMBER))


def test_a_503_during_the_send_is_failed_and_not_retried(relais: Relais) -> None:
    box = sandbox(relais)
    card = card_for(relais, "/push sms +33612345678 Bonjour")
    box.inject_fault(503, path_prefix="/api/pushs")
    relais.click(card, CONFIRM)
    assert len([r for r in box.requests("/api/pushs") if r.method == "POST"]) == 1
    shown = relais.standin.find(card.ts)
    assert shown is not None and "Failed — nothing was done" in shown.all_text()
    assert list(campaigns(relais).scan()) == []


def test_a_timeout_after_sending_is_unknown_and_never_resent(relais: Relais) -> None:
    box = sandbox(relais)
    relais.runtime.services.clever.timeout = 0.5
    card = card_for(relais, "/push sms +33612345678 Bonjour")
    box.inject_fault(None, delay=1.0, path_prefix="/api/pushs")
    relais.click(copy.deepcopy(card), CONFIRM)
    relais.click(copy.deepcopy(card), CONFIRM)
    relais.standin.wait_for(lambda: box.requests("/api/pushs"), timeout=5)  # journaled once the delay is over
    assert len([r for r in box.requests("/api/pushs") if r.method == "POST"]) == 1
    text = relais.shown(card.ts)
    assert "Outcome unknown" in text and "did not answer within 0.5 s" in text
    assert "`/contact account`: if the credit has dropped by about 7 units" in text


def test_not_enough_credit_is_said_in_units(relais: Relais) -> None:
    sandbox(relais).set_credit(3)
    card = card_for(relais, "/push sms +33612345678 Bonjour")
    assert "not enough credit" in card.all_text()
    relais.click(card, CONFIRM)
    text = relais.shown(card.ts)
    assert "not enough credit: this push needs ≈ 7 units, you have 3" in text


def test_invalid_input_never_reaches_the_vendor(relais: Relais) -> None:
    box = sandbox(relais)
    with box.recording() as seen:
        text = relais.reply_text("/push sms +33612345678 from=TOO-LONG-SENDER-ID Bonjour")
        assert "from: `TOO-LONG-SENDER-ID` is 18 characters, the limit is 11" in text
        text = relais.reply_text("/push sms 0639,abc Bonjour")
        assert "recipients: no valid recipient" in text
        text = relais.reply_text('/push sms +33612345678 at="2020-01-01 09:00" Bonjour')
        assert "at: Wednesday 1 January 2020 at 09:00, Paris time is in the past" in text
        text = relais.reply_text("/push voice +33612345678 file=annonce.txt Annonce")
        assert "file: `annonce.txt` is not a .wav or .mp3 file name" in text
        text = relais.reply_text("/push sms +33612345678 encoding=gsm Ça coûte 5€")
        assert "cannot be sent in GSM 03.38" in text
    assert [r for r in seen if r.method == "POST"] == []


def test_restart_during_a_watch_posts_one_final_report(relais_factory: RelaisFactory, tmp_path: Path) -> None:
    first = operations_channel(relais_factory(data_dir=tmp_path / "shared"))
    ref = send(first, "/push sms +33612345678,+33623456789 Bonjour")
    deliver_all(first, ref)
    # The first process dies after recording the intent of the final post, before posting it.
    first.records(POSTED_ONCE).put(f"clever.final:{ref}", OncePost(state="posting", channel=CHANNEL))
    first.runtime.stop()
    second = relais_factory(data_dir=tmp_path / "shared")
    run_watcher(second, ref)
    run_watcher(second, ref)
    assert len(final_reports(second, ref)) == 1


def test_mo_replies_are_threaded_once_each(relais: Relais, clock: SandboxClock) -> None:
    box = sandbox(relais)
    ref = send(relais, "/push sms +33612345678,+33623456789 Répondez OUI")
    clock.advance(40)
    box.inject_mo(ref, "+33612345678", "OUI merci")
    run_watcher(relais, ref)
    run_watcher(relais, ref)
    replies = [m.all_text() for m in thread(relais, ref) if "Reply from" in m.all_text()]
    assert replies == [replies[0]] and "+33612345678" in replies[0] and "OUI merci" in replies[0]
    assert "OUI merci" in relais.reply_text(f"/push replies {ref}")


def test_a_scheduled_campaign_can_be_cancelled_and_is_refunded(relais: Relais) -> None:
    box = sandbox(relais)
    before = box.credit()
    ref = send(relais, '/push sms +33612345678 at="tomorrow 9:00" Bonjour')
    assert box.credit() == before - 7
    card = card_message(relais, ref)
    relais.click(card, "Cancel")
    confirm = relais.standin.ephemerals(MEMBER)[-1]
    assert f"Cancel campaign {ref}" in confirm.all_text()
    relais.click(copy.deepcopy(confirm), CONFIRM)
    assert box.credit() == before
    assert "Cancelled" in card_message(relais, ref).all_text()
    run_watcher(relais, ref)
    assert final_reports(relais, ref) == []


def test_broadcast_is_for_admins_and_a_refusal_is_audited(relais: Relais) -> None:
    box = sandbox(relais)
    text = relais.reply_text("/push broadcast sms Coupure demain", user=MEMBER)
    assert "is for Relais admins" in text
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.outcome, entry.user_id) == ("refused", MEMBER)
    ref = send(relais, "/push broadcast sms Coupure demain", user=ADMIN)
    assert box.push(ref)["route"] == "broadcasts" or "broadcast" in str(box.push(ref)["route"])


def test_mail_push_and_its_status_and_report(relais: Relais) -> None:
    box = sandbox(relais)
    ref = send(relais, '/push mail marie.dupont@example.fr,hugo@example.fr subject="Lettre" format=html Bonjour')
    assert box.push(ref)["family"] == "mail" and box.push(ref)["unit"] == 4
    assert "Lettre" in relais.reply_text(f"/push status {ref}")
    deliver_all(relais, ref)
    assert "delivered" in relais.reply_text(f"/push report {ref}")


def test_criteria_templates_and_fields(relais: Relais) -> None:
    assert "diffusion" in relais.reply_text("/push fields")
    assert "Rappel RDV" in relais.reply_text("/push templates")
    text = relais.reply_text('/push criteria sms criteria="nope=1" Bonjour')
    assert "criteria: unknown field nope" in text
    both = relais.reply_text('/push criteria sms criteria="diffusion=on" template="Rappel RDV" Texte en plus')
    assert "a predefined message and a typed message were both given" in both
    card = card_for(relais, '/push criteria sms criteria="diffusion=on AND BRINGUP=oui" template="Rappel RDV"')
    assert "Criteria: `diffusion=on AND BRINGUP=oui`" in card.all_text()
    # The card shows what recipients will read, not the template's title that the request carries.
    assert "Message (predefined message «Rappel RDV»): Bonjour, nous vous rappelons" in card.all_text()
    relais.click(card, CONFIRM)
    ref = max(sandbox(relais).pushes())
    pushed = sandbox(relais).push(ref)
    assert "+33612345678" in pushed["recipients"] and pushed["text"].startswith("Bonjour, nous vous rappelons")


def test_the_sms_modal_takes_a_csv_file(relais: Relais) -> None:
    relais.command("/push sms")
    [view] = relais.standin.open_views(MEMBER)
    reply = relais.driver.submit(view, {"channel": "sms", "text": "", "recipients": ""})
    assert reply.json()["response_action"] == "errors"
    csv_file = b"nom;telephone\nDupont;06 12 34 56 78\nMartin;0623456789\nX;0639\nDupont;+33612345678\n"
    file_id = relais.standin.add_file("liste.csv", csv_file, mimetype="text/csv")
    reply = relais.driver.submit(view, {"channel": "sms", "text": "Bonjour", "recipients_file": [file_id]})
    assert reply.body == ""
    relais.settle()
    text = relais.standin.ephemerals(MEMBER)[-1].all_text()
    assert "2 valid, 1 invalid, 1 duplicate removed" in text and "line 4: `0639`" in text


def test_every_clever_operation_is_reachable_from_slack() -> None:
    wanted = {f"M{n}" for n in range(1, 26)}
    assert wanted <= build_registry().all_operations()


def test_app_home_shows_credit_and_last_campaigns(relais: Relais) -> None:
    ref = send(relais, "/push sms +33612345678 Bonjour")
    relais.driver.open_home(MEMBER)
    relais.settle()
    home = str(relais.standin.home[MEMBER])
    assert "credit" in home and ref in home and "2033-02-10" in home


def test_recipients_typed_with_blanks_and_grouped_digits_are_all_counted(relais: Relais) -> None:
    line = '/push sms 06 12 34 56 78, 0612345678, 12345, +33 6 98 76 54 32 at="tomorrow 9:00" from=RELAIS Bonjour'
    text = card_for(relais, line).all_text()
    assert "Recipients: 2 valid, 1 invalid, 1 duplicate removed" in text
    assert "Message: Bonjour" in text and "Sender: RELAIS" in text
    assert "12345" in text  # the invalid entry is named


def test_a_trailing_comma_or_a_second_number_never_cuts_the_message(relais: Relais) -> None:
    text = card_for(relais, "/push sms 0612345678, Bonjour tout le monde").all_text()
    assert "Recipients: 1 valid, 0 invalid" in text and "Message: Bonjour tout le monde" in text
    text = card_for(relais, "/push sms 0612345678 0698765432 Bonjour à tous").all_text()
    assert "Recipients: 2 valid" in text and "Message: Bonjour à tous" in text


def test_an_option_written_after_the_message_is_refused_not_sent_as_text(relais: Relais) -> None:
    text = relais.reply_text("/push sms 0612345678 Bonjour from=RELAIS")
    assert "`from=RELAIS` is in the message: options go before the text" in text
    assert "e.g. `/push sms 0612345678 from=RELAIS Bonjour`" in text
    assert "x=y" in card_for(relais, "/push sms 0612345678 Calcul: x=y").all_text()  # not an option: kept
