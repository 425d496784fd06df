"""Axialys WebAppel refusals, in every form a server could write them.

The document shows only ``OK`` ("Toutes les méthodes qui vont suivre retournent 'OK'. Dans le
cas contraire le format des données retournées sera spécifié") and never shows an error. So a
refusal is read in any words: a ``KO`` line (``KO;CODE;msg``, ``KO``, ``KO: msg``, ``KO - msg``),
any 4xx status, or a plain sentence carrying an error word (``ERROR_WORDS``, the one list).
Credentials refused in any words get the credentials sentence (docs/decisions.md).
"""

from __future__ import annotations

import re
import unicodedata

import httpx

from bot.vendors.errors import VendorError, status_error, verbatim

__all__ = [
    "CREDENTIAL_WORDS",
    "ERROR_WORDS",
    "WIRE_FIELDS",
    "AxialysError",
    "error_from_response",
    "is_error_line",
    "is_unknown_method",
    "methode_of",
    "reads_as_refusal",
    "reads_as_write_refusal",
    "refusal_from_text",
]

VENDOR = "axialys"
DISPLAY = "Axialys WebAppel"

#: Each documented code → what went wrong and what to do, in the user's words (the vendor's own words
#: go in the detail line, never in here: docs/decisions.md "Plain words first").
_PLAIN = {
    "AUTH_MANQUANTE": "Axialys needs our credentials: a Relais admin must set AXIALYS_EMAIL and AXIALYS_PASSWORD",
    "AUTH_INVALIDE": "Axialys refused our credentials: a Relais admin must check AXIALYS_EMAIL and AXIALYS_PASSWORD",
    "API_DESACTIVEE": "the Axialys API is not enabled for this account: ask your Axialys sales contact",
    "METHODE_INCONNUE": "Axialys does not offer this operation on this account: ask a Relais admin to check the "
    "account's options with Axialys",
    "PARAMETRE_MANQUANT": "Axialys says a required value is missing: add it and try again "
    "(`/callback help` lists each command's options)",
    "PARAMETRE_INVALIDE": "Axialys refused a value: correct it and try again (`/callback help` shows the formats)",
    "FICHIER_TROP_GROS": "the file is too large for Axialys (5 MB at most): send a smaller one",
    "BLACKLISTE": "this number or IP address is blacklisted at Axialys: use another one",
    "DESTINATION_INTERDITE": "this destination is not allowed for the pop-up: allow it with "
    "`/callback popup allow`, or use another pop-up",
    "INTROUVABLE": "Axialys has no such item: check the name or id (the `/callback` listings show them)",
    "EXISTE_DEJA": "this already exists at Axialys: nothing to add (the `/callback` listings show it)",
    "CONFLIT": "this conflicts with an existing setting at Axialys: change or delete that one first",
    "ETAT_INCOMPATIBLE": "Axialys cannot do this in the item's current state: check its state and try again",
}

#: Each ``methode`` → the operation in the user's words, for refusals the document gives no code for.
OPERATIONS = {
    "operateurs_liste_groupes": "listing the operator groups",
    "operateur_ajout": "adding the operator",
    "operateur_supp": "removing the operator",
    "operateurs_listing": "listing the operators",
    "operateur_mode": "changing the group's ordering",
    "blacklistage_numero": "blacklisting the number",
    "blacklistage_IP": "blacklisting the IP address",
    "planning_plage_add": "adding the opening hours",
    "planning_plage_del": "deleting the opening hours",
    "planning_exception_add": "adding the closing day",
    "planning_ajout_exception": "adding the closing day",
    "planning_exception_del": "deleting the closing day",
    "planning_plages_listing": "listing the plannings",
    "planning_plage_details": "reading the planning",
    "popups_listing": "listing the pop-ups",
    "popup_ajout": "creating the pop-up",
    "popup_maj": "changing the pop-up",
    "popup_destinations": "listing the pop-up's destinations",
    "popup_destination_ajout": "allowing the destinations",
    "popup_destination_supp": "forbidding the destinations",
    "popup_del": "deleting the pop-up",
    "fichier_recuperer": "fetching the file",
    "fichier_deposer": "uploading the file",
    "fichier_supprimer": "deleting the file",
    "appel": "placing the call",
    "appel_annuler": "cancelling the call",
    "appel_listing": "listing the calls",
    "appels_resume": "reading the call statistics",
    "centrex_listing": "listing the Centrex accounts",
}


