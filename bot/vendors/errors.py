"""The error every vendor client raises, whatever the vendor's own error shape.

Like the Twilio / Vonage SDKs: one type carrying the HTTP status, the vendor's own code
and message, and a plain sentence for the user. Each vendor subclasses it to translate
its codes; the Slack side only ever reads ``plain`` and ``detail``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from bot.core.logs import redact

__all__ = ["Delivery", "VendorError", "delivery_for_status", "status_error", "unrecognised_answer", "verbatim"]


E = TypeVar("E", bound="VendorError")


class Delivery(StrEnum):
    """Whether a failed request may have been acted on by the vendor.

    The safe-write states follow it: NOT_SENT → failed (safe to try again), UNKNOWN →
    unknown (never retried blindly: the user checks first).
    """

    NOT_SENT = "not_sent"  # refused before processing, or never left this machine
    UNKNOWN = "unknown"  # left this machine; the vendor may or may not have acted


class VendorError(Exception):
    def __init__(
        self,
        vendor: str,
        plain: str,
        *,
        status: int | None = None,
        code: str | None = None,
        message: str | None = None,
        delivery: Delivery = Delivery.NOT_SENT,
        retryable: bool = False,
    ) -> None:
        super().__init__(plain)
        self.vendor = vendor
        self.plain = plain  # a sentence for the user: what happened and what to do
        self.status = status  # the HTTP status, when there was an answer
        self.code = code  # the vendor's own error code, kept verbatim
        self.message = message  # the vendor's own message, kept verbatim
        self.delivery = delivery
        self.retryable = retryable  # a read may be retried (429, 5xx, connection)

    @property
    def audit_code(self) -> str | None:
        """What the audit log keeps: the vendor's own code, else the HTTP status."""
        return self.code or (str(self.status) if self.status else None)

    @property
    def detail(self) -> str:
        """The vendor's own words, for the detail line under the plain sentence."""
        parts = [f"{self.vendor}"]
        if self.status is not None:
            parts.append(f"HTTP {self.status}")
        if self.code:
            parts.append(f"code {self.code}")
        text = ", ".join(parts)
        return f"{text}: {self.message}" if self.message else text

    def __str__(self) -> str:
        return f"{self.plain} ({self.detail})"


def delivery_for_status(status: int) -> Delivery:
    """A 5xx other than 503 may come after the vendor acted; 503 and 4xx mean nothing was done."""
    return Delivery.UNKNOWN if status >= 500 and status != 503 else Delivery.NOT_SENT


def status_error(cls: type[E], vendor: str, display: str, status: int, body: str) -> E:
    """An HTTP status the vendor's document does not give a meaning to, in plain words."""
    if status == 503:
        plain = f"{display} is temporarily unavailable; nothing was processed"
    elif status >= 500:
        plain = f"{display} failed while processing the request (HTTP {status})"
    else:
        plain = f"{display} answered an unexpected HTTP {status}"
    return cls(
        vendor,
        plain,
        status=status,
        message=verbatim(body),
        delivery=delivery_for_status(status),
        retryable=status in {429, 502, 503, 504},
    )


def verbatim(body: str, limit: int = 300) -> str:
    """The vendor's answer as it came, on one line, for the detail line (never reinterpreted).

    Secret shapes (``"token": "…"``, ``pass=…``, ``"password": "…"``) are masked: the detail line
    reaches Slack, and a vendor may echo a token or a password back.
    """
    text = redact(" ".join(body.split()))
    if not text:
        return "(empty answer)"
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def unrecognised_answer(cls: type[E], vendor: str, display: str, status: int, body: str, *, written: bool) -> E:
    """An answer in none of the forms the vendor's document shows.

    After a write it is an *unknown* outcome: the vendor may have acted, so it is never
    called done, never resent, and the user sees the answer verbatim with how to check.
    After a read it is an error, never data.
    """
    if written:
        plain = f"{display} answered in a form Relais does not recognise, so Relais cannot tell whether it was done"
    else:
        plain = f"{display} answered something Relais cannot read"
    return cls(
        vendor,
        plain,
        status=status,
        message=verbatim(body),
        delivery=Delivery.UNKNOWN if written else Delivery.NOT_SENT,
    )
