"""Cliqphone sandbox: a loopback server speaking /work/shared/specs/cliqphone-numbers-api.txt.

Operations (README inventory): C1 ``POST /api/auto`` · C2 ``GET /api/getallzone`` ·
C3 ``POST /api/getallbyzone`` · C4 ``POST /numeroapi/getlistnumerodispobyzone`` ·
C5 ``POST /numeroapi/getlistnumerodispo`` · C6 ``POST /numeroapi/addNumero`` ·
C7 ``POST /numeroapi/editnumero/{id}`` · C8 ``POST /mediapi/getlistmedia``.

This module routes requests to operations and checks the login and tokens (§II); the
operations read with wire.py and rules.py (C6/C7 settings: number_fields.py), change
state.py and answer through dialects.py, which writes with wire.py unless a dialect is on.
Written from the document only, never from the client.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from bot.sandboxes.cliqphone import dialects, rules, wire
from bot.sandboxes.cliqphone.number_fields import validate_number_fields
from bot.sandboxes.cliqphone.rules import CliqphoneError, is_blank, parse_bool, parse_digits
from bot.sandboxes.cliqphone.seed import SANDBOX_LOGIN, SANDBOX_PASSWORD, seeded_state
from bot.sandboxes.cliqphone.state import MEDIA_TYPE_NAMES, TOKEN_LIFETIME, NumberRecord, State, Zone
from bot.sandboxes.cliqphone.wire import TOKEN_EXPIRY_FORMAT
from bot.sandboxes.frame import SandboxClock, SandboxRequest, SandboxResponse, SandboxServer

__all__ = ["TOKEN_EXPIRY_FORMAT", "TOKEN_LIFETIME", "CliqphoneSandbox"]

# §II response table, code column (see the decisions: the message column says "00 02" twice).
_E_INACTIVE = ("0001", "compte user inactif")
_E_BAD_LOGIN = ("0002", "login ou mdp invalide")
_E_TOKEN_INVALID = ("0003", "invalid token")
_E_TOKEN_EXPIRED = ("0004", "token expired")

_EDIT_PATH = re.compile(r"^/numeroapi/editnumero(?:/(?P<id>[^/]*))?$")

_Handler = Callable[["CliqphoneSandbox", Mapping[str, Any], str | None], Any]


@dataclass(frozen=True)
class _Operation:
    method: str
    handler: _Handler
    kind: str  # "login", "listing", "add" or "edit": what the dialects change
    needs_token: bool = True
    reads_body: bool = True
    plain_form_keys: bool = False  # §II login: -d login=… (the others: -d "metadata[…]"=…)


def _error(code: tuple[str, str]) -> CliqphoneError:
    return CliqphoneError(*code)


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


class CliqphoneSandbox(SandboxServer):
    """The Cliqphone numbers API (C1–C8) over loopback HTTP, with in-memory state and test hooks."""

    vendor: ClassVar[str] = "cliqphone"
    credentials: ClassVar[dict[str, str]] = {
        "CLIQPHONE_LOGIN": SANDBOX_LOGIN,
        "CLIQPHONE_PASSWORD": SANDBOX_PASSWORD,
    }
    DIALECTS: ClassVar[dict[str, str]] = dialects.DIALECTS
    _state: State

    def __init__(self, clock: SandboxClock | None = None, *, dialect: str | Iterable[str] = ()) -> None:
        super().__init__(clock, dialect=dialect)
        self._seed()

    def _seed(self) -> None:
        with self.lock:
            self._state = seeded_state()

    # -- HTTP -------------------------------------------------------------------------------
    def route(self, request: SandboxRequest) -> SandboxResponse:
        resolved = self._resolve(request.path)
        if resolved is None:
            return self._failure(CliqphoneError("0404", "unknown endpoint", http_status=404))
        operation, path_arg = resolved
        if request.method != operation.method:
            response = self._failure(CliqphoneError("0405", "method not allowed", http_status=405))
            response.headers["Allow"] = operation.method
            return response
        try:
            if operation.needs_token:
                self._check_token(request.header("token"))
            params = (
                wire.read_params(request, plain_form_keys=operation.plain_form_keys) if operation.reads_body else {}
            )
            payload = operation.handler(self, params, path_arg)
        except CliqphoneError as error:
            return self._failure(error)
        return self._success(operation.kind, payload)

    def _success(self, kind: str, payload: Any) -> SandboxResponse:
        return dialects.success(self.dialect, kind, payload)

    def _failure(self, error: CliqphoneError) -> SandboxResponse:
        return dialects.failure(self.dialect, error)

    def _resolve(self, path: str) -> tuple[_Operation, str | None] | None:
        operation = _OPERATIONS.get(path)
        if operation is not None:
            return operation, None
        match = _EDIT_PATH.match(path)
        if match is not None:
            return _EDIT_OPERATION, match.group("id")
        return None

    # -- C1 authentication (§II) ----------------------------------------------------------------
    def _login_with(self, params: Mapping[str, Any]) -> dict[str, str]:
        login, pwd = params.get("login"), params.get("pwd")
        if not (isinstance(login, str) and isinstance(pwd, str)):
            raise _error(_E_BAD_LOGIN)
        with self.lock:
            # Identity first, then the account state: an inactive account is only revealed
            # to whoever knows its password.
            if not (_same(login, self._state.login) and _same(pwd, self._state.password)):
                raise _error(_E_BAD_LOGIN)
            if not self._state.account_active:
                raise _error(_E_INACTIVE)
            token, expires = self._state.new_token(self.clock.now())
            self._state.logins += 1
        return wire.login_json(token, expires)

    def _check_token(self, token: str | None) -> None:
        """§II 'Comptes connectés': header ``token``; unknown → 0003, past its 24 h → 0004."""
        with self.lock:
            expires = self._state.tokens.get(token.strip()) if token else None
        if expires is None:
            raise _error(_E_TOKEN_INVALID)
        if self.clock.now() >= expires:
            raise _error(_E_TOKEN_EXPIRED)

    # -- C2, C3 zones (§III) --------------------------------------------------------------------
    def _list_zones(self, params: Mapping[str, Any], path_arg: str | None) -> list[dict[str, Any]]:
        with self.lock:
            return [wire.zone_json(zone) for zone in self._state.zones.values()]

    def _zone_by_code(self, params: Mapping[str, Any], path_arg: str | None) -> list[dict[str, Any]]:
        # §III.2 'code: OUI' — missing or unknown → 0308 "invalid Zone".
        zone = self._find_zone(params.get("code"), ("0308", "invalid Zone"))
        if zone is None:
            raise _error(("0308", "invalid Zone"))
        return [wire.zone_json(zone)]

    def _find_zone(self, value: Any, error: tuple[str, str]) -> Zone | None:
        """The zone a code names (any case: the doc writes both FR_01 and fr_01); None if blank."""
        if is_blank(value):
            return None
        code = value.strip().lower() if isinstance(value, str) else ""
        with self.lock:
            zone = self._state.zones.get(code)
        if zone is None:
            raise _error(error)
        return zone

    # -- C4 available numbers of a zone (§III.3) ------------------------------------------------
    def _available_by_zone(self, params: Mapping[str, Any], path_arg: str | None) -> list[dict[str, Any]]:
        zone = self._find_zone(params.get("code"), ("0310", "invalid Zone"))
        fragment = None
        if not is_blank(params.get("numero")):
            fragment = parse_digits(params["numero"], 4, 15, _error(("0306", "invalid numero")))
        with self.lock:
            return [
                wire.number_by_zone_json(record)
                for record in self._state.sorted_numbers(owned=False)
                if (zone is None or record.code == zone.code) and (fragment is None or fragment in record.numero)
            ]

    # -- C5 the company's numbers with filters (§III.4) ----------------------------------------
    def _company_numbers(self, params: Mapping[str, Any], path_arg: str | None) -> list[dict[str, Any]]:
        # Checked in the order of the §4 parameter table (token, code, etat, type, numero,
        # compagne, porteur); "client" and "entreprise" of the JSON example are not filters.
        if self.speaks("tables-required"):
            token = params.get("token")
            self._check_token(token if isinstance(token, str) else None)
        zone = self._find_zone(params.get("code"), ("0310", "invalid Zone"))
        active = None
        if not is_blank(params.get("etat")):
            active = parse_bool(params["etat"], _error(("0301", "invalid etat")))
        fax = None
        if not is_blank(params.get("type")):
            fax = rules.type_is_fax(params["type"])
        with self.lock:
            records = self._state.sorted_numbers(owned=True)
            numero = rules.numero_filter(params.get("numero"), [r.numero for r in records])
            compagne = rules.name_filter(
                params.get("compagne"), {r.compagne for r in records}, ("0306", "invalid compagne")
            )
            porteur = rules.name_filter(
                params.get("porteur"), {r.nom_porteur for r in records}, ("0308", "invalid porteur")
            )
            return [
                wire.number_listing_json(record)
                for record in records
                if (zone is None or record.code == zone.code)
                and (active is None or record.active == active)
                and (fax is None or record.fax == fax)
                and (numero is None or numero in record.numero)
                and (compagne is None or record.compagne == compagne)
                and (porteur is None or record.nom_porteur == porteur)
            ]

    # -- C6 add a number (§III.5) ------------------------------------------------------------------
    def _add_number(self, params: Mapping[str, Any], path_arg: str | None) -> dict[str, str]:
        with self.lock:
            values = validate_number_fields(params, self._state.number_context(None, self.clock.now_paris().date()))
            self._state.take_number(values)
        return wire.SUCCESS

    # -- C7 edit a number (§III.6) ----------------------------------------------------------------
    def _edit_number(self, params: Mapping[str, Any], path_arg: str | None) -> dict[str, str]:
        # §VI: 'id: oui' in the table, in the URL in the example: the URL's id wins, the
        # body's is used only when the URL has none.
        raw_id = path_arg if not is_blank(path_arg) else params.get("id")
        if self.speaks("tables-required"):
            raw_id = self._table_id(path_arg, params.get("id"))
            params = {k: v for k, v in params.items() if k != "activerEnregistrement"}  # §6 example's spelling only
        with self.lock:
            record = self._owned_record(raw_id)
            values = validate_number_fields(params, self._state.number_context(record, self.clock.now_paris().date()))
            new_numero = values.get("numero")
            if new_numero is not None and new_numero != record.numero:
                self._state.withdraw_free(new_numero)
            record.apply(values)
        return wire.SUCCESS

    @staticmethod
    def _table_id(path_arg: str | None, body_id: Any) -> Any:
        """§6 'id oui': the body must carry the id; one that contradicts the URL's is no id."""
        if is_blank(body_id) or (not is_blank(path_arg) and str(body_id).strip() != str(path_arg).strip()):
            raise _error(("0320", "invalid id"))
        return body_id

    def _owned_record(self, raw_id: Any) -> NumberRecord:
        error = _error(("0320", "invalid id"))
        if is_blank(raw_id):
            raise error
        record = self._state.numbers.get(int(parse_digits(raw_id, 1, 9, error)))
        if record is None or not record.owned:
            raise error
        return record

    # -- C8 media (§III.7) ---------------------------------------------------------------------------
    def _list_media(self, params: Mapping[str, Any], path_arg: str | None) -> list[dict[str, Any]]:
        active = None
        if not is_blank(params.get("etat")):
            active = parse_bool(params["etat"], _error(("0201", "invalid etat")))
        kind = params.get("type")
        if not is_blank(kind) and kind not in MEDIA_TYPE_NAMES:
            raise _error(("0202", "invalid type"))
        name = params.get("nom")
        fragment = str(name).strip().casefold() if not is_blank(name) else None
        with self.lock:
            return [
                wire.media_json(media)
                for media in sorted(self._state.media.values(), key=lambda m: m.id)
                if (active is None or media.active == active)
                and (is_blank(kind) or media.type == kind)
                and (fragment is None or fragment in media.nom.casefold())
            ]

    # -- test hooks -----------------------------------------------------------------------------------
    def reset(self) -> None:
        """Back to the seeded state: data, credentials, active account, no tokens, no logins."""
        self._seed()

    def deactivate_account(self) -> None:
        """Make the account inactive: the next logins answer 0001 (issued tokens keep working)."""
        with self.lock:
            self._state.account_active = False

    def activate_account(self) -> None:
        """Make the account active again."""
        with self.lock:
            self._state.account_active = True

    def set_credentials(self, login: str, pwd: str) -> None:
        """Replace the login and password the sandbox accepts (issued tokens keep working)."""
        with self.lock:
            self._state.login, self._state.password = login, pwd

    def expire_tokens(self) -> None:
        """Make every issued token expired (their calls then answer 0004)."""
        with self.lock:
            now = self.clock.now()
            self._state.tokens = {token: min(expires, now) for token, expires in self._state.tokens.items()}

    def revoke_tokens(self) -> None:
        """Forget every issued token (their calls then answer 0003 "invalid token")."""
        with self.lock:
            self._state.tokens.clear()

    def issue_token(self) -> str:
        """A valid token without a login (not counted by login_count)."""
        with self.lock:
            return self._state.new_token(self.clock.now())[0]

    def login_count(self) -> int:
        """Number of successful logins (C1 answers with state ok)."""
        with self.lock:
            return self._state.logins

    def numbers(self) -> list[dict[str, Any]]:
        """The company's numbers with every stored field (C5/C6/C7 state), by id."""
        with self.lock:
            return [record.snapshot() for record in self._state.sorted_numbers(owned=True)]

    def number(self, numero: str) -> dict[str, Any] | None:
        """The company's number ``numero`` with every stored field, or None."""
        with self.lock:
            found = self._state.owned_number(numero)
            return found.snapshot() if found is not None else None

    def available_numbers(self) -> list[dict[str, Any]]:
        """The free numbers offered by zone (C4 state), by id."""
        with self.lock:
            return [record.snapshot() for record in self._state.sorted_numbers(owned=False)]

    def add_available_number(self, numero: str, code: str, *, fax: bool = False) -> int:
        """Offer a free number in zone ``code`` (C4); returns its id."""
        with self.lock:
            return self._state.insert(
                NumberRecord(id=self._state.next_number_id, numero=numero, code=code.lower(), fax=fax)
            )

    def add_number(
        self,
        numero: str,
        code: str,
        *,
        active: bool = False,
        fax: bool = False,
        nom_porteur: str | None = None,
        compagne: str | None = None,
        info: str | None = None,
    ) -> int:
        """Give the company a number directly (no C6 rules); returns its id."""
        record = NumberRecord(
            id=0,
            numero=numero,
            code=code.lower(),
            fax=fax,
            owned=True,
            active=active,
            info=info,
            nom_porteur=nom_porteur,
            compagne=compagne,
        )
        with self.lock:
            record.id = self._state.next_number_id
            return self._state.insert(record)

    def media(self) -> list[dict[str, Any]]:
        """The company's media (C8 state), by id."""
        with self.lock:
            return [media.snapshot() for media in sorted(self._state.media.values(), key=lambda m: m.id)]

    def add_media(self, nom: str, type: str, *, active: bool = True, info: str | None = None) -> int:
        """Add a media of ``type`` (R, ME, PB, MI or MA); returns its id."""
        if type not in MEDIA_TYPE_NAMES:
            raise ValueError(f"unknown media type {type!r}")
        with self.lock:
            return self._state.add_media(nom, type, active, info)

    def remove_media(self, media_id: int) -> None:
        """Delete a media (numbers that referenced it keep the stale id)."""
        with self.lock:
            self._state.media.pop(media_id, None)


