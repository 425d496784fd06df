"""Campaign life after Send, the modals of every audience, and the App Home, through signed HTTP and the sandbox."""

from __future__ import annotations

import copy
import csv
import io
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.core.jobs import JOBS
from bot.core.safe_writes import WRITES
from bot.sandboxes.frame import SandboxClock
from bot.sandboxes.slack import Message
from bot.slack.cards import CONFIRM
from bot.slack.exports import BOM
from handlers.clever import timing, watcher
from handlers.clever.home import recent_campaigns
from handlers.clever.report_export import REPORT_COLUMNS, status_words
from tests.clever_support import (
    campaign,
    campaign_reference,
    campaigns,
    card_for,
    card_message,
    clever_kit,
    deliver_all,
    final_reports,
    operations_channel,
    run_watcher,
    sandbox,
    send,
    thread,
)
from tests.conftest import ADMIN, CHANNEL, MEMBER, Relais, RelaisFactory


def _posts(relais: Relais) -> int:
    return len([r for r in sandbox(relais).journal if r.method == "POST"])


def _last_card(relais: Relais, user: str = MEMBER) -> Message:
    card = relais.standin.ephemerals(user)[-1]
    assert "until you press" in card.all_text(), card.all_text()
    return copy.deepcopy(card)


# -- the modals -------------------------------------------------------------------------------
def test_the_mail_modal_checks_inline_then_shows_the_card(relais: Relais) -> None:
    relais.command("/push mail")
    [view] = relais.standin.open_views(MEMBER)
    assert view.view["callback_id"] == "clever.push.mail.list"
    bad = {"recipients": "marie@example.fr, pas-une-adresse", "subject": "", "text": "Bonjour", "file": "lettre.doc"}
    reply = relais.driver.submit(view, bad)
    errors = reply.json()["errors"]
    assert "subject" in errors and "required" in errors["subject"]
    assert "`lettre.doc` is not a .pdf file name" in errors["file"]
    bad = {"recipients": "pas-une-adresse", "subject": "Lettre", "text": "Bonjour"}
    assert "no valid recipient" in relais.driver.submit(view, bad).json()["errors"]["recipients"]
    good = {
        "recipients": "marie@example.fr\nhugo@example.fr\nMarie@example.fr",
        "subject": "Lettre de décembre",
        "text": "Bonjour, voici nos nouvelles",
        "type": "html",
        "options": ["open_tag"],
    }
    assert relais.driver.submit(view, good).body == ""
    relais.settle()
    card = _last_card(relais)
    text = card.all_text()
    assert "Send MAIL campaign" in text and "2 valid, 0 invalid, 1 duplicate removed" in text
    assert "Subject: Lettre de décembre · HTML · opens tracked" in text and "≈ 4" in text
    relais.click(card, CONFIRM)
    ref = recent_campaigns(clever_kit(relais), 1)[0].reference
    pushed = sandbox(relais).push(ref)
    assert (pushed["family"], pushed["type_mail"], pushed["open_tag"]) == ("mail", "html", 1)


def test_the_criteria_modal_checks_the_expression_and_the_fields(relais: Relais) -> None:
    before = _posts(relais)
    relais.command("/push criteria mail")
    [view] = relais.standin.open_views(MEMBER)
    assert view.view["callback_id"] == "clever.push.mail.criteria"
    reply = relais.driver.submit(view, {"criteria": "nope=1", "subject": "Rappel", "text": "Bonjour"})
    assert "unknown field nope" in reply.json()["errors"]["criteria"]
    reply = relais.driver.submit(view, {"criteria": "diffusion=on AND", "subject": "Rappel", "text": "Bonjour"})
    assert "the expression is incomplete" in reply.json()["errors"]["criteria"]
    values = {"criteria": "diffusion=on AND (city=Paris OR city=Lyon)", "subject": "Rappel", "text": "Bonjour"}
    assert relais.driver.submit(view, values).body == ""
    relais.settle()
    text = _last_card(relais).all_text()
    assert "Send MAIL campaign by criteria" in text
    assert "Criteria: `diffusion=on AND (city=Paris OR city=Lyon)`" in text and "Contacts reached: up to" in text
    assert _posts(relais) == before


