"""Call methods of the Axialys WebAppel sandbox (§6), file retrieval (§5, incl. recordings), Centrex (A28)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import phonenumbers

from bot.sandboxes.axialys.config import Context, binary, file_type, popup_of, text
from bot.sandboxes.axialys.model import (
    ANSWERED,
    FILE_TYPES,
    WAITING,
    Call,
    Destination,
    Popup,
    Progress,
    Routing,
    StoredFile,
    call_progress,
)
from bot.sandboxes.axialys.state import MAX_POPUP_ID, tiny_wav
from bot.sandboxes.axialys.wire import (
    BLACKLISTED,
    FORBIDDEN_DESTINATION,
    MISSING,
    WRONG_STATE,
    ApiError,
    Params,
    clean_field,
    digits,
    e164_number,
    flag,
    free_text,
    int_in_range,
    invalid,
    ipv4,
    lines,
    missing,
    not_found,
    one_of,
    stamp,
    ymd,
)
from bot.sandboxes.frame import PARIS, SandboxResponse

# -- A24 appel ---------------------------------------------------------------------------------


def appel(ctx: Context) -> SandboxResponse:
    """A24 — registers a callback request; the body is its id_tracking."""
    p = ctx.params
    p.require_all(("id_popup", "e164"))
    if ctx.state.dos_protect:
        p.require_all(("client_ip",))  # §1 client_ip: checked when api_DoS_protect is on
    int_in_range("id_popup", p.required("id_popup"), 1, MAX_POPUP_ID)
    e164 = e164_number(p)
    options = _call_options(p)
    popup = popup_of(ctx)
    if e164 in ctx.state.blacklisted_numbers:
        raise ApiError(403, BLACKLISTED, f"le numéro {e164} est blacklisté")
    if options.client_ip and options.client_ip in ctx.state.blacklisted_ips:
        raise ApiError(403, BLACKLISTED, f"l'adresse IP {options.client_ip} est blacklistée")
    destination = _destination_of(ctx, popup, e164)
    call = Call(
        tracking_id=ctx.state.next_tracking(),
        popup_id=popup.id,
        e164=e164,
        requested_at=ctx.now,
        delay=options.delay,
        destination=destination,
        routing="operators",
        client_timeout=popup.client_timeout,
        client_ip=options.client_ip,
        name=options.name,
        usr=options.usr,
        attempts=options.attempts,
        record=options.record,
        max_duration=options.max_duration,
    )
    call.routing = _routing(ctx, popup, call)
    ctx.state.calls[call.tracking_id] = call
    return text(str(call.tracking_id))


@dataclass(frozen=True)
class _CallOptions:
    delay: int
    client_ip: str
    name: str
    usr: tuple[str, str, str]
    attempts: int
    record: bool
    max_duration: int | None


def _call_options(p: Params) -> _CallOptions:
    """The optional variables of appel (§6 lists nbressais, rec, dureemaxi as mandatory, its example omits them)."""
    attempts = int_in_range("nbressais", value, 0, 9) if (value := p.optional("nbressais")) else 1
    record = flag("rec", value) if (value := p.optional("rec")) else False
    max_duration = int_in_range("dureemaxi", value, 10, 10000) if (value := p.optional("dureemaxi")) else None
    delay = int_in_range("delais", value, 10, 1000) if (value := p.optional("delais")) else 0
    name = free_text("nom", p.optional("nom") or "")
    usr1, usr2, usr3 = (free_text(f"usr{i}", p.optional(f"usr{i}") or "", 32) for i in (1, 2, 3))
    client_ip = ipv4("client_ip", value) if (value := p.optional("client_ip")) else ""
    return _CallOptions(delay, client_ip, name, (usr1, usr2, usr3), max(1, attempts), record, max_duration)


def _destination_of(ctx: Context, popup: Popup, e164: str) -> Destination:
    """The catalogue destination of the number; it must be allowed for the pop-up (§4)."""
    parsed = phonenumbers.parse("+" + e164)
    if not phonenumbers.is_valid_number(parsed):
        raise invalid("e164", "un numéro attribué (e164 sans +)")
    region = phonenumbers.region_code_for_number(parsed)
    kind = "Mobile" if phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE else "Fixe"
    destination = ctx.state.destination_by_code(f"{region}_{kind}")
    if destination is None or destination.id not in popup.allowed_destinations:
        raise ApiError(403, FORBIDDEN_DESTINATION, f"destination {region}_{kind} interdite pour la pop-up {popup.id}")
    return destination


def _routing(ctx: Context, popup: Popup, call: Call) -> Routing:
    """Where the call goes when it starts: planning (§3) and groups (§4) as they are now."""
    planning = ctx.state.plannings.get(popup.planning) if popup.planning else None
    is_open = planning is None or planning.is_open(call.starts_at)
    group_name = popup.open_group if is_open else popup.closed_group
    if group_name is None and not is_open:
        return "answering_machine" if popup.answering_email else "closed"
    group = ctx.state.groups.get(group_name or "")
    return "operators" if group is not None and group.operators else "no_operator"


# -- A25 appel_annuler ---------------------------------------------------------------------------


def appel_annuler(ctx: Context) -> SandboxResponse:
    """A25 — cancels a request that has not been initiated yet (id_contact = the id_tracking)."""
    p = ctx.params
    p.require_all(("id_popup", "id_contact"))
    int_in_range("id_popup", p.required("id_popup"), 1, MAX_POPUP_ID)
    tracking_id = int(digits("id_contact", p.required("id_contact")))
    popup = popup_of(ctx)
    call = ctx.state.calls.get(tracking_id)
    if call is None or call.popup_id != popup.id:
        raise not_found(f"appel {tracking_id} de la pop-up {popup.id}")
    state = call_progress(call, ctx.now).state
    if state != WAITING:
        raise ApiError(409, WRONG_STATE, f"appel {tracking_id} déjà initié (état {state}), annulation impossible")
    call.cancelled_at = ctx.now
    return text("OK")


# -- A26 / A27 listings ----------------------------------------------------------------------------


def _selected_calls(ctx: Context) -> list[tuple[Call, Progress]]:
    """Calls of the pop-up by id_tracking and/or date range (Paris days, both ends included)."""
    p = ctx.params
    p.require_all(("id_popup",))
    int_in_range("id_popup", p.required("id_popup"), 1, MAX_POPUP_ID)
    tracking = p.optional("id_tracking")
    tracking_id = int(digits("id_tracking", tracking)) if tracking is not None else None
    first, last = _date_range(ctx, with_default=tracking_id is None)
    popup = popup_of(ctx)
    selected: list[tuple[Call, Progress]] = []
    for call in sorted(ctx.state.calls.values(), key=lambda c: c.tracking_id):
        day = call.requested_at.astimezone(PARIS).date()
        if call.popup_id != popup.id or (tracking_id is not None and call.tracking_id != tracking_id):
            continue
        if first is not None and last is not None and not first <= day <= last:
            continue
        selected.append((call, call_progress(call, ctx.now)))
    return selected


def _date_range(ctx: Context, *, with_default: bool) -> tuple[date | None, date | None]:
    """§6 "statistiques d'une journée": no dates → today; date_debut alone → that day."""
    p = ctx.params
    start_text, end_text = p.optional("date_debut"), p.optional("date_fin")
    if start_text is None and end_text is not None:
        raise missing("date_debut")
    if start_text is None:
        today = ctx.now.astimezone(PARIS).date()
        return (today, today) if with_default else (None, None)
    first = ymd("date_debut", start_text)
    last = ymd("date_fin", end_text) if end_text is not None else first
    if last < first:
        raise invalid("date_fin", "une date postérieure ou égale à date_debut")
    return first, last


#: Dialect "vocabulary": the states in words the document never names (it names none: "l'état correspond
#: à l'état final de l'appel"); waiting words in lower case.
VOCABULARY = {
    "EN_ATTENTE": "en attente",
    "SONNERIE": "sonnerie",
    "EN_COURS": "en cours",
    "REPONDU": "ABOUTI",
    "NON_REPONDU": "NON ABOUTI",
    "OCCUPE": "Occupé",
    "ECHEC": "TERMINE",
    "ANNULE": "Annulé",
    "FERME": "Fermé",
    "REPONDEUR": "messagerie",
}


def _state(ctx: Context, state: str) -> str:
    return VOCABULARY.get(state, state) if "vocabulary" in ctx.dialect else state


def _duration(ctx: Context, seconds: int) -> str | int:
    """Dialect "legacy-format": durations as h:m:s (§1 gives duree "[10, 10000]" with no unit)."""
    if "legacy-format" not in ctx.dialect:
        return seconds
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def _listing(ctx: Context, rows: list[tuple[object, ...]]) -> SandboxResponse:
    """Dialect "legacy-format": a ';' inside a free text stays as written (the document does not say it is escaped)."""
    if "legacy-format" not in ctx.dialect:
        return text(lines(rows))
    return text("".join(";".join(clean_field(v, keep_semicolons=True) for v in row) + "\n" for row in rows))


def appel_listing(ctx: Context) -> SandboxResponse:
    """A26 — one line per call.

    id_tracking;date_time;delais;dt;ip;duree_sonnerie;duree_appel;type_dest;prix;nom;usr1;usr2;usr3;provenance;etat
    """
    rows: list[tuple[object, ...]] = []
    for call, progress in _selected_calls(ctx):
        rows.append(
            (
                call.tracking_id,
                stamp(call.requested_at.astimezone(PARIS)),
                _duration(ctx, call.delay),
                "" if call.cancelled_at else stamp(call.starts_at.astimezone(PARIS)),
                call.client_ip,
                _duration(ctx, progress.ring_seconds),
                _duration(ctx, progress.talk_seconds),
                call.destination.code,
                f"{progress.price:.4f}",
                call.name,
                *call.usr,
                call.provenance,
                _state(ctx, progress.state),
            )
        )
    return _listing(ctx, rows)


def appels_resume(ctx: Context) -> SandboxResponse:
    """A27 — id_tracking;id_popup;date_time;delais;ip;duree_appel;nom;usr1;usr2;usr3;etat."""
    rows: list[tuple[object, ...]] = [
        (
            call.tracking_id,
            call.popup_id,
            stamp(call.requested_at.astimezone(PARIS)),
            _duration(ctx, call.delay),
            call.client_ip,
            _duration(ctx, progress.talk_seconds),
            call.name,
            *call.usr,
            _state(ctx, progress.state),
        )
        for call, progress in _selected_calls(ctx)
    ]
    return _listing(ctx, rows)


# -- A21 fichier_recuperer ------------------------------------------------------------------------


def fichier_recuperer(ctx: Context) -> SandboxResponse:
    """A21 — the pop-up's file of that type, as binary; type=rec (+ id_tracking) is a call recording."""
    p = ctx.params
    p.require_all(("id_popup", "type"))
    int_in_range("id_popup", p.required("id_popup"), 1, MAX_POPUP_ID)
    kind = file_type(ctx, (*FILE_TYPES, "rec"))
    if kind == "rec":
        return _recording(ctx)
    popup = popup_of(ctx)
    stored = popup.files.get(kind)
    if stored is None:
        raise not_found(f"fichier {kind} de la pop-up {popup.id}")
    return binary(stored)


