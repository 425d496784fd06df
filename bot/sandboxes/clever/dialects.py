"""Other readings of the Clever Multimedias document ("dialects"), for the sandbox.

Each one is what a real server could answer (or require) given the document's own words,
switched on per sandbox (none by default). The functions here are pure: they rewrite an
answer's JSON, or a request's ``datas``, the way the dialect reads the document.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from bot.sandboxes.clever.rules import bad
from bot.sandboxes.frame import PARIS

__all__ = [
    "DIALECTS",
    "bare_listing",
    "camel_case",
    "company_beside_account",
    "examples_only",
    "iso_dates",
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
