"""Clever Multimedias sandbox: a loopback server speaking the vendor's REST API (M1–M25).

Written from /work/shared/specs/clever-multimedias-api.txt ("the document"; § numbers below
are its sections). HTTP Basic auth, JSON bodies wrapped in ``{"datas": {...}}``, answers in
the shape of the document's examples, errors as ``{"code": <status>, "message": "..."}``.

Order of checks on every call: unknown path 404 → method 405 → auth 401 → Content-type of a
body 400 → account expired 430 (operations whose table lists it) → path parameter format 400
→ manager-only 403 → resource 404 → body 400 → conflict 409 / state 405 → credit 402.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import hmac
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, ClassVar, Literal

from bot.sandboxes.clever import dialects, wire
from bot.sandboxes.clever.criteria import parse_criteria
from bot.sandboxes.clever.deliveries import (
    STATUS_DELIVERED,
    STATUS_DELIVERED_VOICE,
    delivery_states,
    make_plan,
    paris_text,
)
from bot.sandboxes.clever.rules import (
    ApiError,
    Datas,
    bad,
    check_email,
    check_filename,
    check_latin,
    check_phone,
    flag,
    optional_int,
    optional_text,
    parse_hd_send,
    recipients_list,
    required_text,
    sms_segments,
)
from bot.sandboxes.clever.state import (
    CONTACT_FIELDS,
    Account,
    Contact,
    Push,
    seed_accounts,
    seed_contacts,
    seed_fields,
    seed_predefined_messages,
)
from bot.sandboxes.frame import PARIS, SandboxClock, SandboxRequest, SandboxResponse, SandboxServer

__all__ = ["CleverSandbox"]

MAX_TEXT = 1000  # §3.11 "longueur maximale 1000 caractères"
DEFAULT_FAILURE_RATIO = 0.1

_INTEGER = re.compile(r"[1-9]\d{0,9}")
_REFERENCE = re.compile(r"Push[0-9A-Za-z]+")
_LOGIN = re.compile(r"[A-Za-z0-9._@\-]{1,50}")

Handler = Callable[["_Call"], SandboxResponse]


@dataclass(frozen=True)
class _Call:
    request: SandboxRequest
    account: Account
    params: tuple[str, ...]


@dataclass(frozen=True)
class _Operation:
    handler: Handler
    expiry_checked: bool  # the operation's table lists 430


@dataclass(frozen=True)
class _Route:
    pattern: re.Pattern[str]
    methods: dict[str, _Operation]


@dataclass
class _SmsParams:
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
class _MailParams:
    emails: list[str] | None
    text: str
    email_subject: str
    criteria: str
    type_mail: str
    send_at: datetime | None
    filename: str
    open_tag: int
    duplicates: int


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> SandboxResponse:
    response = SandboxResponse.json({"code": status, "message": message}, status=status)
    response.headers.update(headers or {})
    return response


def _datas(request: SandboxRequest) -> Datas:
    """§2.3 / examples: the body is ``{"datas": {...}}``; §3.16's screenshot wraps it in a one-item list."""
    if not request.body.strip():
        raise bad("corps de requête manquant : objet datas JSON attendu.")
    try:
        body = request.json()
    except (ValueError, UnicodeDecodeError) as exc:
        raise bad("corps de requête : JSON invalide.") from exc
    datas = body.get("datas") if isinstance(body, dict) else None
    if isinstance(datas, list) and len(datas) == 1:
        datas = datas[0]
    if not isinstance(datas, dict):
        raise bad("corps de requête : objet datas attendu.")
    return datas


def _read_as_examples(request: SandboxRequest) -> SandboxRequest:
    """The request as a server reading only the examples' spellings sees it (dialect "examples-spelling")."""
    try:
        body = request.json()
    except (ValueError, UnicodeDecodeError):
        return request  # the usual checks answer 400
    datas = body.get("datas") if isinstance(body, dict) else None
    if isinstance(datas, list) and len(datas) == 1:
        datas = datas[0]
    if not isinstance(datas, dict):
        return request
    seen = dialects.examples_only(datas, request.path)
    return dataclasses.replace(request, body=json.dumps({"datas": seen}).encode("utf-8"))


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _integer_param(value: str, name: str) -> int:
    # §3.3 / §3.6: "doit être un entier (Paramètre d'URL)".
    if not _INTEGER.fullmatch(value):
        raise bad(f"{name} doit être un entier.")
    return int(value)


def _reference_param(value: str) -> str:
    if not _REFERENCE.fullmatch(value):
        raise bad("referencePush invalide.")
    return value


