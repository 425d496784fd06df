"""The number form of /number add and /number edit: its blocks, filled from Cliqphone's zones (C2)
and media (C8), and the one check both of its doors share.

The check (``rules.check_number_settings``) also needs what the vendor offers (a ``Catalog``
of zone codes and media ids): the command door reads it from the listings, the modal door
from the selects' options, which travel back with the submission, so the modal's inline
errors are computed without any I/O in the ack.

Not a ``bot.slack.forms.WriteForm``: its ``check`` sees the submitted values only (this one
also needs the catalog, which differs per door), its modal is the same for every opening
(the edit form is per number: its title, pre-filled values and metadata), and its command
door opens the modal only on empty arguments (``/number edit 141`` and the Edit button open
it too).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from bot.core.timezone import PARIS
from bot.rules.fields import FieldErrors
from bot.slack.blockkit import (
    context,
    datepicker,
    header,
    input_block,
    modal,
    multi_static_select,
    static_select,
    text_input,
    timepicker,
)
from bot.slack.context import BaseContext, ViewContext
from bot.vendors.cliqphone.models import MEDIA_TYPES, Media, Number, NumberSettings, Zone
from handlers.cliqphone.fields import CHOICES, HINTS, LABELS, SECTIONS, YES_NO
from handlers.cliqphone.kit import CliqphoneKit
from handlers.cliqphone.rules import BOOLEAN_FIELDS, DAYS, MEDIA_FIELDS, Catalog, check_number_settings

__all__ = [
    "ADD_VIEW",
    "EDIT_VIEW",
    "current_values",
    "listed_catalog",
    "open_number_form",
    "paris_today",
    "submitted_settings",
    "validate_number_form",
]

ADD_VIEW, EDIT_VIEW = "number.add", "number.edit"


def paris_today() -> date:
    """The day the date rules count from (a forwarding period that is over…): Paris time."""
    return datetime.now(PARIS).date()


# -- what the vendor offers -------------------------------------------------------------------------
def _listings(kit: CliqphoneKit) -> tuple[list[Zone], list[Media]]:
    """Zones (C2) for the zone select and media (C8) for the media selects."""
    return kit.client.zones(), kit.client.media()


def _catalog(zones: list[Zone], media: list[Media]) -> Catalog:
    return Catalog(frozenset(z.code for z in zones), {str(m.id): m.type for m in media})


def listed_catalog(kit: CliqphoneKit) -> Catalog:
    """The command door's catalog: what Cliqphone lists now."""
    return _catalog(*_listings(kit))


def _catalog_from_view(view: dict[str, Any]) -> Catalog:
    """The modal door's catalog: the choices the form offered (the selects' options travel back). No I/O."""
    zones: frozenset[str] = frozenset()
    media: dict[str, str] = {}
    for block in view.get("blocks", []):
        options = [o.get("value") for o in (block.get("element") or {}).get("options") or []]
        if block.get("block_id") == "code":
            zones = frozenset(str(v) for v in options)
        elif block.get("block_id") in MEDIA_FIELDS:
            media.update({str(v): MEDIA_FIELDS[block["block_id"]] for v in options})
    return Catalog(zones, media)


# -- the modal door ---------------------------------------------------------------------------------
def submitted_settings(ctx: ViewContext) -> NumberSettings:
    """The form's values through the one check, against the choices the form offered."""
    adding = ctx.callback_id == ADD_VIEW
    return check_number_settings(ctx.values, _catalog_from_view(ctx.view), today=paris_today(), adding=adding)


def validate_number_form(ctx: ViewContext, kit: CliqphoneKit) -> dict[str, str]:
    """Inline errors of either form (add or edit), from the same check as the command door."""
    try:
        submitted_settings(ctx)
    except FieldErrors as errors:
        return errors.as_modal_errors()
    return {}


# -- the blocks -------------------------------------------------------------------------------------
def _element(name: str, zones: list[Zone], media: list[Media], initial: dict[str, Any]) -> dict[str, Any] | None:
    value = initial.get(name)
    if name == "code":
        options = [(f"{z.code} — {z.nom or z.code}", z.code) for z in zones]
        return static_select(name, options, initial=value) if options else None
    if name in MEDIA_FIELDS:
        kind = MEDIA_FIELDS[name]
        options = [
            (f"{m.nom} ({m.id}{'' if m.is_active else ', inactive'})", str(m.id)) for m in media if m.type == kind
        ]
        return static_select(name, options, initial=value) if options else None
    if name in BOOLEAN_FIELDS:
        return static_select(name, YES_NO, initial=None if value is None else str(value).lower())
    if name in CHOICES:
        return static_select(name, CHOICES[name], initial=value)
    if name in {"hourDebut", "hourFin"}:
        return timepicker(name, initial=value)
    if name in {"dateDebut", "dateFin"}:
        return datepicker(name, initial=value)
    if name == "jours":
        return multi_static_select(name, [("Every day (All)", "All"), *[(d, d) for d in DAYS]])
    return text_input(name, initial=None if value is None else str(value))


def _form_blocks(
    zones: list[Zone], media: list[Media], *, adding: bool, initial: dict[str, Any]
) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    if not adding:
        blocks.append(context("Pre-filled with what Cliqphone lists; a blank field keeps its current value."))
    for title, names in SECTIONS:
        blocks.append(header(title))
        for name in names:
            if adding and name == "idMessage":
                continue  # §6: idMessage exists only in the edit operation
            element = _element(name, zones, media, initial)
            label = f"{LABELS[name]} ({name})"
            if element is None:
                what = MEDIA_TYPES[MEDIA_FIELDS[name]] if name in MEDIA_FIELDS else "zone"
                blocks.append(context(f"{label}: the account has no {what} to choose from."))
                continue
            optional = not (adding and name == "numero")
            blocks.append(input_block(name, label, element, optional=optional, hint=HINTS.get(name)))
    return blocks


def current_values(number: Number) -> dict[str, Any]:
    """What C5 lists of a number, in C7's wire names (C5 has no routing, schedule or media fields)."""
    values: dict[str, Any] = {
        "numero": number.numero,
        "code": number.code,
        "info": number.info,
        "nomPorteur": number.nom_porteur,
        "etat": number.is_active,
    }
    return {k: v for k, v in values.items() if v is not None}


def open_number_form(ctx: BaseContext, kit: CliqphoneKit, *, number: Number | None = None) -> None:
    """The add form (no ``number``), or the edit form pre-filled with what C5 lists of ``number``.

    The edit form carries the number's id and its listed values in its metadata: the
    submission sends only what differs from them.
    """
    zones, media = _listings(kit)
    initial = current_values(number) if number is not None else {}
    metadata = {"number_id": number.id, "original": initial} if number is not None else {}
    adding = number is None
    view = modal(
        "Add a number" if number is None else f"Edit number {number.id}",
        _form_blocks(zones, media, adding=adding, initial=initial),
        callback_id=ADD_VIEW if adding else EDIT_VIEW,
        submit="Review" if adding else "Save",
        private_metadata=json.dumps(metadata),
    )
    ctx.open_modal(view)
