"""Relais' own handlers: ``/relais`` (help, status, whoami, audit, spend, settings), the head of the App Home,
the Previous / Next buttons of listings and the Send / Cancel buttons of confirmation cards."""

from __future__ import annotations

from handlers.relais import command, confirmation, home, pages, settings, spend
from handlers.relais.kit import RelaisKit, relais

__all__ = ["RelaisKit", "command", "confirmation", "home", "pages", "relais", "settings", "spend"]
