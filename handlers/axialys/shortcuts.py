"""The global shortcut and the App Home button "Place a callback": the form ``/callback`` opens alone
(``calls.open_call_form``).

A global shortcut comes from no channel: the form's card, then the call card, go to the user's
direct message with Relais (the dispatcher gives the shortcut that channel).
"""

from __future__ import annotations

from bot.slack.context import ActionContext, ShortcutContext
from handlers.axialys.calls import open_call_form
from handlers.axialys.kit import AxialysKit, axialys

__all__ = ["PLACE_CALLBACK", "place_callback", "place_callback_from_home"]

PLACE_CALLBACK = "relais.place_callback"


@axialys.shortcut(
    PLACE_CALLBACK,
    name="Place a callback",
    description="Call a number back through Axialys WebAppel: a form, then a confirmation card",
)
def place_callback(ctx: ShortcutContext, kit: AxialysKit) -> None:
    open_call_form(ctx, kit)


@axialys.home_button("Place a callback")
def place_callback_from_home(ctx: ActionContext, kit: AxialysKit) -> None:
    open_call_form(ctx, kit)  # from the Home, the dispatcher gives the user's direct message as the channel
