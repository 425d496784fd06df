"""/number add (C6): typed with its fields, or (without them) the form; either way a confirmation
card, since the number is provisioned on the company's account (it may be billed).

Both doors check with ``rules.check_number_settings``; the card fills in the zone from
Cliqphone's offer (C4) and warns of what the document leaves open. The write itself, once
Send is clicked, is ``provision.execute_add``.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.slack.context import ActionContext, BaseContext, CommandContext
from bot.slack.forms import CreationForm, prefilled
from bot.vendors.cliqphone.models import NUMBER_FIELDS, NumberSettings
from bot.vendors.errors import VendorError
from handlers.cliqphone.cards import ADD_BUTTON
from handlers.cliqphone.fields import described
from handlers.cliqphone.form import ADD_VIEW, NumberForm, paris_today
from handlers.cliqphone.kit import CliqphoneKit, cliqphone
from handlers.cliqphone.provision import ADD_KIND
from handlers.cliqphone.rules import Catalog, number_warnings

log = logging.getLogger(__name__)

__all__ = ["ADD_NUMBER", "add_listed_number"]


class AddNumber(CreationForm[CliqphoneKit, Catalog, NumberSettings], NumberForm[None]):
    """The add form: about no number yet; its metadata is empty (``{}``)."""

    callback_id = ADD_VIEW
    title = "Add a number"
    submit_label = "Review"
    adding = True

    def initial(self, subject: None) -> dict[str, Any]:
        return {}

    def metadata(self, subject: None) -> dict[str, Any]:
        return {}

    def perform(self, ctx: BaseContext, kit: CliqphoneKit, subject: None, params: NumberSettings) -> None:
        command = f"/number add {ctx.args}".strip() if isinstance(ctx, CommandContext) else "/number add (form)"
        _confirm_add(ctx, kit, params, command=command)


ADD_NUMBER = AddNumber()
ADD_NUMBER.declare(
    cliqphone,
    "/number",
    "add",
    summary="Add a number: a form with every field, or key=value fields; confirmed before it is provisioned",
    usage="/number add [number= zone= active=yes|no holder= …]",
    example="/number add number=33187224467 zone=fr_01 active=yes",
    operations=("C6", "C2", "C8", "C5"),
)


@cliqphone.action(ADD_BUTTON, admin_only=True, operation="C6")
def add_listed_number(ctx: ActionContext, kit: CliqphoneKit) -> None:
    """A free number's Add button (``/number available``): the add form, opened with that number and its zone."""
    view = ADD_NUMBER.build_modal(kit, None)
    ctx.open_modal(prefilled(view, {"numero": ctx.argument, "code": ctx.value}))


def _confirm_add(ctx: BaseContext, kit: CliqphoneKit, settings: NumberSettings, *, command: str) -> None:
    settings, offer_warnings = _zone_from_offer(kit, settings)
    wire = settings.wire()
    preview = [described(name, wire[name]) for name in NUMBER_FIELDS if name in wire]
    warnings = [*offer_warnings, *number_warnings(settings, today=paris_today(), adding=True)]
    preview.extend(f":warning: {warning}" for warning in warnings)
    preview.append("Cliqphone provisions the number on the company's account (it may be billed)")
    ctx.stage(ADD_KIND, wire, command=command, title=f"Add Cliqphone number {settings.numero}", preview=preview)


def _zone_from_offer(kit: CliqphoneKit, settings: NumberSettings) -> tuple[NumberSettings, list[str]]:
    """A number of Cliqphone's offer (C4) belongs to its zone: none given is filled in, another one is warned.

    The document ties C6's ``code`` to nothing (§5 "Code de Zone"): Cliqphone decides, the card
    warns. A number outside the offer keeps what was typed (decisions: C6 accepts it); an offer
    that cannot be read only costs the fill-in.
    """
    numero = settings.numero or ""
    try:
        offer = kit.client.available(numero=numero)
    except VendorError as exc:
        log.warning("cliqphone: the offer could not be read before an add: %s", exc)
        return settings, [f"zone: Cliqphone's offer could not be read to check the zone ({exc.plain})"]
    offered = next((n for n in offer if n.numero == numero), None)
    if offered is None or not offered.code:
        return settings, []
    if settings.code and settings.code.lower() != offered.code.lower():
        return settings, [
            f"zone: {numero} is offered in zone {offered.code}, not {settings.code}; Cliqphone may refuse it"
        ]
    return settings.model_copy(update={"code": offered.code}), []
