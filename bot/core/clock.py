"""Relais' own clock: what "now" is for every rule that depends on the hour (sending hours, budgets per month).

Real Paris time by default. Tests (and the console) may freeze it and move it, so a rule is tested at
its edges (21:29, 21:31) without sleeping and whatever the hour the suite runs at. Code asks
``clock.now()`` instead of ``datetime.now(PARIS)`` wherever the answer changes what Relais allows.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from bot.core.timezone import PARIS

__all__ = ["Clock"]


class Clock:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frozen: datetime | None = None

    def now(self) -> datetime:
        """Now, aware, in Paris time."""
        with self._lock:
            frozen = self._frozen
        return frozen if frozen is not None else datetime.now(PARIS)

    def freeze(self, at: datetime) -> None:
        """From now on ``now()`` answers ``at`` (a naive value is read as Paris time) until moved or thawed."""
        moment = at if at.tzinfo else at.replace(tzinfo=PARIS)
        with self._lock:
            self._frozen = moment.astimezone(PARIS)

    def advance(self, seconds: float) -> None:
        """Move a frozen clock forward (or freeze it ``seconds`` after the real now)."""
        with self._lock:
            base = self._frozen or datetime.now(PARIS)
            self._frozen = base + timedelta(seconds=seconds)

    def thaw(self) -> None:
        with self._lock:
            self._frozen = None
