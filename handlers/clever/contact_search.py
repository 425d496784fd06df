"""``/contact search <name or phone>``: the account's contacts (M9) found by name, phone or e-mail.

A phone in any usual form (``06 12 34 56 78``, ``+33 6…``, ``0033 6…``, ``6 12…``) is compared in
E.164; digits that make no whole number (``0612 34``) are looked for inside the contacts'
numbers. Anything else is a name or an e-mail, compared without case or accents
(``bot.rules.names.fold``), each word a part of one (``dup`` finds Dupont). The hits are a
listing with Show / Edit / Delete buttons and an Export CSV button; no hit names the nearest
names. ``reply_search`` is the one door: the App Home's "Find a contact" modal calls it too.

M9 only: for a manager it lists the manager's own contacts; a user's are M10's (``/contact list
<login>``), which the issue does not ask to search.
"""

from __future__ import annotations

import re

from bot.core.errors import UserError
from bot.rules.fields import FieldError
from bot.rules.names import closest, fold, offer
from bot.rules.phones import SEPARATORS, parse_phone
from bot.slack.context import BaseContext, CommandContext
from bot.slack.exports import ExportRequest, take_export
from bot.vendors.clever.models import Contact
from handlers.clever.contact_items import contact_item, contact_numbers, contact_table, full_name
from handlers.clever.kit import CleverKit, clever

__all__ = ["find_contacts", "reply_search", "search"]

_PHONE_LIKE = re.compile(r"\+?[\d\s.\-/()\u00a0]+")
#: Fewer digits than this are too few to tell one number from another.
_MIN_DIGITS = 4


@clever.sub(
    "/contact",
    "search",
    summary="Find contacts by name, phone or e-mail (any case, accents, phone form)",
    usage="/contact search <name, phone or e-mail> [export]",
    example="/contact search dupont",
    operations=("M9",),
)
def search(ctx: CommandContext, kit: CleverKit) -> None:
    query, export = take_export(ctx.args)
    reply_search(ctx, kit, query, export=export)


def reply_search(ctx: BaseContext, kit: CleverKit, query: str, *, export: ExportRequest | None = None) -> None:
    """Answer ``ctx``'s user with the contacts ``query`` finds (a listing with buttons), or the nearest names."""
    query = query.strip()
    if not query:
        raise UserError("search: what to look for is missing", hint="e.g. `/contact search dupont` or a phone number")
    contacts = kit.client.contacts()
    hits = find_contacts(query, contacts)
    if not hits:
        near = offer(closest(query, _names(contacts)))
        ctx.reply(
            f"No contact matches `{query}`" + (f": {near}" if near else ".") + " (`/contact list` shows them all)"
        )
        return
    ctx.paginate(
        f"Contacts matching “{query}”",
        [contact_item(contact, admin=ctx.is_admin) for contact in hits],
        per_page=10,
        summary=f"{len(hits):,} found",
        table=contact_table("contacts-search.csv", hits),
        export=export,
    )


def find_contacts(query: str, contacts: list[Contact]) -> list[Contact]:
    """The contacts ``query`` finds, in the account's order. Pure."""
    digits = re.sub(r"\D", "", query)
    if _PHONE_LIKE.fullmatch(query.strip()) and len(digits) >= _MIN_DIGITS:
        return _by_phone(query, contacts)
    words = fold(query).split()
    return [contact for contact in contacts if all(word in _haystack(contact) for word in words)]


def _by_phone(query: str, contacts: list[Contact]) -> list[Contact]:
    try:
        wanted = parse_phone("search", query).e164
    except FieldError:
        # Not a whole number: its digits as typed, inside a contact's numbers in any form.
        typed = SEPARATORS.sub("", query).lstrip("+")
        return [c for c in contacts if any(typed in _forms(number) for number in contact_numbers(c))]
    return [contact for contact in contacts if wanted in contact_numbers(contact)]


def _forms(e164: str) -> str:
    """The forms a number is typed in, joined, for a search by part of its digits: 33612…, 0612…."""
    digits = e164.lstrip("+")
    national = "0" + digits[2:] if digits.startswith("33") else ""
    return f"{digits} {national}"


def _haystack(contact: Contact) -> str:
    return fold(" ".join(part or "" for part in (contact.name, contact.last_name, contact.email)))


def _names(contacts: list[Contact]) -> list[str]:
    """What a mistyped name may have meant: family names, first names, whole names."""
    names: list[str] = []
    for contact in contacts:
        names += [part for part in (contact.name, contact.last_name, full_name(contact)) if part]
    return names
