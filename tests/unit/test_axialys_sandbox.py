"""The Axialys WebAppel sandbox, driven over HTTP as the document (axialys-webappel-api.txt) describes it.

Transport, authentication, §2 operator groups, §3 planning, §4 pop-ups and destinations, §5 files,
A28 Centrex accounts. Calls (§6) are in test_axialys_sandbox_calls.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest

from bot.sandboxes.axialys.server import API_PATH, CENTREX_METHOD, AxialysSandbox
from bot.sandboxes.frame import PARIS, SandboxClock

EMAIL = AxialysSandbox.credentials["AXIALYS_EMAIL"]
PASSWORD = AxialysSandbox.credentials["AXIALYS_PASSWORD"]
# A Tuesday, 10:00 in Paris: inside the seeded "bureau" opening hours.
TUESDAY_10H = datetime(2026, 3, 10, 10, 0, tzinfo=PARIS)


@pytest.fixture(scope="module")
def server() -> Iterator[AxialysSandbox]:
    """One loopback server per module (binding and shutting down per test would dominate the run)."""
    with AxialysSandbox(SandboxClock(TUESDAY_10H)) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def client(server: AxialysSandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=5) as http_client:
        yield http_client


@pytest.fixture
def sb(server: AxialysSandbox) -> AxialysSandbox:
    """The module's sandbox, back to its seeded state, default credentials and options, at TUESDAY_10H."""
    server.clock.set(TUESDAY_10H)
    server.reset(seeded=True)
    server.set_credentials(EMAIL, PASSWORD)
    server.set_api_enabled(True)
    server.set_dos_protect(False)
    server.clear_faults()
    return server


@pytest.fixture
def http(sb: AxialysSandbox, client: httpx.Client) -> httpx.Client:
    return client


def api(http: httpx.Client, methode: str, **params: Any) -> httpx.Response:
    """One authenticated GET /get/webappel/api.php?methode=…, as §1 writes it."""
    return http.get(API_PATH, params={"methode": methode, "email": EMAIL, "pass": PASSWORD, **params})


def rows(response: httpx.Response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    return [line.split(";") for line in response.text.splitlines()]


def assert_ko(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.startswith(f"KO;{code};"), response.text
    assert "\n" not in response.text
    return response.text


def upload(
    http: httpx.Client, id_popup: int, kind: str, filename: str, content: bytes, field: str = ""
) -> httpx.Response:
    params = {"methode": "fichier_deposer", "email": EMAIL, "pass": PASSWORD, "id_popup": id_popup, "type": kind}
    return http.post(API_PATH, params=params, files={field or kind: (filename, content)})


# -- transport and authentication ------------------------------------------------------------


def test_authenticated_request_succeeds(http: httpx.Client) -> None:
    response = api(http, "operateurs_liste_groupes")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"pass": PASSWORD}, "AUTH_MANQUANTE"),
        ({"email": EMAIL}, "AUTH_MANQUANTE"),
        ({"email": EMAIL, "pass": ""}, "AUTH_MANQUANTE"),
        ({"email": "autre@sandbox.test", "pass": PASSWORD}, "AUTH_INVALIDE"),
        ({"email": EMAIL, "pass": "mauvais"}, "AUTH_INVALIDE"),
    ],
)
def test_auth_failures_are_401_and_never_echo_credentials(
    http: httpx.Client, params: dict[str, str], code: str
) -> None:
    response = http.get(API_PATH, params={"methode": "operateurs_liste_groupes", **params})
    body = assert_ko(response, 401, code)
    assert PASSWORD not in body and "mauvais" not in body and "autre@" not in body


def test_auth_is_checked_before_the_method_name(http: httpx.Client) -> None:
    response = http.get(API_PATH, params={"methode": "inexistante", "email": EMAIL, "pass": "x"})
    assert_ko(response, 401, "AUTH_INVALIDE")


def test_set_credentials_replaces_the_accepted_pair(sb: AxialysSandbox, http: httpx.Client) -> None:
    sb.set_credentials("ops@relais.test", "n0uveau")
    assert_ko(api(http, "popups_listing"), 401, "AUTH_INVALIDE")
    params = {"methode": "popups_listing", "email": "ops@relais.test", "pass": "n0uveau"}
    assert http.get(API_PATH, params=params).status_code == 200


def test_api_not_activated_is_403(sb: AxialysSandbox, http: httpx.Client) -> None:
    sb.set_api_enabled(False)
    assert_ko(api(http, "popups_listing"), 403, "API_DESACTIVEE")
    sb.set_api_enabled(True)
    assert api(http, "popups_listing").status_code == 200


def test_unknown_path_is_404(http: httpx.Client) -> None:
    response = http.get("/get/webappel/autre.php", params={"email": EMAIL, "pass": PASSWORD})
    assert_ko(response, 404, "INTROUVABLE")


