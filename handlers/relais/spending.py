"""What was spent through Relais, from its own records: one ``Spend`` per campaign, call or number added. Pure.

- Clever Multimedias: a campaign's units, as its card showed them (Clever's unit: what the account's
  credit is debited; an SMS of one segment to one number is 1 unit for a standard SMS). Counted when
  sent: a cancelled campaign (its units are given back) and one still scheduled are not.
- Axialys: a call's price in euros, as the call listing (A26 ``prix``) gave it once the call ended.
- Cliqphone: a number added (C6); the document gives no price, so only the count.

Each is dated by when it was made (Paris time) and belongs to who asked for it and where.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Literal

from bot.core.timezone import PARIS
from handlers.axialys.records import CallRecord
from handlers.clever.records import Campaign
from handlers.cliqphone.records import AddedNumber

__all__ = [
    "AXIALYS",
    "CLEVER",
    "CLIQPHONE",
    "VENDORS",
    "Grouping",
    "Spend",
    "Totals",
    "group_totals",
    "spends",
    "totals",
    "units_per_day",
]

Grouping = Literal["user", "channel", "vendor"]
CLEVER, AXIALYS, CLIQPHONE = "Clever Multimedias", "Axialys", "Cliqphone"
VENDORS = (CLEVER, AXIALYS, CLIQPHONE)
#: Campaigns whose units are not spent (yet): cancelled through Relais, or not sent yet.
_NOT_SPENT = frozenset({"cancelled", "scheduled"})


@dataclass(frozen=True)
class Spend:
    """One thing paid for: ``units`` (Clever) or ``euros`` (Axialys), or neither (a Cliqphone number)."""

    day: date
    vendor: str
    what: str  # "SMS campaign", "call", "number"
    reference: str
    user_id: str
    channel_id: str
    units: int = 0
    euros: Decimal = Decimal("0")


@dataclass
class Totals:
    """Sums over some spends: Clever units and campaigns, Axialys euros and calls, Cliqphone numbers."""

    units: int = 0
    campaigns: int = 0
    euros: Decimal = Decimal("0")
    calls: int = 0
    numbers: int = 0

    def add(self, spend: Spend) -> None:
        self.units += spend.units
        self.euros += spend.euros
        if spend.vendor == CLEVER:
            self.campaigns += 1
        elif spend.vendor == AXIALYS:
            self.calls += 1
        else:
            self.numbers += 1


def _day(timestamp: float) -> date:
    return datetime.fromtimestamp(timestamp, PARIS).date()


def _euros(price: str) -> Decimal:
    try:
        return Decimal(price.replace(",", ".")) if price.strip() else Decimal("0")
    except InvalidOperation:
        return Decimal("0")


def spends(
    campaigns: Iterable[Campaign],
    calls: Iterable[CallRecord],
    numbers: Iterable[AddedNumber],
    *,
    start: date,
    end: date,
    user_id: str | None = None,
) -> list[Spend]:
    """Every spend from ``start`` to ``end`` (both included), oldest first; only ``user_id``'s when given."""
    found: list[Spend] = []
    for campaign in campaigns:
        if campaign.state not in _NOT_SPENT:
            found.append(
                Spend(
                    _day(campaign.created_at),
                    CLEVER,
                    f"{campaign.channel.upper()} campaign",
                    campaign.reference,
                    campaign.user_id,
                    campaign.channel_id,
                    units=campaign.units,
                )
            )
    for call in calls:
        found.append(
            Spend(
                _day(call.placed_at),
                AXIALYS,
                "call",
                f"#{call.id_tracking} to {call.number}",
                call.user_id,
                call.channel_id,
                euros=_euros(call.price),
            )
        )
    for number in numbers:
        found.append(
            Spend(_day(number.added_at), CLIQPHONE, "number", number.numero, number.user_id, number.channel_id)
        )
    kept = [s for s in found if start <= s.day <= end and (user_id is None or s.user_id == user_id)]
    return sorted(kept, key=lambda s: (s.day, s.vendor, s.reference))


def totals(found: Iterable[Spend]) -> Totals:
    summed = Totals()
    for spend in found:
        summed.add(spend)
    return summed


def group_totals(found: Iterable[Spend], by: Grouping) -> list[tuple[str, Totals]]:
    """Totals per user, channel or vendor, the largest Clever units first (then euros, then the key)."""
    groups: dict[str, Totals] = defaultdict(Totals)
    for spend in found:
        key = {"user": spend.user_id, "channel": spend.channel_id, "vendor": spend.vendor}[by]
        groups[key].add(spend)
    return sorted(groups.items(), key=lambda pair: (-pair[1].units, -pair[1].euros, pair[0]))


def units_per_day(found: Iterable[Spend], start: date, end: date) -> list[tuple[date, int]]:
    """Clever units for each day from ``start`` to ``end``, days without any included (the chart's bars)."""
    per_day: dict[date, int] = defaultdict(int)
    for spend in found:
        per_day[spend.day] += spend.units
    days = (end - start).days + 1
    return [(start + timedelta(days=n), per_day[start + timedelta(days=n)]) for n in range(max(0, days))]
