"""What the Cliqphone handlers (``/number``) work with, and the blueprint they declare themselves on."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.records import Collection
from bot.slack.output import SlackOut
from bot.slack.registry import Blueprint
from bot.vendors.cliqphone.client import CliqphoneClient
from handlers.cliqphone.records import KINDS, AddedNumber

__all__ = ["CliqphoneKit", "cliqphone"]


@dataclass(frozen=True)
class CliqphoneKit:
    #: The Cliqphone API (C1–C8); its account-problem alert is wired by the composition root.
    client: CliqphoneClient
    #: For the C6 follow-up, which posts the new number in the channel once the write is done.
    out: SlackOut
    #: The numbers added from Relais (``/relais spend`` counts them).
    numbers_added: Collection[AddedNumber]


cliqphone: Blueprint[CliqphoneKit] = Blueprint("cliqphone")
cliqphone.record(*KINDS)

# Declared here, before any module declares a subcommand of it: the registry needs the command first.
cliqphone.command(
    "/number",
    "Virtual phone numbers (Cliqphone)",
    "zones [code] | available <zone> | list [filters] | add | edit <id> | media [filters]",
    vendor="cliqphone",
)