@pytest.mark.parametrize("verb", ["PUT", "DELETE", "PATCH"])
def test_verbs_other_than_get_and_post_are_405(http: httpx.Client, verb: str) -> None:
    response = http.request(verb, API_PATH, params={"methode": "popups_listing", "email": EMAIL, "pass": PASSWORD})
    assert_ko(response, 405, "VERBE_HTTP")
    assert response.headers["allow"] == "GET, POST"


def test_post_to_a_get_method_is_405(http: httpx.Client) -> None:
    params = {"methode": "popups_listing", "email": EMAIL, "pass": PASSWORD}
    response = http.post(API_PATH, params=params)
    assert_ko(response, 405, "VERBE_HTTP")
    assert response.headers["allow"] == "GET"


def test_get_to_the_upload_method_is_405(http: httpx.Client) -> None:
    response = api(http, "fichier_deposer", id_popup=77, type="css_popup")
    assert_ko(response, 405, "VERBE_HTTP")
    assert response.headers["allow"] == "POST"


def test_missing_and_unknown_methode(http: httpx.Client) -> None:
    missing = http.get(API_PATH, params={"email": EMAIL, "pass": PASSWORD})
    assert assert_ko(missing, 400, "PARAMETRE_MANQUANT").startswith("KO;PARAMETRE_MANQUANT;methode")
    assert_ko(api(http, "popup_liste"), 400, "METHODE_INCONNUE")


def test_every_request_is_journaled_with_its_status(sb: AxialysSandbox, http: httpx.Client) -> None:
    with sb.recording() as seen:
        api(http, "popups_listing")
        api(http, "nimporte")
    assert [(entry.path, entry.status) for entry in seen] == [(API_PATH, 200), (API_PATH, 400)]


# -- §2 operator groups --------------------------------------------------------------------------


def test_seeded_groups_are_listed_with_their_ordering(http: httpx.Client) -> None:
    assert rows(api(http, "operateurs_liste_groupes")) == [
        ["support", "FIXE"],
        ["commercial", "TOURNANTE"],
        ["astreinte", "FIXE"],
    ]


def test_operateur_ajout_creates_the_group_in_fixe_and_lists_in_calling_order(
    sb: AxialysSandbox, http: httpx.Client
) -> None:
    assert api(http, "operateur_ajout", nom_liste_op="nuit", e164="33612000001", duree_sonnerie_op=30).text == "OK"
    add = api(http, "operateur_ajout", nom_liste_op="nuit", e164="33612000002", duree_sonnerie_op=15, priorite=1)
    assert add.text == "OK"
    third = api(http, "operateur_ajout", nom_liste_op="nuit", e164="33612000003", duree_sonnerie_op=1000, position=500)
    assert third.text == "OK"
    assert ["nuit", "FIXE"] in rows(api(http, "operateurs_liste_groupes"))
    assert rows(api(http, "operateurs_listing", nom_liste_op="nuit")) == [
        ["33612000002", "15", "1", "1"],
        ["33612000001", "30", "2", "10"],
        ["33612000003", "1000", "3", "500"],
    ]
    assert sb.groups()["nuit"]["ordering"] == "FIXE"


def test_operateur_ajout_formats_a_national_number_with_code_pays(sb: AxialysSandbox, http: httpx.Client) -> None:
    response = api(
        http, "operateur_ajout", nom_liste_op="support", e164="0699887766", code_pays="FR", duree_sonnerie_op=20
    )
    assert response.text == "OK"
    assert ("33699887766", 20, 30) in sb.groups()["support"]["operators"]  # type: ignore[operator]


@pytest.mark.parametrize(
    ("params", "code", "name"),
    [
        ({"e164": "33612000001", "duree_sonnerie_op": 30}, "PARAMETRE_MANQUANT", "nom_liste_op"),
        ({"nom_liste_op": "x", "duree_sonnerie_op": 30}, "PARAMETRE_MANQUANT", "e164"),
        ({"nom_liste_op": "x", "e164": "33612000001"}, "PARAMETRE_MANQUANT", "duree_sonnerie_op"),
        ({"nom_liste_op": "ma-liste", "e164": "33612000001", "duree_sonnerie_op": 30}, "PARAMETRE_INVALIDE", "nom"),
        ({"nom_liste_op": "x", "e164": "+33612000001", "duree_sonnerie_op": 30}, "PARAMETRE_INVALIDE", "e164"),
        ({"nom_liste_op": "x", "e164": "0612000001", "duree_sonnerie_op": 30}, "PARAMETRE_INVALIDE", "e164"),
        ({"nom_liste_op": "x", "e164": "3361200000112345", "duree_sonnerie_op": 30}, "PARAMETRE_INVALIDE", "e164"),
        (
            {"nom_liste_op": "x", "e164": "0612", "code_pays": "fr", "duree_sonnerie_op": 30},
            "PARAMETRE_INVALIDE",
            "code",
        ),
        ({"nom_liste_op": "x", "e164": "33612000001", "duree_sonnerie_op": 9}, "PARAMETRE_INVALIDE", "duree"),
        ({"nom_liste_op": "x", "e164": "33612000001", "duree_sonnerie_op": 1001}, "PARAMETRE_INVALIDE", "duree"),
        (
            {"nom_liste_op": "x", "e164": "33612000001", "duree_sonnerie_op": 30, "priorite": 0},
            "PARAMETRE_INVALIDE",
            "p",
        ),
        (
            {"nom_liste_op": "x", "e164": "33612000001", "duree_sonnerie_op": 30, "position": "a"},
            "PARAMETRE_INVALIDE",
            "p",
        ),
    ],
)
def test_operateur_ajout_rejects_bad_parameters(
    http: httpx.Client, params: dict[str, Any], code: str, name: str
) -> None:
    body = assert_ko(api(http, "operateur_ajout", **params), 400, code)
    assert body.split(";")[2].startswith(name)


