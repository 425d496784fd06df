"""Preparing a push: read what the rules need from the vendor, check the draft, stage its confirmation card.

The vendor is read here (account, predefined messages, field names, contacts), so that
``handlers.clever.push_rules`` stays pure; Send on the card runs ``push_executor``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from bot.core.errors import UserError
from bot.slack.context import BaseContext
from bot.vendors.clever.client import CleverClient
from bot.vendors.errors import VendorError
from handlers.clever.kit import CleverKit
from handlers.clever.push_executor import PUSH_KINDS
from handlers.clever.push_preview import preview_lines, summary_line, title
from handlers.clever.push_rules import PushDraft, plan_push

__all__ = ["CONTACT_FIELDS", "known_fields_or_why", "prepare"]

log = logging.getLogger(__name__)

#: Contact fields usable in criteria (§3.9's listing), besides the additional fields of M24.
CONTACT_FIELDS = {
    "name",
    "lastname",
    "last_name",
    "gsm_primary",
    "gsm_secondary",
    "landline_primary",
    "landline_secondary",
    "fax_primary",
    "fax_secondary",
    "email",
    "zip_code",
    "city",
    "street",
    "street_number",
}


def prepare(ctx: BaseContext, kit: CleverKit, draft: PushDraft, *, command: str) -> None:
    """Read what the check needs from the vendor (templates, fields, contacts, credit), check, stage the card."""
    client = kit.client
    now = datetime.now(UTC)
    account = client.account()  # M1 answers even once the account has expired (§3.1 lists no 430)
    expiry = account.expires_at
    if expiry is not None and expiry <= now:
        raise UserError(
            f"account: the Clever Multimedias account expired on {expiry:%Y-%m-%d}, "
            "so the vendor would refuse this push (HTTP 430)",
            hint="renew it with Clever Multimedias; `/contact account` shows its state",
        )
    templates = {m.title: m.message for m in client.predefined_messages()} if draft.template.strip() else None
    known, unchecked = known_fields_or_why(client) if draft.audience == "criteria" else (None, "")
    audience_size = _audience_size(client, draft) if draft.audience != "list" else None
    plan = plan_push(draft, now=now, templates=templates, known_fields=known, audience_size=audience_size)
    preview = preview_lines(plan, template=draft.template, audience_size=audience_size, credit=account.credit)
    if unchecked:
        preview.insert(2, unchecked)
    kind, _ = PUSH_KINDS[(plan.family, plan.audience)]
    params = {
        "family": plan.family,
        "audience": plan.audience,
        "channel": plan.channel,
        # The normalised recipients, stored once (not in Block Kit); unset fields left out.
        "request": plan.request.model_dump(exclude_none=True),
        "estimate": plan.estimate,
        "scheduled": plan.schedule is not None,
        "summary": summary_line(plan),
    }
    ctx.stage(kind, params, command=command[:500], title=title(plan), preview=preview)


def known_fields_or_why(client: CleverClient) -> tuple[set[str] | None, str]:
    """The names usable in criteria, or (None, why) when M24 cannot be read: §3.24 is "à venir", so its
    failure gates nothing: the card says so and Clever decides whether the criteria's fields exist."""
    try:
        return CONTACT_FIELDS | {field.name for field in client.fields()}, ""
    except VendorError as exc:
        log.warning("criteria fields unchecked: the field list (M24) failed: %s", exc.detail)
        if exc.status == 404:
            return None, (
                ":warning: The criteria's fields are not checked here: Clever Multimedias does not offer its field "
                'list yet (the document marks it "à venir"). Clever checks them when it receives the push.\n'
                f"_{exc.detail}_"
            )
        return None, (
            f":warning: The criteria's fields could not be checked ({exc.plain}): Clever checks them when it "
            f"receives the push.\n_{exc.detail}_"
        )


def _audience_size(client: CleverClient, draft: PushDraft) -> int:
    contacts = client.contacts()
    if draft.channel == "mail":
        return sum(1 for c in contacts if c.email)
    return sum(1 for c in contacts if c.gsm_primary)
