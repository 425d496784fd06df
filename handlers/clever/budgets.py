"""Budgets per channel (issue 14, item 6): the units a channel committed this calendar month, Paris time.

Committed, from Relais' own outcomes: the units of the campaigns sent or scheduled from the channel whose
record was created this month by Relais' clock (``Campaign.created_at``: Clever takes the units when it
creates the push, whenever it is scheduled for), cancelled ones not counted (Clever refunds them); plus the
pushes of the channel being sent right now (a write "sending", or done and not yet recorded as a campaign),
at their estimate, so that two cards confirmed at the same moment cannot both pass. Not counted: a push
whose outcome is unknown or that Clever accepted without a reference (no campaign record: Relais cannot
say what it cost), and campaigns sent outside Relais. The month's units are kept per channel as campaigns
are written (``MonthUnits``): every campaign record is read once per channel and month, not at every card.

With ``monthly_budget`` set, every push card of the channel shows the month's use and this send's units;
a send that would exceed the budget is held (no Send), with for admins a button that raises the budget to
what it needs; Send checks again (``limits_gate`` in ``handlers.clever.send_limits``). The channel is
warned once a month when its units pass 80 % and 100 % of the budget.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.core.safe_writes import WriteRecord, WriteState
from bot.core.timezone import PARIS
from handlers.clever.kit import CleverKit, clever
from handlers.clever.records import CAMPAIGNS, Campaign, MonthUnits

__all__ = [
    "BUDGET_LINE",
    "PUSH_KIND_PREFIX",
    "RAISE_ACTION",
    "THRESHOLDS",
    "BudgetUse",
    "budget_use",
    "committed",
    "month_bounds",
    "month_key",
    "month_units",
    "note_campaign",
    "passed_thresholds",
    "raised_budget",
    "units_committed",
    "warn_thresholds",
]

#: The write kinds of pushes (``handlers.clever.push_executor.PUSH_KINDS``): clever.push.sms, …
PUSH_KIND_PREFIX = "clever.push."
#: The card's "Raise the budget to N" button (admins; its value: the card's write id).
RAISE_ACTION = "clever.budget.raise"
#: How the card's budget line begins (a raise redraws that line).
BUDGET_LINE = "Budget: "
#: Percentages of the budget at which the channel is told, once a month each.
THRESHOLDS = (80, 100)


@dataclass(frozen=True)
class BudgetUse:
    """A channel's month against its budget, with one send more."""

    used: int
    budget: int
    this_send: int

    @property
    def after(self) -> int:
        return self.used + self.this_send

    @property
    def exceeded(self) -> bool:
        return self.after > self.budget

    def line(self) -> str:
        return f"{BUDGET_LINE}{self.used:,} of {self.budget:,} units used this month (this send: {self.this_send:,})"

    def refusal(self, *, admin: bool) -> str:
        """Why the card holds the send, and what to do."""
        over = self.after - self.budget
        what = (
            f"Budget: this send would take the channel to {self.after:,} of its {self.budget:,} units this month "
            f"({over:,} over): it is not sent."
        )
        if admin:
            return f"{what} Raise the budget below, or send fewer."
        return f"{what} Ask a Relais admin to raise the budget (`/relais settings budget=…`), or send fewer."