def test_operateur_ajout_twice_is_409(http: httpx.Client) -> None:
    response = api(http, "operateur_ajout", nom_liste_op="support", e164="33170200258", duree_sonnerie_op=30)
    assert_ko(response, 409, "EXISTE_DEJA")


def test_operateur_supp_removes_and_reports_unknowns(sb: AxialysSandbox, http: httpx.Client) -> None:
    assert api(http, "operateur_supp", nom_liste_op="support", e164="33612345678").text == "OK"
    assert rows(api(http, "operateurs_listing", nom_liste_op="support")) == [["33170200258", "30", "1", "10"]]
    assert_ko(api(http, "operateur_supp", nom_liste_op="support", e164="33612345678"), 404, "INTROUVABLE")
    assert_ko(api(http, "operateur_supp", nom_liste_op="inconnue", e164="33612345678"), 404, "INTROUVABLE")
    assert_ko(api(http, "operateurs_listing", nom_liste_op="inconnue"), 404, "INTROUVABLE")
    assert_ko(api(http, "operateurs_listing"), 400, "PARAMETRE_MANQUANT")


def test_operateur_mode_sets_each_documented_ordering(sb: AxialysSandbox, http: httpx.Client) -> None:
    for ordering in ("RANDOM", "TOURNANTE", "FIXE"):
        assert api(http, "operateur_mode", nom_liste_op="astreinte", ordonnancement=ordering).text == "OK"
        assert sb.groups()["astreinte"]["ordering"] == ordering
    assert_ko(api(http, "operateur_mode", nom_liste_op="astreinte", ordonnancement="fixe"), 400, "PARAMETRE_INVALIDE")
    assert_ko(api(http, "operateur_mode", nom_liste_op="astreinte"), 400, "PARAMETRE_MANQUANT")
    assert_ko(api(http, "operateur_mode", nom_liste_op="inconnue", ordonnancement="FIXE"), 404, "INTROUVABLE")


def test_blacklistage_numero_and_ip(sb: AxialysSandbox, http: httpx.Client) -> None:
    assert api(http, "blacklistage_numero", e164="33820620620").text == "OK"
    assert api(http, "blacklistage_numero", e164="33820620620").text == "OK"  # idempotent
    assert api(http, "blacklistage_IP", ip="192.168.0.1").text == "OK"
    assert "33820620620" in sb.blacklisted_numbers()
    assert "192.168.0.1" in sb.blacklisted_ips()
    assert_ko(api(http, "blacklistage_numero"), 400, "PARAMETRE_MANQUANT")
    for bad in ("999.1.1.1", "1.2.3", "::1", "10.0.0.1/8"):
        assert_ko(api(http, "blacklistage_IP", ip=bad), 400, "PARAMETRE_INVALIDE")
    assert_ko(api(http, "blacklistage_ip", ip="192.168.0.2"), 400, "METHODE_INCONNUE")


# -- §3 planning ----------------------------------------------------------------------------------


def week(days: list[str], start: str, end: str) -> dict[str, list[str]]:
    return {"jour[]": days, "h_debut[]": [start] * len(days), "h_fin[]": [end] * len(days)}


def test_planning_plage_add_takes_a_whole_week_and_details_lists_it(sb: AxialysSandbox, http: httpx.Client) -> None:
    response = api(http, "planning_plage_add", nom_plage="sav", **week(["lundi", "mardi", "samedi"], "9:00", "12:00"))
    assert response.text == "OK"
    assert ["sav"] in rows(api(http, "planning_plages_listing"))
    assert rows(api(http, "planning_plage_details", nom_plage="sav")) == [
        ["regulier", "lundi", "09:00", "12:00"],
        ["regulier", "mardi", "09:00", "12:00"],
        ["regulier", "samedi", "09:00", "12:00"],
    ]
    assert sb.plannings()["sav"]["slots"][0] == "lundi 09:00-12:00"


