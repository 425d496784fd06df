"""Who is typing, as Slack knows them: the language their dates are shown in.

Slack gives a user's locale (``fr-FR``, ``en-US``…) through ``users.info`` with
``include_locale``; Relais shows days and dates in French to French-speaking users and in
English to everyone else. Read once an hour per user; a failed read means English (a date in
the other language is still a right date, so it is never worth refusing a command over).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.cache import Expiring
from bot.rules.dates import Language

__all__ = ["Languages"]

log = logging.getLogger(__name__)

#: How long a user's locale is trusted before it is read again (people rarely change it).
LOCALE_SECONDS = 3600.0


class Languages:
    def __init__(self, web: WebClient, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._web = web
        self._known: Expiring[str, Language] = Expiring(LOCALE_SECONDS, clock=clock)

    def of(self, user_id: str) -> Language:
        """ "fr" for a user whose Slack locale is French, else "en"."""
        return self._known.get(user_id, lambda: self._read(user_id))

    def _read(self, user_id: str) -> Language:
        try:
            answer = self._web.users_info(user=user_id, include_locale=True)
        except SlackApiError as exc:
            log.info("locale of %s unknown (%s): dates in English", user_id, exc.response.get("error"))
            return "en"
        user = answer.get("user") or {}
        locale = str(user.get("locale") or "") if isinstance(user, dict) else ""
        return "fr" if locale.lower().startswith("fr") else "en"
