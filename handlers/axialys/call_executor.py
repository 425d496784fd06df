"""Placing a confirmed call (A24) and what follows it: the record, the pop-up's watcher, the call card.

``call_fingerprint`` says when two calls are the same (number and pop-up), so that calling the same
number again within 10 minutes asks first (``bot.core.recent_sends``).
"""

from __future__ import annotations

import time
from typing import Any

from bot.core.recent_sends import Fingerprint, fingerprint
from bot.core.safe_writes import Outcome, WriteRecord
from bot.vendors.axialys.client import CallRequest
from handlers.axialys.call_cards import call_card
from handlers.axialys.call_watch import ensure_watcher
from handlers.axialys.calls import CALL_KIND
from handlers.axialys.kit import AxialysKit, axialys
from handlers.axialys.records import CallRecord, TrackingId, pending_id, recent_id

__all__ = ["call_check", "call_fingerprint", "execute_call", "follow_call"]


def follow_call(kit: AxialysKit, record: WriteRecord) -> None:
    """After A24 succeeded: the call card in the channel, the record in the store, the pop-up's watcher."""
    assert record.outcome is not None
    params = record.params
    call = CallRecord(
        id_tracking=int(record.outcome.result["id_tracking"]),
        id_popup=int(params["id_popup"]),
        popup_name=str(params["popup_name"]),
        number=str(params["number"]),
        destination=str(params["destination"]),
        destination_label=str(params["destination_label"]),
        recorded=bool(params.get("record")),
        user_id=record.decided_by or record.user_id,
        channel_id=record.channel_id,
        placed_at=time.time(),
    )
    # Idempotent steps, so that a follow-up interrupted anywhere runs again at the next start: the
    # record (kept if already there), the watcher (before anything can fail on Slack's side),
    # then the card, posted once.
    call_id = str(call.id_tracking)
    existing = kit.calls.get(call_id)
    if existing is None:
        kit.calls.put(call_id, call)
        kit.recent_calls.put(recent_id(call), TrackingId(call.id_tracking))
        kit.pending_calls.put(pending_id(call.id_popup, call.id_tracking), TrackingId(call.id_tracking))
    else:
        call = existing
    ensure_watcher(kit, call.id_popup)
    if not call.card_ts:
        text, blocks = call_card(call)
        call.card_ts = kit.out.post_once(f"axialys.card:{call.id_tracking}", call.channel_id, text, blocks)
        kit.calls.put(call_id, call)


def call_check(params: dict[str, Any]) -> str:
    """Whether an unanswered placement rang anyway: today's calls of the pop-up say so."""
    return (
        f"`/callback calls popup={params.get('id_popup', '')}` lists today's calls: look for "
        f"+{str(params.get('number', '')).lstrip('+')} before calling again; Relais will not call twice by itself"
    )


def call_fingerprint(params: dict[str, Any]) -> Fingerprint:
    """The same callback: the same number (E.164, as the call's input wrote it) through the same pop-up."""
    number, popup = str(params["number"]), int(params["id_popup"])
    same = f"same number {number}, pop-up {params.get('popup_name') or popup}"
    return fingerprint(CALL_KIND, {"number": number, "popup": popup}, same=same, done="called")


@axialys.executor(
    CALL_KIND,
    "A24 place call",
    follow_up=follow_call,
    check=call_check,
    button="Place call",
    fingerprint=call_fingerprint,
    again="Call again",
)
def execute_call(kit: AxialysKit, params: dict[str, Any]) -> Outcome:
    request = CallRequest(
        int(params["id_popup"]),
        str(params["number"]).lstrip("+"),  # digits only (decisions "e164")
        retries=params.get("retries"),
        record=params.get("record"),
        max_seconds=params.get("max_seconds"),
        delay=params.get("delay"),
        name=params.get("name"),
        usr=params.get("usr") or [],
        client_ip=params.get("client_ip"),
    )
    id_tracking = kit.client.place_call(request)
    return Outcome(summary=f"call placed, tracking id {id_tracking}", result={"id_tracking": id_tracking})
