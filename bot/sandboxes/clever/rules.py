"""The Clever Multimedias document's checks on requests, for the sandbox (pure functions).

Each helper reads one field of a ``datas`` object (accepting the spellings the document
shows for it), or a path parameter or header, and either returns the checked value or raises
``ApiError`` (the §2.3 error table). § numbers are the document's sections
(/work/shared/specs/clever-multimedias-api.txt).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot.sandboxes.clever.state import CONTACT_FIELDS, PHONE_FIELDS
from bot.sandboxes.frame import PARIS, SandboxRequest

__all__ = [
    "MESSAGES",
    "ApiError",
    "Datas",
    "check_content_type",
    "check_email",
    "check_phone",
    "contact_extra",
    "contact_values",
    "encodage",
    "flag",
    "integer_param",
    "is_landline",
    "login_param",
    "message_kind",
    "national_form",
    "optional_int",
    "optional_text",
    "parse_hd_send",
    "pick",
    "recipients_list",
    "reference_param",
    "required_text",
    "sms_segments",
    "type_push",
    "user_fields",
]

Datas = Mapping[str, Any]

# §2.3 "Codes de réponse": the meaning column, used as the message of every error body.
MESSAGES: dict[int, str] = {
    400: "Les paramètres de la requête sont incorrects.",
    401: "L'authentification est incorrecte.",
    402: "Le crédit du compte est insuffisant. Paiement requis.",
    403: "La demande n'a pas été autorisée.",
    404: "La ressource demandée n'existe pas.",
    405: "L'opération demandée n'est pas permise.",
    409: "La requête entre en conflit avec une autre requête.",
    500: "Erreur du service lors du traitement de la requête.",
}

# The document writes request fields in snake_case in its tables and camelCase in its
# examples (§3.5 gsm_primary / gsmPrimary, zipCode / zip_code...): every spelling is accepted.
ALIASES: dict[str, tuple[str, ...]] = {
    "lastname": ("lastname", "lastName", "last_name"),
    "gsm_primary": ("gsm_primary", "gsmPrimary"),
    "gsm_secondary": ("gsm_secondary", "gsmSecondary"),
    "landline_primary": ("landline_primary", "landlinePrimary"),
    "landline_secondary": ("landline_secondary", "landlineSecondary"),
    "fax_primary": ("fax_primary", "faxPrimary"),
    "fax_secondary": ("fax_secondary", "faxSecondary"),
    "zip_code": ("zipCode", "zip_code"),
    "street_number": ("streetNumber", "street_number"),
    "company_name": ("company_name", "companyName"),
    "number_list": ("number_list", "numberList"),
    "email_list": ("email_list", "emailList"),
    "email_subject": ("email_subject", "emailSubject"),
    "short_code": ("short_code", "shortCode"),
    "hd_send": ("hd_send", "hdSend"),
    "type_push": ("type_push", "typePush"),
    "type_mail": ("type_mail", "typeMail"),
    "open_tag": ("open_tag", "openTag"),
    "gsm_routage_mo": ("gsm_routage_mo", "gsmRoutageMo"),
    "mail_routage_mo": ("mail_routage_mo", "mailRoutageMo"),
    "all_number": ("all_number", "allNumber"),
    "time_cascade": ("time_cascade", "timeCascade"),
    "predefined_message": ("predefined_message", "predefinedMessage"),
}

_FRENCH_NUMBER = re.compile(r"\+33[1-9]\d{8}")
_FOREIGN_NUMBER = re.compile(r"\+(?!33)[1-9]\d{6,14}")
_FRENCH_LANDLINE_PREFIXES = ("+331", "+332", "+333", "+334", "+335", "+339")
_EMAIL = re.compile(r"[^@\s;,<>\"]+@[^@\s;,<>\"]+\.[A-Za-z]{2,}")
_HD_SEND = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
# §3.2 / §3.3: "au moins 6 caractères dont une lettre capitale et un chiffre".
_PASSWORD = re.compile(r"(?=.*[A-Z])(?=.*\d).{6,}")
# GSM 03.38 extension table: each of these takes two septets.
_GSM_EXTENSION = frozenset("^{}\\[~]|€\f")
_NAME = re.compile(r"[\w' .\-]+")  # §3.5 "pas de caractères spéciaux"
_USERNAME = re.compile(r"[A-Za-z0-9._@\-]{3,50}")
_INTEGER = re.compile(r"[1-9]\d{0,9}")
_REFERENCE = re.compile(r"Push[0-9A-Za-z]+")
_LOGIN = re.compile(r"[A-Za-z0-9._@\-]{1,50}")


class ApiError(Exception):
    """An answer of the documented error table: HTTP ``status`` and a human message."""

    def __init__(self, status: int, detail: str = "") -> None:
        base = MESSAGES.get(status, "")
        super().__init__(f"{base} {detail}".strip() if detail else base)
        self.status = status
        self.message = str(self)


def bad(detail: str) -> ApiError:
    return ApiError(400, detail)


def pick(datas: Datas, field: str) -> Any:
    """The value of ``field`` under any of its documented spellings, or None."""
    for name in ALIASES.get(field, (field,)):
        if name in datas and datas[name] is not None:
            return datas[name]
    return None


# Numbers are accepted for these where the examples show them (zip_code 77183 in §3.1).
_NUMBERS_ACCEPTED = frozenset({"zip_code", "street_number"})


def _as_text(field: str, value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if field in _NUMBERS_ACCEPTED and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise bad(f"{field} : une chaîne est attendue.")


def required_text(datas: Datas, field: str, *, max_length: int | None = None) -> str:
    value = pick(datas, field)
    if value is None:
        raise bad(f"{field} est obligatoire.")
    text = _as_text(field, value)
    if not text:
        raise bad(f"{field} ne peut pas être vide.")
    if max_length is not None and len(text) > max_length:
        raise bad(f"{field} : {max_length} caractères maximum.")
    return text


def optional_text(datas: Datas, field: str, *, max_length: int | None = None) -> str | None:
    value = pick(datas, field)
    if value is None:
        return None
    text = _as_text(field, value)
    if max_length is not None and len(text) > max_length:
        raise bad(f"{field} : {max_length} caractères maximum.")
    return text


def flag(datas: Datas, field: str) -> int:
    """A documented 0/1 switch ("Par défaut 0 ... sinon 1"); the §3.15 example echoes "0" as a string."""
    value = pick(datas, field)
    if value is None:
        return 0
    if isinstance(value, bool) or value not in (0, 1, "0", "1"):
        raise bad(f"{field} : 0 ou 1 attendu.")
    return int(value)


def optional_int(datas: Datas, field: str, *, minimum: int, maximum: int) -> int | None:
    value = pick(datas, field)
    if value is None:
        return None
    if isinstance(value, bool):
        raise bad(f"{field} : entier attendu.")
    if isinstance(value, str) and re.fullmatch(r"\d+", value.strip()):
        value = int(value.strip())
    if not isinstance(value, int) or not minimum <= value <= maximum:
        raise bad(f"{field} : entier entre {minimum} et {maximum} attendu.")
    return value


def check_phone(field: str, value: str) -> str:
    """'format international à respecter +336xxxxxxxx' (§3.5, §3.11): E.164, nine digits after +33."""
    number = value.strip().replace(" ", "")
    if not (_FRENCH_NUMBER.fullmatch(number) or _FOREIGN_NUMBER.fullmatch(number)):
        raise bad(f"{field} : format international attendu (+336xxxxxxxx), reçu {value!r}.")
    return number


def check_email(field: str, value: str) -> str:
    address = value.strip()
    if not _EMAIL.fullmatch(address):
        raise bad(f"{field} : adresse e-mail invalide {value!r}.")
    return address


def _matching(pattern: re.Pattern[str], value: str, complaint: str) -> str:
    """``value`` when the whole of it matches the document's ``pattern``; else a 400 saying ``complaint``."""
    if not pattern.fullmatch(value):
        raise bad(complaint)
    return value


