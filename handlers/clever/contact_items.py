"""A contact as a listing shows it: one line with its Show / Edit / Delete buttons, and as a CSV row.

``/contact list`` and ``/contact search`` (and the App Home's "Find a contact") draw their items
here, so a contact looks and acts the same wherever it is listed. The button ids are the ones
agreed for issue 13 (the App Home shows the same buttons); the buttons themselves are declared
in ``contact_command`` beside the subcommands they do the same as.
"""

from __future__ import annotations

from typing import Any

from bot.slack.blockkit import actions, button, section
from bot.slack.exports import Table
from bot.vendors.clever.models import Contact
from handlers.clever.contact_modal import current_values
from handlers.clever.contact_rules import PHONE_OPTIONS

__all__ = [
    "DELETE_BUTTON",
    "EDIT_BUTTON",
    "SHOW_BUTTON",
    "contact_item",
    "contact_numbers",
    "contact_pairs",
    "contact_table",
    "full_name",
]

SHOW_BUTTON = "clever.contact.show:"
EDIT_BUTTON = "clever.contact.edit:"
DELETE_BUTTON = "clever.contact.delete:"  # admins only (declared admin_only)

#: The export's columns, in the order of the contact form.
_COLUMNS = ["id", "family name", "first name", "mobile", "mobile 2", "landline", "e-mail", "street number",
            "street", "zip code", "city"]  # fmt: skip
_COLUMN_OPTIONS = ["name", "lastname", "gsm", "gsm2", "landline", "email", "number", "street", "zip", "city"]


def full_name(contact: Contact) -> str:
    """ "Marie Dupont": Clever's ``lastname`` is the first name, its ``name`` the family name (§3.5)."""
    return f"{contact.last_name or ''} {contact.name or ''}".strip()


def contact_numbers(contact: Contact) -> list[str]:
    """The contact's numbers in E.164 (Clever lists them without their 0: ``600000002``)."""
    values = current_values(contact)
    return [values[option] for option in PHONE_OPTIONS if values.get(option)]


def contact_pairs(contact: Contact) -> list[tuple[str, str]]:
    """The fields ``/contact show`` shows, with "—" for what is empty."""
    values = current_values(contact)
    address = " ".join(values.get(k, "") for k in ("number", "street", "zip", "city")).strip()
    return [
        ("Name", full_name(contact) or "—"),
        ("Mobile", values.get("gsm", "—")),
        ("Mobile 2", values.get("gsm2", "—")),
        ("Landline", values.get("landline", "—")),
        ("E-mail", values.get("email", "—")),
        ("Address", address or "—"),
    ]


def contact_item(contact: Contact, *, admin: bool) -> list[dict[str, Any]]:
    """One listed contact: its line, then Show / Edit (and Delete for an admin: members never see it)."""
    pairs = dict(contact_pairs(contact))
    line = section(f"`{contact.id}` *{pairs['Name']}* · {pairs['Mobile']} · {pairs['E-mail']}")
    if not contact.id:
        return [line]  # nothing to act on without its id
    buttons = [button("Show", f"{SHOW_BUTTON}{contact.id}"), button("Edit", f"{EDIT_BUTTON}{contact.id}")]
    if admin:
        buttons.append(button("Delete", f"{DELETE_BUTTON}{contact.id}", style="danger"))
    return [line, actions(*buttons, block_id=f"contact-{contact.id}")]


def contact_table(filename: str, contacts: list[Contact]) -> Table:
    """Every listed contact as a spreadsheet row (the Export CSV button, ``… export``)."""
    rows = []
    for contact in contacts:
        values = current_values(contact)
        rows.append([contact.id or "", *(values.get(option, "") for option in _COLUMN_OPTIONS)])
    return Table(filename=filename, columns=_COLUMNS, rows=rows)
