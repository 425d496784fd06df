"""What ``/push list`` is asked for: which states, whose, where, when. Pure: no I/O.

``read_filter`` reads the words after ``/push list`` (``export`` already taken off) into a
``CampaignFilter``: a state word (English or French, accents and case ignored, a typo
answered with the nearest words), ``mine``, a user (``<@U…>`` as Slack escapes it, or
``@name``, resolved by the handler), a channel (``<#C…>``, or ``here``), and a period:
``from … to …`` read by ``bot.rules.dates.read_bound`` (a day alone is its first minute, its
last for the end), or the words left read by ``read_period`` (``this month``, ``01/12``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time

from bot.core.errors import UserError
from bot.core.timezone import PARIS
from bot.rules.dates import read_bound, read_period
from bot.rules.fields import FieldError
from bot.rules.names import closest, fold, offer
from handlers.clever.records import Campaign

__all__ = ["STATES", "CampaignFilter", "read_filter"]

#: A state word → the record states it covers (handlers.clever.records.CampaignState).
STATES: dict[str, frozenset[str]] = {
    "scheduled": frozenset({"scheduled"}),
    "sent": frozenset({"sending", "done", "window", "lost"}),
    "cancelled": frozenset({"cancelled"}),
}
#: Every word read as a state (folded: no accents, lower case), French too.
_STATE_WORDS = {
    **dict.fromkeys(["scheduled", "programmee", "programmees", "programme", "programmes", "planifiee"], "scheduled"),
    **dict.fromkeys(["planifiees", "planifie", "planifies", "a venir"], "scheduled"),
    **dict.fromkeys(["sent", "envoyee", "envoyees", "envoye", "envoyes", "partie", "parties"], "sent"),
    **dict.fromkeys(["cancelled", "canceled", "annulee", "annulees", "annule", "annules"], "cancelled"),
}
_MINE = {"mine", "my", "me", "moi", "mes", "miennes"}
_HERE = {"here", "ici", "this channel"}
#: The words that open a period: ``from X to Y``, ``du X au Y``, ``since X``, ``until Y``.
_PERIOD = re.compile(r"(?:^|\s)(from|du|depuis|since|to|until|au|jusqu'au|jusqu’au)\s", re.IGNORECASE)
_UNTIL = re.compile(r"\s(?:to|until|au|jusqu'au|jusqu’au)\s", re.IGNORECASE)
_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>")
EXAMPLE = "/push list sent mine this month"


@dataclass(frozen=True)
class CampaignFilter:
    """What a listing keeps; None and empty mean "any"."""

    state: str = ""  # scheduled | sent | cancelled
    user_id: str = ""  # a Slack user id (``mine`` or ``<@U…>``)
    user_name: str = ""  # ``@name`` as typed, for the handler to resolve
    channel_id: str = ""
    start: datetime | None = None
    end: datetime | None = None

    def keeps(self, campaign: Campaign) -> bool:
        """Whether ``campaign`` passes every filter; its moment is when it was prepared in Relais."""
        when = datetime.fromtimestamp(campaign.created_at, PARIS)
        return (
            (not self.state or campaign.state in STATES[self.state])
            and (not self.user_id or campaign.user_id == self.user_id)
            and (not self.channel_id or campaign.channel_id == self.channel_id)
            and (self.start is None or when >= self.start)
            and (self.end is None or when <= self.end)
        )

    def words(self) -> str:
        """The filter in words, for the listing's title line: "sent · <@U1> · from … to …"."""
        parts = [self.state] if self.state else []
        if self.user_id:
            parts.append(f"<@{self.user_id}>")
        if self.channel_id:
            parts.append(f"<#{self.channel_id}>")
        if self.start is not None:
            parts.append(f"from {self.start:%Y-%m-%d %H:%M}")
        if self.end is not None:
            parts.append(f"to {self.end:%Y-%m-%d %H:%M}")
        return " · ".join(parts)


