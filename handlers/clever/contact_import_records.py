"""What a contact import keeps: the import itself, its rows, and each row's state, written before each request.

Compact for 10,000 rows: the rows (their values in the import's column order) are written once,
in blocks of ``BLOCK`` rows; each block's states are one character a row (``ROW_PENDING`` →
``ROW_SENDING`` → ``ROW_CREATED`` | ``ROW_REFUSED`` | ``ROW_UNKNOWN``), with words only for the
rows refused or unknown. A row's state is written before its request leaves, so that after a
restart a row left "sending" is known to have maybe reached Clever: it is never sent again.
Everything is kept 30 days, then swept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field

from bot.core.records import Collection, RecordKind

__all__ = [
    "BLOCK",
    "CONTACT_IMPORTS",
    "IMPORT_KINDS",
    "IMPORT_ROWS",
    "IMPORT_STATES",
    "ROW_CREATED",
    "ROW_PENDING",
    "ROW_REFUSED",
    "ROW_SENDING",
    "ROW_UNKNOWN",
    "ContactImport",
    "ContactImports",
    "ImportRows",
    "ImportStates",
    "block_id",
]

ROW_PENDING, ROW_SENDING, ROW_CREATED, ROW_REFUSED, ROW_UNKNOWN = "p", "s", "c", "r", "u"
#: Rows per block: a state written before each request rewrites one block's states (≈ BLOCK bytes).
BLOCK = 500
_KEEP = 30 * 86400.0

ImportState = Literal["staged", "running", "done"]


class ContactImport(BaseModel):
    """One CSV import: where it was asked, what the file held, how far it got."""

    id: str
    user_id: str
    channel_id: str
    filename: str
    fields: list[str]  # the contact form's options (``x_<name>``: an additional field), in row order
    headers: dict[str, str]  # option → the file's header, for the summary's words
    total: int  # rows to import
    invalid: int = 0  # left out by the card: invalid, duplicates
    duplicates: int = 0
    created_at: float
    state: ImportState = "staged"
    card_ts: str = ""  # the progress card, once posted
    cursor: int = 0  # every row before it is settled (neither pending nor sending)
    created: int = 0
    refused: int = 0
    unknown: int = 0
    ended_at: float | None = None

    @property
    def blocks(self) -> int:
        return (self.total + BLOCK - 1) // BLOCK

    @property
    def settled(self) -> int:
        return self.created + self.refused + self.unknown


class ImportRows(BaseModel):
    """``BLOCK`` rows of an import: each one's line in the file and values (written once, at the card)."""

    created_at: float
    lines: list[int]
    values: list[list[str]]


class ImportStates(BaseModel):
    """The states of one block's rows (one character each) and the words of those refused or unknown."""

    created_at: float
    states: str
    notes: dict[str, str] = Field(default_factory=dict)  # row index within the block → why


def block_id(import_id: str, block: int) -> str:
    return f"{import_id}:{block:05d}"


CONTACT_IMPORTS = RecordKind(
    "clever.import:", ContactImport, "contact imports from CSV", keep=_KEEP, since=lambda i: i.created_at
)
IMPORT_ROWS = RecordKind(
    "clever.import-rows:", ImportRows, "the rows of contact imports", keep=_KEEP, since=lambda r: r.created_at
)
IMPORT_STATES = RecordKind(
    "clever.import-states:", ImportStates, "each imported row's state", keep=_KEEP, since=lambda s: s.created_at
)
IMPORT_KINDS: tuple[RecordKind[Any], ...] = (CONTACT_IMPORTS, IMPORT_ROWS, IMPORT_STATES)


@dataclass
class ContactImports:
    """The import records, and the pace of the creations (one M5 per row).

    ``per_second``: the spec gives Clever's tolerance nowhere; 5 a second is modest (docs/decisions.md).
    The bench raises it to measure Relais rather than the wait."""

    imports: Collection[ContactImport]
    rows: Collection[ImportRows]
    states: Collection[ImportStates]
    per_second: float = 5.0
