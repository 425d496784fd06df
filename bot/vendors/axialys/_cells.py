"""How one cell of an Axialys ``;``-line is read into a typed value (private to ``models``).

The document types its columns loosely (§1): numbers may come as strings, an empty cell means
"not set", prices may use a decimal comma, durations may be seconds, h:m:s or words, booleans
0/1, true/false or oui/non. Each reader is a pydantic ``BeforeValidator`` behind an ``Annotated``
type the row models use; a value no reader understands is left as it is, so the row fails
validation and the client skips it (decisions "Listings").
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator

__all__ = ["Flag", "OptionalInt", "OptionalText", "PhoneNumbers", "Price", "Seconds", "seconds"]


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _price(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        if not text:
            return Decimal("0")
        try:
            return Decimal(text)
        except InvalidOperation:
            return Decimal("0")
    return value


def _flag(value: Any) -> Any:
    """Booleans as 1/0, "1"/"0", true/false, oui/non (any case)."""
    if isinstance(value, str):
        return value.strip().lower() not in {"", "0", "false", "non", "no", "off", "faux"}
    return value


_CLOCK = re.compile(r"^(?:(?P<h>\d+):)?(?P<m>\d{1,2}):(?P<s>\d{1,2})(?:[.,]\d+)?$")
#: "83 s", "83s", "1 min 23 s", "1 h 2 min", "2mn": §1 gives durations without a unit or a form.
_WORDED = re.compile(
    r"^(?=\d)(?:(?P<h>\d+)\s*h\s*)?(?:(?P<m>\d+)\s*(?:min|mn|m)\s*)?(?:(?P<s>\d+)\s*(?:s|sec|secs|secondes?)?)?$",
    re.IGNORECASE,
)


def seconds(value: Any) -> Any:
    """Durations in seconds (``83``, ``83.0``), h:m:s / m:s (``00:01:23``, ``1:23``) or in words
    (``83 s``, ``1 min 23 s``); empty is 0."""
    if _blank_to_none(value) is None:
        return 0
    if not isinstance(value, str):
        return value
    text = value.strip()
    match = _CLOCK.match(text) or _WORDED.match(text)
    if match:
        return int(match.group("h") or 0) * 3600 + int(match.group("m") or 0) * 60 + int(match.group("s") or 0)
    try:
        return int(float(text.replace(",", ".")))
    except ValueError:
        return text  # not a duration: the row fails validation and is skipped


def _numbers(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str | int):
        return [str(value)] if str(value) else []
    return [str(item) for item in value]


OptionalInt = Annotated[int | None, BeforeValidator(_blank_to_none)]
OptionalText = Annotated[str | None, BeforeValidator(_blank_to_none)]
Price = Annotated[Decimal, BeforeValidator(_price)]
Flag = Annotated[bool, BeforeValidator(_flag)]
Seconds = Annotated[int, BeforeValidator(seconds)]
#: A28 ``phone_number``: one number or a list of them (JSON), always read as a list of strings.
PhoneNumbers = Annotated[list[str], BeforeValidator(_numbers)]
