"""What a check about a send answers (``SendCheck``) and what it reads of the send (``SendFacts``).

A check adds lines to the push card, offers buttons that redraw the card changed (``Offer``: the
opt-out text appended, the next allowed time), may block Send (``blocking``: the card has no Send
button, and Send refuses with the same words) or ask a second click (``caution``). The checks
themselves are listed in ``handlers.clever.push_checks``; these types are shared by each of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.core.safe_writes import Caution
from bot.core.timezone import PARIS
from bot.rules.marketing import Nature, read_nature
from bot.rules.recipients import is_landline

__all__ = ["Offer", "SendCheck", "SendFacts", "combine", "facts_of_params", "landlines_called"]


@dataclass(frozen=True)
class SendFacts:
    """What the checks read of a push: from its plan at the card, from its params at Send."""

    channel: str  # sms, tts, voice or mail
    nature: Nature
    text: str  # what recipients read (a predefined message resolved)
    sender: str  # the SMS sender asked for ("": the account's default)
    schedule: datetime | None  # None: sent at once
    landlines: int = 0  # recipients of an SMS push on a landline: Clever calls them and reads the text (TTS)


@dataclass(frozen=True)
class Offer:
    """A button that redraws the card with the push changed: its text, or its send time."""

    label: str
    action: str  # the button's action id (handlers.clever.push_redraw)
    text: str | None = None  # the message instead
    at: datetime | None = None  # the send time instead


@dataclass(frozen=True)
class SendCheck:
    lines: tuple[str, ...] = ()
    offers: tuple[Offer, ...] = ()
    blocking: str = ""  # why Send may not go ("": it may)
    caution: Caution | None = None  # a second click asked, with what it says
    #: Each rule's verdict in a few words ("SMS hours allowed at Mon 21:29"), for the audit line of the send.
    verdicts: tuple[str, ...] = ()


def combine(*checks: SendCheck) -> SendCheck:
    """The checks' lines and offers in order; blocked when any blocks (every reason said); the first caution."""
    cautions = [check.caution for check in checks if check.caution is not None]
    return SendCheck(
        lines=tuple(line for check in checks for line in check.lines),
        offers=tuple(offer for check in checks for offer in check.offers),
        blocking="; ".join(check.blocking for check in checks if check.blocking),
        caution=cautions[0] if cautions else None,
        verdicts=tuple(verdict for check in checks for verdict in check.verdicts),
    )


def facts_of_params(params: dict[str, Any]) -> SendFacts:
    """The facts of a staged push, from what its card stored (``push_prepare.push_params``)."""
    request: dict[str, Any] = params.get("request") or {}
    hd_send = request.get("hd_send")
    schedule = datetime.strptime(hd_send, "%Y-%m-%d %H:%M:%S").replace(tzinfo=PARIS) if hd_send else None
    return SendFacts(
        channel=str(params.get("channel", "sms")),
        nature=read_nature("nature", str(params.get("nature") or "promotional")),
        text=str(params.get("message", request.get("text") or "")),
        sender=str(request.get("short_code") or ""),
        schedule=schedule,
        landlines=landlines_called(str(params.get("channel", "sms")), request.get("number_list") or []),
    )


def landlines_called(channel: str, numbers: list[str]) -> int:
    """How many of an SMS push's numbers are landlines, which Clever calls to read the text aloud (TTS)."""
    return sum(1 for number in numbers if is_landline(str(number))) if channel == "sms" else 0
