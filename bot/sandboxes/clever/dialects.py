"""Other readings of the Clever Multimedias document ("dialects"), for the sandbox.

Each one is what a real server could answer (or require) given the document's own words,
switched on per sandbox (none by default). The functions here are pure: they rewrite an
answer (``in_dialect``), or a request's ``datas`` (``read_as_examples``), or hide a path
(``hides``), the way the switched-on dialects read the document.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Set
from datetime import datetime
from typing import Any

from bot.sandboxes.clever.rules import bad
from bot.sandboxes.frame import PARIS, SandboxRequest, SandboxResponse

__all__ = [
    "DIALECTS",
    "bare_listing",
    "camel_case",
    "company_beside_account",
    "examples_only",
    "hides",
    "in_dialect",
    "iso_dates",
    "read_as_examples",
]

DIALECTS: dict[str, str] = {
    "accepted-202": (
        "§2.3: 'Les méthodes POST peuvent répondre avec un code de réponse 201 Created ou 202 Accepted … "
        "Sinon une réponse sans contenu' and 'le PUT répondra avec un 202 Accepted': every POST and PUT that "
        "succeeds is carried out and answered 202 with no body"
    ),
    "camel-case": (
        "§3.5 / §3.7 examples answer 'lastName', 'gsmPrimary' and '\"id\": \"155576\"': every answer's keys in "
        "camelCase (nbDestination, hdSend, dateSend, predefinedMessages…) and every number as a string"
    ),
    "bare-lists": (
        "§2.3: 'Toutes les méthodes GET répondent avec le JSON de la ou des ressource(s) demandée(s)': listings "
        "(contacts, deliveries, MOs, fields, predefined messages) are the bare JSON array, without a wrapper"
    ),
    "company-beside-account": "§3.1 screenshot: `company` beside `account` at the top level, not nested in it",
    "not-yet-available": (
        "§3.24 'Lister les champs additionnels (à venir)' and §3.25 '… messages prédéfinis (à venir)': "
        "fieldlist and predefinedmessage are not there yet (404)"
    ),
    "examples-spelling": (
        "requests are read only as the captured examples write them: number_list / email_list as one ';' "
        "string (§3.11 '\"+33600000001;+33600000002\"'), contacts as 'lastName' / 'gsmPrimary' (§3.5, §3.6); "
        "an array, or the table's spelling alone, is 400"
    ),
    "screenshot-paths": (
        "the captured requests call '/api/accounts/me' (§3.1), '/api/pushmails' (§3.12), '/api/pushmailcriteria' "
        "(§3.14) and '/api/pushmailbroadcasts' (§3.16): only those names answer; the URL lines' "
        "'/api/account/me' and '/api/pushsmail…' are 404"
    ),
    "iso-dates": (
        "§3.15's answer and the §3.19 screenshot write dates as '2017-10-12T18:05:30+0200': every date of every "
        "answer in that form"
    ),
}

#: The URL lines' spellings that the screenshots write otherwise (decisions "Paths").
URL_LINE_ONLY = re.compile(r"/api/account/me|/api/pushsmail.*")
_WALL_CLOCK = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
#: The table's spellings that the §3.5 / §3.6 examples write otherwise (lastName, gsmPrimary).
_TABLE_ONLY = ("lastname", "last_name", "gsm_primary")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def camel_case(value: Any) -> Any:
    """Keys in camelCase, numbers as strings (booleans and nulls kept), at every depth."""
    if isinstance(value, dict):
        return {_camel(str(key)): camel_case(item) for key, item in value.items()}
    if isinstance(value, list):
        return [camel_case(item) for item in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def iso_dates(value: Any) -> Any:
    """Every ``Y-m-d H:i:s`` (Paris) value as ``Y-m-dTH:i:s+0200``."""
    if isinstance(value, dict):
        return {key: iso_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [iso_dates(item) for item in value]
    if isinstance(value, str) and _WALL_CLOCK.fullmatch(value):
        local = datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=PARIS)
        return local.strftime("%Y-%m-%dT%H:%M:%S%z")
    return value


def company_beside_account(body: Any) -> Any:
    """``{"account": {…, "company": {…}}}`` → ``{"account": {…}, "company": {…}}``."""
    account = body.get("account") if isinstance(body, dict) else None
    if not isinstance(account, dict) or "company" not in account:
        return body
    inner = dict(account)
    company = inner.pop("company")
    return {**body, "account": inner, "company": company}


def bare_listing(body: Any) -> Any:
    """``{"<wrapper>": [...]}`` → ``[...]``; anything else as it is."""
    if isinstance(body, dict) and len(body) == 1:
        (only,) = body.values()
        if isinstance(only, list):
            return only
    return body


def examples_only(datas: dict[str, Any], path: str) -> dict[str, Any]:
    """``datas`` as a server reading only the examples' spellings sees it (raises ApiError 400)."""
    for name in ("number_list", "email_list"):
        if name in datas and not isinstance(datas[name], str):
            raise bad(f'{name} : chaîne attendue ("+33600000001;+33600000002").')
    if path.startswith("/api/contacts"):
        return {key: value for key, value in datas.items() if key not in _TABLE_ONLY}
    return datas


def hides(dialect: Set[str], path: str) -> bool:
    """Whether the switched-on dialects make ``path`` unknown (404) before any other check."""
    if "not-yet-available" in dialect and path in ("/api/fieldlist", "/api/predefinedmessage"):
        return True
    return "screenshot-paths" in dialect and URL_LINE_ONLY.fullmatch(path) is not None


def read_as_examples(request: SandboxRequest) -> SandboxRequest:
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
    seen = examples_only(datas, request.path)
    return dataclasses.replace(request, body=json.dumps({"datas": seen}).encode("utf-8"))


def in_dialect(dialect: Set[str], request: SandboxRequest, response: SandboxResponse) -> SandboxResponse:
    """A success answer as the switched-on dialects write it (errors keep the decided form)."""
    if not 200 <= response.status < 300:
        return response
    if "accepted-202" in dialect and request.method in ("POST", "PUT"):
        return SandboxResponse.empty(202)
    if not response.body or not {"company-beside-account", "camel-case", "bare-lists", "iso-dates"} & dialect:
        return response
    body = json.loads(response.body)
    if "company-beside-account" in dialect:
        body = company_beside_account(body)
    if "iso-dates" in dialect:
        body = iso_dates(body)
    if "camel-case" in dialect:
        body = camel_case(body)
    if "bare-lists" in dialect and request.method == "GET":
        body = bare_listing(body)
    return SandboxResponse.json(body, status=response.status)
