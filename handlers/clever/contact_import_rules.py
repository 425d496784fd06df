"""What a contacts CSV holds, read before anything is written: its columns, valid rows, errors, duplicates. Pure.

Columns are recognised by their header, French or English, whatever their case, accents or
punctuation (``Prénom``, ``first name``, ``E-mail``, ``Téléphone portable``), and by the names of
the account's additional fields (M24). Each row is checked by ``contact_rules.contact_input``,
the rule ``/contact add`` applies, so a row that would be refused typed is refused here. A row
whose mobile or e-mail is already in the account or earlier in the file is a duplicate: it is not
imported (Clever refuses a second contact with the same mobile, §3.5 409).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.errors import UserError
from bot.rules.fields import FieldError, FieldErrors
from bot.rules.names import fold
from bot.vendors.clever.models import Contact, ContactInput
from handlers.clever.contact_modal import current_values
from handlers.clever.contact_rules import contact_input

__all__ = [
    "EXTRA",
    "ImportPlan",
    "RowError",
    "account_keys",
    "check_row",
    "header_key",
    "plan_import",
    "recognise",
    "row_input",
]

#: Prefix of an additional field's column in a plan's ``fields`` (``x_diffusion``).
EXTRA = "x_"
#: How many errors and duplicates the card names; the counts cover all of them.
SHOWN = 10

#: Header (folded, letters and digits only) → the contact form's option. docs/decisions.md: an English
#: "last name" is the family name, Clever's ``name``; "first name" / "prénom" is Clever's ``lastname``.
_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("nom", "name", "lastname", "familyname", "surname", "nomdefamille", "nomfamille"),
    "lastname": ("prenom", "firstname", "givenname", "forename", "prenoms"),
    "gsm": ("telephone", "tel", "mobile", "phone", "portable", "gsm", "cellulaire", "cell", "cellphone",
            "mobilephone", "telephoneportable", "telportable", "numerodetelephone", "numero", "phonenumber",
            "mobile1", "portable1", "gsm1", "telephone1"),
    "gsm2": ("mobile2", "portable2", "gsm2", "telephone2", "tel2", "phone2", "secondmobile"),
    "landline": ("fixe", "telephonefixe", "telfixe", "landline", "homephone", "fixe1", "landline1"),
    "landline2": ("fixe2", "landline2", "telephonefixe2"),
    "fax": ("fax", "telecopie", "fax1"),
    "fax2": ("fax2",),
    "email": ("email", "mail", "courriel", "adresseemail", "adressemail", "emailaddress", "adresseelectronique"),
    "zip": ("codepostal", "cp", "zip", "zipcode", "postalcode", "postcode"),
    "city": ("ville", "city", "commune", "town", "localite"),
    "street": ("rue", "adresse", "address", "street", "voie", "adressepostale"),
    "number": ("numerodevoie", "numerodelavoie", "numerorue", "numeroderue", "streetnumber", "no", "n"),
}  # fmt: skip
_OPTION_OF = {key: option for option, keys in _HEADERS.items() for key in keys}
_REQUIRED = {"name": "family name (nom)", "lastname": "first name (prénom)", "gsm": "mobile (téléphone)"}


def header_key(text: str) -> str:
    """The form headers are compared in: ``É-mail`` → ``email``, ``Prénom `` → ``prenom``."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


@dataclass(frozen=True)
class Columns:
    """Which column holds which field (``fields[i]`` for column ``index[i]``), and the headers left out."""

    index: list[int]
    fields: list[str]
    headers: dict[str, str]  # field → the header as written
    ignored: list[str]


def recognise(header: list[str], extra_names: set[str] | None) -> Columns:
    """The columns of ``header`` Relais imports; UserError when a required one is missing."""
    extras = {header_key(name): name for name in extra_names or ()}
    index: list[int] = []
    fields: list[str] = []
    headers: dict[str, str] = {}
    ignored: list[str] = []
    for position, cell in enumerate(header):
        key = header_key(cell)
        found = _OPTION_OF.get(key) or (EXTRA + extras[key] if key in extras else None)
        if found is None or found in headers:  # unknown, or a second column for the same field
            if cell.strip():
                ignored.append(cell.strip())
            continue
        index.append(position)
        fields.append(found)
        headers[found] = cell.strip()
    missing = [words for option, words in _REQUIRED.items() if option not in headers]
    if missing:
        seen = ", ".join(f"`{cell.strip()}`" for cell in header if cell.strip()) or "none"
        raise UserError(
            f"file: no column for the {' and the '.join(missing)} (columns found: {seen})",
            hint="the first line names the columns, e.g. `Nom;Prénom;Téléphone;E-mail` or "
            "`Last name,First name,Mobile,Email`",
        )
    return Columns(index, fields, headers, ignored)