def check_password(value: str) -> str:
    return _matching(_PASSWORD, value, "password : au moins 6 caractères dont une lettre capitale et un chiffre.")


def is_landline(number: str) -> bool:
    return number.startswith(_FRENCH_LANDLINE_PREFIXES)


def national_form(number: str) -> str:
    """How the server answers stored French numbers: without +33 and without the 0 (§3.7, §3.9: "600000002")."""
    return number[3:] if number.startswith("+33") else number


def recipients_list(datas: Datas, field: str, *, required: bool) -> list[str] | None:
    """'Tableau de numéros' (tables) or a ';'-separated string (examples): both are accepted."""
    value = pick(datas, field)
    if value is None:
        if required:
            raise bad(f"{field} est obligatoire.")
        return None
    if isinstance(value, str):
        items = [part.strip() for part in re.split(r"[;,]", value)]
        items = [item for item in items if item]
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = [item.strip() for item in value if item.strip()]
    else:
        raise bad(f"{field} : tableau ou liste séparée par ';' attendu.")
    if not items and required:
        raise bad(f"{field} ne peut pas être vide.")
    return items


def parse_hd_send(datas: Datas, now: datetime) -> datetime | None:
    """'Format Y-m-d H:i:s' (§3.11), Paris wall-clock time; more than a minute in the past is refused."""
    value = pick(datas, "hd_send")
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _HD_SEND.fullmatch(value.strip()):
        raise bad("hd_send : format Y-m-d H:i:s attendu.")
    try:
        local = datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError as exc:
        raise bad("hd_send : date invalide.") from exc
    instant = local.replace(tzinfo=PARIS)
    if (now - instant).total_seconds() > 60:
        raise bad("hd_send : la date d'envoi est passée.")
    return instant


