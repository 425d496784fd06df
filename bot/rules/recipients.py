"""Recipient lists (phone numbers or e-mail addresses), typed, pasted or from a CSV / text file.

Each entry is checked; an invalid one is reported with its position and the reason, and
never reaches the vendor. Duplicates (after normalisation: ``06 12…`` and ``+33612…`` are
the same number) are removed unless asked not to.

Speed (measured-facts: ``phonenumbers`` on 100,000 rows takes 2.4–2.8 s): the common French
forms (``06…``, ``+33 6…``, ``0033 6…``, ``33 6…``) are recognised by one compiled regex, and
the type of their national number is read from a table keyed by its first five digits,
filled from ``phonenumbers``' own FR metadata the first time a prefix is met (every FR
pattern is a prefix of at most five digits followed by free digits). Anything else, and
every number the table calls invalid, goes through ``parse_phone`` itself, once per
distinct value. A property test proves the fast path gives exactly ``parse_phone``'s answers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

import phonenumbers
from phonenumbers import phonenumberutil

from bot.rules.fields import FieldError, check_email
from bot.rules.phones import KINDS, SEPARATORS, Phone, parse_phone

__all__ = [
    "MAX_RECIPIENTS",
    "InvalidEntry",
    "RecipientList",
    "csv_rows",
    "entries_from_file",
    "fast_phone",
    "is_landline",
    "leading_recipients",
    "numbers_in_text",
    "parse_email_list",
    "parse_phone_list",
    "split_entries",
]

MAX_RECIPIENTS = 100_000
Kind = Literal["phone", "email"]

_ENTRY_SEPARATORS = re.compile(r"[,;\n\r\t]+")
_FRENCH = re.compile(r"(?:\+33|0033|33|0)([1-9]\d{8})")


def _fr_metadata() -> phonenumbers.PhoneMetadata:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("FR")
    if metadata is None:  # pragma: no cover - phonenumbers always ships FR
        raise RuntimeError("phonenumbers has no metadata for FR")
    return metadata


_FR_METADATA = _fr_metadata()
_PREFIX_DIGITS = 5
#: Landlines in an SMS push go as TTS (docs/decisions.md, "Units": +331–5 and +339).
_LANDLINE = re.compile(r"\+33[1-59]")


@dataclass(frozen=True)
class InvalidEntry:
    position: int  # 1-based: the entry's rank when typed, its line in a file
    raw: str
    reason: str


@dataclass
class RecipientList:
    kind: Kind
    valid: list[str]  # normalised (E.164 or e-mail), in first-seen order
    invalid: list[InvalidEntry] = field(default_factory=list)
    duplicates: int = 0  # removed (or kept, when asked: then still counted here)
    where: str = "entry"  # "entry" (typed) or "line" (a file)
    kept_duplicates: bool = False
    entries: int = 0  # everything read, valid or not

    def summary(self) -> str:
        """ "3 valid, 1 invalid, 2 duplicates removed"."""
        dup = "kept" if self.kept_duplicates else "removed"
        duplicates = "1 duplicate" if self.duplicates == 1 else f"{self.duplicates:,} duplicates"
        return f"{len(self.valid):,} valid, {len(self.invalid):,} invalid, {duplicates} {dup}"

    def invalid_lines(self, limit: int = 10) -> list[str]:
        shown = [f"{self.where} {e.position}: `{e.raw}` — {e.reason}" for e in self.invalid[:limit]]
        if len(self.invalid) > limit:
            shown.append(f"…and {len(self.invalid) - limit:,} more")
        return shown


_ITEM = re.compile(r"[^\s,;]+|[,;]")
_DIGIT_GROUP = re.compile(r"\+?\d{1,4}")
_PHONE_LIKE = re.compile(r"\+?[\d.\-/()]+")


def _looks_like_recipient(word: str, *, complete: bool) -> bool:
    """An address, or a number (of at least 8 digits when nothing separates it from the last entry)."""
    if "@" in word:
        return True
    return bool(_PHONE_LIKE.fullmatch(word)) and (not complete or sum(c.isdigit() for c in word) >= 8)


def _incomplete_french(entry: str) -> bool:
    """A French number still being written in digit groups ("06 12", "+33 6 12"): its length is known."""
    digits = sum(c.isdigit() for c in entry)
    if entry.startswith("+33"):
        return digits < 11
    if entry.startswith("0033"):
        return digits < 13
    return (entry[:1] == "0" and not entry.startswith("00") and digits < 10) or entry in {"+", "+3", "00", "003"}


def _starts_grouped_french(items: list[re.Match[str]], index: int) -> bool:
    """Whether the words from ``index`` write one whole French number in digit groups (``06 98 76 54 32``):
    after a complete number, such groups start the next one rather than the message."""
    number = ""
    for item in items[index:]:
        word = item.group()
        if not _DIGIT_GROUP.fullmatch(word) or (number and not _incomplete_french(number)):
            break
        number += word
    return bool(number) and not _incomplete_french(number) and bool(_FRENCH.fullmatch(number))


def leading_recipients(text: str) -> tuple[str, str]:
    """A command's leading recipients (as one comma-separated list) and the text after them.

    ``0612345678, 06 98 76 54 32 0711223344 a@b.fr Bonjour`` → (``0612345678, 0698765432, 0711223344,
    a@b.fr``, ``Bonjour``). Entries are separated by commas, semicolons or blanks; a French number
    may be written in digit groups until it has its digits (other international numbers are
    written without blanks: their lengths vary). The first word that is not a recipient starts
    the text: after a separator, anything number- or address-like is an entry (checked later,
    so "12345" is reported as invalid); without one, only a complete-looking number or an address.
    """
    entries: list[str] = []
    current = ""
    end = 0
    after_separator = False
    items = list(_ITEM.finditer(text))
    for index, item in enumerate(items):
        word = item.group()
        if word in {",", ";"}:
            if not current and not entries:
                break
            if current:
                entries.append(current)
                current = ""
            after_separator, end = True, item.end()
            continue
        if not current and not entries:
            current, end = word, item.end()  # the first word: where the recipients start
        elif current and not after_separator and _incomplete_french(current) and _DIGIT_GROUP.fullmatch(word):
            current, end = current + word, item.end()
        elif _looks_like_recipient(word, complete=not after_separator) or _starts_grouped_french(items, index):
            if current:
                entries.append(current)
            current, end = word, item.end()
        else:
            break
        after_separator = False
    if current:
        entries.append(current)
    return ", ".join(entries), text[end:].strip()


def split_entries(text: str) -> list[str]:
    """Typed or pasted recipients: separated by commas, semicolons, tabs, new lines, or blanks
    between whole entries ("0612345678 0698765432"; "06 12 34 56 78" stays one number)."""
    entries: list[str] = []
    for part in _ENTRY_SEPARATORS.split(text):
        part = part.strip()
        if " " in part:
            found, rest = leading_recipients(part)
            entries.extend(found.split(", ") if found else [])
            if rest:
                entries.append(rest)  # not a recipient: reported as an invalid entry, never dropped
        elif part:
            entries.append(part)
    return entries


_HEADERS: dict[Kind, re.Pattern[str]] = {
    "phone": re.compile(r"phone|t[ée]l|gsm|mobile|portable|num[ée]ro|number|msisdn", re.IGNORECASE),
    "email": re.compile(r"e-?mail|courriel|adresse|address", re.IGNORECASE),
}


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")  # Excel's default export in France


def csv_rows(content: bytes) -> list[list[str]]:
    """The rows of a CSV or text file: UTF-8 (BOM or not) or Windows-1252, separated by the most
    frequent of ``,`` ``;`` tab in its first 4 KB. Every CSV Relais reads goes through here."""
    text = _decode(content)
    sample = text[:4096]
    delimiter = max(",;\t", key=sample.count) if any(d in sample for d in ",;\t") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def entries_from_file(content: bytes, kind: Kind) -> list[tuple[int, str]]:
    """(line, value) pairs from a CSV or text file.

    The column whose header names a phone / e-mail, else the one that looks like one, else every cell.
    """
    rows = csv_rows(content)
    if not rows:
        return []
    column, start = _pick_column(rows[0], kind)
    entries: list[tuple[int, str]] = []
    for line, row in enumerate(rows[start:], start=start + 1):
        cells = row if column is None else row[column : column + 1]
        entries.extend((line, cell.strip()) for cell in cells if cell.strip())
    return entries


def _pick_column(first: list[str], kind: Kind) -> tuple[int | None, int]:
    """(column, first data row): a header names the column; a single column is the list itself."""
    for index, cell in enumerate(first):
        if _HEADERS[kind].search(cell) and not _looks_like(cell, kind):
            return index, 1
    if len(first) <= 1:
        return None, 0
    for index, cell in enumerate(first):
        if _looks_like(cell, kind):
            return index, 0
    return None, 0


def _looks_like(cell: str, kind: Kind) -> bool:
    return "@" in cell if kind == "email" else sum(c.isdigit() for c in cell) >= 8


# -- phones -----------------------------------------------------------------------------------
_type_by_prefix: dict[str, int | None] = {}


def _type_of_prefix(nsn: str) -> int | None:
    """phonenumbers' type for every French national number starting like ``nsn`` (None: not uniform)."""
    prefix = nsn[:_PREFIX_DIGITS]
    if prefix not in _type_by_prefix:
        tail = 9 - _PREFIX_DIGITS
        low = phonenumberutil._number_type_helper(prefix + "0" * tail, _FR_METADATA)
        high = phonenumberutil._number_type_helper(prefix + "9" * tail, _FR_METADATA)
        _type_by_prefix[prefix] = int(low) if low == high else None
    return _type_by_prefix[prefix]


