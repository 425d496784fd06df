"""How the Cliqphone sandbox reads requests and writes answers on the wire.

Requests carry their parameters as a JSON object or as form fields (``metadata[name]``,
plain names for the login). Every application outcome is HTTP 200 with a JSON body: failures
``{"state":"ko","codeErreur":"NNNN","messageErreur":"…"}`` (§III 'les erreurs'), listings bare
JSON arrays of the objects below (every listing example), C6/C7 success
``{"state":"ok","codeErreur":"0300"}``.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from bot.sandboxes.cliqphone.rules import CliqphoneError
from bot.sandboxes.cliqphone.state import COMPANY, MEDIA_TYPE_NAMES, Media, NumberRecord, Zone
from bot.sandboxes.frame import PARIS, SandboxRequest, SandboxResponse

__all__ = [
    "SUCCESS",
    "TOKEN_EXPIRY_FORMAT",
    "answer",
    "failure_body",
    "login_json",
    "media_json",
    "number_by_zone_json",
    "number_listing_json",
    "read_params",
    "zone_json",
]

#: §II example "tokenExprid" => "10-02-2021 10:00:00": day-month-year, Paris wall-clock time.
TOKEN_EXPIRY_FORMAT = "%d-%m-%Y %H:%M:%S"
#: §V / §VI: what C6 and C7 answer when they succeed.
SUCCESS = {"state": "ok", "codeErreur": "0300", "messageErreur": ""}


# -- requests -------------------------------------------------------------------------------------

_METADATA_KEY = re.compile(r"^metadata\[([A-Za-z_][A-Za-z0-9_]*)\]$")


def read_params(request: SandboxRequest, *, plain_form_keys: bool = False) -> dict[str, Any]:
    """The request's parameters, from a JSON object body or from form fields.

    The doc shows both: curl ``-d "metadata[code]"=fr_01`` and "Paramétré sera envoyé du type
    json: {"code": ...}". Login (§II) shows plain ``-d login=… -d pwd=…``: ``plain_form_keys``.
    """
    raw = request.body.strip()
    if not raw:
        return {}
    content_type = (request.header("content-type") or "").lower()
    looks_like_json = "json" in content_type or ("form" not in content_type and raw.startswith(b"{"))
    if looks_like_json:
        return _json_object(raw)
    return _form_fields(request, plain_form_keys=plain_form_keys)


def _json_object(raw: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise CliqphoneError("0400", "invalid json", http_status=400) from None
    if not isinstance(payload, dict):
        raise CliqphoneError("0400", "invalid json", http_status=400)
    return payload


def _form_fields(request: SandboxRequest, *, plain_form_keys: bool) -> dict[str, Any]:
    try:
        form = request.form()
    except UnicodeDecodeError:
        raise CliqphoneError("0400", "invalid form body", http_status=400) from None
    params: dict[str, Any] = {}
    for key, values in form.items():
        match = _METADATA_KEY.match(key)
        name = match.group(1) if match else (key if plain_form_keys else None)
        if name is not None and values:
            params.setdefault(name, values[0])
    return params


# -- answers ----------------------------------------------------------------------------------------


def answer(payload: Any, status: int, *, windows_1252: bool = False) -> SandboxResponse:
    """A JSON answer; ``windows_1252`` (dialect "windows-1252"): that encoding, no charset declared."""
    if windows_1252:
        body = json.dumps(payload, ensure_ascii=False).encode("cp1252", errors="replace")
        return SandboxResponse(status=status, body=body, content_type="application/json")
    return SandboxResponse.json(payload, status)


def failure_body(error: CliqphoneError) -> dict[str, str]:
    return {"state": "ko", "codeErreur": error.code, "messageErreur": error.message}


def login_json(token: str, expires: datetime) -> dict[str, str]:
    """§II: C1's success."""
    return {
        "state": "ok",
        "codeErreur": "0000",
        "messageErreur": "",
        "token": token,
        "tokenExprid": expires.astimezone(PARIS).strftime(TOKEN_EXPIRY_FORMAT),
    }


def _active_label(active: bool) -> str:
    return "Actif" if active else "Inactif"


def zone_json(zone: Zone) -> dict[str, Any]:
    """§III 'Objet Zone'."""
    return {
        "id": str(zone.id),
        "code": zone.code,
        "pays": zone.pays,
        "nom": zone.nom,
        "prefix": zone.prefix,
        "type": zone.type,
        "etat": _active_label(zone.active),
    }


def media_json(media: Media) -> dict[str, Any]:
    """§7 media object."""
    return {
        "id": str(media.id),
        "nom": media.nom,
        "url": media.url,
        "type": media.type,
        "typeName": MEDIA_TYPE_NAMES[media.type],
        "entreprise": COMPANY,
        "info": media.info,
        "etat": _active_label(media.active),
    }


def number_by_zone_json(record: NumberRecord) -> dict[str, Any]:
    """§3 (C4) number object."""
    return {
        "id": str(record.id),
        "code": record.code,
        "numero": record.numero,
        "type": "2" if record.fax else "1",
        "entreprise": COMPANY if record.owned else None,
        "etat": _active_label(record.active),
        "info": record.info,
        # §3 'telephon: Type de téléphone (0:Fax,1:téléphone)'.
        "telephon": "0" if record.fax else "1",
        "nomPorteur": record.nom_porteur,
    }


def number_listing_json(record: NumberRecord) -> dict[str, Any]:
    """§4 (C5) number object: the C4 one plus "Compagne" (capitalised, as documented)."""
    return {**number_by_zone_json(record), "Compagne": record.compagne}