def month_bounds(now: datetime) -> tuple[float, float]:
    """The calendar month of ``now`` in Paris time, as [start, end) epoch seconds."""
    local = now.astimezone(PARIS)
    start = datetime(local.year, local.month, 1, tzinfo=PARIS)
    end = datetime(local.year + local.month // 12, local.month % 12 + 1, 1, tzinfo=PARIS)
    return start.timestamp(), end.timestamp()


def month_units(campaigns: Iterable[Campaign], channel_id: str, now: datetime) -> dict[str, int]:
    """Pure: the units of ``channel_id``'s campaigns created in ``now``'s month, by reference (0: cancelled)."""
    start, end = month_bounds(now)
    return {
        campaign.reference: units_committed(campaign)
        for campaign in campaigns
        if campaign.channel_id == channel_id and start <= campaign.created_at < end
    }


def units_committed(campaign: Campaign) -> int:
    """What a campaign takes from its month: its units, none once cancelled (Clever refunds them)."""
    return 0 if campaign.state == "cancelled" else campaign.units


def month_key(channel_id: str, at: datetime) -> str:
    """The ``MonthUnits`` record of ``channel_id`` for the month of ``at``, Paris time."""
    return f"{channel_id}:{at.astimezone(PARIS):%Y-%m}"


@clever.on_record_change(CAMPAIGNS)
def note_campaign(kit: CleverKit, reference: str, campaign: Campaign | None) -> None:
    """Each campaign written: its units in its channel's month (0 once cancelled); unchanged, nothing written."""
    if campaign is None:  # campaigns are not deleted; a deletion by hand leaves the month as it was
        return
    units = units_committed(campaign)
    key = month_key(campaign.channel_id, datetime.fromtimestamp(campaign.created_at, PARIS))

    def note(current: MonthUnits | None) -> MonthUnits | None:
        current = current or MonthUnits()
        if current.units.get(reference) == units:
            return None
        return current.model_copy(update={"units": {**current.units, reference: units}})

    kit.month_units.update(key, note)


def _month_used(kit: CleverKit, channel_id: str, now: datetime) -> int:
    """The units of the channel's campaigns of ``now``'s month; the first time, read from every campaign."""
    key = month_key(channel_id, now)
    known = kit.month_units.get(key)
    if known is not None and known.complete:
        return sum(known.units.values())
    found = month_units((campaign for _, campaign in kit.campaigns.scan()), channel_id, now)

    def complete(current: MonthUnits | None) -> MonthUnits:
        # What was noted meanwhile is newer than what the scan read.
        return MonthUnits(units={**found, **(current.units if current else {})}, complete=True)

    built = kit.month_units.update(key, complete)
    return sum(built.units.values()) if built is not None else sum(found.values())


def committed(kit: CleverKit, channel_id: str, *, excluding: str = "") -> int:
    """The channel's units this month: its campaigns, and its pushes being sent (``excluding`` one write id)."""
    total = _month_used(kit, channel_id, kit.clock.now())
    for _, write in kit.writes.scan():
        if write.id != excluding and write.channel_id == channel_id and write.kind.startswith(PUSH_KIND_PREFIX):
            total += _in_flight(kit, write)
    return total


def _in_flight(kit: CleverKit, write: WriteRecord) -> int:
    """The units of a push on its way (sending, or done with its campaign record not yet written)."""
    if write.state is WriteState.SENDING:
        return int(write.params.get("estimate", 0))
    if write.state is WriteState.DONE and write.followed_up is False and write.outcome is not None:
        reference = write.outcome.result.get("reference")
        if reference and kit.campaigns.get(str(reference)) is None:
            return int(write.outcome.result.get("unit") or write.params.get("estimate", 0))
    return 0


def budget_use(kit: CleverKit, channel_id: str, units: int, *, excluding: str = "") -> BudgetUse | None:
    """The channel's month with ``units`` more, or None when it has no budget."""
    budget = kit.channels.of(channel_id).monthly_budget
    if not budget:
        return None
    return BudgetUse(committed(kit, channel_id, excluding=excluding), budget, units)


def raised_budget(needed: int) -> int:
    """The round budget a raise offers: ``needed`` rounded up to two significant digits (5,120 → 5,200)."""
    if needed <= 100:
        return max(needed, 1)
    step: int = 10 ** (len(str(needed)) - 2)
    return step * math.ceil(needed / step)


def passed_thresholds(used: int, budget: int) -> list[int]:
    """Pure: the thresholds (80, 100 %) that ``used`` units of ``budget`` reach or pass."""
    return [pct for pct in THRESHOLDS if budget > 0 and used * 100 >= pct * budget]


def warn_thresholds(kit: CleverKit, channel_id: str) -> None:
    """After a send: tell the channel, once per month and threshold, that its units passed 80 % / 100 %."""
    use = budget_use(kit, channel_id, 0)
    if use is None:
        return
    month = f"{kit.clock.now().astimezone(PARIS):%Y-%m}"
    for pct in passed_thresholds(use.used, use.budget):
        words = "the whole budget is used" if pct >= 100 else f"{pct} % of the budget is used"
        text = (
            f":bar_chart: This channel has committed {use.used:,} of its {use.budget:,} units for {month}: {words}. "
            "A send that would exceed it is held on its card until an admin raises the budget."
        )
        kit.out.post_once(f"clever.budget:{channel_id}:{month}:{pct}", channel_id, text)
