"""The App Home that acts: scheduled campaigns with Cancel, running ones with their progress, the credit with
its warnings, recent calls with Call back, redrawn when something changes at Slack's pace (signed events)."""

from __future__ import annotations

import copy
from typing import Any

from bot.sandboxes.slack import Message
from bot.slack.cards import CONFIRM
from handlers.clever.campaign_card import CANCEL
from handlers.clever.push_form import POST_IN
from tests.axialys_support import confirm
from tests.clever_support import campaign, campaign_reference, deliver_all, run_watcher, sandbox, send
from tests.conftest import ADMIN, CHANNEL, MEMBER, Relais


def open_home(relais: Relais, user: str = MEMBER) -> Message:
    """Open the Home tab as Slack does (signed ``app_home_opened``): the view published, as a message to read."""
    before = len(relais.standin.calls_to("views.publish"))
    assert relais.driver.open_home(user).status == 200
    relais.settle()
    publishes = [c for c in relais.standin.calls_to("views.publish")[before:] if c.args["user_id"] == user]
    assert publishes, "opening the Home published nothing"
    return home_message(publishes[-1].args["view"])


def home_message(view: dict[str, Any]) -> Message:
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    return Message(CHANNEL, "home", "", view["blocks"])


def publishes_for(relais: Relais, user: str) -> list[dict[str, Any]]:
    return [c.args["view"] for c in relais.standin.calls_to("views.publish") if c.args["user_id"] == user]


def test_a_scheduled_campaign_is_on_the_home_with_cancel_and_cancelling_from_there_works(relais: Relais) -> None:
    reference = send(relais, '/push sms +33612345678 at="tomorrow 9:00" Bonjour demain')
    home = open_home(relais)
    text = home.all_text()
    assert "*Scheduled campaigns* — 1, the ones you prepared" in text
    assert f"`{reference}` SMS · 1 recipient · <#{CHANNEL}>" in text
    assert "Cancel" in home.button_labels()
    # From the Home tab Slack sends no channel: the card comes in the app's direct message with the user.
    assert relais.driver.click_in_home(f"{CANCEL}{reference}", user=MEMBER).status == 200
    relais.settle()
    [card] = [m for m in relais.standin.channel_messages(MEMBER) if "Cancel campaign" in m.all_text()]
    relais.click(card, CONFIRM)
    assert campaign(relais, reference).state == "cancelled"
    assert "Scheduled campaigns" not in open_home(relais).all_text()


def test_a_running_campaign_shows_its_progress_and_the_home_follows_it_without_reopening(relais: Relais) -> None:
    relais.runtime.home.per_user_interval = 0.0  # Slack's pace is tested on its own below
    sandbox(relais).set_failure_ratio(0.0)
    reference = send(relais, "/push sms +33612345678,+33698765432 Bonjour")
    text = open_home(relais).all_text()
    assert "*Being delivered* — 1" in text and "0/2 delivered" in text and "0% final" in text
    before = len(publishes_for(relais, MEMBER))
    deliver_all(relais, reference)
    run_watcher(relais, reference)
    assert relais.runtime.home.flush()
    after = publishes_for(relais, MEMBER)[before:]
    assert after, "the campaign changed but the Home was not redrawn"
    final = home_message(after[-1]).all_text()
    assert "Being delivered" not in final and f"`{reference}` SMS · :checkered_flag: finished · 2/2 delivered" in final


def test_a_home_never_opened_is_never_published(relais: Relais) -> None:
    relais.runtime.home.per_user_interval = 0.0
    send(relais, "/push sms +33612345678 Bonjour")
    assert relais.runtime.home.flush()
    assert publishes_for(relais, MEMBER) == [] and publishes_for(relais, ADMIN) == []


def test_admins_who_opened_their_home_follow_everyone_s_campaigns(relais: Relais) -> None:
    relais.runtime.home.per_user_interval = 0.0
    open_home(relais, ADMIN)
    before = len(publishes_for(relais, ADMIN))
    reference = send(relais, "/push sms +33612345678 Bonjour", user="UBOB")
    assert relais.runtime.home.flush()
    assert f"`{reference}`" in home_message(publishes_for(relais, ADMIN)[-1]).all_text()
    assert len(publishes_for(relais, ADMIN)) > before