def test_the_sms_criteria_modal_checks_forwarding_and_cascade(relais: Relais) -> None:
    relais.command("/push criteria sms")
    [view] = relais.standin.open_views(MEMBER)
    values = {"channel": "sms", "criteria": "diffusion=on", "text": "Bonjour", "mo_gsm": "12", "cascade": "0"}
    errors = relais.driver.submit(view, {**values, "mo_mail": "nope"}).json()["errors"]
    assert {"mo_gsm", "mo_mail", "cascade"} <= set(errors)
    assert "at least 1" in errors["cascade"] or "1" in errors["cascade"]
    values |= {"mo_gsm": "0612345678", "cascade": "30", "options": ["all_numbers"]}
    assert relais.driver.submit(view, values).body == ""
    relais.settle()
    relais.click(_last_card(relais), CONFIRM)
    ref = recent_campaigns(clever_kit(relais), 1)[0].reference
    pushed = sandbox(relais).push(ref)
    assert (pushed["gsm_routage_mo"], pushed["cascade"], pushed["time_cascade"]) == ("+33612345678", 1, 30)
    assert pushed["criteria"] == "diffusion=on" and pushed["all_number"] == 1


def test_the_broadcast_modal_is_for_admins_and_checks_inline(relais: Relais) -> None:
    assert "is for Relais admins" in relais.reply_text("/push broadcast", user=MEMBER)
    assert relais.standin.open_views(MEMBER) == []
    relais.command("/push broadcast mail", user=ADMIN)
    [view] = relais.standin.open_views(ADMIN)
    assert view.view["callback_id"] == "clever.push.mail.broadcast"
    reply = relais.driver.submit(view, {"subject": "Coupure", "text": "Demain", "at": 1577865600}, user=ADMIN)
    assert "is in the past" in reply.json()["errors"]["at"]
    # A member replaying the admin's form is refused by the access filter, and the refusal is audited.
    relais.driver.submit(view, {"subject": "Coupure", "text": "Demain"}, user=MEMBER)
    relais.settle()
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.outcome, entry.user_id, entry.operation) == ("refused", MEMBER, "clever.push.mail.broadcast")
    assert relais.driver.submit(view, {"subject": "Coupure", "text": "Coupure demain 9h-12h"}, user=ADMIN).body == ""
    relais.settle()
    card = _last_card(relais, ADMIN)
    assert "Send MAIL campaign to all contacts" in card.all_text()
    # The card itself re-checks the role at the click: a member pressing Send is refused, nothing is sent.
    before = _posts(relais)
    relais.click(copy.deepcopy(card), CONFIRM, user=MEMBER)
    assert _posts(relais) == before
    assert relais.runtime.services.audit.last(1)[0].outcome.startswith("refused")
    relais.click(card, CONFIRM, user=ADMIN)
    assert _posts(relais) == before + 1


# -- sending and following ---------------------------------------------------------------------
def test_a_voice_push_carries_its_file_and_ends_delivered(relais: Relais) -> None:
    box = sandbox(relais)
    box.set_failure_ratio(0.0)
    card = card_for(relais, "/push voice +33612345678,0145678901 file=annonce.mp3 Annonce du jour")
    assert "File: annonce.mp3" in card.all_text() and "≈ 18" in card.all_text()
    assert "Billed as 1 SMS per recipient" in card.all_text() and "Encoding" not in card.all_text()  # no SMS talk
    relais.click(card, CONFIRM)
    ref = recent_campaigns(clever_kit(relais), 1)[0].reference
    pushed = box.push(ref)
    assert (pushed["type_push"], pushed["filename"], pushed["unit"]) == ("voice", "annonce.mp3", 18)
    assert "VOICE campaign" in card_message(relais, ref).all_text()
    deliver_all(relais, ref)
    run_watcher(relais, ref)
    [final] = final_reports(relais, ref)
    assert "delivered 2 (100.0%)" in final  # voice acknowledgements read "6": delivered


