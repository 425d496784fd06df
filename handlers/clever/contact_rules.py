"""The rules of ``/contact``'s writes (§3.2, §3.5 tables): a contact's and a user's fields checked. Pure.

``contact_input`` and ``user_input`` turn the values given (command options or modal
fields, by their option names) into the vendor's typed request, or one ``FieldErrors``
naming every broken field.
"""

from __future__ import annotations

import re
from typing import Any

from bot.core.errors import UserError
from bot.rules.fields import FieldError, FieldErrors, check_email, check_int, check_length, collect
from bot.rules.grammar import parse_yes_no
from bot.rules.names import closest
from bot.rules.phones import parse_phone
from bot.vendors.clever.models import ContactInput, UserInput

__all__ = [
    "CONTACT_OPTIONS",
    "PHONE_OPTIONS",
    "TYPO_CUTOFF",
    "USERNAME",
    "check_name",
    "contact_input",
    "known_options",
    "split_options",
    "user_input",
    "whole_id",
]

#: docs/decisions.md: letters (accents included), digits, space, ' . - ; 100 characters at most (§3.5).
_NAME = re.compile(r"[^\W_]+(?:[ '.\-]+[^\W_]*)*")
USERNAME = re.compile(r"[A-Za-z0-9._@\-]{3,50}")
#: option (as typed / modal block id) → ContactInput field.
CONTACT_OPTIONS = {
    "name": "name",
    "lastname": "lastname",
    "gsm": "gsm_primary",
    "gsm2": "gsm_secondary",
    "landline": "landline_primary",
    "landline2": "landline_secondary",
    "fax": "fax_primary",
    "fax2": "fax_secondary",
    "email": "email",
    "zip": "zip_code",
    "city": "city",
    "street": "street",
    "number": "street_number",
}
PHONE_OPTIONS = {"gsm", "gsm2", "landline", "landline2", "fax", "fax2"}
#: How close (difflib ratio) a name must be to one of Relais' own options to be taken for a typo of it.
TYPO_CUTOFF = 0.8


def whole_id(text: str, *, subcommand: str, example: str, where: str = "") -> int:
    """A contact's or user's id, as the whole argument of ``/contact <subcommand>``."""
    try:
        return check_int("id", text, minimum=1)
    except FieldError as exc:
        raise UserError(str(exc), hint=f"e.g. `/contact {subcommand} {example}`{where}") from None


def check_name(field: str, value: str) -> str:
    text = check_length(field, value, minimum=1, maximum=100)
    if not _NAME.fullmatch(text):
        raise FieldError(field, f"`{text}` has special characters", "letters, digits, spaces, ' . - only")
    return text


def contact_input(values: dict[str, str], extras: dict[str, str], *, duplicates: bool) -> ContactInput:
    """The contact's fields checked (§3.5 table): FieldErrors names every broken one."""
    checked: dict[str, Any] = {}

    def check(option: str) -> None:
        raw = values.get(option, "").strip()
        if option in {"name", "lastname"}:
            checked[CONTACT_OPTIONS[option]] = check_name(option, raw)
        elif option == "gsm":
            checked["gsm_primary"] = parse_phone(option, raw, mobile_only=True).e164
        elif not raw:
            return
        elif option in PHONE_OPTIONS:
            checked[CONTACT_OPTIONS[option]] = parse_phone(option, raw).e164
        elif option == "email":
            checked["email"] = check_email(option, raw)
        else:
            checked[CONTACT_OPTIONS[option]] = check_length(option, raw, maximum=100)

    collect(*[lambda o=option: check(o) for option in CONTACT_OPTIONS])
    return ContactInput(**checked, duplicates=1 if duplicates else None, extra=extras)


def known_options(extra: set[str] | None) -> set[str] | None:
    """The option names a contact command takes: Relais' own and the additional fields (None: any name)."""
    return set(CONTACT_OPTIONS) | {"duplicates"} | extra if extra is not None else None


def split_options(values: dict[str, str], extra_names: set[str] | None) -> tuple[dict[str, str], dict[str, str], bool]:
    """(Relais' own fields, the additional fields, duplicates=) of a contact command's options."""
    if extra_names is None:  # the field list could not be read: our names in any case, every other as typed
        ours = set(CONTACT_OPTIONS) | {"duplicates"}
        values = {(k.lower() if k.lower() in ours else k): v for k, v in values.items()}
        base = {k: v for k, v in values.items() if k in CONTACT_OPTIONS}
        extras = {k: v for k, v in values.items() if k not in ours}
        _refuse_near_misses(extras, ours)
        return base, extras, parse_yes_no("duplicates", values.get("duplicates", ""), empty=False)
    base = {k: v for k, v in values.items() if k in CONTACT_OPTIONS}
    lowered = {name.lower(): name for name in extra_names}
    extras = {lowered[k.lower()]: v for k, v in values.items() if k.lower() in lowered and k not in CONTACT_OPTIONS}
    return base, extras, parse_yes_no("duplicates", values.get("duplicates", ""), empty=False)


def _refuse_near_misses(extras: dict[str, str], ours: set[str]) -> None:
    """Without Clever's field list every other name goes as an additional field: ``emial=`` would go silently.

    A name this close to one of Relais' own options is refused as a typo; any other goes as typed.
    """
    typos = [
        FieldError(
            name,
            f"did you mean {close[0]}? `{name}` is not an option of Relais",
            hint=f"write `{close[0]}=…` (Clever's list of additional fields cannot be read, so any other name "
            "goes to Clever as an additional field as typed)",
        )
        for name in extras
        for close in [closest(name, sorted(ours), limit=1, similar=TYPO_CUTOFF)]
        if close
    ]
    if typos:
        raise FieldErrors(typos)


def user_input(values: dict[str, str]) -> UserInput:
    """§3.2 table: every required field, password 6+ with a capital and a digit, +33… telephone."""
    checked: dict[str, Any] = {}

    def put(name: str, check: Any) -> None:
        checked[name] = check()

    def password() -> str:
        text = values.get("password", "")
        if len(text) < 6 or not re.search(r"[A-Z]", text) or not re.search(r"\d", text):
            raise FieldError("password", "at least 6 characters with a capital letter and a digit", "e.g. `Agence2026`")
        return text

    def username() -> str:
        text = check_length("username", values.get("username", ""), minimum=1)
        if not USERNAME.fullmatch(text):
            raise FieldError("username", f"`{text}`: 3–50 of A-Z a-z 0-9 . _ @ -", "e.g. `agence-nantes`")
        return text

    optional = {"zip_code": "zip", "city": "city", "country": "country", "company_name": "company"}
    collect(
        lambda: put("name", lambda: check_name("name", values.get("name", ""))),
        lambda: put("lastname", lambda: check_name("lastname", values.get("lastname", ""))),
        lambda: put("telephone", lambda: parse_phone("telephone", values.get("telephone", "")).e164),
        lambda: put("email", lambda: check_email("email", values.get("email", ""))),
        lambda: put("username", username),
        lambda: put("password", password),
        lambda: put("address", lambda: check_length("address", values.get("address", ""), minimum=1, maximum=200)),
        lambda: put(
            "credit", lambda: check_int("credit", values["credit"], minimum=0) if values.get("credit") else None
        ),
    )
    checked |= {wire: values[name].strip() for wire, name in optional.items() if values.get(name, "").strip()}
    return UserInput(**checked)
