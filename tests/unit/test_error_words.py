"""Each vendor's documented codes and statuses → the plain sentence the user reads: what happened, then what to do.

The vendor's own words never enter the sentence: they are in ``detail`` (the context line under it).
"""

from __future__ import annotations

import httpx
import pytest

from bot.vendors.axialys.errors import refusal_from_text
from bot.vendors.clever.errors import error_from_response
from bot.vendors.cliqphone.errors import Operation, error_from_body, plain_sentences

VENDOR_WORDS = "mots du fournisseur"


def _what_to_do(plain: str) -> str:
    """The part after the first colon: what the user should do (every sentence has one)."""
    assert ": " in plain, f"no 'what to do' in {plain!r}"
    return plain.split(": ", 1)[1]


# -- Clever Multimedias: §2.3's statuses -------------------------------------------------------------------

CLEVER = [
    (400, "Clever Multimedias refused a value of the request", "correct it and try again"),
    (401, "Clever Multimedias refused our credentials", "a Relais admin must check CLEVER_USERNAME"),
    (402, "the Clever Multimedias account has not enough credit for this", "ask for more credit"),
    (403, "Clever Multimedias does not allow this operation for our account", "ask a Relais admin"),
    (404, "Clever Multimedias has no such item", "check the reference or id"),
    (405, "Clever Multimedias does not allow this operation now", "check the item's state, then try again"),
    (409, "this conflicts with something that already exists at Clever Multimedias", "check the existing one"),
    (430, "the Clever Multimedias account has expired", "renew it with Clever Multimedias"),
    (500, "Clever Multimedias failed while processing the request", "check whether it was done before trying"),
    (501, "Clever Multimedias does not support this operation", "ask a Relais admin"),
    (503, "Clever Multimedias is temporarily unavailable", "try again in a few minutes"),
    (418, "Clever Multimedias refused the request in a way its document does not describe", "try again"),
]


@pytest.mark.parametrize(("status", "happened", "to_do"), CLEVER)
def test_each_clever_status_says_what_happened_and_what_to_do(status: int, happened: str, to_do: str) -> None:
    request = httpx.Request("GET", "https://clever.test/api/pushs/sms/Push1")
    response = httpx.Response(status, json={"code": status, "message": VENDOR_WORDS}, request=request)
    error = error_from_response(response)
    assert error.plain.startswith(happened) and to_do in _what_to_do(error.plain)
    assert VENDOR_WORDS not in error.plain and str(status) not in error.plain
    assert error.detail == f"Clever Multimedias, HTTP {status}: {VENDOR_WORDS}"


# -- Axialys WebAppel: the KO codes (docs/decisions.md "Error answers") ----------------------------------------

AXIALYS = [
    ("AUTH_MANQUANTE", "Axialys needs our credentials", "a Relais admin must set AXIALYS_EMAIL"),
    ("AUTH_INVALIDE", "Axialys refused our credentials", "a Relais admin must check AXIALYS_EMAIL"),
    ("API_DESACTIVEE", "the Axialys API is not enabled for this account", "ask your Axialys sales contact"),
    ("METHODE_INCONNUE", "Axialys does not offer this operation on this account", "ask a Relais admin"),
    ("PARAMETRE_MANQUANT", "Axialys says a required value is missing", "add it and try again"),
    ("PARAMETRE_INVALIDE", "Axialys refused a value", "correct it and try again"),
    ("FICHIER_TROP_GROS", "the file is too large for Axialys (5 MB at most)", "send a smaller one"),
    ("BLACKLISTE", "this number or IP address is blacklisted at Axialys", "use another one"),
    ("DESTINATION_INTERDITE", "this destination is not allowed for the pop-up", "`/callback popup allow`"),
    ("INTROUVABLE", "Axialys has no such item", "check the name or id"),
    ("EXISTE_DEJA", "this already exists at Axialys", "nothing to add"),
    ("CONFLIT", "this conflicts with an existing setting at Axialys", "change or delete that one first"),
    ("ETAT_INCOMPATIBLE", "Axialys cannot do this in the item's current state", "check its state and try again"),
    ("QUOTA_JOUR", "Axialys refused listing the pop-ups for a reason Relais does not know", "check what you typed"),
]


@pytest.mark.parametrize(("code", "happened", "to_do"), AXIALYS)
def test_each_axialys_code_says_what_happened_and_what_to_do(code: str, happened: str, to_do: str) -> None:
    error = refusal_from_text(400, f"KO;{code};{VENDOR_WORDS}", "popups_listing")
    assert error.plain.startswith(happened) and to_do in _what_to_do(error.plain)
    assert VENDOR_WORDS not in error.plain and code not in error.plain and "400" not in error.plain
    assert error.detail == f"Axialys WebAppel, HTTP 400, code {code}: {VENDOR_WORDS}"


# -- Cliqphone: each operation's own table ----------------------------------------------------------------

CLIQPHONE = [
    (Operation.AUTH, "0001", "the Cliqphone API account is inactive", "a Relais admin must ask Cliqphone"),
    (Operation.AUTH, "0002", "Cliqphone refused the login or password", "a Relais admin must check CLIQPHONE_LOGIN"),
    (Operation.ZONE, "0308", "Cliqphone does not know this zone code", "`/number zones` lists them"),
    (Operation.AVAILABLE, "0310", "Cliqphone does not know this zone code", "`/number zones` lists them"),
    (Operation.AVAILABLE, "0306", "numero", "4 to 15 digits of the number you look for"),
    (Operation.NUMBERS, "0302", "type", "`TE` (telephone) or `FA` (fax)"),
    (Operation.ADD, "0304", "numero", "`/number available` lists free ones"),
    (Operation.ADD, "0315", "repondeur", "`/number media type=R` lists them"),
    (Operation.EDIT, "0320", "id", "`/number list` shows the ids"),
    (Operation.MEDIA, "0202", "type", "one of R, ME, PB, MI, MA"),
    (Operation.ADD, "0404", "Cliqphone does not know this operation's address", "check CLIQPHONE_URL"),
    (Operation.ADD, "0999", "Cliqphone refused adding the number for a reason Relais does not know", "check"),
    (Operation.NUMBERS, "0999", "Cliqphone refused listing your numbers for a reason", "check what you typed"),
]


@pytest.mark.parametrize(("operation", "code", "happened", "to_do"), CLIQPHONE)
def test_each_cliqphone_code_says_what_happened_and_what_to_do(
    operation: Operation, code: str, happened: str, to_do: str
) -> None:
    error = error_from_body({"state": "ko", "codeErreur": code, "messageErreur": VENDOR_WORDS}, 200, operation)
    assert error.plain.startswith(happened) and to_do in _what_to_do(error.plain)
    assert VENDOR_WORDS not in error.plain and "HTTP" not in error.plain
    assert error.detail == f"Cliqphone, HTTP 200, code {code}: {VENDOR_WORDS}"


@pytest.mark.parametrize("operation", list(Operation))
def test_every_cliqphone_sentence_says_what_to_do_in_its_own_words(operation: Operation) -> None:
    for code, sentence in plain_sentences(operation).items():
        error = error_from_body({"state": "ko", "codeErreur": code, "messageErreur": VENDOR_WORDS}, 200, operation)
        assert _what_to_do(sentence) and VENDOR_WORDS not in error.plain, (operation, code)
