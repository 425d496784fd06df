"""Criteria of a push to the matching contacts (§3.13): ``field=value`` joined by AND / OR. Pure.

Read here only to refuse what Clever would refuse: a malformed expression, or (when the
account's field list could be read) a field the account does not have.
"""

from __future__ import annotations

import re

from bot.rules.fields import FieldError

__all__ = ["check_criteria"]

_CRITERION = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=|!=|<>)\s*('[^']*'|\"[^\"]*\"|[^\s()]+)\s*")
_JOINER = re.compile(r"\s*(and|or)\b\s*", re.IGNORECASE)


def check_criteria(field_name: str, value: str, known: set[str] | None = None) -> str:
    """§3.13 "field='value' AND field='value' …": comparisons joined by AND / OR, parentheses allowed."""
    text = value.strip()
    if not text:
        raise FieldError(field_name, "required", "e.g. `diffusion=on AND BRINGUP=oui`")
    fields = _criteria_fields(field_name, text)
    if known is not None:
        unknown = sorted({f for f in fields if f.lower() not in {k.lower() for k in known}})
        if unknown:
            raise FieldError(
                field_name,
                f"unknown field {', '.join(unknown)}",
                f"use a contact field or an additional one: {_listed(sorted(known), 12)} (`/push fields` lists them)",
            )
    return text


def _criteria_fields(field_name: str, text: str) -> list[str]:
    fields: list[str] = []
    depth, position, expect_term = 0, 0, True
    while position < len(text):
        if text[position].isspace():
            position += 1
        elif expect_term and text[position] == "(":
            depth, position = depth + 1, position + 1
        elif not expect_term and text[position] == ")" and depth > 0:
            depth, position = depth - 1, position + 1
        elif expect_term and (match := _CRITERION.match(text, position)):
            fields.append(match.group(1))
            position, expect_term = match.end(), False
        elif not expect_term and (match := _JOINER.match(text, position)):
            position, expect_term = match.end(), True
        else:
            raise FieldError(
                field_name,
                f"cannot read `{text[position : position + 20]}` (character {position + 1})",
                "write field=value joined by AND / OR, e.g. `diffusion=on AND (city=Paris OR city=Lyon)`",
            )
    if expect_term or depth:
        raise FieldError(field_name, "the expression is incomplete", "e.g. `diffusion=on AND BRINGUP=oui`")
    return fields


def _listed(names: list[str], most: int) -> str:
    """Names for a message: whole ones only, and how many more."""
    shown = ", ".join(names[:most])
    return f"{shown} and {len(names) - most} more" if len(names) > most else shown