def _fast_e164(raw: str) -> tuple[str, int] | None:
    """(E.164, phonenumbers type) when ``raw`` is a common French form of a valid number, else None."""
    match = _FRENCH.fullmatch(SEPARATORS.sub("", raw))
    if match is None:
        return None
    nsn = match.group(1)
    kind = _type_by_prefix.get(nsn[:_PREFIX_DIGITS], -1)
    if kind == -1:
        kind = _type_of_prefix(nsn)
    if kind is None or kind == phonenumberutil.PhoneNumberType.UNKNOWN:
        return None
    return "+33" + nsn, kind


def fast_phone(raw: str, field_name: str = "recipients") -> Phone:
    """``parse_phone(raw)``'s answer, from the table when ``raw`` is a common French form."""
    found = _fast_e164(raw)
    if found is not None:
        return Phone(e164=found[0], region="FR", kind=KINDS.get(found[1], "unknown"))
    return parse_phone(field_name, raw)


def is_landline(e164: str) -> bool:
    return _LANDLINE.match(e164) is not None


#: A phone number written inside a message: 8 digits or more, in groups or not (``06 12 34 56 78``,
#: ``+33 6 12…``), or digit groups opening the text (``06 12 Bonjour``: a number cut short, most likely).
_NUMBER_IN_TEXT = re.compile(r"(?<![\w+])\+?\d(?:[ .\-]?\d){7,}(?!\w)")
_OPENING_GROUPS = re.compile(r"^\s*(\+?\d{1,4}(?:[ .\-]\d{1,4})+)(?=\s|$)")


