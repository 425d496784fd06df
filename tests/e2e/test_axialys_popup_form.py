"""/callback popup update: the form filled with the pop-up's settings from Axialys, plannings and groups as selects."""

from __future__ import annotations

from typing import Any

import pytest

from bot.sandboxes.slack import View
from handlers.axialys.popup_settings import KEEP
from handlers.axialys.popups import PICK_POPUP
from tests.axialys_support import admin, methods, rewrite_body, sandbox
from tests.conftest import ADMIN, MEMBER, Relais


def _blocks(view: View) -> dict[str, dict[str, Any]]:
    return {b["block_id"]: b for b in view.view["blocks"] if b.get("block_id")}


def _initial(view: View, block_id: str) -> Any:
    """What an input shows when the form opens: its text, its selected option's value, or its ticked boxes."""
    element = _blocks(view)[block_id]["element"]
    if "initial_option" in element:
        return element["initial_option"]["value"]
    if element["type"] == "checkboxes":
        return [o["value"] for o in element.get("initial_options", [])]
    return element.get("initial_value")


def _options(view: View, block_id: str) -> list[str]:
    return [o["value"] for o in _blocks(view)[block_id]["element"]["options"]]


def _popup(relais: Relais, id_popup: int) -> dict[str, Any]:
    [found] = [p for p in sandbox(relais).popups() if p["id"] == id_popup]
    return found


def _open_form(relais: Relais, line: str) -> View:
    relais.command(line, user=ADMIN)
    return relais.standin.open_views(ADMIN)[-1]


def test_the_form_is_filled_with_the_popups_settings_from_axialys(relais: Relais) -> None:
    view = _open_form(relais, "/callback popup update 77")
    accueil = _popup(relais, 77)
    assert _initial(view, "popup") == "77"
    assert _initial(view, "name") == "Accueil"
    assert (_initial(view, "planning"), _initial(view, "open"), _initial(view, "closed")) == (
        accueil["planning"],
        accueil["open_group"],
        accueil["closed_group"],
    )
    assert _initial(view, "open_message") == accueil["open_message"]
    assert _initial(view, "closed_message") == accueil["closed_message"]
    assert _initial(view, "answering") == "accueil@relais-exemple.fr"
    assert (_initial(view, "operator_number"), _initial(view, "client_number")) == ("0820620620", "0170200258")
    assert (_initial(view, "usr1"), _initial(view, "usr2"), _initial(view, "usr3")) == ("Client", "Commande", None)
    assert (_initial(view, "direction"), _initial(view, "locale"), _initial(view, "voice")) == ("OPERATEUR", "fr", "f")
    assert _initial(view, "immediate") == [] and _initial(view, "show_name") == ["1"]
    assert _initial(view, "client_wait") == "20" and _initial(view, "operator_wait") == "30"


def test_plannings_and_groups_are_offered_from_axialys(relais: Relais) -> None:
    admin(relais, "/callback planning add-hours new soir lundi 19:00-21:00")
    admin(relais, "/callback operators add new nuit 0170200299")
    view = _open_form(relais, "/callback popup update 77")
    assert set(_options(view, "planning")) == {"-", *sandbox(relais).plannings()}
    assert set(_options(view, "open")) == set(_options(view, "closed")) == {"-", *sandbox(relais).groups()}
    assert {"soir"} <= set(_options(view, "planning")) and {"nuit"} <= set(_options(view, "open"))


def test_the_form_alone_starts_on_the_first_popup_and_picking_another_refills_it(relais: Relais) -> None:
    view = _open_form(relais, "/callback popup update")
    assert (_initial(view, "popup"), _initial(view, "name")) == ("77", "Accueil")
    first_action_id = _blocks(view)["name"]["element"]["action_id"]
    first_metadata = view.view["private_metadata"]
    reply = relais.driver.click_in_view(view, PICK_POPUP, user=ADMIN, value="197")
    assert reply.status == 200
    relais.settle()
    refreshed = relais.standin.open_views(ADMIN)[-1]
    assert refreshed.id == view.id
    assert (_initial(refreshed, "popup"), _initial(refreshed, "name")) == ("197", "Boutique")
    assert _initial(refreshed, "direction") == "INTERNAUTE" and _initial(refreshed, "open") == "commercial"
    assert _initial(refreshed, "planning") == "-" and _initial(refreshed, "open_message") is not None
    assert _initial(refreshed, "immediate") == ["1"] and _initial(refreshed, "show_name") == []
    # Slack keeps typed text across views.update when block and action ids stay: the action ids change.
    assert _blocks(refreshed)["name"]["element"]["action_id"] != first_action_id
    assert refreshed.view["private_metadata"] == first_metadata