def test_planning_accepts_php_indexed_arrays(http: httpx.Client) -> None:
    params = {"nom_plage": "idx", "jour[0]": "dimanche", "h_debut[0]": "10:00", "h_fin[0]": "23:59"}
    assert api(http, "planning_plage_add", **params).text == "OK"
    assert rows(api(http, "planning_plage_details", nom_plage="idx")) == [["regulier", "dimanche", "10:00", "23:59"]]


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"jour": "lundi", "h_debut": "09:00", "h_fin": "12:00"}, 400, "PARAMETRE_MANQUANT"),  # not arrays
        ({"jour[]": ["lundi", "mardi"], "h_debut[]": ["09:00"], "h_fin[]": ["12:00"]}, 400, "PARAMETRE_INVALIDE"),
        (week(["Lundi"], "09:00", "12:00"), 400, "PARAMETRE_INVALIDE"),
        (week(["lundi"], "24:00", "12:00"), 400, "PARAMETRE_INVALIDE"),
        (week(["lundi"], "09:60", "12:00"), 400, "PARAMETRE_INVALIDE"),
        (week(["lundi"], "12:00", "09:00"), 400, "PARAMETRE_INVALIDE"),
        (week(["lundi"], "9h", "12:00"), 400, "PARAMETRE_INVALIDE"),
        (week(["lundi"], "11:00", "13:00"), 409, "CONFLIT"),  # overlaps the seeded 09:00-12:30
    ],
)
def test_planning_plage_add_rejects(http: httpx.Client, params: dict[str, Any], status: int, code: str) -> None:
    assert_ko(api(http, "planning_plage_add", nom_plage="bureau", **params), status, code)


def test_planning_plage_add_is_all_or_nothing(sb: AxialysSandbox, http: httpx.Client) -> None:
    params = {"jour[]": ["samedi", "lundi"], "h_debut[]": ["09:00", "10:00"], "h_fin[]": ["12:00", "11:00"]}
    assert_ko(api(http, "planning_plage_add", nom_plage="bureau", **params), 409, "CONFLIT")
    assert not any(slot.startswith("samedi") for slot in sb.plannings()["bureau"]["slots"])


def test_planning_plage_del(sb: AxialysSandbox, http: httpx.Client) -> None:
    assert api(http, "planning_plage_del", nom_plage="bureau", **week(["lundi"], "09:00", "12:30")).text == "OK"
    assert "lundi 09:00-12:30" not in sb.plannings()["bureau"]["slots"]
    assert_ko(
        api(http, "planning_plage_del", nom_plage="bureau", **week(["lundi"], "09:00", "12:30")), 404, "INTROUVABLE"
    )
    assert_ko(
        api(http, "planning_plage_del", nom_plage="inconnue", **week(["lundi"], "09:00", "12:30")), 404, "INTROUVABLE"
    )


@pytest.mark.parametrize("methode", ["planning_exception_add", "planning_ajout_exception"])
def test_planning_exception_add_under_both_names(sb: AxialysSandbox, http: httpx.Client, methode: str) -> None:
    assert api(http, methode, nom_plage="conges", date=10, mois=3, annee=2026).text == "OK"
    assert rows(api(http, "planning_plage_details", nom_plage="conges")) == [["exception", "2026-03-10"]]
    assert_ko(api(http, methode, nom_plage="conges", date=10, mois=3, annee=2026), 409, "EXISTE_DEJA")


@pytest.mark.parametrize(
    "params",
    [
        {"date": 31, "mois": 2, "annee": 2026},
        {"date": 0, "mois": 2, "annee": 2026},
        {"date": 1, "mois": 13, "annee": 2026},
        {"date": 1, "mois": 1, "annee": "26"},
        {"date": "2026-02-30"},
    ],
)
def test_planning_exception_add_rejects_bad_dates(http: httpx.Client, params: dict[str, Any]) -> None:
    assert_ko(api(http, "planning_exception_add", nom_plage="bureau", **params), 400, "PARAMETRE_INVALIDE")


def test_planning_exception_add_needs_mois_and_annee_with_a_day_number(http: httpx.Client) -> None:
    assert_ko(api(http, "planning_exception_add", nom_plage="bureau", date=10), 400, "PARAMETRE_MANQUANT")


def test_planning_exception_del_with_day_month_year_or_iso_date(sb: AxialysSandbox, http: httpx.Client) -> None:
    assert api(http, "planning_exception_del", nom_plage="bureau", date=1, mois=5, annee=2026).text == "OK"
    assert api(http, "planning_exception_del", nom_plage="bureau", date="2026-07-14").text == "OK"
    assert sb.plannings()["bureau"]["closures"] == ["2026-12-25"]
    assert_ko(api(http, "planning_exception_del", nom_plage="bureau", date="2026-07-14"), 404, "INTROUVABLE")
    assert_ko(api(http, "planning_exception_del", nom_plage="nulle", date="2026-12-25"), 404, "INTROUVABLE")


