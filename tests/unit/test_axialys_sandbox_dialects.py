"""The Axialys sandbox's dialects on the wire: what each other reading of the document answers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest

from bot.sandboxes.axialys.server import API_PATH, AxialysSandbox
from bot.sandboxes.frame import PARIS, SandboxClock

EMAIL = AxialysSandbox.credentials["AXIALYS_EMAIL"]
PASSWORD = AxialysSandbox.credentials["AXIALYS_PASSWORD"]
TUESDAY_10H = datetime(2026, 3, 10, 10, 0, tzinfo=PARIS)


@pytest.fixture
def speaking(request: pytest.FixtureRequest) -> Iterator[tuple[AxialysSandbox, httpx.Client]]:
    sandbox = AxialysSandbox(SandboxClock(TUESDAY_10H), dialect=request.param)
    with sandbox, httpx.Client(base_url=sandbox.start(), timeout=5) as http:
        yield sandbox, http


def api(http: httpx.Client, methode: str, password: str = PASSWORD, **params: Any) -> httpx.Response:
    return http.get(API_PATH, params={"methode": methode, "email": EMAIL, "pass": password, **params})


def dialect(name: str) -> pytest.MarkDecorator:
    return pytest.mark.parametrize("speaking", [name], indirect=True)


def test_every_dialect_says_what_it_changes() -> None:
    assert set(AxialysSandbox.DIALECTS) == {"sentences", "vocabulary", "legacy-format", "examples-names"}
    assert all(len(text) > 40 for text in AxialysSandbox.DIALECTS.values())
    with pytest.raises(ValueError, match="no dialect nope"):
        AxialysSandbox(dialect="nope")


@dialect("sentences")
def test_sentences_answer_errors_as_french_sentences_under_200(speaking: tuple[AxialysSandbox, httpx.Client]) -> None:
    _, http = speaking
    refused = api(http, "operateurs_liste_groupes", password="wrong")
    assert (refused.status_code, refused.text) == (200, "Erreur : identifiants incorrects")
    unknown = api(http, "n_existe_pas")
    assert (unknown.status_code, unknown.text) == (200, "Méthode inconnue")
    missing = api(http, "operateur_supp", nom_liste_op="support")
    assert (missing.status_code, missing.text) == (200, "Paramètre manquant : e164")
    assert api(http, "operateur_mode", nom_liste_op="support", ordonnancement="FIXE").text == "OK"


@dialect("vocabulary")
def test_vocabulary_names_states_in_other_words(speaking: tuple[AxialysSandbox, httpx.Client]) -> None:
    sandbox, http = speaking
    waiting = sandbox.add_call(77, "33612345679", seconds_ago=0)
    done = sandbox.add_call(77, "33612345670", seconds_ago=3600, outcome="answered")
    states = {
        int(line.split(";")[0]): line.split(";")[-1]
        for line in api(http, "appel_listing", id_popup=77).text.split("\n")
        if line
    }
    assert (states[waiting], states[done]) == ("en attente", "ABOUTI")


@dialect("legacy-format")
def test_legacy_format_writes_listings_the_older_way(speaking: tuple[AxialysSandbox, httpx.Client]) -> None:
    sandbox, http = speaking
    sandbox.set_call_outcome(
        sandbox.add_call(77, "33612345679", seconds_ago=3600, name="Hélène; R"), "answered", talk_seconds=83
    )
    answer = api(http, "appel_listing", id_popup=77)
    assert answer.headers["content-type"] == "text/plain; charset=windows-1252"
    header, *rows = answer.content.decode("cp1252").splitlines()
    assert header.startswith("id_tracking;date_time;")
    [row] = [row for row in rows if "Hélène; R" in row]
    assert ";00:01:23;" in row
    groups = api(http, "operateurs_liste_groupes").content.decode("cp1252").splitlines()
    assert groups[0] == "nom_liste_op;ordonnancement" and groups[1] == "support;FIXE;1"
    assert api(http, "operateur_mode", nom_liste_op="support", ordonnancement="FIXE").text == "OK\r\n"
    assert api(http, "popup_ajout", nom_popup="Salon").text.startswith("OK;")


@dialect("examples-names")
def test_examples_names_know_only_the_examples_spellings(speaking: tuple[AxialysSandbox, httpx.Client]) -> None:
    sandbox, http = speaking
    day = {"nom_plage": "bureau", "date": "24", "mois": "12", "annee": "2026"}
    refused = api(http, "planning_exception_add", **day)
    assert refused.status_code == 400 and "METHODE_INCONNUE" in refused.text
    assert api(http, "planning_ajout_exception", **day).text == "OK"
    before = [p["closed_group"] for p in sandbox.popups() if p["id"] == 77]
    assert api(http, "popup_maj", id_popup=77, ferm_dest="commercial").text == "OK"
    assert [p["closed_group"] for p in sandbox.popups() if p["id"] == 77] == before != ["commercial"]
    assert api(http, "popup_maj", id_popup=77, ferme_dest="commercial").text == "OK"
    assert [p["closed_group"] for p in sandbox.popups() if p["id"] == 77] == ["commercial"]
