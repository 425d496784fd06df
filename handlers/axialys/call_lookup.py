"""A call named by its tracking id (``cancel``, ``recording``): the argument, the call Relais placed if it did,
and Axialys' refusal about it said in Relais' words."""

from __future__ import annotations

from bot.rules.fields import FieldError
from bot.slack.context import ActionContext, CommandContext
from handlers.axialys.command import words_then_options
from handlers.axialys.kit import AxialysKit
from handlers.axialys.popup_lookup import find_popup
from handlers.axialys.records import CallRecord
from handlers.axialys.rules import check_id_tracking

__all__ = ["POPUP_VALUE", "clicked_call", "tracked", "tracking_argument"]

#: A call button's value names the call's pop-up (``popup=77``): a listing shows calls Relais did not place.
POPUP_VALUE = "popup="


def tracking_argument(ctx: CommandContext) -> tuple[int, str | None]:
    """``<tracking id> [popup=…]``."""
    example = f"/callback {ctx.subcommand} 12 popup=77"
    # Every word before the options is the id: a stray word is refused by the id's own rule.
    line = words_then_options(ctx.args, {"popup"}, example=example)
    if not line.positional:
        raise FieldError("tracking id", "required", f"e.g. `/callback {ctx.subcommand} 12`")
    return check_id_tracking("tracking id", " ".join(line.positional)), line.options.get("popup")


def tracked(kit: AxialysKit, id_tracking: int, popup: str | None) -> tuple[CallRecord | None, int]:
    """The call Relais placed (if it did) and its pop-up: the one given, else the call's, else the first."""
    call = kit.calls.get(str(id_tracking))
    id_popup = call.id_popup if call is not None and popup is None else find_popup(kit.client, popup).id
    return call, id_popup


def clicked_call(ctx: ActionContext) -> tuple[int, str | None]:
    """A call button's call: the tracking id after the action id's colon (or the value), and the pop-up
    its value names (``popup=77``), if it does."""
    value = ctx.value.strip()
    popup = value.removeprefix(POPUP_VALUE) if value.startswith(POPUP_VALUE) else None
    typed = ctx.argument or ("" if popup is not None else value)
    return check_id_tracking("tracking id", typed), popup
