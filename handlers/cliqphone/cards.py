"""How Cliqphone's zones, numbers and media look in a listing: one row of blocks each."""

from __future__ import annotations

from typing import Any

from bot.slack.blockkit import button, section
from bot.vendors.cliqphone.models import MEDIA_TYPES, Media, Number, Zone

__all__ = [
    "ADD_BUTTON",
    "EDIT_BUTTON",
    "FREE_NUMBER_COLUMNS",
    "MEDIA_COLUMNS",
    "NUMBER_COLUMNS",
    "ZONE_COLUMNS",
    "free_number_item",
    "free_number_row",
    "media_item",
    "media_row",
    "number_item",
    "number_row",
    "zone_item",
    "zone_row",
]

#: The Edit button of a number's row; the number's id follows the colon.
EDIT_BUTTON = "number.edit:"
#: The Add button of a free number's row; the number follows the colon, its zone is the value.
ADD_BUTTON = "number.add:"


#: The same listings as spreadsheet rows (``… export`` and the Export CSV button), one function per row kind.
ZONE_COLUMNS = ["code", "name", "country", "prefix", "state"]
FREE_NUMBER_COLUMNS = ["number", "zone", "type"]
NUMBER_COLUMNS = ["id", "number", "zone", "active", "type", "holder", "campaign", "description"]
MEDIA_COLUMNS = ["id", "name", "type", "type code", "active", "url"]


def _kind(number: Number) -> str:
    return "fax" if number.is_fax else "phone"


def zone_row(zone: Zone) -> list[str]:
    return [zone.code, zone.nom or "", zone.pays or "", zone.prefix or "", zone.etat or ""]


def free_number_row(number: Number) -> list[str]:
    return [number.numero, number.code or "", _kind(number)]


def number_row(number: Number) -> list[str]:
    active = "yes" if number.is_active else "no"
    return [
        str(number.id),
        number.numero,
        number.code or "",
        active,
        _kind(number),
        number.nom_porteur or "",
        number.compagne or "",
        number.info or "",
    ]


def media_row(item: Media) -> list[str]:
    kind = MEDIA_TYPES.get(item.type, item.type_name or item.type)
    return [str(item.id), item.nom or "", kind, item.type, "yes" if item.is_active else "no", item.url or ""]


def zone_item(zone: Zone) -> list[dict[str, Any]]:
    state = f" · {zone.etat}" if zone.etat else ""
    return [section(f"*{zone.code}* — {zone.nom or '—'} ({zone.pays or '—'}) · prefix {zone.prefix or '—'}{state}")]


def free_number_item(number: Number, *, addable: bool) -> list[dict[str, Any]]:
    """A number of Cliqphone's offer (C4): what it is and where, nothing of an owner's settings; admins get
    its Add button (the action is admin-only too)."""
    text = f"*{number.numero}* · {number.code or '—'} · {'fax' if number.is_fax else 'phone'}"
    accessory = button("Add", f"{ADD_BUTTON}{number.numero}", number.code or "") if addable else None
    return [section(text, accessory=accessory)]


def number_item(number: Number, *, editable: bool) -> list[dict[str, Any]]:
    """One number as a listing row; admins get its Edit button (the action is admin-only too)."""
    state = "active" if number.is_active else "inactive"
    kind = "fax" if number.is_fax else "phone"
    details = " · ".join(
        part
        for part in (
            f"holder {number.nom_porteur}" if number.nom_porteur else "",
            f"campaign {number.compagne}" if number.compagne else "",
            number.info or "",
        )
        if part
    )
    text = f"*{number.numero}* · id `{number.id}` · {number.code or '—'} · {state} · {kind}"
    accessory = button("Edit", f"{EDIT_BUTTON}{number.id}", str(number.id)) if editable else None
    return [section(f"{text}\n{details}" if details else text, accessory=accessory)]


def media_item(item: Media) -> list[dict[str, Any]]:
    kind = MEDIA_TYPES.get(item.type, item.type_name or item.type)
    state = "active" if item.is_active else "inactive"
    link = f" · <{item.url}|listen>" if item.url else ""
    return [section(f"*{item.nom or '—'}* · id `{item.id}` · {kind} ({item.type}) · {state}{link}")]
