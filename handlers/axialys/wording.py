"""How Axialys' answers are put in words: call states (known or not), durations, for cards, summaries
and listings (dates: ``bot.rules.dates.say_vendor_moment``)."""

from __future__ import annotations

import re

from bot.vendors.axialys.models import VOICEMAIL_STATES, call_is_over, state_key

__all__ = ["duration", "state_plain", "state_words"]

#: Words for the states Relais knows; any other word is shown as Axialys wrote it (decisions "Call states").
_STATE_WORDS = {
    "EN_ATTENTE": ":hourglass_flowing_sand: waiting",
    "SONNERIE": ":bell: ringing",
    "EN_COURS": ":telephone_receiver: in progress",
    "REPONDU": ":white_check_mark: answered",
    "NON_REPONDU": ":x: not answered",
    "OCCUPE": ":no_entry: busy",
    "ECHEC": ":warning: failed",
    "ANNULE": ":no_entry_sign: cancelled",
    "FERME": ":lock: closed (outside opening hours)",
    **{key: ":mailbox: not answered: sent to the answering machine" for key in VOICEMAIL_STATES},
}


def state_words(state: str, talk_seconds: int | None = None) -> str:
    """A known state in words; an unknown one verbatim, answered or not told by the talk time when known."""
    known = _STATE_WORDS.get(state_key(state))
    if known is not None:
        return f"{known} ({state})"
    if not state.strip():
        return ":grey_question: no state given by Axialys yet"
    if talk_seconds is None or not call_is_over(state):
        return f":grey_question: Axialys says “{state}”"
    outcome = ":white_check_mark: answered" if talk_seconds > 0 else ":x: not answered"
    return f"{outcome} (Axialys says “{state}”)"


def state_plain(state: str, talk_seconds: int | None = None) -> str:
    """``state_words`` without its emoji, for a file: "answered (REPONDU)"."""
    return _EMOJI.sub("", state_words(state, talk_seconds))


_EMOJI = re.compile(r"^:[a-z_]+: ")


def duration(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"
