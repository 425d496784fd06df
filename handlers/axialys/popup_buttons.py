"""The buttons on listed pop-ups and operator groups: Update and Destinations on a pop-up, Add operator on a
group. Their action ids live here, apart from the modules answering them, so that a listing can show a
button without importing (and so declaring early, out of the help's order) the module behind it."""

from __future__ import annotations

from typing import Any

from bot.slack.blockkit import actions, button

__all__ = ["ADD_OPERATOR_BUTTON", "DESTINATIONS_BUTTON", "UPDATE_POPUP_BUTTON", "group_buttons", "popup_buttons"]

#: A pop-up's Update button (admins): the update form filled with its settings; the pop-up id follows the colon.
UPDATE_POPUP_BUTTON = "axialys.popup.update:"
#: A pop-up's Destinations button: its destinations listing (A17).
DESTINATIONS_BUTTON = "axialys.popup.destinations:"
#: An operator group's Add operator button (admins): the add form with the group filled in; the value is the group.
ADD_OPERATOR_BUTTON = "axialys.operators.add:"


def popup_buttons(id_popup: int, *, admin: bool) -> list[dict[str, Any]]:
    """The actions block under a listed pop-up: Update for admins (the action is admin-only too), Destinations."""
    found = [button("Update", f"{UPDATE_POPUP_BUTTON}{id_popup}", str(id_popup))] if admin else []
    found.append(button("Destinations", f"{DESTINATIONS_BUTTON}{id_popup}", str(id_popup)))
    return [actions(*found)]


def group_buttons(group: str, index: int, *, admin: bool) -> list[dict[str, Any]]:
    """The actions block under a listed operator group: Add operator, for admins only (none for members).

    The group's name travels in the value (any length); the action id is made unique by its place."""
    return [actions(button("Add operator", f"{ADD_OPERATOR_BUTTON}{index}", group))] if admin else []
