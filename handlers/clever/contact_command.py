"""``/contact`` contacts (M5–M10): add, edit, show, delete (admins, confirmation card), list.

add and edit are the contact forms of ``handlers.clever.contact_modal`` (``field=value``
options, or without them the modal), declared here. The fields are checked by ``contact_rules``.
"""

from __future__ import annotations

from typing import Any

from bot.core.errors import UserError
from bot.core.safe_writes import Outcome
from bot.slack.blockkit import fields_section, header, section
from bot.slack.context import CommandContext
from bot.vendors.clever.models import Contact
from handlers.clever.contact_calls import existing
from handlers.clever.contact_modal import ADD_CONTACT, EDIT_CONTACT, current_values
from handlers.clever.contact_rules import USERNAME, whole_id
from handlers.clever.kit import CleverKit, clever

__all__ = ["DELETE_KIND", "delete", "execute_delete", "list_contacts", "show"]

DELETE_KIND = "clever.contact.delete"


def _contact_id(ctx: CommandContext, text: str) -> int:
    return whole_id(text, subcommand=ctx.subcommand, example="214905", where=" (`/contact list` shows the ids)")


ADD_CONTACT.declare(
    clever,
    "/contact",
    "add",
    summary="Create a contact (no arguments: a form with every field)",
    usage="/contact add name=… lastname=… gsm=… [email=…] [city=…] [duplicates=yes] [<additional field>=…]",
    example="/contact add name=Durand lastname=Alice gsm=0611223344 city=Nantes",
    operations=("M5",),
)
EDIT_CONTACT.declare(
    clever,
    "/contact",
    "edit",
    summary="Change a contact (only the fields given; no fields: a form)",
    usage="/contact edit <id> [field=value …]",
    example="/contact edit 214906 city=Lyon",
    operations=("M6", "M7"),
)


@clever.sub(
    "/contact",
    "show",
    summary="One contact",
    usage="/contact show <id>",
    example="/contact show 214905",
    operations=("M7",),
)
def show(ctx: CommandContext, kit: CleverKit) -> None:
    contact = existing("contact", _contact_id(ctx, ctx.args.strip()), kit.client.contact)
    ctx.reply(f"Contact {contact.id}", [header(f"Contact {contact.id}"), fields_section(_contact_pairs(contact))])


def _contact_pairs(contact: Contact) -> list[tuple[str, str]]:
    values = current_values(contact)
    address = " ".join(values.get(k, "") for k in ("number", "street", "zip", "city")).strip()
    return [
        ("Name", f"{values.get('lastname', '')} {values.get('name', '')}".strip() or "—"),
        ("Mobile", values.get("gsm", "—")),
        ("Mobile 2", values.get("gsm2", "—")),
        ("Landline", values.get("landline", "—")),
        ("E-mail", values.get("email", "—")),
        ("Address", address or "—"),
    ]


@clever.sub(
    "/contact",
    "delete",
    summary="Delete a contact (confirmation card)",
    usage="/contact delete <id>",
    example="/contact delete 214907",
    admin_only=True,
    operations=("M8",),
)
def delete(ctx: CommandContext, kit: CleverKit) -> None:
    contact_id = _contact_id(ctx, ctx.args.strip())
    contact = existing("contact", contact_id, kit.client.contact)
    pairs = dict(_contact_pairs(contact))
    ctx.stage(
        DELETE_KIND,
        {"id": contact_id},
        command=f"/contact delete {contact_id}",
        title=f"Delete contact {contact_id}",
        preview=[f"Contact: {pairs['Name']} · {pairs['Mobile']}", "This cannot be undone"],
    )


@clever.executor(DELETE_KIND, "M8 delete contact", admin_only=True, button="Delete contact", danger=True)
def execute_delete(kit: CleverKit, params: dict[str, Any]) -> Outcome:
    kit.client.delete_contact(int(params["id"]))
    return Outcome(summary=f"contact {params['id']} deleted")


@clever.sub(
    "/contact",
    "list",
    summary="Every contact, or those of a user of this manager account",
    usage="/contact list [login]",
    example="/contact list agence-lyon",
    operations=("M9", "M10"),
)
def list_contacts(ctx: CommandContext, kit: CleverKit) -> None:
    login = ctx.args.strip()
    if login and not USERNAME.fullmatch(login):
        raise UserError(f"login: `{login}` is not a user login", hint="e.g. `/contact list agence-lyon`")
    found = kit.client.user_contacts(login) if login else kit.client.contacts()
    items = []
    for contact in found:
        pairs = dict(_contact_pairs(contact))
        items.append([section(f"`{contact.id}` *{pairs['Name']}* · {pairs['Mobile']} · {pairs['E-mail']}")])
    title = f"Contacts of {login}" if login else "Contacts"
    ctx.paginate(title, items, per_page=20, empty=f"{login} has no contact." if login else "No contact.")
