"""The Axialys WebAppel document's checks on requests, for the sandbox.

The error an answer reports (``ApiError``: HTTP status, code, message; the document has none, the
codes are the sandbox's, written down in the decisions), the query parameters read the way PHP's
``$_GET`` reads them with their presence checks (``Params``), and one validator per kind of variable
in the table of §1 of /work/shared/specs/axialys-webappel-api.txt.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import phonenumbers
from email_validator import EmailNotValidError, validate_email

# -- errors --------------------------------------------------------------------------------------

# Error codes (the document has none: these are the sandbox's, written down in the decisions).
AUTH_MISSING = "AUTH_MANQUANTE"
AUTH_INVALID = "AUTH_INVALIDE"
API_DISABLED = "API_DESACTIVEE"
UNKNOWN_METHOD = "METHODE_INCONNUE"
WRONG_HTTP_METHOD = "VERBE_HTTP"
MISSING = "PARAMETRE_MANQUANT"
INVALID = "PARAMETRE_INVALIDE"
NOT_FOUND = "INTROUVABLE"
ALREADY_EXISTS = "EXISTE_DEJA"
CONFLICT = "CONFLIT"
WRONG_STATE = "ETAT_INCOMPATIBLE"
BLACKLISTED = "BLACKLISTE"
FORBIDDEN_DESTINATION = "DESTINATION_INTERDITE"
TOO_LARGE = "FICHIER_TROP_GROS"


class ApiError(Exception):
    """An error answer: HTTP ``status``, ``code`` and message (written ``KO;<code>;<message>``, wire.error_line)."""

    def __init__(self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})


def missing(name: str) -> ApiError:
    return ApiError(400, MISSING, f"{name} : paramètre obligatoire absent")


def invalid(name: str, expected: str) -> ApiError:
    return ApiError(400, INVALID, f"{name} : valeur invalide, attendu {expected}")


def not_found(what: str) -> ApiError:
    return ApiError(404, NOT_FOUND, f"{what} introuvable")


# -- parameters ---------------------------------------------------------------------------------

_INDEXED_ARRAY = re.compile(r"^(?P<name>[A-Za-z0-9_]+)\[(?P<index>\d*)\]$")


@dataclass(frozen=True)
class Params:
    """The query parameters of one request, read the way PHP's ``$_GET`` reads them."""

    query: Mapping[str, list[str]]

    def raw(self, *names: str) -> str | None:
        """The value of the first of ``names`` present (PHP keeps the last of repeated keys)."""
        for name in names:
            values = self.query.get(name)
            if values:
                return values[-1]
        return None

    def present(self, *names: str) -> bool:
        return any(self.raw(name) not in (None, "") for name in names)

    def required(self, name: str, *aliases: str) -> str:
        """A mandatory value; absent or empty is ``PARAMETRE_MANQUANT`` (PHP ``empty()`` style)."""
        value = self.raw(name, *aliases)
        if value is None or value == "":
            raise missing(name)
        return value

    def optional(self, name: str, *aliases: str) -> str | None:
        """An optional value; an empty value reads as absent."""
        value = self.raw(name, *aliases)
        return None if value is None or value == "" else value

    def array(self, name: str) -> list[str] | None:
        """``name[]=a&name[]=b`` (also PHP's ``name[0]=a``), in order; None when absent."""
        indexed: list[tuple[int, int, str]] = []
        order = 0
        for key, values in self.query.items():
            match = _INDEXED_ARRAY.match(key)
            if match is None or match.group("name") != name:
                continue
            index = int(match.group("index")) if match.group("index") else -1
            for value in values:
                indexed.append((index, order, value))
                order += 1
        if not indexed:
            return None
        # Explicit indexes keep their order; '[]' entries keep arrival order.
        return [
            value for _, _, value in sorted(indexed, key=lambda item: (item[0] if item[0] >= 0 else 10**9, item[1]))
        ]

    def require_all(self, names: Iterable[str]) -> None:
        """Presence of every mandatory parameter, in the documented order, before any format check."""
        for name in names:
            if name.endswith("[]"):
                if not self.array(name[:-2]):
                    raise missing(name)
            elif not self.present(name):
                raise missing(name)


