"""Cliqphone client (C1–C8): login for a token (§II), then the ``token`` header on every call.

Every application answer is HTTP 200: a failure is ``{"state":"ko","codeErreur",…}``, a
listing a bare JSON array, a C6/C7 success ``{"state":"ok","codeErreur":"0300"}``
(decisions.md "Cliqphone"). Reads go through ``VendorHTTP.read`` (retries), C6 and C7
through ``write`` (sent once). Listing filters travel as ``metadata[<name>]`` form fields
as the curl examples write them; C6/C7 send the JSON object their examples show.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from bot.vendors.cliqphone.errors import (
    ACCOUNT_CODES,
    DISPLAY,
    TOKEN_CODES,
    VENDOR,
    CliqphoneError,
    Operation,
    error_from_body,
    error_from_status,
    normalise_code,
)
from bot.vendors.cliqphone.models import (
    LoginAnswer,
    Media,
    MediaFilters,
    Number,
    NumberFilters,
    NumberSettings,
    Zone,
)
from bot.vendors.cliqphone.token import TokenKeeper
from bot.vendors.http import VendorHTTP

__all__ = ["CliqphoneClient"]

log = logging.getLogger(__name__)
R = TypeVar("R", bound=BaseModel)

_PATHS = {
    Operation.AUTH: "/api/auto",
    Operation.ZONES: "/api/getallzone",
    Operation.ZONE: "/api/getallbyzone",
    Operation.AVAILABLE: "/numeroapi/getlistnumerodispobyzone",
    Operation.NUMBERS: "/numeroapi/getlistnumerodispo",
    Operation.ADD: "/numeroapi/addNumero",
    Operation.EDIT: "/numeroapi/editnumero/{id}",
    Operation.MEDIA: "/mediapi/getlistmedia",
}


class CliqphoneClient:
    def __init__(
        self,
        base_url: str,
        login: str,
        password: str,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 15.0,
        sleep: Callable[[float], None] = time.sleep,
        on_account_problem: Callable[[CliqphoneError], None] | None = None,
    ) -> None:
        """``on_account_problem`` hears of each login refused for the account or the credentials
        (0001 / 0002): what only an admin can cure, whoever's request met it (the error carries
        the plain sentence and the vendor's code, never the password)."""
        self._http = VendorHTTP(VENDOR, DISPLAY, base_url, transport=transport, timeout=timeout, sleep=sleep)
        self._login = login
        self._password = password
        self.on_account_problem = on_account_problem
        self.tokens = TokenKeeper(self._log_in)

    def __repr__(self) -> str:
        return f"CliqphoneClient({self._http.base_url!r}, login={self._login!r})"

    def close(self) -> None:
        self._http.close()

    # -- C1 ---------------------------------------------------------------------------------------
    def _log_in(self) -> LoginAnswer:
        """C1 ``POST /api/auto`` with the §II curl's form fields ``login`` and ``pwd``."""
        response = self._http.read("POST", _PATHS[Operation.AUTH], data={"login": self._login, "pwd": self._password})
        body = _json(response, Operation.AUTH)
        if not isinstance(body, dict) or str(body.get("state", "")).lower() != "ok" or not body.get("token"):
            error = error_from_body(body if isinstance(body, dict) else {}, operation=Operation.AUTH)
            if error.code in ACCOUNT_CODES:
                self._tell_account_problem(error)
            raise error
        return LoginAnswer.model_validate(body)

    def _tell_account_problem(self, error: CliqphoneError) -> None:
        if self.on_account_problem is None:
            return
        try:
            self.on_account_problem(error)
        except Exception:  # the user's own answer (the error) matters more than the alert
            log.exception("cliqphone: the account-problem alert failed")

    def authenticate(self) -> str:
        """A fresh login (C1); the token it returns is kept for the next calls."""
        answer = self._log_in()
        self.tokens.accept(answer)
        return answer.token

    def probe(self) -> str:
        """For /relais status: a fresh login, so an inactive account (0001) or bad credentials (0002) show at once."""
        answer = self._log_in()
        self.tokens.accept(answer)
        return f"login accepted (session valid until {answer.token_expiry or 'in 24 h'}, Paris time)"

    # -- C2–C5, C8: reads ---------------------------------------------------------------------------
    def zones(self) -> list[Zone]:
        """C2 ``GET /api/getallzone`` (its curl sends no data)."""
        return _readable(Zone, self._rows(Operation.ZONES, "GET"))

    def zone(self, code: str) -> list[Zone]:
        """C3 ``POST /api/getallbyzone`` with ``metadata[code]``."""
        return _readable(Zone, self._rows(Operation.ZONE, "POST", {"code": code}))

    def available(self, code: str | None = None, numero: str | None = None) -> list[Number]:
        """C4 free numbers of a zone; ``numero`` (4–15 digits) narrows to numbers containing it."""
        return _readable(Number, self._rows(Operation.AVAILABLE, "POST", {"code": code, "numero": numero}))

    def numbers(self, filters: NumberFilters | None = None) -> list[Number]:
        """C5 the company's numbers, filtered by code / etat / type / numero / compagne / porteur."""
        fields = (filters or NumberFilters()).model_dump(exclude_none=True)
        return _readable(Number, self._rows(Operation.NUMBERS, "POST", fields))

    def number(self, number_id: int) -> Number | None:
        """The company's number ``number_id`` (C5 has no id filter: the full listing is searched)."""
        return next((n for n in self.numbers() if n.id == number_id), None)

    def media(self, filters: MediaFilters | None = None) -> list[Media]:
        """C8 the company's media, filtered by etat / type / nom."""
        fields = (filters or MediaFilters()).model_dump(exclude_none=True)
        return _readable(Media, self._rows(Operation.MEDIA, "POST", fields))

    # -- C6, C7: writes -----------------------------------------------------------------------------
    def add_number(self, settings: NumberSettings) -> None:
        """C6 ``POST /numeroapi/addNumero``; success is code 0300 with no id (find it with C5)."""
        self._call(Operation.ADD, "POST", _PATHS[Operation.ADD], json=settings.wire(), write=True)

    def edit_number(self, number_id: int, settings: NumberSettings) -> None:
        """C7 ``POST /numeroapi/editnumero/{id}``: only the fields set in ``settings`` change."""
        path = _PATHS[Operation.EDIT].format(id=number_id)
        self._call(Operation.EDIT, "POST", path, json=settings.wire(), write=True)

    # -- plumbing -----------------------------------------------------------------------------------
    def _rows(self, operation: Operation, method: str, fields: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        data = _metadata(fields or {})
        body = self._call(operation, method, _PATHS[operation], data=data or None)
        if isinstance(body, list):
            return [row for row in body if isinstance(row, dict)]
        if isinstance(body, dict) and isinstance(body.get("data"), list):
            return [row for row in body["data"] if isinstance(row, dict)]
        return []  # {"state":"ok"} with no rows: nothing matched

    def _call(self, operation: Operation, method: str, path: str, *, write: bool = False, **kwargs: Any) -> Any:
        """One authenticated call; after a token refusal (0003/0004): one new login, the call once more.

        Repeating a write is safe here: the token is checked before the operation does
        anything (§II "le système va vérifier l'authentification", §4 iii. lists 0003 with
        the operation's own checks), so a 0003/0004 answer means nothing was done.
        """
        send = self._http.write if write else self._http.read
        for attempt in (1, 2):
            token = self.tokens.get()
            response = send(method, path, headers={"token": token}, **kwargs)
            body = _json(response, operation)
            if not _refused(body):
                return body
            code = normalise_code(body.get("codeErreur"))
            if code in TOKEN_CODES and attempt == 1:
                self.tokens.refused(token)
                continue
            raise error_from_body(body, operation=operation)
        raise AssertionError("unreachable")  # pragma: no cover


def _metadata(fields: dict[str, Any]) -> dict[str, str]:
    """Form fields as the curl examples write them: ``metadata[code]=fr_01``; blanks left out."""
    data = {}
    for name, value in fields.items():
        if value is None or value == "":
            continue
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        data[f"metadata[{name}]"] = text
    return data


def _json(response: httpx.Response, operation: Operation) -> Any:
    if response.status_code != 200:
        raise error_from_status(response, operation)
    try:
        return response.json()
    except ValueError:
        raise CliqphoneError(
            VENDOR, f"{DISPLAY} answered something that is not JSON", status=200, message=response.text[:200]
        ) from None


def _refused(body: Any) -> bool:
    """``state: ko``, or a code outside the success range (xx00, §III 'les erreurs')."""
    if not isinstance(body, dict):
        return False
    if str(body.get("state", "")).lower() == "ko":
        return True
    code = normalise_code(body.get("codeErreur"))
    return bool(code) and not code.endswith("00")


def _readable(model: type[R], rows: list[Any]) -> list[R]:
    """The rows that read as ``model``: one malformed row (a null id) must not hide the others."""
    found = []
    for row in rows:
        try:
            found.append(model.model_validate(row))
        except ValidationError as exc:
            log.warning("cliqphone: a %s row was left out, unreadable: %s", model.__name__, exc.errors()[0]["msg"])
    return found
