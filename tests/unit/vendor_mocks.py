"""What the vendor-client unit tests share: clients wired to an ``httpx.MockTransport`` that records each request.

A test gives a handler (request → response) and gets the client and the list of requests that
reached the transport, to assert what was sent (and what was not). Retries never wait.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from bot.vendors.axialys.client import AxialysClient
from bot.vendors.clever.client import CleverClient

__all__ = ["AXIALYS_SECRET", "Handler", "axialys_client", "clever_client", "recording"]

Handler = Callable[[httpx.Request], httpx.Response]
#: The Axialys test password: it travels in every query, so tests check it never reaches a message or log.
AXIALYS_SECRET = "s3cret-pass-value"


def recording(handler: Handler) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    """A transport answering with ``handler``, and the requests it received, in order."""
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    return httpx.MockTransport(record), seen


def _no_wait(seconds: float) -> None:
    return None


def axialys_client(handler: Handler) -> tuple[AxialysClient, list[httpx.Request]]:
    transport, seen = recording(handler)
    return AxialysClient("https://ax.test", "me@x.fr", AXIALYS_SECRET, transport=transport, sleep=_no_wait), seen


def clever_client(handler: Handler) -> tuple[CleverClient, list[httpx.Request]]:
    transport, seen = recording(handler)
    return CleverClient("http://clever.test", "u", "P4ss", transport=transport, sleep=_no_wait), seen