def test_refresh_redraws_the_card_from_the_vendor(relais: Relais) -> None:
    box = sandbox(relais)
    box.set_failure_ratio(0.0)
    ref = send(relais, "/push sms +33612345678,+33623456789 Bonjour")
    first = card_message(relais, ref).all_text()
    # The four counts add up to the two recipients.
    assert "delivered 0 · :x: failed 0 · :outbox_tray: sent, awaiting acknowledgement 0" in first
    assert "not sent yet 2" in first
    deliver_all(relais, ref)
    relais.click(card_message(relais, ref), "Refresh")
    text = card_message(relais, ref).all_text()
    assert "delivered 2" in text and "not sent yet 0" in text and "100% final" in text
    assert campaign(relais, ref).state == "done"


def test_the_watch_window_ends_with_one_report_naming_what_is_pending(
    relais: Relais, clock: SandboxClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    box = sandbox(relais)
    numbers = ["+33612345678", "+33623456789", "+33634567890", "+33645678901", "+33656789012"]
    ref = send(relais, f"/push sms {','.join(numbers)} Bonjour")
    clock.advance(31)  # every number is handed to the operator (0–30 s); most acknowledgements take longer
    waiting = [row["recipient"] for row in box.deliveries(ref) if row["status"] == "2"]
    assert waiting and len(box.deliveries(ref)) == len(numbers)
    monkeypatch.setattr(watcher, "WATCH_WINDOW", 0.0)  # the window is over at the next poll
    run_watcher(relais, ref)
    run_watcher(relais, ref)
    [final] = final_reports(relais, ref)
    assert f"watch window ended with {len(waiting)} recipients still pending" in final
    assert f"pending {len(waiting)} " in final
    assert all(number in final for number in waiting)
    assert "watch window over" in card_message(relais, ref).all_text()
    assert campaign(relais, ref).state == "window"


def test_more_than_20_failures_are_attached_as_csv(relais: Relais) -> None:
    box = sandbox(relais)
    box.set_failure_ratio(1.0)
    numbers = ",".join(f"+336123456{n:02d}" for n in range(21))
    ref = send(relais, f"/push sms {numbers} Bonjour")
    deliver_all(relais, ref)
    run_watcher(relais, ref)
    run_watcher(relais, ref)
    [final] = final_reports(relais, ref)
    assert "failed 21 (100.0%)" in final and "21 failures: the list is attached as a CSV file" in final
    [shared] = [m for m in thread(relais, ref) if m.blocks and m.blocks[0].get("type") == "file"]
    content = relais.standin.file_content(shared.blocks[0]["file_id"])  # type: ignore[index]
    assert content is not None
    assert content.startswith(BOM.encode()), "a byte-order mark, as every Relais CSV (Excel reads UTF-8 then)"
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == REPORT_COLUMNS, "the columns of the report's export"
    assert sorted(r[0] for r in rows[1:]) == sorted(numbers.split(","))
    assert {r[1] for r in rows[1:]} == {status_words("4")}, "the status in words, as on the card"


def _watched_sms_campaign(relais: Relais, failure_ratio: float) -> str:
    """An SMS campaign to two numbers, every delivery final (failed at ``failure_ratio``), watched once."""
    sandbox(relais).set_failure_ratio(failure_ratio)
    ref = send(relais, "/push sms +33612345678,+33623456789 Bonjour")
    deliver_all(relais, ref)
    run_watcher(relais, ref)
    return ref


def test_twenty_failures_are_listed_in_the_report(relais: Relais) -> None:
    ref = _watched_sms_campaign(relais, failure_ratio=1.0)
    [final] = final_reports(relais, ref)
    assert "Failed:" in final and "+33612345678" in final and "+33623456789" in final
    assert not [m for m in thread(relais, ref) if m.blocks and m.blocks[0].get("type") == "file"]


def test_an_expired_account_is_said_before_the_card_and_by_the_vendor(relais: Relais) -> None:
    box = sandbox(relais)
    card = card_for(relais, "/push sms +33612345678 Bonjour")
    box.expire_account(date.today() - timedelta(days=1))
    text = relais.reply_text("/push sms +33612345678 Bonjour")
    assert "account expired on" in text and "HTTP 430" in text and "renew it" in text
    # A card staged before the expiry: the vendor's 430 reaches the user in words, nothing is sent.
    relais.click(card, CONFIRM)
    shown = relais.standin.find(card.ts)
    assert shown is not None
    assert "the Clever Multimedias account has expired" in shown.all_text() and "renew it" in shown.all_text()
    assert box.pushes()[-1] not in [c.reference for c in recent_campaigns(clever_kit(relais), 10)]
    # /contact add goes through 430-checked operations too.
    assert "has expired" in relais.reply_text("/contact add name=Roux lastname=Léa gsm=0655443322")


def test_cancellation_shows_the_refund_and_ends_the_watch(relais: Relais) -> None:
    box = sandbox(relais)
    before = box.credit()
    ref = send(relais, '/push sms +33612345678,+33623456789 at="tomorrow 9:00" Bonjour')
    assert box.credit() == before - 14
    # Another member may not cancel it (issue 12): refused, audited, nothing staged.
    refused = relais.reply_text(f"/push cancel {ref}", user="UBOB")
    assert f"campaign `{ref}` was started by <@{MEMBER}>: only they or a Relais admin can cancel it" in refused
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.user_id, entry.outcome, entry.operation) == ("UBOB", "refused", "clever.cancel")
    relais.reply_text(f"/push cancel {ref}", user=ADMIN)  # an admin may cancel anyone's
    card = _last_card(relais, ADMIN)
    assert "Cancel campaign" in card.all_text() and "Keep it" in card.all_text()  # the buttons say what they do
    relais.click(card, CONFIRM, user=ADMIN)
    assert box.credit() == before
    text = card_message(relais, ref).all_text()
    assert f"Cancelled by <@{ADMIN}> — nothing was sent; 14 units refunded" in text and "Refresh" not in text
    status = relais.reply_text(f"/push status {ref}")  # the vendor forgets it (404): Relais remembers
    assert f"was cancelled by <@{ADMIN}> before its send time" in status and "14 units were refunded" in status
    run_watcher(relais, ref)
    assert final_reports(relais, ref) == []


