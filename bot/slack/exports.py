"""CSV exports: every listing, report and spending summary leaves Slack as one kind of file.

A ``Table`` is what a listing showed, as columns and rows of text; ``csv_bytes`` writes it
with the csv module, Excel-friendly: UTF-8 with a byte-order mark (so Excel does not read
accents as Windows-1252) and CRLF line ends. The separator is ``,`` or ``;``: French Excel
splits columns on ``;`` only, so a French-speaking user gets ``;`` unless they ask
otherwise (``sep=,``), and everyone else ``,``.

``… export`` (the last word of a listing command, optionally with ``sep=;``) is read by
``take_export``; the file goes to Slack through ``bot.slack.files.upload_file``
(``files_upload_v2``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from bot.core.errors import UserError
from bot.rules.dates import Language

__all__ = ["BOM", "ExportRequest", "Table", "csv_bytes", "csv_file", "read_separator", "separator_for", "take_export"]

BOM = "\ufeff"

#: What people type for a separator (``sep=;`` or ``sep=semicolon``), to the character written.
_SEPARATORS = {
    ",": ",",
    "comma": ",",
    "virgule": ",",
    ";": ";",
    "semicolon": ";",
    "point-virgule": ";",
    "pointvirgule": ";",
    "tab": "\t",
    "tabulation": "\t",
}


class Table(BaseModel):
    """A listing's content as a spreadsheet: ``columns`` names, then one row of text per item."""

    filename: str
    columns: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class ExportRequest:
    """The user asked for a file instead of a listing; ``separator`` None: the one for their language."""

    separator: str | None = None


def separator_for(language: Language, asked: str | None = None) -> str:
    """``asked`` when given, else ``;`` for French speakers (French Excel's list separator), else ``,``."""
    if asked is not None:
        return asked
    return ";" if language == "fr" else ","


def read_separator(value: str) -> str:
    """``;``, ``semicolon``, ``point-virgule``, ``,``, ``comma``, ``tab`` → the character; UserError otherwise."""
    found = _SEPARATORS.get(value.strip().strip("\"'“”").lower())
    if found is None:
        raise UserError(
            f"sep: `{value}` is not a separator Relais writes", hint="use `sep=;` or `sep=,` (or `sep=tab`)"
        )
    return found


_SEP_OPTION = re.compile(r"""(?:^|\s)(?:sep|separator|separateur|séparateur)=("[^"]*"|'[^']*'|\S+)\s*$""", re.I)
_EXPORT_WORD = re.compile(r"(?:^|\s)(?:export|exporter|csv)\s*$", re.I)


def take_export(text: str) -> tuple[str, ExportRequest | None]:
    """``… export`` or ``… export sep=;`` at the end of a listing command: (the rest, the request).

    Only the last words are read, so a name or a filter that contains "export" elsewhere stays
    what it was. Without the word, the text is returned as it was and no request."""
    rest = text.rstrip()
    separator: str | None = None
    sep = _SEP_OPTION.search(rest)
    if sep is not None:
        before = rest[: sep.start()].rstrip()
        if not _EXPORT_WORD.search(before):
            return text, None  # a sep= without export: not ours
        separator, rest = read_separator(sep.group(1)), before
    word = _EXPORT_WORD.search(rest)
    if word is None:
        return text, None
    rest = rest[: word.start()].rstrip()
    if separator is None:
        # `export sep=;` may also be typed `sep=; export`.
        sep = _SEP_OPTION.search(rest)
        if sep is not None:
            separator, rest = read_separator(sep.group(1)), rest[: sep.start()].rstrip()
    return rest, ExportRequest(separator)


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[object]], *, separator: str = ",") -> bytes:
    """The file: a BOM, the header, one line per row (None as an empty cell), CRLF, UTF-8."""
    return csv_file(columns, rows, separator=separator)[0]


def csv_file(columns: Sequence[str], rows: Iterable[Sequence[object]], *, separator: str = ",") -> tuple[bytes, int]:
    """``csv_bytes`` and the number of rows written. ``rows`` is read once, one row at a time: a
    generator keeps a 100,000-row report to the file's own bytes (encoded as they are written)."""
    buffer = io.BytesIO()
    text = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)
    text.write(BOM)
    writer = csv.writer(text, delimiter=separator, lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
        count += 1
    text.flush()
    content = buffer.getvalue()
    text.detach()
    return content, count
