"""Phone numbers, the way people type them, checked with ``phonenumbers`` (Google's libphonenumber).

Accepted: national French forms (``06 12 34 56 78``, ``06.12.34.56.78``), ``+33 6…``,
``0033 6…``, international digits without the plus (``33612345678``, the form Axialys and
Cliqphone use), and any international number with its ``+``. Each vendor wants its own
wire form: ``Phone.e164`` (Clever), ``Phone.digits`` (Axialys, Cliqphone).

Note from measured-facts: ``is_valid_number`` accepts some malformed short inputs as
landlines; where a mobile is required, check ``Phone.kind``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from bot.rules.fields import FieldError

__all__ = ["KINDS", "SEPARATORS", "Phone", "parse_phone"]

SEPARATORS = re.compile(r"[\s.\-/()\u00a0]")

KINDS = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "fixed",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_or_mobile",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.PREMIUM_RATE: "premium",
    PhoneNumberType.SHARED_COST: "shared_cost",
    PhoneNumberType.PERSONAL_NUMBER: "personal",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.UAN: "uan",
    PhoneNumberType.VOICEMAIL: "voicemail",
}


@dataclass(frozen=True)
class Phone:
    e164: str  # "+33612345678"
    region: str  # "FR" (None-safe: "ZZ" when unknown)
    kind: str  # "mobile", "fixed", "fixed_or_mobile", "voip", "toll_free", … or "unknown"

    @property
    def digits(self) -> str:
        """E.164 without the plus: "33612345678"."""
        return self.e164[1:]

    @property
    def is_mobile(self) -> bool:
        return self.kind in {"mobile", "fixed_or_mobile"}

    @property
    def national(self) -> str:
        number = phonenumbers.parse(self.e164, None)
        return str(phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL))


def parse_phone(field: str, raw: str, *, default_region: str = "FR", mobile_only: bool = False) -> Phone:
    """``raw`` as a valid number, or FieldError saying why it is not."""
    text = SEPARATORS.sub("", raw.strip())
    if not text:
        raise FieldError(field, "a phone number is required", "e.g. `06 12 34 56 78` or `+33612345678`")
    if text.startswith("00"):
        text = "+" + text[2:]
    if not re.fullmatch(r"\+?\d+", text):
        raise FieldError(
            field,
            f"`{raw.strip()}` is not a phone number (only digits, spaces and one leading +)",
            "e.g. `06 12 34 56 78` or `+33612345678`",
        )
    candidates = [text]
    if not text.startswith("+") and not text.startswith("0") and len(text) > 9:
        # "33612345678": international digits without the plus, as Axialys and Cliqphone write them.
        candidates = ["+" + text, text]
    number = None
    for candidate in candidates:
        try:
            parsed = phonenumbers.parse(candidate, default_region)
        except NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            number = parsed
            break
    if number is None:
        raise FieldError(field, _why_invalid(raw.strip(), text, default_region), "check the digits")
    kind = KINDS.get(phonenumbers.number_type(number), "unknown")
    phone = Phone(
        e164=str(phonenumbers.format_number(number, PhoneNumberFormat.E164)),
        region=phonenumbers.region_code_for_number(number) or "ZZ",
        kind=kind,
    )
    if mobile_only and not phone.is_mobile:
        raise FieldError(
            field,
            f"{raw.strip()} is a {kind.replace('_', ' ')} number, a mobile is needed",
            "give a mobile number (06…, 07… in France)",
        )
    return phone


def _why_invalid(shown: str, digits: str, region: str) -> str:
    bare = digits.lstrip("+")
    if len(bare) < 8:
        return f"`{shown}` is too short to be a phone number ({len(bare)} digits)"
    if len(bare) > 15:
        return f"`{shown}` is too long to be a phone number ({len(bare)} digits, 15 at most)"
    if digits.startswith("+"):
        return f"`{shown}` is not a valid number in its country"
    return f"`{shown}` is not a valid {region} number"
