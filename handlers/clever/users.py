"""``/contact user``: the users (sub-accounts) of this manager account (M2–M4), admins only.

add and edit are ``bot.slack.forms.Form``s with no command line (``typed = False``): always
the modal, because a password is needed; the vendor's passwords are never displayed nor
logged. The edit form is about one user (``contact_calls.EditedItem``), pre-filled with it.
"""

from __future__ import annotations

from typing import Any, TypeVar

from bot.slack.blockkit import fields_section, header, input_block, text_input
from bot.slack.context import BaseContext, CommandContext, ViewContext
from bot.slack.forms import CreationForm, NoCatalogForm, Values
from bot.vendors.clever.models import User, UserInput
from handlers.clever.contact_calls import EditedItem, existing
from handlers.clever.contact_rules import user_input, whole_id
from handlers.clever.kit import CleverKit, clever

__all__ = ["ADD_USER", "EDIT_USER", "user_show"]

ADD, EDIT = "clever.user.add", "clever.user.edit"
USER_FIELDS = ["name", "lastname", "telephone", "email", "username", "password", "address", "zip", "city", "country"]
USER_FIELDS += ["company", "credit"]
_USER_OPTIONAL = {"zip", "city", "country", "company", "credit"}
_USER_LABELS = {
    "name": "Family name (name)",
    "lastname": "First name (lastname)",
    "password": "Password (6+ characters, a capital and a digit)",
}


def _user_id(ctx: CommandContext) -> int:
    return whole_id(ctx.args.strip(), subcommand=ctx.subcommand, example="1002")


def _user_pairs(found: User) -> list[tuple[str, str]]:
    acc = found.account
    company = acc.company
    return [
        ("Id", str(found.id or "—")),
        ("Username", found.username or "—"),
        ("Name", f"{acc.lastname or ''} {acc.name or ''}".strip() or "—"),
        ("E-mail", acc.email or "—"),
        ("Phone", acc.telephone or "—"),
        ("Credit", f"{acc.credit:,} units"),
        ("Company", (company.company_name if company else None) or "—"),
        ("City", (company.city if company else None) or "—"),
    ]


def _user_values(found: User) -> dict[str, str]:
    acc, company = found.account, found.account.company
    values = {
        "name": acc.name,
        "lastname": acc.lastname,
        "telephone": acc.telephone,
        "email": acc.email,
        "username": found.username,
        "address": company.address if company else None,
        "zip": company.zip_code if company else None,
        "city": company.city if company else None,
        "country": company.country if company else None,
        "company": company.company_name if company else None,
        "credit": str(acc.credit),
    }
    return {k: str(v) for k, v in values.items() if v}


def _user_blocks(values: dict[str, str]) -> list[dict[str, Any]]:
    return [
        input_block(
            name,
            _USER_LABELS.get(name, name.capitalize()),
            text_input(name, initial=None if name == "password" else values.get(name)),
            optional=name in _USER_OPTIONAL,
        )
        for name in USER_FIELDS
    ]


S = TypeVar("S")


class UserForm(NoCatalogForm[CleverKit, S, UserInput]):
    """What the add and edit forms share: no command line, the blocks, the one check."""

    typed = False  # a password is needed: always the modal

    def values_of(self, subject: S) -> dict[str, str]:
        raise NotImplementedError

    def fields(self, kit: CleverKit, subject: S) -> list[dict[str, Any]]:
        return _user_blocks(self.values_of(subject))

    def check(self, values: Values, catalog: None) -> UserInput:
        return user_input({k: str(v) for k, v in values.items() if v})


class AddUser(CreationForm[CleverKit, None, UserInput], UserForm[None]):
    callback_id = ADD
    title = "New user"

    def values_of(self, subject: None) -> dict[str, str]:
        return {}

    def metadata(self, subject: None) -> dict[str, Any]:
        return {"user_id": None}

    def perform(self, ctx: BaseContext, kit: CleverKit, subject: None, params: UserInput) -> None:
        created = ctx.audited_write("M2 create user", lambda: kit.client.create_user(params), command=f"modal {ADD}")
        if created is None or not created.id:
            ctx.reply(
                f":white_check_mark: User {params.username} created; Clever Multimedias did not give its id "
                "(its back office shows it). The password is not shown again."
            )
            return
        ctx.reply(
            f":white_check_mark: User {created.username} created (id {created.id}). The password is not shown again."
        )


class EditUser(UserForm[EditedItem]):
    callback_id = EDIT
    title = "Edit a user"

    def subject(self, kit: CleverKit, text: str) -> tuple[EditedItem, str]:
        user_id = whole_id(text.strip(), subcommand="user edit", example="1002")
        return EditedItem(user_id, _user_values(existing("user", user_id, kit.client.user))), ""

    def restore(self, ctx: ViewContext) -> EditedItem:
        return EditedItem(int(ctx.metadata.get("user_id") or 0))

    def title_for(self, subject: EditedItem) -> str:
        return f"Edit user {subject.id}"

    def values_of(self, subject: EditedItem) -> dict[str, str]:
        return subject.current

    def metadata(self, subject: EditedItem) -> dict[str, Any]:
        return {"user_id": subject.id}

    def perform(self, ctx: BaseContext, kit: CleverKit, subject: EditedItem, params: UserInput) -> None:
        ctx.audited_write(
            "M3 edit user", lambda: kit.client.edit_user(subject.id, params), command=f"modal {EDIT} {subject.id}"
        )
        ctx.reply(f":white_check_mark: User {subject.id} ({params.username}) updated.")


ADD_USER = AddUser()
EDIT_USER = EditUser()
ADD_USER.declare(
    clever,
    "/contact",
    "user add",
    summary="Create a user under this manager account (a form)",
    usage="/contact user add",
    example="/contact user add",
    operations=("M2",),
)
EDIT_USER.declare(
    clever,
    "/contact",
    "user edit",
    summary="Change a user of this manager account (a form, prefilled)",
    usage="/contact user edit <id>",
    example="/contact user edit 1002",
    operations=("M3", "M4"),
)


@clever.sub(
    "/contact",
    "user show",
    summary="One user of this manager account (never its password)",
    usage="/contact user show <id>",
    example="/contact user show 1002",
    admin_only=True,
    operations=("M4",),
)
def user_show(ctx: CommandContext, kit: CleverKit) -> None:
    found = existing("user", _user_id(ctx), kit.client.user)
    ctx.reply(f"User {found.username}", [header(f"User {found.username}"), fields_section(_user_pairs(found))])