def test_planning_listing_and_details_names(http: httpx.Client) -> None:
    assert rows(api(http, "planning_plages_listing")) == [["bureau"], ["boutique"]]
    assert rows(api(http, "planning_plages_listing", nom_plage="boutique")) == [["boutique"]]
    details = rows(api(http, "planning_plages_details", nom_plage="bureau"))
    assert details[0] == ["regulier", "lundi", "09:00", "12:30"]
    assert details[-1] == ["exception", "2026-12-25"]
    assert_ko(api(http, "planning_plage_details", nom_plage="inconnue"), 404, "INTROUVABLE")
    assert_ko(api(http, "planning_plage_details"), 400, "PARAMETRE_MANQUANT")


# -- §4 pop-ups ----------------------------------------------------------------------------------

POPUP_COLUMNS = 25


def popup_line(http: httpx.Client, id_popup: int) -> list[str]:
    return next(row for row in rows(api(http, "popups_listing")) if row[0] == str(id_popup))


def test_popups_listing_has_the_documented_25_columns(http: httpx.Client) -> None:
    listing = rows(api(http, "popups_listing"))
    assert [row[0] for row in listing] == ["77", "197"]
    assert all(len(row) == POPUP_COLUMNS for row in listing)
    welcome = listing[0]
    assert welcome[1:7] == ["Accueil", "0", "OPERATEUR", "fr", "f", "bureau"]
    assert welcome[12] == "support" and welcome[14] == "astreinte"
    assert welcome[21] == "accueil.wav" and welcome[24] == "style.css"


def test_popup_ajout_returns_the_new_id_with_defaults(sb: AxialysSandbox, http: httpx.Client) -> None:
    response = api(http, "popup_ajout", nom_popup="mapopup")
    assert response.status_code == 200 and response.text == "198"
    line = popup_line(http, 198)
    assert line == ["198", "mapopup", "0", "OPERATEUR", "fr", "f", "", "", "30", "", "20", *[""] * 5, "1", *[""] * 8]
    assert sb.popups()[-1]["allowed_destinations"] == ["FR_Fixe", "FR_Mobile"]


def test_popup_ajout_with_every_setting(http: httpx.Client) -> None:
    response = api(
        http,
        "popup_ajout",
        nom_popup="Complete",
        direction="INTERNAUTE",
        nom_plage="boutique",
        internaute_delais_attente=25,
        op_delais_attente=5,
        locale="en",
        voix="m",
        ouvert_dest="commercial",
        ferm_dest="astreinte",
        ouvert_message="Pour être mis en relation entrez votre numéro",
        ferm_message="notre entreprise est fermée",
        immediat=1,
        internaute_presentation="0820620620",
        op_presentation="0170200258",
        repondeur="repondeur@relais-exemple.fr",
        usr1_nom="Jean",
        usr2_nom="Dossier",
        usr3_nom="Agence",
        afficher_nom=0,
    )
    line = popup_line(http, int(response.text))
    assert line[:17] == [
        response.text,
        "Complete",
        "1",
        "INTERNAUTE",
        "en",
        "m",
        "boutique",
        "0170200258",
        "5",
        "0820620620",
        "25",
        "Pour être mis en relation entrez votre numéro",
        "commercial",
        "notre entreprise est fermée",
        "astreinte",
        "repondeur@relais-exemple.fr",
        "0",
    ]
    assert line[17:20] == ["Jean", "Dossier", "Agence"]


def test_popup_ajout_accepts_the_spellings_of_the_method_lists(http: httpx.Client) -> None:
    response = api(
        http,
        "popup_ajout",
        nom_popup="Alias",
        ferme_dest="astreinte",
        ferme_message="Fermé",
        numero_op="0170200258",
        numero_internaute="0820620620",
        **{"répondeur": "a@relais-exemple.fr"},
    )
    line = popup_line(http, int(response.text))
    assert (line[7], line[9], line[13], line[14], line[15]) == (
        "0170200258",
        "0820620620",
        "Fermé",
        "astreinte",
        "a@relais-exemple.fr",
    )


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "PARAMETRE_MANQUANT"),
        ({"nom_popup": "ma popup"}, "PARAMETRE_INVALIDE"),
        ({"nom_popup": "p", "direction": "CLIENT"}, "PARAMETRE_INVALIDE"),
        ({"nom_popup": "p", "locale": "de"}, "PARAMETRE_INVALIDE"),
        ({"nom_popup": "p", "voix": "x"}, "PARAMETRE_INVALIDE"),
        ({"nom_popup": "p", "immediat": "oui"}, "PARAMETRE_INVALIDE"),
        ({"nom_popup": "p", "afficher_nom": 2}, "PARAMETRE_INVALIDE"),
        ({"nom_popup": "p", "internaute_delais_attente": 4}, "PARAMETRE_INVALIDE"),
        ({"nom_popup": "p", "op_delais_attente": 1001}, "PARAMETRE_INVALIDE"),
        ({"nom_popup": "p", "usr1_nom": "Nom client"}, "PARAMETRE_INVALIDE"),
        ({"nom_popup": "p", "op_presentation": "+33170200258"}, "PARAMETRE_INVALIDE"),
        ({"nom_popup": "p", "repondeur": "pas-une-adresse"}, "PARAMETRE_INVALIDE"),
        ({"nom_popup": "p", "ouvert_dest": "groupe-1"}, "PARAMETRE_INVALIDE"),
    ],
)
def test_popup_ajout_rejects_bad_parameters(
    sb: AxialysSandbox, http: httpx.Client, params: dict[str, Any], code: str
) -> None:
    assert_ko(api(http, "popup_ajout", **params), 400, code)
    assert len(sb.popups()) == 2


