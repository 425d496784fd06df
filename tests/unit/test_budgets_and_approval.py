"""The month's units of a channel, the budget thresholds, the raise offered, and when a send needs approval."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.approvals import Approval
from bot.core.channel_settings import ChannelSettings
from bot.core.timezone import PARIS
from handlers.clever.approval import approval_needed
from handlers.clever.budgets import BudgetUse, month_bounds, month_units, passed_thresholds, raised_budget
from handlers.clever.records import Campaign, CampaignState
from handlers.clever.send_limits import audit_words

NOW = datetime(2026, 12, 7, 21, 29, tzinfo=PARIS)


def _campaign(
    reference: str, at: datetime, units: int, *, channel: str = "C1", state: CampaignState = "done"
) -> Campaign:
    return Campaign(
        reference=reference,
        family="sms",
        channel="sms",
        channel_id=channel,
        created_at=at.timestamp(),
        units=units,
        state=state,
    )


def test_the_month_is_the_paris_calendar_month_december_rolling_into_january() -> None:
    start, end = month_bounds(NOW)
    assert datetime.fromtimestamp(start, PARIS) == datetime(2026, 12, 1, tzinfo=PARIS)
    assert datetime.fromtimestamp(end, PARIS) == datetime(2027, 1, 1, tzinfo=PARIS)
    # 30 November 23:30 UTC is already 1 December in Paris.
    assert month_bounds(datetime(2026, 11, 30, 23, 30, tzinfo=UTC)) == (start, end)


def test_the_month_total_counts_this_channel_this_month_and_leaves_cancelled_campaigns_out() -> None:
    campaigns = [
        _campaign("a", datetime(2026, 12, 1, 0, 0, tzinfo=PARIS), 100),  # the month's first second
        _campaign("b", datetime(2026, 12, 7, 9, 0, tzinfo=PARIS), 20, state="scheduled"),
        _campaign("c", datetime(2026, 12, 7, 9, 0, tzinfo=PARIS), 50, state="cancelled"),
        _campaign("d", datetime(2026, 11, 30, 23, 59, 59, tzinfo=PARIS), 1000),  # last month
        _campaign("e", datetime(2026, 12, 7, 9, 0, tzinfo=PARIS), 7, channel="C2"),  # another channel
        _campaign("f", datetime(2027, 1, 1, 0, 0, tzinfo=PARIS), 3),  # next month
    ]
    assert sum(month_units(campaigns, "C1", NOW).values()) == 120
    assert sum(month_units(campaigns, "C2", NOW).values()) == 7
    assert month_units([], "C1", NOW) == {}


@pytest.mark.parametrize(
    ("used", "budget", "passed"),
    [(0, 5000, []), (3999, 5000, []), (4000, 5000, [80]), (4999, 5000, [80]), (5000, 5000, [80, 100]), (9, 0, [])],
)
def test_the_thresholds_are_reached_at_80_and_100_percent_exactly(used: int, budget: int, passed: list[int]) -> None:
    assert passed_thresholds(used, budget) == passed


@pytest.mark.parametrize(
    ("needed", "offered"), [(28, 28), (100, 100), (101, 110), (1560, 1600), (5120, 5200), (5000, 5000), (12345, 13000)]
)
def test_the_raise_offered_is_what_the_send_needs_rounded_up(needed: int, offered: int) -> None:
    assert raised_budget(needed) == offered


def test_the_budget_line_and_the_refusal_say_the_month_and_this_send() -> None:
    use = BudgetUse(used=1240, budget=5000, this_send=320)
    assert use.line() == "Budget: 1,240 of 5,000 units used this month (this send: 320)"
    assert not use.exceeded and use.after == 1560
    over = BudgetUse(used=4900, budget=5000, this_send=320)
    assert over.exceeded
    assert "5,220 of its 5,000 units this month (220 over)" in over.refusal(admin=True)
    assert "Ask a Relais admin to raise the budget" in over.refusal(admin=False)
    assert BudgetUse(used=4680, budget=5000, this_send=320).exceeded is False  # exactly the budget is allowed


def test_approval_is_needed_from_either_threshold_inclusive() -> None:
    settings = ChannelSettings(approval_recipients=300, approval_units=2000)
    assert approval_needed(settings, 299, 1999) == ""
    assert approval_needed(settings, 300, 10) == "300 recipients, approval from 300"
    assert approval_needed(settings, 1, 2000) == "2,000 units, approval from 2,000"
    assert approval_needed(ChannelSettings(), 10**6, 10**6) == ""


def test_an_approval_lasts_24_hours_from_when_it_was_given() -> None:
    given = NOW.timestamp()
    approval = Approval(why="x", requested_at=given - 60, state="approved", by="UBOB", at=given)
    assert approval.valid(given + 24 * 3600) and not approval.expired(given + 24 * 3600)
    assert approval.expired(given + 24 * 3600 + 1) and not approval.valid(given + 24 * 3600 + 1)
    assert not Approval(why="x", requested_at=given).valid(given)


def test_the_audit_line_of_a_send_says_nature_rules_opt_outs_approver_and_budget_in_a_stable_order() -> None:
    params = {
        "nature": "promotional",
        "rules": "charter-2026",
        "verdicts": ["opt-out text present", "hours ok"],
        "optouts_removed": ["+33612345678", "+33623456789"],
    }
    approval = Approval(why="x", requested_at=0, state="approved", by="UBOB", at=1)
    assert audit_words(params, approval, BudgetUse(used=1240, budget=5000, this_send=320)) == (
        "nature promotional; rules charter-2026: opt-out text present, hours ok; opt-outs removed 2; "
        "approved by <@UBOB>; budget 1,240→1,560 of 5,000"
    )
    assert audit_words({}, None, None) == ""
    assert audit_words({"optouts_removed": 3}, Approval(why="x", requested_at=0), None) == "opt-outs removed 3"
