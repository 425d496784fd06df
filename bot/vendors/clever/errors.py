"""Clever Multimedias errors: HTTP statuses (§2.3 of the document) in plain words."""

from __future__ import annotations

import json
import re

import httpx

from bot.vendors.errors import VendorError, delivery_for_status, unrecognised_answer, verbatim
from bot.vendors.http import decoded

__all__ = ["CleverError", "error_from_response", "not_enough_credit"]

VENDOR = "clever"
DISPLAY = "Clever Multimedias"

#: Each status of §2.3 → what went wrong and what to do, in the user's words (the vendor's own words
#: go in the detail line, never in here: docs/decisions.md "Plain words first").
_PLAIN = {
    400: "Clever Multimedias refused a value of the request: correct it and try again",
    401: "Clever Multimedias refused our credentials: a Relais admin must check CLEVER_USERNAME and CLEVER_PASSWORD",
    402: "the Clever Multimedias account has not enough credit for this: ask for more credit, or send to fewer people",
    403: "Clever Multimedias does not allow this operation for our account: ask a Relais admin to check the "
    "account's rights with Clever Multimedias",
    404: "Clever Multimedias has no such item: check the reference or id (a campaign's is on its card, "
    "`/contact list` shows the contacts')",
    405: "Clever Multimedias does not allow this operation now: check the item's state, then try again",
    409: "this conflicts with something that already exists at Clever Multimedias: check the existing one first",
    430: "the Clever Multimedias account has expired: renew it with Clever Multimedias",
    500: "Clever Multimedias failed while processing the request: check whether it was done before trying again",
    501: "Clever Multimedias does not support this operation: ask a Relais admin",
    503: "Clever Multimedias is temporarily unavailable (overload or maintenance); nothing was processed: "
    "try again in a few minutes",
}


class CleverError(VendorError):
    """Any failed Clever Multimedias call."""

    display = DISPLAY


def _vendor_message(response: httpx.Response) -> str:
    text = decoded(response).strip()
    try:
        body = json.loads(text) if text else None
    except ValueError:
        return verbatim(text)
    if isinstance(body, dict):
        for key in ("message", "error", "errors", "detail"):
            if key in body:
                return verbatim(str(body[key]))
    return verbatim(text)


#: "Les paramètres de la requête sont incorrects. number_list : format international attendu …"
_FIELD = re.compile(r"(?:^|\.\s)([A-Za-z][A-Za-z_]*)\s?:\s(.+)$")


def _field_sentence(status: int, message: str) -> str | None:
    """The vendor's message names the offending field (its own error bodies, docs/decisions.md): say which."""
    match = _FIELD.search(message)
    if status not in {400, 409} or match is None:
        return None
    return f"Clever Multimedias refused the value of `{match.group(1)}`: correct it and try again (the reason is below)"


def error_from_response(response: httpx.Response, *, written: bool = False) -> CleverError:
    """A status other than the operation's success in plain words.

    A status the document gives no failure meaning to (1xx, 3xx: a redirect to a login page…) is in
    no documented form: after a write it may have been acted on (unknown), after a read it is an error.
    """
    status = response.status_code
    if status < 400:
        return unrecognised_answer(CleverError, VENDOR, DISPLAY, status, response.text, written=written)
    message = _vendor_message(response) or response.reason_phrase
    plain = _field_sentence(status, message) or _PLAIN.get(
        status,
        "Clever Multimedias refused the request in a way its document does not describe: try again, "
        "and ask a Relais admin if it goes on",
    )
    if status == 430 and response.reason_phrase and response.reason_phrase not in message:
        # The status line carries the date ("430 Account expired YYYY-mm-dd"): kept in the vendor's words.
        message = f"{response.reason_phrase}: {message}"
    return CleverError(
        VENDOR,
        plain,
        status=status,
        message=message,
        delivery=delivery_for_status(status),
        retryable=status in {429, 502, 503, 504},
    )


def not_enough_credit(error: CleverError, needed: int, available: int | None) -> CleverError:
    """A 402 in the user's terms: what the push needs against what the account has (§2.3 "crédit insuffisant")."""
    have = f"{available:,}" if available is not None else "less"
    plain = f"not enough credit: this push needs ≈ {needed:,} units, you have {have}. Ask for more credit or send fewer"
    return error.reworded(plain)
