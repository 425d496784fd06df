"""Recent sends: what each safe write sent in the last 10 minutes, so that sending it again asks first.

Twenty identical callbacks to one number in two seconds all went out: nothing told that the
same thing had just been sent. An executor that can tell "the same thing" declares a
``fingerprint`` of its parameters (a push: channel, audience, recipients and text; a callback:
number and pop-up). The safe-write machine (``bot.core.safe_writes``) then

- stages a card that asks first when that fingerprint was sent in the last ``REPEAT_WINDOW``
  seconds ("Already sent at 10:02 by @alice …: send again?");
- at the click, notes the send under its fingerprint (``RecentSendLog.note``), unless a send
  the card has not told about is there: the card then asks instead of sending. The note is
  made before the vendor call, so that twenty cards clicked at once send once; a refused send
  withdraws its note (it did not go), a done or unknown one keeps it (it went, or may have).

A fingerprint's key is a hash: recipients and texts are not spelled in storage keys.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from bot.core.records import Collection, RecordKind

__all__ = [
    "RECENT_SENDS",
    "REPEAT_WINDOW",
    "Fingerprint",
    "RecentSendLog",
    "RecentSends",
    "Repeat",
    "Sent",
    "fingerprint",
]

#: Ten minutes: the same thing sent again within it asks first (decisions "Sending the same thing again").
REPEAT_WINDOW = 600.0


@dataclass(frozen=True)
class Fingerprint:
    """What makes two writes "the same": ``key`` (a hash), said in words (``same``) with the verb of a done one."""

    key: str
    same: str  # "same message to the same 2 recipients"
    done: str = "sent"  # "Already sent at 10:02"; "called" for a callback


def fingerprint(kind: str, parts: Any, *, same: str, done: str = "sent") -> Fingerprint:
    """The fingerprint of ``parts`` (JSON-able, already normalised by the caller) for writes of ``kind``."""
    canonical = json.dumps([kind, parts], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return Fingerprint(hashlib.sha256(canonical.encode()).hexdigest()[:32], same, done)


class Sent(BaseModel):
    """One send of a fingerprint: which card, who confirmed it, when (epoch seconds)."""

    action_id: str
    user_id: str
    at: float


class Repeat(BaseModel):
    """On a write record: its fingerprint, and the earlier send its card tells about (None: none told)."""

    key: str
    same: str
    done: str = "sent"
    told: Sent | None = None


class RecentSends(BaseModel):
    """The sends of one fingerprint within the window, oldest first."""

    sends: list[Sent] = Field(default_factory=list)


def _latest_at(record: RecentSends) -> float:
    return max((sent.at for sent in record.sends), default=0.0)


RECENT_SENDS = RecordKind(
    "sent:",
    RecentSends,
    "safe writes sent in the last 10 minutes, by fingerprint",
    keep=REPEAT_WINDOW,
    since=_latest_at,
)


class RecentSendLog:
    """The sends of every fingerprint over the last ``REPEAT_WINDOW`` seconds, read and noted atomically."""

    def __init__(self, sends: Collection[RecentSends]) -> None:
        self._sends = sends

    def latest(self, key: str, now: float) -> Sent | None:
        """The last send of ``key`` within the window, if any."""
        record = self._sends.get(key)
        return _latest(record.sends, now) if record is not None else None

    def note(self, key: str, sent: Sent, *, told: Sent | None) -> Sent | None:
        """Note ``sent`` under ``key``, unless a send newer than ``told`` is there: that send, and nothing noted."""
        untold: list[Sent] = []

        def add(current: RecentSends | None) -> RecentSends | None:
            live = [s for s in (current.sends if current else []) if sent.at - s.at <= REPEAT_WINDOW]
            latest = _latest(live, sent.at)
            if latest is not None and latest.action_id != sent.action_id and _newer(latest, told):
                untold[:] = [latest]
                return None
            if any(s.action_id == sent.action_id for s in live):
                return None  # noted already (the same card's click, retried)
            return RecentSends(sends=[*live, sent])

        self._sends.update(key, add)
        return untold[0] if untold else None

    def withdraw(self, key: str, action_id: str) -> None:
        """The send of ``action_id`` did not go (the vendor refused it): it no longer counts."""

        def remove(current: RecentSends | None) -> RecentSends | None:
            if current is None or all(s.action_id != action_id for s in current.sends):
                return None
            return RecentSends(sends=[s for s in current.sends if s.action_id != action_id])

        self._sends.update(key, remove)


def _latest(sends: list[Sent], now: float) -> Sent | None:
    live = [sent for sent in sends if now - sent.at <= REPEAT_WINDOW]
    return max(live, key=lambda sent: sent.at) if live else None


def _newer(latest: Sent, told: Sent | None) -> bool:
    """Whether ``latest`` is news to a card that told about ``told`` (a later send, or none told)."""
    return told is None or (latest.action_id != told.action_id and latest.at > told.at)
