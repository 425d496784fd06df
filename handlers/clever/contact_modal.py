"""The contact modal (``/contact add`` or ``/contact edit <id>`` without fields): every field, the additional ones too.

Not a ``WriteForm``: its fields depend on the account's additional fields (read from the
vendor when it opens), and the edit door is prefilled with the contact as Clever has it.
"""

from __future__ import annotations

from typing import Any

from bot.rules.fields import FieldErrors
from bot.rules.grammar import parse_yes_no
from bot.slack.blockkit import input_block, modal, text_input
from bot.slack.context import ViewContext
from handlers.clever.contact_calls import create_contact, edit_contact
from handlers.clever.contact_rules import CONTACT_OPTIONS, contact_input
from handlers.clever.kit import CleverKit, clever

__all__ = ["ADD", "EDIT", "contact_modal", "submit_contact_view", "validate_contact_view"]

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


def contact_modal(callback_id: str, title: str, values: dict[str, str], extra: set[str] | None) -> dict[str, Any]:
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
    return modal(title, blocks, callback_id=callback_id, submit="Save")


def _view_values(ctx: ViewContext) -> tuple[dict[str, str], dict[str, str], bool]:
    values = {k: str(v) for k, v in ctx.values.items() if v}
    base = {k: v for k, v in values.items() if k in CONTACT_OPTIONS}
    extras = {k[2:]: v for k, v in values.items() if k.startswith("x_")}
    return base, extras, parse_yes_no("duplicates", values.get("duplicates", ""), empty=False)


def validate_contact_view(ctx: ViewContext, kit: CleverKit) -> dict[str, str]:
    base, extras, duplicates = _view_values(ctx)
    try:
        contact_input(base, extras, duplicates=duplicates)
    except FieldErrors as exc:
        return exc.as_modal_errors()
    return {}


def submit_contact_view(ctx: ViewContext, kit: CleverKit) -> None:
    base, extras, duplicates = _view_values(ctx)
    contact = contact_input(base, extras, duplicates=duplicates)
    if ctx.callback_id == EDIT:
        contact_id = int(ctx.metadata.get("contact_id") or 0)
        edit_contact(ctx, kit.client, contact_id, contact, command=f"modal {EDIT} {contact_id}")
    else:
        create_contact(ctx, kit.client, contact, command=f"modal {ADD}")


for _callback in (ADD, EDIT):
    clever.view(_callback, validate=validate_contact_view)(submit_contact_view)
