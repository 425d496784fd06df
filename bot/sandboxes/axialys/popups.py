"""§4 of the Axialys WebAppel document: pop-ups (A14–A16, A20) and their allowed destinations (A17–A19)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.sandboxes.axialys.rules import (
    CONFLICT,
    ApiError,
    alnum,
    digits,
    email_address,
    flag,
    free_text,
    int_in_range,
    invalid,
    missing,
    not_found,
    one_of,
)
from bot.sandboxes.axialys.state import (
    MAX_POPUP_ID,
    Context,
    Popup,
)
from bot.sandboxes.axialys.wire import OK, lines, text
from bot.sandboxes.frame import SandboxResponse


def popup_of(ctx: Context) -> Popup:
    """§1 id_popup: 5 -> 1000, but the examples use id_popup=1, so 1 -> 1000 is well-formed."""
    popup_id = int_in_range("id_popup", ctx.params.required("id_popup"), 1, MAX_POPUP_ID)
    popup = ctx.state.popups.get(popup_id)
    if popup is None:
        raise not_found(f"pop-up {popup_id}")
    return popup


def _popup_row(popup: Popup) -> tuple[object, ...]:
    """§4 popups_listing columns, in the documented order (premier_about = the planning name)."""
    files = [popup.files[kind].filename if kind in popup.files else "" for kind in _LISTING_FILE_ORDER]
    return (
        popup.id,
        popup.name,
        int(popup.immediat),
        popup.direction,
        popup.locale,
        popup.voice,
        popup.planning or "",
        popup.op_presentation or "",
        popup.op_timeout,
        popup.client_presentation or "",
        popup.client_timeout,
        popup.open_message or "",
        popup.open_group or "",
        popup.closed_message or "",
        popup.closed_group or "",
        popup.answering_email or "",
        int(popup.show_name),
        *(name or "" for name in popup.usr_names),
        *files,
    )


_LISTING_FILE_ORDER = ("son_operateur", "son_internaute", "son_repondeur", "entete_popup", "css_popup")


def popups_listing(ctx: Context) -> SandboxResponse:
    """A14 — one pop-up per line, 25 columns."""
    return text(lines(_popup_row(popup) for popup in sorted(ctx.state.popups.values(), key=lambda p: p.id)))


@dataclass
class _PopupChanges:
    """The optional pop-up settings of one request, validated; a key present means "set" (None clears)."""

    values: dict[str, object]


# Optional text settings that may be cleared with an empty value (e.g. `repondeur=` turns the
# answering machine off, §1 "si aucune adresse n'est définie alors le répondeur est désactivé").
_CLEARABLE = {
    "nom_plage": ("nom_plage",),
    "ouvert_dest": ("ouvert_dest",),
    "ferme_dest": ("ferme_dest", "ferm_dest"),
    "ouvert_message": ("ouvert_message",),
    "ferme_message": ("ferme_message", "ferm_message"),
    "repondeur": ("repondeur", "répondeur"),
    "op_presentation": ("op_presentation", "numero_op"),
    "internaute_presentation": ("internaute_presentation", "numero_internaute"),
    "usr1_nom": ("usr1_nom",),
    "usr2_nom": ("usr2_nom",),
    "usr3_nom": ("usr3_nom",),
}


def _popup_changes(ctx: Context) -> _PopupChanges:
    """Validates every optional pop-up variable of §4 (formats from §1), in the documented order."""
    p = ctx.params
    values: dict[str, object] = {}
    if (name := p.optional("nom_popup")) is not None:
        values["nom_popup"] = alnum("nom_popup", name)
    if (direction := p.optional("direction")) is not None:
        values["direction"] = one_of("direction", direction, ("OPERATEUR", "INTERNAUTE"))
    for key in ("internaute_delais_attente", "op_delais_attente"):
        if (raw := p.optional(key)) is not None:
            values[key] = int_in_range(key, raw, 5, 1000)
    if (locale := p.optional("locale")) is not None:
        values["locale"] = one_of("locale", locale, ("fr", "en"))
    if (voice := p.optional("voix")) is not None:
        values["voix"] = one_of("voix", voice, ("m", "f"))
    for key in ("immediat", "afficher_nom"):
        if (raw := p.optional(key)) is not None:
            values[key] = flag(key, raw)
    for key, names in _CLEARABLE.items():
        raw_value = p.raw(*names)
        if raw_value is not None:
            values[key] = _clearable_value(ctx, key, names[0], raw_value)
    return _PopupChanges(values)


def _clearable_value(ctx: Context, key: str, name: str, value: str) -> str | None:
    if value == "":
        return None
    if key in ("nom_plage", "ouvert_dest", "ferme_dest", "usr1_nom", "usr2_nom", "usr3_nom"):
        return alnum(name, value)
    if key in ("op_presentation", "internaute_presentation"):
        return digits(name, value)
    if key == "repondeur":
        return email_address("repondeur", value)
    return free_text(name, value)


def _check_references(ctx: Context, changes: _PopupChanges) -> None:
    """A pop-up may only name a planning and operator groups that exist."""
    planning = changes.values.get("nom_plage")
    if isinstance(planning, str) and planning not in ctx.state.plannings:
        raise not_found(f"plage {planning}")
    for key in ("ouvert_dest", "ferme_dest"):
        group = changes.values.get(key)
        if isinstance(group, str) and group not in ctx.state.groups:
            raise not_found(f"liste d'opérateurs {group}")


def _apply(popup: Popup, changes: _PopupChanges) -> None:
    v = changes.values
    setters: dict[str, str] = {
        "nom_popup": "name",
        "direction": "direction",
        "internaute_delais_attente": "client_timeout",
        "op_delais_attente": "op_timeout",
        "locale": "locale",
        "voix": "voice",
        "immediat": "immediat",
        "afficher_nom": "show_name",
        "nom_plage": "planning",
        "ouvert_dest": "open_group",
        "ferme_dest": "closed_group",
        "ouvert_message": "open_message",
        "ferme_message": "closed_message",
        "repondeur": "answering_email",
        "op_presentation": "op_presentation",
        "internaute_presentation": "client_presentation",
    }
    for key, attribute in setters.items():
        if key in v:
            setattr(popup, attribute, v[key])
    for index in range(3):
        key = f"usr{index + 1}_nom"
        if key in v:
            value = v[key]
            popup.usr_names[index] = value if isinstance(value, str) else None


def popup_ajout(ctx: Context) -> SandboxResponse:
    """A15 — creates a pop-up; the body is its id_popup."""
    ctx.params.require_all(("nom_popup",))
    changes = _popup_changes(ctx)
    _check_references(ctx, changes)
    if ctx.state.next_popup_id > MAX_POPUP_ID:
        raise ApiError(409, CONFLICT, f"nombre maximal de pop-ups atteint (id_popup <= {MAX_POPUP_ID})")
    popup = ctx.state.new_popup(str(changes.values["nom_popup"]))
    _apply(popup, changes)
    return text(str(popup.id))


def popup_maj(ctx: Context) -> SandboxResponse:
    """A16 — updates the settings given; an empty text setting clears it."""
    ctx.params.require_all(("id_popup",))
    int_in_range("id_popup", ctx.params.required("id_popup"), 1, MAX_POPUP_ID)
    changes = _popup_changes(ctx)
    popup = popup_of(ctx)
    _check_references(ctx, changes)
    _apply(popup, changes)
    return text(OK)


def popup_del(ctx: Context) -> SandboxResponse:
    """A20 — deletes a pop-up; no call can be placed from it any more."""
    popup = popup_of(ctx)
    del ctx.state.popups[popup.id]
    return text(OK)


_DESTINATION_CODE = re.compile(r"^[A-Z]{2}_(Fixe|Mobile)$")


def popup_destinations(ctx: Context) -> SandboxResponse:
    """A17 — id_destination;destination;prix;AUTORISE|INTERDIT for the whole catalogue."""
    popup = popup_of(ctx)
    rows = (
        (d.id, d.name, f"{d.price_per_minute:.4f}", "AUTORISE" if d.id in popup.allowed_destinations else "INTERDIT")
        for d in sorted(ctx.state.destinations.values(), key=lambda d: d.id)
    )
    return text(lines(rows))


def _destination_ids(ctx: Context) -> set[int]:
    """§4: destinations by id_destination (also id_destination[]) and/or liste_destination[] codes."""
    p = ctx.params
    ids_text = [*(p.array("id_destination") or []), *([v] if (v := p.optional("id_destination")) else [])]
    codes = p.array("liste_destination") or []
    if not ids_text and not codes:
        raise missing("liste_destination[]")
    for value in ids_text:
        digits("id_destination", value)
    for code in codes:
        if not _DESTINATION_CODE.match(code):
            raise invalid("liste_destination[]", "CC_Fixe ou CC_Mobile (ex. FR_Fixe)")
    found: set[int] = set()
    for value in ids_text:
        if int(value) not in ctx.state.destinations:
            raise not_found(f"destination {value}")
        found.add(int(value))
    for code in codes:
        destination = ctx.state.destination_by_code(code)
        if destination is None:
            raise not_found(f"destination {code}")
        found.add(destination.id)
    return found


def popup_destination_ajout(ctx: Context) -> SandboxResponse:
    """A18 — allows destinations for a pop-up."""
    ctx.params.require_all(("id_popup",))
    int_in_range("id_popup", ctx.params.required("id_popup"), 1, MAX_POPUP_ID)
    ids = _destination_ids(ctx)
    popup_of(ctx).allowed_destinations |= ids
    return text(OK)


def popup_destination_supp(ctx: Context) -> SandboxResponse:
    """A19 — forbids destinations for a pop-up."""
    ctx.params.require_all(("id_popup",))
    int_in_range("id_popup", ctx.params.required("id_popup"), 1, MAX_POPUP_ID)
    ids = _destination_ids(ctx)
    popup_of(ctx).allowed_destinations -= ids
    return text(OK)
