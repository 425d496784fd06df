"""Clever Multimedias sandbox: a loopback server speaking the vendor's REST API (M1–M25).

Written from /work/shared/specs/clever-multimedias-api.txt ("the document"; § numbers below
are its sections). HTTP Basic auth, JSON bodies wrapped in ``{"datas": {...}}``, answers in
the shape of the document's examples, errors as ``{"code": <status>, "message": "..."}``.

Order of checks on every call: unknown path 404 → method 405 → auth 401 → Content-type of a
body 400 → account expired 430 (operations whose table lists it) → path parameter format 400
→ manager-only 403 → resource 404 → body 400 → conflict 409 / state 405 → credit 402.

This module routes requests to operations and authenticates them; the operations read with
rules.py and wire.py, change state.py (campaigns: pushes.py) and answer with wire.py.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any, ClassVar, Literal

from bot.sandboxes.clever import dialects, pushes, rules, wire
from bot.sandboxes.clever.deliveries import paris_text
from bot.sandboxes.clever.rules import ApiError
from bot.sandboxes.clever.seed import seeded_state
from bot.sandboxes.clever.state import Account, Contact, Push, State
from bot.sandboxes.frame import PARIS, SandboxClock, SandboxRequest, SandboxResponse, SandboxServer

__all__ = ["CleverSandbox"]

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


def _not_found() -> SandboxResponse:
    return wire.error(404, ApiError(404).message)


class CleverSandbox(SandboxServer):
    """The Clever Multimedias REST API (§3.1–§3.25) over loopback, with in-memory state."""

    vendor: ClassVar[str] = "clever"
    credentials: ClassVar[dict[str, str]] = {"CLEVER_USERNAME": "relais-sandbox", "CLEVER_PASSWORD": "Relais2024"}
    DIALECTS: ClassVar[dict[str, str]] = dialects.DIALECTS
    _state: State

    def __init__(self, clock: SandboxClock | None = None, *, dialect: str | Iterable[str] = ()) -> None:
        super().__init__(clock, dialect=dialect)
        self._routes = self._build_routes()
        self._state = seeded_state(self.clock.now())

    # -- routing ------------------------------------------------------------------------------
    def _build_routes(self) -> list[_Route]:
        def route(pattern: str, **methods: tuple[Handler, bool]) -> _Route:
            return _Route(
                re.compile(pattern), {verb: _Operation(handler, expiry) for verb, (handler, expiry) in methods.items()}
            )

        def sms(handler: Callable[[_Call, Literal["sms", "mail"]], SandboxResponse]) -> Handler:
            return lambda call: handler(call, "sms")

        def mail(handler: Callable[[_Call, Literal["sms", "mail"]], SandboxResponse]) -> Handler:
            return lambda call: handler(call, "mail")

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
            route(r"/api/pushs", POST=(partial(self._push_sms, route="pushs"), True)),  # M11
            route(mails, POST=(partial(self._push_mail, route="pushs"), True)),  # M12
            route(r"/api/pushscriterias", POST=(partial(self._push_sms, route="criterias"), True)),  # M13
            route(  # M14
                r"/api/(?:pushsmailcriterias|pushmailcriteria)",
                POST=(partial(self._push_mail, route="criterias"), True),
            ),
            route(r"/api/pushsbroadcasts", POST=(partial(self._push_sms, route="broadcasts"), True)),  # M15
            route(r"/api/push(?:s)?mailbroadcasts", POST=(partial(self._push_mail, route="broadcasts"), True)),  # M16
            # M17, M19 and M18, M20: the info tables (§3.19, §3.20) do not list 430.
            route(r"/api/pushs/([^/]+)", DELETE=(sms(self._cancel), True), GET=(sms(self._get_push), False)),
            route(mails + r"/([^/]+)", DELETE=(mail(self._cancel), True), GET=(mail(self._get_push), False)),
            route(r"/api/pushs/([^/]+)/deliveries", GET=(sms(self._deliveries), False)),  # M21
            route(mails + r"/([^/]+)/deliveries", GET=(mail(self._deliveries), False)),  # M22
            route(r"/api/pushs/([^/]+)/mos", GET=(self._sms_mos, False)),  # M23
            route(r"/api/fieldlist", GET=(self._list_fields, True)),  # M24
            route(r"/api/predefinedmessage", GET=(self._list_predefined_messages, True)),  # M25
        ]

    def route(self, request: SandboxRequest) -> SandboxResponse:
        if dialects.hides(self.dialect, request.path):
            return _not_found()
        for candidate in self._routes:
            match = candidate.pattern.fullmatch(request.path)
            if match is not None:
                return self._dispatch(request, candidate, match.groups())
        return _not_found()

    def _dispatch(self, request: SandboxRequest, route: _Route, params: tuple[str, ...]) -> SandboxResponse:
        operation = route.methods.get(request.method)
        if operation is None:
            return wire.error(405, ApiError(405).message, {"Allow": ", ".join(route.methods)})
        with self.lock:
            account = self._authenticate(request)
            if account is None:
                return wire.error(401, ApiError(401).message, {"WWW-Authenticate": 'Basic realm="Clever Multimedias"'})
            try:
                rules.check_content_type(request)
                if operation.expiry_checked:
                    self._check_not_expired(account)
                if self.speaks("examples-spelling"):
                    request = dialects.read_as_examples(request)
                return dialects.in_dialect(self.dialect, request, operation.handler(_Call(request, account, params)))
            except ApiError as error:
                response = wire.error(error.status, error.message)
                if error.status == 430:
                    response.reason = error.message  # §2.3: the status line reads "430 Account expired …"
                return response

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
        account = self._state.accounts.get(username)
        if not separator or account is None:
            return None
        return account if hmac.compare_digest(account.password.encode(), password.encode()) else None

    def _check_not_expired(self, account: Account) -> None:
        expiration = self._state.expiration(account)
        if self.clock.now() >= expiration:
            error = ApiError(430)
            error.message = f"Account expired {expiration.astimezone(PARIS):%Y-%m-%d}"
            raise error

    # -- M1–M4: profile and users -------------------------------------------------------------------
    def _get_profile(self, call: _Call) -> SandboxResponse:
        body = wire.profile_json(call.account, self._state.expiration(call.account))
        return SandboxResponse.json({"account": body})

    @staticmethod
    def _require_manager(account: Account) -> None:
        if not account.is_manager:
            raise ApiError(403, "Opération réservée aux comptes manager.")

    def _user_of(self, call: _Call) -> Account:
        user_id = rules.integer_param(call.params[0], "id_user")
        self._require_manager(call.account)
        for account in self._state.accounts.values():
            if account.id == user_id and account.manager == call.account.username:
                return account
        raise ApiError(404, f"Utilisateur {user_id} introuvable.")

    def _create_user(self, call: _Call) -> SandboxResponse:
        self._require_manager(call.account)
        fields = rules.user_fields(wire.datas(call.request))
        if fields["username"] in self._state.accounts:
            raise ApiError(409, "L'utilisateur existe, username déjà pris.")
        user = self._state.add_user(fields, call.account)
        return SandboxResponse.json({"user": wire.user_json(user, self._state.expiration(user))}, status=201)

    def _edit_user(self, call: _Call) -> SandboxResponse:
        user = self._user_of(call)
        fields = rules.user_fields(wire.datas(call.request))
        if fields["username"] != user.username and fields["username"] in self._state.accounts:
            raise ApiError(409, "L'utilisateur existe, username déjà pris.")
        self._state.update_user(user, fields)
        return SandboxResponse.empty(204)

    def _get_user(self, call: _Call) -> SandboxResponse:
        user = self._user_of(call)
        return SandboxResponse.json({"user": wire.user_json(user, self._state.expiration(user))})

    # -- M5–M10: contacts ---------------------------------------------------------------------
    def _contact_of(self, call: _Call) -> Contact:
        contact_id = rules.integer_param(call.params[0], "id_contact")
        contact = self._state.contacts.get(contact_id)
        if contact is None or contact.owner != call.account.username:
            raise ApiError(404, f"Contact {contact_id} introuvable.")
        return contact

    def _check_duplicate(self, owner: str, gsm_primary: str, duplicates: int, *, except_id: int | None) -> None:
        # §3.5: 409 "Le contact existe, le paramètre duplicates doit être activé."
        if duplicates != 1 and self._state.has_contact(owner, gsm_primary, except_id=except_id):
            raise ApiError(409, "Le contact existe, le paramètre duplicates doit être activé.")

    def _create_contact(self, call: _Call) -> SandboxResponse:
        datas = wire.datas(call.request)
        values = rules.contact_values(datas)
        extra = rules.contact_extra(datas, [known.name for known in self._state.fields])
        gsm_primary = values["gsm_primary"] or ""
        self._check_duplicate(call.account.username, gsm_primary, rules.flag(datas, "duplicates"), except_id=None)
        contact = self._state.add_contact(call.account.username, values, extra)
        return SandboxResponse.json({"contact": wire.contact_created_json(contact)}, status=201)

    def _edit_contact(self, call: _Call) -> SandboxResponse:
        contact = self._contact_of(call)
        datas = wire.datas(call.request)
        values = rules.contact_values(datas)
        extra = rules.contact_extra(datas, [known.name for known in self._state.fields])
        gsm_primary = values["gsm_primary"] or ""
        self._check_duplicate(call.account.username, gsm_primary, rules.flag(datas, "duplicates"), except_id=contact.id)
        # Fields left out of the body keep their value.
        contact.values.update({name: value for name, value in values.items() if value is not None})
        contact.extra.update(extra)
        return SandboxResponse.empty(204)

    def _get_contact(self, call: _Call) -> SandboxResponse:
        return SandboxResponse.json({"contact": wire.contact_json(self._contact_of(call))})

    def _delete_contact(self, call: _Call) -> SandboxResponse:
        del self._state.contacts[self._contact_of(call).id]
        return SandboxResponse.empty(204)

    def _list_contacts(self, call: _Call) -> SandboxResponse:
        contacts = self._state.contacts_of(call.account.username)
        return SandboxResponse.json({"contact": [wire.contact_json(c) for c in contacts]})

    def _list_user_contacts(self, call: _Call) -> SandboxResponse:
        login = rules.login_param(call.params[0])
        self._require_manager(call.account)  # §3.10 "Manager uniquement"
        user = self._state.accounts.get(login)
        if user is None or (user.manager != call.account.username and user is not call.account):
            raise ApiError(404, f"Utilisateur {login} introuvable.")
        return SandboxResponse.json({"contact": [wire.contact_json(c) for c in self._state.contacts_of(login)]})

    # -- M11–M16: pushes (pushes.py) ------------------------------------------------------------
    def _sms_push_for(self, call: _Call, route: pushes.Route) -> Push:
        params = pushes.sms_params(wire.datas(call.request), route, self.clock.now(), self._state.messages)
        numbers = pushes.sms_recipients(self._state, call.account, params, route)
        return pushes.create_sms_push(self._state, call.account, params, numbers, route, self.clock.now())

    def _mail_push_for(self, call: _Call, route: pushes.Route) -> Push:
        params = pushes.mail_params(wire.datas(call.request), route, self.clock.now(), self._state.messages)
        emails = pushes.mail_recipients(self._state, call.account, params, route)
        return pushes.create_mail_push(self._state, call.account, params, emails, route, self.clock.now())

    def _push_sms(self, call: _Call, route: pushes.Route) -> SandboxResponse:
        push = self._sms_push_for(call, route)
        return SandboxResponse.json({"push": wire.sms_push_created_json(push, route)}, status=201)

    def _push_mail(self, call: _Call, route: pushes.Route) -> SandboxResponse:
        push = self._mail_push_for(call, route)
        return SandboxResponse.json({"push": wire.mail_push_created_json(push, route, self.clock.now())}, status=201)

    # -- M17–M23: push follow-up ------------------------------------------------------------------
    def _push_of(self, call: _Call, family: Literal["sms", "mail"]) -> Push:
        reference = rules.reference_param(call.params[0])
        push = self._state.pushes.get(reference)
        if push is None or push.family != family or push.owner != call.account.username:
            raise ApiError(404, f"Campagne {reference} introuvable.")
        return push

    def _cancel(self, call: _Call, family: Literal["sms", "mail"]) -> SandboxResponse:
        pushes.cancel(self._state, self._push_of(call, family), self.clock.now())
        return SandboxResponse.empty(204)

    def _get_push(self, call: _Call, family: Literal["sms", "mail"]) -> SandboxResponse:
        push = self._push_of(call, family)
        return SandboxResponse.json({"push": wire.push_info_json(push, push.status(self.clock.now()))})

    def _deliveries(self, call: _Call, family: Literal["sms", "mail"]) -> SandboxResponse:
        rows = wire.delivery_rows(self._push_of(call, family), self.clock.now())
        return SandboxResponse.json({"deliveries": rows})

    def _sms_mos(self, call: _Call) -> SandboxResponse:
        push = self._push_of(call, "sms")
        now = self.clock.now()
        return SandboxResponse.json({"mos": [mo for mo in push.mos if mo["date_receive"] <= paris_text(now)]})

    # -- M24, M25 -------------------------------------------------------------------------------
    def _list_fields(self, call: _Call) -> SandboxResponse:
        fields = [{"id": f.id, "name": f.name, "label": f.label} for f in self._state.fields]
        return SandboxResponse.json({"fields": fields})

    def _list_predefined_messages(self, call: _Call) -> SandboxResponse:
        messages = [{"id": m.id, "title": m.title, "message": m.message} for m in self._state.messages]
        return SandboxResponse.json({"predefined_messages": messages})

    # -- test hooks -----------------------------------------------------------------------------
    def _account(self, username: str | None) -> Account:
        return self._state.accounts[username or self.credentials["CLEVER_USERNAME"]]

    def reset(self) -> None:
        """Back to the seed data (relative to the current clock), no faults, empty journal; the server keeps running."""
        with self.lock:
            self._state = seeded_state(self.clock.now())
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
            push = self._state.pushes[reference]
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
            self._state.failure_ratio = ratio

    def push(self, reference: str) -> dict[str, Any]:
        """The stored push ``reference`` (all parameters, recipients, unit, current status) for assertions."""
        with self.lock:
            return self._state.pushes[reference].snapshot(self.clock.now())

    def pushes(self, username: str | None = None) -> list[str]:
        """References of the pushes of the sandbox account (or of ``username``), oldest first."""
        with self.lock:
            owner = self._account(username).username
            ordered = sorted(self._state.pushes.values(), key=lambda p: p.id)
            return [p.reference for p in ordered if p.owner == owner]

    def deliveries(self, reference: str) -> list[dict[str, str]]:
        """The deliveries of push ``reference`` as M21/M22 would answer them now."""
        with self.lock:
            return wire.delivery_rows(self._state.pushes[reference], self.clock.now())

    def seconds_to_complete(self, reference: str) -> float:
        """Clock seconds until every delivery of push ``reference`` is final (0 when it is)."""
        with self.lock:
            push = self._state.pushes[reference]
            end = push.send_at + timedelta(seconds=push.plan.last_offset)
            return max(0.0, (end - self.clock.now()).total_seconds())

    def contacts(self, username: str | None = None) -> list[dict[str, Any]]:
        """The stored contacts of the sandbox account (or of ``username``): every field, E.164 numbers, extras."""
        with self.lock:
            owner = self._account(username).username
            return [{"id": c.id, **c.values, "extra": dict(c.extra)} for c in self._state.contacts_of(owner)]

    def add_contact(
        self, name: str, lastname: str, gsm_primary: str, *, username: str | None = None, **others: str
    ) -> int:
        """Store a contact directly (``others``: contact fields in snake_case or additional fields); returns its id."""
        with self.lock:
            return self._state.store_contact(self._account(username).username, name, lastname, gsm_primary, others)

    def users(self) -> list[dict[str, Any]]:
        """Every account: username, id, manager, credit, date_expiration (never the password)."""
        with self.lock:
            return [
                {**self._state.user_snapshot(a), "date_expiration": paris_text(self._state.expiration(a))}
                for a in self._state.accounts.values()
            ]

    def inject_server_error(self, count: int = 1, path_prefix: str = "") -> None:
        """The next ``count`` requests (under ``path_prefix``) get the documented 500."""
        body = SandboxResponse.json({"code": 500, "message": ApiError(500).message}).body
        self.inject_fault(500, count, body=body, path_prefix=path_prefix, content_type="application/json")
