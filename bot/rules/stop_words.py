"""Whether an SMS reply (MO) asks to stop receiving messages: the opt-out words, read one way.

Issue 14 lists the words: STOP, ARRET, ARRÊT, STOP SMS, DESABONNER, UNSUBSCRIBE, "case, accents
and surrounding spaces ignored". Relais reads the *whole* reply, never a word inside a sentence:
the reply is folded (``bot.rules.names.fold``: no case, no accents), every character that is not a
letter or a digit becomes a space (punctuation, emoji, dashes: ``Stop !``, ``stop-sms``, ``STOP.``),
and what is left must be exactly one of the words. So " arrêt ! " and "Stop." opt out, while
"stop calling me at night", "STOP 36111" or "please stop" do not: a person writing a sentence is
answered by a person (the reply is posted in the thread as any other), not put on a list.
"""

from __future__ import annotations

import re

from bot.rules.names import fold

__all__ = ["STOP_WORDS", "stop_word"]

#: The replies that put their number on the opt-out list, as they read once folded.
STOP_WORDS = ("stop", "arret", "stop sms", "desabonner", "unsubscribe")
_NOT_A_LETTER = re.compile(r"[^a-z0-9]+")


def stop_word(reply: str) -> str | None:
    """The opt-out word ``reply`` is (folded, e.g. "arret"), or None when it is anything else."""
    words = _NOT_A_LETTER.sub(" ", fold(reply)).strip()
    return words if words in STOP_WORDS else None