#: The vendor's parameter names → the names Relais users type (options, modal fields).
WIRE_FIELDS = {
    "e164": "number",
    "nbressais": "retries",
    "rec": "record",
    "dureemaxi": "max",
    "delais": "delay",
    "nom": "name",
    "id_popup": "pop-up",
    "id_tracking": "tracking id",
    "id_contact": "tracking id",
    "nom_liste_op": "group",
    "duree_sonnerie_op": "ring",
    "priorite": "position",
    "ordonnancement": "ordering",
    "nom_plage": "planning",
    "jour": "day",
    "h_debut": "start",
    "h_fin": "end",
    "nom_popup": "name",
    "liste_destination": "destinations",
    "id_destination": "destinations",
    "type": "type",
    "ip": "ip",
    "client_ip": "ip",
}

_NAMED_FIELD = re.compile(r"^\s*([A-Za-z_0-9\[\]]+)\s*:")


class AxialysError(VendorError):
    """Any failed Axialys WebAppel call."""

    display = DISPLAY


#: Words that make a sentence a refusal (compared without accents, in lower case). The one list.
ERROR_WORDS = (
    "erreur",
    "error",
    "echec",
    "echoue",
    "invalide",
    "invalid",
    "incorrect",
    "interdit",
    "refus",
    "non autorise",
    "inconnu",
    "manquant",
    "absent",
    "obligatoire",
    "introuvable",
    "inexistant",
    "n'existe pas",
    "impossible",
    "desactive",
    "denied",
    "unknown",
    "missing",
    "required",
    "forbidden",
    "not found",
    "not allowed",
    "unauthori",
    "failed",
    "failure",
)
#: Words that make a refusal about our credentials (AXIALYS_EMAIL / AXIALYS_PASSWORD).
CREDENTIAL_WORDS = (
    "mot de passe",
    "password",
    "identifiants",
    "authentif",
    "authentic",
    "credential",
    "login",
    "unauthori",
    "non authentifie",
)
_CREDENTIALS_PLAIN = _PLAIN["AUTH_INVALIDE"]
_KO = re.compile(r"^\s*KO(?![A-Za-z0-9_])\s*[;:\-–,]?\s*", re.IGNORECASE)
_CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_OK_FIRST = re.compile(r"^\s*OK(?![A-Za-z0-9_])", re.IGNORECASE)
#: Words saying a write was done (compared folded, as whole words): "Demande de rappel enregistrée (délai
#: inconnu…)" holds an error word, yet says it acted. The one list of them.
_SUCCESS_WORDS = re.compile(
    r"\b(?:(?:enregistr|effectu|cre|accept)e+s?|pris en compte|succes|success\w*|accepted|created|saved|registered)\b"
)
#: The documented id (popup_ajout, appel) first, whatever follows it: "12345<br /><b>Warning</b>…" (a PHP warning).
_LEADING_ID = re.compile(r"^\s*(?:OK\s*[;:,\- ]\s*)?\d+(?!\d)", re.IGNORECASE)


