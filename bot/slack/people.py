"""Who is typing, as Slack knows them: the language their dates are shown in.

Slack gives a user's locale (``fr-FR``, ``en-US``…) through ``users.info`` with
``include_locale``; Relais shows days and dates in French to French-speaking users and in
English to everyone else. Read once an hour per user; a failed read means English (a date in
the other language is still a right date, so it is never worth refusing a command over).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.rules.dates import Language

__all__ = ["Languages"]

log = logging.getLogger(__name__)

#: How long a user's locale is trusted before it is read again (people rarely change it).
LOCALE_SECONDS = 3600.0


class Languages:
    def __init__(self, web: WebClient, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._web = web
        self._clock = clock
        self._lock = threading.Lock()
        self._known: dict[str, tuple[Language, float]] = {}

    def of(self, user_id: str) -> Language:
        """ "fr" for a user whose Slack locale is French, else "en"."""
        now = self._clock()
        with self._lock:
            known = self._known.get(user_id)
        if known is not None and now - known[1] < LOCALE_SECONDS:
            return known[0]
        language = self._read(user_id)
        with self._lock:
            self._known[user_id] = (language, now)
        return language

    def _read(self, user_id: str) -> Language:
        try:
            answer = self._web.users_info(user=user_id, include_locale=True)
        except SlackApiError as exc:
            log.info("locale of %s unknown (%s): dates in English", user_id, exc.response.get("error"))
            return "en"
        user = answer.get("user") or {}
        locale = str(user.get("locale") or "") if isinstance(user, dict) else ""
        return "fr" if locale.lower().startswith("fr") else "en"
