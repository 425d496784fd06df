"""The French rules on marketing messages, one function a rule, each citing its source. Pure: the clock is an argument.

What a promotional campaign must respect in France, as the sources below state it (facts, not
advice): the opt-out a promotional SMS carries, the senders it may not use, the hours SMS and
telephone canvassing may reach people. Transactional messages (a parcel notice, an appointment)
are exempt from the hours. A channel picks its rules set (``bot.core.channel_settings.RulesSet``):
the af2m charter in force from 1 March 2026 (the default), the 2024 one, or none.

Versioned: ``RULES_VERSION`` changes whenever a rule or a source does; each ``Source`` carries the
date of the text it cites. ``/relais help rules`` shows the table (handlers/relais/topics.py).
Public holidays are France's national ones as the ``holidays`` package lists them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

import holidays

from bot.core.channel_settings import Nature, RulesSet
from bot.core.timezone import PARIS
from bot.rules.dates import say_day
from bot.rules.fields import FieldError
from bot.rules.names import closest, fold

__all__ = [
    "RULES_SETS",
    "RULES_VERSION",
    "SOURCES",
    "Kind",
    "Nature",
    "Source",
    "Verdict",
    "holiday_name",
    "next_allowed",
    "optout_verdict",
    "read_nature",
    "rules_words",
    "sender_verdict",
    "sms_hours_verdict",
    "source_line",
    "transactional_stop_code",
    "voice_hours_verdict",
]

#: Changes whenever a rule or a source below changes (the audit of a send can quote it).
RULES_VERSION = "fr-marketing-2026.2"

Outcome = Literal["allowed", "warn", "refuse"]
#: What is sent: an SMS, or a call (voice / TTS campaigns: telephone canvassing).
Kind = Literal["sms", "voice"]


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    reference: str  # a URL or the text's official reference
    dated: str  # the date of the text cited (YYYY-MM-DD)


SOURCES: tuple[Source, ...] = (
    Source(
        "arcep-18-0881",
        "ARCEP decision 2018-0881: numbering plan (SMS+ short codes 3xxxx; mobile numbers not for promotional SMS)",
        "https://www.arcep.fr/uploads/tx_gsavis/18-0881.pdf",
        "2018-07-26",
    ),
    Source(
        "af2m-2026",
        "af2m Business Messaging charter (Code of conduct SMS / MMS), in force from 1 March 2026",
        "https://www.af2m.org (Chartes et codes de déontologie)",
        "2026-03-01",
    ),
    Source(
        "af2m-2024",
        "af2m Business Messaging charter, 2024 edition (promotional SMS on working days, 08:00–22:00)",
        "https://www.af2m.org (Chartes et codes de déontologie)",
        "2024-01-01",
    ),
    Source(
        "decret-2022-1313",
        "Décret n° 2022-1313 du 13 octobre 2022: days and hours of telephone canvassing",
        "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000046406454",
        "2022-10-13",
    ),
    Source(
        "cpce-l34-5",
        "Code des postes et des communications électroniques, article L34-5: prior consent to automated calls",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000049571613",
        "2024-05-21",
    ),
)
_SOURCE = {source.key: source for source in SOURCES}

#: The rules sets a channel may apply, in words (the card and the help say which one).
RULES_SETS: dict[RulesSet, str] = {
    "charter-2026": "af2m charter 2026",
    "charter-2024": "af2m charter 2024",
    "none": "none (transactional-only channel)",
}

#: Promotional SMS hours per charter: from the first time, up to (not including) the second, Paris time.
_SMS_HOURS: dict[RulesSet, tuple[time, time]] = {
    "charter-2026": (time(8, 0), time(21, 30)),
    "charter-2024": (time(8, 0), time(22, 0)),
}
#: Telephone canvassing: Monday to Friday, these slots (décret 2022-1313, article 1).
_VOICE_SLOTS = ((time(10, 0), time(13, 0)), (time(14, 0), time(20, 0)))
_FRENCH_HOLIDAYS = holidays.country_holidays("FR")
#: How far ahead the next allowed moment is looked for (the longest run of closed days is a few days).
_LOOK_AHEAD_DAYS = 15

_NATURES: dict[str, Nature] = {
    "promotional": "promotional",
    "promo": "promotional",
    "promotionnel": "promotional",
    "marketing": "promotional",
    "transactional": "transactional",
    "transactionnel": "transactional",
    "trans": "transactional",
}


@dataclass(frozen=True)
class Verdict:
    """A rule's answer: allowed, warn (allowed, not recommended: a second click), refuse; why, and when it would be."""

    outcome: Outcome
    why: str = ""
    next_allowed: datetime | None = None
    source: str = ""  # the key of the source cited (SOURCES)

    @property
    def allowed(self) -> bool:
        return self.outcome == "allowed"