def test_a_cancel_answered_with_an_error_under_200_is_unknown_never_a_refund(relais: Relais) -> None:
    """§2.3's error shape under a 200: not the 204 the document shows, so nothing is said cancelled or refunded."""
    box = sandbox(relais)
    ref = send(relais, '/push sms +33612345678 at="tomorrow 9:00" Bonjour')
    relais.reply_text(f"/push cancel {ref}")
    card = _last_card(relais)
    body = b'{"code": 405, "message": "Envoi en cours"}'
    box.inject_fault(200, body=body, path_prefix=f"/api/pushs/{ref}", content_type="application/json")
    relais.click(card, CONFIRM)
    shown = relais.standin.ephemerals(MEMBER)[-1].all_text()
    assert "Outcome unknown" in shown and "Envoi en cours" in shown
    text = card_message(relais, ref).all_text()
    assert "refunded" not in text and "Cancelled" not in text
    assert "refunded" not in relais.reply_text(f"/push status {ref}")


def test_a_scheduled_campaign_is_polled_sparingly_until_its_send_time(relais: Relais) -> None:
    box = sandbox(relais)
    ref = send(relais, '/push sms +33612345678 at="tomorrow 9:00" Bonjour')
    with box.recording() as seen:
        run_watcher(relais, ref)
    assert [r.path for r in seen] == [f"/api/pushs/{ref}"]  # M19 only: no deliveries before hd_send
    job = relais.records(JOBS).get(f"clever.watch:{ref}")
    scheduler_now = time.time()  # the scheduler's clock
    assert job is not None and job.next_run - scheduler_now > timing.MAX_DELAY
    assert job.next_run - scheduler_now <= timing.SCHEDULED_DELAY
    assert ":calendar: scheduled" in card_message(relais, ref).all_text()


def test_a_sent_campaign_cannot_be_cancelled_and_says_why(relais: Relais) -> None:
    box = sandbox(relais)
    ref = send(relais, "/push sms +33612345678 Bonjour")
    deliver_all(relais, ref)
    before = box.credit()
    text = relais.reply_text(f"/push cancel {ref}")
    assert "already being sent: only scheduled campaigns can be cancelled" in text  # said before any card
    assert box.credit() == before


