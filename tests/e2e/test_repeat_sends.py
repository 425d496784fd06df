"""The same message to the same recipients, or the same callback number, within 10 minutes asks first.

Through signed requests: the card says "Already sent at 10:02 by @alice (…): send again?" with a
"Send again" / "Call again" button; cards staged before the first send ask at their click instead
of sending; a refused send does not count; ten minutes later nothing asks.
"""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest

from bot.core.recent_sends import RECENT_SENDS, REPEAT_WINDOW, RecentSends
from bot.core.timezone import PARIS
from tests.axialys_support import admin, card_of, methods
from tests.clever_support import as_it_stands, card_for, sandbox, send
from tests.conftest import ADMIN, MEMBER, Relais

PUSH = "/push sms 0612345678,0698765432 Rendez-vous demain à 9h"
CALL = "/callback 06 12 34 56 79 popup=77"


def posts(relais: Relais) -> int:
    return len([r for r in sandbox(relais).requests("/api/pushs") if r.method == "POST"])


def sent_at(relais: Relais) -> str:
    """The Paris time of the one send noted, as a card tells it."""
    [(_, record)] = list(relais.records(RECENT_SENDS).scan())
    return f"{datetime.fromtimestamp(record.sends[-1].at, PARIS):%H:%M}"


def ten_minutes_pass(relais: Relais) -> None:
    """Every noted send moved just past the window (the records layer keeps them; nothing else moves)."""
    sends = relais.records(RECENT_SENDS)
    for key, record in list(sends.scan()):
        older = [s.model_copy(update={"at": s.at - REPEAT_WINDOW - 1}) for s in record.sends]
        sends.put(key, RecentSends(sends=older))


def test_the_same_push_again_asks_and_sends_only_on_send_again(relais: Relais) -> None:
    send(relais, PUSH)
    # The same two numbers, written another way and in another order.
    card = card_for(relais, "/push sms +33 6 98 76 54 32,0033612345678 Rendez-vous demain à 9h", user=ADMIN)
    text = card.all_text()
    assert text.index(":warning: Already sent at") < text.index("Recipients")  # said first
    assert (
        f":warning: Already sent at {sent_at(relais)} by <@{MEMBER}> "
        "(same message to the same 2 recipients): send again?" in text
    )
    assert card.button_labels() == ["Send again", "Cancel"] and "until you press Send again" in text
    assert posts(relais) == 1
    relais.click(copy.deepcopy(card), "Send again", user=ADMIN)
    relais.click(copy.deepcopy(card), "Send again", user=ADMIN)  # a double click still sends once
    assert posts(relais) == 2
    assert "Done" in relais.shown(card.ts)


@pytest.mark.parametrize(
    "other",
    [
        "/push sms 0612345678,0698765432 Rendez-vous demain à 10h",  # another text
        "/push sms 0612345678 Rendez-vous demain à 9h",  # another set of recipients
        "/push tts 0612345678,0698765432 Rendez-vous demain à 9h",  # another channel
    ],
)
def test_another_text_recipient_set_or_channel_does_not_ask(relais: Relais, other: str) -> None:
    send(relais, PUSH)
    card = card_for(relais, other)
    assert "Already sent" not in card.all_text() and card.button_labels() == ["Send campaign", "Cancel"]


def test_ten_minutes_later_the_same_push_does_not_ask(relais: Relais) -> None:
    send(relais, PUSH)
    ten_minutes_pass(relais)
    card = card_for(relais, PUSH)
    assert "Already sent" not in card.all_text() and card.button_labels() == ["Send campaign", "Cancel"]
    relais.click(card, "Send campaign")
    assert posts(relais) == 2


def test_a_card_staged_before_the_same_push_went_asks_at_its_click(relais: Relais) -> None:
    first, second = card_for(relais, PUSH), card_for(relais, PUSH)
    relais.click(first, "Send campaign")
    relais.click(second, "Send campaign")
    assert posts(relais) == 1
    asking = as_it_stands(relais, second)
    assert "Already sent at" in asking.all_text() and "Already handled" not in asking.all_text()
    assert asking.button_labels() == ["Send again", "Cancel"]
    relais.click(asking, "Send again")
    assert posts(relais) == 2


def test_twenty_identical_callbacks_place_one_call_and_the_others_ask(relais: Relais) -> None:
    cards = [card_of(relais.command(CALL)) for _ in range(20)]
    assert all("Already" not in card.all_text() for card in cards)  # nothing was placed yet
    for card in cards:
        relais.click(card, "Place call")
    assert len(methods(relais, "appel")) == 1
    asking = [as_it_stands(relais, card) for card in cards[1:]]
    line = f":warning: Already called at {sent_at(relais)} by <@{MEMBER}> (same number +33612345679, pop-up Accueil)"
    for card in asking:
        assert line + ": call again?" in card.all_text()
        assert card.button_labels() == ["Call again", "Cancel"]
    relais.click(asking[0], "Call again")
    assert len(methods(relais, "appel")) == 2
    # The other cards told about the first call only: the second is news, so they ask again.
    relais.click(asking[1], "Call again")
    assert len(methods(relais, "appel")) == 2
    assert "Call again" in as_it_stands(relais, asking[1]).button_labels()


def test_twenty_identical_callback_cards_clicked_at_once_place_one_call(relais: Relais) -> None:
    cards = [card_of(relais.command(CALL)) for _ in range(20)]
    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(lambda card: relais.driver.click(card, "Place call").status, cards))
    assert statuses == [200] * 20
    relais.settle()
    assert len(methods(relais, "appel")) == 1
    shown = [relais.shown(card.ts) for card in cards]
    assert sum("call placed" in text for text in shown) == 1
    assert sum("Already called at" in text for text in shown) == 19


def test_a_refused_call_does_not_count_as_placed(relais: Relais) -> None:
    card = card_of(relais.command(CALL))
    admin(relais, "/callback popup forbid 77 FR_Mobile")
    relais.click(card, "Place call")
    assert "DESTINATION_INTERDITE" in relais.shown(card.ts)
    admin(relais, "/callback popup allow 77 FR_Mobile")
    again = card_of(relais.command(CALL))
    assert "Already" not in again.all_text() and again.button_labels() == ["Place call", "Cancel"]
    relais.click(again, "Place call")
    assert len(methods(relais, "appel")) == 2  # the refused attempt and this one
    assert "call placed" in relais.shown(again.ts)


def test_another_number_or_popup_does_not_ask(relais: Relais) -> None:
    relais.click(card_of(relais.command(CALL)), "Place call")
    for other in ("/callback 06 12 34 56 70 popup=77", "/callback 06 12 34 56 79 popup=197"):
        card = card_of(relais.command(other))
        assert "Already" not in card.all_text() and card.button_labels() == ["Place call", "Cancel"]
