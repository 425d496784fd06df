"""Waiting for what a test expects to happen in the background (a watcher's post, a process serving): one helper."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

__all__ = ["until"]

T = TypeVar("T")


def until(what: str, probe: Callable[[], T | None], timeout: float = 60.0, *, hint: Callable[[], str] = str) -> T:
    """Poll ``probe`` until it gives something truthy (returned); fail saying ``what`` did not happen within
    ``timeout`` seconds, with ``hint()`` (what the test saw meanwhile)."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:g} s. {hint()}")
        time.sleep(0.02)
