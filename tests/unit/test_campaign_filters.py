"""Reading ``/push list``'s words into a filter (handlers.clever.campaign_filters): pure, no Slack."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.core.errors import UserError
from bot.core.timezone import PARIS
from handlers.clever.campaign_filters import CampaignFilter, read_filter
from handlers.clever.records import Campaign

NOW = datetime(2026, 12, 10, 15, 0, tzinfo=PARIS)


def read(text: str) -> CampaignFilter:
    return read_filter(text, user_id="UME", channel_id="CHERE", now=NOW)


def test_nothing_keeps_everything() -> None:
    assert read("") == CampaignFilter()


@pytest.mark.parametrize(
    ("typed", "state"),
    [
        ("scheduled", "scheduled"),
        ("Programmées", "scheduled"),
        ("programmee", "scheduled"),
        ("à venir", "scheduled"),
        ("SENT", "sent"),
        ("envoyées", "sent"),
        ("cancelled", "cancelled"),
        ("canceled", "cancelled"),
        ("annulée", "cancelled"),
    ],
)
def test_state_words_in_english_and_french(typed: str, state: str) -> None:
    assert read(typed).state == state


def test_who_and_where() -> None:
    assert read("mine").user_id == "UME"
    assert read("moi").user_id == "UME"
    assert read("<@U123ABC|alice>").user_id == "U123ABC"
    assert read("<@U123ABC>").user_id == "U123ABC"
    assert read("@alice").user_name == "alice"
    assert read("<#C999|sales>").channel_id == "C999"
    assert read("here").channel_id == "CHERE"
    assert read("ici").channel_id == "CHERE"


def test_a_raw_channel_name_is_refused_with_what_to_do() -> None:
    with pytest.raises(UserError, match="cannot look up"):
        read("#sales")


def test_from_and_to_are_read_by_read_bound() -> None:
    wanted = read("sent from 01/12 to 05/12")
    assert wanted.state == "sent"
    assert wanted.start == datetime(2026, 12, 1, 0, 0, tzinfo=PARIS)
    assert wanted.end == datetime(2026, 12, 5, 23, 59, tzinfo=PARIS)
    assert read("du 01/12 au 05/12").start == wanted.start
    assert read("from hier 8h").start == datetime(2026, 12, 9, 8, 0, tzinfo=PARIS)
    assert read("until 05/12").start is None and read("until 05/12").end == wanted.end


def test_a_period_without_from_is_read_by_read_period() -> None:
    wanted = read("mine this month")
    assert wanted.user_id == "UME"
    assert wanted.start == datetime(2026, 12, 1, 0, 0, tzinfo=PARIS)
    assert wanted.end is not None and wanted.end.date().day == 31


def test_a_typo_is_answered_with_the_word_meant() -> None:
    with pytest.raises(UserError, match="did you mean `scheduled`"):
        read("schedulde")
    with pytest.raises(UserError, match="did you mean `cancelled`"):
        read("anulées")


def test_a_state_given_twice_is_refused() -> None:
    with pytest.raises(UserError, match="given twice"):
        read("sent cancelled")


def test_an_end_before_the_start_is_refused() -> None:
    with pytest.raises(UserError, match="before the start"):
        read("from 05/12 to 01/12")


def test_keeps() -> None:
    campaign = Campaign(
        reference="Push1",
        family="sms",
        channel="sms",
        channel_id="CHERE",
        user_id="UME",
        created_at=datetime(2026, 12, 3, 10, 0, tzinfo=PARIS).timestamp(),
        state="done",
    )
    assert read("sent mine here from 01/12 to 05/12").keeps(campaign)
    assert not read("scheduled").keeps(campaign)
    assert not read("<@UOTHER>").keeps(campaign)
    assert not read("from 04/12").keeps(campaign)
    assert "sent" in read("sent mine").words() and "<@UME>" in read("sent mine").words()
