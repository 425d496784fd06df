"""Finding the campaign a command names: its reference read from the line, its family (sms or mail).

Also ``campaign_sub``, the one way a ``/push <verb> <reference>`` subcommand is declared.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from bot.core.errors import UserError
from bot.slack.context import CommandContext
from bot.slack.exports import ExportRequest, take_export
from bot.vendors.clever.errors import CleverError
from handlers.clever.kit import CleverKit, clever
from handlers.clever.records import Family

__all__ = [
    "EXAMPLE_REFERENCE",
    "SCHEDULED_EXAMPLE_REFERENCE",
    "CampaignHandler",
    "ExportableHandler",
    "campaign_sub",
    "exportable_campaign_sub",
    "family_of",
    "reference_in",
    "reference_of",
]

#: The examples' campaigns, seeded in the Clever sandbox (bot/sandboxes/clever/seed.py): a delivered SMS
#: campaign with a reply, and one still scheduled (only those can be cancelled).
EXAMPLE_REFERENCE = "Push20261201090000"
SCHEDULED_EXAMPLE_REFERENCE = "Push20261201091500"
_REFERENCE = re.compile(r"Push[0-9A-Za-z]{1,80}")
#: A subcommand about one campaign: the context, the kit and the reference the line gave.
CampaignHandler = Callable[[CommandContext, CleverKit, str], None]
#: The same, for a subcommand whose answer can be a CSV file (the request None: the listing).
ExportableHandler = Callable[[CommandContext, CleverKit, str, ExportRequest | None], None]
#: The handler as written (it may take any context: its buttons call it too).
H = TypeVar("H", bound=CampaignHandler)
E = TypeVar("E", bound=ExportableHandler)


def reference_of(ctx: CommandContext) -> str:
    """The campaign reference that is the whole of the command's arguments."""
    return reference_in(ctx.args, ctx.subcommand)


def reference_in(text: str, subcommand: str) -> str:
    """``text`` as a campaign reference (a command's arguments, a button's value), or UserError."""
    text = text.strip()
    if not _REFERENCE.fullmatch(text):
        raise UserError(
            f"reference: `{text or '(empty)'}` is not a campaign reference",
            hint=f"give the reference shown on the campaign card, e.g. `/push {subcommand} {EXAMPLE_REFERENCE}`",
        )
    return text


def campaign_sub(
    name: str, *, summary: str, operations: Sequence[str], example: str = EXAMPLE_REFERENCE
) -> Callable[[H], H]:
    """Declare ``/push <name> <reference>``: its usage and example (``example``: the reference it names),
    its handler given the reference read."""

    def declare(handler: H) -> H:
        @clever.sub(
            "/push",
            name,
            summary=summary,
            usage=f"/push {name} <reference>",
            example=f"/push {name} {example}",
            operations=operations,
        )
        def about_one_campaign(ctx: CommandContext, kit: CleverKit) -> None:
            handler(ctx, kit, reference_of(ctx))

        return handler

    return declare


def exportable_campaign_sub(name: str, *, summary: str, operations: Sequence[str]) -> Callable[[E], E]:
    """Declare ``/push <name> <reference> [export [sep=;]]``: its handler given the reference and, when the
    line ends with ``export``, the request for a CSV file instead of the listing."""

    def declare(handler: E) -> E:
        @clever.sub(
            "/push",
            name,
            summary=f"{summary}; `export` posts it as a CSV file",
            usage=f"/push {name} <reference> [export [sep=;]]",
            example=f"/push {name} {EXAMPLE_REFERENCE}",
            operations=operations,
        )
        def about_one_campaign(ctx: CommandContext, kit: CleverKit) -> None:
            text, export = take_export(ctx.args)
            handler(ctx, kit, reference_in(text, name), export)

        return handler

    return declare


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
        f"reference: Clever Multimedias has no campaign `{reference}`",
        hint=f"check the reference: copy it from the campaign card, e.g. `{EXAMPLE_REFERENCE}`",
        detail=not_found.detail,
    )
