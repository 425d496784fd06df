"""/number add and /number edit: the form with every C6/C7 field, the confirmation of a purchase, the edit summary.

Add (C6) provisions a number, so it goes through the confirmation card (``stage_and_confirm``);
after success the new number is looked up with C5 (C6 answers no id, decisions.md) and
shown with its id. Edit (C7) changes settings only: it is sent at once, only the fields
that differ from the current values, and audited here (no card, so no automatic audit).
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from typing import Any

from bot.core.errors import UserError
from bot.core.safe_writes import Executor, Outcome, WriteRecord
from bot.core.timezone import PARIS
from bot.rules.fields import FieldErrors, check_int
from bot.rules.grammar import only_options
from bot.services import Services
from bot.slack.blockkit import (
    context,
    datepicker,
    header,
    input_block,
    modal,
    multi_static_select,
    section,
    static_select,
    text_input,
    timepicker,
)
from bot.slack.context import ActionContext, BaseContext, CommandContext, ViewContext
from bot.slack.registry import Registry
from bot.vendors.cliqphone.models import MEDIA_TYPES, NUMBER_FIELDS, Media, Number, NumberFilters, NumberSettings, Zone
from bot.vendors.errors import VendorError
from handlers.cliqphone.rules import (
    BOOLEAN_FIELDS,
    DAYS,
    MEDIA_FIELDS,
    Catalog,
    check_number_settings,
    number_warnings,
)
from handlers.confirmation import audited_write, stage_and_confirm

log = logging.getLogger(__name__)

__all__ = ["ADD_KIND", "ADD_VIEW", "EDIT_VIEW", "add", "edit", "edit_button", "register"]

ADD_KIND = "cliqphone.add"
ADD_VIEW, EDIT_VIEW = "number.add", "number.edit"
ADD_OPERATION, EDIT_OPERATION = "C6 add number", "C7 edit number"

#: Each field's label in the form and in summaries (wire name in brackets: the vendor's vocabulary).
LABELS = {
    "numero": "Number",
    "code": "Zone",
    "info": "Description",
    "nomPorteur": "Holder name",
    "emailPorteur": "Holder e-mail",
    "type": "Call handling",
    "typeRenvoi": "Forwarding mode",
    "numRenvoi": "Forward to",
    "sonnerie": "Ring time (s)",
    "idMessage": "Message id",
    "hourDebut": "From",
    "hourFin": "Until",
    "jours": "Days",
    "dateDebut": "Forwarding starts",
    "dateFin": "Forwarding ends",
    "messageIntroduction": "Introduction message",
    "messageEnregistrement": "Recording notice",
    "musicAattente": "Hold music",
    "playback": "Play-back",
    "repondeur": "Answering machine",
    "etat": "Active",
    "activeAppelEntrant": "Incoming calls",
    "activeAppelSortant": "Outgoing calls",
    "activerEnregistrement": "Call recording",
    "notificationEmail": "E-mail notifications",
}
HINTS = {
    "numero": "8 to 15 digits, e.g. 33187224467 or 01 87 22 44 67",
    # A short number (1 to 7 digits, an extension) is sent as written with a warning (decisions.md).
    "numRenvoi": "a phone number, e.g. 33612345678 or 06 12 34 56 78, or an extension of 1 to 7 digits, e.g. 204",
    "sonnerie": "seconds, usually 1 to 120",
    "nomPorteur": "usually 2 to 20 characters",
}
YES_NO = [("Yes", "true"), ("No", "false")]
CHOICES = {
    "type": [("Rep — answering machine", "Rep"), ("Ren — forward calls", "Ren")],
    "typeRenvoi": [("Par — ring all at once", "Par"), ("Seq — one after the other", "Seq")],
}
SECTIONS = (
    ("Number and zone", ("numero", "code", "info", "nomPorteur", "emailPorteur")),
    ("Routing", ("type", "typeRenvoi", "numRenvoi", "sonnerie", "idMessage")),
    ("Schedule", ("hourDebut", "hourFin", "jours", "dateDebut", "dateFin")),
    ("Media", tuple(MEDIA_FIELDS)),
    ("Options", BOOLEAN_FIELDS),
)
#: ``parse_options`` lower-cases keys: map them back to the wire names.
_WIRE_NAMES = {name.lower(): name for name in NUMBER_FIELDS}


def register(registry: Registry) -> None:
    registry.view(ADD_VIEW, validate_add, submit_add, admin_only=True)
    registry.view(EDIT_VIEW, validate_edit, submit_edit, admin_only=True)
    registry.executor(
        Executor(ADD_KIND, ADD_OPERATION, execute_add, follow_up=show_added, admin_only=True, check=add_check)
    )


def _today() -> date:
    return datetime.now(PARIS).date()


# -- the vendor's listings behind the form ---------------------------------------------------------
def _listings(services: Services) -> tuple[list[Zone], list[Media]]:
    """Zones (C2) for the zone select and media (C8) for the media selects, fetched before the form opens."""
    return services.cliqphone.zones(), services.cliqphone.media()


def _catalog(zones: list[Zone], media: list[Media]) -> Catalog:
    return Catalog(frozenset(z.code for z in zones), {str(m.id): m.type for m in media})


def _catalog_from_view(view: dict[str, Any]) -> Catalog:
    """The choices the form offered (the selects' options travel back with the submission): no I/O."""
    zones: frozenset[str] = frozenset()
    media: dict[str, str] = {}
    for block in view.get("blocks", []):
        options = [o.get("value") for o in (block.get("element") or {}).get("options") or []]
        if block.get("block_id") == "code":
            zones = frozenset(str(v) for v in options)
        elif block.get("block_id") in MEDIA_FIELDS:
            media.update({str(v): MEDIA_FIELDS[block["block_id"]] for v in options})
    return Catalog(zones, media)


# -- the form ---------------------------------------------------------------------------------------
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


def _open_form(ctx: BaseContext, *, adding: bool, number: Number | None = None) -> None:
    zones, media = _listings(ctx.services)
    initial = _current_values(number) if number is not None else {}
    metadata = {"number_id": number.id, "original": initial} if number is not None else {}
    view = modal(
        "Add a number" if adding else f"Edit number {number.id if number else ''}".strip(),
        _form_blocks(zones, media, adding=adding, initial=initial),
        callback_id=ADD_VIEW if adding else EDIT_VIEW,
        submit="Review" if adding else "Save",
        private_metadata=json.dumps(metadata),
    )
    ctx.open_modal(view)


def _current_values(number: Number) -> dict[str, Any]:
    """What C5 lists of a number, in C7's wire names (C5 has no routing, schedule or media fields)."""
    values: dict[str, Any] = {
        "numero": number.numero,
        "code": number.code,
        "info": number.info,
        "nomPorteur": number.nom_porteur,
        "etat": number.is_active,
    }
    return {k: v for k, v in values.items() if v is not None}


def _submitted(ctx: ViewContext) -> tuple[NumberSettings, Catalog]:
    catalog = _catalog_from_view(ctx.view)
    settings = check_number_settings(ctx.values, catalog, today=_today(), adding=ctx.callback_id == ADD_VIEW)
    return settings, catalog


def _modal_errors(ctx: ViewContext) -> dict[str, str]:
    try:
        _submitted(ctx)
    except FieldErrors as errors:
        return errors.as_modal_errors()
    return {}


def _options(text: str, *, adding: bool) -> dict[str, str]:
    known = {key for key, name in _WIRE_NAMES.items() if not (adding and name == "idMessage")}
    example = "/number add numero=33187224467 code=fr_01 etat=true" if adding else "/number edit 141 etat=false"
    return {_WIRE_NAMES[key]: value for key, value in only_options(text, known, example=example).items()}


# -- add (C6) ---------------------------------------------------------------------------------------
def add(ctx: CommandContext) -> None:
    if not ctx.args.strip():
        _open_form(ctx, adding=True)
        return
    fields = _options(ctx.args, adding=True)
    settings = check_number_settings(fields, _catalog(*_listings(ctx.services)), today=_today(), adding=True)
    _confirm_add(ctx, settings, command=f"/number add {ctx.args}".strip())


validate_add = _modal_errors


def submit_add(ctx: ViewContext) -> None:
    settings, _ = _submitted(ctx)
    _confirm_add(ctx, settings, command="/number add (form)")


def _describe(name: str, value: Any) -> str:
    return f"{LABELS.get(name, name)} ({name}): {_shown(value)}"


def _confirm_add(ctx: BaseContext, settings: NumberSettings, *, command: str) -> None:
    settings, offer_warnings = _zone_from_offer(ctx, settings)
    wire = settings.wire()
    preview = [_describe(name, wire[name]) for name in NUMBER_FIELDS if name in wire]
    warnings = [*offer_warnings, *number_warnings(settings, today=_today(), adding=True)]
    preview.extend(f":warning: {warning}" for warning in warnings)
    preview.append("Cliqphone provisions the number on the company's account (it may be billed)")
    stage_and_confirm(
        ctx, ADD_KIND, wire, command=command, title=f"Add Cliqphone number {settings.numero}", preview=preview
    )


def _zone_from_offer(ctx: BaseContext, settings: NumberSettings) -> tuple[NumberSettings, list[str]]:
    """A number of Cliqphone's offer (C4) belongs to its zone: none given is filled in, another one is warned.

    The document ties C6's ``code`` to nothing (§5 "Code de Zone"): Cliqphone decides, the card
    warns. A number outside the offer keeps what was typed (decisions: C6 accepts it); an offer
    that cannot be read only costs the fill-in.
    """
    numero = settings.numero or ""
    try:
        offer = ctx.services.cliqphone.available(numero=numero)
    except VendorError as exc:
        log.warning("cliqphone: the offer could not be read before an add: %s", exc)
        return settings, [f"code: Cliqphone's offer could not be read to check the zone ({exc.plain})"]
    offered = next((n for n in offer if n.numero == numero), None)
    if offered is None or not offered.code:
        return settings, []
    if settings.code and settings.code.lower() != offered.code.lower():
        return settings, [
            f"code: {numero} is offered in zone {offered.code}, not {settings.code}; Cliqphone may refuse it"
        ]
    return settings.model_copy(update={"code": offered.code}), []


def execute_add(services: Services, params: dict[str, Any]) -> Outcome:
    settings = NumberSettings.model_validate(params)
    code = services.cliqphone.add_number(settings)  # the success code answered, never one assumed
    return Outcome(
        summary=f"{settings.numero} added to the Cliqphone account",
        result={"numero": settings.numero},
        vendor_code=code or None,
    )


def add_check(params: dict[str, Any]) -> str:
    """The one check that tells whether the number was provisioned, before anyone adds it again."""
    return f"`/number list numero={params.get('numero', '')}` shows whether it was added; Relais will not resend it"


def show_added(services: Services, record: WriteRecord) -> None:
    """C6 answers no id: find the new number through C5's ``numero`` filter and show it in the channel."""
    numero = str(record.params.get("numero", ""))
    found = next((n for n in services.cliqphone.numbers(NumberFilters(numero=numero)) if n.numero == numero), None)
    if found is None:
        text = f"Cliqphone number {numero} was added; it is not listed yet: try `/number list numero={numero}`."
        services.out.post(record.channel_id, text)
        return
    state = "active" if found.is_active else "inactive"
    text = (
        f":telephone_receiver: Cliqphone number *{found.numero}* added by <@{record.decided_by or record.user_id}>: "
        f"id `{found.id}`, zone {found.code or '—'}, {state}. Change it with `/number edit {found.id}`."
    )
    services.out.post(record.channel_id, text)


# -- edit (C7) --------------------------------------------------------------------------------------
def _number_id(text: str) -> int:
    if not text.strip():
        raise UserError("id: which number? give its id", hint="e.g. `/number edit 141`; `/number list` shows the ids")
    return check_int("id", text, minimum=1)


def _owned_number(services: Services, number_id: int) -> Number:
    number = services.cliqphone.number(number_id)
    if number is None:
        raise UserError(f"id: the account has no number {number_id}", hint="`/number list` shows the ids")
    return number


def edit(ctx: CommandContext) -> None:
    word, _, rest = ctx.args.strip().partition(" ")
    number_id = _number_id(word)
    fields = _options(rest, adding=False) if rest.strip() else {}
    number = _owned_number(ctx.services, number_id)
    if not fields:
        _open_form(ctx, adding=False, number=number)
        return
    settings = check_number_settings(fields, _catalog(*_listings(ctx.services)), today=_today(), adding=False)
    _apply_edit(ctx, number_id, settings, _current_values(number), command=f"/number edit {ctx.args}".strip())


def edit_button(ctx: ActionContext) -> None:
    number_id = _number_id(ctx.argument or ctx.value)
    _open_form(ctx, adding=False, number=_owned_number(ctx.services, number_id))


validate_edit = _modal_errors


def submit_edit(ctx: ViewContext) -> None:
    settings, _ = _submitted(ctx)
    number_id = int(ctx.metadata.get("number_id", 0))
    original = dict(ctx.metadata.get("original") or {})
    _apply_edit(ctx, number_id, settings, original, command=f"/number edit {number_id} (form)")


def changed_fields(settings: NumberSettings, original: dict[str, Any]) -> dict[str, Any]:
    """The fields whose value differs from what the number has now (only those are sent)."""
    return {name: value for name, value in settings.wire().items() if original.get(name) != value}


def _apply_edit(
    ctx: BaseContext, number_id: int, settings: NumberSettings, original: dict[str, Any], *, command: str
) -> None:
    changes = changed_fields(settings, original)
    if not changes:
        ctx.reply(f"Number {number_id}: nothing changed, nothing was sent to Cliqphone.")
        return

    numero = original.get("numero")
    where = f"`/number list numero={numero}`" if numero else "`/number list`"
    audited_write(
        ctx,
        EDIT_OPERATION,
        lambda: ctx.services.cliqphone.edit_number(number_id, NumberSettings.model_validate(changes)),
        command=command,
        detail="changed: " + ", ".join(changes),
        done_code=_sent_code,  # the code Cliqphone answered, as for add; none when it said "state: ok" alone
        check=f"{where} shows what Cliqphone lists for number {number_id} now; check it before editing again. "
        "Relais will not resend it",
    )
    lines = [
        f"{LABELS.get(name, name)} ({name}): {_was(original.get(name))} → {_shown(value)}"
        for name, value in changes.items()
    ]
    lines.extend(f":warning: {warning}" for warning in number_warnings(settings, today=_today(), adding=False))
    title = f"Cliqphone number {original.get('numero', number_id)} (id {number_id}) updated"
    ctx.reply(f"{title}: " + "; ".join(lines), [header(title), section("\n".join(lines))])


def _sent_code(code: str) -> str | None:
    """The success code ``edit_number`` returns ("" when Cliqphone sent none): the audit keeps only a sent one."""
    return code or None


def _shown(value: Any) -> str:
    return ("yes" if value else "no") if isinstance(value, bool) else str(value)


def _was(value: Any) -> str:
    return "not listed before" if value is None else _shown(value)
