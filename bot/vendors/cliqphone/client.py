"""Cliqphone client (C1–C8): login for a token (§II), then the ``token`` header on every call.

Answers are read by their JSON, whatever the 2xx status (decisions.md "Cliqphone"), or,
when they are not JSON, by the fields the document prints in broken form (§5/§6): a
failure is ``{"state":"ko","codeErreur",…}``, a listing a JSON array, a C6/C7 success
``state`` "ok" or a code in the xx00 range (§III "les codes de la gamme xx00 indiquent le
succès"). A write answered in any other form is *unknown* (the vendor may have acted),
never done; a read answered so is an error, never data. Reads go through
``VendorHTTP.read`` (retries), C6 and C7 through ``write`` (sent once). Listing filters
travel as ``metadata[<name>]`` form fields as the curl examples write them; C6/C7 send
the JSON object their examples show, plus what the tables require and the examples leave
out (C5's ``token`` parameter, C7's ``id``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar, Unpack

import httpx
from pydantic import BaseModel, ValidationError

from bot.vendors.cliqphone.errors import (
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
    field_of,
    printed_answer,
)
from bot.vendors.cliqphone.token import TokenKeeper
from bot.vendors.errors import unrecognised_answer
from bot.vendors.http import Connection, HTTPVendorClient, VendorHTTP, decoded

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


class CliqphoneClient(HTTPVendorClient):
    def __init__(
        self,
        base_url: str,
        login: str,
        password: str,
        *,
        on_account_problem: Callable[[CliqphoneError], None] | None = None,
        **connection: Unpack[Connection],
    ) -> None:
        """``on_account_problem`` hears of each login refused for the account or the credentials
        (0001 / 0002): what only an admin can cure, whoever's request met it (the error carries
        the plain sentence and the vendor's code, never the password)."""
        self._http = VendorHTTP(VENDOR, DISPLAY, base_url, **connection)
        self._login = login
        self._password = password
        self.on_account_problem = on_account_problem
        self.tokens = TokenKeeper(self._log_in)

    def __repr__(self) -> str:
        return f"CliqphoneClient({self._http.base_url!r}, login={self._login!r})"

    # -- C1 ---------------------------------------------------------------------------------------
    def _log_in(self) -> LoginAnswer:
        """C1 ``POST /api/auto`` with the §II curl's form fields ``login`` and ``pwd``.

        Any ``state: ko`` is a refusal, in whatever words (an admin must look at the
        account); a body with neither ``ko`` nor a token is no login, shown verbatim.
        """
        response = self._http.read("POST", _PATHS[Operation.AUTH], data={"login": self._login, "pwd": self._password})
        body = _json(response, Operation.AUTH, written=False)
        if isinstance(body, dict) and _refused(body):
            error = error_from_body(body, response.status_code, operation=Operation.AUTH)
            if error.code not in TOKEN_CODES:
                self._tell_account_problem(error)
            raise error
        # A token with "ok" or with no state at all is a login; anything else is no documented answer.
        if (
            not isinstance(body, dict)
            or _state(body) not in {"ok", ""}
            or not str(field_of(body, "token") or "").strip()
        ):
            raise _unrecognised(response, written=False)
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
        return f"login accepted (session valid until {answer.token_exprid or 'in 24 h'}, Paris time)"

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
    def add_number(self, settings: NumberSettings) -> str:
        """C6 ``POST /numeroapi/addNumero``; success answers no id (find it with C5).

        Returns the success code the vendor answered ("0300"), or "" when it answered
        ``state: ok`` alone: never a code it did not send.
        """
        return self._write(Operation.ADD, _PATHS[Operation.ADD], settings.wire())

    def edit_number(self, number_id: int, settings: NumberSettings) -> str:
        """C7 ``POST /numeroapi/editnumero/{id}``: only the fields set in ``settings`` change.

        The id goes in the URL as the §6 example sends it and in the body as the §6 table
        requires it ("id oui"); the recording flag goes under the table's spelling and the
        example's (``activeTnregistrement``). Returns the success code answered, or "".
        """
        body = {"id": number_id, **settings.wire()}
        if "activerEnregistrement" in body:
            body[EDIT_EXAMPLE_RECORDING] = body["activerEnregistrement"]
        return self._write(Operation.EDIT, _PATHS[Operation.EDIT].format(id=number_id), body)

    # -- plumbing -----------------------------------------------------------------------------------
    def _write(self, operation: Operation, path: str, body: dict[str, Any]) -> str:
        """A C6/C7 write, sent once: done only on a documented success, else failed or unknown."""
        answer, response = self._call(operation, "POST", path, write=True, json=body)
        if isinstance(answer, dict) and _succeeded(answer):
            return normalise_code(field_of(answer, "codeErreur"))
        raise _unrecognised(response, written=True)

    def _rows(self, operation: Operation, method: str, fields: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """A listing's rows: a JSON array (every example), or the array under ``data``.

        ``{"state":"ok"}`` (or a success code) with no rows is an empty listing (§7 gives its
        listing the success code 0200); any other body is not a listing and is an error.
        """
        data = _metadata(fields or {})
        if operation in TOKEN_PARAMETER_OPERATIONS:
            data = {**data, "metadata[token]": ""}  # filled by _call with the token it sends
        body, response = self._call(operation, method, _PATHS[operation], data=data or None)
        rows = body if isinstance(body, list) else field_of(body, "data") if isinstance(body, dict) else None
        if isinstance(rows, list):
            return _dict_rows(rows, operation)
        if isinstance(body, dict) and _succeeded(body) and rows is None:
            return []
        raise _unrecognised(response, written=False)

    def _call(
        self, operation: Operation, method: str, path: str, *, write: bool = False, **kwargs: Any
    ) -> tuple[Any, httpx.Response]:
        """One authenticated call; after a token refusal (0003/0004): one new login, the call once more.

        Repeating a write is safe here: the token is checked before the operation does
        anything (§II "le système va vérifier l'authentification", §4 iii. lists 0003 with
        the operation's own checks), so a 0003/0004 answer means nothing was done. Returns
        the decoded body (None when it is not JSON) and the response; a refusal is raised.
        """
        send = self._http.write if write else self._http.read
        for attempt in (1, 2):
            token = self.tokens.get()
            kwargs = _with_token(kwargs, token)
            response = send(method, path, headers={"token": token}, **kwargs)
            body = _json(response, operation, written=write)
            if not (isinstance(body, dict) and _refused(body)):
                return body, response
            code = normalise_code(field_of(body, "codeErreur"))
            if code in TOKEN_CODES and attempt == 1:
                self.tokens.refused(token)
                continue
            raise error_from_body(body, response.status_code, operation=operation)
        raise AssertionError("unreachable")  # pragma: no cover


#: Operations whose table lists ``token`` as a parameter (§4 i. "token … OUI"): sent in the
#: form as well as in the header every curl example uses.
TOKEN_PARAMETER_OPERATIONS = frozenset({Operation.NUMBERS})
#: §6's JSON example spells the recording flag so; its table says ``activerEnregistrement``.
EDIT_EXAMPLE_RECORDING = "activeTnregistrement"


def _with_token(kwargs: dict[str, Any], token: str) -> dict[str, Any]:
    """The current token in a form's ``metadata[token]`` (a repeat after a new login carries the new one)."""
    data = kwargs.get("data")
    if isinstance(data, dict) and "metadata[token]" in data:
        return {**kwargs, "data": {**data, "metadata[token]": token}}
    return kwargs


def _metadata(fields: dict[str, Any]) -> dict[str, str]:
    """Form fields as the curl examples write them: ``metadata[code]=fr_01``; blanks left out."""
    data = {}
    for name, value in fields.items():
        if value is None or value == "":
            continue
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        data[f"metadata[{name}]"] = text
    return data


def _json(response: httpx.Response, operation: Operation, *, written: bool) -> Any:
    """The body's JSON, whatever the 2xx status; else the fields read from it as the document prints
    them (``printed_answer``); None for a 2xx body that is neither.

    A 2xx that is neither is left to the caller (after a write it is *unknown*); a status
    outside 2xx is an error. The text is decoded by its charset, else UTF-8, else
    Windows-1252 (French accents from a server that does not say its charset).
    """
    if written and 300 <= response.status_code < 400:
        # A redirect after a POST (post/redirect/get) comes after the server acted: not "nothing done".
        raise _unrecognised(response, written=True)
    if not 200 <= response.status_code < 300:
        raise error_from_status(response, operation)
    text = decoded(response)
    try:
        return json.loads(text) if text.strip() else None
    except ValueError:
        pass
    # Not JSON: the document prints answers that are not (§5's success without its closing brace,
    # §5/§6's 0318 refusal, §II's login with "=>"); what can be read of them decides. A listing is
    # only ever read from real JSON, so a read takes a printed answer only as a refusal or a login.
    printed = printed_answer(text)
    if printed is not None and (written or operation is Operation.AUTH or _refused(printed)):
        return printed
    if written:
        return None
    raise _unrecognised(response, written=False)


def _unrecognised(response: httpx.Response, *, written: bool) -> CliqphoneError:
    """An answer in no documented form, kept verbatim: unknown after a write, an error after a read."""
    status, text = response.status_code, decoded(response)
    return unrecognised_answer(CliqphoneError, VENDOR, DISPLAY, status, text, written=written)


def _state(body: dict[str, Any]) -> str:
    return str(field_of(body, "state") or "").strip().lower()


def _refused(body: dict[str, Any]) -> bool:
    """``state: ko``, or an error code (outside xx00, §III 'les erreurs') with no ``state: ok``."""
    if _state(body) == "ko":
        return True
    code = normalise_code(field_of(body, "codeErreur"))
    return bool(code) and not code.endswith("00") and _state(body) in {"", "ko"}


def _succeeded(body: dict[str, Any]) -> bool:
    """A documented success: ``state`` "ok" with no error code beside it, or a success code (xx00) with no ``state``.

    Anything else (``{}``, ``state: pending``, "ok" beside an error code) is no success.
    """
    state, code = _state(body), normalise_code(field_of(body, "codeErreur"))
    if state == "ok":
        return not code or code.endswith("00")
    return state == "" and bool(code) and code.endswith("00")


def _dict_rows(rows: list[Any], operation: Operation) -> list[dict[str, Any]]:
    """The listing's objects; anything else in the array is left out and logged."""
    found = [row for row in rows if isinstance(row, dict)]
    if len(found) != len(rows):
        left_out = len(rows) - len(found)
        log.warning("cliqphone %s: %d listing item(s) that are not objects were left out", operation, left_out)
    return found


def _readable(model: type[R], rows: list[Any]) -> list[R]:
    """The rows that read as ``model``: one malformed row (a null id) must not hide the others."""
    found = []
    for row in rows:
        try:
            found.append(model.model_validate(row))
        except ValidationError as exc:
            log.warning("cliqphone: a %s row was left out, unreadable: %s", model.__name__, exc.errors()[0]["msg"])
    return found
