"""How the Axialys client reads a listing's ``;`` lines: each listing's shape, rows, planning details.

One line that does not fit its listing's shape (or whose values do not validate) is skipped and
logged, the others are returned; a body where no line fits is reported as ``None`` so that the
client raises a refusal or an error, never returns it as data (decisions "Listings").
"""

from __future__ import annotations

import logging
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from bot.vendors.axialys.errors import DISPLAY
from bot.vendors.axialys.models import (
    CALL_COLUMNS,
    POPUP_COLUMNS,
    SUMMARY_COLUMNS,
    PlanningDetails,
    PlanningSlot,
    Shape,
)
from bot.vendors.errors import verbatim

__all__ = [
    "CALLS",
    "DESTINATIONS",
    "GROUPS",
    "OPERATORS",
    "PLANNINGS",
    "POPUPS",
    "SUMMARIES",
    "fitting_rows",
    "read_planning_details",
    "typed_rows",
]

R = TypeVar("R", bound=BaseModel)
# The client's logger: a skipped line is logged under the client's name, as before these readers had a module.
log = logging.getLogger("bot.vendors.axialys.client")

# Listing shapes (decisions "Listings"): anchor columns, numeric ids, [a-zA-Z0-9]+ names, free text.
GROUPS = Shape(("nom_liste_op", "ordonnancement"), required=2, names=("nom_liste_op", "ordonnancement"))
OPERATORS = Shape(("E164", "duree_sonnerie_op", "ordre", "position"), numeric=("E164",))
PLANNINGS = Shape(("nom_plage",), names=("nom_plage",))
POPUPS = Shape(
    POPUP_COLUMNS,
    required=2,
    numeric=("id_popup",),
    names=("id_dest_about_ouvert",),
    optional=("id_dest_about_ouvert",),
    free=("message_popup", "id_dest_about_ouvert", "message_ferme"),
)
DESTINATIONS = Shape(("id_destination", "destination", "prix", "etat"), required=2, numeric=("id_destination",))
CALLS = Shape(CALL_COLUMNS, numeric=("id_tracking",), free=("nom", "usr1", "usr2", "usr3"))
SUMMARIES = Shape(SUMMARY_COLUMNS, numeric=("id_tracking",), free=("nom", "usr1", "usr2", "usr3"))


def fitting_rows(methode: str, text: str, shape: Shape) -> list[dict[str, str]] | None:
    """The lines that fit ``shape`` (header lines skipped, one unreadable line skipped and logged).

    An empty body (or a bare ``OK``) is an empty listing; a body where no line fits is None.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    if lines == ["OK"]:
        return []
    rows: list[dict[str, str]] = []
    for line in lines:
        if shape.is_header(line):
            continue
        row = shape.fit(line)
        if row is None:
            log.warning("%s %s: skipped a line Relais cannot read: %s", DISPLAY, methode, verbatim(line, 200))
        else:
            rows.append(row)
    if lines and not rows and not all(shape.is_header(line) for line in lines):
        return None
    return rows


def typed_rows(model: type[R], methode: str, rows: list[dict[str, str]]) -> list[R]:
    """Typed rows; a line whose values do not validate is skipped and logged like an unreadable one."""
    typed: list[R] = []
    for row in rows:
        try:
            typed.append(model.model_validate(row))
        except ValidationError as exc:
            log.warning("%s %s: skipped a line with unreadable values (%s)", DISPLAY, methode, exc.error_count())
    return typed


def read_planning_details(planning: str, text: str) -> PlanningDetails | None:
    """A13 ``regulier;<jour>;<h_debut>;<h_fin>`` and ``exception;<DATE>`` lines; None when none reads."""
    details = PlanningDetails(name=planning)
    lines = [line for line in text.splitlines() if line.strip() and line.strip() != "OK"]
    for line in lines:
        cells = [cell.strip() for cell in line.split(";")]
        kind = cells[0].lower()
        if kind == "regulier" and len(cells) >= 4:
            details.slots.append(PlanningSlot(day=cells[1], start=cells[2], end=cells[3]))
        elif kind == "exception" and len(cells) >= 2:
            details.closures.append(cells[1])
        else:
            log.warning("%s planning_plage_details: skipped a line Relais cannot read: %s", DISPLAY, verbatim(line))
    if lines and not details.slots and not details.closures:
        return None
    return details
