"""/contact: Clever Multimedias account, contacts and users (M1–M10).

Contacts: add / edit / show / list for everyone, delete for admins behind a confirmation
card. Users (a manager's sub-accounts): admins only, always through a modal because a
password is needed; the vendor's passwords are never displayed nor logged.
"""

from __future__ import annotations

import difflib
import json
import logging
import re
from collections.abc import Callable
from typing import Any, TypeVar

from bot.core.errors import UserError
from bot.core.safe_writes import Executor, Outcome
from bot.rules.fields import FieldError, FieldErrors, check_email, check_int, check_length, collect
from bot.rules.grammar import only_options, parse_yes_no
from bot.rules.phones import parse_phone
from bot.services import Services
from bot.slack.blockkit import fields_section, header, input_block, modal, section, text_input
from bot.slack.context import BaseContext, CommandContext, ViewContext
from bot.slack.registry import Registry, Subcommand
from bot.vendors.clever.errors import CleverError
from bot.vendors.clever.models import Contact, ContactInput, UserInput
from bot.vendors.errors import VendorError
from handlers.clever.campaigns import expiry_phrase
from handlers.confirmation import audited_write, stage_and_confirm

T = TypeVar("T")

__all__ = ["register"]

log = logging.getLogger(__name__)

DELETE_KIND = "clever.contact.delete"
#: docs/decisions.md: letters (accents included), digits, space, ' . - ; 100 characters at most (§3.5).
_NAME = re.compile(r"[^\W_]+(?:[ '.\-]+[^\W_]*)*")
_USERNAME = re.compile(r"[A-Za-z0-9._@\-]{3,50}")
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
_PHONE_OPTIONS = {"gsm", "gsm2", "landline", "landline2", "fax", "fax2"}
USER_FIELDS = ["name", "lastname", "telephone", "email", "username", "password", "address", "zip", "city", "country"]
USER_FIELDS += ["company", "credit"]


def register(registry: Registry) -> None:
    registry.command(
        "/contact",
        "Contacts, users and account credit (Clever Multimedias)",
        "add | edit <id> | show <id> | delete <id> | list [login] | account | user …",
        vendor="clever",
    )
    for sub in _subcommands():
        registry.sub("/contact", sub)
    registry.view("clever.contact.add", validate_contact_view, submit_contact_view)
    registry.view("clever.contact.edit", validate_contact_view, submit_contact_view)
    registry.view("clever.user.add", validate_user_view, submit_user_view, admin_only=True)
    registry.view("clever.user.edit", validate_user_view, submit_user_view, admin_only=True)
    registry.executor(Executor(DELETE_KIND, "M8 delete contact", execute_delete, admin_only=True))


def _subcommands() -> list[Subcommand]:
    return [
        Subcommand(
            "add",
            "Create a contact (no arguments: a form with every field)",
            "/contact add name=… lastname=… gsm=… [email=…] [city=…] [duplicates=yes] [<additional field>=…]",
            "/contact add name=Durand lastname=Alice gsm=0611223344 city=Nantes",
            add,
            operations=("M5",),
        ),
        Subcommand(
            "edit",
            "Change a contact (only the fields given; no fields: a form)",
            "/contact edit <id> [field=value …]",
            "/contact edit 214906 city=Lyon",
            edit,
            operations=("M6", "M7"),
        ),
        Subcommand("show", "One contact", "/contact show <id>", "/contact show 214905", show, operations=("M7",)),
        Subcommand(
            "delete",
            "Delete a contact (confirmation card)",
            "/contact delete <id>",
            "/contact delete 214907",
            delete,
            admin_only=True,
            operations=("M8",),
        ),
        Subcommand(
            "list",
            "Every contact, or those of a user of this manager account",
            "/contact list [login]",
            "/contact list agence-lyon",
            list_contacts,
            operations=("M9", "M10"),
        ),
        Subcommand(
            "account",
            "The account's profile, credit and expiry date",
            "/contact account",
            "/contact account",
            account,
            operations=("M1",),
        ),
        Subcommand(
            "user add",
            "Create a user under this manager account (a form)",
            "/contact user add",
            "/contact user add",
            user_add,
            admin_only=True,
            operations=("M2",),
        ),
        Subcommand(
            "user edit",
            "Change a user of this manager account (a form, prefilled)",
            "/contact user edit <id>",
            "/contact user edit 1002",
            user_edit,
            admin_only=True,
            operations=("M3", "M4"),
        ),
        Subcommand(
            "user show",
            "One user of this manager account (never its password)",
            "/contact user show <id>",
            "/contact user show 1002",
            user_show,
            admin_only=True,
            operations=("M4",),
        ),
    ]


