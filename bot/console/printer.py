"""The console's background printer: what arrives while the user sits at the prompt shows at once.

Watchers edit cards and post reports long after the command that started them; in Slack they
simply appear. The printer waits on the stand-in Slack's changes and prints the news between
two prompts (a new line first, the prompt again after), never while a command runs or a
modal is being filled: then the news belong to the command's own output. Every write to the
console's output goes through ``write`` so that two never interleave.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

__all__ = ["UpdatePrinter"]

# How long the printer sleeps when nothing signals a change (it also wakes on every change).
_IDLE_WAKE_SECONDS = 0.25


class UpdatePrinter:
    """``news()`` returns what is new for the user ("" when nothing); ``prompt()`` the prompt to show again."""

    def __init__(
        self,
        changed: threading.Condition,
        news: Callable[[], str],
        out: TextIO,
        prompt: Callable[[], str],
    ) -> None:
        self._changed = changed
        self._news = news
        self._out = out
        self._prompt = prompt
        self._lock = threading.Lock()
        self._busy = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> UpdatePrinter:
        self._thread = threading.Thread(target=self._run, name="console-printer", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        with self._changed:
            self._changed.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def write(self, text: str) -> None:
        with self._lock:
            self._out.write(text)
            self._out.flush()

    @contextmanager
    def busy(self) -> Iterator[None]:
        """While a command runs: its news are shown by the command, not by the printer."""
        with self._lock:
            self._busy += 1
        try:
            yield
        finally:
            with self._lock:
                self._busy -= 1

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._changed:
                self._changed.wait(timeout=_IDLE_WAKE_SECONDS)
            with self._lock:
                if self._busy or self._stop.is_set():
                    continue
                shown = self._news()
                if shown:
                    self._out.write(f"\n{shown}\n{self._prompt()}")
                    self._out.flush()
