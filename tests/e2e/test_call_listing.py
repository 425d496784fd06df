"""/callback calls: each call with Call back / Recording / Cancel, and the listing as a CSV file."""

from __future__ import annotations

import copy
import csv
import io
from typing import Any

from bot.sandboxes.slack import Message
from handlers.axialys.call_buttons import CALL_AGAIN_ACTION
from handlers.axialys.call_cards import CANCEL_ACTION
from handlers.axialys.recording import RECORDING_ACTION
from tests.axialys_support import call_cards, card_of, confirm, earlier_today, run_watchers, sandbox
from tests.conftest import ADMIN, CHANNEL, MEMBER, Relais


def _tracking(card_text: str) -> int:
    return int(card_text.split("#")[1].split()[0])


def _buttons(listing: Message) -> dict[int, list[str]]:
    """{tracking id: the action ids of its buttons} of a calls listing."""
    found: dict[int, list[str]] = {}
    for block in listing.blocks or []:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            action_id: str = element["action_id"]
            if action_id.startswith("axialys.call."):
                found.setdefault(int(action_id.rpartition(":")[2]), []).append(action_id.rpartition(":")[0] + ":")
    return found


def _listing(relais: Relais, line: str = "/callback calls popup=77", *, user: str = MEMBER) -> Message:
    [listing] = relais.command(line, user=user)
    return copy.deepcopy(listing)


def _placed(relais: Relais, number: str = "06 12 34 56 79", options: str = "") -> int:
    confirm(relais, f"/callback {number} popup=77 {options}".strip())
    return _tracking(call_cards(relais)[-1].text)


def test_each_call_has_the_buttons_that_apply(relais: Relais) -> None:
    waiting = _placed(relais)
    outside = sandbox(relais).add_call(
        77, "33612345600", seconds_ago=earlier_today(3600), outcome="answered", name="Zoé"
    )
    buttons = _buttons(_listing(relais))
    # Relais placed it: its number is known (Call back); it still waits (Cancel).
    assert buttons[waiting] == [CALL_AGAIN_ACTION, CANCEL_ACTION]
    # Placed from the web pop-up and answered: A26 gives no number, a recording may exist.
    assert buttons[outside] == [RECORDING_ACTION]


def test_call_back_stages_the_usual_card_and_the_repeat_guard_asks(relais: Relais) -> None:
    first = _placed(relais)
    relais.click(_listing(relais), f"{CALL_AGAIN_ACTION}{first}")
    card = card_of(relais.standin.ephemerals(MEMBER))
    text = card.all_text()
    assert "+33612345679" in text and "France mobile" in text and "€0.0450 per minute" in text
    assert ":warning: Already" in text and "Call again" in card.button_labels()  # within 10 minutes: asks first
    relais.click(card, "Call again")
    assert len(call_cards(relais)) == 2


def test_call_back_of_a_call_relais_did_not_place_says_why(relais: Relais) -> None:
    outside = sandbox(relais).add_call(77, "33612345600", seconds_ago=earlier_today(60), outcome="no_answer")
    listing = _listing(relais)
    element: dict[str, Any] = {
        "type": "button",
        "action_id": f"{CALL_AGAIN_ACTION}{outside}",
        "value": "popup=77",
        "text": {"type": "plain_text", "text": "Call back"},
    }
    listing.blocks = [*(listing.blocks or []), {"type": "actions", "elements": [element]}]
    relais.click(listing, f"{CALL_AGAIN_ACTION}{outside}")
    said = "\n".join(m.all_text() for m in relais.standin.ephemerals(MEMBER))
    assert f"call {outside} was not placed from Relais" in said and "/callback 06 12 34 56 78" in said


def test_recording_button_posts_the_conversation(relais: Relais) -> None:
    id_tracking = _placed(relais, options="record=yes")
    sandbox(relais).set_call_outcome(id_tracking, "answered", ring_seconds=5, talk_seconds=42)
    sandbox(relais).clock.advance(3600)
    run_watchers(relais)
    listing = _listing(relais)
    assert _buttons(listing)[id_tracking] == [CALL_AGAIN_ACTION, RECORDING_ACTION]
    relais.click(listing, f"{RECORDING_ACTION}{id_tracking}")
    [(name, content, _)] = relais.standin.posted_files(CHANNEL)
    assert name == f"rec{id_tracking}.wav" and content.startswith(b"RIFF")


def test_cancel_from_the_listing_is_for_its_owner_or_an_admin(relais: Relais) -> None:
    id_tracking = _placed(relais)
    relais.click(_listing(relais, user="UBOB"), f"{CANCEL_ACTION}{id_tracking}", user="UBOB")
    refused = "\n".join(m.all_text() for m in relais.standin.ephemerals("UBOB"))
    assert f"was started by <@{MEMBER}>" in refused
    relais.click(_listing(relais), f"{CANCEL_ACTION}{id_tracking}")
    assert any(f"Call {id_tracking} cancelled" in m.all_text() for m in relais.standin.ephemerals(MEMBER))


def test_calls_export_and_the_export_button(relais: Relais) -> None:
    id_tracking = _placed(relais)
    sandbox(relais).add_call(77, "33612345600", seconds_ago=earlier_today(3600), outcome="answered", name="Zoé")
    assert relais.command("/callback calls popup=77 export", user=ADMIN) == []
    [(name, content, message)] = relais.standin.posted_files(CHANNEL)
    assert name == "calls-popup-77.csv" and f"exported for <@{ADMIN}>" in message.text
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][:6] == ["tracking id", "requested (Paris time)", "name", "state", "state code", "talk (s)"]
    assert rows[0][6:9] == ["ring (s)", "destination", "price (€)"]
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id[str(id_tracking)][3:5] == ["waiting (EN_ATTENTE)", "EN_ATTENTE"]
    assert "Zoé" in {row[2] for row in rows[1:]}
    listing = _listing(relais, "/callback summary popup=77")
    assert "Export CSV" in listing.button_labels()
    relais.click(listing, "relais.export")
    name, content, _ = relais.standin.posted_files(CHANNEL)[-1]
    summary = list(csv.reader(io.StringIO(content.decode("utf-8")[1:])))
    assert name == "call-summary-popup-77.csv" and len(summary) == len(rows)