# -- account ----------------------------------------------------------------------------------
def account(ctx: CommandContext) -> None:
    info = ctx.services.clever.account()
    owner = " ".join(part for part in (info.lastname, info.name) if part) or "—"
    company = info.company.company_name if info.company and info.company.company_name else "—"
    fields = [
        ("Credit", f"{info.credit:,} units"),
        ("Account", expiry_phrase(info.expires_at)),
        ("Contact", owner),
        ("Company", company),
        ("E-mail", info.email or "—"),
        ("Phone", info.telephone or "—"),
    ]
    ctx.reply(
        f"Clever Multimedias account: {info.credit:,} units of credit",
        [header("Clever Multimedias account"), fields_section(fields)],
    )


# -- contacts ---------------------------------------------------------------------------------
def _contact_id(ctx: CommandContext, text: str) -> int:
    return _whole_id(ctx, text, "214905", " (`/contact list` shows the ids)")


def _existing(ctx: BaseContext, kind: str, item_id: int, read: Callable[[int], T]) -> T:
    """The contact or user ``item_id``; Clever's 404 said as which one does not exist."""
    try:
        return read(item_id)
    except CleverError as exc:
        if exc.status != 404:
            raise
        listing = "`/contact list`" if kind == "contact" else "the Clever Multimedias back office"
        raise UserError(
            f"id: there is no {kind} {item_id} on this account ({exc.detail})", hint=f"{listing} shows the ids"
        ) from None


def _whole_id(ctx: CommandContext, text: str, example: str, where: str = "") -> int:
    try:
        return check_int("id", text, minimum=1)
    except FieldError as exc:
        raise UserError(str(exc), hint=f"e.g. `/contact {ctx.subcommand} {example}`{where}") from None


def _options(text: str, known: set[str] | None = None) -> dict[str, str]:
    return only_options(text, known, example='/contact add name=Ada lastname="De La Tour" gsm=0612345678')


def _check_name(field: str, value: str) -> str:
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
            checked[CONTACT_OPTIONS[option]] = _check_name(option, raw)
        elif option == "gsm":
            checked["gsm_primary"] = parse_phone(option, raw, mobile_only=True).e164
        elif not raw:
            return
        elif option in _PHONE_OPTIONS:
            checked[CONTACT_OPTIONS[option]] = parse_phone(option, raw).e164
        elif option == "email":
            checked["email"] = check_email(option, raw)
        else:
            checked[CONTACT_OPTIONS[option]] = check_length(option, raw, maximum=100)

    collect(*[lambda o=option: check(o) for option in CONTACT_OPTIONS])
    return ContactInput(**checked, duplicates=1 if duplicates else None, extra=extras)


def _extra_names(services: Services) -> set[str] | None:
    """The additional fields (M24), or None when the list cannot be read: §3.24 is "à venir", so it gates
    nothing: any other ``name=value`` is then sent as an additional field and Clever decides."""
    try:
        return {field.name for field in services.clever.fields()}
    except VendorError as exc:
        log.warning("additional contact fields unavailable (M24): %s", exc.detail)
        return None


def _known_options(extra: set[str] | None) -> set[str] | None:
    return set(CONTACT_OPTIONS) | {"duplicates"} | extra if extra is not None else None


def _split(values: dict[str, str], extra_names: set[str] | None) -> tuple[dict[str, str], dict[str, str], bool]:
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


#: How close (difflib ratio) a name must be to one of Relais' own options to be taken for a typo of it.
TYPO_CUTOFF = 0.8


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
        for close in [difflib.get_close_matches(name.lower(), sorted(ours), n=1, cutoff=TYPO_CUTOFF)]
        if close
    ]
    if typos:
        raise FieldErrors(typos)


def add(ctx: CommandContext) -> None:
    extra = _extra_names(ctx.services)
    if not ctx.args.strip():
        ctx.open_modal(_contact_modal("clever.contact.add", "New contact", {}, extra))
        return
    values = _options(ctx.args, _known_options(extra))
    base, extras, duplicates = _split(values, extra)
    _create(ctx, contact_input(base, extras, duplicates=duplicates), command=f"/contact add {ctx.args}")


