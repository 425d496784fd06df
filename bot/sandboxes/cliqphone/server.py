"""Cliqphone sandbox: a loopback server speaking /work/shared/specs/cliqphone-numbers-api.txt.

Operations (README inventory): C1 ``POST /api/auto`` · C2 ``GET /api/getallzone`` ·
C3 ``POST /api/getallbyzone`` · C4 ``POST /numeroapi/getlistnumerodispobyzone`` ·
C5 ``POST /numeroapi/getlistnumerodispo`` · C6 ``POST /numeroapi/addNumero`` ·
C7 ``POST /numeroapi/editnumero/{id}`` · C8 ``POST /mediapi/getlistmedia``.

Every application outcome is HTTP 200 with a JSON body; failures are
``{"state":"ko","codeErreur":"NNNN","messageErreur":"…"}`` (§III 'les erreurs'), listings are
bare JSON arrays (every listing example), C6/C7 success is ``{"state":"ok","codeErreur":"0300"}``.
``DIALECTS`` are the other readings the same text allows (off by default).
Written from the document only, never from the client.
"""

from __future__ import annotations

import hmac
import json
import re
import secrets
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar

from bot.sandboxes.cliqphone.rules import (
    CliqphoneError,
    NumberContext,
    is_blank,
    parse_bool,
    parse_digits,
    read_params,
    validate_number_fields,
)
from bot.sandboxes.cliqphone.state import (
    MEDIA_TYPE_NAMES,
    Media,
    NumberRecord,
    Zone,
    seed_available,
    seed_media,
    seed_numbers,
    seed_zones,
)
from bot.sandboxes.frame import PARIS, SandboxClock, SandboxRequest, SandboxResponse, SandboxServer

__all__ = ["TOKEN_EXPIRY_FORMAT", "TOKEN_LIFETIME", "CliqphoneSandbox"]

#: §II "expire après 24 h".
TOKEN_LIFETIME = timedelta(hours=24)
#: §II example "tokenExprid" => "10-02-2021 10:00:00": day-month-year, Paris wall-clock time.
TOKEN_EXPIRY_FORMAT = "%d-%m-%Y %H:%M:%S"

_TOKEN_ALPHABET = string.ascii_letters + string.digits
_TOKEN_LENGTH = 64  # the §II example token is 63–64 letters and digits
_SANDBOX_LOGIN = "relais-sandbox"
_SANDBOX_PASSWORD = "cliq-sandbox-2021"

# §II response table, code column (see the decisions: the message column says "00 02" twice).
_E_INACTIVE = ("0001", "compte user inactif")
_E_BAD_LOGIN = ("0002", "login ou mdp invalide")
_E_TOKEN_INVALID = ("0003", "invalid token")
_E_TOKEN_EXPIRED = ("0004", "token expired")

_EDIT_PATH = re.compile(r"^/numeroapi/editnumero(?:/(?P<id>[^/]*))?$")
# §III 'Liste des codes préfixe': 33 + 1…5 is the geographic zone fr_01…fr_05.
_GEOGRAPHIC = re.compile(r"^33([1-5])\d+$")

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


