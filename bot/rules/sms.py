"""SMS text: which encoding it needs and how many SMS (segments) it costs. Pure functions.

GSM 03.38 (7-bit) carries 160 characters in one SMS and 153 per part of a longer one; its
extension table (€ ^ { } [ ] ~ | \\) takes an escape character, so each counts twice.
Anything else needs UCS-2: 70 characters in one SMS, 67 per part (UTF-16 units: an emoji
counts twice). Clever Multimedias calls GSM "le Latin" (encodage 3) and holds the text as
Windows-1252 (docs/decisions.md), so a GSM character that Windows-1252 cannot carry (the
Greek capitals) also needs UCS-2. The choice is never silent: ``SmsText.reason`` says
which characters forced UCS-2 and what it costs.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal, get_args

from bot.rules.fields import FieldError

__all__ = [
    "ENCODAGE_GSM",
    "ENCODAGE_UCS2",
    "GSM_BASIC",
    "GSM_EXTENSION",
    "MAX_SMS_TEXT",
    "GsmOffer",
    "SmsText",
    "analyse_sms",
    "gsm_offer",
    "gsm_septets",
    "read_encoding",
    "segments_for",
]

ENCODAGE_GSM, ENCODAGE_UCS2 = 3, 4  # §3.11 "3 pour le Latin et 4 pour l'UCS2"
MAX_SMS_TEXT = 1000  # §3.11 "longueur maximale 1000 caractères"

GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("^{}\\[]~|€")


def _cp1252(char: str) -> bool:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


#: What encodage 3 can carry: GSM 03.38 characters that Windows-1252 can also hold.
_LATIN_GSM = frozenset(c for c in GSM_BASIC | GSM_EXTENSION if _cp1252(c))

Encoding = Literal["auto", "gsm", "ucs2"]


@dataclass(frozen=True)
class SmsText:
    text: str
    encodage: int  # 3 (GSM, "Latin") or 4 (UCS-2), as the vendor wants it
    length: int  # septets (GSM, escapes counted twice) or UTF-16 units (UCS-2)
    segments: int
    reason: str  # why this encoding, in words for the preview

    @property
    def encoding_name(self) -> str:
        return "GSM 03.38" if self.encodage == ENCODAGE_GSM else "UCS-2"


def gsm_septets(text: str) -> int:
    """Length in GSM septets: extension characters take an escape, so count twice."""
    return len(text) + sum(1 for char in text if char in GSM_EXTENSION)


def _ucs2_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def segments_for(length: int, encodage: int) -> int:
    """SMS needed for ``length`` units: 160 / 153 (GSM) or 70 / 67 (UCS-2)."""
    single, part = (160, 153) if encodage == ENCODAGE_GSM else (70, 67)
    if length <= single:
        return 1
    return math.ceil(length / part)


def _forcing(text: str) -> list[str]:
    """The distinct characters that keep ``text`` out of GSM, in order of appearance."""
    seen: dict[str, None] = {}
    for char in text:
        if char not in _LATIN_GSM:
            seen.setdefault(char, None)
    return list(seen)


def _shown(chars: list[str]) -> str:
    names = [repr(c)[1:-1] if not c.isprintable() or c.isspace() else c for c in chars[:5]]
    more = f" and {len(chars) - 5} more" if len(chars) > 5 else ""
    return ", ".join(names) + more


def analyse_sms(text: str, *, field: str = "text", encoding: Encoding = "auto") -> SmsText:
    """The encoding and segment count of ``text``; FieldError when it cannot be sent as asked."""
    if not text.strip():
        raise FieldError(field, "required", "write the message, e.g. `Bonjour, votre colis arrive demain`")
    if len(text) > MAX_SMS_TEXT:
        raise FieldError(field, f"{len(text):,} characters, the limit is {MAX_SMS_TEXT:,}", "shorten the message")
    forcing = _forcing(text)
    escapes = sum(1 for char in text if char in GSM_EXTENSION)
    if encoding == "gsm" and forcing:
        raise FieldError(
            field,
            f"{_shown(forcing)} cannot be sent in GSM 03.38",
            "remove these characters or use encoding=ucs2 (70 characters per SMS instead of 160)",
        )
    if forcing or encoding == "ucs2":
        length = _ucs2_units(text)
        segments = segments_for(length, ENCODAGE_UCS2)
        if encoding == "ucs2" and not forcing:
            reason = "UCS-2 as asked (encoding=ucs2)"
        else:
            reason = _ucs2_reason(text, forcing, segments)
        return SmsText(text, ENCODAGE_UCS2, length, segments, reason)
    length = gsm_septets(text)
    reason = "every character fits"
    if escapes:
        reason += f"; {_plural(escapes, 'extension character')} (€ ^ {{ }} [ ] ~ | \\) count twice"
    return SmsText(text, ENCODAGE_GSM, length, segments_for(length, ENCODAGE_GSM), reason)


def _ucs2_reason(text: str, forcing: list[str], segments: int) -> str:
    gsm_segments = segments_for(gsm_septets(text), ENCODAGE_GSM)
    verb = "forces" if len(forcing) == 1 else "force"
    cost = (
        f"{_plural(segments, 'segment')} instead of {gsm_segments}"
        if segments != gsm_segments
        else f"still {_plural(segments, 'segment')}"
    )
    reason = f"{_shown(forcing)} {verb} UCS-2: {cost}"
    greek = [c for c in forcing if c in GSM_BASIC]
    if greek:
        # GSM has them, but encodage 3 is the vendor's Windows-1252 text (docs/decisions.md).
        reason += f" ({_shown(greek)}: GSM, but not in the vendor's Latin character set)"
    return reason


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


#: Encodings as people write them, the card's own spellings included ("UCS-2", "GSM 03.38").
_ENCODING_NAMES: dict[str, Encoding] = {
    "auto": "auto", "automatic": "auto", "automatique": "auto",
    "gsm": "gsm", "gsm7": "gsm", "gsm0338": "gsm", "latin": "gsm", "7bit": "gsm",
    "ucs2": "ucs2", "unicode": "ucs2", "utf16": "ucs2",
}  # fmt: skip


def read_encoding(field: str, value: str) -> Encoding:
    """``auto`` (empty), ``gsm`` / ``GSM 03.38`` / ``latin``, ``ucs2`` / ``UCS-2`` / ``unicode``, whatever the case."""
    key = re.sub(r"[\s._-]", "", value.lower()) or "auto"
    found = _ENCODING_NAMES.get(key)
    if found is None:
        choices = ", ".join(get_args(Encoding))
        raise FieldError(field, f"`{value.strip()}` is not one of {choices}", "leave it out: Relais picks the cheapest")
    return found


#: What a French text typed in a word processor carries that GSM has not, and the GSM character people accept.
GSM_LOOKALIKES = {
    "’": "'", "‘": "'", "‚": ",", "“": '"', "”": '"', "«": '"', "»": '"', "„": '"',
    "–": "-", "—": "-", "…": "...", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
    "â": "a", "á": "a", "ã": "a", "ê": "e", "ë": "e", "î": "i", "ï": "i", "í": "i",
    "ô": "o", "ó": "o", "õ": "o", "û": "u", "ú": "u", "ÿ": "y", "ç": "c", "œ": "oe",
    "À": "A", "Â": "A", "È": "E", "Ê": "E", "Ë": "E", "Î": "I", "Ï": "I", "Ô": "O",
    "Û": "U", "Ù": "U", "Œ": "OE", "Ÿ": "Y", "`": "'", "´": "'",
}  # fmt: skip


@dataclass(frozen=True)
class GsmOffer:
    """What replacing the characters that force UCS-2 with their GSM equivalents would give."""

    replaced: list[tuple[str, str, int]]  # (character, replacement, how many times) in order of appearance
    result: SmsText  # the text after the replacements, analysed
    before: SmsText

    @property
    def saves(self) -> int:
        """Segments saved per recipient."""
        return self.before.segments - self.result.segments

    def summary(self) -> str:
        """ "ê → e (×2), ’ → ' : 1 segment instead of 2 per recipient (GSM 03.38)"."""
        swaps = ", ".join(
            f"{char} → {new}" + (f" (×{count})" if count > 1 else "") for char, new, count in self.replaced
        )
        after = self.result
        segments = f"{after.segments} segment" + ("" if after.segments == 1 else "s")
        return f"{swaps}: {segments} instead of {self.before.segments} per recipient ({after.encoding_name})"


def gsm_offer(sms: SmsText) -> GsmOffer | None:
    """The replacements that make ``sms`` cost fewer segments, or None when none would."""
    if sms.encodage != ENCODAGE_UCS2:
        return None
    forcing = [char for char in _forcing(sms.text) if char in GSM_LOOKALIKES]
    if not forcing:
        return None
    text = sms.text
    for char in forcing:
        text = text.replace(char, GSM_LOOKALIKES[char])
    if len(text) > MAX_SMS_TEXT:
        return None
    result = analyse_sms(text)
    if result.segments >= sms.segments:
        return None  # no cheaper: the text stays as written rather than changed for nothing
    replaced = [(char, GSM_LOOKALIKES[char], sms.text.count(char)) for char in forcing]
    return GsmOffer(replaced, result, sms)
