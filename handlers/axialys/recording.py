"""``/callback recording``: the conversation of an answered call placed with record=yes (A21 type=rec)."""

from __future__ import annotations

from bot.slack.context import CommandContext
from bot.slack.files import upload_file
from bot.vendors.axialys.client import RECORDING_TYPE
from bot.vendors.errors import VendorError
from handlers.axialys.call_lookup import tracked, tracking_argument
from handlers.axialys.command import COMMAND
from handlers.axialys.kit import AxialysKit, axialys

__all__ = ["recording_command"]


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
    id_tracking, popup = tracking_argument(ctx)
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
