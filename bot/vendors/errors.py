"""How the vendor clients build their errors from the answers they get.

``VendorError`` and ``Delivery`` are defined with Relais' other errors (``bot.core.errors``:
the safe-write machine reads them) and re-exported here, where every client finds them.
"""

from __future__ import annotations

from typing import TypeVar

from bot.core.errors import Delivery, VendorError
from bot.core.logs import redact

__all__ = ["Delivery", "VendorError", "delivery_for_status", "status_error", "unrecognised_answer", "verbatim"]


E = TypeVar("E", bound="VendorError")


def delivery_for_status(status: int) -> Delivery:
    """A 5xx other than 503 may come after the vendor acted; 503 and 4xx mean nothing was done."""
    return Delivery.UNKNOWN if status >= 500 and status != 503 else Delivery.NOT_SENT


def status_error(cls: type[E], vendor: str, display: str, status: int, body: str, operation: str = "") -> E:
    """An HTTP status the vendor's document does not give a meaning to, in plain words.

    ``operation``: what was asked, in the user's words ("adding the number"); the status itself
    goes in the detail line only.
    """
    what = operation or "the request"
    if status == 503:
        plain = f"{display} is temporarily unavailable; nothing was processed: try again in a few minutes"
    elif status >= 500:
        # It may have acted (``delivery_for_status``): never "try again" without a look first.
        plain = f"{display} failed while processing {what}: check whether it was done before trying again"
    else:
        plain = (
            f"{display} refused {what} in a way its document does not describe: "
            "try again, and ask a Relais admin if it goes on"
        )
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
        plain = f"{display} answered something Relais cannot read: try again, and ask a Relais admin if it goes on"
    return cls(
        vendor,
        plain,
        status=status,
        message=verbatim(body),
        delivery=Delivery.UNKNOWN if written else Delivery.NOT_SENT,
    )
