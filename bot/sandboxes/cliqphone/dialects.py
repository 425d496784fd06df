"""Other readings of the Cliqphone document ("dialects"), for the sandbox, and what each changes.

Each one is what a real server could answer given the document's own words, switched on per
sandbox (none by default). ``success`` and ``failure`` write an operation's outcome the way the
switched-on dialects read the document; by default, as wire.py writes it.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from bot.sandboxes.cliqphone import wire
from bot.sandboxes.cliqphone.rules import CliqphoneError
from bot.sandboxes.frame import SandboxResponse

__all__ = ["DIALECTS", "failure", "success"]

DIALECTS: dict[str, str] = {
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


def success(dialect: Set[str], kind: str, payload: Any) -> SandboxResponse:
    """The answer of an operation of ``kind`` ("login", "listing", "add", "edit") that succeeded."""
    if kind == "add" and "as-printed" in dialect:
        return SandboxResponse(body=_C6_SUCCESS_AS_PRINTED.encode("utf-8"), content_type="application/json")
    if "short-success" in dialect:
        payload = _SHORT_SUCCESS.get(kind, payload)
        if kind == "listing" and payload == []:
            payload = _EMPTY_LISTING
    if kind == "listing" and "typed-values" in dialect and isinstance(payload, list):
        payload = [_typed(row) for row in payload]
    status = _REST_STATUSES.get(kind, 200) if "rest-statuses" in dialect else 200
    return wire.answer(payload, status, windows_1252="windows-1252" in dialect)


def failure(dialect: Set[str], error: CliqphoneError) -> SandboxResponse:
    """The answer of a documented failure."""
    if error.code == "0318" and "as-printed" in dialect:
        return SandboxResponse(body=_0318_AS_PRINTED.encode("utf-8"), content_type="application/json")
    return wire.answer(wire.failure_body(error), error.http_status, windows_1252="windows-1252" in dialect)
