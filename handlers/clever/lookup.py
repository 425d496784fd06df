"""Finding the campaign a command names: its reference read from the line, its family (sms or mail)."""

from __future__ import annotations

import re

from bot.core.errors import UserError
from bot.slack.context import CommandContext
from bot.vendors.clever.errors import CleverError
from handlers.clever.kit import CleverKit
from handlers.clever.records import Family

__all__ = ["EXAMPLE_REFERENCE", "family_of", "reference_of"]

EXAMPLE_REFERENCE = "Push20261201090000"
_REFERENCE = re.compile(r"Push[0-9A-Za-z]{1,80}")


def reference_of(ctx: CommandContext) -> str:
    """The campaign reference that is the whole of the command's arguments."""
    text = ctx.args.strip()
    if not _REFERENCE.fullmatch(text):
        raise UserError(
            f"reference: `{text or '(empty)'}` is not a campaign reference",
            hint=f"give the reference shown on the campaign card, e.g. `/push {ctx.subcommand} {EXAMPLE_REFERENCE}`",
        )
    return text


def family_of(kit: CleverKit, reference: str) -> Family:
    """From Relais' own record, else ask the vendor: an SMS push first, then a mail push (M19 then M20)."""
    campaign = kit.campaigns.get(reference)
    if campaign is not None:
        return campaign.family
    families: tuple[Family, ...] = ("sms", "mail")
    for family in families:
        try:
            kit.client.push(family, reference)
            return family
        except CleverError as exc:
            if exc.status != 404:
                raise
            not_found = exc
    raise UserError(
        f"reference: Clever Multimedias knows no campaign `{reference}` ({not_found.detail})",
        hint="copy the reference from the campaign card, e.g. `Push20261201090000`",
    )
