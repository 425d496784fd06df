"""Dates and times as people type them (bot/rules/dates.py): each input and the reading chosen.

"Now" is Saturday 5 December 2026, 11:40 in Paris, throughout.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from bot.core.timezone import PARIS
from bot.rules.dates import (
    check_hour_window,
    check_schedule,
    read_bound,
    read_clock,
    read_day,
    read_moment,
    read_period,
    say_day,
    say_moment,
    say_period,
)
from bot.rules.fields import FieldError
from bot.rules.grammar import parse_command_line

NOW = datetime(2026, 12, 5, 11, 40, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("typed", "reading"),
    [
        ("10/12/2026 09:00", "Thursday 10 December 2026 at 09:00, Paris time"),
        ("10/12/2026 9h", "Thursday 10 December 2026 at 09:00, Paris time"),
        ("10/12 9h", "Thursday 10 December 2026 at 09:00, Paris time"),
        ("10/12 à 9h30", "Thursday 10 December 2026 at 09:30, Paris time"),
        ("le 10/12 à 9h", "Thursday 10 December 2026 at 09:00, Paris time"),
        ("9h30", "Sunday 6 December 2026 at 09:30, Paris time"),  # 9:30 has passed today: tomorrow's
        ("14h", "Saturday 5 December 2026 at 14:00, Paris time"),
        ("midi", "Saturday 5 December 2026 at 12:00, Paris time"),
        ("demain 9h", "Sunday 6 December 2026 at 09:00, Paris time"),
        ("demain à 9h", "Sunday 6 December 2026 at 09:00, Paris time"),
        ("Demain 9H", "Sunday 6 December 2026 at 09:00, Paris time"),
        ("“demain 9h”", "Sunday 6 December 2026 at 09:00, Paris time"),
        ("aujourd’hui 18h", "Saturday 5 December 2026 at 18:00, Paris time"),
        ("lundi 14h", "Monday 7 December 2026 at 14:00, Paris time"),
        ("lundi prochain 14h", "Monday 7 December 2026 at 14:00, Paris time"),
        ("samedi 10h", "Saturday 12 December 2026 at 10:00, Paris time"),  # today is Saturday: next week's
        ("tomorrow 9am", "Sunday 6 December 2026 at 09:00, Paris time"),
        ("tomorrow at 9:30", "Sunday 6 December 2026 at 09:30, Paris time"),
        ("next monday 10:00", "Monday 7 December 2026 at 10:00, Paris time"),
        ("9am", "Sunday 6 December 2026 at 09:00, Paris time"),
        ("2pm", "Saturday 5 December 2026 at 14:00, Paris time"),
        ("in 2 hours", "Saturday 5 December 2026 at 13:40, Paris time"),
        ("dans 2 heures", "Saturday 5 December 2026 at 13:40, Paris time"),
        ("dans 2h", "Saturday 5 December 2026 at 13:40, Paris time"),
        ("10 décembre 2026 9h", "Thursday 10 December 2026 at 09:00, Paris time"),
        ("10 décembre 9h", "Thursday 10 December 2026 at 09:00, Paris time"),
        ("2026-12-10T09:00", "Thursday 10 December 2026 at 09:00, Paris time"),
        ("2026-12-10 09:00", "Thursday 10 December 2026 at 09:00, Paris time"),
        ("2026-12-10T08:00+00:00", "Thursday 10 December 2026 at 09:00, Paris time"),
        ("12/10 9h", "Tuesday 12 October 2027 at 09:00, Paris time"),  # day first; the next 12 October
    ],
)
def test_moments_as_typed(typed: str, reading: str) -> None:
    assert say_moment(read_moment("at", typed, now=NOW)) == reading


@pytest.mark.parametrize(
    ("typed", "rule"),
    [
        ("demain", "`demain` has no time"),
        ("10/12/2026", "`10/12/2026` has no time"),
        ("2026-12-10", "`2026-12-10` has no time"),
        ("25h", "`25h` is not a time of day"),
        ("31/02 9h", "`31/02` is not a day that exists"),
        ("28/03/2027 02:30", "does not exist in Paris (clocks go forward then)"),
        ("2026-13-01T09:00", "`2026-13-01` is not a day that exists"),  # never read year-day-month
        ("demain 9h 30", "is not a date and time"),  # dateparser would guess 20:40
        ("bientôt", "is not a date and time"),
    ],
)
def test_moments_refused_with_the_rule(typed: str, rule: str) -> None:
    with pytest.raises(FieldError) as refused:
        read_moment("at", typed, now=NOW)
    assert rule in str(refused.value)
    assert str(refused.value).startswith("at: ")


@pytest.mark.parametrize(
    ("typed", "direction", "day"),
    [
        ("hier", "past", date(2026, 12, 4)),
        ("yesterday", "past", date(2026, 12, 4)),
        ("aujourd'hui", "past", date(2026, 12, 5)),
        ("lundi", "past", date(2026, 11, 30)),
        ("lundi", "future", date(2026, 12, 7)),
        ("vendredi dernier", "past", date(2026, 12, 4)),
        ("samedi dernier", "past", date(2026, 11, 28)),
        ("last friday", "past", date(2026, 12, 4)),
        ("10/12", "past", date(2025, 12, 10)),  # a listing looks back
        ("10/12", "future", date(2026, 12, 10)),  # a closing day looks ahead
        ("10/12/2026", "past", date(2026, 12, 10)),
        ("10.12.26", "past", date(2026, 12, 10)),
        ("2026-12-10", "past", date(2026, 12, 10)),
        ("10 décembre", "future", date(2026, 12, 10)),
    ],
)
def test_days(typed: str, direction: str, day: date) -> None:
    assert read_day("date", typed, now=NOW, direction=direction) == day  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("this week", "from Monday 30 November to Sunday 6 December 2026"),
        ("cette semaine", "from Monday 30 November to Sunday 6 December 2026"),
        ("la semaine dernière", "from Monday 23 November to Sunday 29 November 2026"),
        ("last week", "from Monday 23 November to Sunday 29 November 2026"),
        ("ce mois-ci", "from Tuesday 1 December to Thursday 31 December 2026"),
        ("le mois dernier", "from Sunday 1 November to Monday 30 November 2026"),
        ("01/12 05/12", "from Tuesday 1 December to Saturday 5 December 2026"),
        ("01/12 au 05/12", "from Tuesday 1 December to Saturday 5 December 2026"),
        ("from 1/12 to 5/12", "from Tuesday 1 December to Saturday 5 December 2026"),
        ("hier", "Friday 4 December 2026"),
        ("yesterday", "Friday 4 December 2026"),
        ("today", "Saturday 5 December 2026"),
        ("01/11 30/11", "from Sunday 1 November to Monday 30 November 2026"),
        ("01/11/2026 au 30/11/2026", "from Sunday 1 November to Monday 30 November 2026"),
        ("2026-11-01 2026-11-30", "from Sunday 1 November to Monday 30 November 2026"),
        ("“2026-11-01”", "Sunday 1 November 2026"),
        ("01/11 30/11", "from Sunday 1 November to Monday 30 November 2026"),  # days look back…
        ("01/12 31/12", "from Tuesday 1 December to Thursday 31 December 2026"),  # … the last in the first's year
        ("01/01 31/12", "from Thursday 1 January to Thursday 31 December 2026"),
        ("15/12/2025 10/01/2026", "from Monday 15 December 2025 to Saturday 10 January 2026"),
        ("15/12 10/01", "from Monday 15 December 2025 to Saturday 10 January 2026"),
    ],
)
def test_periods(typed: str, said: str) -> None:
    assert say_period(*read_period("when", typed, now=NOW)) == said


@pytest.mark.parametrize(
    ("typed", "rule"),
    [
        ("05/12 01/12", "when: Tuesday 1 December 2026 is before Saturday 5 December 2026"),
        ("2026-02-29", "when: `2026-02-29` is not a day that exists"),
        ("31/02 au 03/03", "when: `31/02` is not a day that exists"),
        ("bientôt", "when: `bientôt` is not a day or a span of days"),
        ("01/11 15/11 30/11", "when: `01/11 15/11 30/11` is not a day or a span of days"),
    ],
)
def test_periods_refused_with_the_rule(typed: str, rule: str) -> None:
    with pytest.raises(FieldError) as refused:
        read_period("when", typed, now=NOW)
    assert str(refused.value).startswith(rule)


@pytest.mark.parametrize(
    ("typed", "clock"),
    [
        ("9h", time(9)),
        ("9h30", time(9, 30)),
        ("14H", time(14)),
        ("09:00", time(9)),
        ("9am", time(9)),
        ("9.30pm", time(21, 30)),
    ],
)
def test_clocks(typed: str, clock: time) -> None:
    assert read_clock("start", typed) == clock


@pytest.mark.parametrize("typed", ["24h", "9h60", "13pm", "neuf heures", ""])
def test_clocks_refused(typed: str) -> None:
    with pytest.raises(FieldError, match=r"start: .* is not a time of day"):
        read_clock("start", typed)


@pytest.mark.parametrize(
    ("start", "end", "window"),
    [
        ("9h", "18h", (time(9), time(18))),
        ("09:00", "12h30", (time(9), time(12, 30))),
        ("8am", "2pm", (time(8), time(14))),
    ],
)
def test_hour_windows(start: str, end: str, window: tuple[time, time]) -> None:
    assert check_hour_window("start", start, "end", end) == window


@pytest.mark.parametrize(
    ("start", "end", "rule"),
    [
        ("18:00", "9:00", "end: 09:00 is not after start 18:00"),
        ("14h", "14h", "end: 14:00 is not after start 14:00"),
        ("24:00", "9h", "start: `24:00` is not a time of day"),
        ("9h", "", "end: `` is not a time of day"),
    ],
)
def test_hour_windows_refused(start: str, end: str, rule: str) -> None:
    with pytest.raises(FieldError) as refused:
        check_hour_window("start", start, "end", end)
    assert str(refused.value).startswith(rule)


@pytest.mark.parametrize(
    ("typed", "last", "reading"),
    [
        ("hier 8h", False, "Friday 4 December 2026 at 08:00, Paris time"),
        ("01/11/2026 08:00", False, "Sunday 1 November 2026 at 08:00, Paris time"),
        ("2026-11-01T08:00", False, "Sunday 1 November 2026 at 08:00, Paris time"),
        ("2026-11-01T07:00Z", False, "Sunday 1 November 2026 at 08:00, Paris time"),
        ("14h", False, "Friday 4 December 2026 at 14:00, Paris time"),  # a time alone looks back too
        ("hier", False, "Friday 4 December 2026 at 00:00, Paris time"),  # a day alone: its first minute…
        ("hier", True, "Friday 4 December 2026 at 23:59, Paris time"),  # … or its last
        ("30/11", True, "Monday 30 November 2026 at 23:59, Paris time"),
        ("2026-11-30", False, "Monday 30 November 2026 at 00:00, Paris time"),
    ],
)
def test_bounds_of_a_span_of_past_moments(typed: str, last: bool, reading: str) -> None:
    assert say_moment(read_bound("since", typed, now=NOW, last=last)) == reading


@pytest.mark.parametrize(
    ("typed", "rule"),
    [("bientôt", "since: `bientôt` is not a date and time"), ("31/02 8h", "since: `31/02` is not a day that exists")],
)
def test_bounds_refused(typed: str, rule: str) -> None:
    with pytest.raises(FieldError) as refused:
        read_bound("since", typed, now=NOW)
    assert str(refused.value).startswith(rule)


def test_french_words_for_the_reading() -> None:
    moment = read_moment("at", "demain 9h", now=NOW)
    assert say_moment(moment, "fr") == "dimanche 6 décembre 2026 à 09:00, heure de Paris"
    assert say_day(date(2026, 8, 15), "fr") == "samedi 15 août 2026"


@pytest.mark.parametrize(
    ("line", "at", "rest"),
    [
        ("at=10/12/2026 09:00 from=RELAIS 0612345678 Bonjour", "10/12/2026 09:00", "0612345678 Bonjour"),
        ("at=demain 9h 0612345678 Bonjour", "demain 9h", "0612345678 Bonjour"),
        ("at=“demain 9h” 0612345678 Bonjour", "demain 9h", "0612345678 Bonjour"),
        ("at=lundi prochain 14h 0612345678 Bonjour", "lundi prochain 14h", "0612345678 Bonjour"),
        ("at=dans 2 heures 0612345678 2 places restantes", "dans 2 heures", "0612345678 2 places restantes"),
        ("at=10/12 à 9h30 0612345678 Hi", "10/12 à 9h30", "0612345678 Hi"),
        ("at=9h 2 places restantes", "9h", "2 places restantes"),
        ("at=demain 9h this is it", "demain 9h", "this is it"),
        ("at=next monday 9am Hello", "next monday 9am", "Hello"),
    ],
)
def test_unquoted_dates_in_a_command_line(line: str, at: str, rest: str) -> None:
    read = parse_command_line(line, known=["at", "from"], moments=["at"])
    assert read.options["at"] == at
    assert read.text == rest


def test_schedules_are_in_the_future_and_within_a_year() -> None:
    assert check_schedule("at", "2026-12-10 09:00", now=NOW).isoformat() == "2026-12-10T09:00:00+01:00"
    assert check_schedule("at", "tomorrow 9:00", now=NOW).isoformat() == "2026-12-06T09:00:00+01:00"
    assert check_schedule("at", "2026-12-10T08:00:00Z", now=NOW).isoformat() == "2026-12-10T09:00:00+01:00"
    with pytest.raises(
        FieldError, match=r"at: Saturday 5 December 2026 at 08:00, Paris time is in the past \(it is 11:40"
    ):
        check_schedule("at", "today 8h", now=NOW)
    with pytest.raises(FieldError, match="`2026-02-30` is not a day that exists"):
        check_schedule("at", "2026-02-30 09:00", now=NOW)
    with pytest.raises(FieldError, match="does not exist in Paris"):
        check_schedule("at", "2027-03-28 02:30", now=NOW)
    with pytest.raises(FieldError, match="Saturday 1 January 2028 is more than a year ahead"):
        check_schedule("at", "2028-01-01 09:00", now=NOW)
    for date_alone in ("2026-12-10", "10/12/2026"):  # never read as midnight
        with pytest.raises(FieldError, match="has no time"):
            check_schedule("at", date_alone, now=NOW)