# -- validators (one per kind of variable in the table of §1) --------------------------------

_ALNUM = re.compile(r"^[a-zA-Z0-9]+$")
_DIGITS = re.compile(r"^[0-9]+$")
_COUNTRY = re.compile(r"^[A-Z][A-Z]$")
_HOUR = re.compile(r"^(?P<h>[01]?[0-9]|2[0-3]):(?P<m>[0-5][0-9])$")
_YMD = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_IPV4 = re.compile(r"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$")

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def alnum(name: str, value: str) -> str:
    """§1: names (nom_liste_op, nom_plage, nom_popup, usrN_nom) are [a-zA-Z0-9]+."""
    if not _ALNUM.match(value):
        raise invalid(name, "[a-zA-Z0-9]+")
    return value


def digits(name: str, value: str) -> str:
    if not _DIGITS.match(value):
        raise invalid(name, "[0-9]+")
    return value


def int_in_range(name: str, value: str, low: int, high: int) -> int:
    if not _DIGITS.match(value) or not low <= int(value) <= high:
        raise invalid(name, f"un entier de {low} à {high}")
    return int(value)


def one_of(name: str, value: str, allowed: Iterable[str]) -> str:
    choices = tuple(allowed)
    if value not in choices:
        raise invalid(name, " / ".join(choices))
    return value


def flag(name: str, value: str) -> bool:
    """§1: afficher_nom, immediat are 1/0."""
    return one_of(name, value, ("1", "0")) == "1"


def hour(name: str, value: str) -> int:
    """§1: 00:00 -> 23:59; the examples write 9:00, so one-digit hours are accepted. Minutes of the day."""
    match = _HOUR.match(value)
    if match is None:
        raise invalid(name, "HH:MM entre 00:00 et 23:59")
    return int(match.group("h")) * 60 + int(match.group("m"))


def ymd(name: str, value: str) -> date:
    """§1: date_debut / date_fin are YYYY-MM-DD (date_fin's 'YYY-MM-DD' is a typo)."""
    try:
        if not _YMD.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise invalid(name, "une date YYYY-MM-DD") from None


def ipv4(name: str, value: str) -> str:
    """§1: ip is a dotted IPv4 address (xxx.xxx.x.x)."""
    try:
        if not _IPV4.match(value):
            raise ValueError(value)
        return str(ipaddress.IPv4Address(value))
    except ValueError:
        raise invalid(name, "une adresse IPv4 (ex. 192.168.0.1)") from None


def email_address(name: str, value: str) -> str:
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        raise invalid(name, "une adresse email") from None


def country_code(name: str, value: str) -> str:
    """§1: code_pays is [A-Z][A-Z], and must name a country with a calling code."""
    if not _COUNTRY.match(value) or phonenumbers.country_code_for_region(value) == 0:
        raise invalid(name, "un code pays [A-Z][A-Z] (ex. FR)")
    return value


def e164_number(params: Params, name: str = "e164") -> str:
    """§1: e164 is [0-9]+ 'au format e164' (≤ 15 digits, no leading 0); code_pays formats a national number."""
    value = digits(name, params.required(name))
    region_value = params.optional("code_pays")
    if region_value is not None:
        region = country_code("code_pays", region_value)
        if value.startswith("0"):
            return _national_to_e164(name, value, region)
    if value.startswith("0") or len(value) > 15:
        raise invalid(name, "un numéro e164 sans + (ex. 33820620620), ou un numéro national avec code_pays")
    return value


def _national_to_e164(name: str, value: str, region: str) -> str:
    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise invalid(name, f"un numéro national valide pour {region}") from None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164).lstrip("+")


def free_text(name: str, value: str, max_length: int | None = None) -> str:
    """§1 '*' variables: any text (length-capped where the table gives a cap)."""
    if max_length is not None and len(value) > max_length:
        raise invalid(name, f"au plus {max_length} caractères")
    return value
