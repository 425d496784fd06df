"""The App Home, kept current: published when a user opens it and again when what it shows changes.

A Home is drawn for one user (their campaigns and calls, or everyone's for an admin) by
``build(user_id)``. ``HomePublisher.touch(owner)`` says that something ``owner`` sees has
changed (a campaign's progress, a call's state): the Homes of ``owner`` and of every admin
who opened theirs in the last ``VIEWER_DAYS`` days are drawn again and published, at
Slack's pace:

- per user, at most one ``views.publish`` every ``per_user_interval`` seconds: the changes
  of a campaign delivering hundreds of reports are folded into one publish, always the
  latest state (the Home is drawn when it is published, not when the change happened);
- in all, at most one ``views.publish`` per ``interval`` second: Slack allows views.publish
  at Tier 4 (100+ calls a minute per workspace), and a 1 s pace stays well under it with
  room for the Homes opened meanwhile;
- a Home never opened is never published (Slack would keep a page nobody looks at).

Opening the Home publishes at once (ahead of the changes waiting), through the same loop.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import RootModel
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.records import Collection, RecordKind

__all__ = ["HOME_VIEWERS", "VIEWER_DAYS", "HomePublisher"]

log = logging.getLogger(__name__)

VIEWER_DAYS = 30
#: Who opened their Home, and when (epoch seconds): only their Homes follow changes.
HOME_VIEWERS = RecordKind(
    "home.viewer:",
    RootModel[float],
    "users who opened the App Home",
    keep=VIEWER_DAYS * 86400.0,
    since=lambda opened: opened.root,
)


class HomePublisher:
    """Draws and publishes Homes off the request threads, at Slack's pace (see the module's docstring)."""

    def __init__(
        self,
        web: WebClient,
        viewers: Collection[RootModel[float]],
        build: Callable[[str], dict[str, Any]],
        admins: Callable[[], Iterable[str]],
        *,
        interval: float = 1.0,
        per_user_interval: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._web = web
        self._viewers = viewers
        self._build = build
        self._admins = admins
        self._interval = interval
        self.per_user_interval = per_user_interval  # public: tests that are not about the pace set it to 0
        self._clock = clock
        self._cond = threading.Condition()
        #: Users whose Home is to be published, oldest first; opened ones are moved to the front.
        self._waiting: OrderedDict[str, None] = OrderedDict()
        #: Opened and not yet published: what a test (or the console) waits for after opening a Home.
        self._opened: set[str] = set()
        self._last: dict[str, float] = {}
        self._next = 0.0
        self._publishing = 0
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name="home-publisher", daemon=True)
        self._thread.start()

    def opened(self, user_id: str) -> None:
        """The user opened their Home: remember them, and publish theirs first, whatever their pace."""
        if not user_id:
            return
        self._viewers.put(user_id, RootModel[float](time.time()))
        with self._cond:
            self._waiting[user_id] = None
            self._waiting.move_to_end(user_id, last=False)
            self._last.pop(user_id, None)
            self._opened.add(user_id)
            self._cond.notify_all()

    def touch(self, *owners: str) -> None:
        """Something the ``owners`` (and admins, who see everything) see has changed."""
        audience = {owner for owner in owners if owner} | set(self._admins())
        viewers = [user for user in audience if self._viewers.get(user) is not None]
        if not viewers:
            return
        with self._cond:
            for user in viewers:
                self._waiting.setdefault(user, None)
            self._cond.notify_all()

    def flush(self, timeout: float = 10.0, *, opened_only: bool = False) -> bool:
        """Wait until every Home waiting is published; ``opened_only``: only those just opened (they do not
        wait for their pace, while a change may wait ``per_user_interval``)."""
        with self._cond:
            if opened_only:
                return self._cond.wait_for(lambda: not self._opened and not self._publishing, timeout=timeout)
            return self._cond.wait_for(lambda: not self._waiting and not self._publishing, timeout=timeout)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout=5.0)

    def _due(self, now: float) -> tuple[str | None, float]:
        """The next user whose Home may be published now, or how long until one may."""
        wait = self._next - now
        if wait > 0:
            return None, wait
        soonest = float("inf")
        for user in self._waiting:
            ready = self._last.get(user, float("-inf")) + self.per_user_interval
            if ready <= now:
                return user, 0.0
            soonest = min(soonest, ready - now)
        return None, soonest

    def _loop(self) -> None:
        while True:
            with self._cond:
                while True:
                    if self._closed:
                        return
                    now = self._clock()
                    user, wait = self._due(now)
                    if user is not None:
                        del self._waiting[user]
                        self._opened.discard(user)
                        self._last[user] = now
                        self._next = now + self._interval
                        self._publishing += 1
                        break
                    self._cond.wait(timeout=None if wait == float("inf") else wait)
            try:
                self._web.views_publish(user_id=user, view=self._build(user))
            except SlackApiError as exc:
                log.warning("views.publish for %s failed: %s", user, exc.response.get("error"))
            except Exception:
                log.exception("the Home of %s could not be drawn", user)
            finally:
                with self._cond:
                    self._publishing -= 1
                    self._cond.notify_all()
