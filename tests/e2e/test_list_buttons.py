"""Buttons on list items: free numbers (Add), numbers (Edit), pop-ups (Update, Destinations), operator
groups (Add operator); admin-only buttons shown to admins only, and refused to members who forge a click."""

from __future__ import annotations

import copy
from typing import Any

from bot.sandboxes.slack import Message, View
from handlers.axialys.popup_buttons import ADD_OPERATOR_BUTTON, DESTINATIONS_BUTTON, UPDATE_POPUP_BUTTON
from handlers.cliqphone.cards import ADD_BUTTON, EDIT_BUTTON
from tests.conftest import ADMIN, MEMBER, Relais


def _action_ids(message: Message) -> list[str]:
    """Every button's action id in ``message``: section accessories and actions blocks."""
    found = []
    for block in message.blocks or []:
        accessory: dict[str, Any] = block.get("accessory") or {}
        elements = [accessory] if accessory else list(block.get("elements", [])) if block["type"] == "actions" else []
        found += [str(e["action_id"]) for e in elements if e.get("type") == "button"]
    return found


def _listing(relais: Relais, line: str, user: str) -> Message:
    [listing] = relais.command(line, user=user)
    return copy.deepcopy(listing)


def _only_view(relais: Relais, user: str) -> View:
    [view] = relais.standin.open_views(user)
    return view


def _input(view: View, block_id: str) -> dict[str, Any]:
    [block] = [b for b in view.view["blocks"] if b.get("block_id") == block_id]
    element: dict[str, Any] = block["element"]
    return element


def _refused(relais: Relais, user: str) -> bool:
    return relais.standin.open_views(user) == [] and "is for Relais admins" in (
        relais.standin.ephemerals(user)[-1].all_text()
    )


def test_free_numbers_have_add_for_admins_opening_the_filled_add_form(relais: Relais) -> None:
    listing = _listing(relais, "/number available fr_01", ADMIN)
    assert f"{ADD_BUTTON}33187224466" in _action_ids(listing)
    assert not any(a.startswith(ADD_BUTTON) for a in _action_ids(_listing(relais, "/number available fr_01", MEMBER)))
    relais.click(listing, f"{ADD_BUTTON}33187224466", user=ADMIN)
    view = _only_view(relais, ADMIN)
    assert view.view["callback_id"] == "number.add"
    assert _input(view, "numero")["initial_value"] == "33187224466"
    assert _input(view, "code")["initial_option"]["value"] == "fr_01"
    relais.click(listing, f"{ADD_BUTTON}33187224466", user=MEMBER)  # a forged click
    assert _refused(relais, MEMBER)


def test_every_listed_number_has_edit_for_admins(relais: Relais) -> None:
    listing = _listing(relais, "/number list", ADMIN)
    edits = [a for a in _action_ids(listing) if a.startswith(EDIT_BUTTON)]
    numbers = [b for b in listing.blocks or [] if b.get("type") == "section" and "· id `" in b["text"]["text"]]
    assert edits and len(edits) == len(numbers)
    assert not any(a.startswith(EDIT_BUTTON) for a in _action_ids(_listing(relais, "/number list", MEMBER)))


def test_popups_have_update_for_admins_and_destinations_for_all(relais: Relais) -> None:
    listing = _listing(relais, "/callback popup list", ADMIN)
    ids = _action_ids(listing)
    assert f"{UPDATE_POPUP_BUTTON}77" in ids and f"{DESTINATIONS_BUTTON}77" in ids
    member = _listing(relais, "/callback popup list", MEMBER)
    assert f"{DESTINATIONS_BUTTON}77" in _action_ids(member)
    assert not any(a.startswith(UPDATE_POPUP_BUTTON) for a in _action_ids(member))

    relais.click(listing, f"{UPDATE_POPUP_BUTTON}77", user=ADMIN)
    view = _only_view(relais, ADMIN)
    assert view.view["callback_id"] == "axialys.popup.update"
    assert _input(view, "popup")["initial_option"]["value"] == "77"
    relais.click(listing, f"{UPDATE_POPUP_BUTTON}77", user=MEMBER)  # a forged click
    assert _refused(relais, MEMBER)

    relais.click(member, f"{DESTINATIONS_BUTTON}77", user=MEMBER)
    answer = relais.standin.ephemerals(MEMBER)[-1].all_text()
    assert "Destinations of" in answer and "(#77)" in answer and "€" in answer


def test_operator_groups_have_add_operator_for_admins(relais: Relais) -> None:
    listing = _listing(relais, "/callback operators list", ADMIN)
    buttons = [
        element
        for block in listing.blocks or []
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"].startswith(ADD_OPERATOR_BUTTON)
    ]
    assert buttons and {b["text"]["text"] for b in buttons} == {"Add operator"}
    member = _listing(relais, "/callback operators list", MEMBER)
    assert not any(a.startswith(ADD_OPERATOR_BUTTON) for a in _action_ids(member))
    group = str(buttons[0]["value"])
    relais.click(listing, str(buttons[0]["action_id"]), user=ADMIN)
    view = _only_view(relais, ADMIN)
    assert view.view["callback_id"] == "axialys.operators.add"
    assert _input(view, "group")["initial_value"] == group
    relais.click(listing, str(buttons[0]["action_id"]), user=MEMBER)  # a forged click
    assert _refused(relais, MEMBER)