def test_mo_replies_survive_a_restart_without_being_posted_twice(
    relais_factory: RelaisFactory, clock: SandboxClock, tmp_path: Path
) -> None:
    first = operations_channel(relais_factory(data_dir=tmp_path / "shared"))
    box = sandbox(first)
    ref = send(first, "/push sms +33612345678,+33623456789 Répondez OUI")
    clock.advance(40)
    box.inject_mo(ref, "+33612345678", "OUI")
    run_watcher(first, ref)
    first.runtime.stop()
    box.inject_mo(ref, "+33623456789", "NON")
    second = relais_factory(data_dir=tmp_path / "shared")
    deliver_all(first, ref)
    run_watcher(second, ref)
    run_watcher(second, ref)
    replies = sorted(m.all_text() for m in thread(second, ref) if "Reply from" in m.all_text())
    assert len(replies) == 2 and "OUI" in replies[0] and "NON" in replies[1]
    assert len(final_reports(second, ref)) == 1


# -- App Home ---------------------------------------------------------------------------------
def _home(relais: Relais, user: str = MEMBER) -> str:
    reply = relais.driver.open_home(user)
    assert reply.status == 200
    relais.settle()
    relais.standin.wait_for(lambda: user in relais.standin.home)
    view = relais.standin.home[user]
    assert [c for c in relais.standin.calls_to("views.publish") if c.args.get("user_id") == user]
    return "\n".join(Message(CHANNEL, "0", "", view.get("blocks")).all_text().splitlines())


def test_app_home_lists_scheduled_running_and_the_last_5_finished_campaigns(relais: Relais) -> None:
    box = sandbox(relais)
    box.set_failure_ratio(0.0)  # outcomes are drawn from the reference, which holds the time: make them certain
    refs = [send(relais, f"/push sms +33612345678 Message {n}") for n in range(7)]
    scheduled = send(relais, '/push mail marie@example.fr subject=Lettre at="tomorrow 9:00" Bonjour')
    for ref in refs[:-1]:
        deliver_all(relais, ref)
        run_watcher(relais, ref)
    home = _home(relais)
    assert "credit" in home and "units" in home and "expires on 2033-02-10" in home
    assert f"*Scheduled campaigns* — 1, the ones you prepared\n`{scheduled}` MAIL" in home
    assert f"*Being delivered* — 1, the ones you prepared\n`{refs[-1]}` SMS" in home
    finished = home.split("*Last campaigns*")[1]
    shown = sorted((ref for ref in refs if f"`{ref}`" in finished), key=lambda ref: finished.index(ref))
    assert shown == refs[1:-1][::-1]  # the 5 newest finished, newest first; the oldest is left out
    assert f"`{refs[-2]}` SMS · :checkered_flag: finished · 1/1 delivered" in finished


def test_app_home_flags_a_near_or_past_expiry_and_keeps_the_campaigns(relais: Relais) -> None:
    box = sandbox(relais)
    ref = send(relais, "/push sms +33612345678 Bonjour")
    box.expire_account(date.today() + timedelta(days=12))
    home = _home(relais)
    assert ":warning: expires on" in home and "days" in home
    box.expire_account(date.today() - timedelta(days=1))
    home = _home(relais)
    assert "expired on" in home and "pushes are refused" in home
    box.inject_server_error(3, path_prefix="/api/account")  # every attempt of the read
    home = _home(relais)
    assert "Clever Multimedias failed while processing the request" in home and f"`{ref}`" in home


def test_app_home_with_no_campaign_says_how_to_start(relais: Relais) -> None:
    assert "No campaign sent from Relais yet" in _home(relais, ADMIN)


def test_app_home_shows_members_their_own_campaigns_and_admins_all(relais: Relais) -> None:
    mine = send(relais, "/push sms +33612345678 Bonjour", user=MEMBER)
    theirs = send(relais, "/push sms +33612345679 Bonsoir", user="UBOB")
    member_home = _home(relais, MEMBER)
    assert f"`{mine}`" in member_home and f"`{theirs}`" not in member_home
    assert "the ones you prepared" in member_home
    admin_home = _home(relais, ADMIN)
    assert f"`{mine}`" in admin_home and f"`{theirs}`" in admin_home