def _recording(ctx: Context) -> SandboxResponse:
    """§5: "l'enregistrement des conversations si l'option a été souscrite" (appel with rec=1, answered)."""
    tracking = ctx.params.optional("id_tracking")
    if tracking is None:
        raise ApiError(400, MISSING, "id_tracking : paramètre obligatoire absent pour type=rec")
    tracking_id = int(digits("id_tracking", tracking))
    popup = popup_of(ctx)
    call = ctx.state.calls.get(tracking_id)
    if call is None or call.popup_id != popup.id:
        raise not_found(f"appel {tracking_id} de la pop-up {popup.id}")
    progress = call_progress(call, ctx.now)
    if not call.record or progress.state != ANSWERED:
        raise not_found(f"enregistrement de l'appel {tracking_id}")
    return binary(StoredFile(f"rec{tracking_id}.wav", tiny_wav(min(progress.talk_seconds, 5) / 10)))


# -- A28 Centrex accounts ----------------------------------------------------------------------------

_REGISTRATION = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z?$")


def _registration(name: str, value: str) -> datetime:
    """A28: YYYY-MM-DDTHH:MM (ISO 8601, UTC); the trailing Z of the returned format is accepted too."""
    try:
        if not _REGISTRATION.match(value):
            raise ValueError(value)
        return datetime.strptime(value.removesuffix("Z"), "%Y-%m-%dT%H:%M").replace(tzinfo=UTC)
    except ValueError:
        raise invalid(name, "YYYY-MM-DDTHH:MM") from None


