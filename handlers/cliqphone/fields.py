"""The C6/C7 number fields as people see them: labels, hints, choices, the form's sections,
the ``key=value`` command line read into wire names, and values shown in words.

Pure: no vendor call, no Slack call. The rules that check the values are in ``rules``.
"""

from __future__ import annotations

from typing import Any

from bot.rules.grammar import only_options
from bot.vendors.cliqphone.models import NUMBER_FIELDS
from handlers.cliqphone.rules import (
    ALL_DAYS,
    BOOLEAN_FIELDS,
    CODE_WORDS,
    DAY_WORDS,
    MEDIA_FIELDS,
    OPTION_NAMES,
    WIRE_NAMES,
)

__all__ = [
    "CHOICES",
    "HINTS",
    "LABELS",
    "OPTION_NAMES",
    "SECTIONS",
    "YES_NO",
    "described",
    "parse_fields",
    "shown",
    "was",
]

#: Each field's label in the form and in summaries (its option name in brackets).
LABELS = {
    "numero": "Number",
    "code": "Zone",
    "info": "Description",
    "nomPorteur": "Holder name",
    "emailPorteur": "Holder e-mail",
    "type": "Call handling",
    "typeRenvoi": "Forwarding mode",
    "numRenvoi": "Forward to",
    "sonnerie": "Ring time (s)",
    "idMessage": "Message id",
    "hourDebut": "From",
    "hourFin": "Until",
    "jours": "Days",
    "dateDebut": "Forwarding starts",
    "dateFin": "Forwarding ends",
    "messageIntroduction": "Introduction message",
    "messageEnregistrement": "Recording notice",
    "musicAattente": "Hold music",
    "playback": "Play-back",
    "repondeur": "Answering machine",
    "etat": "Active",
    "activeAppelEntrant": "Incoming calls",
    "activeAppelSortant": "Outgoing calls",
    "activerEnregistrement": "Call recording",
    "notificationEmail": "E-mail notifications",
}
HINTS = {
    "numero": "8 to 15 digits, e.g. 33187224467 or 01 87 22 44 67",
    # A short number (1 to 7 digits, an extension) is sent as written with a warning (decisions.md).
    "numRenvoi": "a phone number, e.g. 33612345678 or 06 12 34 56 78, or an extension of 1 to 7 digits, e.g. 204",
    "sonnerie": "seconds, usually 1 to 120",
    "nomPorteur": "usually 2 to 20 characters",
}
YES_NO = [("Yes", "true"), ("No", "false")]
CHOICES = {
    "type": [("Answering machine (Rep)", "Rep"), ("Forward calls (Ren)", "Ren")],
    "typeRenvoi": [("All at once (Par)", "Par"), ("One after another (Seq)", "Seq")],
}
SECTIONS = (
    ("Number and zone", ("numero", "code", "info", "nomPorteur", "emailPorteur")),
    ("Routing", ("type", "typeRenvoi", "numRenvoi", "sonnerie", "idMessage")),
    ("Schedule", ("hourDebut", "hourFin", "jours", "dateDebut", "dateFin")),
    ("Media", tuple(MEDIA_FIELDS)),
    ("Options", BOOLEAN_FIELDS),
)
#: Options holding a day: unquoted, they go on over the words that still read as one (``forward_from=lundi prochain``).
_MOMENTS = ("forward_from", "forward_until")
_ALIASES = {wire: option for wire, option in OPTION_NAMES.items() if wire != option} | {"porteur": "holder"}


def parse_fields(text: str, *, adding: bool) -> dict[str, str]:
    """The command door: ``key=value`` options (English names, or the wire names, any case) → {wire name: value},
    as the form gives them."""
    known = {option for wire, option in OPTION_NAMES.items() if wire in NUMBER_FIELDS}
    aliases = dict(_ALIASES)
    if adding:
        known.discard("message_id")
        aliases.pop("idMessage")
    example = "/number add number=33187224467 zone=fr_01 active=yes" if adding else "/number edit 141 active=no"
    read = only_options(text, known, example=example, aliases=aliases, moments=_MOMENTS)
    return {WIRE_NAMES[option]: value for option, value in read.items()}


def shown(value: Any, name: str = "") -> str:
    """A field's value as cards and summaries show it: yes/no, and a §5 code in words with the code after it
    (``forward (Ren)``, ``Monday, Tuesday (Lu,Ma)``): the words may be typed back, and so may the code."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    if name in {"type", "typeRenvoi"} and text in CODE_WORDS:
        return f"{CODE_WORDS[text]} ({text})"
    if name == "jours" and text:
        days = text.split(",")
        words = "every day" if days == [ALL_DAYS] else ", ".join(DAY_WORDS.get(day, day) for day in days)
        return f"{words} ({text})"
    return text


def was(value: Any, name: str = "") -> str:
    """A field's value before an edit; C5 lists only some fields, so it may be unknown."""
    return "not listed before" if value is None else shown(value, name)


def described(name: str, value: Any) -> str:
    return f"{LABELS.get(name, name)} ({OPTION_NAMES.get(name, name)}): {shown(value, name)}"
