"""Errors that end a user's request with a message meant for them, and the one vendor error type."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar, Self

__all__ = ["Delivery", "OutcomeUnknown", "UserError", "VendorError"]


class UserError(Exception):
    """Bad input or a refused request: shown to the user as is, ephemeral, nothing half-done.

    ``field`` names the offending field, ``rule`` the rule it breaks, ``hint`` what to do,
    e.g. UserError("text: 1,204 characters, the limit is 1,000", hint="shorten the message").
    ``detail``: the vendor's own words when a vendor's answer is the reason (``VendorError.detail``),
    shown in the small line under the message, never inside it.
    """

    def __init__(self, message: str, *, hint: str = "", field: str | None = None, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.field = field
        self.detail = detail

    def __str__(self) -> str:
        if not self.hint:
            return self.message
        # "did you mean `Support`? or create it: …", never "did you mean `Support`?. or create it".
        stop = "" if self.message.endswith((".", "?", "!", ":")) else "."
        return f"{self.message}{stop} {self.hint}"


class OutcomeUnknown(Exception):
    """A write sent without a card whose answer does not say whether the vendor acted.

    Shown as "outcome unknown" with the vendor's answer verbatim and what to check; the
    write is never resent (the audit log says "unknown").
    """

    def __init__(self, plain: str, detail: str, check: str) -> None:
        super().__init__(plain)
        self.plain = plain
        self.detail = detail
        self.check = check


class Delivery(StrEnum):
    """Whether a failed request may have been acted on by the vendor.

    The safe-write states follow it: NOT_SENT → failed (safe to try again), UNKNOWN →
    unknown (never retried blindly: the user checks first).
    """

    NOT_SENT = "not_sent"  # refused before processing, or never left this machine
    UNKNOWN = "unknown"  # left this machine; the vendor may or may not have acted


class VendorError(Exception):
    """The error every vendor client raises, whatever the vendor's own error shape.

    Like the Twilio / Vonage SDKs: one type carrying the HTTP status, the vendor's own code
    and message, and a plain sentence for the user. Each vendor subclasses it to translate
    its codes; the Slack side only ever reads ``plain`` (the main text) and ``detail`` (the
    small line under it: the vendor's name, HTTP status, code and words).
    """

    #: The vendor's name as people know it ("Clever Multimedias"), for the detail line.
    display: ClassVar[str] = ""

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

    def reworded(self, plain: str) -> Self:
        """The same answer said for where it happened ("Clever Multimedias has no campaign 123: …"):
        only the sentence changes; status, code, message, delivery and retry stay the vendor's."""
        return type(self)(
            self.vendor,
            plain,
            status=self.status,
            code=self.code,
            message=self.message,
            delivery=self.delivery,
            retryable=self.retryable,
        )

    @property
    def audit_code(self) -> str | None:
        """What the audit log keeps: the vendor's own code, else the HTTP status."""
        return self.code or (str(self.status) if self.status else None)

    @property
    def detail(self) -> str:
        """The vendor's own words, for the detail line under the plain sentence."""
        parts = [self.display or self.vendor]
        if self.status is not None:
            parts.append(f"HTTP {self.status}")
        if self.code:
            parts.append(f"code {self.code}")
        text = ", ".join(parts)
        return f"{text}: {self.message}" if self.message else text

    def __str__(self) -> str:
        return f"{self.plain} ({self.detail})"