@pytest.mark.parametrize("params", [{"nom_plage": "inconnue"}, {"ouvert_dest": "inconnu"}, {"ferme_dest": "inconnu"}])
def test_popup_ajout_refuses_unknown_plannings_and_groups(http: httpx.Client, params: dict[str, str]) -> None:
    assert_ko(api(http, "popup_ajout", nom_popup="p", **params), 404, "INTROUVABLE")


def test_popup_maj_updates_and_clears(sb: AxialysSandbox, http: httpx.Client) -> None:
    assert api(http, "popup_maj", id_popup=77, nom_popup="nouveaunom", voix="m", repondeur="").text == "OK"
    line = popup_line(http, 77)
    assert (line[1], line[5], line[15]) == ("nouveaunom", "m", "")
    assert line[6] == "bureau"  # untouched settings stay
    assert sb.popups()[0]["answering_email"] is None


def test_popup_maj_errors(http: httpx.Client) -> None:
    assert_ko(api(http, "popup_maj", nom_popup="x"), 400, "PARAMETRE_MANQUANT")
    assert_ko(api(http, "popup_maj", id_popup=0), 400, "PARAMETRE_INVALIDE")
    assert_ko(api(http, "popup_maj", id_popup=1001), 400, "PARAMETRE_INVALIDE")
    assert_ko(api(http, "popup_maj", id_popup="abc"), 400, "PARAMETRE_INVALIDE")
    assert_ko(api(http, "popup_maj", id_popup=1), 404, "INTROUVABLE")  # id_popup=1 is well-formed (§4 example)
    assert_ko(api(http, "popup_maj", id_popup=77, locale="es"), 400, "PARAMETRE_INVALIDE")
    assert_ko(api(http, "popup_maj", id_popup=77, ouvert_dest="inconnu"), 404, "INTROUVABLE")


def test_popup_del(sb: AxialysSandbox, http: httpx.Client) -> None:
    assert api(http, "popup_del", id_popup=197).text == "OK"
    assert [row[0] for row in rows(api(http, "popups_listing"))] == ["77"]
    assert_ko(api(http, "popup_del", id_popup=197), 404, "INTROUVABLE")
    assert_ko(api(http, "popup_destinations", id_popup=197), 404, "INTROUVABLE")
    assert_ko(api(http, "appel", id_popup=197, e164="33612345678"), 404, "INTROUVABLE")
    assert_ko(api(http, "popup_del"), 400, "PARAMETRE_MANQUANT")


# -- §4 destinations -------------------------------------------------------------------------------


def destination_states(http: httpx.Client, id_popup: int) -> dict[str, str]:
    return {row[1]: row[3] for row in rows(api(http, "popup_destinations", id_popup=id_popup))}


def test_popup_destinations_lists_the_catalogue_with_prices_and_states(http: httpx.Client) -> None:
    listing = rows(api(http, "popup_destinations", id_popup=77))
    assert ["1004", "France mobile", "0.0450", "AUTORISE"] in listing
    assert ["1010", "Belgique fixe", "0.0250", "INTERDIT"] in listing
    assert all(len(row) == 4 and row[3] in ("AUTORISE", "INTERDIT") for row in listing)
    assert_ko(api(http, "popup_destinations"), 400, "PARAMETRE_MANQUANT")


