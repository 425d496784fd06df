"""``/callback <number>`` (and ``call``, or its form): a call to place, checked against the pop-up's
destinations (A14, A17) and staged behind a confirmation card with its price; ``call_executor`` places it."""

from __future__ import annotations

from typing import Any

from bot.rules.fields import FieldError, FieldErrors
from bot.slack.blockkit import checkboxes, input_block, modal, static_select, text_input
from bot.slack.context import BaseContext, CommandContext, ViewContext
from handlers.axialys.call_input import CALL_OPTIONS, CallInput, check_call_input
from handlers.axialys.command import COMMAND, words_then_options
from handlers.axialys.kit import AxialysKit, axialys
from handlers.axialys.popup_lookup import find_popup
from handlers.axialys.rules import check_call_number, destination_candidates

__all__ = ["CALL_KIND", "CALL_VIEW", "call_modal", "open_call_form", "place_command", "stage_call", "submit_call_modal"]

CALL_KIND = "axialys.call"
CALL_VIEW = "axialys.call"
_SUMMARY = "Place a callback (confirmation card with the price per minute)"
_OPERATIONS = ("A24", "A17", "A14")
_USAGE = "<number> [popup=… retries=0-9 record=yes|no max=10-10000 delay=10-1000 name=…]"
_EXAMPLE = "/callback 06 12 34 56 78 popup=77 retries=2"


@axialys.sub(
    COMMAND,
    "call",
    summary=_SUMMARY,
    usage=f"/callback {_USAGE}",
    example=_EXAMPLE,
    operations=_OPERATIONS,
    fallback=True,
)
@axialys.sub(
    COMMAND,
    "call",
    summary=f"{_SUMMARY}; alone, opens the form with every field",
    usage=f"/callback call [{_USAGE}]",
    example="/callback call 0612345678 popup=Accueil",
    operations=_OPERATIONS,
)
def place_command(ctx: CommandContext, kit: AxialysKit) -> None:
    """``/callback <number> [popup=… retries=… record=… max=… delay=…]``; alone, the form."""
    if not ctx.args.strip():
        open_call_form(ctx, kit)
        return
    # The number may be written in several words: every word before the options is the number.
    line = words_then_options(ctx.args, CALL_OPTIONS, example=_EXAMPLE)
    call = check_call_input({"number": " ".join(line.positional), **line.options})
    stage_call(ctx, kit, call, f"/callback {ctx.args}".strip())


def stage_call(ctx: BaseContext, kit: AxialysKit, call: CallInput, command: str) -> None:
    """Pop-up and destination checks (A14, A17) before anything is staged: a refused number never reaches A24."""
    popup = find_popup(kit.client, call.popup)
    kinds = destination_candidates(check_call_number("number", call.number))
    destinations = kit.client.destinations(popup.id)
    named = [(k, d) for k in kinds for d in destinations if k.matches(d.name)]
    allowed = [(k, d) for k, d in named if d.allowed]
    kind, match = allowed[0] if allowed else (kinds[0], None)
    if match is None and named:
        raise FieldError(
            "number",
            f"{call.number} is a {kind.label} number ({kind.code}), not allowed for pop-up {popup.name} (#{popup.id})",
            f"call another number, or ask an admin: `/callback popup allow {popup.id} {kind.code}`",
        )
    # No destination name matched (the document does not fix A17's names): Axialys decides, the card warns.
    price = (
        f"Price: €{match.price} per minute of conversation"
        if match is not None
        else f"Price: unknown. Warning: none of pop-up {popup.name}'s destinations reads as {kind.label} "
        f"({kind.code}), so Relais could not check that the pop-up allows this number: Axialys will decide"
    )
    params: dict[str, Any] = {
        **call.model_dump(mode="json"),
        "id_popup": popup.id,
        "popup_name": popup.name,
        "destination": kind.code,
        "destination_label": kind.label,
    }
    preview = [f"Number: {call.number} ({kind.label}, {kind.code})", f"Pop-up: {popup.name} (#{popup.id})", price]
    extras = [
        ("Retries", call.retries),
        ("Recording", "yes" if call.record else "no"),
        ("Longest call", f"{call.max_seconds} s"),
        ("Delay before calling", None if call.delay is None else f"{call.delay} s"),
        ("Caller's name", call.name),
    ]
    preview.extend(f"{label}: {value}" for label, value in extras if value is not None)
    ctx.stage(CALL_KIND, params, command=command, title="Place a callback", preview=preview)


# -- the form --------------------------------------------------------------------------------------
def open_call_form(ctx: BaseContext, kit: AxialysKit) -> None:
    """The form of ``/callback`` alone (also the "Place a callback" shortcut's)."""
    popups = [(f"{p.name} (#{p.id})", str(p.id)) for p in kit.client.popups()]
    ctx.open_modal(call_modal(popups))


def call_modal(popups: list[tuple[str, str]]) -> dict[str, Any]:
    blocks = [
        input_block("number", "Number to call back", text_input("number", placeholder="06 12 34 56 78")),
        input_block("popup", "Pop-up", static_select("popup", popups, initial=popups[0][1] if popups else None)),
        input_block("retries", "Retries (0–9)", text_input("retries", placeholder="2"), optional=True),
        input_block("record", "Recording", checkboxes("record", [("Record the conversation", "1")]), optional=True),
        input_block("max", "Longest call, seconds (10–10000)", text_input("max", placeholder="600"), optional=True),
        input_block("delay", "Delay before calling, seconds (10–1000)", text_input("delay"), optional=True),
        input_block("name", "Caller's name", text_input("name", placeholder="Jade"), optional=True),
        input_block("usr1", "Custom field 1 (32 characters)", text_input("usr1", max_length=32), optional=True),
        input_block("usr2", "Custom field 2 (32 characters)", text_input("usr2", max_length=32), optional=True),
        input_block("usr3", "Custom field 3 (32 characters)", text_input("usr3", max_length=32), optional=True),
        input_block("ip", "Caller's IP address", text_input("ip", placeholder="192.168.0.1"), optional=True),
    ]
    return modal("Place a callback", blocks, callback_id=CALL_VIEW, submit="Review")


def _modal_values(ctx: ViewContext) -> dict[str, str]:
    values = {key: ("" if value is None else value) for key, value in ctx.values.items()}
    values["record"] = "1" if ctx.values.get("record") else ""
    return {key: str(value) for key, value in values.items()}


def validate_call_modal(ctx: ViewContext, kit: AxialysKit) -> dict[str, str]:
    try:
        check_call_input(_modal_values(ctx))
    except FieldErrors as errors:
        return errors.as_modal_errors()
    return {}


@axialys.view(CALL_VIEW, validate=validate_call_modal)
def submit_call_modal(ctx: ViewContext, kit: AxialysKit) -> None:
    stage_call(ctx, kit, check_call_input(_modal_values(ctx)), f"modal {CALL_VIEW}")
