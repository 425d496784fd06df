"""Values read from elsewhere (Slack, a vendor) and trusted for a while: one small cache for them all.

``Expiring.get(key, read)`` answers what ``read()`` gave less than ``seconds`` ago, else reads
again. Two threads may both read when it has expired (harmless: these reads have no effect);
what is kept is the last one read.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["Expiring"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Expiring(Generic[K, V]):
    def __init__(self, seconds: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._known: dict[K, tuple[V, float]] = {}

    def get(self, key: K, read: Callable[[], V]) -> V:
        now = self._clock()
        with self._lock:
            known = self._known.get(key)
        if known is not None and now - known[1] < self.seconds:
            return known[0]
        value = read()
        with self._lock:
            self._known[key] = (value, now)
        return value
