"""What the Axialys family keeps: the calls placed from Relais, the recent-calls index, the pending-call
markers its watchers follow, and which job watches each pop-up.

The stored shapes are those of the earlier versions (same keys, same JSON), so records written
before this layout still read:

- ``axialys.call:<id_tracking>`` → the call (``CallRecord``);
- ``axialys.recent:<placed_at>:<id_tracking>`` → the tracking id, newest last in key order;
- ``axialys.pending:<id_popup>:<id_tracking, 12 digits>`` → the tracking id, while the call is followed;
- ``axialys.watcher:<id_popup>`` → {job_id, state}: the job watching the pop-up, running or ended.

Nothing deletes calls or the recent index today: no retention is given.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, RootModel

from bot.core.records import RecordKind
from bot.vendors.axialys.models import call_answered, call_is_over
from handlers.axialys.wording import state_words

__all__ = [
    "CALLS",
    "CALL_WATCHERS",
    "KINDS",
    "PENDING_CALLS",
    "RECENT_CALLS",
    "CallRecord",
    "TrackingId",
    "WatcherMarker",
    "pending_id",
    "recent_id",
]


class CallRecord(BaseModel):
    """A call placed from Relais. Keys it no longer has (``price_per_minute``) are ignored when a stored one loads."""

    model_config = ConfigDict(extra="ignore")

    id_tracking: int
    id_popup: int
    popup_name: str
    number: str  # +33612345678
    destination: str  # FR_Mobile
    destination_label: str
    user_id: str
    channel_id: str
    card_ts: str = ""
    state: str = "EN_ATTENTE"
    placed_at: float
    ring_seconds: int = 0
    talk_seconds: int = 0
    price: str = ""
    #: Placed with record=yes: once answered, ``/callback recording`` fetches the conversation (A21 type=rec).
    recorded: bool = False

    @property
    def final(self) -> bool:
        return call_is_over(self.state)

    @property
    def answered(self) -> bool:
        return call_answered(self.state, self.talk_seconds)

    @property
    def state_shown(self) -> str:
        return state_words(self.state, self.talk_seconds if self.final else None)


class TrackingId(RootModel[int]):
    """A call's tracking id: what the recent index and the pending markers point to."""


class WatcherMarker(BaseModel):
    """Which job watches a pop-up's pending calls, and whether it still runs (``call_watch`` explains the protocol)."""

    job_id: str
    state: Literal["running", "ended"]


CALLS = RecordKind("axialys.call:", CallRecord, "Axialys calls placed from Relais")
RECENT_CALLS = RecordKind("axialys.recent:", TrackingId, "Axialys calls by placing time (the App Home's list)")
PENDING_CALLS = RecordKind("axialys.pending:", TrackingId, "Axialys calls not ended yet, by pop-up")
CALL_WATCHERS = RecordKind("axialys.watcher:", WatcherMarker, "the job watching each Axialys pop-up")
#: Every kind the family keeps: its blueprint declares them, the records tests open them.
KINDS: tuple[RecordKind[Any], ...] = (CALLS, RECENT_CALLS, PENDING_CALLS, CALL_WATCHERS)


def recent_id(call: CallRecord) -> str:
    """Ordered by placing time (fixed width), then the tracking id."""
    return f"{call.placed_at:017.6f}:{call.id_tracking}"


def pending_id(id_popup: int, id_tracking: int | None = None) -> str:
    """A pending call's id; without the tracking id, the start shared by every pending call of the pop-up."""
    return f"{id_popup}:" + ("" if id_tracking is None else f"{id_tracking:012d}")