def _form_values(view: View, **changes: Any) -> dict[str, Any]:
    """Submit what the form shows, with ``changes``."""
    values = {block_id: _initial(view, block_id) for block_id in _blocks(view)}
    return {**values, **changes}


def test_submitting_sends_only_what_changed(relais: Relais) -> None:
    view = _open_form(relais, "/callback popup update 77")
    with sandbox(relais).recording() as seen:
        reply = relais.driver.submit(view, _form_values(view, voice="m", client_wait="25"), user=ADMIN)
        assert reply.body == ""
        relais.settle()
    [update] = [e for e in seen if e.query["methode"] == ["popup_maj"]]
    sent = {k: v for k, v in update.query.items() if k not in {"methode", "email", "pass"}}
    assert sent == {"id_popup": ["77"], "voix": ["m"], "internaute_delais_attente": ["25"]}
    accueil = _popup(relais, 77)
    assert accueil["voice"] == "m" and accueil["planning"] == "bureau"
    said = relais.standin.ephemerals(ADMIN)[-1].all_text()
    assert "Pop-up Accueil (#77) updated: internaute_delais_attente=25, voix=m." in said
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.operation, entry.outcome) == ("A16 update pop-up", "done")
    assert entry.command == "modal axialys.popup.update"


def test_emptying_a_field_clears_that_setting(relais: Relais) -> None:
    view = _open_form(relais, "/callback popup update 77")
    relais.driver.submit(view, _form_values(view, closed_message=None, closed="-", answering=""), user=ADMIN)
    relais.settle()
    accueil = _popup(relais, 77)
    assert accueil["closed_message"] is None and accueil["closed_group"] is None
    assert accueil["answering_email"] is None and accueil["open_message"]
    said = relais.standin.ephemerals(ADMIN)[-1].all_text()
    assert "cleared: answering, closed, closed_message" in said


def test_an_unchanged_form_sends_nothing(relais: Relais) -> None:
    view = _open_form(relais, "/callback popup update 77")
    relais.driver.submit(view, _form_values(view), user=ADMIN)
    relais.settle()
    assert "already has these settings: nothing was sent" in relais.standin.ephemerals(ADMIN)[-1].all_text()
    assert methods(relais, "popup_maj") == []


def test_the_form_shows_inline_errors(relais: Relais) -> None:
    view = _open_form(relais, "/callback popup update 77")
    reply = relais.driver.submit(view, _form_values(view, client_wait="2", answering="nope", usr1="a b"), user=ADMIN)
    assert set(reply.json()["errors"]) == {"client_wait", "answering", "usr1"}
    assert methods(relais, "popup_maj") == []


def test_a_typed_update_by_name_sends_only_the_changes(relais: Relais) -> None:
    text = admin(relais, "/callback popup update boutique voice=f locale=en")
    assert "Pop-up Boutique (#197) updated: locale=en." in text
    assert "already has these settings" in admin(relais, "/callback popup update 197 locale=EN")
    assert "Pop-up Boutique (#197) updated: cleared: open_message." in admin(
        relais, '/callback popup update 197 open_message=""'
    )
    assert _popup(relais, 197)["open_message"] is None


def test_a_refused_click_inside_a_modal_is_answered_in_a_direct_message(relais: Relais) -> None:
    # A button in a modal carries no channel and no response_url: the refusal must still reach the user.
    view = _open_form(relais, "/callback popup update")
    reply = relais.driver.click_in_view(view, PICK_POPUP, user=MEMBER, value="197")
    assert reply.status == 200
    relais.settle()
    [answer] = relais.standin.channel_messages(MEMBER)
    assert "is for Relais admins" in answer.all_text()
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.user_id, entry.outcome) == (MEMBER, "refused")


def test_a_planning_axialys_does_not_list_is_kept_when_the_form_is_submitted(
    relais: Relais, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 10: a pop-up update never clears routing by omission, even when A12 does not list the current planning."""

    def without_bureau(body: bytes) -> bytes:
        return b"".join(line for line in body.splitlines(keepends=True) if b"bureau" not in line)

    rewrite_body(relais, monkeypatch, "planning_plages_listing", without_bureau)
    view = _open_form(relais, "/callback popup update 77")
    assert "bureau" not in _options(view, "planning") and _initial(view, "planning") == KEEP
    with sandbox(relais).recording() as seen:
        relais.driver.submit(view, _form_values(view, voice="m"), user=ADMIN)
        relais.settle()
    [update] = [e for e in seen if e.query["methode"] == ["popup_maj"]]
    assert "nom_plage" not in update.query and update.query["voix"] == ["m"]
    assert _popup(relais, 77)["planning"] == "bureau"
