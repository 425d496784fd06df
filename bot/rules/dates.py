"""Dates and times as French and English speakers type them, read in Paris time.

    10/12/2026 09:00 · 10/12 9h · 9h30 · 14h · demain 9h · lundi 14h · tomorrow 9am
    in 2 hours · dans 2 heures · yesterday · hier · this week · cette semaine · 2026-12-10T09:00

Numbers are read in French order (day/month/year). Our own rules read what people type
most and what a general parser gets wrong: French clock times (``9h``, ``14h30`` — dateparser
1.5 reads ``9h`` as "9 hours ago"), numeric dates with or without a year, ISO 8601, the
day words and weekdays. `dateparser <https://dateparser.readthedocs.io>`_ reads the rest
(``in 2 hours``, ``lundi prochain``, ``10 décembre``), with French and English only, the
day-first order and the direction the caller asks for (a schedule looks ahead, a listing
looks back).

Each reader returns a value or raises ``FieldError`` naming the field, what was not
understood and forms that work. ``say_moment`` / ``say_day`` write back the reading chosen
("Thursday 10 December 2026 at 09:00, Paris time") so an ambiguous input never passes
silently.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from bot.core.timezone import PARIS, parse_vendor_date
from bot.rules.fields import FieldError

__all__ = [
    "Direction",
    "Language",
    "check_hour_window",
    "check_schedule",
    "continues_moment",
    "read_bound",
    "read_clock",
    "read_day",
    "read_moment",
    "read_period",
    "say_day",
    "say_moment",
    "say_period",
    "say_vendor_moment",
]

Direction = Literal["future", "past"]
Language = Literal["en", "fr"]

MOMENT_EXAMPLES = "`10/12/2026 09:00`, `demain 9h`, `lundi 14h`, `tomorrow 9am`, `dans 2 heures`"
DAY_EXAMPLES = "`10/12/2026`, `10/12`, `hier`, `yesterday`, `lundi`, `2026-12-10`"
PERIOD_EXAMPLES = "`today`, `hier`, `cette semaine`, `last week`, `ce mois-ci`, `01/12 05/12`"

_WEEKDAYS = {
    "monday": 0, "lundi": 0, "tuesday": 1, "mardi": 1, "wednesday": 2, "mercredi": 2,
    "thursday": 3, "jeudi": 3, "friday": 4, "vendredi": 4, "saturday": 5, "samedi": 5,
    "sunday": 6, "dimanche": 6,
}  # fmt: skip
_DAY_WORDS = {
    "today": 0, "aujourd'hui": 0, "auj": 0, "tomorrow": 1, "demain": 1,
    "yesterday": -1, "hier": -1, "apres-demain": 2, "avant-hier": -2,
}  # fmt: skip
_MONTHS = (
    "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|"
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "janv|fevr?|avr|juil|sept?|oct|nov|dec|jan|feb|mar|apr|jun|jul|aug"
)
_UNITS = r"minutes?|mins?|heures?|hours?|hrs?|h|jours?|days?|semaines?|weeks?|mois|months?"

# A clock time: 9h, 9h30, 14h, 09:00, 9:30:00, 9am, 9.30pm, midi, noon, minuit, midnight.
_CLOCK = re.compile(
    r"(?P<h>\d{1,2})(?:(?:h|:)(?P<m>\d{2})?(?::(?P<s>\d{2}))?|(?:[.:](?P<m2>\d{2}))?\s?(?P<ampm>am|pm))"
    r"|(?P<word>midi|noon|minuit|midnight)"
)
_NUMERIC_DAY = re.compile(r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})(?:[/.-](?P<y>\d{2}|\d{4}))?")
_ISO_DAY = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")
_CONNECTOR = re.compile(r"\s+(?:à|a|at|le|on|vers|around)\s+|\s*(?:t|,)\s*")
_DURATION = re.compile(rf"(?:dans|in)\s+(?P<n>\d+)\s*(?P<unit>{_UNITS})")
_WEEKDAY_NAMES = "|".join(_WEEKDAYS)
# "lundi", "lundi prochain", "next monday", "vendredi dernier", "last friday".
_WEEKDAY_PHRASE = re.compile(
    rf"(?:(?P<way>next|last|prochain|dernier)\s+)?(?P<day>{_WEEKDAY_NAMES})"
    rf"|(?P<day2>{_WEEKDAY_NAMES})\s+(?P<way2>prochain|prochaine|dernier|derniere)"
)
_WAY_WORDS = frozenset({"prochain", "prochaine", "next", "dernier", "derniere", "last", "this", "cette", "ce"})
_SPAN_WORDS = frozenset({"semaine", "week", "mois", "month", "mois-ci", "matin", "soir", "morning", "evening"})
_NOW = frozenset({"now", "maintenant", "tout de suite", "immediately"})


def read_clock(field: str, text: str) -> time:
    """``9h``, ``9h30``, ``14h``, ``09:00``, ``9am``, ``9.30pm``, ``midi`` → a wall-clock time."""
    found = _clock(_normalise(text))
    if found is None:
        raise FieldError(field, f"`{text.strip()}` is not a time of day", "e.g. `9h30`, `14h`, `09:30` or `9am`")
    return found


def check_hour_window(start_field: str, start: str, end_field: str, end: str) -> tuple[time, time]:
    """Opening hours: two times of day as typed (``9h``, ``9h30``, ``14h``, ``09:00``), the second after the first."""
    begin, finish = read_clock(start_field, start), read_clock(end_field, end)
    if finish <= begin:
        raise FieldError(
            end_field,
            f"{finish:%H:%M} is not after {start_field} {begin:%H:%M}",
            f"{end_field} must come after {start_field}",
        )
    return begin, finish


def read_day(field: str, text: str, *, now: datetime, direction: Direction = "past") -> date:
    """A calendar day: ``10/12/2026``, ``10/12`` (the next or last such day), ``hier``, ``lundi``, ISO.

    ``direction``: which way a day written without its year or week looks from today.
    """
    wording = _normalise(text)
    today = now.astimezone(PARIS).date()
    day = _strict_day(wording, today, direction)
    if day is None:
        _refuse_impossible(field, wording)
        parsed = _dateparser(wording, now, direction)
        if parsed is None or _clock_in(wording):
            raise FieldError(field, f"`{text.strip()}` is not a day", f"e.g. {DAY_EXAMPLES}")
        day = parsed.date()
    return day


def read_period(field: str, text: str, *, now: datetime) -> tuple[date, date]:
    """A span of days, first and last included: a day, ``this week``, ``la semaine dernière``, ``ce mois-ci``,
    or two days (``01/12 05/12``, ``01/12 au 05/12``, ``from 1/12 to 5/12``)."""
    wording = _normalise(text)
    today = now.astimezone(PARIS).date()
    named = _named_period(wording, today)
    if named is not None:
        return named
    _refuse_impossible(field, wording)
    parts = [part for part in re.split(r"\s+(?:-|to|au|a|à|until|jusqu'au)\s+|\s+-\s+", _drop_from(wording)) if part]
    if len(parts) == 1:
        parts = _split_two_days(parts[0])
    try:
        start = read_day(field, parts[0], now=now)
        end = read_day(field, parts[1], now=now) if len(parts) > 1 else start
    except FieldError:
        raise FieldError(field, f"`{text.strip()}` is not a day or a span of days", f"e.g. {PERIOD_EXAMPLES}") from None
    if len(parts) > 2:
        raise FieldError(field, f"`{text.strip()}` names more than two days", "give a first and a last day")
    if end < start and len(parts) > 1:
        # Without its year the last day is in the first day's year (`01/12 31/12` in December: this month).
        same_year = read_day(field, parts[1], now=datetime.combine(start, time(12), PARIS), direction="future")
        end = same_year if start <= same_year and same_year.year == start.year else end
    if end < start:
        raise FieldError(
            field,
            f"{say_day(end)} is before {say_day(start)}",
            "give the first day first (and the years for a period across the new year)",
        )
    return start, end


def read_moment(field: str, text: str, *, now: datetime, direction: Direction = "future") -> datetime:
    """A day and a time in Paris (aware): ``10/12/2026 09:00``, ``demain 9h``, ``lundi 14h``, ``in 2 hours``.

    A day without a time is refused rather than read as midnight (a campaign sent at 00:00 by
    accident wakes people up); a time without a day is the next (or last) such time. A wall
    time that does not exist in Paris (the spring-forward hour) is refused.
    """
    wording = _normalise(text)
    current = now.astimezone(PARIS)
    naive = _strict_moment(field, text, wording, current, direction)
    if naive is None:
        _refuse_impossible(field, wording)
        if not (_clock_in(wording) or _DURATION.search(wording) or wording in _NOW or _relative_words(wording)):
            if _dateparser(wording, now, direction) is not None:
                raise FieldError(field, f"`{text.strip()}` has no time", f'give the time too, e.g. "{text.strip()} 9h"')
            raise FieldError(field, f"`{text.strip()}` is not a date and time", f"e.g. {MOMENT_EXAMPLES}")
        rewritten = _dateparser_wording(wording)
        parsed = _dateparser(rewritten, now, direction) if not _stray_number(rewritten) else None
        if parsed is None:
            raise FieldError(field, f"`{text.strip()}` is not a date and time", f"e.g. {MOMENT_EXAMPLES}")
        clocks = {read for token in rewritten.split(" ") if (read := _clock(token)) is not None}
        if clocks and parsed.time().replace(second=0, microsecond=0) not in clocks:
            # dateparser guessed around a time it did not read ("demain 9h 30" → 20:40): never pass that on.
            raise FieldError(field, f"`{text.strip()}` is not a date and time", f"e.g. {MOMENT_EXAMPLES}")
        naive = parsed.replace(second=0, microsecond=0) if not _DURATION.search(wording) else parsed
    return _in_paris(field, naive)


def read_bound(field: str, text: str, *, now: datetime, last: bool = False) -> datetime:
    """One end of a span of past moments (a listing filter), in Paris (aware): a moment as ``read_moment``
    reads it (``hier 8h``, ``01/11/2026 08:00``, ISO), or a day alone, which stands for its first minute
    (its last, 23:59, with ``last``: "until 30/11" keeps the 30th). Days and times without a date look back.
    """
    try:
        day = read_day(field, text, now=now, direction="past")
    except FieldError:
        return read_moment(field, text, now=now, direction="past")
    return _in_paris(field, datetime.combine(day, time(23, 59) if last else time(0)))


def check_schedule(field: str, text: str, *, now: datetime | None = None) -> datetime:
    """A send time: read as people type it (``read_moment``), in the future and within a year."""
    current = (now or datetime.now(PARIS)).astimezone(PARIS)
    when = read_moment(field, text, now=current)
    if when <= current:
        raise FieldError(
            field,
            f"{say_moment(when)} is in the past (it is {current:%H:%M} on {say_day(current.date())})",
            "give a future time, or leave it out to send now",
        )
    if when > current + timedelta(days=365):
        raise FieldError(field, f"{say_day(when.date())} is more than a year ahead", "give a date within a year")
    return when


def continues_moment(words: list[str], word: str, following: str) -> bool:
    """Whether ``word`` (then ``following``) still belongs to an unquoted date value made of ``words``.

    Lets ``at=10/12/2026 09:00`` and ``at=demain 9h`` be typed without quotes: the grammar
    keeps adding words to the value while they read as parts of a date or time, and stops
    at the first word that does not (a phone number, the message).
    """
    current, after = _normalise(word), _normalise(following)
    previous = _normalise(words[-1]) if words else ""
    if _CLOCK.fullmatch(current) or _NUMERIC_DAY.fullmatch(current) or _ISO_DAY.fullmatch(current):
        return True
    if current in _WEEKDAYS or current in _DAY_WORDS or re.fullmatch(_MONTHS, current):
        return True
    if current in _SPAN_WORDS:
        return previous in _WAY_WORDS or previous in _WEEKDAYS
    if current in _WAY_WORDS:  # "lundi prochain", "next monday", "la semaine dernière"
        return previous in _WEEKDAYS or previous in _SPAN_WORDS or after in _WEEKDAYS or after in _SPAN_WORDS
    if current in {"a", "at", "vers", "around", "le", "on", "the", "la"}:
        return (
            bool(_CLOCK.fullmatch(after) or _NUMERIC_DAY.fullmatch(after)) or after in _WEEKDAYS or after in _SPAN_WORDS
        )
    if re.fullmatch(r"\d{1,4}", current):
        return bool(re.fullmatch(rf"(?:{_UNITS})|{_MONTHS}", after)) or (previous in _WEEKDAYS and int(current) <= 31)
    if re.fullmatch(rf"(?:{_UNITS})", current):
        return bool(re.fullmatch(r"\d{1,4}", previous))
    return False


def say_moment(when: datetime, language: Language = "en") -> str:
    """The reading chosen, in words: "Thursday 10 December 2026 at 09:00, Paris time"."""
    local = when.astimezone(PARIS)
    if language == "fr":
        return f"{say_day(local.date(), 'fr')} à {local:%H:%M}, heure de Paris"
    return f"{say_day(local.date())} at {local:%H:%M}, Paris time"


def say_vendor_moment(value: str | None, *, missing: str = "—", language: Language = "en") -> str:
    """A date a vendor wrote (``2026-11-02 09:15:00`` Paris, ``2026-11-02T08:15Z`` UTC) in words, Paris time:
    "Monday 2 November 2026 at 09:15, Paris time"; an unreadable one as written, a missing one as ``missing``."""
    if not (value or "").strip():
        return missing
    moment = parse_vendor_date(value)
    return say_moment(moment, language) if moment is not None else str(value).strip()


def say_day(day: date, language: Language = "en") -> str:
    """ "Thursday 10 December 2026" / "jeudi 10 décembre 2026" (no locale: the words are ours)."""
    if language == "fr":
        return f"{_FR_DAYS[day.weekday()]} {day.day} {_FR_MONTHS[day.month - 1]} {day.year}"
    return f"{_EN_DAYS[day.weekday()]} {day.day} {_EN_MONTHS[day.month - 1]} {day.year}"


def say_period(start: date, end: date, language: Language = "en") -> str:
    """ "Monday 30 November 2026" or "from Monday 30 November to Sunday 6 December 2026"."""
    if start == end:
        return say_day(start, language)
    first = say_day(start, language)
    if start.year == end.year:
        first = first.rsplit(" ", 1)[0]
    if language == "fr":
        return f"du {first} au {say_day(end, 'fr')}"
    return f"from {first} to {say_day(end)}"


_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_FR_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_FR_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def _normalise(text: str) -> str:
    """Lower case, typographic apostrophes and quotes made plain, accents kept only where words need them."""
    wording = text.strip().strip("\"'“”«»‘’ ").lower()
    wording = wording.replace("’", "'").replace("‘", "'").replace("\u00a0", " ")
    wording = "".join(c for c in unicodedata.normalize("NFD", wording) if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", wording)


def _clock(wording: str) -> time | None:
    match = _CLOCK.fullmatch(wording.replace(" ", ""))
    if match is None:
        return None
    if match.group("word"):
        return time(0) if match.group("word") in {"minuit", "midnight"} else time(12)
    hour = int(match.group("h"))
    minute = int(match.group("m") or match.group("m2") or 0)
    second = int(match.group("s") or 0)
    if match.group("ampm"):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match.group("ampm") == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute)


def _clock_in(wording: str) -> bool:
    tokens = [re.sub(r"(?:z|[+-]\d{2}:?\d{2})$", "", token) for token in re.split(r"[\s,t]+", wording)]  # ISO's zone
    return any(_clock(token) is not None for token in tokens if token) or bool(re.search(r"\d\s?(am|pm)\b", wording))


def _relative_words(wording: str) -> bool:
    return bool(re.search(r"\b(ago|il y a)\b", wording))


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    return int(text) + (2000 if len(text) == 2 else 0)


def _strict_day(wording: str, today: date, direction: Direction) -> date | None:
    """The forms we read ourselves: numeric days, ISO days, day words and weekdays."""
    if wording in _DAY_WORDS:
        return today + timedelta(days=_DAY_WORDS[wording])
    named = _WEEKDAY_PHRASE.fullmatch(wording)
    if named is not None:
        weekday = _WEEKDAYS[named.group("day") or named.group("day2")]
        way = named.group("way") or named.group("way2")
        if way is not None:
            direction = "future" if way in {"prochain", "prochaine", "next"} else "past"
        ahead = (weekday - today.weekday()) % 7
        if direction == "future":
            return today + timedelta(days=ahead or 7)
        return today - timedelta(days=(7 - ahead) % 7 or (7 if way else 0))
    for pattern in (_ISO_DAY, _NUMERIC_DAY):
        match = pattern.fullmatch(wording)
        if match is None:
            continue
        year = _year(match.group("y"))
        try:
            day = date(year or today.year, int(match.group("m")), int(match.group("d")))
        except ValueError:
            return None
        if year is None:
            # No year: the next such day for a schedule, the last one for a listing.
            if direction == "future" and day < today:
                day = day.replace(year=day.year + 1)
            elif direction == "past" and day > today:
                day = day.replace(year=day.year - 1)
        return day
    return None


def _strict_moment(field: str, text: str, wording: str, current: datetime, direction: Direction) -> datetime | None:
    """``<day> [à|at|T] <clock>``, ``<clock> <day>`` or a clock alone, read without dateparser."""
    today = current.date()
    if wording in _NOW:
        return current.replace(tzinfo=None, second=0, microsecond=0)
    clock = _clock(wording)
    if clock is not None:
        candidate = datetime.combine(today, clock)
        wall = current.replace(tzinfo=None)
        if direction == "future" and candidate <= wall:
            candidate += timedelta(days=1)
        elif direction == "past" and candidate > wall:
            candidate -= timedelta(days=1)
        return candidate
    try:
        iso = datetime.fromisoformat(wording.upper().replace(" ", "T", 1)) if _ISO_DAY.match(wording) else None
    except ValueError:
        iso = None
    if iso is not None:
        if _ISO_DAY.fullmatch(wording):
            raise FieldError(field, f"`{text.strip()}` has no time", f'give the time too, e.g. "{text.strip()} 09:00"')
        return iso.astimezone(PARIS).replace(tzinfo=None) if iso.tzinfo else iso
    parts = [part for part in _CONNECTOR.split(wording) if part]
    if len(parts) == 1:
        spaced = wording.split(" ")
        parts = [" ".join(spaced[:-1]), spaced[-1]] if len(spaced) > 1 else parts
    if len(parts) != 2:
        return None
    for day_text, clock_text in ((parts[0], parts[1]), (parts[1], parts[0])):
        clock = _clock(clock_text)
        if clock is None:
            continue
        day = _strict_day(day_text, today, direction)
        if day is not None:
            return datetime.combine(day, clock)
    if _strict_day(wording, today, direction) is not None:
        raise FieldError(field, f"`{text.strip()}` has no time", f'give the time too, e.g. "{text.strip()} 9h"')
    return None


def _refuse_impossible(field: str, wording: str) -> None:
    """A time or a day written in a form we read but with values that do not exist: say which."""
    for token in re.split(r" |(?<=\d)t(?=\d)", wording):  # ISO's T between the day and the time too
        if re.fullmatch(r"\d{1,2}(?:h\d{0,2}|:\d{2})", token) and _clock(token) is None:
            raise FieldError(field, f"`{token}` is not a time of day (00:00 to 23:59)", "e.g. `9h30`, `14h` or `09:30`")
        numeric = _NUMERIC_DAY.fullmatch(token) or _ISO_DAY.fullmatch(token)
        if numeric and _strict_day(token, date(2000, 1, 1), "future") is None:
            hint = "e.g. `2026-12-10` (year, month, day)" if _ISO_DAY.fullmatch(token) else "day first: `10/12/2026`"
            raise FieldError(field, f"`{token}` is not a day that exists", hint)


def _stray_number(wording: str) -> bool:
    """A bare number that is neither a day of a month nor a count of units: dateparser would guess its meaning."""
    tokens = wording.split(" ")
    for index, token in enumerate(tokens):
        if not re.fullmatch(r"\d{1,4}", token):
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        year = len(token) == 4 and index > 0 and re.fullmatch(_MONTHS, tokens[index - 1])
        if not (year or re.fullmatch(_MONTHS, following) or re.fullmatch(rf"(?:{_UNITS})", following)):
            return True
    return False


def _dateparser_wording(wording: str) -> str:
    """French clock times written the way dateparser reads them (``9h30`` → ``09:30``); ``dans 2h`` stays a span."""

    def clock(match: re.Match[str]) -> str:
        start = match.start()
        if re.search(r"(dans|in)\s+$", wording[:start]):
            return f"{match.group(0).split('h')[0]} heures"
        read = _clock(match.group(0))
        return f"{read:%H:%M}" if read is not None else match.group(0)

    return re.sub(r"\b\d{1,2}h(?:\d{2})?\b", clock, wording)


def _dateparser(wording: str, now: datetime, direction: Direction) -> datetime | None:
    """dateparser for the forms we do not read ourselves; naive Paris wall time, or None."""
    import dateparser  # imported on first use: it loads its language data then, not at start-up

    settings: dict[str, Any] = {
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": direction,
        "RELATIVE_BASE": now.astimezone(PARIS).replace(tzinfo=None),
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DAY_OF_MONTH": "first",
    }
    parsed = dateparser.parse(wording, languages=["fr", "en"], settings=settings)
    return parsed if isinstance(parsed, datetime) else None


def _in_paris(field: str, naive: datetime) -> datetime:
    when = naive.replace(tzinfo=PARIS)
    # A wall time skipped by the change to summer time does not survive a round trip through UTC.
    round_trip = datetime.fromtimestamp(when.timestamp(), PARIS).replace(tzinfo=None)
    if round_trip != naive.replace(tzinfo=None):
        raise FieldError(
            field, f"{naive:%d/%m/%Y %H:%M} does not exist in Paris (clocks go forward then)", "pick another time"
        )
    return when


def _named_period(wording: str, today: date) -> tuple[date, date] | None:
    monday = today - timedelta(days=today.weekday())
    first_of_month = today.replace(day=1)
    last_month_end = first_of_month - timedelta(days=1)
    named = {
        ("this week", "cette semaine", "semaine"): (monday, monday + timedelta(days=6)),
        ("last week", "la semaine derniere", "semaine derniere"): (
            monday - timedelta(days=7),
            monday - timedelta(days=1),
        ),
        ("this month", "ce mois-ci", "ce mois", "mois"): (first_of_month, _month_end(today)),
        ("last month", "le mois dernier", "mois dernier"): (last_month_end.replace(day=1), last_month_end),
    }
    for names, span in named.items():
        if wording in names:
            return span
    return None


def _month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _drop_from(wording: str) -> str:
    return re.sub(r"^(?:from|du|de|depuis)\s+", "", wording)


def _split_two_days(wording: str) -> list[str]:
    """``01/12 05/12`` → both days; a single day (even of several words, ``10 decembre``) stays whole."""
    words = wording.split(" ")
    if len(words) == 2 and all(_NUMERIC_DAY.fullmatch(w) or _ISO_DAY.fullmatch(w) for w in words):
        return words
    return [wording]
