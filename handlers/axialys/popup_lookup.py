"""A pop-up named by id or name (or none: the account's first), as every ``/callback`` subcommand finds it."""

from __future__ import annotations

from bot.core.errors import UserError
from bot.rules.fields import FieldError
from bot.vendors.axialys.client import AxialysClient
from bot.vendors.axialys.models import Popup
from handlers.axialys.rules import check_id_popup

__all__ = ["find_popup"]


def find_popup(
    client: AxialysClient, value: str | None, *, field: str = "popup", popups: list[Popup] | None = None
) -> Popup:
    """A pop-up by id or name (case-insensitive); without one, the account's first (lowest id).

    ``popups``: the A14 listing when the caller already has it (else it is read).
    """
    popups = client.popups() if popups is None else popups
    if not popups:
        raise UserError(
            "Axialys has no pop-up yet", hint="an admin can create one: `/callback popup create name=Accueil`"
        )
    if value is None or not value.strip():
        return min(popups, key=lambda p: p.id)
    text = value.strip()
    if text.isdigit():
        wanted = check_id_popup(field, text)
        match = next((p for p in popups if p.id == wanted), None)
    else:
        named = [p for p in popups if p.name.lower() == text.lower()]
        if len(named) > 1:  # names need not be unique at Axialys (decisions): never pick one silently
            ids = ", ".join(f"#{p.id}" for p in named)
            raise FieldError(
                field, f"{len(named)} pop-ups are named `{text}` ({ids})", f"give the id, e.g. {field}={named[0].id}"
            )
        match = named[0] if named else None
    if match is None:
        known = ", ".join(f"{p.id} ({p.name})" for p in popups[:10])
        raise FieldError(field, f"no pop-up `{text}`", f"use an id or a name: {known}")
    return match
