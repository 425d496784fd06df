"""Spending: the line's period and grouping words, the aggregation of Relais' records, the chart."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from bot.core.errors import UserError
from bot.core.timezone import PARIS
from handlers.axialys.records import CallRecord
from handlers.clever.records import Campaign
from handlers.cliqphone.records import AddedNumber
from handlers.relais.spend import read_spend_line
from handlers.relais.spend_chart import CHART_SIZE, units_chart
from handlers.relais.spending import group_totals, spends, totals, units_per_day

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=PARIS)


def _at(day: int, month: int = 12) -> float:
    return datetime(2026, month, day, 10, 0, tzinfo=PARIS).timestamp()


@pytest.mark.parametrize(
    ("typed", "start", "end"),
    [
        ("", date(2026, 12, 1), date(2026, 12, 31)),
        ("this month", date(2026, 12, 1), date(2026, 12, 31)),
        ("ce mois", date(2026, 12, 1), date(2026, 12, 31)),
        ("ce mois-ci", date(2026, 12, 1), date(2026, 12, 31)),
        ("last month", date(2026, 11, 1), date(2026, 11, 30)),
        ("le mois dernier", date(2026, 11, 1), date(2026, 11, 30)),
        ("from 01/11 to 15/11", date(2026, 11, 1), date(2026, 11, 15)),
        ("du 01/11/2026 au 15/11/2026", date(2026, 11, 1), date(2026, 11, 15)),
    ],
)
def test_period_words(typed: str, start: date, end: date) -> None:
    assert read_spend_line(typed, now=NOW)[:2] == (start, end)


@pytest.mark.parametrize(
    ("typed", "grouping"),
    [
        ("", "vendor"),
        ("by user", "user"),
        ("last month by channel", "channel"),
        ("le mois dernier par utilisateur", "user"),
        ("ce mois par canal", "channel"),
        ("by Vendor", "vendor"),
        ("par fournisseur", "vendor"),
    ],
)
def test_grouping_words(typed: str, grouping: str) -> None:
    assert read_spend_line(typed, now=NOW)[2] == grouping


def test_an_unknown_grouping_is_refused() -> None:
    with pytest.raises(UserError, match="is not a grouping"):
        read_spend_line("by planet", now=NOW)


def _campaign(reference: str, units: int, state: str, user: str = "UALICE", day: int = 2) -> Campaign:
    return Campaign.model_validate(
        {
            "reference": reference,
            "family": "sms",
            "channel": "sms",
            "channel_id": "COPS",
            "user_id": user,
            "created_at": _at(day),
            "units": units,
            "state": state,
        }
    )


def _call(id_tracking: int, price: str, user: str = "UALICE", day: int = 3) -> CallRecord:
    return CallRecord(
        id_tracking=id_tracking,
        id_popup=77,
        popup_name="Accueil",
        number="+33612345678",
        destination="FR_Mobile",
        destination_label="France mobile",
        user_id=user,
        channel_id="CSALES",
        placed_at=_at(day),
        price=price,
    )


CAMPAIGNS = [
    _campaign("Push1", 10, "done"),
    _campaign("Push2", 7, "sending", user="UBOB", day=4),
    _campaign("Push3", 100, "cancelled"),
    _campaign("Push4", 50, "scheduled"),
    _campaign("Push5", 3, "window", day=30),  # outside December's first week
    _campaign("Push6", 2, "lost", user="UBOB", day=4),
]
CALLS = [_call(1, "0.0488"), _call(2, "", user="UBOB"), _call(3, "1,25")]
NUMBERS = [AddedNumber(numero="33187224467", user_id="UADMIN", channel_id="COPS", added_at=_at(5))]


def test_only_what_was_sent_counts_within_the_period() -> None:
    found = spends(CAMPAIGNS, CALLS, NUMBERS, start=date(2026, 12, 1), end=date(2026, 12, 7))
    summed = totals(found)
    assert (summed.units, summed.campaigns) == (19, 3)  # cancelled, scheduled and the 30th left out
    assert (summed.euros, summed.calls, summed.numbers) == (Decimal("1.2988"), 3, 1)


def test_a_member_s_own_spending() -> None:
    found = spends(CAMPAIGNS, CALLS, NUMBERS, start=date(2026, 12, 1), end=date(2026, 12, 31), user_id="UBOB")
    assert {s.user_id for s in found} == {"UBOB"}
    assert (totals(found).units, totals(found).calls) == (9, 1)


def test_group_totals_largest_first() -> None:
    found = spends(CAMPAIGNS, CALLS, NUMBERS, start=date(2026, 12, 1), end=date(2026, 12, 31))
    by_user = group_totals(found, "user")
    assert [key for key, _ in by_user] == ["UALICE", "UBOB", "UADMIN"]
    assert by_user[0][1].units == 13 and by_user[0][1].euros == Decimal("1.2988")
    assert [key for key, _ in group_totals(found, "channel")] == ["COPS", "CSALES"]
    vendors = dict(group_totals(found, "vendor"))
    assert vendors["Clever Multimedias"].units == 22 and vendors["Cliqphone"].numbers == 1


def test_units_per_day_has_every_day() -> None:
    found = spends(CAMPAIGNS, CALLS, NUMBERS, start=date(2026, 12, 1), end=date(2026, 12, 5))
    assert units_per_day(found, date(2026, 12, 1), date(2026, 12, 5)) == [
        (date(2026, 12, 1), 0),
        (date(2026, 12, 2), 10),
        (date(2026, 12, 3), 0),
        (date(2026, 12, 4), 9),
        (date(2026, 12, 5), 0),
    ]


def test_the_chart_is_a_png_of_the_chart_size() -> None:
    content = units_chart([(date(2026, 12, 1), 0), (date(2026, 12, 2), 10)], "Clever units per day")
    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
    assert (width, height) == CHART_SIZE
    assert units_chart([], "nothing").startswith(b"\x89PNG")
