"""§3 of the Axialys WebAppel document: plannings, their weekly slots and closing days (A8–A13)."""

from __future__ import annotations

from datetime import date

from bot.sandboxes.axialys.rules import (
    ALREADY_EXISTS,
    CONFLICT,
    INVALID,
    WEEKDAYS,
    ApiError,
    Params,
    alnum,
    hour,
    int_in_range,
    invalid,
    not_found,
    one_of,
)
from bot.sandboxes.axialys.state import (
    Context,
    Planning,
    Slot,
)
from bot.sandboxes.axialys.wire import OK, hhmm, lines, text
from bot.sandboxes.frame import SandboxResponse


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