def test_a_campaign_whose_card_could_not_be_posted_is_still_followed_and_gets_its_card_after_a_restart(
    relais_factory: RelaisFactory, tmp_path: Path
) -> None:
    first = operations_channel(relais_factory(data_dir=tmp_path / "shared"))
    card = card_for(first, "/push sms +33612345678 Bonjour")
    first.standin.fail_next("chat.postMessage", "channel_not_found")  # Slack refuses the campaign card
    first.click(card, CONFIRM)
    reference = campaign_reference(first)
    assert first.records(JOBS).get(f"clever.watch:{reference}") is not None  # followed anyway
    assert [m for m in first.standin.channel_messages(CHANNEL) if reference in m.all_text()] == []
    first.runtime.stop()
    second = relais_factory(data_dir=tmp_path / "shared")
    second.settle()
    cards = [m for m in second.standin.channel_messages(CHANNEL) if f"campaign {reference}" in m.all_text()]
    assert len(cards) == 1
    assert len([r for r in sandbox(second).requests("/api/pushs") if r.method == "POST"]) == 1  # sent once


def test_replies_arriving_after_the_final_report_are_still_threaded_until_the_window_ends(relais: Relais) -> None:
    box = sandbox(relais)
    ref = send(relais, "/push sms +33612345678 Venez-vous ? Répondez OUI ou NON")
    deliver_all(relais, ref)
    run_watcher(relais, ref)
    assert len(final_reports(relais, ref)) == 1
    box.inject_mo(ref, "+33612345678", "OUI")  # an hour later, long after the last acknowledgement
    run_watcher(relais, ref)
    replies = [m.all_text() for m in thread(relais, ref) if "Reply from" in m.all_text()]
    assert replies == [replies[0]] and "OUI" in replies[0]
    jobs = relais.records(JOBS)
    jobs.update(  # the window is over
        f"clever.watch:{ref}",
        lambda job: job.model_copy(update={"data": {**job.data, "window_end": 0}}) if job else None,
    )
    run_watcher(relais, ref)
    assert jobs.get(f"clever.watch:{ref}") is None  # the watcher has ended
    assert len(final_reports(relais, ref)) == 1


def test_a_scheduled_card_confirmed_after_its_time_sends_nothing(relais: Relais) -> None:
    card = card_for(relais, '/push sms +33612345678 at="tomorrow 9:00" Bonjour')
    [(write_id, write)] = list(relais.records(WRITES).scan())
    request = {**write.params["request"], "hd_send": "2020-01-01 09:00:00"}  # as if the card had waited too long
    relais.records(WRITES).put(write_id, write.model_copy(update={"params": {**write.params, "request": request}}))
    before = _posts(relais)
    relais.click(card, CONFIRM)
    shown = relais.standin.find(card.ts)
    assert shown is not None and "has passed since this card was prepared; nothing was sent" in shown.all_text()
    assert _posts(relais) == before


# -- Clever forgetting a campaign (M19/M20 answer 404) -----------------------------------------
GONE = b'{"code": 404, "message": "introuvable"}'


def _forget(relais: Relais, ref: str, count: int = 20) -> None:
    sandbox(relais).inject_fault(404, count=count, body=GONE, path_prefix=f"/api/pushs/{ref}")


def _finished_sms_campaign(relais: Relais) -> str:
    ref = _watched_sms_campaign(relais, failure_ratio=0.0)
    run_watcher(relais, ref)
    assert len(final_reports(relais, ref)) == 1 and campaign(relais, ref).state == "done"
    return ref


def test_refresh_after_the_final_report_keeps_the_counts_when_clever_no_longer_answers(
    relais: Relais, clock: SandboxClock
) -> None:
    ref = _finished_sms_campaign(relais)
    _forget(relais, ref)
    relais.click(card_message(relais, ref), "Refresh")
    text = card_message(relais, ref).all_text()
    # Before: the card turned "lost", dropped its counts and promised a poll no watcher makes.
    assert ":checkered_flag: finished" in text and "delivered 2" in text and "100% final" in text
    assert "no longer answers for campaign" in text and "HTTP 404: introuvable" in text
    assert "cannot tell what happened" not in text and "asks again" not in text
    assert campaign(relais, ref).state == "done"
    assert not [m for m in thread(relais, ref) if "no longer answers" in m.all_text()]  # the report stands