def test_popup_destination_ajout_and_supp_by_code_and_by_id(http: httpx.Client) -> None:
    codes = {"liste_destination[]": ["BE_Fixe", "BE_Mobile"]}
    assert api(http, "popup_destination_ajout", id_popup=77, **codes).text == "OK"
    assert api(http, "popup_destination_ajout", id_popup=77, id_destination=1020).text == "OK"
    states = destination_states(http, 77)
    assert states["Belgique fixe"] == states["Belgique mobile"] == states["Suisse fixe"] == "AUTORISE"
    supp = {"liste_destination[]": ["FR_Fixe", "BE_Fixe"]}
    assert api(http, "popup_destination_supp", id_popup=77, **supp).text == "OK"
    assert api(http, "popup_destination_supp", id_popup=77, **{"id_destination[]": ["1020"]}).text == "OK"
    states = destination_states(http, 77)
    assert states["France fixe"] == states["Belgique fixe"] == states["Suisse fixe"] == "INTERDIT"
    assert states["France mobile"] == states["Belgique mobile"] == "AUTORISE"


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({}, 400, "PARAMETRE_MANQUANT"),
        ({"liste_destination[]": ["FR_fixe"]}, 400, "PARAMETRE_INVALIDE"),
        ({"liste_destination[]": ["FRA_Fixe"]}, 400, "PARAMETRE_INVALIDE"),
        ({"liste_destination": "FR_Fixe"}, 400, "PARAMETRE_MANQUANT"),
        ({"id_destination": "x"}, 400, "PARAMETRE_INVALIDE"),
        ({"liste_destination[]": ["ZZ_Fixe"]}, 404, "INTROUVABLE"),
        ({"id_destination": 9999}, 404, "INTROUVABLE"),
    ],
)
@pytest.mark.parametrize("methode", ["popup_destination_ajout", "popup_destination_supp"])
def test_popup_destination_errors(
    http: httpx.Client, methode: str, params: dict[str, Any], status: int, code: str
) -> None:
    assert_ko(api(http, methode, id_popup=77, **params), status, code)


# -- §5 files --------------------------------------------------------------------------------------

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt \r\n\x00binary\r\n--tail"


def test_fichier_deposer_then_recuperer_then_supprimer(sb: AxialysSandbox, http: httpx.Client) -> None:
    assert upload(http, 197, "son_repondeur", "repondeur.wav", WAV).text == "OK"
    fetched = api(http, "fichier_recuperer", id_popup=197, type="son_repondeur")
    assert fetched.status_code == 200
    assert fetched.content == WAV
    assert fetched.headers["content-type"] == "audio/wav"
    assert 'filename="repondeur.wav"' in fetched.headers["content-disposition"]
    assert popup_line(http, 197)[22] == "repondeur.wav"
    assert sb.files(197)["son_repondeur"] == ("repondeur.wav", WAV)
    assert api(http, "fichier_supprimer", id_popup=197, type="son_repondeur").text == "OK"
    assert_ko(api(http, "fichier_recuperer", id_popup=197, type="son_repondeur"), 404, "INTROUVABLE")
    assert_ko(api(http, "fichier_supprimer", id_popup=197, type="son_repondeur"), 404, "INTROUVABLE")


def test_seeded_files_can_be_fetched(http: httpx.Client) -> None:
    css = api(http, "fichier_recuperer", id_popup=77, type="css_popup")
    assert css.headers["content-type"] == "text/css" and b".popup" in css.content
    wav = api(http, "fichier_recuperer", id_popup=77, type="son_internaute")
    assert wav.content.startswith(b"RIFF") and wav.headers["content-type"] == "audio/wav"


@pytest.mark.parametrize(
    ("kind", "filename", "field"),
    [
        ("entete_popup", "logo.jpg", ""),
        ("entete_popup", "logo.png", ""),
        ("css_popup", "style.css", ""),
        ("son_internaute", "accueil.wav", ""),
        ("son_operateur", "pres.wav", ""),
    ],
)
def test_fichier_deposer_each_type(http: httpx.Client, kind: str, filename: str, field: str) -> None:
    assert upload(http, 197, kind, filename, b"contenu", field).text == "OK"
    assert api(http, "fichier_recuperer", id_popup=197, type=kind).content == b"contenu"


@pytest.mark.parametrize(
    ("kind", "filename", "content", "field", "code"),
    [
        ("logo", "logo.jpg", b"x", "", "PARAMETRE_INVALIDE"),  # unknown type
        ("entete_popup", "logo.jpg", b"x", "css_popup", "PARAMETRE_MANQUANT"),  # part not named after type
        ("entete_popup", "logo.css", b"x", "", "PARAMETRE_INVALIDE"),  # extension of another type
        ("css_popup", "mon-style.css", b"x", "", "PARAMETRE_INVALIDE"),  # §1 [a-zA-Z0-9]+
        ("son_operateur", "pres.wav", b"", "", "PARAMETRE_INVALIDE"),  # empty file
    ],
)
def test_fichier_deposer_rejects(
    http: httpx.Client, kind: str, filename: str, content: bytes, field: str, code: str
) -> None:
    assert_ko(upload(http, 197, kind, filename, content, field), 400, code)


def test_fichier_deposer_needs_multipart_and_a_known_popup(http: httpx.Client) -> None:
    params = {"methode": "fichier_deposer", "email": EMAIL, "pass": PASSWORD, "id_popup": 197, "type": "css_popup"}
    assert_ko(http.post(API_PATH, params=params, content=b"body"), 400, "PARAMETRE_INVALIDE")
    assert_ko(upload(http, 500, "css_popup", "style.css", b"x"), 404, "INTROUVABLE")
    assert_ko(api(http, "fichier_recuperer", id_popup=77), 400, "PARAMETRE_MANQUANT")
    assert_ko(api(http, "fichier_recuperer", id_popup=77, type="son_client"), 400, "PARAMETRE_INVALIDE")


