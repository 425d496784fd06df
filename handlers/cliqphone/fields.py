"""The C6/C7 number fields as people see them: labels, hints, choices, the form's sections,
the ``key=value`` command line read into wire names, and values shown in words.

Pure: no vendor call, no Slack call. The rules that check the values are in ``rules``.
"""

from __future__ import annotations

from typing import Any

from bot.rules.grammar import only_options
from bot.vendors.cliqphone.models import NUMBER_FIELDS
from handlers.cliqphone.rules import BOOLEAN_FIELDS, MEDIA_FIELDS

__all__ = ["CHOICES", "HINTS", "LABELS", "SECTIONS", "YES_NO", "described", "parse_fields", "shown", "was"]

#: Each field's label in the form and in summaries (wire name in brackets: the vendor's vocabulary).
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
    "type": [("Rep — answering machine", "Rep"), ("Ren — forward calls", "Ren")],
    "typeRenvoi": [("Par — ring all at once", "Par"), ("Seq — one after the other", "Seq")],
}
SECTIONS = (
    ("Number and zone", ("numero", "code", "info", "nomPorteur", "emailPorteur")),
    ("Routing", ("type", "typeRenvoi", "numRenvoi", "sonnerie", "idMessage")),
    ("Schedule", ("hourDebut", "hourFin", "jours", "dateDebut", "dateFin")),
    ("Media", tuple(MEDIA_FIELDS)),
    ("Options", BOOLEAN_FIELDS),
)
#: ``parse_options`` lower-cases keys: map them back to the wire names.
_WIRE_NAMES = {name.lower(): name for name in NUMBER_FIELDS}


def parse_fields(text: str, *, adding: bool) -> dict[str, str]:
    """The command door: ``key=value`` options (any case) → {wire name: value}, as the form gives them."""
    known = {key for key, name in _WIRE_NAMES.items() if not (adding and name == "idMessage")}
    example = "/number add numero=33187224467 code=fr_01 etat=true" if adding else "/number edit 141 etat=false"
    return {_WIRE_NAMES[key]: value for key, value in only_options(text, known, example=example).items()}


def shown(value: Any) -> str:
    return ("yes" if value else "no") if isinstance(value, bool) else str(value)


def was(value: Any) -> str:
    """A field's value before an edit; C5 lists only some fields, so it may be unknown."""
    return "not listed before" if value is None else shown(value)


def described(name: str, value: Any) -> str:
    return f"{LABELS.get(name, name)} ({name}): {shown(value)}"