def folded(text: str) -> str:
    """Lower case without accents, one space between words: how the word lists are compared."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().replace("\u2019", "'").split())


def is_error_line(line: str) -> bool:
    """``KO``, ``KO;CODE;msg``, ``KO: msg``, ``KO - msg`` (any case); not a word that merely starts with KO."""
    return _KO.match(line) is not None


def reads_as_refusal(text: str) -> bool:
    """A ``KO`` line, or a sentence with an error word: the vendor said no, in some words.

    A body that starts with ``OK`` is never a refusal ("OK, aucune erreur"): if it is not the
    documented ``OK`` either, its outcome is unknown, so that nobody sends it again.
    """
    first = text.strip().splitlines()[0] if text.strip() else ""
    if is_error_line(first):
        return True
    if _OK_FIRST.match(first):
        return False
    words = folded(text)
    return any(word in words for word in ERROR_WORDS)


def reads_as_write_refusal(text: str, *, returns_id: bool = False) -> bool:
    """After a write: a ``KO`` line, or an error sentence that neither starts with the documented id nor says done.

    A write answered with its id followed by other words, or in words saying it was done (enregistré,
    effectué, pris en compte, succès, créé, accepté…), may have acted even if an error word follows: it
    is never a refusal (which a user may send again) but unknown. A 4xx is a refusal before this is asked.
    """
    stripped = text.strip()
    if is_error_line(stripped.splitlines()[0] if stripped else ""):
        return True
    if returns_id and _LEADING_ID.match(text):
        return False
    if _SUCCESS_WORDS.search(folded(text)):
        return False
    return reads_as_refusal(text)


def _about_credentials(text: str) -> bool:
    words = folded(text)
    if any(word in words for word in CREDENTIAL_WORDS):
        return True
    # "identifiant incorrect" is the login; "identifiant popup inconnu" is an id_popup (§1 "Identifiant popup").
    return "identifiant" in words and not any(w in words for w in ("popup", "pop-up", "destination", "tracking"))


def is_unknown_method(error: VendorError) -> bool:
    """The vendor says it has no such ``methode`` (so nothing was done), in any words."""
    if error.code == "METHODE_INCONNUE":
        return True
    words = folded(error.message or "")
    method = "methode" in words or "method" in words or "fonction" in words
    unknown = any(w in words for w in ("inconnu", "unknown", "n'existe pas", "inexistant", "not exist", "not found"))
    return method and unknown


def refusal_from_text(status: int, text: str, methode: str = "") -> AxialysError:
    """A refusal in the vendor's words: ``KO…`` parsed for its code, a sentence kept verbatim.

    ``methode``: the operation refused, named in the sentence when the code is not documented.
    """
    first = text.strip().splitlines()[0] if text.strip() else ""
    match = _KO.match(first)
    if match is None:
        return _sentence_refusal(status, text, methode)
    rest = first[match.end() :]
    code, _, message = rest.partition(";")
    code = code.strip()
    if not _CODE.match(code.upper()) or (code.upper() not in _PLAIN and " " in code):
        code, message = "", rest  # "KO: identifiants incorrects": no code, all message
    code = code.upper()
    if code and code in _PLAIN:
        return _coded_refusal(status, code, message.strip())
    if _about_credentials(rest) or status == 401:
        words = verbatim(rest or first)
        return AxialysError(VENDOR, _CREDENTIALS_PLAIN, status=status, code=code or None, message=words)
    return AxialysError(
        VENDOR, _unknown_refusal(methode), status=status, code=code or None, message=verbatim(message or rest or first)
    )


def _unknown_refusal(methode: str) -> str:
    """A refusal the document gives no meaning to: which operation, and what to do."""
    what = OPERATIONS.get(methode, "this request")
    return f"Axialys refused {what} for a reason Relais does not know: check what you typed and try again"


def _coded_refusal(status: int, code: str, message: str) -> AxialysError:
    plain = _PLAIN[code]
    field = _field_named(message)
    if field and code in {"PARAMETRE_MANQUANT", "PARAMETRE_INVALIDE"}:
        plain = f"{field}: {plain}"
    return AxialysError(VENDOR, plain, status=status, code=code, message=message[:300])


def _sentence_refusal(status: int, text: str, methode: str = "") -> AxialysError:
    """A refusal written as a sentence (any status): the vendor's words, the credentials sentence when it is that."""
    words = verbatim(text)
    if status == 401 or _about_credentials(text):
        plain = _CREDENTIALS_PLAIN
    elif status == 403 and "activ" in folded(text):
        plain = _PLAIN["API_DESACTIVEE"]
    else:
        plain = _unknown_refusal(methode)
    return AxialysError(VENDOR, plain, status=status, message=words)


def error_from_response(response: httpx.Response, text: str | None = None) -> AxialysError:
    """A non-success status (or a refusal under 2xx): 4xx is a refusal in the vendor's words, 5xx per status."""
    status = response.status_code
    body = response.text if text is None else text
    methode = methode_of(response)
    if is_error_line(body.strip().splitlines()[0] if body.strip() else ""):
        return refusal_from_text(status, body, methode)
    if 400 <= status < 500 and status not in (408, 429):
        if not body.strip():
            return status_error(AxialysError, VENDOR, DISPLAY, status, body, OPERATIONS.get(methode, ""))
        return _sentence_refusal(status, body, methode)
    if 200 <= status < 300 and reads_as_refusal(body):
        return refusal_from_text(status, body, methode)
    return status_error(AxialysError, VENDOR, DISPLAY, status, body, OPERATIONS.get(methode, ""))


def methode_of(response: httpx.Response) -> str:
    """The ``methode`` the answered request named (every call carries it in its query), else ""."""
    try:
        return str(response.request.url.params.get("methode", ""))
    except RuntimeError:  # a response built without its request (tests)
        return ""


def _field_named(message: str) -> str | None:
    """The Relais name of the parameter a KO message starts with ("rec : valeur invalide" → "record")."""
    match = _NAMED_FIELD.match(message)
    if not match:
        return None
    wire = match.group(1).removesuffix("[]")
    return WIRE_FIELDS.get(wire, wire)
