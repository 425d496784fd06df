"""The buttons on a call wherever calls are listed: Call back, Recording, and Cancel while it waits.

Call back (``axialys.call.again:<id_tracking>``) stages a new callback to the call's number through the
usual card (``calls.stage_call``): the price, the pop-up's destinations and the repeat-send guard apply
as for a typed ``/callback``. A26 lists no number (§6), so only a call Relais placed can be called back.
Each button's value names the call's pop-up (``popup=77``): listings show calls of any pop-up.
"""

from __future__ import annotations

from typing import Any

from bot.core.errors import UserError
from bot.slack.blockkit import actions, button
from bot.slack.context import ActionContext
from bot.vendors.axialys.models import WAITING_STATES, state_key
from handlers.axialys.call_cards import CANCEL_ACTION
from handlers.axialys.call_input import check_call_input
from handlers.axialys.call_lookup import POPUP_VALUE, clicked_call
from handlers.axialys.calls import stage_call
from handlers.axialys.kit import AxialysKit, axialys
from handlers.axialys.recording import RECORDING_ACTION

__all__ = ["CALL_AGAIN_ACTION", "call_again_click", "call_buttons"]

#: A call's Call back button; the tracking id follows the colon.
CALL_AGAIN_ACTION = "axialys.call.again:"


def call_buttons(
    id_tracking: int, id_popup: int, state: str, *, answered: bool, placed_here: bool
) -> list[dict[str, Any]]:
    """The actions block under a listed call (none when no button applies).

    ``placed_here``: Relais placed it, so it knows the number to call back; ``answered``: a recording may exist."""
    value = f"{POPUP_VALUE}{id_popup}"
    found = []
    if placed_here:
        found.append(button("Call back", f"{CALL_AGAIN_ACTION}{id_tracking}", value))
    if answered:
        found.append(button("Recording", f"{RECORDING_ACTION}{id_tracking}", value))
    if state_key(state) in WAITING_STATES:
        found.append(button("Cancel call", f"{CANCEL_ACTION}{id_tracking}", value, style="danger"))
    return [actions(*found)] if found else []


@axialys.action(CALL_AGAIN_ACTION, operation="A24")
def call_again_click(ctx: ActionContext, kit: AxialysKit) -> None:
    """A new callback to the number of a call Relais placed, on the same pop-up, staged behind its card."""
    id_tracking, popup = clicked_call(ctx)
    call = kit.calls.get(str(id_tracking))
    if call is None:
        raise UserError(
            f"call {id_tracking} was not placed from Relais: Axialys' listing gives no number to call back",
            hint="type the number: `/callback 06 12 34 56 78`",
        )
    values = {"number": call.number, "popup": popup or str(call.id_popup), "record": "yes" if call.recorded else ""}
    stage_call(ctx, kit, check_call_input(values), f"Call back button of call {id_tracking}")