class CleverSandbox(SandboxServer):
    """The Clever Multimedias REST API (§3.1–§3.25) over loopback, with in-memory state."""

    vendor: ClassVar[str] = "clever"
    credentials: ClassVar[dict[str, str]] = {"CLEVER_USERNAME": "relais-sandbox", "CLEVER_PASSWORD": "Relais2024"}
    DIALECTS: ClassVar[dict[str, str]] = dialects.DIALECTS

    def __init__(self, clock: SandboxClock | None = None, *, dialect: str | Iterable[str] = ()) -> None:
        super().__init__(clock, dialect=dialect)
        self._routes = self._build_routes()
        self._seed()

    def _seed(self) -> None:
        self._accounts = {account.username: account for account in seed_accounts()}
        self._contacts = {contact.id: contact for contact in seed_contacts()}
        self._fields = seed_fields()
        self._messages = seed_predefined_messages()
        self._pushes: dict[str, Push] = {}
        self._failure_ratio = DEFAULT_FAILURE_RATIO
        self._next_user_id = 1003
        self._next_contact_id = 214912
        self._next_push_id = 676
        self._seed_history()

    # -- routing ------------------------------------------------------------------------------
    def _build_routes(self) -> list[_Route]:
        def route(pattern: str, **methods: tuple[Handler, bool]) -> _Route:
            return _Route(
                re.compile(pattern), {verb: _Operation(handler, expiry) for verb, (handler, expiry) in methods.items()}
            )

        # Paths of the URL lines; the other spellings the screenshots show are served too (see report).
        mails = r"/api/push(?:s)?mails"
        return [
            route(r"/api/accounts?/me", GET=(self._get_profile, False)),  # M1
            route(r"/api/users", POST=(self._create_user, True)),  # M2
            route(r"/api/users/([^/]+)", PUT=(self._edit_user, True), GET=(self._get_user, True)),  # M3, M4
            route(r"/api/contacts", POST=(self._create_contact, True)),  # M5
            route(  # M6, M7, M8
                r"/api/contacts/([^/]+)",
                PUT=(self._edit_contact, True),
                GET=(self._get_contact, True),
                DELETE=(self._delete_contact, True),
            ),
            route(r"/api/contactlists", GET=(self._list_contacts, True)),  # M9
            route(r"/api/contactlists/([^/]+)", GET=(self._list_user_contacts, True)),  # M10
            route(r"/api/pushs", POST=(self._push_sms, True)),  # M11
            route(mails, POST=(self._push_mail, True)),  # M12
            route(r"/api/pushscriterias", POST=(self._push_sms_criteria, True)),  # M13
            route(r"/api/(?:pushsmailcriterias|pushmailcriteria)", POST=(self._push_mail_criteria, True)),  # M14
            route(r"/api/pushsbroadcasts", POST=(self._push_sms_broadcast, True)),  # M15
            route(r"/api/push(?:s)?mailbroadcasts", POST=(self._push_mail_broadcast, True)),  # M16
            # M17, M19 and M18, M20: the info tables (§3.19, §3.20) do not list 430.
            route(r"/api/pushs/([^/]+)", DELETE=(self._cancel_sms, True), GET=(self._get_sms_push, False)),
            route(mails + r"/([^/]+)", DELETE=(self._cancel_mail, True), GET=(self._get_mail_push, False)),
            route(r"/api/pushs/([^/]+)/deliveries", GET=(self._sms_deliveries, False)),  # M21
            route(mails + r"/([^/]+)/deliveries", GET=(self._mail_deliveries, False)),  # M22
            route(r"/api/pushs/([^/]+)/mos", GET=(self._sms_mos, False)),  # M23
            route(r"/api/fieldlist", GET=(self._list_fields, True)),  # M24
            route(r"/api/predefinedmessage", GET=(self._list_predefined_messages, True)),  # M25
        ]

    def route(self, request: SandboxRequest) -> SandboxResponse:
        if self.speaks("not-yet-available") and request.path in ("/api/fieldlist", "/api/predefinedmessage"):
            return _error(404, ApiError(404).message)
        if self.speaks("screenshot-paths") and dialects.URL_LINE_ONLY.fullmatch(request.path):
            return _error(404, ApiError(404).message)
        for candidate in self._routes:
            match = candidate.pattern.fullmatch(request.path)
            if match is not None:
                return self._dispatch(request, candidate, match.groups())
        return _error(404, ApiError(404).message)

    def _dispatch(self, request: SandboxRequest, route: _Route, params: tuple[str, ...]) -> SandboxResponse:
        operation = route.methods.get(request.method)
        if operation is None:
            return _error(405, ApiError(405).message, {"Allow": ", ".join(route.methods)})
        with self.lock:
            account = self._authenticate(request)
            if account is None:
                return _error(401, ApiError(401).message, {"WWW-Authenticate": 'Basic realm="Clever Multimedias"'})
            try:
                self._check_content_type(request)
                if operation.expiry_checked:
                    self._check_not_expired(account)
                if self.speaks("examples-spelling"):
                    request = _read_as_examples(request)
                return self._in_dialect(request, operation.handler(_Call(request, account, params)))
            except ApiError as error:
                response = _error(error.status, error.message)
                if error.status == 430:
                    response.reason = error.message  # §2.3: the status line reads "430 Account expired …"
                return response

    def _in_dialect(self, request: SandboxRequest, response: SandboxResponse) -> SandboxResponse:
        """A success answer as the switched-on dialects write it (errors keep the decided form)."""
        if not 200 <= response.status < 300:
            return response
        if self.speaks("accepted-202") and request.method in ("POST", "PUT"):
            return SandboxResponse.empty(202)
        if not response.body or not {"company-beside-account", "camel-case", "bare-lists", "iso-dates"} & self.dialect:
            return response
        body = json.loads(response.body)
        if self.speaks("company-beside-account"):
            body = dialects.company_beside_account(body)
        if self.speaks("iso-dates"):
            body = dialects.iso_dates(body)
        if self.speaks("camel-case"):
            body = dialects.camel_case(body)
        if self.speaks("bare-lists") and request.method == "GET":
            body = dialects.bare_listing(body)
        return SandboxResponse.json(body, status=response.status)

    def _authenticate(self, request: SandboxRequest) -> Account | None:
        """§2.3: 'Authorization : base_64(identifiant:mot_de_passe)'; the screenshots prefix 'Basic '."""
        header = (request.header("authorization") or "").strip()
        if header[:6].lower() == "basic ":
            header = header[6:].strip()
        try:
            decoded = base64.b64decode(header, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return None
        username, separator, password = decoded.partition(":")
        account = self._accounts.get(username)
        if not separator or account is None:
            return None
        return account if hmac.compare_digest(account.password.encode(), password.encode()) else None

    @staticmethod
    def _check_content_type(request: SandboxRequest) -> None:
        # §2.3: 'Content-type : application/json'; enforced where there is a body to describe.
        if request.method not in ("POST", "PUT"):
            return
        content_type = (request.header("content-type") or "").split(";")[0].strip().lower()
        if content_type != "application/json":
            raise bad("Content-type : application/json attendu.")

    def _expiration(self, account: Account) -> datetime:
        manager = self._accounts.get(account.manager) if account.manager else None
        return manager.date_expiration if manager is not None else account.date_expiration

    def _check_not_expired(self, account: Account) -> None:
        expiration = self._expiration(account)
        if self.clock.now() >= expiration:
            error = ApiError(430)
            error.message = f"Account expired {expiration.astimezone(PARIS):%Y-%m-%d}"
            raise error

    # -- M1 -----------------------------------------------------------------------------------
    def _get_profile(self, call: _Call) -> SandboxResponse:
        account = call.account
        body = {
            "name": account.name,
            "lastname": account.lastname,
            "email": account.email,
            "tocontrol": 0,  # present in the §3.1 screenshot, undocumented
            "telephone": account.telephone,
            "credit": account.credit,
            "date_expiration": paris_text(self._expiration(account)),
            "company": account.company.as_json(),
        }
        return SandboxResponse.json({"account": body})

    # -- M2–M4: users -------------------------------------------------------------------------
    @staticmethod
    def _require_manager(account: Account) -> None:
        if not account.is_manager:
            raise ApiError(403, "Opération réservée aux comptes manager.")

    def _user_of(self, call: _Call) -> Account:
        user_id = _integer_param(call.params[0], "id_user")
        self._require_manager(call.account)
        for account in self._accounts.values():
            if account.id == user_id and account.manager == call.account.username:
                return account
        raise ApiError(404, f"Utilisateur {user_id} introuvable.")

    def _create_user(self, call: _Call) -> SandboxResponse:
        self._require_manager(call.account)
        fields = wire.user_fields(_datas(call.request))
        if fields["username"] in self._accounts:
            raise ApiError(409, "L'utilisateur existe, username déjà pris.")
        user = Account(
            id=self._next_user_id,
            username=fields["username"],
            password=fields["password"],
            name=fields["name"],
            lastname=fields["lastname"],
            email=fields["email"],
            telephone=fields["telephone"],
            credit=int(fields["credit"] or 0),
            date_expiration=call.account.date_expiration,
            company=wire.company(fields),
            manager=call.account.username,
        )
        self._next_user_id += 1
        self._accounts[user.username] = user
        return SandboxResponse.json({"user": self._user_json(user)}, status=201)

    def _edit_user(self, call: _Call) -> SandboxResponse:
        user = self._user_of(call)
        fields = wire.user_fields(_datas(call.request))
        if fields["username"] != user.username and fields["username"] in self._accounts:
            raise ApiError(409, "L'utilisateur existe, username déjà pris.")
        self._rename_account(user, fields["username"])
        user.password = fields["password"]
        user.name, user.lastname = fields["name"], fields["lastname"]
        user.email, user.telephone = fields["email"], fields["telephone"]
        user.company = wire.company(fields)
        if fields["credit"]:
            user.credit = int(fields["credit"])
        return SandboxResponse.empty(204)

    def _rename_account(self, user: Account, username: str) -> None:
        """A new username (§3.3) keeps the user's contacts and pushes."""
        old = user.username
        del self._accounts[old]
        user.username = username
        self._accounts[username] = user
        for contact in self._contacts.values():
            if contact.owner == old:
                contact.owner = username
        for push in self._pushes.values():
            if push.owner == old:
                push.owner = username

    def _get_user(self, call: _Call) -> SandboxResponse:
        return SandboxResponse.json({"user": self._user_json(self._user_of(call))})

    def _user_json(self, user: Account) -> dict[str, Any]:
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
                "date_expiration": paris_text(self._expiration(user)),
                "company": user.company.as_json(),
            },
        }

    # -- M5–M10: contacts ---------------------------------------------------------------------
    def _contact_of(self, call: _Call) -> Contact:
        contact_id = _integer_param(call.params[0], "id_contact")
        contact = self._contacts.get(contact_id)
        if contact is None or contact.owner != call.account.username:
            raise ApiError(404, f"Contact {contact_id} introuvable.")
        return contact

    def _check_duplicate(self, owner: str, gsm_primary: str, duplicates: int, *, except_id: int | None) -> None:
        # §3.5: 409 "Le contact existe, le paramètre duplicates doit être activé."
        if duplicates == 1:
            return
        for contact in self._contacts.values():
            if contact.owner == owner and contact.id != except_id and contact.values["gsm_primary"] == gsm_primary:
                raise ApiError(409, "Le contact existe, le paramètre duplicates doit être activé.")

    def _create_contact(self, call: _Call) -> SandboxResponse:
        datas = _datas(call.request)
        values = wire.contact_values(datas)
        extra = self._contact_extra(datas)
        gsm_primary = values["gsm_primary"] or ""
        self._check_duplicate(call.account.username, gsm_primary, flag(datas, "duplicates"), except_id=None)
        contact = Contact(self._next_contact_id, call.account.username, values, extra)
        self._next_contact_id += 1
        self._contacts[contact.id] = contact
        # §3.5 example: camelCase and a string id.
        body = {
            "id": str(contact.id),
            "name": values["name"],
            "lastName": values["last_name"],
            "gsmPrimary": gsm_primary,
            "email": values["email"] or "",
        }
        return SandboxResponse.json({"contact": body}, status=201)

    def _edit_contact(self, call: _Call) -> SandboxResponse:
        contact = self._contact_of(call)
        datas = _datas(call.request)
        values = wire.contact_values(datas)
        extra = self._contact_extra(datas)
        gsm_primary = values["gsm_primary"] or ""
        self._check_duplicate(call.account.username, gsm_primary, flag(datas, "duplicates"), except_id=contact.id)
        # Fields left out of the body keep their value.
        contact.values.update({name: value for name, value in values.items() if value is not None})
        contact.extra.update(extra)
        return SandboxResponse.empty(204)

    def _get_contact(self, call: _Call) -> SandboxResponse:
        return SandboxResponse.json({"contact": self._contact_of(call).as_json()})

    def _delete_contact(self, call: _Call) -> SandboxResponse:
        del self._contacts[self._contact_of(call).id]
        return SandboxResponse.empty(204)

    def _list_contacts(self, call: _Call) -> SandboxResponse:
        return SandboxResponse.json({"contact": [c.as_json() for c in self._contacts_of(call.account.username)]})

    def _list_user_contacts(self, call: _Call) -> SandboxResponse:
        login = call.params[0]
        if not _LOGIN.fullmatch(login):
            raise bad("login invalide.")
        self._require_manager(call.account)  # §3.10 "Manager uniquement"
        user = self._accounts.get(login)
        if user is None or (user.manager != call.account.username and user is not call.account):
            raise ApiError(404, f"Utilisateur {login} introuvable.")
        return SandboxResponse.json({"contact": [c.as_json() for c in self._contacts_of(login)]})

    def _contacts_of(self, owner: str) -> list[Contact]:
        return sorted((c for c in self._contacts.values() if c.owner == owner), key=lambda c: c.id)

    def _contact_extra(self, datas: Datas) -> dict[str, str]:
        """Values of the additional fields (§3.24) given under their field name."""
        extra: dict[str, str] = {}
        for known in self._fields:
            value = next((v for k, v in datas.items() if k.lower() == known.name.lower()), None)
            if value is not None:
                extra[known.name] = required_text({known.name: value}, known.name, max_length=255)
        return extra

    # -- M11–M16: pushes ----------------------------------------------------------------------
    def _push_sms(self, call: _Call) -> SandboxResponse:
        datas = _datas(call.request)
        params = self._sms_params(datas, "pushs")
        numbers = self._sms_recipients(call.account, params, "pushs")
        push = self._create_sms_push(call.account, params, numbers, "pushs", self.clock.now())
        return SandboxResponse.json({"push": wire.sms_created_json(push)}, status=201)

    def _push_sms_criteria(self, call: _Call) -> SandboxResponse:
        datas = _datas(call.request)
        params = self._sms_params(datas, "criterias")
        numbers = self._sms_recipients(call.account, params, "criterias")
        push = self._create_sms_push(call.account, params, numbers, "criterias", self.clock.now())
        return SandboxResponse.json({"push": wire.sms_created_json(push)}, status=201)

    def _push_sms_broadcast(self, call: _Call) -> SandboxResponse:
        datas = _datas(call.request)
        params = self._sms_params(datas, "broadcasts")
        numbers = self._sms_recipients(call.account, params, "broadcasts")
        push = self._create_sms_push(call.account, params, numbers, "broadcasts", self.clock.now())
        return SandboxResponse.json({"push": wire.sms_broadcast_json(push)}, status=201)

    def _push_mail(self, call: _Call) -> SandboxResponse:
        push = self._mail_push_for(call, "pushs")
        return SandboxResponse.json({"push": wire.mail_created_json(push, separator=";")}, status=201)

    def _push_mail_criteria(self, call: _Call) -> SandboxResponse:
        push = self._mail_push_for(call, "criterias")
        body = wire.mail_created_json(push, separator=";")
        body["status"] = push.status(self.clock.now())  # §3.14 example
        return SandboxResponse.json({"push": body}, status=201)

    def _push_mail_broadcast(self, call: _Call) -> SandboxResponse:
        push = self._mail_push_for(call, "broadcasts")
        # §3.16 examples: a comma-separated email_list and the push id.
        body = {"id": push.id, **wire.mail_created_json(push, separator=",")}
        return SandboxResponse.json({"push": body}, status=201)

    def _sms_params(self, datas: Datas, route: Literal["pushs", "criterias", "broadcasts"]) -> _SmsParams:
        """§3.11 / §3.13 / §3.15 tables, checked in table order."""
        extended = route != "pushs"  # routage, cascade and predefined messages: §3.13 and §3.15 only
        listed = recipients_list(datas, "number_list", required=route == "pushs")
        numbers = None if listed is None else [check_phone("number_list", number) for number in listed]
        text = required_text(datas, "text")
        encodage = wire.encodage(datas)
        criteria = required_text(datas, "criteria", max_length=2000) if route == "criterias" else ""
        short_code = optional_text(datas, "short_code", max_length=11) or ""
        send_at = parse_hd_send(datas, self.clock.now())
        filename = optional_text(datas, "filename") or ""
        if filename:
            check_filename(filename, ("wav", "mp3"))
        type_push = wire.type_push(datas)
        if type_push == "voice" and not filename:
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
            text = self._predefined_text(text)
        if len(text) > MAX_TEXT:
            raise bad(f"text : longueur maximale {MAX_TEXT} caractères.")
        if encodage == 3:
            check_latin(text)
        return _SmsParams(
            numbers=numbers,
            text=text,
            encodage=encodage,
            criteria=criteria,
            short_code=short_code,
            send_at=send_at,
            filename=filename,
            type_push=type_push,
            options=options,
            gsm_routage_mo=check_phone("gsm_routage_mo", gsm_routage_mo) if gsm_routage_mo else "",
            mail_routage_mo=check_email("mail_routage_mo", mail_routage_mo) if mail_routage_mo else "",
            all_number=all_number,
            cascade=cascade,
            time_cascade=time_cascade,
            duplicates=flag(datas, "duplicates"),
        )

    def _predefined_text(self, title: str) -> str:
        # §3.13: "le champ text prendra le titre du message prédéfini à envoyer".
        for message in self._messages:
            if message.title.lower() == title.lower():
                return message.message
        raise bad(f"text : aucun message prédéfini de titre {title!r}.")

    def _selected_contacts(self, account: Account, criteria: str) -> list[Contact]:
        contacts = self._contacts_of(account.username)
        if not criteria:
            return contacts
        names = [*CONTACT_FIELDS, "lastname", "gsmprimary", *(f.name for f in self._fields)]
        try:
            predicate = parse_criteria(criteria, names)
        except ValueError as exc:
            raise bad(str(exc)) from exc
        extra_names = {f.name.lower(): f.name for f in self._fields}
        return [contact for contact in contacts if predicate(wire.criteria_lookup(contact, extra_names))]

    def _sms_recipients(self, account: Account, params: _SmsParams, route: str) -> list[str]:
        numbers = list(params.numbers or [])
        if route != "pushs":
            keys = ("gsm_primary", "gsm_secondary", "landline_primary", "landline_secondary")
            for contact in self._selected_contacts(account, params.criteria):
                # §3.13 all_number: "envoi sur tous les numéros du contact".
                for key in keys if params.all_number else keys[:1]:
                    if contact.values.get(key):
                        numbers.append(contact.values[key] or "")
        if params.duplicates == 0:
            numbers = _dedupe(numbers)
        if not numbers:
            raise bad("aucun destinataire pour cette campagne.")
        return numbers

    def _create_sms_push(
        self,
        account: Account,
        params: _SmsParams,
        numbers: list[str],
        route: Literal["pushs", "criterias", "broadcasts"],
        now: datetime,
    ) -> Push:
        segments = sms_segments(params.text, params.encodage)
        unit = wire.sms_cost(numbers, params.type_push, segments)
        self._charge(account, unit)
        reference = self._new_reference(now, long_form=route != "pushs")
        push = Push(
            id=self._take_push_id(),
            reference=reference,
            owner=account.username,
            family="sms",
            route=route,
            recipients=numbers,
            text=params.text,
            created_at=now,
            send_at=params.send_at if params.send_at is not None and params.send_at > now else now,
            hd_send_given=params.send_at is not None,
            unit=unit,
            segments=segments,
            duplicates=params.duplicates,
            filename=params.filename,
            plan=make_plan(reference, len(numbers), self._failure_ratio),
            failure_ratio=self._failure_ratio,
            type_push=params.type_push,
            encodage=params.encodage,
            short_code=params.short_code,
            options=params.options,
            criteria=params.criteria,
            gsm_routage_mo=params.gsm_routage_mo,
            mail_routage_mo=params.mail_routage_mo,
            all_number=params.all_number,
            cascade=params.cascade,
            time_cascade=params.time_cascade,
        )
        self._pushes[reference] = push
        return push

    def _mail_params(self, datas: Datas, route: str) -> _MailParams:
        """§3.12 / §3.14 / §3.16 tables, checked in table order."""
        listed = recipients_list(datas, "email_list", required=route == "pushs")
        emails = None if listed is None else [check_email("email_list", email) for email in listed]
        text = required_text(datas, "text")
        email_subject = required_text(datas, "email_subject", max_length=255)
        criteria = required_text(datas, "criteria", max_length=2000) if route == "criterias" else ""
        type_mail = optional_text(datas, "type_mail") or "brut"
        if type_mail not in ("brut", "html"):
            raise bad("type_mail : brut ou html attendu.")
        send_at = parse_hd_send(datas, self.clock.now())
        filename = optional_text(datas, "filename") or ""
        if filename:
            check_filename(filename, ("pdf",))
        if (optional_text(datas, "type_push") or "mail") != "mail":
            raise bad("type_push : mail attendu.")
        open_tag = flag(datas, "open_tag")
        if route != "pushs" and flag(datas, "predefined_message") == 1:
            text = self._predefined_text(text)
        return _MailParams(
            emails, text, email_subject, criteria, type_mail, send_at, filename, open_tag, flag(datas, "duplicates")
        )

    def _mail_push_for(self, call: _Call, route: Literal["pushs", "criterias", "broadcasts"]) -> Push:
        params = self._mail_params(_datas(call.request), route)
        emails = list(params.emails or [])
        if route != "pushs":
            emails += [c.values["email"] or "" for c in self._selected_contacts(call.account, params.criteria)]
            emails = [email for email in emails if email]
        if params.duplicates == 0:
            emails = _dedupe(emails)
        if not emails:
            raise bad("aucun destinataire pour cette campagne.")
        return self._create_mail_push(call.account, params, emails, route, self.clock.now())

    def _create_mail_push(
        self,
        account: Account,
        params: _MailParams,
        emails: list[str],
        route: Literal["pushs", "criterias", "broadcasts"],
        now: datetime,
    ) -> Push:
        unit = wire.UNIT_MAIL * len(emails)
        self._charge(account, unit)
        reference = self._new_reference(now, long_form=False)
        push = Push(
            id=self._take_push_id(),
            reference=reference,
            owner=account.username,
            family="mail",
            route=route,
            recipients=emails,
            text=params.text,
            created_at=now,
            send_at=params.send_at if params.send_at is not None and params.send_at > now else now,
            hd_send_given=params.send_at is not None,
            unit=unit,
            segments=1,
            duplicates=params.duplicates,
            filename=params.filename,
            plan=make_plan(reference, len(emails), self._failure_ratio),
            failure_ratio=self._failure_ratio,
            type_push="mail",
            criteria=params.criteria,
            email_subject=params.email_subject,
            type_mail=params.type_mail,
            open_tag=params.open_tag,
        )
        self._pushes[reference] = push
        return push

    def _charge(self, account: Account, unit: int) -> None:
        if unit > account.credit:
            raise ApiError(402, f"Coût {unit} unités, crédit {account.credit} unités.")
        account.credit -= unit

    def _take_push_id(self) -> int:
        self._next_push_id += 1
        return self._next_push_id - 1

    def _new_reference(self, now: datetime, *, long_form: bool) -> str:
        """'Push' + YmdHis (§3.11); §3.13 / §3.15 (and a second push in the same second) append 32 hex digits."""
        short = f"Push{now.astimezone(PARIS):%Y%m%d%H%M%S}"
        if not long_form and short not in self._pushes:
            return short
        suffix = hashlib.md5(f"{short}/{self._next_push_id}".encode(), usedforsecurity=False).hexdigest()
        return short + suffix

    # -- M17–M23: push follow-up ------------------------------------------------------------------
    def _push_of(self, call: _Call, family: Literal["sms", "mail"]) -> Push:
        reference = _reference_param(call.params[0])
        push = self._pushes.get(reference)
        if push is None or push.family != family or push.owner != call.account.username:
            raise ApiError(404, f"Campagne {reference} introuvable.")
        return push

    def _cancel(self, call: _Call, family: Literal["sms", "mail"]) -> SandboxResponse:
        push = self._push_of(call, family)
        # §3.17 / §3.18: only a deferred push can be deleted; once hd_send is reached, 405.
        if self.clock.now() >= push.send_at:
            raise ApiError(405, f"La campagne {push.reference} n'est plus différée (envoi commencé).")
        del self._pushes[push.reference]
        self._accounts[push.owner].credit += push.unit
        return SandboxResponse.empty(204)

    def _cancel_sms(self, call: _Call) -> SandboxResponse:
        return self._cancel(call, "sms")

    def _cancel_mail(self, call: _Call) -> SandboxResponse:
        return self._cancel(call, "mail")

    def _get_sms_push(self, call: _Call) -> SandboxResponse:
        push = self._push_of(call, "sms")
        return SandboxResponse.json({"push": wire.sms_info_json(push, push.status(self.clock.now()))})

    def _get_mail_push(self, call: _Call) -> SandboxResponse:
        push = self._push_of(call, "mail")
        return SandboxResponse.json({"push": wire.mail_info_json(push, push.status(self.clock.now()))})

    def _sms_deliveries(self, call: _Call) -> SandboxResponse:
        return SandboxResponse.json({"deliveries": self._deliveries(self._push_of(call, "sms"))})

    def _mail_deliveries(self, call: _Call) -> SandboxResponse:
        return SandboxResponse.json({"deliveries": self._deliveries(self._push_of(call, "mail"))})

    def _deliveries(self, push: Push) -> list[dict[str, str]]:
        states = delivery_states(push.plan, push.send_at, self.clock.now())
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
            kind = wire.message_kind(push.type_push, recipient)
            row = {"message": push.text, "typemessage": kind, "date_send": sent}
            if received is not None:
                row["date_receive"] = received
            row["recipient"] = recipient
            # §3.21 example: a tts delivery ends in "6" where an sms one ends in "3".
            row["status"] = STATUS_DELIVERED_VOICE if status == STATUS_DELIVERED and kind != "sms" else status
            rows.append(row)
        return rows

    def _sms_mos(self, call: _Call) -> SandboxResponse:
        push = self._push_of(call, "sms")
        now = self.clock.now()
        return SandboxResponse.json({"mos": [mo for mo in push.mos if mo["date_receive"] <= paris_text(now)]})

    # -- M24, M25 -------------------------------------------------------------------------------
    def _list_fields(self, call: _Call) -> SandboxResponse:
        return SandboxResponse.json({"fields": [{"id": f.id, "name": f.name, "label": f.label} for f in self._fields]})

    def _list_predefined_messages(self, call: _Call) -> SandboxResponse:
        messages = [{"id": m.id, "title": m.title, "message": m.message} for m in self._messages]
        return SandboxResponse.json({"predefined_messages": messages})

    # -- seed -----------------------------------------------------------------------------------
    def _seed_history(self) -> None:
        """One delivered SMS push with a reply and one mail push, an hour old, so a newcomer sees something."""
        owner = self._accounts["relais-sandbox"]
        sent = self.clock.now() - timedelta(hours=1)
        numbers = ["+33612345678", "+33623456789", "+33634567890"]
        text = "Bonjour, votre colis arrive demain entre 9h et 12h. Répondez OK pour confirmer."
        sms = _SmsParams(numbers, text, 3, "", "", None, "", "sms", "F1", "", "", 0, 0, None, 0)
        push = self._create_sms_push(owner, sms, numbers, "pushs", sent)
        push.mos.append(wire.mo(sent + timedelta(minutes=5), "+33612345678", "OK merci"))
        emails = ["marie.dupont@example.fr", "hugo.petit@example.fr"]
        letter = "Bonjour, voici notre lettre d'information."
        mail = _MailParams(emails, letter, "Lettre d'information", "", "html", None, "", 0, 0)
        self._create_mail_push(owner, mail, emails, "pushs", sent + timedelta(seconds=2))
        owner.credit = 100_000

    # -- test hooks -----------------------------------------------------------------------------
    def _account(self, username: str | None) -> Account:
        return self._accounts[username or self.credentials["CLEVER_USERNAME"]]

    def reset(self) -> None:
        """Back to the seed data (relative to the current clock), no faults, empty journal; the server keeps running."""
        with self.lock:
            self._seed()
            self.clear_faults()
            self.journal.clear()

    def set_credit(self, units: int, username: str | None = None) -> None:
        """Set the remaining units of the sandbox account (or of ``username``)."""
        with self.lock:
            self._account(username).credit = units

    def credit(self, username: str | None = None) -> int:
        """The remaining units of the sandbox account (or of ``username``)."""
        with self.lock:
            return self._account(username).credit

    def expire_account(self, on: date, username: str | None = None) -> None:
        """Set date_expiration to 00:00:00 Paris time of ``on``: from then on, 430 'Account expired <on>'."""
        with self.lock:
            self._account(username).date_expiration = datetime.combine(on, time(), tzinfo=PARIS)

    def inject_mo(self, reference: str, recipient: str, message: str) -> dict[str, str]:
        """A reply (MO, §3.23) from ``recipient`` to SMS push ``reference``, received now; returns the MO row."""
        with self.lock:
            push = self._pushes[reference]
            if push.family != "sms" or recipient not in push.recipients:
                raise ValueError(f"{recipient} is not a recipient of SMS push {reference}")
            mo = wire.mo(self.clock.now(), recipient, message)
            push.mos.append(mo)
            return dict(mo)

    def set_failure_ratio(self, ratio: float) -> None:
        """Share (0–1) of recipients whose delivery fails, for pushes created from now on."""
        if not 0.0 <= ratio <= 1.0:
            raise ValueError("the failure ratio is between 0 and 1")
        with self.lock:
            self._failure_ratio = ratio

    def push(self, reference: str) -> dict[str, Any]:
        """The stored push ``reference`` (all parameters, recipients, unit, current status) for assertions."""
        with self.lock:
            stored = self._pushes[reference]
            now = self.clock.now()
            return {
                "id": stored.id,
                "reference": stored.reference,
                "owner": stored.owner,
                "family": stored.family,
                "route": stored.route,
                "type_push": stored.type_push,
                "recipients": list(stored.recipients),
                "text": stored.text,
                "unit": stored.unit,
                "segments": stored.segments,
                "encodage": stored.encodage,
                "short_code": stored.short_code,
                "options": stored.options,
                "criteria": stored.criteria,
                "filename": stored.filename,
                "duplicates": stored.duplicates,
                "hd_send": paris_text(stored.send_at),
                "hd_send_given": stored.hd_send_given,
                "status": stored.status(now),
                "email_subject": stored.email_subject,
                "type_mail": stored.type_mail,
                "open_tag": stored.open_tag,
                "gsm_routage_mo": stored.gsm_routage_mo,
                "mail_routage_mo": stored.mail_routage_mo,
                "all_number": stored.all_number,
                "cascade": stored.cascade,
                "time_cascade": stored.time_cascade,
                "failure_ratio": stored.failure_ratio,
                "mos": [dict(mo) for mo in stored.mos],
                "finished_at": paris_text(stored.send_at + timedelta(seconds=stored.plan.last_offset)),
            }

    def pushes(self, username: str | None = None) -> list[str]:
        """References of the pushes of the sandbox account (or of ``username``), oldest first."""
        with self.lock:
            owner = self._account(username).username
            return [p.reference for p in sorted(self._pushes.values(), key=lambda p: p.id) if p.owner == owner]

    def deliveries(self, reference: str) -> list[dict[str, str]]:
        """The deliveries of push ``reference`` as M21/M22 would answer them now."""
        with self.lock:
            return self._deliveries(self._pushes[reference])

    def seconds_to_complete(self, reference: str) -> float:
        """Clock seconds until every delivery of push ``reference`` is final (0 when it is)."""
        with self.lock:
            push = self._pushes[reference]
            end = push.send_at + timedelta(seconds=push.plan.last_offset)
            return max(0.0, (end - self.clock.now()).total_seconds())

    def contacts(self, username: str | None = None) -> list[dict[str, Any]]:
        """The stored contacts of the sandbox account (or of ``username``): every field, E.164 numbers, extras."""
        with self.lock:
            owner = self._account(username).username
            return [{"id": c.id, **c.values, "extra": dict(c.extra)} for c in self._contacts_of(owner)]

    def add_contact(
        self, name: str, lastname: str, gsm_primary: str, *, username: str | None = None, **others: str
    ) -> int:
        """Store a contact directly (``others``: contact fields in snake_case or additional fields); returns its id."""
        with self.lock:
            field_names = {f.name.lower(): f.name for f in self._fields}
            values: dict[str, str | None] = dict.fromkeys(CONTACT_FIELDS)
            values.update(name=name, last_name=lastname, gsm_primary=gsm_primary)
            extra: dict[str, str] = {}
            for key, value in others.items():
                if key in values:
                    values[key] = value
                elif key.lower() in field_names:
                    extra[field_names[key.lower()]] = value
                else:
                    raise ValueError(f"unknown contact field {key}")
            contact = Contact(self._next_contact_id, self._account(username).username, values, extra)
            self._next_contact_id += 1
            self._contacts[contact.id] = contact
            return contact.id

    def users(self) -> list[dict[str, Any]]:
        """Every account: username, id, manager, credit, date_expiration (never the password)."""
        with self.lock:
            return [
                {
                    "id": a.id,
                    "username": a.username,
                    "manager": a.manager,
                    "is_manager": a.is_manager,
                    "credit": a.credit,
                    "date_expiration": paris_text(self._expiration(a)),
                }
                for a in self._accounts.values()
            ]

    def inject_server_error(self, count: int = 1, path_prefix: str = "") -> None:
        """The next ``count`` requests (under ``path_prefix``) get the documented 500."""
        body = SandboxResponse.json({"code": 500, "message": ApiError(500).message}).body
        self.inject_fault(500, count, body=body, path_prefix=path_prefix, content_type="application/json")
