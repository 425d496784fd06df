"""How the Axialys client reads an answer that is not a listing: ``OK``, an id, a refusal, a file, JSON.

A write is done only on ``OK`` or the documented id; a refusal in any words is failed (``errors``);
anything else is unknown, verbatim (docs/decisions.md). These readers decide nothing about
retrying or sending: they only say what a body is.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from bot.vendors.axialys.errors import (
    DISPLAY,
    VENDOR,
    AxialysError,
    error_from_response,
    is_error_line,
    methode_of,
    reads_as_refusal,
    reads_as_write_refusal,
    refusal_from_text,
)
from bot.vendors.errors import unrecognised_answer

__all__ = ["disposition_name", "head", "is_text", "json_list", "new_id", "raise_on_refusal", "unreadable"]

#: popup_ajout / appel: the documented id, bare or after OK (``OK;123``, ``OK 123``, ``OK:123``).
_NEW_ID = re.compile(r"^\s*(?:OK\s*[;:,\- ]\s*)?(?P<id>\d+)\s*$", re.IGNORECASE)


def new_id(text: str) -> int | None:
    """The documented id: ``123``, ``OK;123``, ``OK 123``, ``OK:123`` (whitespace tolerated); else None."""
    match = _NEW_ID.match(text)
    return None if match is None else int(match.group("id"))


def unreadable(response: httpx.Response, text: str, *, written: bool, returns_id: bool = False) -> AxialysError:
    """A refusal in words when it reads as one; else an answer in no documented form (verbatim).

    A page (HTML) is never read as a refusal, whatever words it holds: it may come from a proxy in
    front of a server that acted ("500 Internal Server Error" under 200), so after a write it is unknown.
    After a write, a body starting with the documented id or saying it was done is never a refusal
    (``reads_as_write_refusal``).
    """
    status = response.status_code
    refused = reads_as_write_refusal(text, returns_id=returns_id) if written else reads_as_refusal(text)
    if refused and not text.lstrip().startswith("<"):
        return refusal_from_text(status, text, methode_of(response))
    return unrecognised_answer(AxialysError, VENDOR, DISPLAY, status, text, written=written)


def raise_on_refusal(response: httpx.Response, text: str) -> None:
    """A non-2xx status or a ``KO`` first line, under any Content-Type: a refusal (or a status error)."""
    if not 200 <= response.status_code < 300 or is_error_line(_first_line(text)):
        raise error_from_response(response, text)


def is_text(response: httpx.Response) -> bool:
    kind = response.headers.get("content-type", "text/plain")
    return kind.startswith("text/") or "json" in kind


def head(response: httpx.Response) -> str:
    """The start of a binary file, enough to see a ``KO`` line without decoding a whole recording."""
    return response.content[:256].decode("cp1252", errors="replace")


def json_list(body: Any) -> list[Any] | None:
    """A list bare or wrapped in an object's one list value (``{"accounts": […]}``); None when it is neither."""
    if isinstance(body, list):
        return body
    if isinstance(body, dict):
        lists = [value for value in body.values() if isinstance(value, list)]
        if len(lists) == 1:
            return lists[0]
    return None


def disposition_name(header: str) -> str:
    """The ``filename`` of a Content-Disposition header (A21), or "" when it names none."""
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "filename":
            return value.strip().strip('"')
    return ""


def _first_line(text: str) -> str:
    stripped = text.strip()
    return stripped.splitlines()[0] if stripped else ""
