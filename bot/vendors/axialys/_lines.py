"""What a ``;``-separated line of one Axialys listing must look like (private to ``models``).

``Shape`` says which cells anchor a listing's line, which must be numeric ids or ``[a-zA-Z0-9]+``
names, and which run of columns holds free text that may itself hold a ``;`` (decisions
"Listings"); ``Shape.fit`` zips a line's cells with the column names, or refuses the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Shape"]

_ALNUM = re.compile(r"^[a-zA-Z0-9]+$")


@dataclass(frozen=True)
class Shape:
    """What a line of one listing must look like to be read as data (decisions "Listings").

    ``required``: the fewest cells a line may have (the anchor columns); ``numeric``: columns that
    must be digits (ids); ``names``: columns the document types ``[a-zA-Z0-9]+`` (``optional`` ones
    may be empty); ``free``: the contiguous run of columns holding free text (§1 ``*``) that may hold a
    ``;`` the document does not say is escaped (name columns inside the run are not free). A longer
    line is anchored on both ends and its extra cells spread over the free columns: among the splits
    whose name columns in the run fit, the one with the fewest columns starting with a space wins, then
    the one where the earlier columns take the most. Without free columns, extra trailing cells are ignored.
    """

    columns: tuple[str, ...]
    required: int = 1
    numeric: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    free: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()

    def is_header(self, line: str) -> bool:
        """A line repeating the column names (``id_tracking;date_time;…``)."""
        known = {column.lower() for column in self.columns}
        hits = sum(1 for cell in line.split(";") if cell.strip().lower().replace(" ", "") in known)
        return hits >= min(2, len(self.columns))

    def fit(self, line: str) -> dict[str, str] | None:
        """The line's cells by column name, or None when it does not have this listing's shape."""
        cells = self._aligned(line.split(";"))
        if len(cells) < self.required:
            return None
        cells = [*cells, *[""] * (len(self.columns) - len(cells))]
        row = {name: cell.strip() for name, cell in zip(self.columns, cells, strict=True)}
        if any(not row[name].isdigit() for name in self.numeric):
            return None
        if not all(self._is_name(name, row[name]) for name in self.names):
            return None
        return row

    def _is_name(self, column: str, value: str) -> bool:
        return bool(_ALNUM.match(value)) or (not value and column in self.optional)

    def _aligned(self, cells: list[str]) -> list[str]:
        width = len(self.columns)
        if len(cells) <= width:
            return cells
        if not self.free:
            return cells[:width]  # extra trailing columns
        first, last = self.columns.index(self.free[0]), self.columns.index(self.free[-1])
        after = width - 1 - last
        middle = cells[first : len(cells) - after]
        run = self.columns[first : last + 1]
        texts = [index for index, name in enumerate(run) if name not in self.names]
        checked = [index for index, name in enumerate(run) if name in self.names]
        extra = len(middle) - len(run)
        all_in_first = _spread(middle, len(run), texts, (extra, *[0] * (len(texts) - 1)))
        if not checked:
            return [*cells[:first], *all_in_first, *cells[len(cells) - after :]]
        candidates = (_spread(middle, len(run), texts, split) for split in _splits(extra, len(texts)))
        fitting = [c for c in candidates if all(self._is_name(run[i], c[i].strip()) for i in checked)]
        # Between fitting splits, the one whose columns do not start with a space ("Fermé; à demain" is
        # one text: a column the server wrote starts right after its ';'); then the earliest.
        chosen = min(fitting, key=_continued_columns, default=all_in_first)
        return [*cells[:first], *chosen, *cells[len(cells) - after :]]


def _continued_columns(columns: list[str]) -> int:
    """How many columns (after the first) start with a space: likely the rest of a text cut at its ';'."""
    return sum(1 for column in columns[1:] if column[:1].isspace())


def _splits(extra: int, slots: int) -> list[tuple[int, ...]]:
    """Every way to give ``extra`` cells to ``slots`` columns, the earlier columns taking the most first."""
    if slots == 1:
        return [(extra,)]
    return [(head, *rest) for head in range(extra, -1, -1) for rest in _splits(extra - head, slots - 1)]


def _spread(middle: list[str], width: int, texts: list[int], split: tuple[int, ...]) -> list[str]:
    """``middle``'s cells as ``width`` columns, text column ``texts[k]`` taking ``split[k]`` extra cells."""
    extra = dict(zip(texts, split, strict=True))
    out, at = [], 0
    for index in range(width):
        take = 1 + extra.get(index, 0)
        out.append(";".join(middle[at : at + take]))
        at += take
    return out
