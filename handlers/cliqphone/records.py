"""What the Cliqphone family keeps: the numbers added from Relais (C6), for ``/relais spend``.

Cliqphone's document gives no price nor offer for a number (§5, §6): a record says which number,
its zone, who added it and when; the spending summary counts them. Written by the add's follow-up,
keyed by the safe write's id, so a follow-up run twice (a restart) writes it once. No retention:
the history of what was bought is kept.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from bot.core.records import RecordKind

__all__ = ["KINDS", "NUMBERS_ADDED", "AddedNumber"]


class AddedNumber(BaseModel):
    numero: str
    code: str = ""  # the zone
    id: str = ""  # Cliqphone's id, when C5 listed it after the add
    user_id: str
    channel_id: str
    added_at: float


NUMBERS_ADDED = RecordKind("cliqphone.added:", AddedNumber, "Cliqphone numbers added from Relais")
#: Every kind the family keeps: its blueprint declares them.
KINDS: tuple[RecordKind[Any], ...] = (NUMBERS_ADDED,)
