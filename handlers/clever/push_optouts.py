"""Opt-outs on the push card (issue 14, item 4): what the card says of numbers that asked for no promotion.

A promotional push to listed numbers leaves the opted-out ones out before its card
(``push_prepare.without_optouts``); the card says how many, and "Show the N opted-out numbers" lists
them, each with when and how it got on the list. A criteria or broadcast push reaches Clever's
contacts, which Relais does not choose: the card counts the contacts whose number is on the list, asks
a second click before sending all the same (``optout_contacts_caution``, from the executor's gate), and
"Show the N opted-out contacts" lists them with their Delete buttons (admins), to delete them first.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.core.safe_writes import Caution, WriteRecord
from bot.slack.blockkit import context, plural, section
from bot.slack.context import ActionContext
from bot.vendors.clever.models import Contact
from handlers.clever.contact_items import contact_item, contact_numbers
from handlers.clever.kit import CleverKit, clever
from handlers.clever.optouts import listed_numbers, optout_words

__all__ = [
    "OPTOUTS_SHOWN",
    "OPTOUT_CONTACTS",
    "contacts_line",
    "opted_out_contacts",
    "optout_contacts_caution",
    "optouts_left_out",
    "show_optout_contacts",
]

#: The card's buttons: the listed numbers left out; the contacts on the opt-out list (value: the card's id).
OPTOUTS_SHOWN = "clever.push.optouts_shown"
OPTOUT_CONTACTS = "clever.push.optout_contacts"
#: Shown at most in one answer (the rest: `/contact optout list export`).
MAX_SHOWN = 40


def opted_out_contacts(kit: CleverKit, contacts: Iterable[Contact]) -> list[Contact]:
    """The contacts one of whose numbers is on the opt-out list (the list read once, however many contacts)."""
    listed = listed_numbers(kit)
    if not listed:
        return []
    return [contact for contact in contacts if listed.intersection(contact_numbers(contact))]


def contacts_line(count: int) -> str:
    """The card's line for a criteria or broadcast push reaching contacts on the opt-out list."""
    who = plural(count, "contact")
    return (
        f":no_bell: {who} of this account {'is' if count == 1 else 'are'} on the opt-out list (replied STOP): "
        "Clever picks the contacts, so this push may reach them. Delete them first (the button lists them), "
        "or send all the same with a second click"
    )


def optout_contacts_caution(record: WriteRecord) -> Caution | None:
    """At Send, for a push whose card counted contacts on the opt-out list: a second click, once."""
    count = len(record.params.get("optout_contacts") or [])
    if not count:
        return None
    return Caution(
        key="optout-contacts",
        button=f"Send anyway ({count:,} opted out)",
        line=f"{plural(count, 'contact')} on the opt-out list may receive this promotional push. "
        f"Press “Send anyway ({count:,} opted out)” to send all the same",
    )


def _pending_params(ctx: ActionContext) -> dict[str, Any]:
    record = ctx.slack.safe_writes.get(ctx.value)
    return record.params if record is not None else {}


@clever.action(OPTOUTS_SHOWN)
def optouts_left_out(ctx: ActionContext, kit: CleverKit) -> None:
    """ "Show the N opted-out numbers": each, since when and how, to the user only (the card stays as it is)."""
    numbers = [str(number) for number in _pending_params(ctx).get("optouts_removed") or []]
    if not numbers:
        ctx.reply("This card left out no opted-out number.")
        return
    lines = []
    for number in numbers[:MAX_SHOWN]:
        entry = kit.optouts.get(number)
        lines.append(f"• `{number}` · {optout_words(entry) if entry is not None else 'taken off the list since'}")
    title = f"Left out of this promotional push: {len(numbers):,} opted out"
    blocks = [section(f"*{title}*\n" + "\n".join(lines))]
    if len(numbers) > MAX_SHOWN:
        blocks.append(context(f"…and {len(numbers) - MAX_SHOWN:,} more: `/contact optout list export` has them all"))
    ctx.reply(title, blocks)


@clever.action(OPTOUT_CONTACTS)
def show_optout_contacts(ctx: ActionContext, kit: CleverKit) -> None:
    """ "Show the N opted-out contacts": those contacts as read now (M9), each with its buttons (Delete for
    admins, through its own confirmation card), to the user only."""
    wanted = {str(contact_id) for contact_id in _pending_params(ctx).get("optout_contacts") or []}
    contacts = [contact for contact in opted_out_contacts(kit, kit.client.contacts()) if str(contact.id) in wanted]
    if not contacts:
        ctx.reply("None of the contacts this card counted is still on the opt-out list, or they were deleted.")
        return
    how = (
        "Delete them (each asks its confirmation), then prepare the push again"
        if ctx.is_admin
        else ("An admin can delete them (Delete on each); then prepare the push again")
    )
    ctx.paginate(
        "Contacts on the opt-out list",
        [contact_item(contact, admin=ctx.is_admin) for contact in contacts],
        summary=f"Clever may send this push to them: {how}",
    )
