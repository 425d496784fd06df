"""Configuration methods of the Axialys WebAppel sandbox: §2 groups, §3 planning, §4 pop-ups, §5 files.

Each handler takes a ``Context`` (state, parameters, clock reading, raw request) and returns the
success body; errors are raised as ``ApiError``. Checks run in one order everywhere: presence of
the mandatory parameters (documented order), then each value's format, then existence of the
objects named, then the state of those objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from bot.sandboxes.axialys.model import FILE_TYPES, ORDERINGS, OperatorGroup, Planning, Popup, Slot, StoredFile
from bot.sandboxes.axialys.state import MAX_POPUP_ID, State
from bot.sandboxes.axialys.wire import (
    ALREADY_EXISTS,
    CONFLICT,
    INVALID,
    TOO_LARGE,
    WEEKDAYS,
    ApiError,
    Params,
    alnum,
    digits,
    e164_number,
    email_address,
    flag,
    free_text,
    hhmm,
    hour,
    int_in_range,
    invalid,
    ipv4,
    lines,
    missing,
    not_found,
    one_of,
)
from bot.sandboxes.frame import SandboxRequest, SandboxResponse

OK = "OK"


@dataclass(frozen=True)
class Context:
    state: State
    params: Params
    now: datetime
    request: SandboxRequest
    #: The sandbox's dialects switched on (``AxialysSandbox.DIALECTS``); the handlers that answer differently look.
    dialect: frozenset[str] = frozenset()


def text(body: str) -> SandboxResponse:
    return SandboxResponse.text(body)


# -- §2 operator groups ----------------------------------------------------------------------


def _group(ctx: Context) -> OperatorGroup:
    name = alnum("nom_liste_op", ctx.params.required("nom_liste_op"))
    group = ctx.state.groups.get(name)
    if group is None:
        raise not_found(f"liste d'opérateurs {name}")
    return group


def _position(params: Params) -> int | None:
    """§1 priorite: 10 -> 1000 but its example is 1, so 1 -> 1000; §2 names it `position`: both accepted."""
    value = params.optional("priorite", "position")
    name = "priorite" if params.optional("priorite") is not None else "position"
    return None if value is None else int_in_range(name, value, 1, 1000)


def operateurs_liste_groupes(ctx: Context) -> SandboxResponse:
    """A1 — nom_liste_op;ordonnancement, one group per line."""
    return text(lines((g.name, g.ordering) for g in ctx.state.groups.values()))


def operateur_ajout(ctx: Context) -> SandboxResponse:
    """A2 — adds an operator, creating the group if needed."""
    p = ctx.params
    p.require_all(("nom_liste_op", "e164", "duree_sonnerie_op"))
    name = alnum("nom_liste_op", p.required("nom_liste_op"))
    e164 = e164_number(p)
    ring = int_in_range("duree_sonnerie_op", p.required("duree_sonnerie_op"), 10, 1000)
    position = _position(p)
    group = ctx.state.groups.get(name)
    if group is not None and group.find(e164) is not None:
        raise ApiError(409, ALREADY_EXISTS, f"le numéro {e164} est déjà dans la liste {name}")
    ctx.state.add_operator(name, e164, ring, position)
    return text(OK)


def operateur_supp(ctx: Context) -> SandboxResponse:
    """A3 — removes an operator from a group (the group stays, possibly empty)."""
    p = ctx.params
    p.require_all(("nom_liste_op", "e164"))
    alnum("nom_liste_op", p.required("nom_liste_op"))
    e164 = e164_number(p)
    group = _group(ctx)
    operator = group.find(e164)
    if operator is None:
        raise not_found(f"numéro {e164} dans la liste {group.name}")
    group.operators.remove(operator)
    return text(OK)


def operateurs_listing(ctx: Context) -> SandboxResponse:
    """A4 — E164;duree_sonnerie_op;ordre;position, in calling order (ordre = rank from 1)."""
    group = _group(ctx)
    ranked = group.ranked()
    return text(lines((op.e164, op.ring_seconds, rank, op.position) for rank, op in enumerate(ranked, start=1)))


def operateur_mode(ctx: Context) -> SandboxResponse:
    """A5 — sets FIXE / RANDOM / TOURNANTE on an existing group."""
    p = ctx.params
    p.require_all(("nom_liste_op", "ordonnancement"))
    alnum("nom_liste_op", p.required("nom_liste_op"))
    ordering = one_of("ordonnancement", p.required("ordonnancement"), ORDERINGS)
    _group(ctx).ordering = ordering
    return text(OK)


def blacklistage_numero(ctx: Context) -> SandboxResponse:
    """A6 — no call will be placed to this number any more (idempotent)."""
    ctx.state.blacklisted_numbers.add(e164_number(ctx.params))
    return text(OK)


def blacklistage_ip(ctx: Context) -> SandboxResponse:
    """A7 — no call request from this IP will be accepted any more (idempotent)."""
    ctx.state.blacklisted_ips.add(ipv4("ip", ctx.params.required("ip")))
    return text(OK)


# -- §3 planning --------------------------------------------------------------------------------


def _slots(params: Params) -> list[Slot]:
    """§3: jour[], h_debut[], h_fin[] are parallel arrays (a whole week may come at once)."""
    params.require_all(("nom_plage", "jour[]", "h_debut[]", "h_fin[]"))
    days = params.array("jour") or []
    starts = params.array("h_debut") or []
    ends = params.array("h_fin") or []
    if not len(days) == len(starts) == len(ends):
        raise ApiError(400, INVALID, "jour[], h_debut[], h_fin[] : les trois tableaux doivent avoir la même taille")
    slots: list[Slot] = []
    for day, start_text, end_text in zip(days, starts, ends, strict=True):
        weekday = WEEKDAYS.index(one_of("jour[]", day, WEEKDAYS))
        start, end = hour("h_debut[]", start_text), hour("h_fin[]", end_text)
        if end <= start:
            raise invalid("h_fin[]", f"une heure après h_debut ({hhmm(start)})")
        slots.append(Slot(weekday, start, end))
    return slots


def _planning(ctx: Context) -> Planning:
    name = alnum("nom_plage", ctx.params.required("nom_plage"))
    planning = ctx.state.plannings.get(name)
    if planning is None:
        raise not_found(f"plage {name}")
    return planning


def planning_plage_add(ctx: Context) -> SandboxResponse:
    """A8 — adds weekly opening slots (all or none), creating the planning if needed."""
    slots = _slots(ctx.params)
    name = alnum("nom_plage", ctx.params.required("nom_plage"))
    existing = ctx.state.plannings.get(name)
    taken = set(existing.slots) if existing else set()
    for slot in slots:
        clash = next((other for other in taken if slot.overlaps(other)), None)
        if clash is not None:
            raise ApiError(
                409,
                CONFLICT,
                f"{WEEKDAYS[slot.weekday]} {hhmm(slot.start)}-{hhmm(slot.end)} chevauche "
                f"{hhmm(clash.start)}-{hhmm(clash.end)}",
            )
        taken.add(slot)
    ctx.state.plannings.setdefault(name, Planning(name)).slots.update(slots)
    return text(OK)


def planning_plage_del(ctx: Context) -> SandboxResponse:
    """A9 — removes weekly slots given exactly as they were added (all or none)."""
    slots = _slots(ctx.params)
    planning = _planning(ctx)
    for slot in slots:
        if slot not in planning.slots:
            raise not_found(f"plage ouvrée {WEEKDAYS[slot.weekday]} {hhmm(slot.start)}-{hhmm(slot.end)}")
    planning.slots.difference_update(slots)
    return text(OK)


def _closure_date(params: Params) -> date:
    """§3: date (day of month) + mois + annee, as in the examples; `date=YYYY-MM-DD` alone also reads."""
    day_text = params.required("date")
    if "-" in day_text and params.optional("mois") is None and params.optional("annee") is None:
        try:
            return date.fromisoformat(day_text)
        except ValueError:
            raise invalid("date", "un jour 1-31 (avec mois et annee) ou YYYY-MM-DD") from None
    params.require_all(("mois", "annee"))
    day = int_in_range("date", day_text, 1, 31)
    month = int_in_range("mois", params.required("mois"), 1, 12)
    year = int_in_range("annee", params.required("annee"), 1970, 2100)
    try:
        return date(year, month, day)
    except ValueError:
        raise invalid("date", f"un jour qui existe en {month:02d}/{year}") from None


def planning_exception_add(ctx: Context) -> SandboxResponse:
    """A10 — adds an exceptional closing day, creating the planning if needed."""
    p = ctx.params
    p.require_all(("nom_plage", "date"))
    name = alnum("nom_plage", p.required("nom_plage"))
    closed = _closure_date(p)
    planning = ctx.state.plannings.get(name)
    if planning is not None and closed in planning.closures:
        raise ApiError(409, ALREADY_EXISTS, f"le {closed.isoformat()} est déjà fermé dans la plage {name}")
    ctx.state.plannings.setdefault(name, Planning(name)).closures.add(closed)
    return text(OK)


def planning_exception_del(ctx: Context) -> SandboxResponse:
    """A11 — removes an exceptional closing day."""
    p = ctx.params
    p.require_all(("nom_plage", "date"))
    alnum("nom_plage", p.required("nom_plage"))
    closed = _closure_date(p)
    planning = _planning(ctx)
    if closed not in planning.closures:
        raise not_found(f"fermeture du {closed.isoformat()} dans la plage {planning.name}")
    planning.closures.discard(closed)
    return text(OK)


def planning_plages_listing(ctx: Context) -> SandboxResponse:
    """A12 — one planning name per line (nom_plage, listed but absent from the example, filters)."""
    wanted = ctx.params.optional("nom_plage")
    if wanted is not None:
        alnum("nom_plage", wanted)
    return text(lines((name,) for name in ctx.state.plannings if wanted in (None, name)))


def planning_plage_details(ctx: Context) -> SandboxResponse:
    """A13 — `regulier;<jour>;<h_debut>;<h_fin>` lines, then `exception;<YYYY-MM-DD>` lines."""
    planning = _planning(ctx)
    regular = [("regulier", WEEKDAYS[s.weekday], hhmm(s.start), hhmm(s.end)) for s in sorted(planning.slots)]
    closures = [("exception", day.isoformat()) for day in sorted(planning.closures)]
    return text(lines([*regular, *closures]))


# -- §4 pop-ups ----------------------------------------------------------------------------------


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


# -- §4 destinations ------------------------------------------------------------------------------

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


# -- §5 files --------------------------------------------------------------------------------------

MAX_FILE_BYTES = 5 * 1024 * 1024
_EXTENSIONS = {
    "son_internaute": ("wav", "mp3"),
    "son_operateur": ("wav", "mp3"),
    "son_repondeur": ("wav", "mp3"),
    "entete_popup": ("jpg", "jpeg", "png", "gif"),
    "css_popup": ("css",),
}
CONTENT_TYPES = {
    "wav": "audio/wav",
    "mp3": "audio/mpeg",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "css": "text/css",
}
_FILENAME = re.compile(r"^[a-zA-Z0-9]+\.(?P<ext>[a-zA-Z0-9]+)$")


def file_type(ctx: Context, allowed: tuple[str, ...] = FILE_TYPES) -> str:
    return one_of("type", ctx.params.required("type"), allowed)


def binary(stored: StoredFile) -> SandboxResponse:
    extension = stored.filename.rsplit(".", 1)[-1].lower()
    return SandboxResponse(
        status=200,
        body=stored.content,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
        headers={"Content-Disposition": f'attachment; filename="{stored.filename}"'},
    )


def fichier_deposer(ctx: Context) -> SandboxResponse:
    """A22 — multipart POST: the file part is named after `type` (son_internaute|…|css_popup)."""
    ctx.params.require_all(("id_popup", "type"))
    int_in_range("id_popup", ctx.params.required("id_popup"), 1, MAX_POPUP_ID)
    kind = file_type(ctx)
    parts = multipart_files(ctx.request)
    if kind not in parts:
        raise missing(kind)
    filename, content = parts[kind]
    match = _FILENAME.match(filename)
    if match is None or match.group("ext").lower() not in _EXTENSIONS[kind]:
        raise invalid(kind, f"un fichier [a-zA-Z0-9]+.({'|'.join(_EXTENSIONS[kind])})")
    if not content:
        raise invalid(kind, "un fichier non vide")
    if len(content) > MAX_FILE_BYTES:
        raise ApiError(400, TOO_LARGE, f"{kind} : fichier de plus de {MAX_FILE_BYTES // (1024 * 1024)} Mo")
    popup_of(ctx).files[kind] = StoredFile(filename, content)
    return text(OK)


def fichier_supprimer(ctx: Context) -> SandboxResponse:
    """A23 — deletes the pop-up's file of that type."""
    ctx.params.require_all(("id_popup", "type"))
    int_in_range("id_popup", ctx.params.required("id_popup"), 1, MAX_POPUP_ID)
    kind = file_type(ctx)
    popup = popup_of(ctx)
    if popup.files.pop(kind, None) is None:
        raise not_found(f"fichier {kind} de la pop-up {popup.id}")
    return text(OK)


