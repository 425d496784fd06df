"""Cancelling a call that has not started yet (A25): ``/callback cancel`` or the call card's button.

No confirmation card (a cancel stops a cost); audited.
"""

from __future__ import annotations

from bot.slack.context import ActionContext, BaseContext, CommandContext
from bot.vendors.axialys.models import state_key
from bot.vendors.errors import VendorError
from handlers.axialys.audited import audited
from handlers.axialys.call_cards import CANCEL_ACTION, call_card
from handlers.axialys.call_lookup import clicked_call, tracked, tracking_argument
from handlers.axialys.command import COMMAND
from handlers.axialys.kit import AxialysKit, axialys

__all__ = ["cancel", "cancel_click", "cancel_command"]


@axialys.sub(
    COMMAND,
    "cancel",
    summary="Cancel a call that has not started yet",
    usage="/callback cancel <tracking id> [popup=…]",
    example="/callback cancel 5 popup=77",
    operations=("A25",),
)
def cancel_command(ctx: CommandContext, kit: AxialysKit) -> None:
    """``/callback cancel <tracking id> [popup=…]``."""
    cancel(ctx, kit, *tracking_argument(ctx), command=f"/callback cancel {ctx.args}".strip())


@axialys.action(CANCEL_ACTION, operation="A25")
def cancel_click(ctx: ActionContext, kit: AxialysKit) -> None:
    id_tracking, popup = clicked_call(ctx)
    cancel(ctx, kit, id_tracking, popup, command=f"cancel button of call {id_tracking}")


def cancel(ctx: BaseContext, kit: AxialysKit, id_tracking: int, popup: str | None, *, command: str) -> None:
    call, id_popup = tracked(kit, id_tracking, popup)
    owner = call.user_id if call is not None else None
    ctx.ensure_own(owner, what=f"call {id_tracking}", verb="cancel", operation="A25 cancel call", command=command)
    try:
        audited(ctx, "A25 cancel call", lambda: kit.client.cancel_call(id_popup, id_tracking))
    except VendorError as exc:
        if exc.code == "ETAT_INCOMPATIBLE":
            already = call is not None and state_key(call.state) == "ANNULE"
            plain = (
                f"call {id_tracking} is already cancelled"
                if already
                else f"call {id_tracking} can no longer be cancelled: it has already started or ended"
            )
            raise exc.reworded(plain) from None
        raise
    if call is not None:
        call.state = "ANNULE"
        kit.calls.put(str(call.id_tracking), call)
        if call.card_ts:
            kit.out.update(call.channel_id, call.card_ts, *call_card(call))
    ctx.reply(f":no_entry_sign: Call {id_tracking} cancelled before it started; nothing is charged.")
