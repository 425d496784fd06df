"""Names as people type them: whatever their case and accents, with the nearest names for a typo.

One place decides when two names are the same (``Accueil`` = ``accueil`` = ``ACCUEIL``,
``Équipe`` = ``equipe``) and which known names are near a mistyped one ("`suport`: did you
mean `Support`?"). Subcommands, options and the vendors' named things (groups, plannings,
pop-ups, templates, zones, destinations) all go through it. difflib's ratio is enough for
lists of a few hundred short names; see docs/decisions.md.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

from bot.rules.fields import FieldError

__all__ = ["closest", "did_you_mean", "fold", "offer", "pick_name"]

#: How alike a typed name and a known one must be to be offered (difflib's ratio, 0 to 1).
SIMILAR = 0.7


def fold(name: str) -> str:
    """The form two names are compared in: no case, no accents, single spaces, plain apostrophes."""
    decomposed = unicodedata.normalize("NFD", name.replace("’", "'").strip())
    plain = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(plain.casefold().split())


def closest(typed: str, names: Iterable[str], *, limit: int = 3, similar: float = SIMILAR) -> list[str]:
    """The known names nearest to ``typed``, nearest first, as they are written (none when nothing is near).

    ``similar``: how alike they must be (stricter where a miss is not refused but taken as something else)."""
    by_fold: dict[str, str] = {}
    for name in names:
        by_fold.setdefault(fold(name), name)
    near = difflib.get_close_matches(fold(typed), list(by_fold), n=limit, cutoff=similar)
    return [by_fold[key] for key in near]


def did_you_mean(typed: str, names: Iterable[str]) -> str:
    """ "did you mean `planning`?" or "did you mean `Support` or `Supports`?"; empty when nothing is near."""
    return offer(closest(typed, names))


def offer(near: list[str]) -> str:
    """The question that offers names already found near: "did you mean `a` or `b`?"; empty for none."""
    return "did you mean " + " or ".join(f"`{name}`" for name in near) + "?" if near else ""


def pick_name(field: str, typed: str, names: Iterable[str], *, what: str, hint: str = "") -> str:
    """The known name ``typed`` means, written as it is known; refused with the nearest names otherwise.

    ``what``: the kind of thing, for the message ("group", "planning"). ``hint``: what to do
    when nothing is near (e.g. how to list them, or the explicit word that creates one).
    """
    known = list(names)
    wanted = fold(typed)
    for name in known:
        if fold(name) == wanted:
            return name
    suggestion = did_you_mean(typed, known)
    shown = ", ".join(f"`{name}`" for name in known[:10]) + (" …" if len(known) > 10 else "")
    listing = f"known: {shown}" if known else f"there is no {what} yet"
    message = f"there is no {what} named `{typed.strip()}`" + (f": {suggestion}" if suggestion else f" ({listing})")
    raise FieldError(field, message, hint or f"write one of the known names ({listing})")
