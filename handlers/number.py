"""/number: Cliqphone virtual numbers (C1–C8)."""

from __future__ import annotations

from bot.registry import Registry

__all__ = ["register"]


def register(registry: Registry) -> None:
    registry.command(
        "/number",
        "Virtual phone numbers (Cliqphone)",
        "zones [code] | available <zone> | list [filters] | add | edit <id> | media [filters]",
        vendor="cliqphone",
    )
