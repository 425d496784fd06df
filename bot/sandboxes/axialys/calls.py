"""§6 of the Axialys WebAppel document: placing (A24) and cancelling (A25) calls, and their listings (A26, A27).

A call's life after it is placed follows the sandbox clock (state.call_progress).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import phonenumbers

from bot.sandboxes.axialys import dialects
from bot.sandboxes.axialys.popups import popup_of
from bot.sandboxes.axialys.rules import (
    BLACKLISTED,
    FORBIDDEN_DESTINATION,
    WRONG_STATE,
    ApiError,
    Params,
    digits,
    e164_number,
    flag,
    free_text,
    int_in_range,
    invalid,
    ipv4,
    missing,
    not_found,
    ymd,
)
from bot.sandboxes.axialys.state import (
    MAX_POPUP_ID,
    WAITING,
    Call,
    Context,
    Destination,
    Popup,
    Progress,
    Routing,
    call_progress,
)
from bot.sandboxes.axialys.wire import stamp, text
from bot.sandboxes.frame import PARIS, SandboxResponse


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
                dialects.duration(ctx, call.delay),
                "" if call.cancelled_at else stamp(call.starts_at.astimezone(PARIS)),
                call.client_ip,
                dialects.duration(ctx, progress.ring_seconds),
                dialects.duration(ctx, progress.talk_seconds),
                call.destination.code,
                f"{progress.price:.4f}",
                call.name,
                *call.usr,
                call.provenance,
                dialects.state_word(ctx, progress.state),
            )
        )
    return dialects.listing(ctx, rows)


def appels_resume(ctx: Context) -> SandboxResponse:
    """A27 — id_tracking;id_popup;date_time;delais;ip;duree_appel;nom;usr1;usr2;usr3;etat."""
    rows: list[tuple[object, ...]] = [
        (
            call.tracking_id,
            call.popup_id,
            stamp(call.requested_at.astimezone(PARIS)),
            dialects.duration(ctx, call.delay),
            call.client_ip,
            dialects.duration(ctx, progress.talk_seconds),
            call.name,
            *call.usr,
            dialects.state_word(ctx, progress.state),
        )
        for call, progress in _selected_calls(ctx)
    ]
    return dialects.listing(ctx, rows)