# -- multipart/form-data (stdlib has no parser any more: a small, strict one) -----------------------

_BOUNDARY = re.compile(r'boundary="?(?P<b>[^";]+)"?', re.IGNORECASE)
_DISPOSITION_PARAM = re.compile(r'(?P<key>name|filename)="(?P<value>[^"]*)"', re.IGNORECASE)


def multipart_files(request: SandboxRequest) -> dict[str, tuple[str, bytes]]:
    """Form field name → (filename, content) of the file parts of a multipart/form-data body."""
    content_type = request.header("content-type") or ""
    match = _BOUNDARY.search(content_type)
    if not content_type.lower().startswith("multipart/form-data") or match is None:
        raise ApiError(400, INVALID, "le fichier doit être envoyé en POST multipart/form-data")
    delimiter = b"--" + match.group("b").encode("latin-1")
    files: dict[str, tuple[str, bytes]] = {}
    for chunk in request.body.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, content = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        params = _part_disposition(head.decode("utf-8", "replace"))
        if "name" in params and "filename" in params:
            files[params["name"]] = (params["filename"], content.removesuffix(b"\r\n"))
    return files


def _part_disposition(head: str) -> dict[str, str]:
    for header in head.split("\r\n"):
        name, _, value = header.partition(":")
        if name.strip().lower() == "content-disposition":
            return {m.group("key").lower(): m.group("value") for m in _DISPOSITION_PARAM.finditer(value)}
    return {}
