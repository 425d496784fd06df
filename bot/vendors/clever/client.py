"""Clever Multimedias client: REST + HTTP Basic, JSON bodies wrapped in ``{"datas": …}`` (§2.3).

Every operation M1–M25 of the document, with the URL-line paths (docs/decisions.md,
"Paths"). Reads go through ``VendorHTTP.read`` (retried with backoff), writes through
``VendorHTTP.write`` (sent once: a push is never created twice by a retry). Any status
other than the operation's success status is a ``CleverError``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError

from bot.vendors.clever.errors import DISPLAY, VENDOR, CleverError, error_from_response
from bot.vendors.clever.models import (
    Account,
    Acknowledgement,
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
from bot.vendors.errors import Delivery
from bot.vendors.http import VendorHTTP

__all__ = ["CleverClient", "Family"]

M = TypeVar("M", bound=BaseModel)

#: Push creation paths per family and audience (§3.11–§3.16, URL lines).
SMS_PATHS = {"list": "/api/pushs", "criteria": "/api/pushscriterias", "broadcast": "/api/pushsbroadcasts"}
MAIL_PATHS = {"list": "/api/pushsmails", "criteria": "/api/pushsmailcriterias", "broadcast": "/api/pushsmailbroadcasts"}
Family = str  # "sms" | "mail"


class CleverClient:
    def __init__(
        self,
        base_url: str,
        username: str,
        password: str,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 15.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._http = VendorHTTP(
            VENDOR,
            DISPLAY,
            base_url,
            transport=transport,
            timeout=timeout,
            auth=httpx.BasicAuth(username, password),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            sleep=sleep,
        )

    def close(self) -> None:
        self._http.close()

    # -- plumbing -----------------------------------------------------------------------------
    def _read_json(self, path: str) -> Any:
        response = self._http.read("GET", path)
        if response.status_code != 200:
            raise error_from_response(response)
        return _json(response)

    def _write(self, method: str, path: str, expected: int, datas: dict[str, Any] | None = None) -> Any:
        kwargs: dict[str, Any] = {"json": {"datas": datas}} if datas is not None else {}
        response = self._http.write(method, path, **kwargs)
        if response.status_code != expected:
            raise error_from_response(response)
        # Past this point the vendor has acted: an unreadable answer is an unknown outcome, not a failure.
        return _json(response, written=True) if response.content else None

    @staticmethod
    def _model(model: type[M], body: Any, key: str, *, written: bool = False) -> M:
        item = body.get(key) if isinstance(body, dict) else None
        if isinstance(item, list):  # a one-item list, as some screenshots show
            item = item[0] if item else None
        try:
            return model.model_validate(item or {})
        except ValidationError as exc:
            raise _unreadable(key, exc, written=written) from None

    @staticmethod
    def _models(model: type[M], body: Any, key: str) -> list[M]:
        items = body.get(key) if isinstance(body, dict) else None
        if isinstance(items, dict):
            items = [items]
        try:
            return [model.model_validate(item) for item in items or []]
        except ValidationError as exc:
            raise _unreadable(key, exc, written=False) from None

    # -- M1: account --------------------------------------------------------------------------
    def account(self) -> Account:
        """M1: profile and credit (§3.1)."""
        return self._model(Account, self._read_json("/api/account/me"), "account")

    def probe(self) -> str:
        """A cheap authenticated read for /relais status; returns a short description."""
        account = self.account()
        return f"{account.credit:,} units of credit"

    # -- M2–M4: users (manager accounts) ------------------------------------------------------
    def create_user(self, user: UserInput) -> User:
        """M2 ``POST /api/users`` → 201 (§3.2)."""
        return self._model(User, self._write("POST", "/api/users", 201, user.wire()), "user", written=True)

    def edit_user(self, user_id: int, user: UserInput) -> None:
        """M3 ``PUT /api/users/{id}`` → 204 (§3.3)."""
        self._write("PUT", f"/api/users/{user_id}", 204, user.wire())

    def user(self, user_id: int) -> User:
        """M4 ``GET /api/users/{id}`` (§3.4)."""
        return self._model(User, self._read_json(f"/api/users/{user_id}"), "user")

    # -- M5–M10: contacts ---------------------------------------------------------------------
    def create_contact(self, contact: ContactInput) -> Contact:
        """M5 ``POST /api/contacts`` → 201 with the new id (§3.5)."""
        return self._model(Contact, self._write("POST", "/api/contacts", 201, contact.wire()), "contact", written=True)

    def edit_contact(self, contact_id: int, contact: ContactInput) -> None:
        """M6 ``PUT /api/contacts/{id}`` → 204 (§3.6)."""
        self._write("PUT", f"/api/contacts/{contact_id}", 204, contact.wire())

    def contact(self, contact_id: int) -> Contact:
        """M7 ``GET /api/contacts/{id}`` (§3.7)."""
        return self._model(Contact, self._read_json(f"/api/contacts/{contact_id}"), "contact")

    def delete_contact(self, contact_id: int) -> None:
        """M8 ``DELETE /api/contacts/{id}`` → 204 (§3.8)."""
        self._write("DELETE", f"/api/contacts/{contact_id}", 204)

    def contacts(self) -> list[Contact]:
        """M9 ``GET /api/contactlists`` (§3.9)."""
        return self._models(Contact, self._read_json("/api/contactlists"), "contact")

    def user_contacts(self, login: str) -> list[Contact]:
        """M10 ``GET /api/contactlists/{login}`` (§3.10, manager only)."""
        return self._models(Contact, self._read_json(f"/api/contactlists/{quote(login, safe='')}"), "contact")

    # -- M11–M16: pushes ----------------------------------------------------------------------
    def push_sms(self, request: SmsPushRequest, audience: str = "list") -> Push:
        """M11 (list), M13 (criteria), M15 (broadcast): SMS, TTS or voice → 201 (§3.11, §3.13, §3.15)."""
        return self._model(Push, self._write("POST", SMS_PATHS[audience], 201, request.wire()), "push", written=True)

    def push_mail(self, request: MailPushRequest, audience: str = "list") -> Push:
        """M12 (list), M14 (criteria), M16 (broadcast) → 201 (§3.12, §3.14, §3.16)."""
        return self._model(Push, self._write("POST", MAIL_PATHS[audience], 201, request.wire()), "push", written=True)

    # -- M17–M23: a push's life ---------------------------------------------------------------
    def cancel_push(self, family: Family, reference: str) -> None:
        """M17 / M18 ``DELETE /api/pushs|pushsmails/{ref}`` → 204, only while scheduled (§3.17, §3.18)."""
        self._write("DELETE", f"{_family_path(family)}/{quote(reference, safe='')}", 204)

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


def _family_path(family: Family) -> str:
    return "/api/pushs" if family == "sms" else "/api/pushsmails"


def _json(response: httpx.Response, *, written: bool = False) -> Any:
    try:
        return response.json()
    except ValueError:
        raise CleverError(
            VENDOR,
            "Clever Multimedias answered something that is not JSON",
            status=response.status_code,
            delivery=Delivery.UNKNOWN if written else Delivery.NOT_SENT,
        ) from None


def _unreadable(key: str, exc: ValidationError, *, written: bool) -> CleverError:
    return CleverError(
        VENDOR,
        f"Clever Multimedias answered a `{key}` Relais cannot read",
        status=200,
        message=str(exc.errors()[0].get("msg", ""))[:200],
        delivery=Delivery.UNKNOWN if written else Delivery.NOT_SENT,
    )
