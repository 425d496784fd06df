"""Cliqphone's handlers: ``/number`` (zones, free numbers, the company's numbers and media; add and edit).

The modules are imported here so their declarations run. The kit's module declares the
command itself; the subcommands follow in the order of these imports, which is the order
of the help card: the listings, then add, then edit.
"""

from __future__ import annotations

# isort: off
from handlers.cliqphone.kit import CliqphoneKit, cliqphone
from handlers.cliqphone import listings, add, edit, provision

# isort: on

__all__ = ["CliqphoneKit", "add", "cliqphone", "edit", "listings", "provision"]
