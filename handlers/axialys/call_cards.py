"""A call's messages: its live card in the channel (with Cancel while it waits) and its summary once it ended."""

from __future__ import annotations

from typing import Any

from bot.slack.blockkit import actions, button, context, fields_section, header, section
from bot.vendors.axialys.models import WAITING_STATES, state_key
from handlers.axialys.records import CallRecord
from handlers.axialys.wording import duration

__all__ = ["CANCEL_ACTION", "call_card", "summary_message"]

#: The Cancel button of a waiting call's card; the tracking id follows the colon.
CANCEL_ACTION = "axialys.call.cancel:"


def call_card(call: CallRecord) -> tuple[str, list[dict[str, Any]]]:
    fields = [
        ("Tracking id", str(call.id_tracking)),
        ("Number", call.number),
        ("Pop-up", f"{call.popup_name} (#{call.id_popup})"),
        ("State", call.state_shown),
        ("Destination", f"{call.destination_label} ({call.destination})"),
        ("Asked by", f"<@{call.user_id}>"),
    ]
    blocks: list[dict[str, Any]] = [header(f"Callback #{call.id_tracking}"), fields_section(fields)]
    if state_key(call.state) in WAITING_STATES:
        blocks.append(
            actions(button("Cancel call", f"{CANCEL_ACTION}{call.id_tracking}", str(call.id_tracking), style="danger"))
        )
    elif call.final:
        blocks.append(context(_summary_line(call)))
    return f"Callback #{call.id_tracking} to {call.number}: {call.state_shown}", blocks


def _summary_line(call: CallRecord) -> str:
    price = f"€{call.price}" if call.price else "—"
    return (
        f"{call.state_shown} · ring {duration(call.ring_seconds)} · talk {duration(call.talk_seconds)} · "
        f"{call.destination_label} ({call.destination}) · {price}"
    )


def summary_message(call: CallRecord) -> tuple[str, list[dict[str, Any]]]:
    pairs = [
        ("State", call.state_shown),
        ("Ring time", duration(call.ring_seconds)),
        ("Talk time", duration(call.talk_seconds)),
        ("Destination type", f"{call.destination_label} ({call.destination})"),
        ("Price", f"€{call.price}" if call.price else "—"),
    ]
    text = f"Call #{call.id_tracking} ended: {_summary_line(call)}"
    blocks = [section(f"*Call #{call.id_tracking} summary*"), fields_section(pairs)]
    if call.recorded and call.answered:
        blocks.append(context(f"Recorded: `/callback recording {call.id_tracking}` posts the conversation here."))
    return text, blocks
