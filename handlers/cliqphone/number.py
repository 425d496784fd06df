"""/number: Cliqphone virtual numbers (C1–C8): the listings here, add and edit in ``number_form``."""

from __future__ import annotations

from typing import Any

from bot.rules.grammar import only_options
from bot.slack.blockkit import button, section
from bot.slack.context import CommandContext
from bot.slack.registry import Registry, Subcommand
from bot.vendors.cliqphone.models import MEDIA_TYPES, Media, Number, Zone
from handlers.cliqphone import number_form
from handlers.cliqphone.rules import check_available, check_media_filters, check_number_filters, check_zone_code

__all__ = ["EDIT_BUTTON", "number_item", "register"]

EDIT_BUTTON = "number.edit:"
NUMBER_FILTERS = {"code", "etat", "type", "numero", "compagne", "porteur"}
MEDIA_FILTERS = {"etat", "type", "nom"}


def register(registry: Registry) -> None:
    registry.command(
        "/number",
        "Virtual phone numbers (Cliqphone)",
        "zones [code] | available <zone> | list [filters] | add | edit <id> | media [filters]",
        vendor="cliqphone",
    )
    subcommands = [
        Subcommand(
            "zones",
            "The zones numbers come from, or one zone by its code",
            "/number zones [code]",
            "/number zones fr_01",
            zones,
            operations=("C1", "C2", "C3"),
        ),
        Subcommand(
            "available",
            "Free numbers of a zone, optionally containing some digits",
            "/number available <zone> [digits]",
            "/number available fr_01 8722",
            available,
            operations=("C4",),
        ),
        Subcommand(
            "list",
            "The company's numbers; filters code= etat=true|false type=TE|FA numero= compagne= porteur=",
            "/number list [code=] [etat=] [type=] [numero=] [compagne=] [porteur=]",
            "/number list etat=true type=TE",
            list_numbers,
            operations=("C5",),
        ),
        Subcommand(
            "media",
            "The company's audio media; filters etat=true|false type=R|ME|PB|MI|MA nom=",
            "/number media [etat=] [type=] [nom=]",
            "/number media type=MA",
            media,
            operations=("C8",),
        ),
        Subcommand(
            "add",
            "Add a number: a form with every field, or key=value fields; confirmed before it is provisioned",
            "/number add [numero= code= etat= …]",
            "/number add numero=33187224467 code=fr_01 etat=true",
            number_form.add,
            admin_only=True,
            operations=("C6", "C2", "C8", "C5"),
        ),
        Subcommand(
            "edit",
            "Change a number: a form pre-filled with its values, or key=value fields; only changes are sent",
            "/number edit <id> [field=value …]",
            '/number edit 141 info="Accueil Paris"',
            number_form.edit,
            admin_only=True,
            operations=("C7", "C5", "C2", "C8"),
        ),
    ]
    for subcommand in subcommands:
        registry.sub("/number", subcommand)
    registry.action(EDIT_BUTTON, number_form.edit_button, admin_only=True, operation="C7")
    number_form.register(registry)


# -- zones (C2, C3) -------------------------------------------------------------------------------
def _zone_item(zone: Zone) -> list[dict[str, Any]]:
    state = f" · {zone.etat}" if zone.etat else ""
    return [section(f"*{zone.code}* — {zone.nom or '—'} ({zone.pays or '—'}) · prefix {zone.prefix or '—'}{state}")]


def zones(ctx: CommandContext) -> None:
    code = check_zone_code("code", ctx.args) if ctx.args.strip() else ""
    if code:
        found = ctx.services.cliqphone.zone(code)
        title = f"Cliqphone zone {code}"
    else:
        found = ctx.services.cliqphone.zones()
        title = "Cliqphone zones"
    if not found:
        ctx.reply(f"{title}: none.")
        return
    text, blocks = ctx.services.pages.show(title, [_zone_item(z) for z in found], per_page=20)
    ctx.reply(text, blocks)


# -- available numbers (C4) -----------------------------------------------------------------------
def available(ctx: CommandContext) -> None:
    zone, _, digits = ctx.args.strip().partition(" ")
    code, numero = check_available(zone, digits)
    found = ctx.services.cliqphone.available(code, numero)
    where = f"in {code}" if code else "in every zone"
    if not found:
        ctx.reply(f"No free Cliqphone number {where}{f' containing {numero}' if numero else ''}.")
        return
    items = [[section(f"*{n.numero}* · {n.code or '—'} · {'fax' if n.is_fax else 'telephone'}")] for n in found]
    hint = "Add one with `/number add numero=<number>` (admins)."
    text, blocks = ctx.services.pages.show(f"Free Cliqphone numbers {where}", items, per_page=20, summary=hint)
    ctx.reply(text, blocks)


# -- the company's numbers (C5) ---------------------------------------------------------------------
def number_item(number: Number, *, editable: bool) -> list[dict[str, Any]]:
    """One number as a listing row; admins get its Edit button (the action is admin-only too)."""
    state = "active" if number.is_active else "inactive"
    kind = "fax" if number.is_fax else "telephone"
    details = " · ".join(
        part
        for part in (
            f"holder {number.nom_porteur}" if number.nom_porteur else "",
            f"campaign {number.compagne}" if number.compagne else "",
            number.info or "",
        )
        if part
    )
    text = f"*{number.numero}* · id `{number.id}` · {number.code or '—'} · {state} · {kind}"
    accessory = button("Edit", f"{EDIT_BUTTON}{number.id}", str(number.id)) if editable else None
    return [section(f"{text}\n{details}" if details else text, accessory=accessory)]


def list_numbers(ctx: CommandContext) -> None:
    filters = check_number_filters(only_options(ctx.args, NUMBER_FILTERS, example="/number list etat=true type=TE"))
    found = ctx.services.cliqphone.numbers(filters)
    described = ", ".join(f"{k}={v}" for k, v in filters.model_dump(exclude_none=True).items())
    if not found:
        ctx.reply(f"No Cliqphone number matches{f' {described}' if described else ''}.")
        return
    editable = ctx.is_admin
    items = [number_item(n, editable=editable) for n in found]
    summary = f"Filters: {described}" if described else ""
    text, blocks = ctx.services.pages.show("Cliqphone numbers", items, per_page=10, summary=summary)
    ctx.reply(text, blocks)


# -- media (C8) -------------------------------------------------------------------------------------
def _media_item(item: Media) -> list[dict[str, Any]]:
    kind = MEDIA_TYPES.get(item.type, item.type_name or item.type)
    state = "active" if item.is_active else "inactive"
    link = f" · <{item.url}|listen>" if item.url else ""
    return [section(f"*{item.nom or '—'}* · id `{item.id}` · {kind} ({item.type}) · {state}{link}")]


def media(ctx: CommandContext) -> None:
    filters = check_media_filters(only_options(ctx.args, MEDIA_FILTERS, example="/number media type=MA"))
    found = ctx.services.cliqphone.media(filters)
    if not found:
        ctx.reply("No Cliqphone media matches.")
        return
    text, blocks = ctx.services.pages.show("Cliqphone media", [_media_item(m) for m in found], per_page=15)
    ctx.reply(text, blocks)
