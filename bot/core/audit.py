"""The audit log: every vendor write and every refusal, who / where / when / what / outcome.

Entries live in the store (``audit:<time>:<seq>``) so they survive restarts; they are
also written to the ``relais.audit`` logger. Parameters are scrubbed of secrets before
they are recorded: an audit log is read by people who must not see passwords.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from bot.core.logs import redact
from bot.core.records import Collection, RecordKind

__all__ = ["AUDIT", "AuditEntry", "AuditLog"]

log = logging.getLogger("relais.audit")

_SECRET_KEYS = {"password", "pass", "pwd", "token", "secret", "authorization", "mdp", "mot_de_passe"}


class AuditEntry(BaseModel):
    at: float
    user_id: str
    channel_id: str
    command: str
    operation: str
    outcome: str  # done | failed | unknown | refused | cancelled | staged
    vendor_code: str | None = None
    detail: str = ""


def scrub(value: Any) -> Any:
    """``value`` with secret-looking keys masked and secret shapes removed from strings."""
    if isinstance(value, dict):
        return {k: ("[redacted]" if str(k).lower() in _SECRET_KEYS else scrub(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, str):
        return redact(value)
    return value


#: Kept: the audit log is the team's record of who did what.
AUDIT = RecordKind("audit:", AuditEntry, "audit log (who did what, with which outcome)")


class AuditLog:
    def __init__(self, entries: Collection[AuditEntry], *, clock: Callable[[], float] = time.time) -> None:
        self._entries = entries
        self._clock = clock
        self._seq = itertools.count()
        self._lock = threading.Lock()

    def record(
        self,
        *,
        user_id: str,
        channel_id: str,
        command: str,
        operation: str,
        outcome: str,
        vendor_code: str | None = None,
        detail: str = "",
    ) -> AuditEntry:
        entry = AuditEntry(
            at=self._clock(),
            user_id=user_id,
            channel_id=channel_id,
            command=redact(command),
            operation=operation,
            outcome=outcome,
            vendor_code=vendor_code,
            detail=redact(detail)[:500],
        )
        with self._lock:
            entry_id = f"{entry.at:017.6f}:{next(self._seq):08d}"  # in time order, for scans
        self._entries.put(entry_id, entry)
        log.info(
            "%s by %s in %s: %s → %s%s",
            entry.operation,
            entry.user_id,
            entry.channel_id,
            entry.command,
            entry.outcome,
            f" (vendor code {entry.vendor_code})" if entry.vendor_code else "",
        )
        return entry

    def last(self, n: int) -> list[AuditEntry]:
        """The ``n`` most recent entries, newest first."""
        if n <= 0:
            return []
        return [entry for _, entry in self._entries.scan(reverse=True, limit=n)]
