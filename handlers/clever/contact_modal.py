"""The contact forms of ``/contact add`` and ``/contact edit <id>``: every field, the additional ones too.

Both are ``bot.slack.forms.Form``s. The additional fields are the account's (read from the
vendor when the form opens or a command line is read: ``parse`` has the kit); the edit
form is about one contact (``contact_calls.EditedItem``), pre-filled with it as Clever has
it. Either door reads its values into the same ``Values`` (Relais' fields, the additional ones,
``duplicates``), which the one check (``contact_rules.contact_input``) reads.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from bot.rules.grammar import only_options, parse_yes_no
from bot.slack.blockkit import input_block, text_input
from bot.slack.context import BaseContext, CommandContext, ViewContext
from bot.slack.forms import CreationForm, NoCatalogForm, Values
from bot.vendors.clever.models import Contact, ContactInput
from handlers.clever.contact_calls import EditedItem, create_contact, edit_contact, existing, extra_names
from handlers.clever.contact_rules import (
    CONTACT_OPTIONS,
    PHONE_OPTIONS,
    contact_input,
    known_options,
    split_options,
    whole_id,
)
from handlers.clever.kit import CleverKit

__all__ = ["ADD", "ADD_CONTACT", "EDIT", "EDIT_CONTACT", "current_values"]

ADD, EDIT = "clever.contact.add", "clever.contact.edit"
_LABELS = {
    # Clever's own words (§3.1, §3.5): "name : nom", "lastname : prénom", despite the English.
    "name": "Family name (name)",
    "lastname": "First name (lastname)",
    "gsm": "Mobile (+336…)",
    "gsm2": "Second mobile",
    "landline": "Landline",
    "landline2": "Second landline",
    "fax": "Fax",
    "fax2": "Second fax",
    "email": "E-mail",
    "zip": "Zip code",
    "city": "City",
    "street": "Street",
    "number": "Street number",
}
_REQUIRED = {"name", "lastname", "gsm"}


def _contact_blocks(values: dict[str, str], extra: set[str] | None) -> list[dict[str, Any]]:
    blocks = [
        input_block(option, label, text_input(option, initial=values.get(option)), optional=option not in _REQUIRED)
        for option, label in _LABELS.items()
    ]
    blocks += [
        input_block(f"x_{name}", f"{name} (additional field)", text_input(f"x_{name}"), optional=True)
        for name in sorted(extra or ())
    ]
    blocks.append(
        input_block(
            "duplicates",
            "Allow a duplicate (same mobile)",
            text_input("duplicates", placeholder="yes / no"),
            optional=True,
        )
    )
    return blocks


def _national_to_e164(number: str | None) -> str:
    """§3.7 / §3.9 answer national numbers without the 0 ("600000002"): shown as E.164."""
    if not number:
        return ""
    return "+33" + number if re.fullmatch(r"[1-9]\d{8}", number) else number


def current_values(contact: Contact) -> dict[str, str]:
    """A contact as Clever has it, by option name (the edit form opens with it; a command line edits it)."""
    values = {}
    for option, name in CONTACT_OPTIONS.items():
        value = getattr(contact, name if name != "lastname" else "last_name")
        if value:
            values[option] = _national_to_e164(value) if option in PHONE_OPTIONS else str(value)
    return values


def _options(text: str, known: set[str] | None = None) -> dict[str, str]:
    return only_options(text, known, example='/contact add name=Ada lastname="De La Tour" gsm=0612345678')


def _split(options: dict[str, str], extra: set[str] | None) -> Values:
    base, extras, duplicates = split_options(options, extra)
    return {"base": base, "extras": extras, "duplicates": duplicates}


S = TypeVar("S")


class ContactForm(NoCatalogForm[CleverKit, S, ContactInput]):
    """What the add and edit forms share: the blocks, the modal's values, the one check."""

    admin_only = False

    def values_of(self, subject: S) -> dict[str, str]:
        """The values the form opens with (and that a command line changes)."""
        raise NotImplementedError

    def fields(self, kit: CleverKit, subject: S) -> list[dict[str, Any]]:
        return _contact_blocks(self.values_of(subject), extra_names(kit.client))

    def parse(self, kit: CleverKit, subject: S, line: str) -> Values:
        extra = extra_names(kit.client)
        return _split({**self.values_of(subject), **_options(line, known_options(extra))}, extra)

    def submitted(self, ctx: ViewContext, subject: S) -> Values:
        values = {k: str(v) for k, v in ctx.values.items() if v}
        return {
            "base": {k: v for k, v in values.items() if k in CONTACT_OPTIONS},
            "extras": {k[2:]: v for k, v in values.items() if k.startswith("x_")},
            "duplicates": parse_yes_no("duplicates", values.get("duplicates", ""), empty=False),
        }

    def check(self, values: Values, catalog: None) -> ContactInput:
        return contact_input(values["base"], values["extras"], duplicates=values["duplicates"])


class AddContact(CreationForm[CleverKit, None, ContactInput], ContactForm[None]):
    callback_id = ADD
    title = "New contact"

    def values_of(self, subject: None) -> dict[str, str]:
        return {}

    def perform(self, ctx: BaseContext, kit: CleverKit, subject: None, params: ContactInput) -> None:
        command = f"/contact add {ctx.args}" if isinstance(ctx, CommandContext) else f"modal {ADD}"
        create_contact(ctx, kit.client, params, command=command)


class EditContact(ContactForm[EditedItem]):
    """Only the fields given change: a command line is read over the contact's current values."""

    callback_id = EDIT
    title = "Edit a contact"

    def subject(self, kit: CleverKit, text: str) -> tuple[EditedItem, str]:
        head, _, rest = text.strip().partition(" ")
        contact_id = whole_id(head, subcommand="edit", example="214905", where=" (`/contact list` shows the ids)")
        return EditedItem(contact_id, current_values(existing("contact", contact_id, kit.client.contact))), rest

    def restore(self, ctx: ViewContext) -> EditedItem:
        return EditedItem(int(ctx.metadata.get("contact_id") or 0))

    def title_for(self, subject: EditedItem) -> str:
        return f"Edit contact {subject.id}"

    def metadata(self, subject: EditedItem) -> dict[str, Any]:
        return {"contact_id": subject.id}

    def values_of(self, subject: EditedItem) -> dict[str, str]:
        return subject.current

    def perform(self, ctx: BaseContext, kit: CleverKit, subject: EditedItem, params: ContactInput) -> None:
        command = f"/contact edit {ctx.args}" if isinstance(ctx, CommandContext) else f"modal {EDIT} {subject.id}"
        edit_contact(ctx, kit.client, subject.id, params, command=command)


ADD_CONTACT = AddContact()
EDIT_CONTACT = EditContact()