def test_the_credit_warns_when_low_and_when_it_cannot_pay_for_the_scheduled_campaigns(relais: Relais) -> None:
    box = sandbox(relais)
    box.set_credit(50_000)
    assert ":warning:" not in open_home(relais).all_text()
    box.set_credit(800)
    assert "Credit is low (under 1,000 units)" in open_home(relais).all_text()
    box.set_credit(5_000)
    numbers = ",".join(f"+336123456{n:02d}" for n in range(40))
    send(relais, f'/push sms {numbers} at="tomorrow 9:00" Bonjour demain')
    units = campaign(relais, campaign_reference(relais)).units
    box.set_credit(units - 1)
    text = open_home(relais).all_text()
    assert f"The scheduled campaigns need {units:,} units, the credit is {units - 1:,}" in text


def test_recent_calls_have_call_back_and_cancel_while_waiting(relais: Relais) -> None:
    confirm(relais, "/callback 0612345679 popup=77")
    home = open_home(relais)
    assert "+33612345679 · Accueil · :hourglass_flowing_sand: waiting (EN_ATTENTE)" in home.all_text()
    assert home.button_labels()[3:] == ["Call back", "Cancel call"]


def _press_in_home(relais: Relais, label: str, user: str = MEMBER) -> None:
    assert relais.driver.click_in_home(label, user=user).status == 200
    relais.settle()


def test_the_home_opens_with_new_campaign_find_a_contact_and_place_a_callback(relais: Relais) -> None:
    home = open_home(relais)
    assert home.button_labels()[:3] == ["New campaign", "Find a contact", "Place a callback"]


def test_new_campaign_from_the_home_asks_where_the_card_goes_then_sends_there(relais: Relais) -> None:
    open_home(relais)
    _press_in_home(relais, "New campaign")
    [view] = relais.standin.open_views(MEMBER)
    assert view.view["blocks"][0]["block_id"] == POST_IN
    values = {POST_IN: CHANNEL, "channel": "sms", "recipients": "+33612345678", "text": "Bonjour"}
    assert relais.driver.submit(view, values).status == 200
    relais.settle()
    card = copy.deepcopy(relais.standin.ephemerals(MEMBER, CHANNEL)[-1])
    relais.click(card, CONFIRM)
    assert campaign(relais, campaign_reference(relais)).channel_id == CHANNEL


def test_find_a_contact_from_the_home_answers_the_search_in_the_direct_message(relais: Relais) -> None:
    sandbox(relais).add_contact("Dupont", "Hélène", "+33612345678")
    open_home(relais)
    _press_in_home(relais, "Find a contact")
    [view] = relais.standin.open_views(MEMBER)
    reply = relais.driver.submit(view, {"query": "  "})
    assert "what to look for is missing" in reply.body  # inline, under the field
    relais.driver.submit(view, {"query": "helene"})
    relais.settle()
    shown = "\n".join(m.all_text() for m in relais.standin.channel_messages(MEMBER))
    assert "Contacts matching “helene”" in shown and "Dupont" in shown


def test_place_a_callback_from_the_home_stages_its_card_in_the_direct_message(relais: Relais) -> None:
    open_home(relais)
    _press_in_home(relais, "Place a callback")
    [view] = relais.standin.open_views(MEMBER)
    assert relais.driver.submit(view, {"number": "06 12 34 56 78", "popup": "77"}).status == 200
    relais.settle()
    cards = [m for m in relais.standin.messages if m.channel == MEMBER and "until you press" in m.all_text()]
    assert cards and "+33612345678" in cards[-1].all_text()


def test_call_back_from_the_home_stages_a_new_callback_card_in_the_direct_message(relais: Relais) -> None:
    confirm(relais, "/callback 0612345679 popup=77")
    open_home(relais)
    _press_in_home(relais, "Call back")
    cards = [m for m in relais.standin.messages if m.channel == MEMBER and "until you press" in m.all_text()]
    assert cards and "+33612345679" in cards[-1].all_text()
