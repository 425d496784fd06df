"""The handlers: one folder per vendor, ``relais.py`` and the shared cards; ``build_registry`` assembles them."""

from __future__ import annotations

from bot.slack.registry import Registry
from handlers import relais
from handlers.axialys import callback
from handlers.clever import contact, push
from handlers.cliqphone import cliqphone

__all__ = ["build_registry"]


def build_registry() -> Registry:
    registry = Registry()
    # Relais first: its connection summary heads the App Home tab, above each vendor's section.
    registry.include(relais.relais)
    for family in (push, contact):
        family.register(registry)
    registry.include(cliqphone)
    callback.register(registry)
    return registry
