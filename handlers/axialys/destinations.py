"""``/callback popup destinations / allow / forbid``: where a pop-up may call, at what price (A17–A19)."""

from __future__ import annotations

from typing import Any

from bot.slack.blockkit import input_block, section, text_input
from bot.slack.context import BaseContext, CommandContext
from bot.slack.forms import Values, WriteForm, as_list, as_text, checked
from handlers.axialys.audited import audited
from handlers.axialys.command import COMMAND, word_then_rest
from handlers.axialys.kit import AxialysKit, axialys
from handlers.axialys.popup_fields import popup_select
from handlers.axialys.popup_lookup import find_popup
from handlers.axialys.rules import check_destination_codes, check_id_popup

__all__ = ["ALLOW", "FORBID", "popup_destinations"]

Block = dict[str, Any]


@axialys.sub(
    COMMAND,
    "popup destinations",
    summary="Destinations, prices per minute and whether each is allowed",
    usage="/callback popup destinations [id]",
    example="/callback popup destinations 77",
    operations=("A17",),
)
def popup_destinations(ctx: CommandContext, kit: AxialysKit) -> None:
    popup = find_popup(kit.client, ctx.args or None)
    rows = kit.client.destinations(popup.id)
    items = [
        [section(f"{':white_check_mark:' if d.allowed else ':no_entry_sign:'} {d.name} (#{d.id}) · €{d.price}/min")]
        for d in rows
    ]
    allowed = sum(1 for d in rows if d.allowed)
    ctx.paginate(
        f"Destinations of {popup.name} (#{popup.id})", items, per_page=20, summary=f"{allowed} of {len(rows)} allowed"
    )


def _destinations_fields(kit: AxialysKit) -> list[Block]:
    return [
        *popup_select(kit.client),
        input_block(
            "destinations",
            "Destinations",
            text_input("destinations", placeholder="FR_Mobile, BE_Fixe"),
            hint="country_Fixe or country_Mobile",
        ),
    ]


#: ``<popup> <destinations>``: the destinations are the rest of the line (commas or blanks between them).
_parse_destinations = word_then_rest("popup", "destinations")


def _check_destinations(values: Values) -> Values:
    return checked(
        ("id_popup", lambda: check_id_popup("popup", as_text(values, "popup"))),
        ("codes", lambda: check_destination_codes("destinations", as_list(values, "destinations"))),
    )


def _allow(ctx: BaseContext, kit: AxialysKit, params: Values) -> None:
    audited(ctx, "A18 allow destinations", lambda: kit.client.allow_destinations(params["id_popup"], params["codes"]))
    ctx.reply(f":white_check_mark: Pop-up {params['id_popup']} may now call {', '.join(params['codes'])}.")


def _forbid(ctx: BaseContext, kit: AxialysKit, params: Values) -> None:
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
    summary="Allow destinations (country_Fixe / country_Mobile)",
    usage="/callback popup allow <id> <destinations>",
    example="/callback popup allow 77 BE_Mobile,BE_Fixe",
    operations=("A18",),
)
FORBID.declare(
    axialys,
    COMMAND,
    "popup forbid",
    summary="Forbid destinations",
    usage="/callback popup forbid <id> <destinations>",
    example="/callback popup forbid 197 BE_Mobile",
    operations=("A19",),
)
