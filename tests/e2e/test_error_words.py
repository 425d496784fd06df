"""Plain words first, the vendor's words in a detail line; the confirmation cards' buttons say what they do.

The three answers of issue 12 (a 404 on Clever, a 409 CONFLIT on an Axialys closing day, a 0310
"invalid Zone" from Cliqphone) driven through signed requests: the main text is a plain English
sentence with what to do, the vendor's name, status, code and words are in the context line only.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from bot.sandboxes.slack import Message
from tests.axialys_support import API, card_of, refuse, sandbox
from tests.cliqphone_support import cliqphone
from tests.conftest import ADMIN, MEMBER, Relais
from tests.problem_support import problem_parts

CLEVER_404 = "La ressource demandée n'existe pas"


def _plain(main: str) -> None:
    """No HTTP status, no vendor code, no French vendor sentence in the main text."""
    assert "HTTP" not in main and "n'existe pas" not in main and "chevauche" not in main and "invalid" not in main


def test_a_clever_404_names_the_campaign_and_what_to_do(relais: Relais) -> None:
    # The sandbox answers as Clever does: 404 "La ressource demandée n'existe pas. Campagne … introuvable."
    [reply] = relais.command("/push status Push20000101000000")
    main, detail = problem_parts(reply)
    assert "Clever Multimedias has no campaign `Push20000101000000`" in main and "check the reference" in main
    _plain(main)
    assert detail.startswith(f"Clever Multimedias, HTTP 404: {CLEVER_404}")


def test_an_axialys_conflict_on_a_closing_day_says_what_to_do(relais: Relais, monkeypatch: pytest.MonkeyPatch) -> None:
    day = (date.today() + timedelta(days=30)).isoformat()
    line = "KO;CONFLIT;le jour 2026-12-25 chevauche une exception existante"
    refuse(relais, monkeypatch, "planning_exception_add", line, status=409)  # the planning's look-up answers as usual
    [reply] = relais.command(f"/callback planning add-closing bureau {day}", user=ADMIN)
    main, detail = problem_parts(reply)
    assert "this closing day overlaps another one on planning bureau: delete it first" in main
    assert "or pick other dates" in main
    _plain(main)
    assert detail == "Axialys WebAppel, HTTP 409, code CONFLIT: le jour 2026-12-25 chevauche une exception existante"


def test_a_cliqphone_0310_invalid_zone_points_to_the_zone_list(relais: Relais) -> None:
    body = json.dumps({"state": "ko", "codeErreur": "0310", "messageErreur": "invalid Zone"}).encode()
    cliqphone(relais).inject_fault(
        200, body=body, path_prefix="/numeroapi/getlistnumerodispobyzone", content_type="application/json"
    )
    [reply] = relais.command("/number available fr_01")
    main, detail = problem_parts(reply)
    assert "Cliqphone does not know this zone code: `/number zones` lists them" in main
    _plain(main)
    assert detail == "Cliqphone, HTTP 200, code 0310: invalid Zone"


def test_an_unknown_code_names_the_operation_and_keeps_the_detail(relais: Relais) -> None:
    sandbox(relais).inject_fault(400, body=b"KO;QUOTA_JOUR;trop d'appels aujourd'hui", path_prefix=API)
    [reply] = relais.command("/callback popup list")
    main, detail = problem_parts(reply)
    assert "Axialys refused listing the pop-ups for a reason Relais does not know: check" in main
    assert detail == "Axialys WebAppel, HTTP 400, code QUOTA_JOUR: trop d'appels aujourd'hui"


def test_a_refusal_on_the_card_is_shown_the_same_way(relais: Relais) -> None:
    card = card_of(relais.command("/callback 0612345679 popup=77"))
    sandbox(relais).inject_fault(403, body=b"KO;DESTINATION_INTERDITE;destination interdite", path_prefix=API)
    relais.click(card, "Place call", user=MEMBER)
    shown = relais.standin.find(card.ts)
    assert shown is not None
    main, detail = problem_parts(shown)
    assert "this destination is not allowed for the pop-up: allow it with `/callback popup allow`" in main
    _plain(main)
    assert detail == "Axialys WebAppel, HTTP 403, code DESTINATION_INTERDITE: destination interdite"


# -- buttons say what they do -------------------------------------------------------------------------


def _confirm_button(card: Message) -> dict[str, Any]:
    for block in card.blocks or []:
        if block.get("type") == "actions":
            element: dict[str, Any] = block["elements"][0]
            return element
    raise AssertionError("no buttons on " + card.all_text())


def test_each_card_names_its_action_and_destructive_ones_are_red(relais: Relais) -> None:
    cases = [
        ("/push sms 0612345678 Bonjour", MEMBER, "Send campaign", "primary"),
        ("/contact delete 214907", ADMIN, "Delete contact", "danger"),
        ("/callback 0612345679 popup=77", MEMBER, "Place call", "primary"),
        ("/callback block number 0612345679", ADMIN, "Blacklist", "danger"),
        ("/callback popup delete 197", ADMIN, "Delete pop-up", "danger"),
        ("/callback operators remove support +33170200259", ADMIN, "Remove operator", "danger"),
        ("/number add numero=33187224466 code=fr_01 etat=true", ADMIN, "Add number", "primary"),
    ]
    for line, user, label, style in cases:
        card = relais.command(line, user=user)[-1]
        button = _confirm_button(card)
        assert (button["text"]["text"], button.get("style")) == (label, style), line
        assert "confirm" not in button, "the card is the confirmation: no dialog on top"
        assert f"until you press {label}" in card.all_text()
        assert "Send" not in card.button_labels() or label.startswith("Send")
