"""The vendor calls ``/contact``'s command and modal doors share: create and edit (audited), read one, field names.

Also ``EditedItem``, what the contact and user edit forms are about.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from bot.core.errors import UserError
from bot.slack.context import BaseContext
from bot.vendors.clever.client import CleverClient
from bot.vendors.clever.errors import CleverError
from bot.vendors.clever.models import ContactInput
from bot.vendors.errors import VendorError

__all__ = ["EditedItem", "create_contact", "edit_contact", "existing", "extra_names"]

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class EditedItem:
    """The contact or user an edit form is about: its id, and (when read from Clever) its values by field name.

    Restored from the modal's metadata it has only its id: the submission carries the values.
    """

    id: int
    current: dict[str, str] = field(default_factory=dict)


def existing(kind: str, item_id: int, read: Callable[[int], T]) -> T:
    """The contact or user ``item_id``; Clever's 404 said as which one does not exist."""
    try:
        return read(item_id)
    except CleverError as exc:
        if exc.status != 404:
            raise
        listing = "`/contact list`" if kind == "contact" else "the Clever Multimedias back office"
        raise UserError(
            f"id: Clever Multimedias has no {kind} {item_id} on this account",
            hint=f"check the id: {listing} shows them",
            detail=exc.detail,
        ) from None


def extra_names(client: CleverClient) -> set[str] | None:
    """The additional fields (M24), or None when the list cannot be read: §3.24 is "à venir", so it gates
    nothing: any other ``name=value`` is then sent as an additional field and Clever decides."""
    try:
        return {field.name for field in client.fields()}
    except VendorError as exc:
        log.warning("additional contact fields unavailable (M24): %s", exc.detail)
        return None


def create_contact(ctx: BaseContext, client: CleverClient, contact: ContactInput, *, command: str) -> None:
    try:
        created = ctx.audited_write(
            "M5 create contact",
            lambda: client.create_contact(contact),
            command=command,
            check="`/contact list` shows whether it was created: check it before adding it again",
        )
    except CleverError as exc:
        if exc.status != 409:
            raise
        raise UserError(
            f"gsm: a contact with {contact.gsm_primary} already exists",
            hint="`/contact list` shows it; add `duplicates=yes` to create a second one anyway",
            detail=exc.detail,
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


def edit_contact(
    ctx: BaseContext, client: CleverClient, contact_id: int, contact: ContactInput, *, command: str
) -> None:
    ctx.audited_write("M6 edit contact", lambda: client.edit_contact(contact_id, contact), command=command)
    ctx.reply(f":white_check_mark: Contact {contact_id} updated.")