def read_filter(text: str, *, user_id: str, channel_id: str, now: datetime) -> CampaignFilter:
    """The words after ``/push list`` → the filter; ``user_id`` / ``channel_id``: who typed it, where."""
    head, period = _split_period(text.strip())
    state = user = name = channel = ""
    left: list[str] = []
    for word in _words(head):
        folded = fold(word)
        if folded in _STATE_WORDS:
            state = _once("state", state, _STATE_WORDS[folded])
        elif folded in _MINE:
            user = _once("user", user, user_id)
        elif folded in _HERE:
            channel = _once("channel", channel, channel_id)
        elif match := _USER.fullmatch(word):
            user = _once("user", user, match.group(1))
        elif match := _CHANNEL.fullmatch(word):
            channel = _once("channel", channel, match.group(1))
        elif word.startswith("@") and len(word) > 1:
            name = _once("user", name or user, word[1:])
        elif word.startswith("#") and len(word) > 1:
            raise UserError(
                f"channel: `{word}` arrives as a name Relais cannot look up",
                hint="pick the channel from Slack's list as you type `#` (it is then sent as a link), "
                "or type the command in that channel with `here`",
            )
        else:
            left.append(word)
    start, end = _bounds(period, now) if period else _period_words(left, now)
    return CampaignFilter(state, user, name, channel, start, end)


def _words(text: str) -> list[str]:
    """Words, keeping ``a venir`` and ``this channel`` whole."""
    for pair in ("a venir", "à venir", "this channel"):
        text = re.sub(re.escape(pair), pair.replace(" ", "\ue000"), text, flags=re.IGNORECASE)
    return [word.replace("\ue000", " ") for word in text.split()]


def _once(what: str, current: str, new: str) -> str:
    if current and current != new:
        raise UserError(f"{what}: given twice", hint=f"keep one, e.g. `{EXAMPLE}`")
    return new


def _split_period(text: str) -> tuple[str, str]:
    """("sent mine", "from 01/12 to 05/12"): the period starts at its first word."""
    match = _PERIOD.search(text)
    if match is None:
        return text, ""
    return text[: match.start()].strip(), text[match.start() :].strip()


def _bounds(period: str, now: datetime) -> tuple[datetime | None, datetime | None]:
    """``from X [to Y]``, ``until Y``: each end read by read_bound (a day alone: its first / last minute)."""
    opener, _, rest = period.partition(" ")
    if opener.lower() in {"to", "until", "au", "jusqu'au", "jusqu’au"}:
        return None, read_bound("to", rest, now=now, last=True)
    parts = _UNTIL.split(f" {rest} ", maxsplit=1)
    start = read_bound("from", parts[0].strip(), now=now)
    end = read_bound("to", parts[1].strip(), now=now, last=True) if len(parts) > 1 and parts[1].strip() else None
    if end is not None and end < start:
        raise FieldError("to", "the end is before the start", "give the first day first")
    return start, end


def _period_words(left: list[str], now: datetime) -> tuple[datetime | None, datetime | None]:
    """The words no filter took: a period (``this month``, ``01/12``), or a mistyped word answered by name."""
    if not left:
        return None, None
    typed = " ".join(left)
    try:
        first, last = read_period("period", typed, now=now)
    except FieldError:
        known = [*STATES, "mine", "here"]
        near = [name for word in left for name in closest(word, [*known, *_STATE_WORDS])]
        meant = offer(sorted({_STATE_WORDS.get(name, name) for name in near}))
        problem = f"`{typed}` is neither a state ({', '.join(STATES)}), `mine`, a user, a channel nor a period"
        raise UserError(f"{problem}: {meant}" if meant else f"{problem}.", hint=f"e.g. `{EXAMPLE}`") from None
    return datetime.combine(first, time(0), PARIS), datetime.combine(last, time(23, 59, 59), PARIS)
