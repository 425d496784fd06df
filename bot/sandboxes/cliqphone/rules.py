"""The Cliqphone document's checks on requests, for the sandbox (pure functions).

The documented failure (``CliqphoneError``), the value formats the parameter tables give, and
the C5 listing filters. The C6/C7 number settings, one rule per field, are in number_fields.py.

Everything here follows /work/shared/specs/cliqphone-numbers-api.txt ("the doc"); the section
names in the comments are the doc's headings. Codes the doc does not give (it documents no
error for some C6 fields) are the sandbox's own, numbered after the doc's last one (0320) and
listed in the project's decisions.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from email_validator import EmailNotValidError, validate_email

__all__ = [
    "DAY_CODES",
    "CliqphoneError",
    "is_blank",
    "name_filter",
    "numero_filter",
    "parse_bool",
    "parse_date",
    "parse_days",
    "parse_digits",
    "parse_email",
    "parse_int",
    "parse_text",
    "parse_time",
    "type_is_fax",
]


class CliqphoneError(Exception):
    """A documented failure: §III 'les erreurs' — JSON {"state":"ko","codeErreur","messageErreur"}."""

    def __init__(self, code: str, message: str, http_status: int = 200) -> None:
        super().__init__(f"{code} {message}")
        self.code = code
        self.message = message
        # The doc carries every outcome in the JSON codes ("codes de réponse json
        # conventionnels"), so application errors travel with HTTP 200; only what the doc
        # never reaches (unknown path, wrong method, unreadable body) uses an HTTP status.
        self.http_status = http_status


# -- value formats -------------------------------------------------------------------------


def is_blank(value: Any) -> bool:
    """Absent, null or "": the doc's examples send "" for every parameter they do not set."""
    return value is None or (isinstance(value, str) and not value.strip())


def parse_bool(value: Any, error: CliqphoneError) -> bool:
    """A documented boolean: JSON true/false, or the strings "true"/"false" (form fields)."""
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return bool(value == "true")
    raise error


def parse_digits(value: Any, min_len: int, max_len: int, error: CliqphoneError) -> str:
    """A number written as digits only (JSON integer or digit string); no "+", no spaces."""
    if isinstance(value, bool):
        raise error
    if isinstance(value, int):
        text = str(value) if value >= 0 else ""
    elif isinstance(value, str):
        text = value
    else:
        raise error
    if not (text.isascii() and text.isdigit() and min_len <= len(text) <= max_len):
        raise error
    return text


def parse_int(value: Any, low: int, high: int, error: CliqphoneError) -> int:
    number = int(parse_digits(value, 1, 9, error))
    if not low <= number <= high:
        raise error
    return number


def parse_text(value: Any, error: CliqphoneError) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise error


_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")


def parse_time(value: Any, error: CliqphoneError) -> str:
    """§V 'hourDebut/hourFin: Time' — HH:MM or HH:MM:SS, stored as HH:MM:SS."""
    match = _TIME.match(value) if isinstance(value, str) else None
    if match is None:
        raise error
    hours, minutes, seconds = match.groups()
    return f"{hours}:{minutes}:{seconds or '00'}"


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FRENCH_DATE = re.compile(r"^\d{2}-\d{2}-\d{4}$")


def parse_date(value: Any, error: CliqphoneError) -> date:
    """§V 'dateDebut/dateFin: date' — YYYY-MM-DD, or DD-MM-YYYY as in the doc's tokenExprid."""
    if not isinstance(value, str):
        raise error
    if _ISO_DATE.match(value):
        pattern = "%Y-%m-%d"
    elif _FRENCH_DATE.match(value):
        pattern = "%d-%m-%Y"
    else:
        raise error
    try:
        return datetime.strptime(value, pattern).date()
    except ValueError:
        raise error from None


#: §V 'jours': All, or some of Lu Ma Me Je Ve Sa Di (week order).
DAY_CODES = ("Lu", "Ma", "Me", "Je", "Ve", "Sa", "Di")


def parse_days(value: Any, error: CliqphoneError) -> str:
    """ "All", or distinct day codes separated by commas; stored in week order."""
    if not isinstance(value, str):
        raise error
    if value.strip() == "All":
        return "All"
    days = [part.strip() for part in value.split(",")]
    if any(day not in DAY_CODES for day in days) or len(set(days)) != len(days):
        raise error
    return ",".join(day for day in DAY_CODES if day in days)


def parse_email(value: Any, error: CliqphoneError) -> str:
    if not isinstance(value, str):
        raise error
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise error from None


# -- C5 filters (§III.4) -------------------------------------------------------------------------


def type_is_fax(value: Any) -> bool:
    """§4 'Liste de type numéro': FA fax, TE téléphone; anything else → 0302."""
    if value not in ("FA", "TE"):
        raise CliqphoneError("0302", "invalid type")
    return bool(value == "FA")


def numero_filter(value: Any, numeros: list[str]) -> str | None:
    """§4 numero: 4–15 digits, and some number of the company must contain them → else 0319."""
    if is_blank(value):
        return None
    error = CliqphoneError("0319", "invalid numero")
    fragment = parse_digits(value, 4, 15, error)
    if not any(fragment in numero for numero in numeros):
        raise error
    return fragment


def name_filter(value: Any, known: set[str | None], error: tuple[str, str]) -> str | None:
    """§4 compagne/porteur: 2–20 characters and an existing name (exact) → else the field's code."""
    if is_blank(value):
        return None
    name = value.strip() if isinstance(value, str) else ""
    if not 2 <= len(name) <= 20 or name not in known:
        raise CliqphoneError(*error)
    return name
