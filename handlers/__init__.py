"""One module per command family; ``build_registry`` assembles them."""

from __future__ import annotations

from bot.registry import Registry
from handlers import actions, callback, contact, home, number, pages, push, relais

__all__ = ["build_registry"]


def build_registry() -> Registry:
    registry = Registry()
    # home first: its connection summary heads the App Home tab, above each vendor's section.
    for family in (home, push, contact, number, callback, relais, actions, pages):
        family.register(registry)
    return registry
