"""§2 of the Axialys WebAppel document: operator groups (A1–A5) and blacklists (A6, A7).

Each operation takes a ``Context`` and returns the success answer; errors are raised as ``ApiError``.
Checks run in one order everywhere: presence of the mandatory parameters (documented order), then
each value's format, then existence of the objects named, then the state of those objects.
"""

from __future__ import annotations

from bot.sandboxes.axialys.rules import (
    ALREADY_EXISTS,
    ApiError,
    Params,
    alnum,
    e164_number,
    int_in_range,
    ipv4,
    not_found,
    one_of,
)
from bot.sandboxes.axialys.state import (
    ORDERINGS,
    Context,
    OperatorGroup,
)
from bot.sandboxes.axialys.wire import OK, lines, text
from bot.sandboxes.frame import SandboxResponse


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
