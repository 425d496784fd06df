"""The worker pool: vendor work runs here, after Slack has been acknowledged.

Bolt's own listener pool is small and shared with the request threads' wait for
``ack()`` (see measured-facts); keeping vendor calls in a separate, bounded pool keeps
ack latency independent of vendor latency. ``wait_idle`` lets tests and the console
wait for the consequences of a request instead of sleeping.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any

__all__ = ["Worker"]

log = logging.getLogger(__name__)


class Worker(Executor):
    """A bounded thread pool that knows when it is idle; also serves as Bolt's listener executor."""

    def __init__(self, max_workers: int = 16, name: str = "relais-worker") -> None:
        self._executor = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix=name)
        self._in_flight = 0
        self._idle = threading.Condition()
        self._closed = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._idle:
            if self._closed:
                raise RuntimeError("the worker pool is closed")
            self._in_flight += 1
        try:
            return self._executor.submit(self._run, fn, args, kwargs)
        except BaseException:
            self._done()
            raise

    def _run(self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception:
            # The task's own code reports failures to the user; this is the last line of defence.
            log.exception("background task %s failed", getattr(fn, "__qualname__", fn))
            return None
        finally:
            self._done()

    def _done(self) -> None:
        with self._idle:
            self._in_flight -= 1
            if self._in_flight == 0:
                self._idle.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until no task is queued or running (tasks submitted meanwhile included)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._in_flight == 0, timeout=timeout)

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def close(self, wait: bool = True) -> None:
        with self._idle:
            self._closed = True
        self._executor.shutdown(wait=wait, cancel_futures=not wait)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.close(wait=wait and not cancel_futures)
