"""The App Home tab: what Relais is connected to, and each vendor's own section."""

from __future__ import annotations

from typing import Any

from bot.services import Services
from bot.slack.blockkit import context, section
from bot.slack.registry import Registry

__all__ = ["register"]


def register(registry: Registry) -> None:
    registry.home_section(vendors_section)


def vendors_section(services: Services, user_id: str) -> list[dict[str, Any]]:
    lines = [
        f"• *{handle.display_name}*: {'live' if handle.mode == 'live' else 'sandbox (test data)'}"
        for handle in services.vendors.values()
    ]
    role = services.roles.role(user_id)
    return [section("\n".join(lines)), context(f"Your role: {role}. Type `/relais help` in any channel to start.")]
