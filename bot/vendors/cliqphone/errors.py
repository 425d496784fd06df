"""Cliqphone errors: ``{"state":"ko","codeErreur","messageErreur"}`` answers, usually with HTTP 200.

The same code means different things in different operations (0308 is the zone in C3,
the holder in C5 and C6/C7; 0306 the number in C4, the campaign in C5), so each
operation has its own table of plain sentences, taken from that operation's own error
table in the document (decisions.md: "each operation's own table; §III's list is
overruled"). Each sentence names the field and says what to do.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

import httpx

from bot.vendors.cliqphone.models import field_of, printed_answer
from bot.vendors.errors import VendorError, status_error
from bot.vendors.http import decoded

__all__ = [
    "ACCOUNT_CODES",
    "AUTH_CODES",
    "TOKEN_CODES",
    "CliqphoneError",
    "Operation",
    "error_from_body",
    "error_from_status",
    "normalise_code",
    "plain_sentences",
]

VENDOR = "cliqphone"
DISPLAY = "Cliqphone"


class Operation(StrEnum):
    """The inventory ids (specs/README.md), used to pick the right error table."""

    AUTH = "C1"
    ZONES = "C2"
    ZONE = "C3"
    AVAILABLE = "C4"
    NUMBERS = "C5"
    ADD = "C6"
    EDIT = "C7"
    MEDIA = "C8"


#: §II (table column "Code"; the message column's "00 02" for both is OCR noise, decisions.md).
AUTH_CODES = {
    "0001": "the Cliqphone API account is inactive: a Relais admin must ask Cliqphone to activate it",
    "0002": "Cliqphone refused the login or password: a Relais admin must check CLIQPHONE_LOGIN and CLIQPHONE_PASSWORD",
    "0003": "Cliqphone refused the session token twice: try again in a minute, and ask a Relais admin if it goes on",
    "0004": "the Cliqphone session expired and could not be renewed: try again in a minute",
}
#: Login refusals only an admin can cure (the account or the credentials).
ACCOUNT_CODES = frozenset({"0001", "0002"})
#: Answers after which the client logs in again once and repeats the request once.
TOKEN_CODES = frozenset({"0003", "0004"})

_ZONE = "Cliqphone does not know this zone code: `/number zones` lists them (e.g. `fr_01`)"
_ETAT_BOOL = "etat: true (active) or false (inactive), e.g. `etat=true`"

#: The sandbox's answers to what the document never covers (decisions.md: 0400, 0404, 0405).
_PROTOCOL = {
    "0400": "Cliqphone could not read the request Relais sent: try again, and ask a Relais admin if it goes on",
    "0404": "Cliqphone does not know this operation's address: check CLIQPHONE_URL",
    "0405": "Cliqphone refused how Relais asked for this operation: a Relais admin must check CLIQPHONE_URL",
}

_SETTINGS = {
    # §5 iii. / §6 iii. tables, with the decisions on the duplicated and mismatched codes.
    "0301": _ETAT_BOOL,
    "0302": "type: `Rep` (answering machine) or `Ren` (call forwarding)",
    "0303": "numRenvoi: the forwarding number needs 8 to 15 digits, no +, e.g. `33612345678`",
    "0304": "numero: this number already belongs to a Cliqphone account; `/number available` lists free ones",
    "0305": "numero: 8 to 15 digits, no +, e.g. `33187224466`",
    "0307": _ZONE,
    "0308": "nomPorteur: the holder's name needs 2 to 20 characters",
    "0309": "type: `Rep` (answering machine) or `Ren` (call forwarding)",
    # §III gives 0310 as "Type de renvoi invalide", the field rules give 0313 (decisions.md).
    "0310": "typeRenvoi: `Par` (parallel) or `Seq` (sequential)",
    "0311": "activeAppelEntrant: true or false",
    "0312": "activeAppelSortant: true or false",
    "0313": "typeRenvoi: `Par` (parallel) or `Seq` (sequential)",
    "0314": "notificationEmail: true or false, and true needs an emailPorteur",
    # 0315 is printed twice (§5/§6 iii.): "invalid repondeur" and "invalid etat appel notif email";
    # the message tells them apart (``_sentence``), the answering machine when it says neither.
    "0315": "repondeur: the id of an answering-machine (R) media; `/number media type=R` lists them",
    "0316": "playback: the id of a play-back (PB) media; `/number media type=PB` lists them",
    "0317": "musicAattente: the id of a hold-music (MA) media; `/number media type=MA` lists them",
    "0318": "activerEnregistrement: true or false",
    # The description column says 0323 for the recording flag; the message says 0318 (decisions.md).
    "0323": "activerEnregistrement: true or false",
    "0320": "id: no number of the company has this id; `/number list` shows the ids",
    # The sandbox's own codes for rules the document states without a code (decisions.md).
    "0321": "messageIntroduction: the id of an introduction (MI) media; `/number media type=MI` lists them",
    "0322": "messageEnregistrement: the id of a recording-notice (ME) media; `/number media type=ME` lists them",
    "0324": "emailPorteur: not a valid e-mail address, e.g. `jeanne@example.fr`",
    "0325": "sonnerie: a ring time from 1 to 120 seconds",
    "0326": "hourFin: the end hour must come after hourDebut (HH:MM), e.g. 09:00 to 18:00",
    "0327": "jours: `All` or distinct days among Lu Ma Me Je Ve Sa Di, e.g. `Lu,Ma,Me`",
    "0328": "dateFin: dates are YYYY-MM-DD; dateFin must be today or later and not before dateDebut",
    "0329": "idMessage: unknown message id",
}

_TABLES: dict[Operation, dict[str, str]] = {
    Operation.AUTH: {},
    Operation.ZONES: {},
    Operation.ZONE: {"0308": _ZONE},  # §2 iii.
    Operation.AVAILABLE: {  # §3 iii.
        "0310": _ZONE,
        "0306": "numero: 4 to 15 digits of the number you look for, e.g. `8722`",
    },
    Operation.NUMBERS: {  # §4 iii.; 0303–0305 share 0319's cell (decisions.md)
        "0310": _ZONE,
        "0301": _ETAT_BOOL,
        "0302": "type: `TE` (telephone) or `FA` (fax)",
        "0303": "numero: 4 to 15 digits found in one of your numbers",
        "0304": "numero: 4 to 15 digits found in one of your numbers",
        "0305": "numero: 4 to 15 digits found in one of your numbers",
        "0319": "numero: 4 to 15 digits found in one of your numbers",
        "0306": "compagne: 2 to 20 characters, the exact name of one of your campaigns",
        "0308": "porteur: 2 to 20 characters, the exact name of one of your number holders",
    },
    Operation.ADD: _SETTINGS,
    Operation.EDIT: _SETTINGS,
    Operation.MEDIA: {  # §7 iii.
        "0201": _ETAT_BOOL,
        "0202": "type: one of R, ME, PB, MI, MA (e.g. `type=MA` for hold music)",
    },
}


#: Each operation in the user's words, for the refusals its table does not list.
OPERATION_WORDS = {
    Operation.AUTH: "the login",
    Operation.ZONES: "listing the zones",
    Operation.ZONE: "reading the zone",
    Operation.AVAILABLE: "the search for free numbers",
    Operation.NUMBERS: "listing your numbers",
    Operation.ADD: "adding the number",
    Operation.EDIT: "changing the number",
    Operation.MEDIA: "listing the media",
}


class CliqphoneError(VendorError):
    """Any failed Cliqphone call: HTTP status, the vendor's code and message, a plain sentence."""

    display = DISPLAY


