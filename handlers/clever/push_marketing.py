"""The French marketing rules on the push card: which apply to a send, and what the card says and offers.

The rules themselves (and their sources) are ``bot.rules.marketing``'s; this says them on the card.
A transactional send skips the hours (and the card says so), a channel whose rules set is "none"
skips them all. A promotional SMS is blocked without its opt-out (a button appends the channel's
opt-out text), from a French mobile sender, or outside the charter's hours (a button schedules it at
the next allowed time); a Sunday or a public holiday under the 2026 charter warns and asks a second
click. A promotional call (voice, TTS) is blocked outside the canvassing hours and reminds of consent;
so is a promotional SMS push with landlines among its numbers, since Clever calls those and reads the
text aloud (its next allowed time, a weekday canvassing slot, is within the SMS hours too).
"""

from __future__ import annotations

from datetime import datetime

from bot.core.channel_settings import ChannelSettings
from bot.core.safe_writes import Caution
from bot.core.timezone import PARIS
from bot.rules.dates import say_day
from bot.rules.marketing import (
    Verdict,
    holiday_name,
    optout_verdict,
    rules_words,
    sender_verdict,
    sms_hours_verdict,
    voice_hours_verdict,
)
from handlers.clever.send_check import Offer, SendCheck, SendFacts

__all__ = ["OPTOUT_ACTION", "SCHEDULE_ACTION", "marketing_check"]

#: The card's buttons: append the channel's opt-out text; schedule at the next allowed time (push_redraw).
OPTOUT_ACTION = "clever.push.optout"
SCHEDULE_ACTION = "clever.push.schedule"

CONSENT_LINE = (
    ":telephone_receiver: Automated promotional calls need each recipient's prior consent (CPCE L34-5): "
    "Relais cannot check it, so make sure you have it"
)


def marketing_check(facts: SendFacts, settings: ChannelSettings, now: datetime) -> SendCheck:
    """What the rules say of this send, at ``now`` (the send time when scheduled)."""
    headline = rules_words(facts.nature, settings.rules)
    if facts.nature == "transactional" or settings.rules == "none":
        skipped = "transactional" if facts.nature == "transactional" else "rules set none"
        return SendCheck(lines=(headline,), verdicts=(f"not applied ({skipped})",))
    if facts.channel == "mail":
        return SendCheck(lines=(f"{headline} (they cover SMS and calls, not mail)",), verdicts=("mail: not covered",))
    moment = (facts.schedule or now).astimezone(PARIS)
    if facts.channel in {"tts", "voice"}:
        return _hours(voice_hours_verdict(moment), (headline, CONSENT_LINE), moment, "call hours")
    blocking: list[str] = []
    lines = [headline]
    offers: list[Offer] = []
    said: list[str] = []
    for name, verdict in (
        ("sender", sender_verdict(facts.sender)),
        ("opt-out", optout_verdict(facts.text, settings.optout_text)),
    ):
        said.append(f"{name} {verdict.outcome}")
        if not verdict.allowed:
            blocking.append(verdict.why)
    if not optout_verdict(facts.text, settings.optout_text).allowed:
        optout = settings.optout_text.strip()
        if optout:
            offers.append(Offer(f"Add “{optout}”", OPTOUT_ACTION, text=f"{facts.text.rstrip()} {optout}"))
        else:
            lines.append(
                ":gear: This channel has no opt-out text set: an admin sets one with `/relais settings` "
                "(e.g. “STOP au 36111”), which the card then offers to append"
            )
    hours = _hours(sms_hours_verdict(moment, settings.rules), (), moment, "SMS hours")
    if facts.landlines:
        called = "landline is" if facts.landlines == 1 else "landlines are"
        landline_line = (
            f":telephone_receiver: {facts.landlines:,} {called} called (the text read aloud): telephone "
            "canvassing hours apply to this push; leave them out to send by SMS alone"
        )
        calls = _hours(voice_hours_verdict(moment), (landline_line, CONSENT_LINE), moment, "call hours (landlines)")
        hours = _both(hours, calls)
    return SendCheck(
        lines=(*lines, *hours.lines),
        offers=(*offers, *hours.offers),
        blocking="; ".join([*blocking, *([hours.blocking] if hours.blocking else [])]),
        caution=hours.caution,
        verdicts=(*said, *hours.verdicts),
    )


def _hours(verdict: Verdict, lines: tuple[str, ...], moment: datetime, name: str) -> SendCheck:
    """An hours verdict on the card: refused with the next allowed time as a button, or a caution."""
    said = (f"{name} {verdict.outcome} at {moment:%a %d %b %H:%M}",)
    if verdict.outcome == "refuse":
        offers: tuple[Offer, ...] = ()
        if verdict.next_allowed is not None:
            offers = (
                Offer(f"Schedule for {_when(verdict.next_allowed, moment)}", SCHEDULE_ACTION, at=verdict.next_allowed),
            )
        return SendCheck(lines=lines, offers=offers, blocking=verdict.why, verdicts=said)
    if verdict.outcome == "warn":
        what = "public holiday" if holiday_name(moment.date()) else "Sunday"
        caution = Caution(
            key=f"closed-day:{moment.date().isoformat()}",
            button=f"Send anyway ({what})",
            line=f"{verdict.why}. Press “Send anyway ({what})” to send all the same.",
        )
        return SendCheck(lines=(*lines, f":warning: {verdict.why}"), caution=caution, verdicts=said)
    return SendCheck(lines=lines, verdicts=said)


def _both(sms: SendCheck, calls: SendCheck) -> SendCheck:
    """The SMS hours and the landlines' call hours: the call slot offered when calls are refused (it is
    within the SMS hours), otherwise what the SMS hours offer."""
    return SendCheck(
        lines=(*sms.lines, *calls.lines),
        offers=calls.offers if calls.blocking else sms.offers,
        blocking="; ".join(why for why in (sms.blocking, calls.blocking) if why),
        caution=sms.caution if not calls.blocking else None,
        verdicts=(*sms.verdicts, *calls.verdicts),
    )


def _when(at: datetime, after: datetime) -> str:
    """ "Monday 08:00" within the coming week, "Monday 4 January 2027 08:00" further."""
    day = say_day(at.date())
    if (at.date() - after.date()).days < 7:
        day = day.split(" ")[0]
    return f"{day} {at:%H:%M}"