def _login_handler(sandbox: CliqphoneSandbox, params: Mapping[str, Any], path_arg: str | None) -> Any:
    return sandbox._login_with(params)


_OPERATIONS: dict[str, _Operation] = {
    # C1: §II curl -d login -d pwd (a POST); the credentials are read with plain form keys.
    "/api/auto": _Operation("POST", _login_handler, "login", needs_token=False, plain_form_keys=True),
    # C2: §III.3 curl with a header and no data: a GET.
    "/api/getallzone": _Operation("GET", CliqphoneSandbox._list_zones, "listing", reads_body=False),
    "/api/getallbyzone": _Operation("POST", CliqphoneSandbox._zone_by_code, "listing"),
    "/numeroapi/getlistnumerodispobyzone": _Operation("POST", CliqphoneSandbox._available_by_zone, "listing"),
    "/numeroapi/getlistnumerodispo": _Operation("POST", CliqphoneSandbox._company_numbers, "listing"),
    "/numeroapi/addNumero": _Operation("POST", CliqphoneSandbox._add_number, "add"),
    "/mediapi/getlistmedia": _Operation("POST", CliqphoneSandbox._list_media, "listing"),
}
_EDIT_OPERATION = _Operation("POST", CliqphoneSandbox._edit_number, "edit")