def normalise_code(raw: Any) -> str:
    """'00 02', '030 8', 2 → '0002', '0308', '0002': the document's codes are four digits, OCR splits them."""
    digits = "".join(ch for ch in str(raw or "") if ch.isdigit())
    return digits.zfill(4) if digits else ""


def plain_sentences(operation: Operation) -> dict[str, str]:
    """Every code ``operation`` may answer → its plain sentence (auth and protocol codes included)."""
    return {**AUTH_CODES, **_PROTOCOL, **_TABLES[operation]}


def _login_code(code: str, message: str) -> str:
    """§II's code column gives 0001 inactive / 0002 bad login, §III's list the reverse: the vendor's words decide."""
    words = message.lower()
    if code not in TOKEN_CODES:
        if "inactif" in words or "inactive" in words:
            return "0001"
        if "mdp" in words or "login" in words or "mot de passe" in words or "password" in words:
            return "0002"
    return code


#: §5/§6 iii. "0315 … invalid etat appel notif email": the e-mail notice, told by the message.
NOTIFICATION_0315 = "notificationEmail: true or false (e-mail notifications of calls)"


def _sentence(code: str, message: str, operation: Operation) -> str | None:
    """The plain sentence for ``code``; the vendor's words settle the codes the document uses twice."""
    if operation is Operation.AUTH:
        return plain_sentences(operation).get(_login_code(code, message))
    words = message.lower()
    if operation in {Operation.ADD, Operation.EDIT} and code == "0315" and ("notif" in words or "mail" in words):
        return NOTIFICATION_0315
    return plain_sentences(operation).get(code)


#: A login refusal in words or a code the document does not give: still the account's problem.
_LOGIN_REFUSED = (
    "Cliqphone refused the login: a Relais admin must check CLIQPHONE_LOGIN, CLIQPHONE_PASSWORD and the account"
)


def error_from_body(body: dict[str, Any], status: int = 200, operation: Operation = Operation.AUTH) -> CliqphoneError:
    code = normalise_code(field_of(body, "codeErreur"))
    message = str(field_of(body, "messageErreur") or "")
    sentence = _sentence(code, message, operation)
    if sentence is None and operation is Operation.AUTH:
        sentence = _LOGIN_REFUSED
    if sentence is None:
        sentence = (
            f"Cliqphone refused {OPERATION_WORDS[operation]} for a reason Relais does not know: "
            "check what you typed and try again"
        )
    # A "ko" with no code is still a refusal (NOT_SENT): it carries no code Cliqphone did not send.
    return CliqphoneError(VENDOR, sentence, status=status, code=code or None, message=message)


def error_from_status(response: httpx.Response, operation: Operation = Operation.AUTH) -> CliqphoneError:
    """A non-2xx answer: the vendor's code when the body carries one (0404, 0405…), else the status in words.

    A ``{"state":"ko","codeErreur":…}`` is the vendor's refusal whatever the status, 5xx
    included (a REST server may put its refusals under 500): failed, in its words. Under 5xx
    anything else (a code without "ko", a proxy's page) stays the status: the vendor may have acted.
    """
    status, text = response.status_code, decoded(response)
    body = _object_of(text)
    if body is not None and field_of(body, "codeErreur"):
        refusal = str(field_of(body, "state") or "").strip().lower() == "ko"
        if status < 500 or refusal:
            return error_from_body(body, status, operation)
    return status_error(CliqphoneError, VENDOR, DISPLAY, status, text, OPERATION_WORDS[operation])


def _object_of(text: str) -> dict[str, Any] | None:
    """The answer's JSON object, else the fields read from it as the document prints them; None otherwise."""
    try:
        body = json.loads(text)
    except ValueError:
        return printed_answer(text)
    return body if isinstance(body, dict) else None
