"""The number form of /number add and /number edit: its blocks, filled from Cliqphone's zones (C2)
and media (C8), and the one check both of its doors share.

``NumberForm`` is a ``bot.slack.forms.Form`` whose catalog is what the vendor offers (zone
codes and media ids with their types, ``rules.Catalog``): the command door reads it from the
listings, the modal door from the selects' options, which travel back with the submission,
so the modal's inline errors are computed without any I/O in the ack. What the form is
about (nothing for an add, the number for an edit) is for ``add`` and ``edit`` to say.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar

from bot.core.timezone import PARIS
from bot.rules.fields import FieldError, FieldErrors
from bot.slack.blockkit import (
    context,
    datepicker,
    header,
    input_block,
    multi_static_select,
    static_select,
    text_input,
    timepicker,
)
from bot.slack.context import ViewContext
from bot.slack.forms import Form, Values
from bot.vendors.cliqphone.models import MEDIA_TYPES, Media, Number, NumberSettings, Zone
from handlers.cliqphone.fields import CHOICES, HINTS, LABELS, OPTION_NAMES, SECTIONS, YES_NO, parse_fields
from handlers.cliqphone.kit import CliqphoneKit
from handlers.cliqphone.rules import (
    BOOLEAN_FIELDS,
    DAY_WORDS,
    DAYS,
    MEDIA_FIELDS,
    WIRE_NAMES,
    Catalog,
    check_number_settings,
)

__all__ = ["ADD_VIEW", "EDIT_VIEW", "NumberForm", "current_values", "listed_catalog", "paris_today"]

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
        return multi_static_select(name, [("Every day (All)", "All"), *[(f"{DAY_WORDS[d]} ({d})", d) for d in DAYS]])
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
            label = f"{LABELS[name]} ({OPTION_NAMES[name]})"
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


#: What the form is about: nothing (an add), or the number edited.
S = TypeVar("S")


class NumberForm(Form[CliqphoneKit, S, Catalog, NumberSettings]):
    """The add or edit form: its fields from the listings, its check against the catalog of either door."""

    #: The add form (C6) or the edit form (C7): §6's ``idMessage`` and the required ``numero`` differ.
    adding: bool

    def initial(self, subject: S) -> dict[str, Any]:
        """The values the form opens with."""
        raise NotImplementedError

    def fields(self, kit: CliqphoneKit, subject: S) -> list[dict[str, Any]]:
        zones, media = _listings(kit)
        return _form_blocks(zones, media, adding=self.adding, initial=self.initial(subject))

    def parse(self, kit: CliqphoneKit, subject: S, line: str) -> Values:
        return dict(parse_fields(line, adding=self.adding))

    def listed(self, kit: CliqphoneKit, subject: S, values: Values) -> Catalog:
        return listed_catalog(kit)

    def offered(self, kit: CliqphoneKit, ctx: ViewContext) -> Catalog:
        return _catalog_from_view(ctx.view)

    def check(self, values: Values, catalog: Catalog) -> NumberSettings:
        return check_number_settings(values, catalog, today=paris_today(), adding=self.adding)

    def validate(self, ctx: ViewContext, kit: CliqphoneKit) -> dict[str, str]:
        """The inline errors, each under its field's block: errors name fields as typed (``holder``), blocks
        are the wire names (``nomPorteur``)."""
        values = self.submitted(ctx, self.restore(ctx))
        try:
            self.check(values, self.offered(kit, ctx))
        except FieldErrors as errors:
            return errors.as_modal_errors(WIRE_NAMES)
        except FieldError as error:
            return FieldErrors([error]).as_modal_errors(WIRE_NAMES)
        return {}
