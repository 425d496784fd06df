"""Pure helpers of the Clever Multimedias sandbox: unit model, request bodies, answer shapes."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.sandboxes.clever.deliveries import STATUS_MO, paris_text
from bot.sandboxes.clever.rules import (
    Datas,
    bad,
    check_email,
    check_password,
    check_phone,
    is_landline,
    optional_int,
    optional_text,
    pick,
    required_text,
)
from bot.sandboxes.clever.state import CONTACT_FIELDS, PHONE_FIELDS, Company, Contact, Push
from bot.sandboxes.frame import PARIS

__all__ = [
    "UNIT_MAIL",
    "UNIT_SMS",
    "UNIT_VOICE",
    "company",
    "contact_values",
    "criteria_lookup",
    "encodage",
    "mail_created_json",
    "mail_info_json",
    "message_kind",
    "mo",
    "sms_broadcast_json",
    "sms_cost",
    "sms_created_json",
    "sms_info_json",
    "type_push",
    "user_fields",
]

# Unit model, from the examples: sms 7 units per SMS per recipient (§3.11: 2 recipients × 1 SMS
# = 14; §3.13: 7), tts 9 (§3.19), mail 2 per address (§3.12: 2 mails = 4; §3.16: 7 mails = 14).
# §3.15's 44 units for 5 mobiles and one +331 landline = 5×7 + 9: an sms to a landline goes out
# as a voice (tts) message at the tts price.
UNIT_SMS = 7
UNIT_VOICE = 9
UNIT_MAIL = 2

_NAME = re.compile(r"[\w' .\-]+")  # §3.5 "pas de caractères spéciaux"
_USERNAME = re.compile(r"[A-Za-z0-9._@\-]{3,50}")


def criteria_lookup(contact: Contact, extra_names: dict[str, str]) -> Callable[[str], str | None]:
    """Field reader for a criteria predicate: lower-cased names, camelCase spellings, additional fields."""
    aliases = {"lastname": "last_name", "gsmprimary": "gsm_primary"}

    def lookup(name: str) -> str | None:
        return contact.lookup(extra_names.get(name) or aliases.get(name, name))

    return lookup


def mo(received: datetime, recipient: str, message: str) -> dict[str, str]:
    # §3.23 example shape.
    return {"status": STATUS_MO, "date_receive": paris_text(received), "recipient": recipient, "message": message}


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
    return "tts" if type_push == "sms" and is_landline(recipient) else type_push


def sms_cost(numbers: list[str], type_push: str, segments: int) -> int:
    if type_push == "voice":
        return UNIT_VOICE * len(numbers)
    if type_push == "tts":
        return UNIT_VOICE * segments * len(numbers)
    landlines = sum(1 for number in numbers if is_landline(number))
    return (UNIT_SMS * (len(numbers) - landlines) + UNIT_VOICE * landlines) * segments


def sms_created_json(push: Push) -> dict[str, Any]:
    # §3.11 / §3.13 201 examples.
    return {
        "reference": push.reference,
        "nb_destination": len(push.recipients),
        "number_list": ";".join(push.recipients),
        "encodage": push.encodage,
        "text": push.text,
        "hd_send": paris_text(push.send_at),
        "filename": push.filename or "noFile",
        "type_push": push.type_push,
        "unit": push.unit,
        "nb_sms": push.segments,
        "duplicates": push.duplicates,
    }


def iso_paris(instant: datetime) -> str:
    return instant.astimezone(PARIS).strftime("%Y-%m-%dT%H:%M:%S%z")


def sms_broadcast_json(push: Push) -> dict[str, Any]:
    # §3.15 201 example (ISO dates, date_entry, way, duplicates as a string).
    return {
        "id": push.id,
        "reference": push.reference,
        "nb_destination": len(push.recipients),
        "number_list": ";".join(push.recipients),
        "encodage": push.encodage,
        "text": push.text,
        "date_entry": iso_paris(push.created_at),
        "hd_send": iso_paris(push.send_at),
        "type_push": push.type_push,
        "unit": push.unit,
        "nb_sms": push.segments,
        "options": push.options,
        "way": 1,
        "duplicates": str(push.duplicates),
        "mail_routage_mo": push.mail_routage_mo,
        "gsm_routage_mo": push.gsm_routage_mo,
    }


def sms_info_json(push: Push, status: int) -> dict[str, Any]:
    # §3.19 200 example, plus filename which its field list describes.
    return {
        "reference": push.reference,
        "nb_destination": len(push.recipients),
        "number_list": ";".join(push.recipients),
        "status": status,
        "short_code": push.short_code,
        "encodage": push.encodage,
        "text": push.text,
        "hd_send": paris_text(push.send_at),
        "type_push": push.type_push,
        "filename": push.filename or "noFile",
        "unit": push.unit,
        "nb_sms": push.segments,
        "options": push.options,
    }


def mail_created_json(push: Push, *, separator: str) -> dict[str, Any]:
    # §3.12 / §3.14 / §3.16 201 examples.
    return {
        "reference": push.reference,
        "email_list": separator.join(push.recipients),
        "text": push.text,
        "email_subject": push.email_subject,
        "hd_send": paris_text(push.send_at),
        "filename": push.filename or "noFile",
        "type_push": "mail",
        "unit": push.unit,
        "nb_mail": len(push.recipients),
        "open_tag": push.open_tag,
        "type_mail": push.type_mail,
        "duplicates": push.duplicates,
    }


def mail_info_json(push: Push, status: int) -> dict[str, Any]:
    # §3.20 200 example, plus filename and duplicates which its field list describes.
    return {
        "reference": push.reference,
        "email_list": ";".join(push.recipients),
        "status": status,
        "text": push.text,
        "email_subject": push.email_subject,
        "hd_send": paris_text(push.send_at),
        "type_push": "mail",
        "filename": push.filename or "noFile",
        "unit": push.unit,
        "nb_mail": len(push.recipients),
        "open_tag": push.open_tag,
        "type_mail": push.type_mail,
        "duplicates": push.duplicates,
    }


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
    if not _USERNAME.fullmatch(fields["username"]):
        raise bad("username : 3 à 50 caractères parmi lettres, chiffres, . _ @ -.")
    return fields


def company(fields: dict[str, str]) -> Company:
    return Company(fields["company_name"], fields["address"], fields["country"], fields["city"], fields["zip_code"])


def contact_values(datas: Datas) -> dict[str, str | None]:
    """§3.5 / §3.6 tables: name, lastname, gsm_primary required; the rest optional (None when absent)."""
    values: dict[str, str | None] = dict.fromkeys(CONTACT_FIELDS)
    for key, label in (("name", "name"), ("last_name", "lastname")):
        text = required_text(datas, label, max_length=100)
        if not _NAME.fullmatch(text):
            raise bad(f"{label} : pas de caractères spéciaux.")
        values[key] = text
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