def centrex_accounts(ctx: Context) -> SandboxResponse:
    """A28 — JSON list of the accounts matching every filter given."""
    p = ctx.params
    account_id = p.optional("centrex_account_id")
    wanted_id = int(digits("centrex_account_id", account_id)) if account_id is not None else None
    number = p.optional("phone_number")
    wanted_number = digits("phone_number", number) if number is not None else None
    wanted_state = one_of("state", s, ("active", "suspended")) if (s := p.optional("state")) is not None else None
    wanted_site = p.optional("site")
    if wanted_site is not None and not re.match(r"^[a-zA-Z0-9 _-]+$", wanted_site):
        raise invalid("site", "un nom alphanumérique")
    start_text, end_text = p.optional("last_registration_at"), p.optional("last_registration_at_end")
    start = _registration("last_registration_at", start_text) if start_text is not None else None
    end = _registration("last_registration_at_end", end_text) if end_text is not None else None
    if start is not None and end is None:
        # "Date de début ou date du jour demandé": alone, it selects that whole (UTC) day from that time.
        end = start.replace(hour=23, minute=59) + timedelta(seconds=59)
    if start is None and end is not None:
        raise missing("last_registration_at")
    if start is not None and end is not None and end < start:
        raise invalid("last_registration_at_end", "une date postérieure à last_registration_at")
    accounts = []
    for account in sorted(ctx.state.centrex.values(), key=lambda a: a.centrex_account_id):
        registered = account.last_registration_at
        if (
            (wanted_id is not None and account.centrex_account_id != wanted_id)
            or (wanted_number is not None and wanted_number not in account.phone_numbers)
            or (wanted_state is not None and account.state != wanted_state)
            or (wanted_site is not None and account.site.lower() != wanted_site.lower())
            or (start is not None and end is not None and (registered is None or not start <= registered <= end))
        ):
            continue
        accounts.append(account.as_json())
    body = json.dumps(accounts, ensure_ascii=False).encode("utf-8")
    return SandboxResponse(status=200, body=body, content_type="application/json; charset=utf-8")
