"""Cliqphone errors: ``{"state":"ko","codeErreur","messageErreur"}`` answers (often with HTTP 200)."""

from __future__ import annotations

from typing import Any

import httpx

from bot.vendors.errors import VendorError, status_error

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
    return status_error(CliqphoneError, VENDOR, DISPLAY, response.status_code, response.text)
