"""The HTTP layer under every vendor client: timeouts, read retries, no blind write retries.

``read`` is for requests that change nothing: it retries 429, 5xx and connection
failures with exponential backoff (``Retry-After`` honoured). ``write`` sends once; a
failure is classified by whether the request may have reached the vendor (``Delivery``),
so the safe-write states can say "failed, nothing sent" or "unknown, check first".
The transport is injectable (``httpx.MockTransport`` in unit tests).
"""

from __future__ import annotations

import functools
import logging
import ssl
import time
from collections.abc import Callable
from typing import Any, TypedDict

import httpx

from bot.vendors.errors import Delivery, VendorError

__all__ = ["RETRYABLE_STATUSES", "Connection", "HTTPVendorClient", "VendorHTTP", "decoded"]

log = logging.getLogger(__name__)

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


@functools.cache
def _shared_ssl_context() -> ssl.SSLContext:
    """One certificate store for every vendor client: building one costs ~0.1 s of start-up each."""
    return httpx.create_ssl_context()


class Connection(TypedDict, total=False):
    """How a vendor client reaches its vendor, passed through to ``VendorHTTP`` (which holds the defaults).

    Every client takes these keywords besides its own credentials: tests inject a transport
    (``httpx.MockTransport`` or a sandbox's) and a sleep that does not wait.
    """

    transport: httpx.BaseTransport | None
    timeout: float
    sleep: Callable[[float], None]


class VendorHTTP:
    def __init__(
        self,
        vendor: str,
        display_name: str,
        base_url: str,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 15.0,
        read_attempts: int = 3,
        backoff: float = 0.25,
        sleep: Callable[[float], None] = time.sleep,
        headers: dict[str, str] | None = None,
        auth: httpx.Auth | tuple[str, str] | None = None,
    ) -> None:
        self.vendor = vendor
        self.display_name = display_name
        self._timeout = timeout
        self._read_attempts = max(1, read_attempts)
        self._backoff = backoff
        self._sleep = sleep
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"),
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(5.0, timeout)),
            headers=headers,
            auth=auth,
            follow_redirects=False,
            verify=_shared_ssl_context(),
        )

    @property
    def timeout(self) -> float:
        """Seconds to wait for the vendor's answer (connecting: at most 5 s)."""
        return self._timeout

    @timeout.setter
    def timeout(self, seconds: float) -> None:
        self._timeout = seconds
        self._client.timeout = httpx.Timeout(seconds, connect=min(5.0, seconds))

    @property
    def base_url(self) -> str:
        return str(self._client.base_url)

    def close(self) -> None:
        self._client.close()

    def read(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Send a request that changes nothing; retry what is worth retrying."""
        for attempt in range(1, self._read_attempts + 1):
            last = attempt == self._read_attempts
            try:
                response = self._client.request(method, path, **kwargs)
            except httpx.TransportError as exc:
                if last:
                    raise self._transport_error(exc) from None
                self._sleep(self._delay(attempt, None))
                continue
            if response.status_code in RETRYABLE_STATUSES and not last:
                log.info("%s answered %s to a read, retrying (attempt %d)", self.vendor, response.status_code, attempt)
                self._sleep(self._delay(attempt, response.headers.get("Retry-After")))
                continue
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def write(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Send a request that changes something, exactly once."""
        try:
            return self._client.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            raise self._transport_error(exc) from None

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        if retry_after:
            try:
                return min(30.0, max(0.0, float(retry_after.strip())))
            except ValueError:
                pass
        return float(self._backoff * 2.0 ** (attempt - 1))

    def _transport_error(self, exc: httpx.TransportError) -> VendorError:
        # Connection refused / DNS / connect timeout: the request never left. Anything later
        # (read timeout, dropped connection) may have been acted on by the vendor.
        never_left = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
        if isinstance(exc, httpx.TimeoutException) and not never_left:
            plain = (
                f"{self.display_name} did not answer within {self.timeout:g} s; "
                "the request may or may not have been processed"
            )
        elif never_left:
            plain = f"{self.display_name} cannot be reached right now; nothing was sent. Try again in a few minutes"
        else:
            plain = f"the connection to {self.display_name} broke; the request may or may not have been processed"
        return VendorError(
            self.vendor,
            plain,
            message=type(exc).__name__,
            delivery=Delivery.NOT_SENT if never_left else Delivery.UNKNOWN,
            retryable=True,
        )


def decoded(response: httpx.Response) -> str:
    """The body as text: its declared charset, else UTF-8 (a byte-order mark dropped), else Windows-1252.

    The vendors are French servers that do not always say their charset: accents written in
    Windows-1252 are not valid UTF-8, and PHP on Windows may prefix UTF-8 with a byte-order mark.
    """
    declared = response.charset_encoding
    for encoding in (*((declared,) if declared else ()), "utf-8-sig"):
        try:
            return response.content.decode(encoding).lstrip("\ufeff")
        except (LookupError, UnicodeDecodeError):
            continue
    return response.content.decode("cp1252", errors="replace")


class HTTPVendorClient:
    """What every vendor client has besides its operations: its HTTP layer, its timeout, closing."""

    _http: VendorHTTP

    def close(self) -> None:
        self._http.close()

    @property
    def timeout(self) -> float:
        """Seconds to wait for an answer; a write left unanswered is an unknown outcome, never resent."""
        return self._http.timeout

    @timeout.setter
    def timeout(self, seconds: float) -> None:
        self._http.timeout = seconds
