"""Vendor session tokens shared by the replicas (shared mode): the Cliqphone login, one for all.

A vendor whose API works by session (Cliqphone: a login gives a token valid 24 h, §II) would
otherwise be logged in by each replica; the session is kept in the store instead, read by a
replica that has none and written by the one that logged in. The token is a secret: it is never
logged nor shown, and lives only in the store and the client's memory.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from bot.core.records import Collection, RecordKind
from bot.core.timezone import PARIS

__all__ = ["VENDOR_SESSIONS", "RecordShelf", "VendorSession"]


class VendorSession(BaseModel):
    token: str  # "" once forgotten
    renew_at: float  # epoch seconds

    def __repr__(self) -> str:
        return f"VendorSession(token=[redacted], renew_at={self.renew_at})"


#: Keyed by vendor name.
VENDOR_SESSIONS = RecordKind("vendor.session:", VendorSession, "vendor session tokens shared by the replicas")


class RecordShelf:
    """A vendor's session in the records (``bot.vendors.cliqphone.token.SessionShelf``)."""

    def __init__(self, sessions: Collection[VendorSession], vendor: str) -> None:
        self._sessions = sessions
        self._vendor = vendor

    def load(self) -> tuple[str, datetime] | None:
        session = self._sessions.get(self._vendor)
        if session is None or not session.token:
            return None
        return session.token, datetime.fromtimestamp(session.renew_at, PARIS)

    def save(self, token: str, renew_at: datetime) -> None:
        self._sessions.put(self._vendor, VendorSession(token=token, renew_at=renew_at.timestamp()))

    def forget(self, token: str) -> None:
        def forgotten(current: VendorSession | None) -> VendorSession | None:
            if current is None or current.token != token:
                return None  # gone already, or replaced by a newer login: kept
            return VendorSession(token="", renew_at=0.0)

        self._sessions.update(self._vendor, forgotten)
