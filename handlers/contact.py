"""/contact: Clever Multimedias account, contacts and users (M1–M10)."""

from __future__ import annotations

from bot.blockkit import fields_section, header
from bot.context import CommandContext
from bot.registry import Registry, Subcommand

__all__ = ["register"]


def register(registry: Registry) -> None:
    registry.command(
        "/contact",
        "Contacts, users and account credit (Clever Multimedias)",
        "add | edit <id> | show <id> | delete <id> | list [login] | account | user …",
        vendor="clever",
    )
    registry.sub(
        "/contact",
        Subcommand(
            "account",
            "The account's profile, credit and expiry date",
            "/contact account",
            "/contact account",
            account,
            operations=("M1",),
        ),
    )


def account(ctx: CommandContext) -> None:
    info = ctx.services.clever.account()
    owner = " ".join(part for part in (info.lastname, info.name) if part) or "—"
    company = info.company.company_name if info.company and info.company.company_name else "—"
    fields = [
        ("Credit", f"{info.credit:,} units"),
        ("Expires", info.date_expiration or "—"),
        ("Contact", owner),
        ("Company", company),
        ("E-mail", info.email or "—"),
        ("Phone", info.telephone or "—"),
    ]
    ctx.reply(
        f"Clever Multimedias account: {info.credit:,} units of credit",
        [header("Clever Multimedias account"), fields_section(fields)],
    )
