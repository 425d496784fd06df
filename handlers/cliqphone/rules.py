"""Cliqphone field rules (C4, C5, C6, C7, C8): pure functions, checked before any vendor call.

Values come from a modal or from ``key=value`` options, keyed by the document's wire
names (``hourDebut``, ``musicAattente``…); a blank value means "not given" (decisions.md:
blank is "not set" in C6, "unchanged" in C7). Every failure names its field, says what is
wrong and gives an example; all failures of a form are reported together.

Only what the document states refuses (formats, types, media types, the numero's 8–15
digits); what it leaves open (a ring time's range, a holder name's length, an hour window
across midnight, a past or reversed forwarding period, a notice without an address) is a
warning on the card or the summary (``number_warnings``): Cliqphone decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import partial
from typing import Any

from bot.core.timezone import PARIS
from bot.rules.dates import read_clock, read_day
from bot.rules.fields import (
    FieldError,
    check_choice,
    check_email,
    check_int,
    check_length,
    collect,
)
from bot.rules.grammar import parse_yes_no
from bot.rules.names import did_you_mean, pick_name
from bot.rules.phones import SEPARATORS, parse_phone
from bot.vendors.cliqphone.models import MEDIA_TYPES, MediaFilters, NumberFilters, NumberSettings, Zone

__all__ = [
    "ALL_DAYS",
    "BOOLEAN_FIELDS",
    "CODE_WORDS",
    "DAYS",
    "DAY_WORDS",
    "MEDIA_FIELDS",
    "MEDIA_FILTERS",
    "MEDIA_FILTER_ALIASES",
    "NUMBER_FILTERS",
    "NUMBER_FILTER_ALIASES",
    "OPTION_NAMES",
    "WIRE_NAMES",
    "Catalog",
    "check_available",
    "check_bool",
    "check_media_filters",
    "check_number_filters",
    "check_number_settings",
    "check_number_type",
    "check_zone_code",
    "is_zone_code",
    "number_warnings",
    "zone_by_name",
]

#: Each field's option name on the command line (``/number add``, ``/number edit``), in English; the same
#: names as ``/number list``'s filters where both exist (``holder``, ``active``, ``zone``, ``number``).
#: The document's wire names are read too (``nomPorteur=`` is ``holder=``): aliases. Errors name a field so
#: (``holder: …``); the modal puts them under the field's block, whose id is the wire name (``WIRE_NAMES``).
OPTION_NAMES = {
    "numero": "number",
    "code": "zone",
    "info": "description",
    "nomPorteur": "holder",
    "emailPorteur": "holder_email",
    "type": "handling",
    "typeRenvoi": "forward_mode",
    "numRenvoi": "forward_to",
    "sonnerie": "ring",
    "idMessage": "message_id",
    "hourDebut": "from",
    "hourFin": "until",
    "jours": "days",
    "dateDebut": "forward_from",
    "dateFin": "forward_until",
    "messageIntroduction": "intro_message",
    "messageEnregistrement": "recording_notice",
    "musicAattente": "hold_music",
    "playback": "playback",
    "repondeur": "answering_machine",
    "etat": "active",
    "activeAppelEntrant": "incoming_calls",
    "activeAppelSortant": "outgoing_calls",
    "activerEnregistrement": "recording",
    "notificationEmail": "email_notifications",
}
#: Option name → wire name: what the document sends, and the id of the form block an error goes under.
WIRE_NAMES = {option: wire for wire, option in OPTION_NAMES.items()}
#: §5 "jours": All, or Lu Ma Me Je Ve Sa Di.
DAYS = ("Lu", "Ma", "Me", "Je", "Ve", "Sa", "Di")
ALL_DAYS = "All"
#: Each media field and the C8 media type it must name (§5 table, §7 "Liste de type media").
MEDIA_FIELDS = {
    "messageIntroduction": "MI",
    "messageEnregistrement": "ME",
    "musicAattente": "MA",
    "playback": "PB",
    "repondeur": "R",
}
BOOLEAN_FIELDS = ("etat", "activeAppelEntrant", "activeAppelSortant", "activerEnregistrement", "notificationEmail")
#: §5 type (Rep répondeur, Ren renvoi) and typeRenvoi (Par parallèle, Seq séquentiel): each code in words,
#: as cards and listings show it and as it may be typed (the code itself is read too).
CODE_WORDS = {
    "Rep": "answering-machine",
    "Ren": "forward",
    "Par": "all-at-once",
    "Seq": "one-after-another",
}
#: How a forwarding type or mode may be typed (any case, accents) → its code: the code, English, French.
FORWARDING_TYPE_NAMES = {"Rep": "Rep", "Ren": "Ren", "answering-machine": "Rep", "forward": "Ren"} | {
    "répondeur": "Rep",
    "renvoi": "Ren",
}
FORWARDING_MODE_NAMES = {"Par": "Par", "Seq": "Seq", "all-at-once": "Par", "one-after-another": "Seq"} | {
    "parallèle": "Par",
    "séquentiel": "Seq",
}
#: Each §5 day code in English (as shown), and how a day may be typed → its code: the code, English or
#: French, in full or short (``mon``, ``lundi``, ``lun``, ``Lu``), any case and accents.
DAY_WORDS = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True))
_FRENCH_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
DAY_NAMES = {ALL_DAYS: ALL_DAYS, "every-day": ALL_DAYS, "tous": ALL_DAYS} | {
    name: code
    for code, english, french in zip(DAYS, DAY_WORDS.values(), _FRENCH_DAYS, strict=True)
    for name in (code, english, english[:3], french, french[:3])
}
NUMBER_TYPES = ("TE", "FA")  # §4 "Liste de type numéro"
#: A number's type as people name it → §4's code: ``phone`` / ``fax``, the vendor's ``TE`` / ``FA`` accepted.
NUMBER_TYPE_NAMES = {"phone": "TE", "fax": "FA", "TE": "TE", "FA": "FA"}
#: The C5 filters in English (``/number list``), and the vendor's names they stand for (aliases).
NUMBER_FILTERS = ("zone", "active", "type", "number", "campaign", "holder")
NUMBER_FILTER_ALIASES = {
    "code": "zone",
    "etat": "active",
    "numero": "number",
    "compagne": "campaign",
    "porteur": "holder",
    "nomPorteur": "holder",
}
#: The C8 filters in English (``/number media``), and the vendor's names they stand for.
MEDIA_FILTERS = ("active", "type", "name")
MEDIA_FILTER_ALIASES = {"etat": "active", "nom": "name"}

_ZONE_CODE = re.compile(r"[a-z]{2}_[0-9]{2}")  # §III: two letters of the country and the zone prefix


@dataclass(frozen=True)
class Catalog:
    """What the vendor listed just before: zone codes (C2) and media ids → type (C8)."""

    zones: frozenset[str] = frozenset()
    media: Mapping[str, str] = field(default_factory=dict)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, list) and not value)


def _given(raw: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in raw.items() if not _blank(value)}


def check_bool(field_name: str, value: Any) -> bool:
    """A yes/no field: a JSON boolean as is, any other value read by the one yes/no parser."""
    return value if isinstance(value, bool) else parse_yes_no(field_name, str(value))


def zone_by_name(field_name: str, typed: str, zones: list[Zone]) -> str:
    """A zone typed by its code or its name (any case, accents): its code; the nearest ones otherwise."""
    names = {zone.code: zone.code for zone in zones} | {zone.nom: zone.code for zone in zones if zone.nom}
    return names[pick_name(field_name, typed, names, what="zone", hint="`/number zones` lists them")]


def is_zone_code(value: str) -> bool:
    return _ZONE_CODE.fullmatch(value.strip().lower()) is not None


def check_zone_code(field_name: str, value: str, zones: frozenset[str] = frozenset()) -> str:
    """A zone code such as ``fr_01`` (any case); one of ``zones`` when the listing is known."""
    code = value.strip().lower()
    if zones and code not in zones:
        meant = did_you_mean(code, zones)
        raise FieldError(
            field_name,
            f"`{value.strip()}` is not a zone" + (f": {meant}" if meant else ""),
            f"choose one of {', '.join(sorted(zones))}",
        )
    if not _ZONE_CODE.fullmatch(code):
        raise FieldError(
            field_name, f"`{value.strip()}` is not a zone code", "e.g. `fr_01`; `/number zones` lists them"
        )
    return code


def _check_digits(field_name: str, value: str, minimum: int, maximum: int, example: str) -> str:
    text = value.strip()
    if not re.fullmatch(rf"[0-9]{{{minimum},{maximum}}}", text):  # ASCII digits only
        raise FieldError(field_name, f"`{text}` is not {minimum} to {maximum} digits", f"e.g. `{example}`")
    return text


def _check_phone_digits(field_name: str, value: str) -> str:
    """8–15 digits, no + (§5 0305 / 0303); national and + forms are normalised first (01 87… → 33187…).

    A number already in the document's form is taken as written: the vendor's own offer may
    hold ranges that libphonenumber does not know yet, and the document asks only for digits.
    """
    compact = SEPARATORS.sub("", value.strip())
    if re.fullmatch(r"[1-9][0-9]{7,14}", compact):
        return compact
    digits = parse_phone(field_name, value).digits
    return _check_digits(field_name, digits, 8, 15, "33187224466")


def _check_forwarding(field_name: str, value: str) -> str:
    """§5 numRenvoi "integer": a phone number normalised as numero is; a short number (an extension)
    is sent as written and warned (8–15 digits is the sandbox's own 0303 rule, not the document's)."""
    compact = SEPARATORS.sub("", value.strip())
    if re.fullmatch(r"[0-9]{1,7}", compact):
        return compact
    return _check_phone_digits(field_name, value)


def _check_media(field_name: str, value: Any, media: Mapping[str, str]) -> int:
    wanted = MEDIA_FIELDS[WIRE_NAMES[field_name]]
    media_id = check_int(field_name, str(value), minimum=1)
    kind = media.get(str(media_id))
    hint = f"`/number media type={wanted}` lists the {MEDIA_TYPES[wanted]} media"
    if kind is None:
        raise FieldError(field_name, f"no media has id {media_id}", hint)
    if kind != wanted:
        raise FieldError(
            field_name, f"media {media_id} is a {MEDIA_TYPES.get(kind, kind)} ({kind}), not {wanted}", hint
        )
    return media_id


def _check_days(field_name: str, value: Any) -> str:
    """§5 "jours": days typed as codes or words (``Lu``, ``mon``, ``lundi``, ``Monday``), sent as codes."""
    items = value if isinstance(value, list) else re.split(r"[,\s]+", str(value).strip())
    days = [_day(field_name, str(item)) for item in items if str(item).strip()]
    if ALL_DAYS in days and len(days) > 1:
        raise FieldError(field_name, "`All` already means every day", "give `All` alone, or days such as `mon,tue`")
    if len(set(days)) != len(days):
        raise FieldError(field_name, "a day is given twice", "give each day once, e.g. `mon,tue,wed`")
    return ",".join(sorted(days, key=(ALL_DAYS, *DAYS).index))


def _day(field_name: str, typed: str) -> str:
    hint = "e.g. `mon,tue`, `lundi,mardi`, `Lu,Ma` or `All`"
    return DAY_NAMES[pick_name(field_name, typed, DAY_NAMES, what="day", hint=hint)]


def _check_code(field_name: str, typed: str, names: Mapping[str, str], what: str) -> str:
    """A §5 code typed as the code or in words (``forward`` is ``Ren``), any case and accents → the code."""
    hint = "one of " + ", ".join(f"`{word}` ({code})" for code, word in CODE_WORDS.items() if code in names)
    return names[pick_name(field_name, typed, names, what=what, hint=hint)]


def _check_date(name: str, value: Any, *, today: date) -> str:
    """§5 "date": a day as typed (``24/12``, ``24/12/2027``, ``demain``, ``lundi prochain``, ISO; the picker's
    YYYY-MM-DD), a day without a year being the next one (a forwarding period is set ahead); sent as YYYY-MM-DD."""
    now = datetime.combine(today, time(12), PARIS)
    return read_day(name, str(value), now=now, direction="future").isoformat()


def _check_hour(name: str, value: Any) -> str:
    """§5 "Time": a time of day as typed (``9h``, ``9h30``, ``14h``, ``09:00``; the picker's HH:MM), sent as HH:MM."""
    return f"{read_clock(name, str(value)):%H:%M}"


def _rule(given: Mapping[str, Any], out: dict[str, Any], name: str, check: Callable[[Any], Any]) -> Callable[[], None]:
    """A check for ``collect``: when ``name`` was given, its checked value goes to ``out``."""

    def run() -> None:
        if name in given:
            out[name] = check(given[name])

    return run


def check_number_settings(raw: Mapping[str, Any], catalog: Catalog, *, today: date, adding: bool) -> NumberSettings:
    """C6 (``adding``) or C7 fields, keyed by wire name → the settings to send; FieldErrors naming every bad
    field by its option name (``holder: …``, as typed on the command line; ``WIRE_NAMES`` gives its block)."""
    given = _given(raw)
    out: dict[str, Any] = {}

    def rule(name: str, check: Callable[[str, Any], Any]) -> Callable[[], None]:
        """``check`` gets the field's option name (for its errors) and the value; its result is sent as ``name``."""
        return _rule(given, out, name, partial(check, OPTION_NAMES[name]))

    def required_numero() -> None:
        if adding and "numero" not in given:
            raise FieldError(
                OPTION_NAMES["numero"],
                "required: the number to add",
                "e.g. `33187224466`; `/number available` lists free ones",
            )

    def id_message() -> None:
        if adding and "idMessage" in given:
            raise FieldError(OPTION_NAMES["idMessage"], "only an edit can set it", "leave it out when adding")
        rule("idMessage", lambda n, v: check_int(n, str(v), minimum=1))()

    collect(
        required_numero,
        rule("numero", lambda n, v: _check_phone_digits(n, str(v))),
        *(rule(name, partial(_check_media, media=catalog.media)) for name in MEDIA_FIELDS),
        rule("emailPorteur", lambda n, v: check_email(n, str(v))),
        rule("nomPorteur", lambda n, v: str(v).strip()),  # §5 "String": no length (warned, not refused)
        rule("info", lambda n, v: str(v).strip()),
        rule("sonnerie", lambda n, v: check_int(n, str(v), minimum=0)),  # §5 "integer" seconds
        rule("type", lambda n, v: _check_code(n, str(v), FORWARDING_TYPE_NAMES, "call handling")),
        rule("typeRenvoi", lambda n, v: _check_code(n, str(v), FORWARDING_MODE_NAMES, "forwarding mode")),
        rule("hourDebut", _check_hour),
        rule("hourFin", _check_hour),
        rule("jours", _check_days),
        rule("numRenvoi", lambda n, v: _check_forwarding(n, str(v))),
        id_message,
        *(rule(name, check_bool) for name in BOOLEAN_FIELDS),
        rule("dateDebut", partial(_check_date, today=today)),
        rule("dateFin", partial(_check_date, today=today)),
        rule("code", lambda n, v: check_zone_code(n, str(v), catalog.zones)),
    )
    return NumberSettings.model_validate(out)


#: What is usual, not what the document states: outside it, a warning (Cliqphone decides).
USUAL_RING_TIME = (1, 120)  # seconds; §5 "sonnerie … integer" gives no range
USUAL_HOLDER_NAME = (2, 20)  # characters; §4 bounds the C5 filter `porteur` so, §5 says only "String"


def number_warnings(settings: NumberSettings, *, today: date, adding: bool) -> list[str]:
    """What the document leaves open but Cliqphone may refuse: said before or after the write, never a gate;
    each names its fields by their option names, as errors do."""
    warnings: list[str] = []
    name = settings.nom_porteur
    if name is not None and not USUAL_HOLDER_NAME[0] <= len(name) <= USUAL_HOLDER_NAME[1]:
        warnings.append(
            f"holder: {len(name)} characters; Cliqphone's filter on holder names takes 2 to 20, "
            "so it may refuse this name (code 0308)"
        )
    forward = settings.num_renvoi
    if forward is not None and len(forward) < 8:
        warnings.append(f"forward_to: {forward} has fewer than 8 digits; Cliqphone may refuse so short a number")
    ring = settings.sonnerie
    if ring is not None and not USUAL_RING_TIME[0] <= ring <= USUAL_RING_TIME[1]:
        warnings.append(f"ring: {ring} s is an unusual ring time (1 to 120 s is usual); Cliqphone may refuse it")
    start, end = settings.hour_debut, settings.hour_fin
    if start and end and end <= start:
        warnings.append(f"until: {end} is not after from={start}; a window across midnight may be refused")
    begin, finish = settings.date_debut, settings.date_fin
    if finish and finish < today.isoformat():
        warnings.append(
            f"forward_until: {finish} is in the past; Cliqphone may refuse a forwarding period that is over"
        )
    if begin and finish and finish < begin:
        warnings.append(f"forward_until: {finish} is before forward_from={begin}; Cliqphone may refuse the period")
    if adding and settings.notification_email and not settings.email_porteur:
        warnings.append("email_notifications: yes without a holder_email: Cliqphone may have no address to notify")
    return warnings


def _checked(raw: Mapping[str, Any], checks: Mapping[str, Callable[[Any], Any]]) -> dict[str, Any]:
    """Each given (non-blank) field through its check; every failure reported at once."""
    given = _given(raw)
    out: dict[str, Any] = {}
    collect(*(_rule(given, out, name, check) for name, check in checks.items()))
    return out


def check_number_type(field_name: str, value: str) -> str:
    """``phone`` or ``fax`` (the vendor's ``TE`` / ``FA`` too, any case) → §4's code."""
    return NUMBER_TYPE_NAMES[pick_name(field_name, value, NUMBER_TYPE_NAMES, what="number type", hint="phone or fax")]


def check_number_filters(options: Mapping[str, str]) -> NumberFilters:
    """C5 filters (§4 i.), by their English names: zone, active (yes/no), type phone/fax, number 4–15 digits,
    campaign / holder 2–20 characters; sent under the document's names."""
    checks: dict[str, Callable[[Any], Any]] = {
        "zone": lambda v: check_zone_code("zone", v),
        "active": lambda v: check_bool("active", v),
        "type": lambda v: check_number_type("type", v),
        "number": lambda v: _check_digits("number", v, 4, 15, "8722"),
        "campaign": lambda v: check_length("campaign", v, minimum=2, maximum=20),
        "holder": lambda v: check_length("holder", v, minimum=2, maximum=20),
    }
    wire = {"zone": "code", "active": "etat", "number": "numero", "campaign": "compagne", "holder": "porteur"}
    return NumberFilters.model_validate({wire.get(k, k): v for k, v in _checked(options, checks).items()})


def check_media_filters(options: Mapping[str, str]) -> MediaFilters:
    """C8 filters (§7 i.), by their English names: active (yes/no), type R/ME/PB/MI/MA, name."""
    checks: dict[str, Callable[[Any], Any]] = {
        "active": lambda v: check_bool("active", v),
        "type": lambda v: check_choice("type", v, MEDIA_TYPES),
        "name": lambda v: str(v).strip(),
    }
    wire = {"active": "etat", "name": "nom"}
    return MediaFilters.model_validate({wire.get(k, k): v for k, v in _checked(options, checks).items()})


def check_available(zone: str, digits: str) -> tuple[str | None, str | None]:
    """C4 arguments (§3 i.): an optional zone code and optional digits to look for.

    §3 gives C4's ``numero`` as an "integer" with no bounds (the 4–15 digits are C5's filter
    rule, §4): any 1 to 15 digits go, Cliqphone decides.
    """
    out = _checked(
        {"zone": zone, "numero": digits},
        {"zone": lambda v: check_zone_code("zone", v), "numero": lambda v: _check_digits("numero", v, 1, 15, "8722")},
    )
    return out.get("zone"), out.get("numero")