ALLOWED = Verdict("allowed")


def read_nature(field: str, typed: str) -> Nature:
    """``promo`` / ``promotionnel`` / ``marketing`` or ``transactional`` / ``transactionnel`` / ``trans``."""
    found = _NATURES.get(fold(typed))
    if found is not None:
        return found
    near = closest(typed, _NATURES)
    suggestion = f": did you mean `{_NATURES[fold(near[0])]}`?" if near else ""
    raise FieldError(
        field,
        f"`{typed.strip()}` is not promotional or transactional{suggestion}",
        "nature=promo or nature=transactional",
    )


def rules_words(nature: Nature, rules: RulesSet) -> str:
    """The card's line: "Promotional · French marketing rules: af2m charter 2026"."""
    if nature == "transactional":
        return "Transactional: sending hours do not apply"
    if rules == "none":
        return "Promotional · French marketing rules: none (this channel applies none)"
    return f"Promotional · French marketing rules: {RULES_SETS[rules]} ({RULES_VERSION})"


def holiday_name(day: date) -> str | None:
    """The French public holiday ``day`` is (national list of the ``holidays`` package), or None."""
    name = _FRENCH_HOLIDAYS.get(day)
    return str(name) if name else None


def _paris(at: datetime) -> datetime:
    return at.astimezone(PARIS) if at.tzinfo else at.replace(tzinfo=PARIS)


def _closed_day(day: date) -> str:
    """Why ``day`` is not an ordinary day ("Sunday 13 December 2026", "a public holiday (Christmas Day)"), or ""."""
    holiday = holiday_name(day)
    if holiday:
        return f"{say_day(day)} is a public holiday ({holiday})"
    if day.weekday() == 6:
        return f"it is a Sunday ({say_day(day)})"
    return ""


def sms_hours_verdict(at: datetime, rules: RulesSet) -> Verdict:
    """Promotional SMS hours. af2m charter 2026 (in force 1 March 2026): 08:00–21:30 Paris time; Sundays and
    public holidays tolerated, not recommended (warn). af2m charter 2024: working days (Monday–Saturday but
    public holidays) only, 08:00–22:00: a Sunday or a public holiday is refused. Source: af2m-2026, af2m-2024.
    The window closes at its end minute: 21:30 itself is outside."""
    if rules == "none":
        return ALLOWED
    local = _paris(at)
    source = "af2m-2026" if rules == "charter-2026" else "af2m-2024"
    start, end = _SMS_HOURS[rules]
    charter = RULES_SETS[rules]
    closed = _closed_day(local.date())
    if closed and rules == "charter-2024":
        why = f"{closed}: under the {charter} promotional SMS go out on working days only"
        return Verdict("refuse", why, next_allowed(local, rules, "sms"), source)
    if not start <= local.time() < end:
        why = (
            f"promotional SMS may be sent from {start:%H:%M} to {end:%H:%M} Paris time ({charter}); "
            f"{local:%H:%M} on {say_day(local.date())} is outside"
        )
        return Verdict("refuse", why, next_allowed(local, rules, "sms"), source)
    if closed:
        why = f"{closed}: the {charter} tolerates promotional SMS then but does not recommend it"
        return Verdict("warn", why, next_allowed(local, rules, "sms"), source)
    return ALLOWED


def voice_hours_verdict(at: datetime) -> Verdict:
    """Telephone canvassing (promotional voice / TTS calls): Monday to Friday, 10:00–13:00 and 14:00–20:00,
    never on a public holiday. Source: décret n° 2022-1313 du 13 octobre 2022, article 1 (decret-2022-1313).
    Each slot closes at its end minute: 13:00 and 20:00 are outside."""
    local = _paris(at)
    day = local.date()
    holiday = holiday_name(day)
    next_slot = next_allowed(local, "charter-2026", "voice")
    if holiday:
        why = f"{say_day(day)} is a public holiday ({holiday}): telephone canvassing is barred then (décret 2022-1313)"
        return Verdict("refuse", why, next_slot, "decret-2022-1313")
    if day.weekday() >= 5:
        why = f"{say_day(day)} is a weekend day: telephone canvassing is Monday to Friday only (décret 2022-1313)"
        return Verdict("refuse", why, next_slot, "decret-2022-1313")
    if not any(start <= local.time() < end for start, end in _VOICE_SLOTS):
        why = (
            "promotional calls may be made Monday to Friday 10:00–13:00 and 14:00–20:00 Paris time "
            f"(décret 2022-1313); {local:%H:%M} on {say_day(day)} is outside"
        )
        return Verdict("refuse", why, next_slot, "decret-2022-1313")
    return ALLOWED


