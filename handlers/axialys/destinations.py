"""``/callback popup destinations / allow / forbid``: where a pop-up may call, at what price (A17–A19).

The pop-up is named by id or name; destinations by code (``BE_Mobile``), name (``Belgique mobile``)
or id (``1011``), matched against A17's listing (``named.pick_destinations``) and sent as codes.
"""

from __future__ import annotations

from typing import Any

from bot.rules.fields import FieldError
from bot.slack.blockkit import input_block, section, text_input
from bot.slack.context import ActionContext, BaseContext, CommandContext
from bot.slack.exports import ExportRequest, Table, take_export
from bot.slack.forms import Values, WriteForm, as_text, checked
from bot.vendors.axialys.models import Destination
from handlers.axialys.audited import audited
from handlers.axialys.command import COMMAND, word_then_rest
from handlers.axialys.kit import AxialysKit, axialys
from handlers.axialys.named import pick_destinations
from handlers.axialys.popup_buttons import DESTINATIONS_BUTTON
from handlers.axialys.popup_fields import popup_select
from handlers.axialys.popup_lookup import check_popup_ref, find_popup, popup_id

__all__ = ["ALLOW", "FORBID", "destinations_click", "destinations_listing", "popup_destinations"]

Block = dict[str, Any]


@axialys.sub(
    COMMAND,
    "popup destinations",
    summary="Destinations, prices per minute and whether each is allowed",
    usage="/callback popup destinations [id or name] [export [sep=;]]",
    example="/callback popup destinations 77",
    operations=("A17",),
)
def popup_destinations(ctx: CommandContext, kit: AxialysKit) -> None:
    args, export = take_export(ctx.args)
    destinations_listing(ctx, kit, args or None, export)


@axialys.action(DESTINATIONS_BUTTON, operation="A17")
def destinations_click(ctx: ActionContext, kit: AxialysKit) -> None:
    """A listed pop-up's Destinations button: what ``/callback popup destinations <id>`` answers."""
    destinations_listing(ctx, kit, ctx.argument or ctx.value)


def destinations_listing(
    ctx: BaseContext, kit: AxialysKit, typed: str | None, export: ExportRequest | None = None
) -> None:
    popup = find_popup(kit.client, typed)
    rows = kit.client.destinations(popup.id)
    items = [
        [
            section(
                f"{':white_check_mark:' if d.allowed else ':no_entry_sign:'} {d.name} (#{d.id}) · "
                f"€{d.price}/min{_code_shown(d)}"
            )
        ]
        for d in rows
    ]
    allowed = sum(1 for d in rows if d.allowed)
    table = Table(
        filename=f"axialys-destinations-popup-{popup.id}.csv",
        columns=["id", "destination", "price per minute (€)", "allowed"],
        rows=[[str(d.id), d.name, str(d.price), "yes" if d.allowed else "no"] for d in rows],
    )
    title = f"Destinations of {popup.name} (#{popup.id})"
    summary = f"{allowed} of {len(rows)} allowed"
    ctx.paginate(title, items, per_page=20, summary=summary, table=table, export=export)


def _code_shown(destination: Destination) -> str:
    """`` · BE_Mobile`` after a destination A17 names in words: the code ``popup allow`` takes."""
    try:
        code = pick_destinations("destinations", destination.name, [destination])[0]
    except FieldError:
        return ""
    return "" if code == destination.name else f" · `{code}`"


def _destinations_fields(kit: AxialysKit) -> list[Block]:
    return [
        *popup_select(kit.client),
        input_block(
            "destinations",
            "Destinations",
            text_input("destinations", placeholder="BE_Mobile, Suisse fixe"),
            hint="codes (BE_Mobile), names (Belgique mobile) or ids, separated by commas",
        ),
    ]


#: ``<popup> <destinations>``: the destinations are the rest of the line (commas or blanks between them).
_parse_destinations = word_then_rest("popup", "destinations")


def _check_destinations(values: Values) -> Values:
    def typed() -> str:
        given = as_text(values, "destinations").strip()
        if not given:
            raise FieldError("destinations", "at least one destination is needed", "e.g. `BE_Mobile, Suisse fixe`")
        return given

    return checked(("popup", lambda: check_popup_ref("popup", as_text(values, "popup"))), ("destinations", typed))


def _resolved(kit: AxialysKit, params: Values) -> Values:
    """The pop-up's id and the destinations' codes, read against A14 and the pop-up's A17 listing."""
    found = popup_id(kit.client, params)
    listed = kit.client.destinations(found["id_popup"])
    return {"id_popup": found["id_popup"], "codes": pick_destinations("destinations", params["destinations"], listed)}


def _allow(ctx: BaseContext, kit: AxialysKit, params: Values) -> None:
    params = _resolved(kit, params)
    audited(ctx, "A18 allow destinations", lambda: kit.client.allow_destinations(params["id_popup"], params["codes"]))
    ctx.reply(f":white_check_mark: Pop-up {params['id_popup']} may now call {', '.join(params['codes'])}.")


def _forbid(ctx: BaseContext, kit: AxialysKit, params: Values) -> None:
    params = _resolved(kit, params)
    audited(ctx, "A19 forbid destinations", lambda: kit.client.forbid_destinations(params["id_popup"], params["codes"]))
    ctx.reply(f":no_entry_sign: Pop-up {params['id_popup']} may no longer call {', '.join(params['codes'])}.")


ALLOW: WriteForm[AxialysKit] = WriteForm(
    "axialys.popup.allow", "Allow destinations", _destinations_fields, _parse_destinations, _check_destinations, _allow
)
FORBID: WriteForm[AxialysKit] = WriteForm(
    "axialys.popup.forbid",
    "Forbid destinations",
    _destinations_fields,
    _parse_destinations,
    _check_destinations,
    _forbid,
)
ALLOW.declare(
    axialys,
    COMMAND,
    "popup allow",
    summary="Allow destinations: codes (BE_Mobile), names (Belgique mobile) or ids",
    usage="/callback popup allow <id or name> <destinations>",
    example="/callback popup allow 77 BE_Mobile,BE_Fixe",
    operations=("A18",),
)
FORBID.declare(
    axialys,
    COMMAND,
    "popup forbid",
    summary="Forbid destinations: codes (BE_Mobile), names (Belgique mobile) or ids",
    usage="/callback popup forbid <id or name> <destinations>",
    example="/callback popup forbid 197 BE_Mobile",
    operations=("A19",),
)
