"""``/contact user``: the users (sub-accounts) of this manager account (M2–M4), admins only.

Always through a modal, because a password is needed; the vendor's passwords are never
displayed nor logged. Not a ``WriteForm``: there is no command door to share a check with.
"""

from __future__ import annotations

import json
from typing import Any

from bot.rules.fields import FieldErrors
from bot.slack.blockkit import fields_section, header, input_block, modal, text_input
from bot.slack.context import CommandContext, ViewContext
from bot.vendors.clever.models import User
from handlers.clever.contact_calls import existing
from handlers.clever.contact_rules import user_input, whole_id
from handlers.clever.kit import CleverKit, clever

__all__ = ["submit_user_view", "user_add", "user_edit", "user_show", "validate_user_view"]

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


@clever.sub(
    "/contact",
    "user add",
    summary="Create a user under this manager account (a form)",
    usage="/contact user add",
    example="/contact user add",
    admin_only=True,
    operations=("M2",),
)
def user_add(ctx: CommandContext, kit: CleverKit) -> None:
    ctx.open_modal(_user_modal(ADD, "New user", {}, None))


@clever.sub(
    "/contact",
    "user edit",
    summary="Change a user of this manager account (a form, prefilled)",
    usage="/contact user edit <id>",
    example="/contact user edit 1002",
    admin_only=True,
    operations=("M3", "M4"),
)
def user_edit(ctx: CommandContext, kit: CleverKit) -> None:
    user_id = _user_id(ctx)
    found = existing("user", user_id, kit.client.user)
    ctx.open_modal(_user_modal(EDIT, f"Edit user {user_id}", _user_values(found), user_id))


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


def _user_modal(callback_id: str, title: str, values: dict[str, str], user_id: int | None) -> dict[str, Any]:
    blocks = [
        input_block(
            name,
            _USER_LABELS.get(name, name.capitalize()),
            text_input(name, initial=None if name == "password" else values.get(name)),
            optional=name in _USER_OPTIONAL,
        )
        for name in USER_FIELDS
    ]
    return modal(
        title, blocks, callback_id=callback_id, submit="Save", private_metadata=json.dumps({"user_id": user_id})
    )


def validate_user_view(ctx: ViewContext, kit: CleverKit) -> dict[str, str]:
    try:
        user_input({k: str(v) for k, v in ctx.values.items() if v})
    except FieldErrors as exc:
        return exc.as_modal_errors()
    return {}


def submit_user_view(ctx: ViewContext, kit: CleverKit) -> None:
    data = user_input({k: str(v) for k, v in ctx.values.items() if v})
    if ctx.callback_id == EDIT:
        user_id = int(ctx.metadata.get("user_id") or 0)
        ctx.audited_write(
            "M3 edit user", lambda: kit.client.edit_user(user_id, data), command=f"modal {EDIT} {user_id}"
        )
        ctx.reply(f":white_check_mark: User {user_id} ({data.username}) updated.")
        return
    created = ctx.audited_write("M2 create user", lambda: kit.client.create_user(data), command=f"modal {ADD}")
    if created is None or not created.id:
        ctx.reply(
            f":white_check_mark: User {data.username} created; Clever Multimedias did not give its id "
            "(its back office shows it). The password is not shown again."
        )
        return
    ctx.reply(f":white_check_mark: User {created.username} created (id {created.id}). The password is not shown again.")


for _callback in (ADD, EDIT):
    clever.view(_callback, validate=validate_user_view, admin_only=True)(submit_user_view)
