"""Roles, and the one filter that stands in front of every command, button and modal.

Admins are the user ids of ``RELAIS_ADMINS`` plus the members of its user group (if one
is given), resolved with ``usergroups.users.list`` and cached for a few minutes. Handlers
never check roles: the registry declares ``admin_only`` and the dispatcher asks here.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

__all__ = ["Roles"]

log = logging.getLogger(__name__)

GROUP_CACHE_SECONDS = 300.0


class Roles:
    def __init__(
        self,
        admin_user_ids: frozenset[str],
        admin_group_id: str | None,
        slack: WebClient,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.admin_user_ids = admin_user_ids
        self.admin_group_id = admin_group_id
        self._slack = slack
        self._clock = clock
        self._lock = threading.Lock()
        self._group_members: frozenset[str] = frozenset()
        self._group_fetched_at: float | None = None

    def is_admin(self, user_id: str) -> bool:
        return user_id in self.admin_user_ids or user_id in self._members()

    def role(self, user_id: str) -> str:
        return "admin" if self.is_admin(user_id) else "member"

    def admins(self) -> frozenset[str]:
        """Every admin known now: the listed user ids and the admin group's members."""
        return self.admin_user_ids | self._members()

    def _members(self) -> frozenset[str]:
        if not self.admin_group_id:
            return frozenset()
        with self._lock:
            age = None if self._group_fetched_at is None else self._clock() - self._group_fetched_at
            if age is not None and age < GROUP_CACHE_SECONDS:
                return self._group_members
            try:
                response = self._slack.usergroups_users_list(usergroup=self.admin_group_id)
                self._group_members = frozenset(response.get("users") or [])
                self._group_fetched_at = self._clock()
                return self._group_members
            except Exception as exc:  # Slack's refusal, a timeout, a connection error: all the same here
                error = exc.response.get("error") if isinstance(exc, SlackApiError) else type(exc).__name__
                log.warning("cannot read admin group %s: %s", self.admin_group_id, error)
            # A short outage keeps the last known members; past twice the cache's life, fail
            # closed: nobody is admin through the group until Slack can say who is in it.
            if age is not None and age < 2 * GROUP_CACHE_SECONDS:
                return self._group_members
            return frozenset()
