"""``/contact account``: the Clever Multimedias account's credit and expiry (M1), and the expiry in words."""

from __future__ import annotations

from datetime import datetime

from bot.core.timezone import PARIS
from bot.slack.blockkit import fields_section, header
from bot.slack.context import CommandContext
from handlers.clever.kit import CleverKit, clever

__all__ = ["EXPIRY_WARNING_DAYS", "account", "expiry_phrase"]

EXPIRY_WARNING_DAYS = 30  # the account's expiry is flagged this many days ahead


def expiry_phrase(expiry: datetime | None) -> str:
    """The account's expiry in words, flagged when near or past (M1 answers even once it has passed)."""
    now = datetime.now(PARIS)
    if expiry is None:
        return "no expiry date given"
    if expiry <= now:
        return f":no_entry: expired on {expiry:%Y-%m-%d}: pushes are refused until it is renewed"
    days = (expiry - now).days
    if days < EXPIRY_WARNING_DAYS:
        return f":warning: expires on {expiry:%Y-%m-%d}, in {days} days: renew it with Clever Multimedias"
    return f"expires on {expiry:%Y-%m-%d}"


@clever.sub(
    "/contact",
    "account",
    summary="The account's profile, credit and expiry date",
    usage="/contact account",
    example="/contact account",
    operations=("M1",),
)
def account(ctx: CommandContext, kit: CleverKit) -> None:
    info = kit.client.account()
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