def sms_segments(text: str, encodage: int) -> int:
    """Number of SMS for ``text``: 160/153 characters in Latin (3), 70/67 in UCS2 (4)."""
    if encodage == 3:
        length = sum(2 if char in _GSM_EXTENSION else 1 for char in text)
        single, multi = 160, 153
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, multi = 70, 67
    return 1 if length <= single else math.ceil(length / multi)


def check_latin(text: str) -> None:
    """encodage 3 is 'le Latin': the server (PHP on Windows) holds text as Windows-1252."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError as exc:
        raise bad("text : caractères hors de l'encodage Latin (3), utiliser encodage 4 (UCS2).") from exc


_FORBIDDEN_FILENAME_CHARS = frozenset('<>:"/\\|?*')


def check_filename(value: str, extensions: tuple[str, ...]) -> str:
    """§3.11: 'Extension : wav ou mp3 Caractères interdits (<, >, :, ", /, \\, |, ?, *)'; §3.12: pdf."""
    if _FORBIDDEN_FILENAME_CHARS.intersection(value):
        raise bad('filename : caractères interdits (<, >, :, ", /, \\, |, ?, *).')
    if not value.lower().endswith(tuple(f".{ext}" for ext in extensions)) or value.startswith("."):
        raise bad(f"filename : extension {' ou '.join(extensions)} attendue.")
    return value


# -- path parameters and headers ---------------------------------------------------------------


def integer_param(value: str, name: str) -> int:
    # §3.3 / §3.6: "doit être un entier (Paramètre d'URL)".
    return int(_matching(_INTEGER, value, f"{name} doit être un entier."))


def reference_param(value: str) -> str:
    return _matching(_REFERENCE, value, "referencePush invalide.")


def login_param(value: str) -> str:
    """§3.10's {login} path parameter."""
    return _matching(_LOGIN, value, "login invalide.")


