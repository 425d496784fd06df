"""/callback: Axialys WebAppel click-to-call (A1–A28)."""

from __future__ import annotations

from bot.registry import Registry

__all__ = ["register"]


def register(registry: Registry) -> None:
    registry.command(
        "/callback",
        "Click-to-call callbacks, operators, plannings, pop-ups (Axialys WebAppel)",
        "<number> | cancel | calls | summary | operators … | planning … | popup … | file … | block … | centrex",
        vendor="axialys",
    )
