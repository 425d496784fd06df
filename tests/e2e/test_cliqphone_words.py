"""/number add and /number edit in the user's words (issue 12, item 5), through signed HTTP and the Cliqphone
sandbox: errors name fields by their English option names, forwarding codes and days are typed in words
(English or French, any case) or as codes, sent as the document's codes and shown in words."""

from __future__ import annotations

import copy

from bot.slack.cards import CONFIRM
from tests.cliqphone_support import ADD_PATH, EDIT_PATH, FREE_NUMBER, cliqphone, json_body
from tests.conftest import ADMIN, Relais

WIRE_NAMES = ("numero:", "sonnerie:", "etat:", "jours:", "typeRenvoi:", "nomPorteur:", "numRenvoi:")


def test_command_errors_name_fields_as_typed_never_by_their_wire_names(relais: Relais) -> None:
    text = relais.reply_text("/number add number=12 ring=vingt active=peut-être days=lundi,mecredi", user=ADMIN)
    assert "number: `12`" in text
    assert "ring: `vingt` is not a whole number" in text
    assert "active: `peut-être` is not yes or no" in text and "write active=yes or active=no" in text
    assert "days: there is no day named `mecredi`: did you mean `mercredi`?" in text
    assert not any(wire in text for wire in WIRE_NAMES), text
    # A wire name typed as an alias is answered under the field's one name too.
    text = relais.reply_text("/number edit 141 sonnerie=vingt numRenvoi=+33", user=ADMIN)
    assert "ring: `vingt` is not a whole number" in text and "forward_to: " in text
    assert not any(wire in text for wire in WIRE_NAMES), text
    assert cliqphone(relais).requests(ADD_PATH) == [] and cliqphone(relais).requests(EDIT_PATH) == []


def test_forwarding_and_days_in_words_are_sent_as_codes_and_said_in_words(relais: Relais) -> None:
    line = "/number edit 141 handling=forward forward_mode=one-after-another days=lundi,TUE,Mer"
    text = relais.reply_text(line, user=ADMIN)
    [request] = cliqphone(relais).requests(EDIT_PATH)
    assert json_body(request) == {"id": 141, "type": "Ren", "typeRenvoi": "Seq", "jours": "Lu,Ma,Me"}
    assert "Call handling (handling): not listed before → forward (Ren)" in text
    assert "Forwarding mode (forward_mode): not listed before → one-after-another (Seq)" in text
    assert "Days (days): not listed before → Monday, Tuesday, Wednesday (Lu,Ma,Me)" in text
    # The codes are read as before, and so are the French words, with or without accents.
    relais.reply_text("/number edit 141 type=rep typeRenvoi=parallele jours=Ve,dimanche", user=ADMIN)
    second = json_body(cliqphone(relais).requests(EDIT_PATH)[-1])
    assert (second["type"], second["typeRenvoi"], second["jours"]) == ("Rep", "Par", "Ve,Di")


def test_a_mistyped_word_is_answered_with_the_one_meant_and_nothing_is_sent(relais: Relais) -> None:
    text = relais.reply_text("/number edit 141 handling=forwrd forward_mode=all-at-onse", user=ADMIN)
    assert "handling: there is no call handling named `forwrd`: did you mean `forward`?" in text
    assert "forward_mode: there is no forwarding mode named `all-at-onse`: did you mean `all-at-once`?" in text
    assert cliqphone(relais).requests(EDIT_PATH) == []


def test_the_add_card_says_the_codes_in_words_and_sends_the_codes(relais: Relais) -> None:
    line = f"/number add number={FREE_NUMBER} zone=fr_01 handling=answering-machine days=every-day"
    [card] = relais.command(line, user=ADMIN)
    shown = card.all_text()
    assert "Call handling (handling): answering-machine (Rep)" in shown and "Days (days): every day (All)" in shown
    relais.click(copy.deepcopy(card), CONFIRM, user=ADMIN)
    [request] = cliqphone(relais).requests(ADD_PATH)
    assert json_body(request) == {"numero": FREE_NUMBER, "code": "fr_01", "type": "Rep", "jours": "All"}


def test_the_form_offers_the_words_and_its_errors_land_under_their_fields(relais: Relais) -> None:
    relais.command("/number add", user=ADMIN)
    [view] = relais.standin.open_views(ADMIN)
    blocks = {b.get("block_id"): b for b in view.view["blocks"]}
    assert [o["text"]["text"] for o in blocks["type"]["element"]["options"]] == [
        "Answering machine (Rep)",
        "Forward calls (Ren)",
    ]
    assert "Monday (Lu)" in [o["text"]["text"] for o in blocks["jours"]["element"]["options"]]
    reply = relais.driver.submit(view, {"numero": "12", "sonnerie": "vingt", "nomPorteur": "Ada"}, user=ADMIN)
    errors = reply.json()["errors"]
    assert set(errors) == {"numero", "sonnerie"}  # the blocks' ids, the document's names
    assert "is not a whole number" in errors["sonnerie"]