# -- A28 Centrex accounts --------------------------------------------------------------------------

CENTREX_FIELDS = {
    "centrex_account_id",
    "phone_number",
    "state",
    "site",
    "last_registration_at",
    "centrex_account_pwd",
    "server",
    "simultaneous_calls_count",
    "user_name",
    "codec_mode",
    "codec",
    "transport",
    "dial_plan",
    "short_phone_number",
    "displayed_number",
    "voicemail",
    "call_forwarding",
    "phone",
    "call_recording",
    "ringback_message",
    "interception_right",
    "fax_numbers_right",
    "limited_account",
    "vas_numbers_block",
    "zoiper_download_url",
    "ldap_connection",
}


def centrex(http: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    response = api(http, CENTREX_METHOD, **params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    accounts: list[dict[str, Any]] = json.loads(response.text)
    return accounts


def test_centrex_lists_every_account_with_the_documented_fields(sb: AxialysSandbox, http: httpx.Client) -> None:
    accounts = centrex(http)
    assert [a["centrex_account_id"] for a in accounts] == [1201, 1202, 1203]
    assert all(set(a) == CENTREX_FIELDS for a in accounts)
    first = accounts[0]
    assert first["phone_number"] == ["33170200258"]
    assert set(first["voicemail"]) == {"email_address", "visual_notification", "edit_message_right"}
    assert set(first["call_forwarding"]) >= {"unconditional", "unreachable", "no_answer", "delay", "secretary"}
    assert set(first["phone"]) == {"phone_model", "mac_address", "port", "snom_handset_ref"}
    assert set(first["ldap_connection"]) == {"hostname", "user", "pwd", "domain"}
    assert first["last_registration_at"] == "2026-03-10T08:00Z"  # 10:00 Paris (UTC+1) minus one hour
    assert sb.centrex_accounts() == accounts


@pytest.mark.parametrize(
    ("params", "ids"),
    [
        ({"centrex_account_id": 1202}, [1202]),
        ({"phone_number": "33478563413"}, [1202]),
        ({"state": "suspended"}, [1203]),
        ({"state": "active"}, [1201, 1202]),
        ({"site": "Lyon"}, [1202]),
        ({"last_registration_at": "2026-03-10T00:00"}, [1201]),
        ({"last_registration_at": "2026-03-01T00:00", "last_registration_at_end": "2026-03-09T00:00"}, [1202]),
        ({"last_registration_at": "2026-03-01T00:00Z", "last_registration_at_end": "2026-03-31T00:00Z"}, [1201, 1202]),
        ({"state": "active", "site": "Paris"}, [1201]),
        ({"centrex_account_id": 9}, []),
    ],
)
def test_centrex_filters(http: httpx.Client, params: dict[str, Any], ids: list[int]) -> None:
    assert [a["centrex_account_id"] for a in centrex(http, **params)] == ids


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"centrex_account_id": "abc"}, "PARAMETRE_INVALIDE"),
        ({"phone_number": "+33170200258"}, "PARAMETRE_INVALIDE"),
        ({"state": "inactive"}, "PARAMETRE_INVALIDE"),
        ({"last_registration_at": "2026-03-10"}, "PARAMETRE_INVALIDE"),
        ({"last_registration_at": "2026-03-10 10:00"}, "PARAMETRE_INVALIDE"),
        ({"last_registration_at_end": "2026-03-10T10:00"}, "PARAMETRE_MANQUANT"),
        (
            {"last_registration_at": "2026-03-10T10:00", "last_registration_at_end": "2026-03-09T10:00"},
            "PARAMETRE_INVALIDE",
        ),
    ],
)
def test_centrex_rejects_bad_filters(http: httpx.Client, params: dict[str, Any], code: str) -> None:
    assert_ko(api(http, CENTREX_METHOD, **params), 400, code)


def test_centrex_state_hook(sb: AxialysSandbox, http: httpx.Client) -> None:
    sb.set_centrex_state(1201, "suspended")
    assert [a["centrex_account_id"] for a in centrex(http, state="suspended")] == [1201, 1203]


# -- seed and reset --------------------------------------------------------------------------------


def test_reset_empties_the_account(sb: AxialysSandbox, http: httpx.Client) -> None:
    sb.reset()
    for methode in ("operateurs_liste_groupes", "planning_plages_listing", "popups_listing"):
        assert api(http, methode).text == ""
    assert centrex(http) == []
    assert api(http, "popup_ajout", nom_popup="premiere").text == "5"  # §1 id_popup: 5 -> 1000
    sb.reset(seeded=True)
    assert len(sb.popups()) == 2