def _create(ctx: BaseContext, contact: ContactInput, *, command: str) -> None:
    try:
        created = audited_write(
            ctx,
            "M5 create contact",
            lambda: ctx.services.clever.create_contact(contact),
            command=command,
            check="`/contact list` shows whether it was created: check it before adding it again",
        )
    except CleverError as exc:
        if exc.status != 409:
            raise
        raise UserError(
            f"gsm: a contact with {contact.gsm_primary} already exists ({exc.detail})",
            hint="`/contact list` shows it; add `duplicates=yes` to create a second one anyway",
        ) from None
    who = f"{contact.lastname} {contact.name} ({contact.gsm_primary})"
    if created is None or not created.id:
        # A 2xx without the contact (202 "Accepted", §2.3): done, but its id is unknown here.
        ctx.reply(
            f":white_check_mark: Contact created: {who}. Clever Multimedias did not give its id: "
            "`/contact list` shows it."
        )
        return
    ctx.reply(f":white_check_mark: Contact {created.id} created: {who}")


def edit(ctx: CommandContext) -> None:
    head, _, rest = ctx.args.strip().partition(" ")
    contact_id = _contact_id(ctx, head)
    current = _existing(ctx, "contact", contact_id, ctx.services.clever.contact)
    extra = _extra_names(ctx.services)
    if not rest.strip():
        view = _contact_modal("clever.contact.edit", f"Edit contact {contact_id}", _current_values(current), extra)
        view["private_metadata"] = json.dumps({"contact_id": contact_id})
        ctx.open_modal(view)
        return
    values = {**_current_values(current), **_options(rest, _known_options(extra))}
    base, extras, duplicates = _split(values, extra)
    _edit(ctx, contact_id, contact_input(base, extras, duplicates=duplicates), command=f"/contact edit {ctx.args}")


def _edit(ctx: BaseContext, contact_id: int, contact: ContactInput, *, command: str) -> None:
    audited_write(
        ctx, "M6 edit contact", lambda: ctx.services.clever.edit_contact(contact_id, contact), command=command
    )
    ctx.reply(f":white_check_mark: Contact {contact_id} updated.")


def _national_to_e164(number: str | None) -> str:
    """§3.7 / §3.9 answer national numbers without the 0 ("600000002"): shown as E.164."""
    if not number:
        return ""
    return "+33" + number if re.fullmatch(r"[1-9]\d{8}", number) else number


def _current_values(contact: Contact) -> dict[str, str]:
    values = {}
    for option, name in CONTACT_OPTIONS.items():
        value = getattr(contact, name if name != "lastname" else "last_name")
        if value:
            values[option] = _national_to_e164(value) if option in _PHONE_OPTIONS else str(value)
    return values


def show(ctx: CommandContext) -> None:
    contact = _existing(ctx, "contact", _contact_id(ctx, ctx.args.strip()), ctx.services.clever.contact)
    ctx.reply(f"Contact {contact.id}", [header(f"Contact {contact.id}"), fields_section(_contact_pairs(contact))])


def _contact_pairs(contact: Contact) -> list[tuple[str, str]]:
    values = _current_values(contact)
    address = " ".join(values.get(k, "") for k in ("number", "street", "zip", "city")).strip()
    pairs = [
        ("Name", f"{values.get('lastname', '')} {values.get('name', '')}".strip() or "—"),
        ("Mobile", values.get("gsm", "—")),
        ("Mobile 2", values.get("gsm2", "—")),
        ("Landline", values.get("landline", "—")),
        ("E-mail", values.get("email", "—")),
        ("Address", address or "—"),
    ]
    return pairs


def list_contacts(ctx: CommandContext) -> None:
    login = ctx.args.strip()
    if login and not _USERNAME.fullmatch(login):
        raise UserError(f"login: `{login}` is not a user login", hint="e.g. `/contact list agence-lyon`")
    found = ctx.services.clever.user_contacts(login) if login else ctx.services.clever.contacts()
    if not found:
        ctx.reply("No contact." if not login else f"{login} has no contact.")
        return
    items = []
    for contact in found:
        pairs = dict(_contact_pairs(contact))
        items.append([section(f"`{contact.id}` *{pairs['Name']}* · {pairs['Mobile']} · {pairs['E-mail']}")])
    title = f"Contacts of {login}" if login else "Contacts"
    text, blocks = ctx.services.pages.show(title, items, per_page=20)
    ctx.reply(text, blocks)


def delete(ctx: CommandContext) -> None:
    contact_id = _contact_id(ctx, ctx.args.strip())
    contact = _existing(ctx, "contact", contact_id, ctx.services.clever.contact)
    pairs = dict(_contact_pairs(contact))
    stage_and_confirm(
        ctx,
        DELETE_KIND,
        {"id": contact_id},
        command=f"/contact delete {contact_id}",
        title=f"Delete contact {contact_id}",
        preview=[f"Contact: {pairs['Name']} · {pairs['Mobile']}", "This cannot be undone"],
    )


