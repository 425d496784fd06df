"""Delivery progress (acquittements, §3.21 / §3.22) computed lazily from the sandbox clock.

At creation each recipient draws, from a generator seeded by the push reference, when it
is handed to the operator (0–30 s after hd_send), when its acknowledgement comes back
(2–180 s later) and whether that acknowledgement is a failure. A query only compares those
offsets with the clock: no timers, and 100,000 recipients are answered in a fraction of a second.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.sandboxes.frame import PARIS

__all__ = [
    "STATUS_DELIVERED",
    "STATUS_DELIVERED_VOICE",
    "STATUS_FAILED",
    "STATUS_MO",
    "STATUS_SENT",
    "DeliveryPlan",
    "DeliveryState",
    "delivery_states",
    "make_plan",
    "paris_text",
]

# Delivery statuses. The examples of §3.21/§3.22 show "2" without date_receive (sent, no
# acknowledgement yet), "3" with date_receive (sms and mail received) and "6" with
# date_receive for a tts message (listened to). Failures are not documented: "4".
STATUS_SENT = "2"
STATUS_DELIVERED = "3"
STATUS_FAILED = "4"
STATUS_DELIVERED_VOICE = "6"
# §3.23: the example MO has status "5".
STATUS_MO = "5"

SEND_SPREAD_SECONDS = 30
ACK_MIN_SECONDS = 2
ACK_SPREAD_SECONDS = 178


def paris_text(instant: datetime) -> str:
    """'Y-m-d H:i:s' in Paris wall-clock time, the document's date format."""
    return instant.astimezone(PARIS).strftime("%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class DeliveryPlan:
    """Per-recipient offsets (seconds after hd_send) and outcomes, drawn once at creation."""

    send_offsets: list[int]
    ack_offsets: list[int]
    failed: list[bool]

    @property
    def last_offset(self) -> int:
        return max(self.ack_offsets, default=0)


# (recipient index, status, date_send, date_receive or None while no acknowledgement came back)
DeliveryState = tuple[int, str, str, str | None]


def make_plan(reference: str, recipients: int, failure_ratio: float) -> DeliveryPlan:
    """Deterministic for a given reference: the same push always delivers the same way."""
    rng = random.Random(reference)
    draw = rng.random
    send = [int(draw() * SEND_SPREAD_SECONDS) for _ in range(recipients)]
    ack = [offset + ACK_MIN_SECONDS + int(draw() * ACK_SPREAD_SECONDS) for offset in send]
    failed = [draw() < failure_ratio for _ in range(recipients)]
    return DeliveryPlan(send, ack, failed)


def delivery_states(plan: DeliveryPlan, send_at: datetime, now: datetime) -> list[DeliveryState]:
    """Every recipient already handed to the operator at ``now``: status 2, then 3 (received) or 4 (failed)."""
    elapsed = (now - send_at).total_seconds()
    if elapsed < 0:
        return []
    texts: dict[int, str] = {}

    def at(offset: int) -> str:
        text = texts.get(offset)
        if text is None:
            text = texts[offset] = paris_text(send_at + timedelta(seconds=offset))
        return text

    states: list[DeliveryState] = []
    for index, (send_offset, ack_offset, failed) in enumerate(
        zip(plan.send_offsets, plan.ack_offsets, plan.failed, strict=True)
    ):
        if send_offset > elapsed:
            continue
        if ack_offset > elapsed:
            states.append((index, STATUS_SENT, at(send_offset), None))
        else:
            status = STATUS_FAILED if failed else STATUS_DELIVERED
            states.append((index, status, at(send_offset), at(ack_offset)))
    return states
