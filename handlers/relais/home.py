"""The App Home tab: what Relais is connected to, and each vendor's own section."""

from __future__ import annotations

from typing import Any

from bot.slack.blockkit import context, section
from handlers.relais.kit import RelaisKit, relais

__all__ = ["vendors_section"]


@relais.home_section
def vendors_section(kit: RelaisKit, user_id: str) -> list[dict[str, Any]]:
    lines = [
        f"• *{handle.display_name}*: {'live' if handle.mode == 'live' else 'sandbox (test data)'}"
        for handle in kit.vendors
    ]
    role = kit.roles.role(user_id)
    return [section("\n".join(lines)), context(f"Your role: {role}. Type `/relais help` in any channel to start.")]
