"""Clever Multimedias client: REST + HTTP Basic, JSON bodies wrapped in ``{"datas": …}`` (§2.3).

Every operation M1–M25 of the document, with the URL-line paths (docs/decisions.md,
"Paths"). Reads go through ``VendorHTTP.read`` (retried with backoff), writes through
``VendorHTTP.write`` (sent once: a push is never created twice by a retry).

Outcomes (docs/decisions.md, "Write outcomes"): a write is done on a 2xx (§2.3 lists 201, 202
and 204) whose body carries the item, or whose body is empty ("Sinon une réponse sans
contenu"); any other 2xx body (HTML, ``"KO"``, ``false``, an object without the item, an
error-shaped object) is in no documented form, so its outcome is unknown and it is kept
verbatim; 4xx is a refusal, 5xx other than 503 unknown. A read answers 200 with
the JSON of the resource(s); any other body is an error, never data.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar, Unpack
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError

from bot.vendors.clever.errors import DISPLAY, VENDOR, CleverError, error_from_response
from bot.vendors.clever.models import (
    Account,
    Acknowledgement,
    Company,
    Contact,
    ContactInput,
    MailPushRequest,
    Mo,
    PredefinedMessage,
    Push,
    SmsPushRequest,
    User,
    UserInput,
    VendorField,
)
from bot.vendors.errors import unrecognised_answer, verbatim
from bot.vendors.http import Connection, HTTPVendorClient, VendorHTTP, decoded

__all__ = ["CleverClient", "Family"]

M = TypeVar("M", bound=BaseModel)

log = logging.getLogger(__name__)

#: Push creation paths per family and audience (§3.11–§3.16, URL lines).
SMS_PATHS = {"list": "/api/pushs", "criteria": "/api/pushscriterias", "broadcast": "/api/pushsbroadcasts"}
MAIL_PATHS = {"list": "/api/pushsmails", "criteria": "/api/pushsmailcriterias", "broadcast": "/api/pushsmailbroadcasts"}
Family = str  # "sms" | "mail"

#: Paths the document spells two ways (URL line / screenshot, decisions "Paths"): a 404 under one
#: name (nothing was done) is tried once under the other.
_OTHER_NAMES = (
    ("/api/pushsmailcriterias", "/api/pushmailcriteria"),
    ("/api/pushsmailbroadcasts", "/api/pushmailbroadcasts"),
    ("/api/pushsmails", "/api/pushmails"),
    ("/api/account/me", "/api/accounts/me"),
)
#: Keys of a 2xx JSON body that say something went wrong although the status says it went right.
_ERROR_KEYS = ("error", "errors")


class CleverClient(HTTPVendorClient):
    def __init__(
        self,
        base_url: str,
        username: str,
        password: str,
        **connection: Unpack[Connection],
    ) -> None:
        self._http = VendorHTTP(
            VENDOR,
            DISPLAY,
            base_url,
            auth=httpx.BasicAuth(username, password),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            **connection,
        )

        #: {the two names of a path} → the one that last answered where the other gave 404.
        self._answering: dict[frozenset[str], str] = {}

    # -- plumbing -----------------------------------------------------------------------------
    def _read_json(self, path: str) -> Any:
        response = self._with_other_name(self._http.read, "GET", path)
        if response.status_code != 200:
            raise error_from_response(response)
        return _json(response, written=False)

    def _write(self, method: str, path: str, datas: dict[str, Any] | None = None) -> Any:
        """Send once; the JSON body of a 2xx answer, or None when the vendor gave none (202 / 204)."""
        kwargs: dict[str, Any] = {"json": {"datas": datas}} if datas is not None else {}
        response = self._with_other_name(self._http.write, method, path, **kwargs)
        if not 200 <= response.status_code < 300:
            raise error_from_response(response, written=True)
        # Past this point the vendor said it acted: an empty body is a documented success (202, 204).
        if not response.content.strip():
            return None
        return _json(response, written=True)

    def _acknowledged(self, method: str, path: str, datas: dict[str, Any] | None = None) -> None:
        """A write whose documented answer carries nothing (PUT 204 / 202, DELETE 204): done on a 2xx whose
        body is empty or JSON that is no error; an error said under 2xx is in no documented form (unknown)."""
        body = self._write(method, path, datas)
        if _says_error(body):
            raise _unreadable("answer", body, written=True)

    def _with_other_name(
        self, send: Callable[..., httpx.Response], method: str, path: str, **kwargs: Any
    ) -> httpx.Response:
        """Send under the path's name; after a 404 (nothing was done), once under the document's other name.

        The name that answered is tried first from then on (one wasted request per name, not per call).
        """
        spelled = _spellings(path)
        if spelled is None:
            return send(method, path, **kwargs)
        this, that, rest = spelled
        pair = frozenset((this, that))
        first = self._answering.get(pair, this)
        second = that if first == this else this
        response = send(method, first + rest, **kwargs)
        if response.status_code == 404:
            response = send(method, second + rest, **kwargs)
            if response.status_code != 404:
                self._answering[pair] = second
        return response

    @staticmethod
    def _model(model: type[M], body: Any, key: str) -> M:
        """The one item of a read (``{"<key>": {...}}``, or a one-item list, as some screenshots show)."""
        item = _unwrap(body, key)
        if isinstance(item, list) and len(item) == 1:
            item = item[0]
        if not isinstance(item, dict):
            raise _unreadable(key, body, written=False)
        try:
            return model.model_validate(item)
        except ValidationError as exc:
            raise _unreadable(key, body, written=False, why=exc) from None

    @staticmethod
    def _created(model: type[M], body: Any, key: str) -> M | None:
        """The item a done write answered, or None when the body was empty (202 / 204: done all the same).

        Any other body is in no documented form, so the outcome is unknown (kept verbatim): JSON that
        is not an object, an object without the item (``{"code": 403, "message": "Forbidden"}``, the
        error shape of §2.3), an ``error`` beside or instead of it, several items where one is due.
        The item itself is read leniently: a field Relais cannot read (``"status": "en cours"``)
        is dropped, never the reference or id it carries.
        """
        if body is None:
            return None
        item = _unwrap(body, key) if isinstance(body, dict) else None
        if isinstance(item, list) and len(item) == 1:
            item = item[0]
        if not isinstance(item, dict) or _says_error(body):
            raise _unreadable(key, body, written=True)
        read = _lenient(model, item)
        if read is None:
            raise _unreadable(key, body, written=True)
        return read

    @staticmethod
    def _models(model: type[M], body: Any, key: str) -> list[M]:
        """A listing: ``{"<key>": [...]}``, a bare ``[...]`` or one object; anything else is an error, not data.

        One row that cannot be read is skipped and logged so that the others go on; a listing none of
        whose rows can be read is an error.
        """
        items = _unwrap(body, key)
        if isinstance(items, dict):
            items = [items]
        elif items is None and isinstance(body, dict) and (key in body or _camel(key) in body):
            items = []  # {"<key>": null}: an empty listing
        if not isinstance(items, list):
            raise _unreadable(key, body, written=False)
        rows: list[M] = []
        for index, item in enumerate(items):
            try:
                rows.append(model.model_validate(item))
            except ValidationError as exc:
                log.warning("Clever %s row %d skipped, unreadable: %s", key, index + 1, verbatim(json.dumps(item)))
                last = exc
        if items and not rows:
            raise _unreadable(key, body, written=False, why=last)
        return rows

    # -- M1: account --------------------------------------------------------------------------
    def account(self) -> Account:
        """M1: profile and credit (§3.1); ``company`` in ``account`` (typed example) or beside it (screenshot)."""
        body = self._read_json("/api/account/me")
        account = self._model(Account, body, "account")
        beside = body.get("company") if isinstance(body, dict) else None
        if account.company is None and isinstance(beside, dict):
            account.company = Company.model_validate(beside)
        return account

    def probe(self) -> str:
        """A cheap authenticated read for /relais status; returns a short description."""
        account = self.account()
        return f"{account.credit:,} units of credit"

    # -- M2–M4: users (manager accounts) ------------------------------------------------------
    def create_user(self, user: UserInput) -> User | None:
        """M2 ``POST /api/users`` → 201 (§3.2); None when the vendor accepted it without the user (202)."""
        return self._created(User, self._write("POST", "/api/users", user.wire()), "user")

    def edit_user(self, user_id: int, user: UserInput) -> None:
        """M3 ``PUT /api/users/{id}`` → 204 (§3.3)."""
        self._acknowledged("PUT", f"/api/users/{user_id}", user.wire())

    def user(self, user_id: int) -> User:
        """M4 ``GET /api/users/{id}`` (§3.4)."""
        return self._model(User, self._read_json(f"/api/users/{user_id}"), "user")

    # -- M5–M10: contacts ---------------------------------------------------------------------
    def create_contact(self, contact: ContactInput) -> Contact | None:
        """M5 ``POST /api/contacts`` → 201 with the new id (§3.5); None when accepted without it (202)."""
        return self._created(Contact, self._write("POST", "/api/contacts", contact.wire()), "contact")

    def edit_contact(self, contact_id: int, contact: ContactInput) -> None:
        """M6 ``PUT /api/contacts/{id}`` → 204 (§3.6)."""
        self._acknowledged("PUT", f"/api/contacts/{contact_id}", contact.wire())

    def contact(self, contact_id: int) -> Contact:
        """M7 ``GET /api/contacts/{id}`` (§3.7)."""
        return self._model(Contact, self._read_json(f"/api/contacts/{contact_id}"), "contact")

    def delete_contact(self, contact_id: int) -> None:
        """M8 ``DELETE /api/contacts/{id}`` → 204 (§3.8)."""
        self._acknowledged("DELETE", f"/api/contacts/{contact_id}")

    def contacts(self) -> list[Contact]:
        """M9 ``GET /api/contactlists`` (§3.9)."""
        return self._models(Contact, self._read_json("/api/contactlists"), "contact")

    def user_contacts(self, login: str) -> list[Contact]:
        """M10 ``GET /api/contactlists/{login}`` (§3.10, manager only)."""
        return self._models(Contact, self._read_json(f"/api/contactlists/{quote(login, safe='')}"), "contact")

    # -- M11–M16: pushes ----------------------------------------------------------------------
    def push_sms(self, request: SmsPushRequest, audience: str = "list") -> Push | None:
        """M11 (list), M13 (criteria), M15 (broadcast): SMS, TTS or voice → 201 (§3.11, §3.13, §3.15).

        None: the vendor accepted the push without giving it back (202 "Accepted", no body).
        """
        return self._created(Push, self._write("POST", SMS_PATHS[audience], request.wire()), "push")

    def push_mail(self, request: MailPushRequest, audience: str = "list") -> Push | None:
        """M12 (list), M14 (criteria), M16 (broadcast) → 201 (§3.12, §3.14, §3.16); None as for push_sms."""
        return self._created(Push, self._write("POST", MAIL_PATHS[audience], request.wire()), "push")

    # -- M17–M23: a push's life ---------------------------------------------------------------
    def cancel_push(self, family: Family, reference: str) -> None:
        """M17 / M18 ``DELETE /api/pushs|pushsmails/{ref}`` → 204, only while scheduled (§3.17, §3.18)."""
        self._acknowledged("DELETE", f"{_family_path(family)}/{quote(reference, safe='')}")

    def push(self, family: Family, reference: str) -> Push:
        """M19 / M20: a push's information and status (§3.19, §3.20)."""
        body = self._read_json(f"{_family_path(family)}/{quote(reference, safe='')}")
        return self._model(Push, body, "push")

    def deliveries(self, family: Family, reference: str) -> list[Acknowledgement]:
        """M21 ``/api/pushs/{ref}/deliveries``, M22 ``/api/pushmails/{ref}/deliveries`` (§3.21, §3.22 URL lines)."""
        prefix = "/api/pushs" if family == "sms" else "/api/pushmails"
        body = self._read_json(f"{prefix}/{quote(reference, safe='')}/deliveries")
        return self._models(Acknowledgement, body, "deliveries")

    def mos(self, reference: str) -> list[Mo]:
        """M23 ``GET /api/pushs/{ref}/mos``: replies to an SMS push (§3.23)."""
        return self._models(Mo, self._read_json(f"/api/pushs/{quote(reference, safe='')}/mos"), "mos")

    # -- M24, M25 -----------------------------------------------------------------------------
    def fields(self) -> list[VendorField]:
        """M24 ``GET /api/fieldlist``: the account's additional contact fields (§3.24)."""
        return self._models(VendorField, self._read_json("/api/fieldlist"), "fields")

    def predefined_messages(self) -> list[PredefinedMessage]:
        """M25 ``GET /api/predefinedmessage`` (§3.25)."""
        return self._models(PredefinedMessage, self._read_json("/api/predefinedmessage"), "predefined_messages")


