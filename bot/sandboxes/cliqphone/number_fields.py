"""The C6 (addNumero) / C7 (editnumero) number settings of the Cliqphone sandbox: one rule per field.

The §V / §VI parameter tables, checked in their order, each field answering its own code of
§III 'les erreurs' (or the sandbox's own, after 0320, where the doc gives none).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.sandboxes.cliqphone.rules import (
    CliqphoneError,
    is_blank,
    parse_bool,
    parse_date,
    parse_days,
    parse_digits,
    parse_email,
    parse_int,
    parse_text,
    parse_time,
)

__all__ = ["NumberContext", "validate_number_fields"]


@dataclass(frozen=True)
class NumberContext:
    """What the field rules need to know about the account when checking one request."""

    media_types: Mapping[int, str]  # media id → type code (R, ME, PB, MI, MA)
    zone_codes: frozenset[str]  # lower-case zone codes
    taken_numeros: frozenset[str]  # the company's numbers, minus the one being edited
    today: date  # Paris date on the sandbox clock
    current: Mapping[str, Any]  # stored field values of the edited number ({} for C6)
    editing: bool  # C7: numero optional and idMessage accepted


_Rule = Callable[[Any, NumberContext, dict[str, Any]], Any]


def _err(code: str, message: str) -> CliqphoneError:
    return CliqphoneError(code, message)


# §V/§VI response tables, resolved against §III 'les erreurs' (see the decisions).
E_ETAT = ("0301", "invalid etat")
E_NUMRENVOI = ("0303", "invalid numero renvoi")
E_NUMERO_EXISTS = ("0304", "invalid Numero existe déjà")
E_NUMERO_FORMAT = ("0305", "invalid Numero")
E_ZONE = ("0307", "invalid zone")
E_PORTEUR = ("0308", "invalid porteur")
E_TYPE = ("0309", "invalid type")
E_ENTRANT = ("0311", "invalid etat appel entrant")
E_SORTANT = ("0312", "invalid etat appel sortant")
E_TYPE_RENVOI = ("0313", "invalid type renvoi")
E_NOTIF_EMAIL = ("0314", "invalid etat appel notif email")
E_REPONDEUR = ("0315", "invalid repondeur")
E_PLAYBACK = ("0316", "invalid Musique playback")
E_MUSIQUE = ("0317", "invalid Musique Attente")
E_ENREGISTREMENT = ("0318", "invalid etat appel enregistrement")
# Not in the doc: the sandbox's own codes for the fields the doc gives no error for.
E_INTRODUCTION = ("0321", "invalid message introduction")
E_MESSAGE_ENREG = ("0322", "invalid message enregistrement")
E_EMAIL = ("0324", "invalid email porteur")
E_SONNERIE = ("0325", "invalid sonnerie")
E_HEURE = ("0326", "invalid heure")
E_JOURS = ("0327", "invalid jours")
E_DATE = ("0328", "invalid date")
E_ID_MESSAGE = ("0329", "invalid id message")

#: §V 'sonnerie: Durée de sonnerie' (seconds); the doc gives no range, a PBX rings 1–120 s.
SONNERIE_RANGE = (1, 120)
#: §V 'Format de numéro invalide > min de 8 > max:15 > numero:int'.
NUMERO_LENGTH = (8, 15)
#: §4 (C5) porteur/compagne "Max 20 … Min 2"; the sandbox holds nomPorteur to the same rule.
NAME_LENGTH = (2, 20)


def _numero(value: Any, ctx: NumberContext, _: dict[str, Any]) -> str:
    numero = parse_digits(value, *NUMERO_LENGTH, _err(*E_NUMERO_FORMAT))
    if numero in ctx.taken_numeros:
        raise _err(*E_NUMERO_EXISTS)
    return numero


def _media_rule(media_type: str, error: tuple[str, str]) -> _Rule:
    """A media id that must exist in the company's media and have the field's type (§7 types)."""

    def check(value: Any, ctx: NumberContext, _: dict[str, Any]) -> int:
        media_id = int(parse_digits(value, 1, 9, _err(*error)))
        if ctx.media_types.get(media_id) != media_type:
            raise _err(*error)
        return media_id

    return check


def _email_porteur(value: Any, ctx: NumberContext, _: dict[str, Any]) -> str:
    return parse_email(value, _err(*E_EMAIL))


def _nom_porteur(value: Any, ctx: NumberContext, _: dict[str, Any]) -> str:
    name = parse_text(value, _err(*E_PORTEUR))
    if not NAME_LENGTH[0] <= len(name) <= NAME_LENGTH[1]:
        raise _err(*E_PORTEUR)
    return name


def _info(value: Any, ctx: NumberContext, _: dict[str, Any]) -> str:
    # §V 'info: D'etail de numero' is free text; the doc documents no error for it.
    return value.strip() if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _sonnerie(value: Any, ctx: NumberContext, _: dict[str, Any]) -> int:
    return parse_int(value, *SONNERIE_RANGE, _err(*E_SONNERIE))


def _choice_rule(choices: tuple[str, ...], error: tuple[str, str]) -> _Rule:
    def check(value: Any, ctx: NumberContext, _: dict[str, Any]) -> str:
        if value not in choices:
            raise _err(*error)
        return str(value)

    return check


def _hour_debut(value: Any, ctx: NumberContext, _: dict[str, Any]) -> str:
    return parse_time(value, _err(*E_HEURE))


def _hour_fin(value: Any, ctx: NumberContext, _: dict[str, Any]) -> str:
    return parse_time(value, _err(*E_HEURE))


def _check_hours_order(ctx: NumberContext, accepted: Mapping[str, Any]) -> None:
    # A tracking window ends after it starts (HH:MM:SS strings compare in time order).
    start = accepted.get("hourDebut", ctx.current.get("hourDebut"))
    end = accepted.get("hourFin", ctx.current.get("hourFin"))
    if isinstance(start, str) and isinstance(end, str) and end <= start:
        raise _err(*E_HEURE)


def _jours(value: Any, ctx: NumberContext, _: dict[str, Any]) -> str:
    return parse_days(value, _err(*E_JOURS))


def _num_renvoi(value: Any, ctx: NumberContext, _: dict[str, Any]) -> str:
    # The forwarding target is a phone number: same format as numero (§V), code 0303 (§III).
    return parse_digits(value, *NUMERO_LENGTH, _err(*E_NUMRENVOI))


def _id_message(value: Any, ctx: NumberContext, _: dict[str, Any]) -> int:
    # §VI 'idMessage: Identite de message' — any existing media of the company.
    media_id = int(parse_digits(value, 1, 9, _err(*E_ID_MESSAGE)))
    if media_id not in ctx.media_types:
        raise _err(*E_ID_MESSAGE)
    return media_id


def _bool_rule(error: tuple[str, str]) -> _Rule:
    def check(value: Any, ctx: NumberContext, _: dict[str, Any]) -> bool:
        return parse_bool(value, _err(*error))

    return check


def _date_debut(value: Any, ctx: NumberContext, _: dict[str, Any]) -> str:
    return parse_date(value, _err(*E_DATE)).isoformat()


def _date_fin(value: Any, ctx: NumberContext, _: dict[str, Any]) -> str:
    end = parse_date(value, _err(*E_DATE))
    # A forwarding period that is already over cannot be set up (Paris date, sandbox clock).
    if end < ctx.today:
        raise _err(*E_DATE)
    return end.isoformat()


def _check_dates_order(ctx: NumberContext, accepted: Mapping[str, Any]) -> None:
    # ISO dates compare in calendar order; the end day may equal the start day.
    start = accepted.get("dateDebut", ctx.current.get("dateDebut"))
    end = accepted.get("dateFin", ctx.current.get("dateFin"))
    if isinstance(start, str) and isinstance(end, str) and end < start:
        raise _err(*E_DATE)


def _code(value: Any, ctx: NumberContext, _: dict[str, Any]) -> str:
    code = value.strip().lower() if isinstance(value, str) else ""
    if code not in ctx.zone_codes:
        raise _err(*E_ZONE)
    return code


def _notification_email(value: Any, ctx: NumberContext, accepted: dict[str, Any]) -> bool:
    wanted = parse_bool(value, _err(*E_NOTIF_EMAIL))
    # Notifications go to the bearer's address: none known → the setting is refused.
    if wanted and not accepted.get("emailPorteur", ctx.current.get("emailPorteur")):
        raise _err(*E_NOTIF_EMAIL)
    return wanted


# (field name, accepted spellings, rule, C7 only), in the order of the §V/§VI parameter
# tables: the sandbox checks fields in that order and answers the first failure.
_FIELDS: tuple[tuple[str, tuple[str, ...], _Rule, bool], ...] = (
    ("numero", ("numero",), _numero, False),
    ("messageIntroduction", ("messageIntroduction",), _media_rule("MI", E_INTRODUCTION), False),
    ("messageEnregistrement", ("messageEnregistrement",), _media_rule("ME", E_MESSAGE_ENREG), False),
    ("musicAattente", ("musicAattente",), _media_rule("MA", E_MUSIQUE), False),
    ("playback", ("playback",), _media_rule("PB", E_PLAYBACK), False),
    ("repondeur", ("repondeur",), _media_rule("R", E_REPONDEUR), False),
    ("emailPorteur", ("emailPorteur",), _email_porteur, False),
    ("nomPorteur", ("nomPorteur",), _nom_porteur, False),
    ("info", ("info",), _info, False),
    ("sonnerie", ("sonnerie",), _sonnerie, False),
    ("type", ("type",), _choice_rule(("Rep", "Ren"), E_TYPE), False),
    ("typeRenvoi", ("typeRenvoi",), _choice_rule(("Par", "Seq"), E_TYPE_RENVOI), False),
    ("hourDebut", ("hourDebut",), _hour_debut, False),
    ("hourFin", ("hourFin",), _hour_fin, False),
    ("jours", ("jours",), _jours, False),
    ("numRenvoi", ("numRenvoi",), _num_renvoi, False),
    ("idMessage", ("idMessage",), _id_message, True),
    ("etat", ("etat",), _bool_rule(E_ETAT), False),
    ("dateDebut", ("dateDebut",), _date_debut, False),
    ("dateFin", ("dateFin",), _date_fin, False),
    ("activeAppelEntrant", ("activeAppelEntrant",), _bool_rule(E_ENTRANT), False),
    ("activeAppelSortant", ("activeAppelSortant",), _bool_rule(E_SORTANT), False),
    # §VI's example spells it "activeTnregistrement": both spellings are accepted.
    (
        "activerEnregistrement",
        ("activerEnregistrement", "activeTnregistrement"),
        _bool_rule(E_ENREGISTREMENT),
        False,
    ),
    ("code", ("code",), _code, False),
    ("notificationEmail", ("notificationEmail",), _notification_email, False),
)


def _given(params: Mapping[str, Any], spellings: tuple[str, ...]) -> Any:
    for spelling in spellings:
        if not is_blank(params.get(spelling)):
            return params[spelling]
    return None


#: Cross-field checks, run right after the later field of each pair (hours, dates) when
#: either field of the pair was given; C7 compares with the stored value of the other one.
_PAIR_CHECKS: dict[str, tuple[str, Callable[[NumberContext, Mapping[str, Any]], None]]] = {
    "hourFin": ("hourDebut", _check_hours_order),
    "dateFin": ("dateDebut", _check_dates_order),
}


def validate_number_fields(params: Mapping[str, Any], ctx: NumberContext) -> dict[str, Any]:
    """Check C6/C7 parameters in the doc's order; return the accepted values by field name.

    Blank values ("" or null, as in the doc's examples) mean "not given": C6 leaves the field
    unset, C7 leaves it unchanged. C6 requires numero (§V 'numero: Oui').
    """
    accepted: dict[str, Any] = {}
    for name, spellings, rule, edit_only in _FIELDS:
        if edit_only and not ctx.editing:
            continue
        value = _given(params, spellings)
        if value is None and name == "numero" and not ctx.editing:
            raise _err(*E_NUMERO_FORMAT)
        if value is not None:
            accepted[name] = rule(value, ctx, accepted)
        pair = _PAIR_CHECKS.get(name)
        if pair is not None and (name in accepted or pair[0] in accepted):
            pair[1](ctx, accepted)
    return accepted
