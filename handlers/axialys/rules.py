"""Axialys WebAppel input rules (§1 variable table, refined by docs/decisions.md): pure, no I/O.

Each function returns the value in its wire form or raises ``FieldError`` naming the
field as the user typed it (the option or modal field), the rule, and an example.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import phonenumbers

from bot.rules.dates import check_hour_window, read_bound
from bot.rules.fields import FieldError, check_choice, check_int, check_name
from bot.rules.phones import Phone, parse_phone

__all__ = [
    "DAYS",
    "FILE_TYPES",
    "ORDERINGS",
    "DestinationType",
    "check_call_number",
    "check_day",
    "check_destination_codes",
    "check_digits",
    "check_file",
    "check_file_type",
    "check_id_popup",
    "check_id_tracking",
    "check_label",
    "check_name_field",
    "check_ordering",
    "check_registration",
    "check_slot",
    "country_name",
    "destination_candidates",
    "destination_type",
    "ordering_text",
    "size_warning",
]

ORDERINGS = ("FIXE", "RANDOM", "TOURNANTE")
#: Each ordering in words (§2 operateur_mode), wherever one is shown.
ORDERING_WORDS = {"FIXE": "in order", "RANDOM": "at random", "TOURNANTE": "round robin"}
DIRECTIONS = ("OPERATEUR", "INTERNAUTE")
LOCALES = ("fr", "en")
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_ENGLISH_DAYS = dict(
    zip(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), DAYS, strict=True)
)
#: File types and their extensions (docs/decisions.md "Files").
FILE_TYPES: dict[str, tuple[str, ...]] = {
    "son_internaute": ("wav", "mp3"),
    "son_operateur": ("wav", "mp3"),
    "son_repondeur": ("wav", "mp3"),
    "entete_popup": ("jpg", "jpeg", "png", "gif"),
    "css_popup": ("css",),
}
#: Above this size the upload is sent with a warning: the 5 MiB limit is the sandbox's, not the document's.
LARGE_FILE_BYTES = 5 * 1024 * 1024
_WIRE_NAME = re.compile(r"^[A-Za-z0-9]+$")
_DESTINATION = re.compile(r"^([A-Za-z]{2})_(fixe|mobile)$", re.IGNORECASE)
_FILE_NAME = re.compile(r"^([A-Za-z0-9]+)\.([A-Za-z0-9]+)$")


def check_name_field(field: str, value: str) -> str:
    """Group, planning and pop-up names: ``[a-zA-Z0-9]+`` (§1)."""
    return check_name(field, value, pattern=_WIRE_NAME, rule="letters and digits only (no spaces, dashes or accents)")


def check_label(field: str, value: str, *, maximum: int | None = 32, semicolon: bool = False) -> str:
    """Free text sent as is (usr1–3 are 32 characters at most, §1; other texts have no documented limit).

    ``;`` is refused where it would make a listing ambiguous (decisions "Listings": a line is anchored
    on both ends and extra cells go to the FIRST free column); ``semicolon=True`` where that first
    column is this one (the caller's name in A26/A27).
    """
    text = value.strip()
    if maximum is not None and len(text) > maximum:
        raise FieldError(field, f"{len(text)} characters, the limit is {maximum}", "shorten it")
    if ";" in text and not semicolon:
        raise FieldError(field, "`;` is not allowed (Axialys separates its columns with it)", "use a comma")
    return text


def check_ordering(field: str, value: str) -> str:
    """FIXE, RANDOM or TOURNANTE, or their words: ``in order``, ``at random``, ``round robin``."""
    by_words = {words: code for code, words in ORDERING_WORDS.items()}
    text = " ".join(value.replace("-", " ").split()).lower()
    return by_words.get(text) or check_choice(field, value, ORDERINGS)


def ordering_text(ordering: str) -> str:
    """How a group calls its operators, in words ("in order"); an ordering Relais does not know, as written."""
    return ORDERING_WORDS.get(ordering.upper(), ordering)


def check_digits(field: str, value: str) -> str:
    """Presented numbers (§1 ``[0-9]+``): digits only, spaces and dots ignored."""
    text = re.sub(r"[\s.]", "", value)
    if not re.fullmatch(r"\d{2,15}", text):
        raise FieldError(field, f"`{value.strip()}` is not a number made of digits", "e.g. `0820620620`")
    return text


def check_id_popup(field: str, value: str | int) -> int:
    """``id_popup`` 1–1000 (decisions: §1 says 5–1000, the §4 examples use 1)."""
    return check_int(field, value, minimum=1, maximum=1000)


def check_id_tracking(field: str, value: str | int) -> int:
    return check_int(field, value, minimum=1)


def check_day(field: str, value: str) -> str:
    """A weekday as the API writes it (lundi…dimanche); English names are accepted."""
    text = value.strip().lower()
    text = _ENGLISH_DAYS.get(text, text)
    matches = [day for day in DAYS if len(text) >= 3 and day.startswith(text)] if text not in DAYS else [text]
    if len(matches) != 1:
        raise FieldError(field, f"`{value.strip()}` is not a day of the week", f"one of {', '.join(DAYS)}")
    return matches[0]


def check_slot(day_field: str, day: str, hours_field: str, hours: str) -> tuple[str, str, str]:
    """("lundi", "9:00-12:00") → ("lundi", "09:00", "12:00"); start before end (§3)."""
    start, sep, end = hours.partition("-")
    if not sep:
        raise FieldError(hours_field, f"`{hours}` is not a time range", "write start-end, e.g. `09:00-12:30`")
    begin, finish = check_hour_window(f"{hours_field} start", start, f"{hours_field} end", end)
    return check_day(day_field, day), f"{begin:%H:%M}", f"{finish:%H:%M}"


def check_destination_codes(field: str, values: list[str]) -> list[str]:
    """``FR_Fixe``, ``be_mobile`` → ``FR_Fixe``, ``BE_Mobile`` (§1 liste_destination)."""
    codes = []
    for raw in values:
        match = _DESTINATION.fullmatch(raw.strip())
        if not match:
            raise FieldError(
                field,
                f"`{raw.strip()}` is not a destination",
                "write a country code and Fixe or Mobile, e.g. `FR_Mobile`",
            )
        codes.append(f"{match.group(1).upper()}_{match.group(2).capitalize()}")
    if not codes:
        raise FieldError(field, "at least one destination is needed", "e.g. `FR_Mobile,BE_Fixe`")
    return list(dict.fromkeys(codes))


def check_file_type(field: str, value: str) -> str:
    return check_choice(field, value, FILE_TYPES, case_sensitive=True)


def check_file(field: str, kind: str, filename: str, size: int) -> str:
    """The file name Axialys accepts for ``kind`` (``[a-zA-Z0-9]+.<ext>``), not empty (any size: ``size_warning``)."""
    match = _FILE_NAME.fullmatch(filename.strip())
    allowed = FILE_TYPES[kind]
    if not match:
        raise FieldError(
            field,
            f"`{filename}` is not a name Axialys accepts (letters and digits, then the extension)",
            f"rename it, e.g. `accueil.{allowed[0]}`",
        )
    if match.group(2).lower() not in allowed:
        raise FieldError(
            field, f"a {kind} file must be {' or '.join(allowed)}, not .{match.group(2)}", f"e.g. `file1.{allowed[0]}`"
        )
    if size == 0:
        raise FieldError(field, f"{filename} is empty", "share the real file")
    return f"{match.group(1)}.{match.group(2).lower()}"


def size_warning(filename: str, size: int) -> str | None:
    """A warning for a large file: the document sets no limit, so Axialys decides (decisions "Files")."""
    if size <= LARGE_FILE_BYTES:
        return None
    return f"{filename} is {size:,} bytes, more than {LARGE_FILE_BYTES:,}: Axialys may refuse a file that large"


def check_registration(field: str, value: str, *, now: datetime, last: bool = False) -> str:
    """A28 ``last_registration_at`` / ``_end``: a moment as people type it in Paris time (``hier 8h``,
    ``01/11/2026 08:00``, ISO; a day alone is its first minute, its last with ``last``), sent as the
    document writes it, ``YYYY-MM-DDTHH:MM`` in UTC (the accounts' ``last_registration_at`` ends in Z)."""
    return f"{read_bound(field, value, now=now, last=last).astimezone(UTC):%Y-%m-%dT%H:%M}"


@dataclass(frozen=True)
class DestinationType:
    code: str  # "FR_Mobile", as liste_destination and the call listings write it
    label: str  # "France mobile", as popup_destinations names it

    def matches(self, name: str) -> bool:
        """Is A17's destination ``name`` this one? Either spelling (decisions: names, codes in the listings)."""
        text = " ".join(name.strip().lower().split())
        return text in {self.code.lower(), self.label.lower()}


@functools.cache
def country_name(region: str) -> str:
    """The country's name in French, as Axialys labels destinations ("France", "Belgique")."""
    # Imported on first use: phonenumbers' geocoder data costs ~0.4 s, a third of the start-up.
    from phonenumbers import geocoder

    example = phonenumbers.example_number(region)
    return geocoder.country_name_for_number(example, "fr") if example is not None else ""


def destination_type(phone: Phone) -> DestinationType:
    """The destination a number falls in: country + Fixe or Mobile (§1 liste_destination)."""
    mobile = phone.kind == "mobile"
    country = country_name(phone.region) or phone.region
    return DestinationType(
        f"{phone.region}_{'Mobile' if mobile else 'Fixe'}", f"{country} {'mobile' if mobile else 'fixe'}"
    )


def destination_candidates(phone: Phone) -> list[DestinationType]:
    """The destinations a number may fall in: one, or both where libphonenumber cannot tell (US, CA…)."""
    if phone.kind != "fixed_or_mobile":
        return [destination_type(phone)]
    country = country_name(phone.region) or phone.region
    return [
        DestinationType(f"{phone.region}_Mobile", f"{country} mobile"),
        DestinationType(f"{phone.region}_Fixe", f"{country} fixe"),
    ]


def check_call_number(field: str, value: str) -> Phone:
    """The number to call back: national forms accepted, sent as international digits (decisions "e164")."""
    return parse_phone(field, value)