def check_content_type(request: SandboxRequest) -> None:
    # §2.3: 'Content-type : application/json'; enforced where there is a body to describe.
    if request.method not in ("POST", "PUT"):
        return
    content_type = (request.header("content-type") or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise bad("Content-type : application/json attendu.")


# -- fields of several operations ----------------------------------------------------------------


def encodage(datas: Datas) -> int:
    value = pick(datas, "encodage")
    if value is None:
        raise bad("encodage est obligatoire.")
    if isinstance(value, bool) or value not in (3, 4, "3", "4"):
        raise bad("encodage : 3 (Latin) ou 4 (UCS2) attendu.")
    return int(value)


def type_push(datas: Datas) -> str:
    # §3.11 "Par défaut : sms"; §3.13 / §3.15 "Par défaut : text": both mean sms.
    value = optional_text(datas, "type_push") or "sms"
    if value not in ("sms", "text", "tts", "voice"):
        raise bad("type_push : sms, tts ou voice attendu.")
    return "sms" if value == "text" else value


def message_kind(type_push: str, recipient: str) -> str:
    """§3.15: an sms to a landline goes out as a voice (tts) message."""
    return "tts" if type_push == "sms" and is_landline(recipient) else type_push


def user_fields(datas: Datas) -> dict[str, str]:
    """§3.2 / §3.3: the table lists flat fields, the example nests them under account / company."""
    account = datas.get("account")
    account = account if isinstance(account, dict) else {}
    company = account.get("company")
    company = company if isinstance(company, dict) else {}
    merged: dict[str, Any] = {**company, **account, **datas}
    credit = optional_int(merged, "credit", minimum=0, maximum=1_000_000_000)
    fields = {
        "name": required_text(merged, "name", max_length=100),
        "lastname": required_text(merged, "lastname", max_length=100),
        "telephone": check_phone("telephone", required_text(merged, "telephone")),
        "email": check_email("email", required_text(merged, "email")),
        "username": required_text(merged, "username"),
        "password": check_password(required_text(merged, "password", max_length=100)),
        "credit": str(credit) if credit is not None else "",
        "company_name": optional_text(merged, "company_name", max_length=255) or "",
        "address": required_text(merged, "address", max_length=255),
        # Required by the table, absent from the §3.2 example: optional here.
        "zip_code": optional_text(merged, "zip_code", max_length=10) or "",
        "city": optional_text(merged, "city", max_length=100) or "",
        "country": optional_text(merged, "country", max_length=60) or "",
    }
    _matching(_USERNAME, fields["username"], "username : 3 à 50 caractères parmi lettres, chiffres, . _ @ -.")
    return fields


def contact_values(datas: Datas) -> dict[str, str | None]:
    """§3.5 / §3.6 tables: name, lastname, gsm_primary required; the rest optional (None when absent)."""
    values: dict[str, str | None] = dict.fromkeys(CONTACT_FIELDS)
    for key, label in (("name", "name"), ("last_name", "lastname")):
        text = required_text(datas, label, max_length=100)
        values[key] = _matching(_NAME, text, f"{label} : pas de caractères spéciaux.")
    values["gsm_primary"] = check_phone("gsm_primary", required_text(datas, "gsm_primary"))
    for key in CONTACT_FIELDS[3:]:
        if key in ("longitude", "latitude"):
            continue  # answered by the server (§3.9), not a request parameter
        given = optional_text(datas, key, max_length=255)
        if given and key in PHONE_FIELDS:
            given = check_phone(key, given)
        elif given and key == "email":
            given = check_email(key, given)
        elif given and key == "zip_code" and len(given) > 10:
            raise bad("zipCode : 10 caractères maximum.")
        values[key] = given
    return values


def contact_extra(datas: Datas, field_names: list[str]) -> dict[str, str]:
    """Values of the additional fields (§3.24) given under their field name (any case)."""
    extra: dict[str, str] = {}
    for known in field_names:
        value = next((v for k, v in datas.items() if k.lower() == known.lower()), None)
        if value is not None:
            extra[known] = required_text({known: value}, known, max_length=255)
    return extra
