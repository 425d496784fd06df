"""Axialys WebAppel errors. The document only documents ``OK``: see docs/decisions.md for the error form."""

from __future__ import annotations

import httpx

from bot.vendors.errors import Delivery, VendorError

__all__ = ["AxialysError", "error_from_status", "error_from_text"]

VENDOR = "axialys"
DISPLAY = "Axialys WebAppel"


class AxialysError(VendorError):
    """Any failed Axialys WebAppel call."""


def error_from_text(text: str, status: int = 200) -> AxialysError:
    message = text.strip()[:300]
    lowered = message.lower()
    if any(word in lowered for word in ("auth", "identifiant", "pass", "login")):
        plain = (
            "Axialys refused our credentials: check AXIALYS_EMAIL and AXIALYS_PASSWORD (and that the API is enabled)"
        )
    else:
        plain = f"Axialys refused the request: {message or 'no reason given'}"
    return AxialysError(VENDOR, plain, status=status, message=message)


def error_from_status(response: httpx.Response) -> AxialysError:
    status = response.status_code
    plain = (
        "Axialys is temporarily unavailable; nothing was processed"
        if status == 503
        else f"Axialys answered HTTP {status}"
    )
    return AxialysError(
        VENDOR,
        plain,
        status=status,
        message=response.text.strip()[:300],
        delivery=Delivery.UNKNOWN if status >= 500 and status != 503 else Delivery.NOT_SENT,
        retryable=status in {429, 502, 503, 504},
    )
