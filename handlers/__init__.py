"""The handlers: one folder per family (``clever/``, ``cliqphone/``, ``axialys/``, ``relais/``);
``build_registry`` gathers their blueprints."""

from __future__ import annotations

from bot.slack.registry import Registry
from handlers.axialys import axialys
from handlers.clever import clever
from handlers.cliqphone import cliqphone
from handlers.relais import relais

__all__ = ["build_registry"]


def build_registry() -> Registry:
    registry = Registry()
    # Relais first: its connection summary heads the App Home tab, above each vendor's section;
    # the vendors then in the order of their commands (/push, /contact, /number, /callback).
    for family in (relais, clever, cliqphone, axialys):
        registry.include(family)
    return registry
