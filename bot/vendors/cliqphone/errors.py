"""Cliqphone errors: ``{"state":"ko","codeErreur","messageErreur"}`` answers (often with HTTP 200)."""

from __future__ import annotations

from typing import Any

import httpx

from bot.vendors.errors import Delivery, VendorError

__all__ = ["AUTH_CODES", "CliqphoneError", "error_from_body", "error_from_status", "normalise_code"]

VENDOR = "cliqphone"
DISPLAY = "Cliqphone"

#: The authentication codes of §II (table column "Code"; the message column's "00 02" is OCR noise).
AUTH_CODES = {
    "0001": "the Cliqphone API account is inactive: ask Cliqphone to activate it",
    "0002": "Cliqphone refused the login or password: check CLIQPHONE_LOGIN and CLIQPHONE_PASSWORD",
    "0003": "Cliqphone refused the session token",
    "0004": "the Cliqphone session token has expired",
}


class CliqphoneError(VendorError):
    """Any failed Cliqphone call."""


def normalise_code(raw: Any) -> str:
    """'00 02', '030 8', 2 → '0002', '0308', '0002': the document's codes are four digits, OCR splits them."""
    digits = "".join(ch for ch in str(raw or "") if ch.isdigit())
    return digits.zfill(4) if digits else ""


def error_from_body(body: dict[str, Any], status: int = 200, plain: dict[str, str] | None = None) -> CliqphoneError:
    code = normalise_code(body.get("codeErreur"))
    message = str(body.get("messageErreur") or "")
    sentence = (plain or {}).get(code) or AUTH_CODES.get(code) or f"Cliqphone refused the request ({message or code})"
    return CliqphoneError(VENDOR, sentence, status=status, code=code or None, message=message)


def error_from_status(response: httpx.Response) -> CliqphoneError:
    status = response.status_code
    if status == 503:
        plain = "Cliqphone is temporarily unavailable; nothing was processed"
    elif status >= 500:
        plain = f"Cliqphone failed while processing the request (HTTP {status})"
    else:
        plain = f"Cliqphone answered an unexpected HTTP {status}"
    return CliqphoneError(
        VENDOR,
        plain,
        status=status,
        message=response.text.strip()[:300],
        delivery=Delivery.UNKNOWN if status >= 500 and status != 503 else Delivery.NOT_SENT,
        retryable=status in {429, 502, 503, 504},
    )
