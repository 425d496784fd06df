"""How Relais is connected to each vendor: live (configured credentials) or its sandbox.

Built by the composition root (``bot.runtime.build_vendors``); ``/relais status``,
``/healthz`` and the App Home read the mode and probe each client.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

from bot.core.config import VendorName
from bot.vendors.axialys.client import AxialysClient
from bot.vendors.clever.client import CleverClient
from bot.vendors.cliqphone.client import CliqphoneClient

__all__ = ["DISPLAY_NAMES", "VendorClient", "VendorHandle", "Vendors"]

DISPLAY_NAMES: dict[VendorName, str] = {
    "clever": "Clever Multimedias",
    "cliqphone": "Cliqphone",
    "axialys": "Axialys WebAppel",
}


class VendorClient(Protocol):
    """What every vendor client offers besides its operations."""

    def probe(self) -> str:
        """A read that proves the account works, in a few words ("credit 1,200 units"); raises VendorError."""
        ...

    def close(self) -> None: ...


@dataclass
class VendorHandle:
    name: VendorName
    mode: Literal["sandbox", "live"]
    client: VendorClient
    #: Stops what serves this vendor when Relais stops (a sandbox started for it); None for a live vendor.
    stop: Callable[[], None] | None = None

    @property
    def display_name(self) -> str:
        return DISPLAY_NAMES[self.name]


@dataclass(frozen=True)
class Vendors:
    """The three clients, typed, and how each is connected."""

    clever: CleverClient
    cliqphone: CliqphoneClient
    axialys: AxialysClient
    handles: dict[VendorName, VendorHandle]
