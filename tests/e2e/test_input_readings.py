"""Input read as people type it, and nothing read as something else without saying so (issue 12)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.safe_writes import WRITES, WriteState
from bot.core.timezone import PARIS
from bot.rules.dates import say_moment
from bot.sandboxes.slack import Message
from bot.slack.cards import CONFIRM
from handlers.clever.push_prepare import GSM_ACTION
from tests.axialys_support import sandbox as axialys_sandbox
from tests.clever_support import campaign_reference, card_for, sandbox
from tests.conftest import ADMIN, MEMBER, Relais


def test_french_digit_groups_make_two_recipients_not_one_and_a_message(relais: Relais) -> None:
    text = card_for(relais, "/push sms 06 12 34 56 78 06 98 76 54 32 Bonjour").all_text()
    assert "Recipients: 2 valid, 0 invalid" in text
    assert "Message: Bonjour" in text and "Message: 06 98" not in text
    assert sandbox(relais).requests("/api/pushs") == []


def _in_five_days_at_nine() -> datetime:
    return (datetime.now(PARIS) + timedelta(days=5)).replace(hour=9, minute=0, second=0, microsecond=0)


def test_an_unquoted_schedule_is_read_and_the_card_says_the_reading(relais: Relais) -> None:
    when = _in_five_days_at_nine()
    text = card_for(relais, f"/push sms 0612345678 at={when:%d/%m/%Y} 9h Bonjour").all_text()
    assert f"Schedule: {say_moment(when)}" in text and say_moment(when).endswith("at 09:00, Paris time")
    assert "Message: Bonjour" in text
    text = card_for(relais, "/push sms 0612345678 at=“demain 9h” Bonjour").all_text()
    assert "Schedule: " in text and "at 09:00, Paris time" in text


def test_a_schedule_in_the_past_is_refused_with_the_reading(relais: Relais) -> None:
    text = relais.reply_text("/push sms 0612345678 at=01/01/2020 9h Bonjour")
    assert "at: Wednesday 1 January 2020 at 09:00, Paris time is in the past" in text
    assert sandbox(relais).requests("/api/pushs") == []


def test_the_push_form_asks_the_time_with_slack_s_datetime_picker(relais: Relais) -> None:
    relais.command("/push sms", user=ADMIN)
    [view] = relais.standin.open_views(ADMIN)
    [at] = [b for b in view.view["blocks"] if b.get("block_id") == "at"]
    assert at["element"]["type"] == "datetimepicker"
    when = _in_five_days_at_nine()
    values = {"recipients": "0612345678", "text": "Bonjour", "at": int(when.timestamp())}
    assert relais.driver.submit(view, values, user=ADMIN).body == ""
    relais.settle()
    card = relais.standin.ephemerals(ADMIN)[-1].all_text()
    assert f"Schedule: {say_moment(when)}" in card


def test_the_card_says_a_landline_will_ring_and_a_number_is_left_in_the_message(relais: Relais) -> None:
    text = card_for(relais, "/push sms 0612345678 01 45 67 89 01 06 12 Bonjour").all_text()
    assert "Recipients: 2 valid, 0 invalid" in text
    assert "1 landline gets a voice call reading the message aloud (billed as TTS): +33145678901" in text
    assert "`06 12` in the message looks like a phone number: it is sent as text, to nobody." in text


LONG = "Bonjour, votre rendez-vous de la semaine prochaine est confirmé. Merci de répondre avant vendredi."


def test_the_card_offers_gsm_equivalents_when_they_cost_less(relais: Relais) -> None:
    card = card_for(relais, f"/push sms 0612345678 Fête : l’offre {LONG}")
    text = card.all_text()
    assert "Segments per message: 2" in text
    assert "With GSM equivalents, ê → e, ’ → ': 1 segment instead of 2 per recipient (GSM 03.38)" in text
    assert "Use GSM equivalents (1 segment)" in card.button_labels()


def test_one_click_switches_the_card_to_gsm_and_send_sends_that_text(relais: Relais) -> None:
    box = sandbox(relais)
    card = card_for(relais, f"/push sms 0612345678 Fête : l’offre {LONG}")
    with box.recording() as seen:
        relais.click(card, GSM_ACTION)
    assert [r for r in seen if r.method == "POST"] == []  # nothing sent: a new card to confirm
    [first] = [r for _, r in relais.records(WRITES).scan() if r.id == _write_id(card)]
    assert first.state is WriteState.CANCELLED
    new_card = relais.standin.find(card.ts)
    assert new_card is not None
    text = new_card.all_text()
    assert "Encoding: GSM 03.38" in text and "Segments per message: 1" in text
    assert "Message: Fete : l'offre Bonjour" in text and "GSM equivalents" not in new_card.button_labels()
    relais.click(new_card, CONFIRM)
    assert len([r for r in box.requests("/api/pushs") if r.method == "POST"]) == 1
    pushed = box.push(campaign_reference(relais))
    assert str(pushed["text"]).startswith("Fete : l'offre ") and pushed["encodage"] == 3


def _write_id(message: Message) -> str:
    return next(
        element["value"]
        for block in message.blocks or []
        if block.get("type") == "actions"
        for element in block["elements"]
        if element["action_id"] == CONFIRM
    )


def test_a_member_cancels_only_their_own_calls_and_refusals_are_audited(relais: Relais) -> None:
    with axialys_sandbox(relais).recording() as seen:
        refused = relais.reply_text("/callback cancel 5 popup=77", user=MEMBER)
    assert "call 5 was not started from Relais: only a Relais admin can cancel it" in refused
    assert [r for r in seen if "appel_annuler" in r.query.get("methode", [])] == []  # A25 never reached
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.user_id, entry.outcome, entry.operation) == (MEMBER, "refused", "A25 cancel call")
    assert "cancelled before it started" in relais.reply_text("/callback cancel 5 popup=77", user=ADMIN)


def test_dates_are_shown_in_the_user_s_language(relais: Relais) -> None:
    relais.standin.add_user("UREMI", "remi", "Rémi Durand", locale="fr-FR")
    when = _in_five_days_at_nine()
    line = f"/push sms 0612345678 at={when:%d/%m/%Y} 9h Bonjour"
    assert f"Schedule: {say_moment(when, 'fr')}" in card_for(relais, line, user="UREMI").all_text()
    assert say_moment(when, "fr").endswith("à 09:00, heure de Paris")
    assert f"Schedule: {say_moment(when)}" in card_for(relais, line).all_text()  # an English-speaking user


def test_call_listings_and_closing_days_speak_the_user_s_language(relais: Relais) -> None:
    relais.standin.add_user("UREMI", "remi", "Rémi Durand", locale="fr-FR")
    listing = relais.reply_text("/callback calls 01/11/2026 30/11/2026 popup=77", user="UREMI")
    assert "du dimanche 1 novembre au lundi 30 novembre 2026" in listing
    assert "heure de Paris" in listing
    english = relais.reply_text("/callback calls 01/11/2026 30/11/2026 popup=77")
    assert "from Sunday 1 November to Monday 30 November 2026" in english
