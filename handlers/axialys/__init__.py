"""Axialys WebAppel's handlers: ``/callback`` (click-to-call, operators, plannings, pop-ups, files,
statistics, Centrex), the call cards and their watcher, and the App Home's recent calls.

Importing the modules runs their declarations on the ``axialys`` blueprint; the order below is
the order of the subcommands in the help card.
"""

from __future__ import annotations

# The declaration order is the help card's order: keep it as it is.
# isort: off
from handlers.axialys import (
    command,  # first: /callback itself, before its subcommands
    calls,
    cancel,
    stats,
    recording,
    operators,
    planning,
    popups,
    destinations,
    files,
    blocks,
    centrex,
    call_buttons,
    call_executor,
    call_watch,
    home,
    shortcuts,
)

# isort: on
from handlers.axialys.kit import AxialysKit, axialys

__all__ = [
    "AxialysKit",
    "axialys",
    "blocks",
    "call_buttons",
    "call_executor",
    "call_watch",
    "calls",
    "cancel",
    "centrex",
    "command",
    "destinations",
    "files",
    "home",
    "operators",
    "planning",
    "popups",
    "recording",
    "shortcuts",
    "stats",
]