def execute_delete(services: Services, params: dict[str, Any]) -> Outcome:
    services.clever.delete_contact(int(params["id"]))
    return Outcome(summary=f"contact {params['id']} deleted")


# -- contact modal ----------------------------------------------------------------------------
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


def _contact_modal(callback_id: str, title: str, values: dict[str, str], extra: set[str] | None) -> dict[str, Any]:
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


_REQUIRED = {"name", "lastname", "gsm"}


def _view_values(ctx: ViewContext) -> tuple[dict[str, str], dict[str, str], bool]:
    values = {k: str(v) for k, v in ctx.values.items() if v}
    base = {k: v for k, v in values.items() if k in CONTACT_OPTIONS}
    extras = {k[2:]: v for k, v in values.items() if k.startswith("x_")}
    return base, extras, parse_yes_no("duplicates", values.get("duplicates", ""), empty=False)


def validate_contact_view(ctx: ViewContext) -> dict[str, str]:
    base, extras, duplicates = _view_values(ctx)
    try:
        contact_input(base, extras, duplicates=duplicates)
    except FieldErrors as exc:
        return exc.as_modal_errors()
    return {}


def submit_contact_view(ctx: ViewContext) -> None:
    base, extras, duplicates = _view_values(ctx)
    contact = contact_input(base, extras, duplicates=duplicates)
    if ctx.callback_id == "clever.contact.edit":
        contact_id = int(ctx.metadata.get("contact_id") or 0)
        _edit(ctx, contact_id, contact, command=f"modal clever.contact.edit {contact_id}")
    else:
        _create(ctx, contact, command="modal clever.contact.add")


# -- users ------------------------------------------------------------------------------------
def user_add(ctx: CommandContext) -> None:
    ctx.open_modal(_user_modal("clever.user.add", "New user", {}, None))


def user_show(ctx: CommandContext) -> None:
    found = _existing(ctx, "user", _whole_id(ctx, ctx.args.strip(), "1002"), ctx.services.clever.user)
    ctx.reply(f"User {found.username}", [header(f"User {found.username}"), fields_section(_user_pairs(found))])


def user_edit(ctx: CommandContext) -> None:
    user_id = _whole_id(ctx, ctx.args.strip(), "1002")
    found = _existing(ctx, "user", user_id, ctx.services.clever.user)
    ctx.open_modal(_user_modal("clever.user.edit", f"Edit user {user_id}", _user_values(found), user_id))


def _user_pairs(found: Any) -> list[tuple[str, str]]:
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


def _user_values(found: Any) -> dict[str, str]:
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


_USER_OPTIONAL = {"zip", "city", "country", "company", "credit"}


_USER_LABELS = {
    "name": "Family name (name)",
    "lastname": "First name (lastname)",
    "password": "Password (6+ characters, a capital and a digit)",
}


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
        if not _USERNAME.fullmatch(text):
            raise FieldError("username", f"`{text}`: 3–50 of A-Z a-z 0-9 . _ @ -", "e.g. `agence-nantes`")
        return text

    optional = {"zip_code": "zip", "city": "city", "country": "country", "company_name": "company"}
    collect(
        lambda: put("name", lambda: _check_name("name", values.get("name", ""))),
        lambda: put("lastname", lambda: _check_name("lastname", values.get("lastname", ""))),
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


def validate_user_view(ctx: ViewContext) -> dict[str, str]:
    try:
        user_input({k: str(v) for k, v in ctx.values.items() if v})
    except FieldErrors as exc:
        return exc.as_modal_errors()
    return {}


def submit_user_view(ctx: ViewContext) -> None:
    data = user_input({k: str(v) for k, v in ctx.values.items() if v})
    if ctx.callback_id == "clever.user.edit":
        user_id = int(ctx.metadata.get("user_id") or 0)
        audited_write(
            ctx,
            "M3 edit user",
            lambda: ctx.services.clever.edit_user(user_id, data),
            command=f"modal clever.user.edit {user_id}",
        )
        ctx.reply(f":white_check_mark: User {user_id} ({data.username}) updated.")
        return
    created = audited_write(
        ctx, "M2 create user", lambda: ctx.services.clever.create_user(data), command="modal clever.user.add"
    )
    if created is None or not created.id:
        ctx.reply(
            f":white_check_mark: User {data.username} created; Clever Multimedias did not give its id "
            "(its back office shows it). The password is not shown again."
        )
        return
    ctx.reply(f":white_check_mark: User {created.username} created (id {created.id}). The password is not shown again.")
