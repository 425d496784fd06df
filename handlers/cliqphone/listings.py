"""/number zones, available, list and media: what Cliqphone lists (C1–C5, C8), read only; each also as a CSV
file (``… export`` or the listing's Export CSV button)."""

from __future__ import annotations

from bot.rules.grammar import only_options
from bot.slack.context import CommandContext
from bot.slack.exports import Table, take_export
from handlers.cliqphone.cards import (
    FREE_NUMBER_COLUMNS,
    MEDIA_COLUMNS,
    NUMBER_COLUMNS,
    ZONE_COLUMNS,
    free_number_item,
    free_number_row,
    media_item,
    media_row,
    number_item,
    number_row,
    zone_item,
    zone_row,
)
from handlers.cliqphone.kit import CliqphoneKit, cliqphone
from handlers.cliqphone.rules import (
    MEDIA_FILTER_ALIASES,
    MEDIA_FILTERS,
    NUMBER_FILTER_ALIASES,
    NUMBER_FILTERS,
    check_available,
    check_media_filters,
    check_number_filters,
    check_zone_code,
    is_zone_code,
    zone_by_name,
)

__all__ = ["available", "list_numbers", "media", "zones"]

_LIST_EXAMPLE = "/number list active=yes type=phone"
_MEDIA_EXAMPLE = "/number media type=MA"
#: What each filter means, as the help and the summary line say it.
_FILTER_WORDS = {"code": "zone", "etat": "active", "numero": "number", "compagne": "campaign", "porteur": "holder"}


@cliqphone.sub(
    "/number",
    "zones",
    summary="The zones numbers come from, or one zone by its code",
    usage="/number zones [code] [export [sep=;]]",
    example="/number zones fr_01",
    operations=("C1", "C2", "C3"),
)
def zones(ctx: CommandContext, kit: CliqphoneKit) -> None:
    args, export = take_export(ctx.args)
    code = _zone(kit, "code", args) if args.strip() else ""
    if code:
        found = kit.client.zone(code)
        title = f"Cliqphone zone {code}"
    else:
        found = kit.client.zones()
        title = "Cliqphone zones"
    table = Table(filename="cliqphone-zones.csv", columns=ZONE_COLUMNS, rows=[zone_row(z) for z in found])
    items = [zone_item(z) for z in found]
    ctx.paginate(title, items, per_page=20, empty=f"{title}: none.", table=table, export=export)


@cliqphone.sub(
    "/number",
    "available",
    summary="Free numbers of a zone, optionally containing some digits",
    usage="/number available <zone> [digits] [export [sep=;]]",
    example="/number available fr_01 8722",
    operations=("C4",),
)
def available(ctx: CommandContext, kit: CliqphoneKit) -> None:
    args, export = take_export(ctx.args)
    zone, _, digits = args.strip().partition(" ")
    # The arguments are checked before the zones are read to match a zone's name.
    code, numero = check_available(zone if is_zone_code(zone) else "", digits)
    code = code if code or not zone else _zone(kit, "zone", zone)
    found = kit.client.available(code, numero)
    where = f"in {code}" if code else "in every zone"
    ctx.paginate(
        f"Free Cliqphone numbers {where}",
        [free_number_item(n, addable=ctx.is_admin) for n in found],
        per_page=20,
        summary="Add one with its Add button or `/number add number=<number>` (admins).",
        empty=f"No free Cliqphone number {where}{f' containing {numero}' if numero else ''}.",
        table=Table(
            filename="cliqphone-available.csv", columns=FREE_NUMBER_COLUMNS, rows=[free_number_row(n) for n in found]
        ),
        export=export,
    )


@cliqphone.sub(
    "/number",
    "list",
    summary="The company's numbers; filters zone= active=yes|no type=phone|fax number= campaign= holder= "
    "(Cliqphone's code= etat= TE|FA numero= compagne= porteur= also read)",
    usage="/number list [zone=] [active=] [type=phone|fax] [number=] [campaign=] [holder=] [export [sep=;]]",
    example=_LIST_EXAMPLE,
    operations=("C5",),
)
def list_numbers(ctx: CommandContext, kit: CliqphoneKit) -> None:
    args, export = take_export(ctx.args)
    options = only_options(args, NUMBER_FILTERS, example=_LIST_EXAMPLE, aliases=NUMBER_FILTER_ALIASES)
    filters = check_number_filters(options)
    found = kit.client.numbers(filters)
    described = ", ".join(
        f"{_FILTER_WORDS.get(k, k)}={_shown(v)}" for k, v in filters.model_dump(exclude_none=True).items()
    )
    editable = ctx.is_admin
    ctx.paginate(
        "Cliqphone numbers",
        [number_item(n, editable=editable) for n in found],
        per_page=10,
        summary=f"Filters: {described}" if described else "",
        empty=f"No Cliqphone number matches{f' {described}' if described else ''}.",
        table=Table(filename="cliqphone-numbers.csv", columns=NUMBER_COLUMNS, rows=[number_row(n) for n in found]),
        export=export,
    )


@cliqphone.sub(
    "/number",
    "media",
    summary="The company's audio media; filters active=yes|no name= type=MI (introduction message), "
    "ME (recording notice), MA (hold music), PB (play-back) or R (answering machine)",
    usage="/number media [active=] [type=MI|ME|MA|PB|R] [name=] [export [sep=;]]",
    example=_MEDIA_EXAMPLE,
    operations=("C8",),
)
def media(ctx: CommandContext, kit: CliqphoneKit) -> None:
    args, export = take_export(ctx.args)
    filters = check_media_filters(
        only_options(args, MEDIA_FILTERS, example=_MEDIA_EXAMPLE, aliases=MEDIA_FILTER_ALIASES)
    )
    found = kit.client.media(filters)
    table = Table(filename="cliqphone-media.csv", columns=MEDIA_COLUMNS, rows=[media_row(m) for m in found])
    items = [media_item(m) for m in found]
    ctx.paginate("Cliqphone media", items, per_page=15, empty="No Cliqphone media matches.", table=table, export=export)


def _shown(value: object) -> str:
    """A filter's value as the user would type it: yes/no, phone/fax."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return {"TE": "phone", "FA": "fax"}.get(str(value), str(value))


def _zone(kit: CliqphoneKit, field: str, typed: str) -> str:
    """A zone by its code (``fr_01``, sent as typed: Cliqphone knows its zones) or its name, read from C2."""
    if is_zone_code(typed):
        return check_zone_code(field, typed)
    return zone_by_name(field, typed, kit.client.zones())
