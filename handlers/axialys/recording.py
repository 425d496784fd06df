"""``/callback recording`` and a listing's Recording button: the conversation of an answered call placed
with record=yes (A21 type=rec)."""

from __future__ import annotations

from bot.slack.context import ActionContext, BaseContext, CommandContext
from bot.slack.files import upload_file
from bot.vendors.axialys.client import RECORDING_TYPE
from bot.vendors.errors import VendorError
from handlers.axialys.call_lookup import clicked_call, tracked, tracking_argument
from handlers.axialys.command import COMMAND
from handlers.axialys.kit import AxialysKit, axialys

__all__ = ["RECORDING_ACTION", "post_recording", "recording_click", "recording_command"]

#: A call's Recording button (listings, the App Home); the tracking id follows the colon.
RECORDING_ACTION = "axialys.call.recording:"


@axialys.sub(
    COMMAND,
    "recording",
    summary="The recording of an answered call placed with record=yes, posted into the channel",
    usage="/callback recording <tracking id> [popup=…]",
    example="/callback recording 12 popup=77",
    operations=("A21",),
)
def recording_command(ctx: CommandContext, kit: AxialysKit) -> None:
    """``/callback recording <tracking id> [popup=…]``: the conversation's WAV, in the call card's thread if here."""
    post_recording(ctx, kit, *tracking_argument(ctx))


@axialys.action(RECORDING_ACTION, operation="A21")
def recording_click(ctx: ActionContext, kit: AxialysKit) -> None:
    """A listing's Recording button: what ``/callback recording`` does for that call."""
    post_recording(ctx, kit, *clicked_call(ctx))


def post_recording(ctx: BaseContext, kit: AxialysKit, id_tracking: int, popup: str | None) -> None:
    call, id_popup = tracked(kit, id_tracking, popup)
    try:
        got = kit.client.get_file(id_popup, RECORDING_TYPE, id_tracking=id_tracking)
    except VendorError as exc:
        if exc.code == "INTROUVABLE":
            raise exc.reworded(
                f"Axialys has no recording of call {id_tracking} of pop-up {id_popup}: either there is no such "
                "call, or it was not answered, or it was placed without record=yes (or without the recording option)",
            ) from None
        raise
    in_thread = call is not None and call.channel_id == ctx.channel_id and bool(call.card_ts)
    upload_file(
        kit.slack,
        ctx.channel_id,
        got.filename,
        got.content,
        thread_ts=call.card_ts if call is not None and in_thread else None,
        comment=f"Recording of call {id_tracking} (pop-up {id_popup}): {got.filename}, {len(got.content):,} bytes",
    )