def test_push_status_after_the_final_report_says_it_is_finished_when_clever_no_longer_answers(
    relais: Relais, clock: SandboxClock
) -> None:
    ref = _finished_sms_campaign(relais)
    _forget(relais, ref)
    status = relais.reply_text(f"/push status {ref}")
    assert f"Campaign `{ref}` is finished: delivered 2, failed 0 of 2" in status
    assert "final report is in the campaign card's thread" in status and "no longer answers" in status
    assert "cannot tell what happened" not in status and "asks again" not in status


def test_a_lost_campaign_promises_polls_only_while_a_watcher_makes_them(relais: Relais) -> None:
    ref = send(relais, "/push sms +33612345678 Bonjour")
    _forget(relais, ref)
    run_watcher(relais, ref)
    assert "asks again every 15 minutes" in card_message(relais, ref).all_text()
    assert "asks again every 15 minutes" in relais.reply_text(f"/push status {ref}")
    # The watch window ends while Clever still answers 404: the watcher stops, and the card says so.
    old = time.time() - timing.WATCH_WINDOW - 60
    campaigns(relais).put(ref, campaign(relais, ref).model_copy(update={"created_at": old, "hd_send": ""}))
    run_watcher(relais, ref)
    assert relais.runtime.services.scheduler.get(f"clever.watch:{ref}").state != "active"  # type: ignore[union-attr]
    text = card_message(relais, ref).all_text()
    assert "Relais no longer follows it" in text and "asks again" not in text
    status = relais.reply_text(f"/push status {ref}")
    assert "Relais no longer follows it" in status and "asks again" not in status


def test_a_push_scheduled_two_days_ahead_is_still_followed_after_a_404(relais: Relais) -> None:
    at = (date.today() + timedelta(days=2)).strftime("%Y-%m-%d 09:00")
    ref = send(relais, f'/push sms +33612345678 at="{at}" Bonjour')
    # Prepared more than 24 h ago; its watch window runs until 24 h after its send time (decisions "Watch window").
    old = time.time() - timing.WATCH_WINDOW - 60
    campaigns(relais).put(ref, campaign(relais, ref).model_copy(update={"created_at": old}))
    _forget(relais, ref)
    run_watcher(relais, ref)
    job = relais.runtime.services.scheduler.get(f"clever.watch:{ref}")
    assert job is not None and job.state == "active"  # before: given up at created_at + 24 h
    assert job.next_run - time.time() > timing.MAX_DELAY
    assert "asks again every 15 minutes" in card_message(relais, ref).all_text()


def test_a_scheduled_push_accepted_without_reference_says_how_to_cancel_it(relais: Relais) -> None:
    box = sandbox(relais)
    card = card_for(relais, '/push sms +33612345678 at="tomorrow 9:00" Bonjour')
    box.inject_fault(202, path_prefix="/api/pushs")
    relais.click(card, CONFIRM)
    [accepted] = [m.all_text() for m in relais.standin.channel_messages(CHANNEL) if "no reference" in m.all_text()]
    assert "cannot be cancelled from Relais (no reference to give Clever)" in accepted
    assert "Clever's extranet (https://clevermultimedias.clever-is.fr)" in accepted
    assert "at 09:00, Paris time" in accepted and "09:00:00" not in accepted


def test_a_poll_that_finds_nothing_new_neither_writes_nor_edits_the_card(relais: Relais) -> None:
    """A thousand campaigns polled for nothing must not spend Slack's chat.update allowance on identical cards."""
    ref = send(relais, "/push sms +33612345678,+33623456789 Bonjour")
    run_watcher(relais, ref)  # the first look: sent, acknowledgements to come
    edits, before = card_message(relais, ref).edits, campaign(relais, ref)
    for _ in range(3):
        run_watcher(relais, ref)  # Clever's answer has not changed (its clock stands still)
    assert card_message(relais, ref).edits == edits and campaign(relais, ref) == before
    deliver_all(relais, ref)
    run_watcher(relais, ref)
    assert card_message(relais, ref).edits == edits + 1 and campaign(relais, ref).counts.pending == 0
