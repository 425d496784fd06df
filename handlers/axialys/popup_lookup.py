"""A pop-up named by id or name (or none: the account's first), as every ``/callback`` subcommand finds it.

Names are matched as typed (``accueil`` is ``Accueil``: ``bot.rules.names``); a name that
matches none is refused with the nearest names, never passed on to Axialys.
"""

from __future__ import annotations

from typing import Any

from bot.core.errors import UserError
from bot.rules.fields import FieldError
from bot.rules.names import fold, pick_name
from bot.vendors.axialys.client import AxialysClient
from bot.vendors.axialys.models import Popup
from handlers.axialys.rules import check_id_popup, check_name_field

__all__ = ["check_popup_ref", "find_popup", "popup_id"]


def check_popup_ref(field: str, value: str) -> str:
    """A pop-up as typed, before Axialys is asked (no I/O): an id (1–1000) or a name (letters and digits)."""
    text = value.strip().lstrip("#")
    return str(check_id_popup(field, text)) if text.isdigit() else check_name_field(field, text)


def find_popup(
    client: AxialysClient, value: str | None, *, field: str = "popup", popups: list[Popup] | None = None
) -> Popup:
    """A pop-up by id or name (any case, any accents); without one, the account's first (lowest id).

    ``popups``: the A14 listing when the caller already has it (else it is read).
    """
    popups = client.popups() if popups is None else popups
    if not popups:
        raise UserError(
            "Axialys has no pop-up yet", hint="an admin can create one: `/callback popup create name=Accueil`"
        )
    if value is None or not value.strip():
        return min(popups, key=lambda p: p.id)
    text = value.strip().lstrip("#")
    if text.isdigit():
        wanted = check_id_popup(field, text)
        by_id = next((p for p in popups if p.id == wanted), None)
        if by_id is not None:
            return by_id
    ids = ", ".join(f"`{p.id}` ({p.name})" for p in sorted(popups, key=lambda p: p.id)[:10])
    name = pick_name(field, text, [p.name for p in popups], what="pop-up", hint=f"or give its id: {ids}")
    named = [p for p in popups if fold(p.name) == fold(name)]
    if len(named) > 1:  # names need not be unique at Axialys (decisions): never pick one silently
        shared = ", ".join(f"#{p.id}" for p in named)
        raise FieldError(
            field, f"{len(named)} pop-ups are named `{name}` ({shared})", f"give the id, e.g. {field}={named[0].id}"
        )
    return named[0]


def popup_id(client: AxialysClient, params: dict[str, Any], *, field: str = "popup") -> dict[str, Any]:
    """``params`` with the pop-up typed under ``field`` (an id or a name) replaced by ``id_popup``."""
    found = {key: value for key, value in params.items() if key != field}
    return {**found, "id_popup": find_popup(client, str(params[field]), field=field).id}
