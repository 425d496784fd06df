"""The French marketing rules at their edges (bot/rules/marketing.py), the clock given as an argument."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.channel_settings import RulesSet
from bot.core.timezone import PARIS
from bot.rules.fields import FieldError
from bot.rules.marketing import (
    RULES_VERSION,
    SOURCES,
    holiday_name,
    next_allowed,
    optout_verdict,
    read_nature,
    sender_verdict,
    sms_hours_verdict,
    transactional_stop_code,
    voice_hours_verdict,
)


def paris(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=PARIS)  # type: ignore[misc]


# 2026-12-07 is a Monday, 2026-12-11 a Friday, 2026-12-12 a Saturday, 2026-12-13 a Sunday.
@pytest.mark.parametrize(
    ("at", "rules", "outcome", "next_at"),
    [
        (paris(2026, 12, 7, 21, 29), "charter-2026", "allowed", None),
        (paris(2026, 12, 7, 21, 30), "charter-2026", "refuse", paris(2026, 12, 8, 8, 0)),
        (paris(2026, 12, 7, 21, 31), "charter-2026", "refuse", paris(2026, 12, 8, 8, 0)),
        (paris(2026, 12, 8, 7, 59), "charter-2026", "refuse", paris(2026, 12, 8, 8, 0)),
        (paris(2026, 12, 8, 8, 0), "charter-2026", "allowed", None),
        (paris(2026, 12, 8, 0, 0), "charter-2026", "refuse", paris(2026, 12, 8, 8, 0)),  # after midnight: same day
        (paris(2026, 12, 12, 23, 0), "charter-2026", "refuse", paris(2026, 12, 14, 8, 0)),  # Saturday night → Monday
        (paris(2026, 12, 13, 10, 0), "charter-2026", "warn", paris(2026, 12, 14, 8, 0)),  # Sunday: tolerated
        (paris(2026, 12, 25, 10, 0), "charter-2026", "warn", paris(2026, 12, 26, 8, 0)),  # Christmas: tolerated
        (paris(2026, 12, 24, 21, 45), "charter-2026", "refuse", paris(2026, 12, 26, 8, 0)),  # Christmas skipped
        (paris(2026, 12, 7, 21, 45), "charter-2024", "allowed", None),  # 2024: until 22:00
        (paris(2026, 12, 7, 22, 0), "charter-2024", "refuse", paris(2026, 12, 8, 8, 0)),
        (paris(2026, 12, 12, 10, 0), "charter-2024", "allowed", None),  # Saturday is a working day
        (paris(2026, 12, 13, 10, 0), "charter-2024", "refuse", paris(2026, 12, 14, 8, 0)),  # Sunday refused
        (paris(2026, 12, 25, 10, 0), "charter-2024", "refuse", paris(2026, 12, 26, 8, 0)),  # holiday refused
        (paris(2027, 5, 6, 10, 0), "charter-2026", "warn", paris(2027, 5, 7, 8, 0)),  # Ascension 2027
        (paris(2027, 5, 13, 10, 0), "charter-2026", "allowed", None),  # an ordinary Thursday
        (paris(2026, 12, 13, 23, 0), "none", "allowed", None),
    ],
)
def test_promotional_sms_hours(at: datetime, rules: RulesSet, outcome: str, next_at: datetime | None) -> None:
    verdict = sms_hours_verdict(at, rules)
    assert verdict.outcome == outcome, verdict.why
    if outcome != "allowed":
        assert verdict.next_allowed == next_at and verdict.why and verdict.source


def test_a_moment_given_in_utc_is_read_in_paris_time() -> None:
    # 20:31 UTC in winter is 21:31 in Paris.
    assert sms_hours_verdict(datetime(2026, 12, 7, 20, 31, tzinfo=UTC), "charter-2026").outcome == "refuse"
    assert sms_hours_verdict(datetime(2026, 12, 7, 20, 29, tzinfo=UTC), "charter-2026").outcome == "allowed"


@pytest.mark.parametrize(
    ("at", "outcome"),
    [
        # Daylight-saving days (both Sundays in 2026): Paris wall time decides, not UTC.
        (datetime(2026, 3, 29, 6, 59, tzinfo=UTC), "warn"),  # 08:59 CEST on the spring-forward Sunday
        (datetime(2026, 3, 29, 5, 59, tzinfo=UTC), "refuse"),  # 07:59 CEST
        (datetime(2026, 10, 25, 6, 59, tzinfo=UTC), "refuse"),  # 07:59 CET on the fall-back Sunday
        (datetime(2026, 10, 25, 7, 0, tzinfo=UTC), "warn"),  # 08:00 CET
    ],
)
def test_daylight_saving_days_are_read_on_the_paris_clock(at: datetime, outcome: str) -> None:
    assert sms_hours_verdict(at, "charter-2026").outcome == outcome


def test_the_next_allowed_moment_after_a_daylight_saving_night_is_8_paris_time() -> None:
    found = next_allowed(paris(2026, 3, 28, 23, 0), "charter-2026", "sms")  # Saturday night, clocks go forward
    assert found == paris(2026, 3, 30, 8, 0) and found.utcoffset() is not None
    assert found.astimezone(UTC).hour == 6  # CEST


@pytest.mark.parametrize(
    ("at", "outcome", "next_at"),
    [
        (paris(2026, 12, 11, 19, 59), "allowed", None),  # Friday
        (paris(2026, 12, 11, 20, 1), "refuse", paris(2026, 12, 14, 10, 0)),  # → Monday 10:00
        (paris(2026, 12, 8, 12, 59), "allowed", None),
        (paris(2026, 12, 8, 13, 0), "refuse", paris(2026, 12, 8, 14, 0)),
        (paris(2026, 12, 8, 14, 0), "allowed", None),
        (paris(2026, 12, 8, 9, 59), "refuse", paris(2026, 12, 8, 10, 0)),
        (paris(2026, 12, 12, 11, 0), "refuse", paris(2026, 12, 14, 10, 0)),  # Saturday
        (paris(2026, 12, 25, 11, 0), "refuse", paris(2026, 12, 28, 10, 0)),  # Christmas (a Friday)
        (paris(2027, 5, 6, 11, 0), "refuse", paris(2027, 5, 7, 10, 0)),  # Ascension 2027
        (paris(2026, 12, 7, 23, 30), "refuse", paris(2026, 12, 8, 10, 0)),  # midnight wrap
    ],
)
def test_telephone_canvassing_hours(at: datetime, outcome: str, next_at: datetime | None) -> None:
    verdict = voice_hours_verdict(at)
    assert verdict.outcome == outcome, verdict.why
    if outcome == "refuse":
        assert verdict.next_allowed == next_at and "2022-1313" in verdict.why


@pytest.mark.parametrize(
    ("text", "optout", "allowed"),
    [
        ("Soldes -20 % STOP au 36111", "STOP au 36111", True),
        ("Soldes -20 %  stop  AU 36111", "STOP au 36111", True),  # case and spacing ignored
        ("Soldes -20 % STOP au 36222", "STOP au 36111", False),  # another short code is not the channel's
        ("Soldes -20 %", "STOP au 36111", False),
        ("Soldes -20 % Stop au 36111", "", True),  # no text set: any STOP mention
        ("Soldes -20 % STOPPEZ tout", "", False),  # STOP as a word, not inside one
        ("Soldes -20 %", "", False),
        ("Soldes -20 % STOP au 38111", "", False),  # a transactional short code
        ("Soldes -20 % STOP au 38111", "STOP au 38111", False),  # even when the channel set it
        ("Soldes STOP 38 111", "", False),
        ("Soldes -20 % stop SMS au 36111, infos 38111", "", True),  # the STOP's code is 36111
    ],
)
def test_the_opt_out_a_promotional_sms_must_carry(text: str, optout: str, allowed: bool) -> None:
    assert optout_verdict(text, optout).allowed is allowed


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("STOP au 38111", "38111"),
        ("Stop to 38 222", "38222"),
        ("STOP: 38333", "38333"),
        ("STOP au 36111", None),
        ("Appelez le 38111. STOP au 36111", None),
        ("STOPPEZ 38111", None),
    ],
)
def test_a_stop_sent_to_a_transactional_short_code(text: str, code: str | None) -> None:
    assert transactional_stop_code(text) == code


@pytest.mark.parametrize(
    ("sender", "allowed"),
    [
        ("0612345678", False),
        ("07 12 34 56 78", False),
        ("33612345678", False),
        ("+33712345678", False),
        ("RELAIS", True),
        ("0145678901", True),  # a landline is not a mobile
        ("36111", True),
        ("", True),
    ],
)
def test_a_french_mobile_number_is_no_promotional_sender(sender: str, allowed: bool) -> None:
    verdict = sender_verdict(sender)
    assert verdict.allowed is allowed
    if not allowed:
        assert "18-0881" in verdict.why


@pytest.mark.parametrize(
    ("typed", "nature"),
    [
        ("promo", "promotional"),
        ("Promotionnel", "promotional"),
        ("marketing", "promotional"),
        ("transactional", "transactional"),
        ("transactionnel", "transactional"),
        ("TRANS", "transactional"),
    ],
)
def test_the_nature_is_read_in_either_language(typed: str, nature: str) -> None:
    assert read_nature("nature", typed) == nature


def test_a_mistyped_nature_is_answered_with_the_nearest() -> None:
    with pytest.raises(FieldError, match="did you mean `transactional`"):
        read_nature("nature", "transactionel")


def test_the_rules_are_versioned_and_every_source_dated() -> None:
    assert RULES_VERSION
    assert {source.key for source in SOURCES} >= {"arcep-18-0881", "af2m-2026", "af2m-2024", "decret-2022-1313"}
    assert all(len(source.dated) == 10 and source.reference for source in SOURCES)
    assert holiday_name(paris(2026, 12, 25).date()) and holiday_name(paris(2026, 12, 24).date()) is None