def numbers_in_text(text: str) -> list[str]:
    """What in a message looks like a phone number, as written: the card says it is sent as text."""
    found = [match.group().strip() for match in _NUMBER_IN_TEXT.finditer(text)]
    opening = _OPENING_GROUPS.match(text)
    if opening and not any(
        opening.group(1).startswith(number) or number.startswith(opening.group(1)) for number in found
    ):
        found.insert(0, opening.group(1))
    return found


def _memo(check: Callable[[str], str]) -> Callable[[str], str | FieldError]:
    """``check`` once per distinct value: its result, or the FieldError it raised."""
    cache: dict[str, str | FieldError] = {}

    def run(value: str) -> str | FieldError:
        found = cache.get(value)
        if found is None:
            try:
                found = check(value)
            except FieldError as exc:
                found = exc
            cache[value] = found
        return found

    return run


def _collect(
    kind: Kind,
    entries: Iterable[tuple[int, str]],
    normalise: Callable[[str], str | FieldError],
    *,
    keep_duplicates: bool,
    where: str,
    field_name: str,
) -> RecipientList:
    result = RecipientList(kind, [], where=where, kept_duplicates=keep_duplicates)
    seen: set[str] = set()
    for position, raw in entries:
        result.entries += 1
        if result.entries > MAX_RECIPIENTS:
            raise FieldError(field_name, f"more than {MAX_RECIPIENTS:,} recipients", "split the list in two campaigns")
        value = normalise(raw)
        if isinstance(value, FieldError):
            result.invalid.append(InvalidEntry(position, raw[:60], value.problem))
            continue
        key = value.lower()
        if key in seen:
            result.duplicates += 1
            if not keep_duplicates:
                continue
        seen.add(key)
        result.valid.append(value)
    return result


def _numbered(entries: Iterable[str] | Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    items = list(entries)
    if items and isinstance(items[0], tuple):
        return items  # type: ignore[return-value]
    return [(index, str(value)) for index, value in enumerate(items, start=1)]


def parse_phone_list(
    entries: Iterable[str] | Iterable[tuple[int, str]],
    *,
    keep_duplicates: bool = False,
    where: str = "entry",
    field_name: str = "recipients",
) -> RecipientList:
    """Phone numbers → E.164, with the invalid ones (position, reason) and duplicates counted."""

    def e164(raw: str) -> str:
        found = _fast_e164(raw)
        return found[0] if found is not None else parse_phone(field_name, raw).e164

    normalise = _memo(e164)
    return _collect(
        "phone", _numbered(entries), normalise, keep_duplicates=keep_duplicates, where=where, field_name=field_name
    )


def parse_email_list(
    entries: Iterable[str] | Iterable[tuple[int, str]],
    *,
    keep_duplicates: bool = False,
    where: str = "entry",
    field_name: str = "recipients",
) -> RecipientList:
    """E-mail addresses, checked with email-validator (no DNS), duplicates compared case-insensitively."""
    normalise = _memo(lambda raw: check_email(field_name, raw))
    return _collect(
        "email", _numbered(entries), normalise, keep_duplicates=keep_duplicates, where=where, field_name=field_name
    )