class CliqphoneSandbox(SandboxServer):
    """The Cliqphone numbers API (C1–C8) over loopback HTTP, with in-memory state and test hooks."""

    vendor: ClassVar[str] = "cliqphone"
    credentials: ClassVar[dict[str, str]] = {
        "CLIQPHONE_LOGIN": _SANDBOX_LOGIN,
        "CLIQPHONE_PASSWORD": _SANDBOX_PASSWORD,
    }
    DIALECTS: ClassVar[dict[str, str]] = {
        "rest-statuses": (
            "§I 'entièrement conçue comme une API REST … le respect des pratiques': what creates answers "
            "201 Created (C1 login, a token; C6 addNumero), C7 editnumero 202 Accepted; same bodies"
        ),
        "short-success": (
            "§III 'les codes de la gamme xx00 indiquent le succès' and the tables' separate state/code columns: "
            'C6 answers {"state":"ok"} alone, C7 {"codeErreur":"0300","messageErreur":""} alone, an empty '
            'listing {"state":"ok","codeErreur":"0200","messageErreur":""} (§7 gives its listing code 0200)'
        ),
        "tables-required": (
            "what the tables mark required and the examples leave out is required: C5's 'token … OUI' "
            "parameter (else 0003), C7's 'id oui' in the body (else 0320); C7 reads the recording flag only "
            "as §6's example spells it, 'activeTnregistrement'"
        ),
        "typed-values": (
            "listing values typed as the tables say ('id integer', 'numero integer', 'type integer', "
            "'telephon integer' with §4's '2:Fax'), keys as the §3 name table writes them ('ld'/Id, 'Code'), "
            "zone codes as §III's code list writes them (FR_01)"
        ),
        "windows-1252": (
            "the document names no charset for its French answers ('Île-de-France', 'Réunion'): bodies in "
            "Windows-1252, Content-Type application/json without a charset"
        ),
        "as-printed": (
            "C6/C7 answers exactly as §5/§6 print them: the C6 success without its closing brace "
            '(\'{ "state": "ok", "codeErreur": "0300", "messageErreur": ""\'), the 0318 refusal with its '
            "message unquoted; the operation is carried out all the same"
        ),
    }

    def __init__(self, clock: SandboxClock | None = None, *, dialect: str | Iterable[str] = ()) -> None:
        super().__init__(clock, dialect=dialect)
        self._seed()

    def _seed(self) -> None:
        with self.lock:
            self._login = _SANDBOX_LOGIN
            self._password = _SANDBOX_PASSWORD
            self._account_active = True
            self._logins = 0
            self._tokens: dict[str, datetime] = {}  # token → expiry instant (UTC)
            self._zones: dict[str, Zone] = {zone.code: zone for zone in seed_zones()}
            numbers = seed_numbers(first_id=141) + seed_available(first_id=147)
            self._numbers: dict[int, NumberRecord] = {record.id: record for record in numbers}
            self._next_number_id = max(self._numbers) + 1
            self._media: dict[int, Media] = {media.id: media for media in seed_media(first_id=228)}
            self._next_media_id = max(self._media) + 1

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
            params = read_params(request, plain_form_keys=operation.plain_form_keys) if operation.reads_body else {}
            payload = operation.handler(self, params, path_arg)
        except CliqphoneError as error:
            return self._failure(error)
        return self._success(operation.kind, payload)

    # -- answers, in the reading the dialects choose -------------------------------------------------
    def _success(self, kind: str, payload: Any) -> SandboxResponse:
        if kind == "add" and self.speaks("as-printed"):
            return SandboxResponse(body=_C6_SUCCESS_AS_PRINTED.encode("utf-8"), content_type="application/json")
        if self.speaks("short-success"):
            payload = _SHORT_SUCCESS.get(kind, payload)
            if kind == "listing" and payload == []:
                payload = _EMPTY_LISTING
        if kind == "listing" and self.speaks("typed-values") and isinstance(payload, list):
            payload = [_typed(row) for row in payload]
        status = _REST_STATUSES.get(kind, 200) if self.speaks("rest-statuses") else 200
        return self._json(payload, status)

    def _failure(self, error: CliqphoneError) -> SandboxResponse:
        if error.code == "0318" and self.speaks("as-printed"):
            return SandboxResponse(body=_0318_AS_PRINTED.encode("utf-8"), content_type="application/json")
        return self._json(error.body(), error.http_status)

    def _json(self, payload: Any, status: int) -> SandboxResponse:
        if self.speaks("windows-1252"):
            body = json.dumps(payload, ensure_ascii=False).encode("cp1252", errors="replace")
            return SandboxResponse(status=status, body=body, content_type="application/json")
        return SandboxResponse.json(payload, status)

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
            if not (_same(login, self._login) and _same(pwd, self._password)):
                raise _error(_E_BAD_LOGIN)
            if not self._account_active:
                raise _error(_E_INACTIVE)
            token, expires = self._new_token()
            self._logins += 1
        return {
            "state": "ok",
            "codeErreur": "0000",
            "messageErreur": "",
            "token": token,
            "tokenExprid": expires.astimezone(PARIS).strftime(TOKEN_EXPIRY_FORMAT),
        }

    def _new_token(self) -> tuple[str, datetime]:
        token = "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(_TOKEN_LENGTH))
        expires = self.clock.now() + TOKEN_LIFETIME
        self._tokens[token] = expires
        return token, expires

    def _check_token(self, token: str | None) -> None:
        """§II 'Comptes connectés': header ``token``; unknown → 0003, past its 24 h → 0004."""
        with self.lock:
            expires = self._tokens.get(token.strip()) if token else None
        if expires is None:
            raise _error(_E_TOKEN_INVALID)
        if self.clock.now() >= expires:
            raise _error(_E_TOKEN_EXPIRED)

    # -- C2, C3 zones (§III) --------------------------------------------------------------------
    def _list_zones(self, params: Mapping[str, Any], path_arg: str | None) -> list[dict[str, Any]]:
        with self.lock:
            return [zone.wire() for zone in self._zones.values()]

    def _zone_by_code(self, params: Mapping[str, Any], path_arg: str | None) -> list[dict[str, Any]]:
        # §III.2 'code: OUI' — missing or unknown → 0308 "invalid Zone".
        zone = self._find_zone(params.get("code"), ("0308", "invalid Zone"))
        if zone is None:
            raise _error(("0308", "invalid Zone"))
        return [zone.wire()]

    def _find_zone(self, value: Any, error: tuple[str, str]) -> Zone | None:
        """The zone a code names (any case: the doc writes both FR_01 and fr_01); None if blank."""
        if is_blank(value):
            return None
        code = value.strip().lower() if isinstance(value, str) else ""
        with self.lock:
            zone = self._zones.get(code)
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
                record.wire_by_zone()
                for record in self._sorted_numbers(owned=False)
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
            fax = _number_type_is_fax(params["type"])
        with self.lock:
            records = self._sorted_numbers(owned=True)
            numero = _numero_filter(params.get("numero"), records)
            compagne = _name_filter(params.get("compagne"), {r.compagne for r in records}, ("0306", "invalid compagne"))
            porteur = _name_filter(params.get("porteur"), {r.nom_porteur for r in records}, ("0308", "invalid porteur"))
            return [
                record.wire_listing()
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
            values = validate_number_fields(params, self._number_context(None))
            record = self._free_record(values["numero"])
            if record is None:
                record = NumberRecord(id=self._next_number_id, numero=values["numero"], code=None)
                self._numbers[record.id] = record
                self._next_number_id += 1
            record.owned = True
            record.apply(values)
            record.code = record.code or _geographic_zone(record.numero)
        return _SUCCESS

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
            values = validate_number_fields(params, self._number_context(record))
            new_numero = values.get("numero")
            if new_numero is not None and new_numero != record.numero:
                self._withdraw_free(new_numero)
            record.apply(values)
        return _SUCCESS

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
        record = self._numbers.get(int(parse_digits(raw_id, 1, 9, error)))
        if record is None or not record.owned:
            raise error
        return record

    def _number_context(self, editing: NumberRecord | None) -> NumberContext:
        return NumberContext(
            media_types={media.id: media.type for media in self._media.values()},
            zone_codes=frozenset(self._zones),
            taken_numeros=frozenset(
                record.numero for record in self._numbers.values() if record.owned and record is not editing
            ),
            today=self.clock.now_paris().date(),
            current=editing.field_values() if editing is not None else {},
            editing=editing is not None,
        )

    def _free_record(self, numero: str) -> NumberRecord | None:
        return next((r for r in self._numbers.values() if not r.owned and r.numero == numero), None)

    def _withdraw_free(self, numero: str) -> None:
        """A number the company takes is no longer offered in its zone (C4)."""
        free = self._free_record(numero)
        if free is not None:
            del self._numbers[free.id]

    def _sorted_numbers(self, *, owned: bool) -> list[NumberRecord]:
        return sorted((r for r in self._numbers.values() if r.owned == owned), key=lambda r: r.id)

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
                media.wire()
                for media in sorted(self._media.values(), key=lambda m: m.id)
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
            self._account_active = False

    def activate_account(self) -> None:
        """Make the account active again."""
        with self.lock:
            self._account_active = True

    def set_credentials(self, login: str, pwd: str) -> None:
        """Replace the login and password the sandbox accepts (issued tokens keep working)."""
        with self.lock:
            self._login, self._password = login, pwd

    def expire_tokens(self) -> None:
        """Make every issued token expired (their calls then answer 0004)."""
        with self.lock:
            now = self.clock.now()
            self._tokens = {token: min(expires, now) for token, expires in self._tokens.items()}

    def revoke_tokens(self) -> None:
        """Forget every issued token (their calls then answer 0003 "invalid token")."""
        with self.lock:
            self._tokens.clear()

    def issue_token(self) -> str:
        """A valid token without a login (not counted by login_count)."""
        with self.lock:
            return self._new_token()[0]

    def login_count(self) -> int:
        """Number of successful logins (C1 answers with state ok)."""
        with self.lock:
            return self._logins

    def numbers(self) -> list[dict[str, Any]]:
        """The company's numbers with every stored field (C5/C6/C7 state), by id."""
        with self.lock:
            return [record.snapshot() for record in self._sorted_numbers(owned=True)]

    def number(self, numero: str) -> dict[str, Any] | None:
        """The company's number ``numero`` with every stored field, or None."""
        with self.lock:
            found = next((r for r in self._numbers.values() if r.owned and r.numero == numero), None)
            return found.snapshot() if found is not None else None

    def available_numbers(self) -> list[dict[str, Any]]:
        """The free numbers offered by zone (C4 state), by id."""
        with self.lock:
            return [record.snapshot() for record in self._sorted_numbers(owned=False)]

    def add_available_number(self, numero: str, code: str, *, fax: bool = False) -> int:
        """Offer a free number in zone ``code`` (C4); returns its id."""
        with self.lock:
            return self._insert(NumberRecord(id=self._next_number_id, numero=numero, code=code.lower(), fax=fax))

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
            record.id = self._next_number_id
            return self._insert(record)

    def _insert(self, record: NumberRecord) -> int:
        self._numbers[record.id] = record
        self._next_number_id = record.id + 1
        return record.id

    def media(self) -> list[dict[str, Any]]:
        """The company's media (C8 state), by id."""
        with self.lock:
            return [media.snapshot() for media in sorted(self._media.values(), key=lambda m: m.id)]

    def add_media(self, nom: str, type: str, *, active: bool = True, info: str | None = None) -> int:
        """Add a media of ``type`` (R, ME, PB, MI or MA); returns its id."""
        if type not in MEDIA_TYPE_NAMES:
            raise ValueError(f"unknown media type {type!r}")
        with self.lock:
            media = Media(id=self._next_media_id, nom=nom, type=type, active=active, info=info)
            self._media[media.id] = media
            self._next_media_id += 1
            return media.id

    def remove_media(self, media_id: int) -> None:
        """Delete a media (numbers that referenced it keep the stale id)."""
        with self.lock:
            self._media.pop(media_id, None)


# -- helpers ------------------------------------------------------------------------------------------

_SUCCESS = {"state": "ok", "codeErreur": "0300", "messageErreur": ""}

# -- dialect answers ---------------------------------------------------------------------------------------
_REST_STATUSES = {"login": 201, "add": 201, "edit": 202}
_SHORT_SUCCESS: dict[str, Any] = {
    "add": {"state": "ok"},
    "edit": {"codeErreur": "0300", "messageErreur": ""},
}
_EMPTY_LISTING = {"state": "ok", "codeErreur": "0200", "messageErreur": ""}
#: §5 iii. prints its success row without the closing brace.
_C6_SUCCESS_AS_PRINTED = '{ "state": "ok", "codeErreur": "0300", "messageErreur": ""'
#: §5/§6 iii. print the recording refusal with its message unquoted and unnamed.
_0318_AS_PRINTED = '{"state": "ko","codeErreur": "0318",invalid etat appel enregistrement" }'
#: The §3 name table's spellings ("ld" is the OCR of "Id").
_TABLE_KEYS = {"id": "Id", "code": "Code"}
_INTEGER_KEYS = ("id", "numero", "type", "telephon")


def _typed(row: dict[str, Any]) -> dict[str, Any]:
    """A listing row as the tables type it: integers where they say integer, §3's key spellings."""
    typed: dict[str, Any] = {}
    for key, value in row.items():
        if key in _INTEGER_KEYS and isinstance(value, str) and value.isdigit():
            value = int(value)
        if key == "telephon" and value == 0:
            value = 2  # §4 "telephon … (1:Téléphone,2:Fax)"
        if key == "code" and isinstance(value, str) and "_" in value:
            value = value.upper()  # §III "Code Zone FR_01"
        typed[_TABLE_KEYS.get(key, key)] = value
    return typed


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _number_type_is_fax(value: Any) -> bool:
    """§4 'Liste de type numéro': FA fax, TE téléphone; anything else → 0302."""
    if value not in ("FA", "TE"):
        raise _error(("0302", "invalid type"))
    return bool(value == "FA")


def _numero_filter(value: Any, records: list[NumberRecord]) -> str | None:
    """§4 numero: 4–15 digits, and some number of the company must contain them → else 0319."""
    if is_blank(value):
        return None
    error = _error(("0319", "invalid numero"))
    fragment = parse_digits(value, 4, 15, error)
    if not any(fragment in record.numero for record in records):
        raise error
    return fragment


def _name_filter(value: Any, known: set[str | None], error: tuple[str, str]) -> str | None:
    """§4 compagne/porteur: 2–20 characters and an existing name (exact) → else the field's code."""
    if is_blank(value):
        return None
    name = value.strip() if isinstance(value, str) else ""
    if not 2 <= len(name) <= 20 or name not in known:
        raise _error(error)
    return name


def _geographic_zone(numero: str) -> str | None:
    match = _GEOGRAPHIC.match(numero)
    return f"fr_0{match.group(1)}" if match else None


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
