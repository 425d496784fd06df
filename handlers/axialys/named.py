"""Operator groups, plannings and destinations named as people type them, checked against what Axialys lists.

A name is matched whatever its case and accents (``Support`` is ``support``: ``bot.rules.names``)
and returned as Axialys writes it; a name that matches nothing is refused with the nearest names.
A group or planning that does not exist yet is created only when asked for with the word ``new``
(``/callback operators add new hotline 0623456789``): a typo never creates one (decisions.md).
Destinations are named by code (``BE_Mobile``), by A17's name (``Belgique mobile``) or by id
(``1011``), and sent as codes. Pop-ups are ``popup_lookup``'s.
"""

from __future__ import annotations

import functools
import re

import phonenumbers

from bot.rules.fields import FieldError
from bot.rules.names import closest, fold, offer, pick_name
from bot.vendors.axialys.client import AxialysClient
from bot.vendors.axialys.models import Destination
from handlers.axialys.rules import check_destination_codes, check_name_field, country_name

__all__ = ["NEW", "find_group", "find_planning", "pick_destinations", "split_new"]

#: The word before a name that creates the group or planning when none has that name.
NEW = "new"
_CODE = re.compile(r"[A-Za-z]{2}_(?:fixe|mobile)", re.IGNORECASE)


def split_new(words: list[str]) -> tuple[bool, list[str]]:
    """``["new", "hotline", …]`` → (True, ``["hotline", …]``): whether the line asks for a new name."""
    if len(words) > 1 and words[0].lower() == NEW:
        return True, words[1:]
    return False, words


def _existing_or_new(field: str, typed: str, known: list[str], *, what: str, new: bool, create: str) -> str:
    if new:
        name = check_name_field(field, typed)
        return next((k for k in known if fold(k) == fold(name)), name)  # already there: that one
    return pick_name(field, typed, known, what=what, hint=f"or create it: `{create}`")


def find_group(client: AxialysClient, typed: str, *, field: str = "group", new: bool = False) -> str:
    """An operator group (A1) as Axialys names it; with ``new``, the name to create when none matches."""
    known = [group.name for group in client.operator_groups()]
    create = f"/callback operators add {NEW} {typed.strip()} <number>"
    return _existing_or_new(field, typed, known, what="operator group", new=new, create=create)


def find_planning(client: AxialysClient, typed: str, *, field: str = "planning", new: bool = False) -> str:
    """A planning (A12) as Axialys names it; with ``new``, the name to create when none matches."""
    create = f"/callback planning add-hours {NEW} {typed.strip()} <days> <start>-<end>"
    return _existing_or_new(field, typed, client.plannings(), what="planning", new=new, create=create)


# -- destinations ------------------------------------------------------------------------------------
def pick_destinations(field: str, typed: str, listed: list[Destination]) -> list[str]:
    """The codes A18/A19 take for destinations typed by code, name or id, separated by commas or blanks.

    A name may hold blanks (``Belgique mobile``): the longest run of words that is a listed name wins.
    """
    words = [word for part in typed.split(",") for word in part.split()]
    codes: list[str] = []
    position = 0
    while position < len(words):
        found, position = _next_destination(field, words, position, listed)
        codes.append(found)
    return check_destination_codes(field, codes)


def _next_destination(field: str, words: list[str], start: int, listed: list[Destination]) -> tuple[str, int]:
    by_name = {fold(d.name): d for d in listed}
    for end in range(len(words), start, -1):
        named = by_name.get(fold(" ".join(words[start:end])))
        if named is not None:
            return _code_of(field, named), end
    word = words[start]
    if word.isdigit():
        by_id = next((d for d in listed if d.id == int(word)), None)
        if by_id is None:
            raise FieldError(field, f"no destination has id {word}", "`/callback popup destinations` lists them")
        return _code_of(field, by_id), start + 1
    if _CODE.fullmatch(word):
        return word, start + 1
    names = [d.name for d in listed]
    near = offer(closest(" ".join(words[start : start + 2]), names) or closest(word, names))
    raise FieldError(
        field,
        f"`{word}` is not a destination" + (f": {near}" if near else ""),
        "give a code (`BE_Mobile`), a name (`Belgique mobile`) or an id; `/callback popup destinations` lists them",
    )


def _code_of(field: str, destination: Destination) -> str:
    """A listed destination's code: its name when A17 writes codes, else read from "<country> fixe|mobile"."""
    if _CODE.fullmatch(destination.name.strip()):
        return destination.name.strip()
    country, _, kind = fold(destination.name).rpartition(" ")
    region = _regions_by_country().get(country)
    if region is None or kind not in {"fixe", "mobile"}:
        raise FieldError(
            field,
            f"Relais cannot tell the code of `{destination.name}` (#{destination.id})",
            "give its code, e.g. `BE_Mobile`",
        )
    return f"{region}_{kind.capitalize()}"


@functools.cache
def _regions_by_country() -> dict[str, str]:
    """Folded French country name → region code ("belgique" → "BE"), as Axialys labels destinations."""
    regions: dict[str, str] = {}
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        name = country_name(region)
        if name:
            regions.setdefault(fold(name), region)
    return regions