def next_allowed(at: datetime, rules: RulesSet, kind: Kind) -> datetime | None:
    """The first moment from ``at`` on when a promotional ``kind`` is allowed without a warning (a day the
    charter merely tolerates is skipped: it is not recommended), in Paris time; None when none within 15 days."""
    local = _paris(at)
    windows = _VOICE_SLOTS if kind == "voice" else (_SMS_HOURS[rules],) if rules in _SMS_HOURS else ()
    if not windows:
        return local
    for offset in range(_LOOK_AHEAD_DAYS):
        day = local.date() + timedelta(days=offset)
        if _closed_day(day) or (kind == "voice" and day.weekday() >= 5):
            continue
        for start, end in windows:
            opens = datetime.combine(day, start, tzinfo=PARIS)
            candidate = max(opens, local)
            if candidate < datetime.combine(day, end, tzinfo=PARIS):
                return candidate
    return None


_STOP_WORD = re.compile(r"\bstop\b", re.IGNORECASE)
#: A STOP pointed at a short code: "STOP au 38111", "STOP 38111", "STOP to 38111", "STOP: 38 111".
_STOP_CODE = re.compile(r"\bstop\b\W*(?:(?:au|à|a|to|at|sms)\W+)*(3\d ?\d{3})\b", re.IGNORECASE)


def transactional_stop_code(text: str) -> str | None:
    """The 38xxx short code a STOP is sent to, if any: 38xxx codes are transactional, 36xxx promotional
    (ARCEP decision 18-0881), so a promotional message's STOP must not point at one."""
    for found in _STOP_CODE.finditer(text):
        code = found.group(1).replace(" ", "")
        if code.startswith("38"):
            return code
    return None


_SPACES = re.compile(r"\s+")


def optout_verdict(text: str, optout_text: str) -> Verdict:
    """A promotional SMS carries a free way to opt out: the channel's opt-out text ("STOP au 36111") when it
    set one, otherwise at least the STOP keyword (case and spacing ignored). Source: ARCEP decision 18-0881
    (short codes 36xxx promotional, 38xxx transactional) and the af2m charter (af2m-2026)."""
    code = transactional_stop_code(text)
    if code is not None:
        why = (
            f"the STOP of a promotional SMS goes to a 36xxx short code, and this one names {code}, "
            "a transactional (38xxx) code"
        )
        return Verdict("refuse", why, source="arcep-18-0881")
    said = _SPACES.sub(" ", text).casefold()
    wanted = _SPACES.sub(" ", optout_text.strip()).casefold()
    if wanted:
        if wanted in said:
            return ALLOWED
        why = f"a promotional SMS must carry the channel's opt-out text “{optout_text.strip()}”, and this one does not"
        return Verdict("refuse", why, source="af2m-2026")
    if _STOP_WORD.search(text):
        return ALLOWED
    why = "a promotional SMS must carry a free opt-out (e.g. “STOP au 36111”), and this one mentions no STOP"
    return Verdict("refuse", why, source="af2m-2026")


_FRENCH_MOBILE = re.compile(r"(?:0|\+?33|0033)[67]\d{8}")


def sender_verdict(sender: str) -> Verdict:
    """A promotional SMS may not be sent from a French mobile number (06 / 07, +336 / +337): ARCEP decision
    18-0881 keeps those numbers for person-to-person use; use a name (``RELAIS``) or a short code."""
    plain = re.sub(r"[\s.\-]", "", sender)
    if _FRENCH_MOBILE.fullmatch(plain):
        why = f"`{sender.strip()}` is a French mobile number: promotional SMS may not be sent from one (ARCEP 18-0881)"
        return Verdict("refuse", why, source="arcep-18-0881")
    return ALLOWED


def source_line(key: str) -> str:
    """One source in words: title, reference, date."""
    source = _SOURCE[key]
    return f"{source.title} — {source.reference} ({source.dated})"