def _lenient(model: type[M], item: dict[str, Any]) -> M | None:
    """``item`` as ``model``, leaving out each field that fails validation; None if even that fails."""
    try:
        return model.model_validate(item)
    except ValidationError as exc:
        failing = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
    log.warning("Clever answer fields left unread: %s", ", ".join(sorted(failing)))
    kept = {name: value for name, value in item.items() if name not in failing}
    try:
        return model.model_validate(kept)
    except ValidationError:
        return None


def _family_path(family: Family) -> str:
    return "/api/pushs" if family == "sms" else "/api/pushsmails"


def _spellings(path: str) -> tuple[str, str, str] | None:
    """(the name ``path`` uses, the document's other name of it, the rest of the path), if it has two."""
    for first, second in _OTHER_NAMES:
        for this, that in ((first, second), (second, first)):
            if path == this or path.startswith(this + "/"):
                return this, that, path[len(this) :]
    return None


def _unwrap(body: Any, key: str) -> Any:
    """``{"<key>": …}`` → …; a bare list stays as it is (§2.3: GET answers "le JSON de la ou des ressource(s)")."""
    if isinstance(body, dict):
        return body.get(key, body.get(_camel(key)))
    return body if isinstance(body, list) else None


def _camel(name: str) -> str:
    """``predefined_messages`` → ``predefinedMessages``: the wrapper as a camelCase answer spells it."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _json(response: httpx.Response, *, written: bool) -> Any:
    """The body as JSON, decoded by its charset (UTF-8 by default, Windows-1252 as the fallback)."""
    text = decoded(response)
    try:
        return json.loads(text)
    except ValueError:
        raise unrecognised_answer(CleverError, VENDOR, DISPLAY, response.status_code, text, written=written) from None


def _says_error(body: Any) -> bool:
    """A 2xx JSON body that says something went wrong: ``error`` / ``errors``, or §2.3's error shape
    (``{"code": 4xx or 5xx, "message": …}``); ``"KO"`` and ``false`` are no acknowledgement either."""
    if isinstance(body, dict):
        code = body.get("code")
        error_code = isinstance(code, int | str) and str(code).isdigit() and int(code) >= 400
        return any(name in body for name in _ERROR_KEYS) or (error_code and "message" in body)
    return body is not None and not isinstance(body, list | dict) and str(body).strip().upper() in {"KO", "FALSE"}


def _unreadable(key: str, body: Any, *, written: bool, why: ValidationError | None = None) -> CleverError:
    """A JSON answer that is not the documented ``key``: kept verbatim (unknown after a write, error after a read)."""
    shown = json.dumps(body, ensure_ascii=False)
    error = unrecognised_answer(CleverError, VENDOR, DISPLAY, 200, shown, written=written)
    if why is not None:
        first = why.errors()[0]
        where = ".".join(str(part) for part in first.get("loc") or ()) or "row"
        error.message = f"{error.message} ({where}: {first.get('msg', '')})"
    return error
