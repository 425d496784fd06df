"""Every Axialys error reaches the user in plain words with the vendor's code kept; admin failures are audited."""

from __future__ import annotations

import pytest

from tests.axialys_support import API, admin, card_of, methods, refuse, sandbox
from tests.conftest import ADMIN, MEMBER, Relais
from tests.problem_support import problem_parts

#: Each documented KO code (docs/decisions.md "Error answers") → its status and the words the user reads.
CODES = [
    (400, "PARAMETRE_MANQUANT", "Axialys says a required value is missing"),
    (400, "PARAMETRE_INVALIDE", "Axialys refused a value"),
    (400, "METHODE_INCONNUE", "Axialys does not offer this operation on this account: ask a Relais admin"),
    (400, "FICHIER_TROP_GROS", "the file is too large for Axialys (5 MB at most)"),
    (401, "AUTH_MANQUANTE", "Axialys needs our credentials: a Relais admin must set AXIALYS_EMAIL"),
    (401, "AUTH_INVALIDE", "Axialys refused our credentials: a Relais admin must check AXIALYS_EMAIL"),
    (403, "API_DESACTIVEE", "the Axialys API is not enabled for this account"),
    (403, "BLACKLISTE", "this number or IP address is blacklisted at Axialys"),
    (403, "DESTINATION_INTERDITE", "this destination is not allowed for the pop-up"),
    (404, "INTROUVABLE", "Axialys has no such item"),
    (409, "EXISTE_DEJA", "this already exists at Axialys"),
    (409, "CONFLIT", "this conflicts with an existing setting at Axialys"),
    (409, "ETAT_INCOMPATIBLE", "Axialys cannot do this in the item's current state"),
]


@pytest.mark.parametrize(("status", "code", "words"), CODES)
def test_each_ko_code_is_said_in_words_with_the_code_kept(relais: Relais, status: int, code: str, words: str) -> None:
    sandbox(relais).inject_fault(status, body=f"KO;{code};refus du service".encode(), path_prefix=API)
    [reply] = relais.command("/callback popup list")
    main, detail = problem_parts(reply)
    assert words in main and "refus du service" not in main and "HTTP" not in main and code not in main
    assert detail == f"Axialys WebAppel, HTTP {status}, code {code}: refus du service"


def test_a_refused_value_names_the_relais_field(relais: Relais, monkeypatch: pytest.MonkeyPatch) -> None:
    refuse(
        relais, monkeypatch, "operateur_ajout", "KO;PARAMETRE_INVALIDE;duree_sonnerie_op : valeur invalide", status=400
    )
    text = admin(relais, "/callback operators add support 0170200259 ring=30")
    assert "ring: Axialys refused a value: correct it and try again" in text
    assert "code PARAMETRE_INVALIDE: duree_sonnerie_op : valeur invalide" in text
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.operation, entry.outcome, entry.vendor_code) == ("A2 add operator", "failed", "PARAMETRE_INVALIDE")


def test_wrong_credentials_are_said_and_the_password_never_shown(relais: Relais) -> None:
    ours = sandbox(relais)._password  # what Relais sends
    sandbox(relais).set_credentials("autre@exemple.fr", "autre-secret")
    text = relais.reply_text("/callback operators list")
    assert "Axialys refused our credentials: a Relais admin must check AXIALYS_EMAIL and AXIALYS_PASSWORD" in text
    assert "AUTH_INVALIDE" in text and ours not in text


def test_an_account_without_the_api_is_said(relais: Relais) -> None:
    sandbox(relais).set_api_enabled(False)
    text = relais.reply_text("/callback planning list")
    assert "the Axialys API is not enabled for this account" in text and "API_DESACTIVEE" in text


def test_an_operator_already_in_the_group(relais: Relais) -> None:
    text = admin(relais, "/callback operators add support 01 70 20 02 58")
    assert "this already exists at Axialys" in text and "EXISTE_DEJA" in text
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.user_id, entry.outcome, entry.vendor_code) == (ADMIN, "failed", "EXISTE_DEJA")


def test_a_destination_forbidden_between_the_card_and_send_is_refused_in_words(relais: Relais) -> None:
    card = card_of(relais.command("/callback 0612345679 popup=77"))
    admin(relais, "/callback popup forbid 77 FR_Mobile")
    relais.click(card, "Place call", user=MEMBER)
    shown = relais.standin.find(card.ts)
    assert shown is not None
    assert "this destination is not allowed for the pop-up" in shown.all_text()
    assert "DESTINATION_INTERDITE" in shown.all_text()
    assert len(methods(relais, "appel")) == 1


def test_a_vendor_outage_on_a_read_is_said_after_the_retries(relais: Relais) -> None:
    sandbox(relais).inject_fault(503, count=10, path_prefix=API)
    text = relais.reply_text("/callback popup list")
    assert "temporarily unavailable" in text
    sandbox(relais).clear_faults()
    assert "Accueil" in relais.reply_text("/callback popup list")
