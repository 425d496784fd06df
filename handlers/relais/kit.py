"""What Relais' own handlers work with: ``/relais``, the App Home's head, page turns, confirmation buttons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.access import Roles
from bot.core.audit import AuditLog
from bot.core.jobs import Scheduler
from bot.core.records import Collection
from bot.core.safe_writes import SafeWrites
from bot.slack.pages import Pager
from bot.slack.registry import Blueprint, Registry
from bot.vendors.connections import VendorHandle
from handlers.axialys.records import CallRecord
from handlers.clever.records import Campaign
from handlers.cliqphone.records import AddedNumber

__all__ = ["RelaisKit", "relais"]


@dataclass(frozen=True)
class RelaisKit:
    #: Every command, for ``/relais help``.
    registry: Registry
    vendors: Sequence[VendorHandle]
    roles: Roles
    audit: AuditLog
    #: The watchers, for ``/relais status``.
    scheduler: Scheduler
    pages: Pager
    safe_writes: SafeWrites
    #: What ``/relais spend`` reads: the campaigns, calls and numbers added from Relais (each family's records).
    campaigns: Collection[Campaign]
    calls: Collection[CallRecord]
    numbers_added: Collection[AddedNumber]


relais: Blueprint[RelaisKit] = Blueprint("relais")
