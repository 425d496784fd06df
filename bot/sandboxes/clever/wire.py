"""How the Clever Multimedias sandbox reads requests and writes answers on the wire.

Bodies are JSON: a request's fields come wrapped in ``{"datas": {...}}``, answers take the
shape of the document's examples (§ numbers below), errors are ``{"code": <status>,
"message": "..."}`` (§2.3). Dates are Paris wall-clock ``Y-m-d H:i:s`` (deliveries.paris_text).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.sandboxes.clever.deliveries import (
    STATUS_DELIVERED,
    STATUS_DELIVERED_VOICE,
    STATUS_MO,
    delivery_states,
    paris_text,
)
from bot.sandboxes.clever.rules import Datas, bad, message_kind, national_form
from bot.sandboxes.clever.state import CONTACT_FIELDS, PHONE_FIELDS, Account, Company, Contact, Push
from bot.sandboxes.frame import PARIS, SandboxRequest, SandboxResponse

__all__ = [
    "company_json",
    "contact_created_json",
    "contact_json",
    "datas",
    "delivery_rows",
    "error",
    "mail_created_json",
    "mail_info_json",
    "mail_push_created_json",
    "mo",
    "profile_json",
    "push_info_json",
    "sms_broadcast_json",
    "sms_created_json",
    "sms_info_json",
    "sms_push_created_json",
    "user_json",
]


# -- requests -----------------------------------------------------------------------------------


def datas(request: SandboxRequest) -> Datas:
    """§2.3 / examples: the body is ``{"datas": {...}}``; §3.16's screenshot wraps it in a one-item list."""
    if not request.body.strip():
        raise bad("corps de requête manquant : objet datas JSON attendu.")
    try:
        body = request.json()
    except (ValueError, UnicodeDecodeError) as exc:
        raise bad("corps de requête : JSON invalide.") from exc
    found = body.get("datas") if isinstance(body, dict) else None
    if isinstance(found, list) and len(found) == 1:
        found = found[0]
    if not isinstance(found, dict):
        raise bad("corps de requête : objet datas attendu.")
    return found


# -- answers ------------------------------------------------------------------------------------


def error(status: int, message: str, headers: dict[str, str] | None = None) -> SandboxResponse:
    """§2.3: every error answers ``{"code": <status>, "message": ...}``."""
    response = SandboxResponse.json({"code": status, "message": message}, status=status)
    response.headers.update(headers or {})
    return response


def company_json(company: Company) -> dict[str, str | int]:
    # §3.1 example: zip_code is a number (77183).
    zip_code: str | int = int(company.zip_code) if company.zip_code.isdigit() else company.zip_code
    return {
        "company_name": company.company_name,
        "address": company.address,
        "country": company.country,
        "city": company.city,
        "zip_code": zip_code,
    }


def profile_json(account: Account, expiration: datetime) -> dict[str, Any]:
    # §3.1 example.
    return {
        "name": account.name,
        "lastname": account.lastname,
        "email": account.email,
        "tocontrol": 0,  # present in the §3.1 screenshot, undocumented
        "telephone": account.telephone,
        "credit": account.credit,
        "date_expiration": paris_text(expiration),
        "company": company_json(account.company),
    }


def user_json(user: Account, expiration: datetime) -> dict[str, Any]:
    # The §3.2 example's shape, with the id §2.3 promises; the password is never echoed.
    return {
        "id": user.id,
        "username": user.username,
        "account": {
            "name": user.name,
            "lastname": user.lastname,
            "email": user.email,
            "telephone": user.telephone,
            "credit": user.credit,
            "date_expiration": paris_text(expiration),
            "company": company_json(user.company),
        },
    }


def contact_json(contact: Contact) -> dict[str, str | int]:
    """The §3.7 / §3.9 shape: snake_case, integer id, never-given fields left out, +33 numbers nationally."""
    body: dict[str, str | int] = {"id": contact.id}
    for name in CONTACT_FIELDS:
        value = contact.values.get(name)
        if value is not None:
            body[name] = national_form(value) if name in PHONE_FIELDS else value
    return body


def contact_created_json(contact: Contact) -> dict[str, str]:
    # §3.5 example: camelCase and a string id.
    return {
        "id": str(contact.id),
        "name": contact.values["name"] or "",
        "lastName": contact.values["last_name"] or "",
        "gsmPrimary": contact.values["gsm_primary"] or "",
        "email": contact.values["email"] or "",
    }


def mo(received: datetime, recipient: str, message: str) -> dict[str, str]:
    # §3.23 example shape.
    return {"status": STATUS_MO, "date_receive": paris_text(received), "recipient": recipient, "message": message}


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


def sms_push_created_json(push: Push, route: str) -> dict[str, Any]:
    """M11 / M13 answer the §3.11 / §3.13 shape, M15 the §3.15 one."""
    return sms_broadcast_json(push) if route == "broadcasts" else sms_created_json(push)


def mail_push_created_json(push: Push, route: str, now: datetime) -> dict[str, Any]:
    """M12 / M14 / M16: the §3.12 / §3.14 / §3.16 examples' shapes."""
    if route == "broadcasts":
        # §3.16 examples: a comma-separated email_list and the push id.
        return {"id": push.id, **mail_created_json(push, separator=",")}
    body = mail_created_json(push, separator=";")
    if route == "criterias":
        body["status"] = push.status(now)  # §3.14 example
    return body


def push_info_json(push: Push, status: int) -> dict[str, Any]:
    """M19 / M20."""
    return sms_info_json(push, status) if push.family == "sms" else mail_info_json(push, status)


def delivery_rows(push: Push, now: datetime) -> list[dict[str, str]]:
    """The §3.21 (sms) / §3.22 (mail) rows of the recipients already handed to the operator at ``now``."""
    states = delivery_states(push.plan, push.send_at, now)
    recipients = push.recipients
    rows: list[dict[str, str]] = []
    if push.family == "mail":
        for index, status, sent, received in states:
            row = {"subject": push.email_subject, "body": push.text, "reply_to": "", "date_send": sent}
            if received is not None:
                row["date_receive"] = received
            row["recipient"] = recipients[index]
            row["status"] = status
            rows.append(row)
        return rows
    for index, status, sent, received in states:
        recipient = recipients[index]
        kind = message_kind(push.type_push, recipient)
        row = {"message": push.text, "typemessage": kind, "date_send": sent}
        if received is not None:
            row["date_receive"] = received
        row["recipient"] = recipient
        # §3.21 example: a tts delivery ends in "6" where an sms one ends in "3".
        row["status"] = STATUS_DELIVERED_VOICE if status == STATUS_DELIVERED and kind != "sms" else status
        rows.append(row)
    return rows