@dataclass(frozen=True)
class RowError:
    line: int  # the file's line (the header is line 1)
    column: str  # the header as written
    problem: str
    value: str

    def words(self) -> str:
        return f"row {self.line}, {self.column}: {self.problem} (`{self.value[:60]}`)"


@dataclass
class ImportPlan:
    """The file read: the rows to import (their line and values in ``fields`` order), and what is left out."""

    fields: list[str]
    headers: dict[str, str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    invalid: int = 0
    errors: list[RowError] = field(default_factory=list)  # the first SHOWN
    in_file: int = 0  # duplicates of an earlier row
    in_account: int = 0  # duplicates of a contact of the account
    duplicates: list[str] = field(default_factory=list)  # the first SHOWN, in words
    ignored: list[str] = field(default_factory=list)


def row_input(fields: list[str], values: list[str]) -> ContactInput:
    """A row as M5's request, by `/contact add`'s rule (FieldErrors naming its broken fields)."""
    base = {name: value for name, value in zip(fields, values, strict=True) if not name.startswith(EXTRA)}
    extras = {name[len(EXTRA) :]: value for name, value in zip(fields, values, strict=True) if name.startswith(EXTRA)}
    return contact_input(base, {k: v for k, v in extras.items() if v.strip()}, duplicates=False)


def check_row(fields: list[str], values: list[str]) -> tuple[str, str]:
    """A row's (mobile E.164, e-mail lower-cased) when it passes `/contact add`'s rule; FieldErrors otherwise."""
    checked = row_input(fields, values)
    return checked.gsm_primary, (checked.email or "").lower()


def plan_import(rows: list[list[str]], extra_names: set[str] | None, phones: set[str], emails: set[str]) -> ImportPlan:
    """Read the whole file (header first); ``phones`` / ``emails``: the account's (E.164, lower-cased)."""
    if not rows:
        raise UserError("file: it is empty", hint="the first line names the columns, then one contact a line")
    columns = recognise(rows[0], extra_names)
    plan = ImportPlan(columns.fields, columns.headers, ignored=columns.ignored)
    first_of: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        values = [row[i].strip() if i < len(row) else "" for i in columns.index]
        if not any(values):
            continue  # a blank line
        try:
            mobile, email = check_row(columns.fields, values)
        except (FieldErrors, FieldError) as exc:
            plan.invalid += 1
            errors = exc.errors if isinstance(exc, FieldErrors) else [exc]
            for error in errors:
                if len(plan.errors) < SHOWN:
                    option = error.field or ""
                    value = values[columns.fields.index(option)] if option in columns.fields else ""
                    plan.errors.append(RowError(line, columns.headers.get(option, option), error.problem, value))
            continue
        why = _duplicate(mobile, email, phones, emails, first_of)
        if why is not None:
            in_file = why.startswith("same")
            plan.in_file += in_file
            plan.in_account += not in_file
            if len(plan.duplicates) < SHOWN:
                plan.duplicates.append(f"row {line}: {why}")
            continue
        first_of[mobile] = line
        if email:
            first_of[email] = line
        plan.rows.append((line, values))
    return plan


def _duplicate(mobile: str, email: str, phones: set[str], emails: set[str], first_of: dict[str, int]) -> str | None:
    """Why a valid row is not imported (a duplicate), or None."""
    if mobile in phones:
        return f"{mobile} is already a contact of the account"
    if email and email in emails:
        return f"{email} is already a contact of the account"
    for key in (mobile, email):
        if key and key in first_of:
            return f"same {'mobile' if key == mobile else 'e-mail'} as row {first_of[key]} ({key})"
    return None


def account_keys(contacts: list[Contact]) -> tuple[set[str], set[str]]:
    """The account's mobiles (E.164) and e-mails (lower-cased), as M9 lists them: what a row must not repeat."""
    phones: set[str] = set()
    emails: set[str] = set()
    for contact in contacts:
        values = current_values(contact)
        if values.get("gsm"):
            phones.add(values["gsm"])
        if values.get("email"):
            emails.add(values["email"].lower())
    return phones, emails
