"""The Cliqphone session token: one login per token lifetime, shared by every thread.

§II: a login (C1) returns a token that "expire après 24 h" with its expiry in
``tokenExprid``; every later call carries it in the ``token`` header. The keeper:

- logs in once however many threads need a token at the same time (a lock and a
  second look at the token once the lock is held);
- renews the token ``RENEW_MARGIN`` before the expiry the vendor announced, so that
  normal use never meets an expired token;
- forgets a token the vendor refused (0003 / 0004) only if no other thread has
  already replaced it, so a burst of refusals still leads to a single new login;
- with a ``shelf`` (shared mode), shares the session with the other replicas: a replica
  without a fresh token takes the shelf's before logging in, and puts its own there.

The token is never logged nor shown; ``repr`` hides it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.core.timezone import PARIS
from bot.vendors.cliqphone.models import LoginAnswer, parse_expiry

__all__ = ["RENEW_MARGIN", "TOKEN_LIFETIME", "SessionShelf", "TokenKeeper"]

TOKEN_LIFETIME = timedelta(hours=24)  # §II "expire après 24 h"
RENEW_MARGIN = timedelta(minutes=5)


def paris_now() -> datetime:
    return datetime.now(PARIS)


class SessionShelf(Protocol):
    """Where the replicas share the session: its token and when to renew it (aware)."""

    def load(self) -> tuple[str, datetime] | None: ...

    def save(self, token: str, renew_at: datetime) -> None: ...

    def forget(self, token: str) -> None:
        """Drop the shelf's session if its token is ``token`` (a newer one stays)."""
        ...


@dataclass(frozen=True)
class _Session:
    token: str
    renew_at: datetime  # aware

    def __repr__(self) -> str:
        return f"_Session(token=[redacted], renew_at={self.renew_at.isoformat()})"


class TokenKeeper:
    def __init__(self, login: Callable[[], LoginAnswer], *, now: Callable[[], datetime] = paris_now) -> None:
        self._login = login
        self._lock = threading.Lock()
        # One attribute holds token and deadline together: a reader without the lock sees both or neither.
        self._session: _Session | None = None
        self.now = now  # replaceable in tests (the renewal is driven by the clock)
        self.shelf: SessionShelf | None = None  # shared mode: the replicas' session (set by the services)

    def __repr__(self) -> str:
        return f"TokenKeeper(session={self._session!r})"

    def get(self) -> str:
        """A token valid for at least RENEW_MARGIN; logs in when there is none (once for all threads)."""
        session = self._fresh()
        if session is not None:
            return session.token
        with self._lock:
            session = self._fresh() or self._from_shelf()  # another thread, or replica, may have logged in
            if session is None:
                session = self._open(self._login())
            return session.token

    def _from_shelf(self) -> _Session | None:
        shared = self.shelf.load() if self.shelf is not None else None
        if shared is None or self.now() >= shared[1]:
            return None
        self._session = _Session(*shared)
        return self._session

    def accept(self, answer: LoginAnswer) -> None:
        """Keep the token of a login made elsewhere (the status probe logs in afresh)."""
        with self._lock:
            self._open(answer)

    def refused(self, token: str) -> None:
        """The vendor answered 0003 / 0004 to ``token``: forget it, unless it was already replaced."""
        with self._lock:
            if self._session is not None and self._session.token == token:
                self._session = None
            if self.shelf is not None:
                self.shelf.forget(token)

    def _fresh(self) -> _Session | None:
        session = self._session
        return session if session is not None and self.now() < session.renew_at else None

    def _open(self, answer: LoginAnswer) -> _Session:
        now = self.now()
        expiry = parse_expiry(answer.token_exprid)
        expires = expiry.replace(tzinfo=PARIS) if expiry is not None else None
        # The vendor's clock and ours may differ: an announced expiry that is already (nearly)
        # past here would make every call log in again; trust the documented 24 h instead, the
        # 0003 / 0004 answer still catches a token the vendor considers expired.
        if expires is None or expires - RENEW_MARGIN <= now:
            expires = now + TOKEN_LIFETIME
        self._session = _Session(answer.token, expires - RENEW_MARGIN)
        if self.shelf is not None:
            self.shelf.save(self._session.token, self._session.renew_at)
        return self._session
