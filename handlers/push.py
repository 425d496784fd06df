"""/push: Clever Multimedias campaigns (M11–M25)."""

from __future__ import annotations

from bot.registry import Registry

__all__ = ["register"]


def register(registry: Registry) -> None:
    registry.command(
        "/push",
        "SMS, voice and mail campaigns (Clever Multimedias)",
        "sms | tts | voice | mail | criteria | broadcast | status | report | replies | cancel | fields | templates",
        vendor="clever",
    )
