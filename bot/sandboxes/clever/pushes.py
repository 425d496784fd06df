"""Campaigns (pushes, §3.11–§3.18) of the Clever Multimedias sandbox: from checked request to stored push.

An SMS or mail push request is read in its table's order (``sms_params`` / ``mail_params``),
its recipients gathered (lists, then contacts selected by ``criteria``), its cost charged in
units, and the push stored with a delivery plan drawn once (deliveries.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from bot.sandboxes.clever.criteria import parse_criteria
from bot.sandboxes.clever.deliveries import make_plan
from bot.sandboxes.clever.rules import (
    ApiError,
    Datas,
    bad,
    check_email,
    check_filename,
    check_latin,
    check_phone,
    encodage,
    flag,
    is_landline,
    optional_int,
    optional_text,
    parse_hd_send,
    recipients_list,
    required_text,
    sms_segments,
    type_push,
)
from bot.sandboxes.clever.state import CONTACT_FIELDS, Account, Contact, PredefinedMessage, Push, State

__all__ = [
    "UNIT_MAIL",
    "UNIT_SMS",
    "UNIT_VOICE",
    "MailParams",
    "Route",
    "SmsParams",
    "cancel",
    "create_mail_push",
    "create_sms_push",
    "mail_params",
    "mail_recipients",
    "sms_cost",
    "sms_params",
    "sms_recipients",
]

MAX_TEXT = 1000  # §3.11 "longueur maximale 1000 caractères"

# Unit model, from the examples: sms 7 units per SMS per recipient (§3.11: 2 recipients × 1 SMS
# = 14; §3.13: 7), tts 9 (§3.19), mail 2 per address (§3.12: 2 mails = 4; §3.16: 7 mails = 14).
# §3.15's 44 units for 5 mobiles and one +331 landline = 5×7 + 9: an sms to a landline goes out
# as a voice (tts) message at the tts price.
UNIT_SMS = 7
UNIT_VOICE = 9
UNIT_MAIL = 2

#: Which of the three push operations of a family: list (§3.11/§3.12), criteria (§3.13/§3.14), broadcast.
Route = Literal["pushs", "criterias", "broadcasts"]


@dataclass
class SmsParams:
    numbers: list[str] | None
    text: str
    encodage: int
    criteria: str
    short_code: str
    send_at: datetime | None
    filename: str
    type_push: str
    options: str
    gsm_routage_mo: str
    mail_routage_mo: str
    all_number: int
    cascade: int
    time_cascade: int | None
    duplicates: int


@dataclass
class MailParams:
    emails: list[str] | None
    text: str
    email_subject: str
    criteria: str
    type_mail: str
    send_at: datetime | None
    filename: str
    open_tag: int
    duplicates: int


def sms_cost(numbers: list[str], type_push: str, segments: int) -> int:
    if type_push == "voice":
        return UNIT_VOICE * len(numbers)
    if type_push == "tts":
        return UNIT_VOICE * segments * len(numbers)
    landlines = sum(1 for number in numbers if is_landline(number))
    return (UNIT_SMS * (len(numbers) - landlines) + UNIT_VOICE * landlines) * segments


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _predefined_text(messages: list[PredefinedMessage], title: str) -> str:
    # §3.13: "le champ text prendra le titre du message prédéfini à envoyer".
    for message in messages:
        if message.title.lower() == title.lower():
            return message.message
    raise bad(f"text : aucun message prédéfini de titre {title!r}.")


# -- reading the request -------------------------------------------------------------------------


def sms_params(datas: Datas, route: Route, now: datetime, messages: list[PredefinedMessage]) -> SmsParams:
    """§3.11 / §3.13 / §3.15 tables, checked in table order."""
    extended = route != "pushs"  # routage, cascade and predefined messages: §3.13 and §3.15 only
    listed = recipients_list(datas, "number_list", required=route == "pushs")
    numbers = None if listed is None else [check_phone("number_list", number) for number in listed]
    text = required_text(datas, "text")
    encoding = encodage(datas)
    criteria = required_text(datas, "criteria", max_length=2000) if route == "criterias" else ""
    short_code = optional_text(datas, "short_code", max_length=11) or ""
    send_at = parse_hd_send(datas, now)
    filename = optional_text(datas, "filename") or ""
    if filename:
        check_filename(filename, ("wav", "mp3"))
    kind = type_push(datas)
    if kind == "voice" and not filename:
        raise bad("filename est obligatoire pour type_push voice (fichier wav ou mp3).")
    options = optional_text(datas, "options") or "F1"
    if options not in ("F0", "F1"):
        raise bad("options : F0 (Flash) ou F1 (normal) attendu.")
    gsm_routage_mo = optional_text(datas, "gsm_routage_mo") if extended else None
    mail_routage_mo = optional_text(datas, "mail_routage_mo") if extended else None
    all_number = flag(datas, "all_number") if extended else 0
    cascade = flag(datas, "cascade") if extended else 0
    time_cascade = optional_int(datas, "time_cascade", minimum=0, maximum=1440) if extended else None
    if extended and flag(datas, "predefined_message") == 1:
        text = _predefined_text(messages, text)
    if len(text) > MAX_TEXT:
        raise bad(f"text : longueur maximale {MAX_TEXT} caractères.")
    if encoding == 3:
        check_latin(text)
    return SmsParams(
        numbers=numbers,
        text=text,
        encodage=encoding,
        criteria=criteria,
        short_code=short_code,
        send_at=send_at,
        filename=filename,
        type_push=kind,
        options=options,
        gsm_routage_mo=check_phone("gsm_routage_mo", gsm_routage_mo) if gsm_routage_mo else "",
        mail_routage_mo=check_email("mail_routage_mo", mail_routage_mo) if mail_routage_mo else "",
        all_number=all_number,
        cascade=cascade,
        time_cascade=time_cascade,
        duplicates=flag(datas, "duplicates"),
    )


def mail_params(datas: Datas, route: Route, now: datetime, messages: list[PredefinedMessage]) -> MailParams:
    """§3.12 / §3.14 / §3.16 tables, checked in table order."""
    listed = recipients_list(datas, "email_list", required=route == "pushs")
    emails = None if listed is None else [check_email("email_list", email) for email in listed]
    text = required_text(datas, "text")
    email_subject = required_text(datas, "email_subject", max_length=255)
    criteria = required_text(datas, "criteria", max_length=2000) if route == "criterias" else ""
    type_mail = optional_text(datas, "type_mail") or "brut"
    if type_mail not in ("brut", "html"):
        raise bad("type_mail : brut ou html attendu.")
    send_at = parse_hd_send(datas, now)
    filename = optional_text(datas, "filename") or ""
    if filename:
        check_filename(filename, ("pdf",))
    if (optional_text(datas, "type_push") or "mail") != "mail":
        raise bad("type_push : mail attendu.")
    open_tag = flag(datas, "open_tag")
    if route != "pushs" and flag(datas, "predefined_message") == 1:
        text = _predefined_text(messages, text)
    return MailParams(
        emails, text, email_subject, criteria, type_mail, send_at, filename, open_tag, flag(datas, "duplicates")
    )


# -- recipients ------------------------------------------------------------------------------------


def _criteria_lookup(contact: Contact, extra_names: dict[str, str]) -> Callable[[str], str | None]:
    """Field reader for a criteria predicate: lower-cased names, camelCase spellings, additional fields."""
    aliases = {"lastname": "last_name", "gsmprimary": "gsm_primary"}

    def lookup(name: str) -> str | None:
        return contact.lookup(extra_names.get(name) or aliases.get(name, name))

    return lookup


def _selected_contacts(state: State, account: Account, criteria: str) -> list[Contact]:
    contacts = state.contacts_of(account.username)
    if not criteria:
        return contacts
    names = [*CONTACT_FIELDS, "lastname", "gsmprimary", *(f.name for f in state.fields)]
    try:
        predicate = parse_criteria(criteria, names)
    except ValueError as exc:
        raise bad(str(exc)) from exc
    extra_names = {f.name.lower(): f.name for f in state.fields}
    return [contact for contact in contacts if predicate(_criteria_lookup(contact, extra_names))]


def sms_recipients(state: State, account: Account, params: SmsParams, route: Route) -> list[str]:
    numbers = list(params.numbers or [])
    if route != "pushs":
        keys = ("gsm_primary", "gsm_secondary", "landline_primary", "landline_secondary")
        for contact in _selected_contacts(state, account, params.criteria):
            # §3.13 all_number: "envoi sur tous les numéros du contact".
            for key in keys if params.all_number else keys[:1]:
                if contact.values.get(key):
                    numbers.append(contact.values[key] or "")
    if params.duplicates == 0:
        numbers = _dedupe(numbers)
    if not numbers:
        raise bad("aucun destinataire pour cette campagne.")
    return numbers


def mail_recipients(state: State, account: Account, params: MailParams, route: Route) -> list[str]:
    emails = list(params.emails or [])
    if route != "pushs":
        emails += [c.values["email"] or "" for c in _selected_contacts(state, account, params.criteria)]
        emails = [email for email in emails if email]
    if params.duplicates == 0:
        emails = _dedupe(emails)
    if not emails:
        raise bad("aucun destinataire pour cette campagne.")
    return emails


# -- storing the push --------------------------------------------------------------------------------


def _charge(account: Account, unit: int) -> None:
    if unit > account.credit:
        raise ApiError(402, f"Coût {unit} unités, crédit {account.credit} unités.")
    account.credit -= unit


def _store_push(
    state: State,
    account: Account,
    params: SmsParams | MailParams,
    recipients: list[str],
    *,
    family: Literal["sms", "mail"],
    route: Route,
    now: datetime,
    unit: int,
    segments: int,
    long_form: bool,
    **particulars: Any,
) -> Push:
    """Charges ``unit`` and stores the push with what every push has; ``particulars`` are its family's own fields.

    ``long_form`` picks the reference's form (§3.13's long one for sms by criteria or broadcast).
    """
    _charge(account, unit)
    reference = state.new_reference(now, long_form=long_form)
    push = Push(
        id=state.take_push_id(),
        reference=reference,
        owner=account.username,
        family=family,
        route=route,
        recipients=recipients,
        text=params.text,
        created_at=now,
        send_at=params.send_at if params.send_at is not None and params.send_at > now else now,
        hd_send_given=params.send_at is not None,
        unit=unit,
        segments=segments,
        duplicates=params.duplicates,
        filename=params.filename,
        plan=make_plan(reference, len(recipients), state.failure_ratio),
        failure_ratio=state.failure_ratio,
        criteria=params.criteria,
        **particulars,
    )
    state.pushes[reference] = push
    return push


def create_sms_push(
    state: State, account: Account, params: SmsParams, numbers: list[str], route: Route, now: datetime
) -> Push:
    segments = sms_segments(params.text, params.encodage)
    return _store_push(
        state,
        account,
        params,
        numbers,
        family="sms",
        route=route,
        now=now,
        unit=sms_cost(numbers, params.type_push, segments),
        segments=segments,
        long_form=route != "pushs",
        type_push=params.type_push,
        encodage=params.encodage,
        short_code=params.short_code,
        options=params.options,
        gsm_routage_mo=params.gsm_routage_mo,
        mail_routage_mo=params.mail_routage_mo,
        all_number=params.all_number,
        cascade=params.cascade,
        time_cascade=params.time_cascade,
    )


def create_mail_push(
    state: State, account: Account, params: MailParams, emails: list[str], route: Route, now: datetime
) -> Push:
    return _store_push(
        state,
        account,
        params,
        emails,
        family="mail",
        route=route,
        now=now,
        unit=UNIT_MAIL * len(emails),
        segments=1,
        long_form=False,
        type_push="mail",
        email_subject=params.email_subject,
        type_mail=params.type_mail,
        open_tag=params.open_tag,
    )


def cancel(state: State, push: Push, now: datetime) -> None:
    """§3.17 / §3.18: only a deferred push can be deleted (its units come back); once hd_send is reached, 405."""
    if now >= push.send_at:
        raise ApiError(405, f"La campagne {push.reference} n'est plus différée (envoi commencé).")
    del state.pushes[push.reference]
    state.accounts[push.owner].credit += push.unit
