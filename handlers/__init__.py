"""The handlers: one folder per vendor, ``relais.py`` and the shared cards; ``build_registry`` assembles them."""

from __future__ import annotations

from bot.slack.registry import Registry
from handlers import axialys, clever, relais
from handlers.cliqphone import number

__all__ = ["build_registry"]


def build_registry() -> Registry:
    registry = Registry()
    # Relais first: its connection summary heads the App Home tab, above each vendor's section.
    registry.include(relais.relais)
    registry.include(clever.clever)
    for family in (number,):
        family.register(registry)
    registry.include(axialys.axialys)
    return registry
