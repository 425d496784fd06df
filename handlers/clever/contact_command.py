"""``/contact`` contacts (M5–M10): add, edit, show, delete (admins, confirmation card), list.

add and edit are the contact forms of ``handlers.clever.contact_modal`` (``field=value``
options, or without them the modal), declared here. The fields are checked by ``contact_rules``.
"""

from __future__ import annotations

from typing import Any

from bot.core.errors import UserError
from bot.core.safe_writes import Outcome
from bot.slack.blockkit import fields_section, header
from bot.slack.context import ActionContext, BaseContext, CommandContext
from bot.slack.exports import take_export
from handlers.clever.contact_calls import existing
from handlers.clever.contact_items import (
    DELETE_BUTTON,
    EDIT_BUTTON,
    SHOW_BUTTON,
    contact_item,
    contact_pairs,
    contact_table,
)
from handlers.clever.contact_modal import ADD_CONTACT, EDIT_CONTACT
from handlers.clever.contact_rules import USERNAME, whole_id
from handlers.clever.kit import CleverKit, clever

__all__ = [
    "DELETE_KIND",
    "delete",
    "execute_delete",
    "list_contacts",
    "on_delete_button",
    "on_show_button",
    "show",
    "show_contact",
    "stage_delete",
]

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
#: Edit under a listed contact: the same form, prefilled, as `/contact edit <id>` opens.
EDIT_CONTACT.declare_button(clever, EDIT_BUTTON, operation="M7")


@clever.sub(
    "/contact",
    "show",
    summary="One contact",
    usage="/contact show <id>",
    example="/contact show 214905",
    operations=("M7",),
)
def show(ctx: CommandContext, kit: CleverKit) -> None:
    show_contact(ctx, kit, _contact_id(ctx, ctx.args.strip()))


def show_contact(ctx: BaseContext, kit: CleverKit, contact_id: int) -> None:
    """What `/contact show <id>` answers (the Show button under a listed contact answers the same)."""
    contact = existing("contact", contact_id, kit.client.contact)
    ctx.reply(f"Contact {contact.id}", [header(f"Contact {contact.id}"), fields_section(contact_pairs(contact))])


@clever.action(SHOW_BUTTON, operation="M7")
def on_show_button(ctx: ActionContext, kit: CleverKit) -> None:
    show_contact(ctx, kit, _button_id(ctx))


def _button_id(ctx: ActionContext) -> int:
    return whole_id(ctx.argument, subcommand="show", example="214905")


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
    stage_delete(ctx, kit, _contact_id(ctx, ctx.args.strip()))


@clever.action(DELETE_BUTTON, admin_only=True, operation="M8")
def on_delete_button(ctx: ActionContext, kit: CleverKit) -> None:
    stage_delete(ctx, kit, _button_id(ctx))


def stage_delete(ctx: BaseContext, kit: CleverKit, contact_id: int) -> None:
    """The delete confirmation card of `/contact delete <id>` (admins: the declarations check it)."""
    contact = existing("contact", contact_id, kit.client.contact)
    pairs = dict(contact_pairs(contact))
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
    usage="/contact list [login] [export]",
    example="/contact list agence-lyon",
    operations=("M9", "M10"),
)
def list_contacts(ctx: CommandContext, kit: CleverKit) -> None:
    rest, export = take_export(ctx.args)
    login = rest.strip()
    if login and not USERNAME.fullmatch(login):
        raise UserError(f"login: `{login}` is not a user login", hint="e.g. `/contact list agence-lyon`")
    found = kit.client.user_contacts(login) if login else kit.client.contacts()
    items = [contact_item(contact, admin=ctx.is_admin) for contact in found]
    title = f"Contacts of {login}" if login else "Contacts"
    ctx.paginate(
        title,
        items,
        per_page=10,  # two blocks each (the line, its buttons): within Slack's 50 blocks a message
        empty=f"{login} has no contact." if login else "No contact.",
        table=contact_table(f"contacts-{login}.csv" if login else "contacts.csv", found),
        export=export,
    )
