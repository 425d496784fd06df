"""The Cliqphone sandbox on the wire: auth (C1), routing, zones (C2, C3), listings (C4, C5), media (C8).

Requests are written from /work/shared/specs/cliqphone-numbers-api.txt with plain httpx;
add/edit number (C6, C7) are in test_cliqphone_sandbox_numbers.py.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from bot.sandboxes.cliqphone.server import CliqphoneSandbox
from bot.sandboxes.frame import PARIS, SandboxClock

#: 09:00 UTC = 10:00 in Paris on 9 February 2021: the §II example expiry is "10-02-2021 10:00:00".
START = datetime(2021, 2, 9, 9, 0, tzinfo=UTC)
LOGIN = CliqphoneSandbox.credentials["CLIQPHONE_LOGIN"]
PASSWORD = CliqphoneSandbox.credentials["CLIQPHONE_PASSWORD"]


@pytest.fixture(scope="module")
def cliqphone_server() -> Iterator[CliqphoneSandbox]:
    # One server per module (starting and stopping one costs ~0.1 s); each test resets it.
    with CliqphoneSandbox(SandboxClock(START)) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def cliqphone_http(cliqphone_server: CliqphoneSandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=cliqphone_server.url, timeout=5) as client:
        yield client


@pytest.fixture
def sb(cliqphone_server: CliqphoneSandbox) -> CliqphoneSandbox:
    cliqphone_server.reset()
    cliqphone_server.clear_faults()
    cliqphone_server.clock.set(START)
    return cliqphone_server


@pytest.fixture
def http(sb: CliqphoneSandbox, cliqphone_http: httpx.Client) -> httpx.Client:
    return cliqphone_http


@pytest.fixture
def token(http: httpx.Client) -> str:
    answer = http.post("/api/auto", data={"login": LOGIN, "pwd": PASSWORD}).json()
    assert answer["state"] == "ok"
    return str(answer["token"])


def call(
    http: httpx.Client, path: str, token: str | None, headers: dict[str, str] | None = None, **kwargs: Any
) -> httpx.Response:
    """POST ``path`` with the §II ``token`` header (JSON via json=, form fields via data=)."""
    sent = dict(headers or {})
    if token is not None:
        sent["token"] = token
    return http.post(path, headers=sent, **kwargs)


def ko(code: str, message: str) -> dict[str, str]:
    return {"state": "ko", "codeErreur": code, "messageErreur": message}


def assert_ko(response: httpx.Response, code: str) -> None:
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "ko"
    assert body["codeErreur"] == code


def numeros(response: httpx.Response) -> list[str]:
    assert response.status_code == 200
    rows = response.json()
    assert isinstance(rows, list)
    return [row["numero"] for row in rows]


# -- C1 authentication ------------------------------------------------------------------------


def test_login_with_form_fields_returns_a_token_valid_24_hours(http: httpx.Client, sb: CliqphoneSandbox) -> None:
    response = http.post("/api/auto", data={"login": LOGIN, "pwd": PASSWORD})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"state", "codeErreur", "messageErreur", "token", "tokenExprid"}
    assert (body["state"], body["codeErreur"], body["messageErreur"]) == ("ok", "0000", "")
    assert body["token"].isalnum() and len(body["token"]) == 64
    assert body["tokenExprid"] == "10-02-2021 10:00:00"
    assert sb.login_count() == 1


def test_login_accepts_a_json_body(http: httpx.Client) -> None:
    body = http.post("/api/auto", json={"login": LOGIN, "pwd": PASSWORD}).json()
    assert body["state"] == "ok"


def test_each_login_issues_a_new_token_and_earlier_ones_stay_valid(http: httpx.Client) -> None:
    first = http.post("/api/auto", data={"login": LOGIN, "pwd": PASSWORD}).json()["token"]
    second = http.post("/api/auto", data={"login": LOGIN, "pwd": PASSWORD}).json()["token"]

    assert first != second
    assert http.get("/api/getallzone", headers={"token": first}).status_code == 200
    assert isinstance(http.get("/api/getallzone", headers={"token": first}).json(), list)


@pytest.mark.parametrize(
    "fields",
    [
        {"login": LOGIN, "pwd": "wrong"},
        {"login": "someone", "pwd": PASSWORD},
        {"login": LOGIN},
        {"pwd": PASSWORD},
        {},
        {"login": "", "pwd": ""},
    ],
)
def test_bad_or_missing_credentials_answer_0002(
    http: httpx.Client, sb: CliqphoneSandbox, fields: dict[str, str]
) -> None:
    response = http.post("/api/auto", data=fields)

    assert response.status_code == 200
    assert response.json() == ko("0002", "login ou mdp invalide")
    assert sb.login_count() == 0


def test_inactive_account_answers_0001_to_the_right_credentials_only(http: httpx.Client, sb: CliqphoneSandbox) -> None:
    sb.deactivate_account()

    assert http.post("/api/auto", data={"login": LOGIN, "pwd": PASSWORD}).json() == ko("0001", "compte user inactif")
    assert_ko(http.post("/api/auto", data={"login": LOGIN, "pwd": "wrong"}), "0002")

    sb.activate_account()
    assert http.post("/api/auto", data={"login": LOGIN, "pwd": PASSWORD}).json()["state"] == "ok"
    assert sb.login_count() == 1


def test_deactivation_does_not_revoke_issued_tokens(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    sb.deactivate_account()
    assert len(http.get("/api/getallzone", headers={"token": token}).json()) == 5


def test_set_credentials_replaces_the_accepted_login(http: httpx.Client, sb: CliqphoneSandbox) -> None:
    sb.set_credentials("agence-lyon", "n0uveau-mdp")

    assert_ko(http.post("/api/auto", data={"login": LOGIN, "pwd": PASSWORD}), "0002")
    assert http.post("/api/auto", data={"login": "agence-lyon", "pwd": "n0uveau-mdp"}).json()["state"] == "ok"


def test_login_answers_never_echo_the_credentials(http: httpx.Client) -> None:
    failed = http.post("/api/auto", data={"login": "secret-login", "pwd": "secret-pwd"})
    succeeded = http.post("/api/auto", data={"login": LOGIN, "pwd": PASSWORD})

    for response in (failed, succeeded):
        assert "secret" not in response.text and PASSWORD not in response.text and LOGIN not in response.text


def test_login_by_get_is_refused_with_405(http: httpx.Client, sb: CliqphoneSandbox) -> None:
    response = http.get("/api/auto", params={"login": LOGIN, "pwd": PASSWORD})

    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"
    assert response.json() == ko("0405", "method not allowed")
    assert sb.login_count() == 0


def test_concurrent_logins_are_all_counted(sb: CliqphoneSandbox) -> None:
    def login() -> None:
        with httpx.Client(base_url=sb.url, timeout=5) as client:
            assert client.post("/api/auto", data={"login": LOGIN, "pwd": PASSWORD}).json()["state"] == "ok"

    threads = [threading.Thread(target=login) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sb.login_count() == 20


# -- token on every other call --------------------------------------------------------------------


def test_missing_token_answers_0003(http: httpx.Client) -> None:
    response = http.get("/api/getallzone")

    assert response.status_code == 200
    assert response.json() == ko("0003", "invalid token")


def test_unknown_token_answers_0003(http: httpx.Client) -> None:
    assert_ko(http.get("/api/getallzone", headers={"token": "o7ocJsY1bKl8jt5zTkDiHOG4ZuuGLTelZEdAzJVx0lQt"}), "0003")


def test_token_sent_in_the_body_instead_of_the_header_answers_0003(http: httpx.Client, token: str) -> None:
    assert_ko(call(http, "/numeroapi/getlistnumerodispo", None, json={"token": token}), "0003")


def test_token_works_until_24_hours_then_answers_0004(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    sb.clock.advance(24 * 3600 - 1)
    assert http.get("/api/getallzone", headers={"token": token}).status_code == 200
    assert isinstance(http.get("/api/getallzone", headers={"token": token}).json(), list)

    sb.clock.advance(1)
    assert http.get("/api/getallzone", headers={"token": token}).json() == ko("0004", "token expired")
    assert_ko(call(http, "/numeroapi/addNumero", token, json={"numero": "33187224466"}), "0004")


def test_expire_tokens_hook_expires_every_token(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    other = sb.issue_token()
    sb.expire_tokens()

    for each in (token, other):
        assert_ko(http.get("/api/getallzone", headers={"token": each}), "0004")
    fresh = http.post("/api/auto", data={"login": LOGIN, "pwd": PASSWORD}).json()["token"]
    assert isinstance(http.get("/api/getallzone", headers={"token": fresh}).json(), list)


def test_revoke_tokens_hook_makes_tokens_unknown(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    sb.revoke_tokens()
    assert_ko(http.get("/api/getallzone", headers={"token": token}), "0003")


def test_issue_token_hook_does_not_count_as_a_login(http: httpx.Client, sb: CliqphoneSandbox) -> None:
    token = sb.issue_token()
    assert isinstance(http.get("/api/getallzone", headers={"token": token}).json(), list)
    assert sb.login_count() == 0


# -- routing and bodies -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/zones", "/numeroapi/addnumero", "/numeroapi/getlistnumerodispo/", "/"])
def test_unknown_paths_answer_404(http: httpx.Client, token: str, path: str) -> None:
    response = call(http, path, token, json={})

    assert response.status_code == 404
    assert response.json() == ko("0404", "unknown endpoint")


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("POST", "/api/getallzone", "GET"),
        ("GET", "/api/getallbyzone", "POST"),
        ("GET", "/numeroapi/getlistnumerodispobyzone", "POST"),
        ("GET", "/numeroapi/getlistnumerodispo", "POST"),
        ("PUT", "/numeroapi/addNumero", "POST"),
        ("PATCH", "/numeroapi/editnumero/141", "POST"),
        ("DELETE", "/mediapi/getlistmedia", "POST"),
    ],
)
def test_wrong_method_answers_405_before_the_token_check(
    http: httpx.Client, method: str, path: str, allowed: str
) -> None:
    response = http.request(method, path)

    assert response.status_code == 405
    assert response.headers["Allow"] == allowed
    assert response.json()["codeErreur"] == "0405"


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'"fr_01"'])
def test_unreadable_json_body_answers_400(http: httpx.Client, token: str, body: bytes) -> None:
    response = call(http, "/api/getallbyzone", token, content=body, headers={"content-type": "application/json"})

    assert response.status_code == 400
    assert response.json() == ko("0400", "invalid json")


# -- C2, C3 zones ----------------------------------------------------------------------------------------


def test_getallzone_lists_the_five_french_zones(http: httpx.Client, token: str) -> None:
    response = http.get("/api/getallzone", headers={"token": token})

    assert response.status_code == 200
    zones = response.json()
    assert [zone["code"] for zone in zones] == ["fr_01", "fr_02", "fr_03", "fr_04", "fr_05"]
    assert zones[0] == {
        "id": "1",
        "code": "fr_01",
        "pays": "France",
        "nom": "Île-de-France",
        "prefix": "01",
        "type": "Géographique",
        "etat": "Actif",
    }
    assert [zone["prefix"] for zone in zones] == ["01", "02", "03", "04", "05"]


def test_getallbyzone_with_form_field_returns_that_zone(http: httpx.Client, token: str) -> None:
    response = call(http, "/api/getallbyzone", token, data={"metadata[code]": "fr_01"})

    assert [zone["nom"] for zone in response.json()] == ["Île-de-France"]


def test_getallbyzone_with_json_accepts_upper_case_codes(http: httpx.Client, token: str) -> None:
    zones = call(http, "/api/getallbyzone", token, json={"code": "FR_03"}).json()
    assert [zone["code"] for zone in zones] == ["fr_03"]


@pytest.mark.parametrize("body", [{"code": "fr_09"}, {"code": ""}, {}, {"code": 1}])
def test_getallbyzone_unknown_or_missing_code_answers_0308(
    http: httpx.Client, token: str, body: dict[str, Any]
) -> None:
    assert call(http, "/api/getallbyzone", token, json=body).json() == ko("0308", "invalid Zone")


def test_getallbyzone_checks_the_token_first(http: httpx.Client) -> None:
    assert_ko(call(http, "/api/getallbyzone", "nope", json={"code": "fr_09"}), "0003")


# -- C4 available numbers of a zone -------------------------------------------------------------------


def test_available_numbers_of_a_zone(http: httpx.Client, token: str) -> None:
    rows = call(http, "/numeroapi/getlistnumerodispobyzone", token, data={"metadata[code]": "fr_04"}).json()

    assert [row["numero"] for row in rows] == ["33481223344", "33481223345"]
    assert rows[1] == {
        "id": rows[1]["id"],
        "code": "fr_04",
        "numero": "33481223345",
        "type": "2",
        "entreprise": None,
        "etat": "Inactif",
        "info": None,
        "telephon": "0",
        "nomPorteur": None,
    }
    assert rows[0]["type"] == "1" and rows[0]["telephon"] == "1"


def test_available_numbers_without_filters_cover_every_zone(http: httpx.Client, token: str) -> None:
    rows = call(http, "/numeroapi/getlistnumerodispobyzone", token, json={"code": "", "numero": ""}).json()
    assert {row["code"] for row in rows} == {"fr_01", "fr_02", "fr_03", "fr_04", "fr_05"}
    assert all(row["etat"] == "Inactif" for row in rows)


def test_available_numbers_filtered_by_digits(http: httpx.Client, token: str) -> None:
    found = call(http, "/numeroapi/getlistnumerodispobyzone", token, json={"code": "fr_01", "numero": "224467"})
    missing = call(http, "/numeroapi/getlistnumerodispobyzone", token, json={"numero": 33999999999})

    assert numeros(found) == ["33187224467"]
    assert numeros(missing) == []


@pytest.mark.parametrize("zone", ["fr_06", "FR-01", "01"])
def test_available_numbers_unknown_zone_answers_0310(http: httpx.Client, token: str, zone: str) -> None:
    response = call(http, "/numeroapi/getlistnumerodispobyzone", token, json={"code": zone})
    assert response.json() == ko("0310", "invalid Zone")


@pytest.mark.parametrize("numero", ["+33187224466", "331 872", "abcd", "123", "1234567890123456"])
def test_available_numbers_malformed_numero_answers_0306(http: httpx.Client, token: str, numero: str) -> None:
    response = call(http, "/numeroapi/getlistnumerodispobyzone", token, json={"numero": numero})
    assert response.json() == ko("0306", "invalid numero")


# -- C5 the company's numbers ----------------------------------------------------------------------------

LIST = "/numeroapi/getlistnumerodispo"
ALL_OWNED = ["33187224465", "33187224464", "33298765432", "33388123456", "33478123456", "33556789012"]


def test_company_numbers_with_empty_filters_as_in_the_doc_example(http: httpx.Client, token: str) -> None:
    form = {f"metadata[{name}]": "" for name in ("code", "etat", "type", "numero", "compagne", "porteur")}
    response = call(http, LIST, token, data=form)

    assert numeros(response) == ALL_OWNED
    assert response.json()[0] == {
        "id": "141",
        "code": "fr_01",
        "numero": "33187224465",
        "type": "1",
        "entreprise": "relais",
        "etat": "Actif",
        "info": "Standard Paris",
        "telephon": "1",
        "nomPorteur": "Jean Dupont",
        "Compagne": "Soldes Printemps",
    }


def test_company_numbers_json_body_with_every_documented_key(http: httpx.Client, token: str) -> None:
    body = {
        "code": "",
        "etat": "",
        "type": "",
        "numero": "",
        "compagne": "",
        "porteur": "",
        "client": "",
        "entreprise": "",
    }
    assert numeros(call(http, LIST, token, json=body)) == ALL_OWNED


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"code": "fr_01"}, ["33187224465", "33187224464"]),
        ({"code": "FR_02"}, ["33298765432"]),
        ({"etat": True}, ["33187224465", "33298765432", "33478123456"]),
        ({"etat": "false"}, ["33187224464", "33388123456", "33556789012"]),
        ({"etat": None}, ALL_OWNED),
        ({"type": "FA"}, ["33187224464"]),
        ({"type": "TE", "code": "fr_01"}, ["33187224465"]),
        ({"numero": "33187224465"}, ["33187224465"]),
        ({"numero": "7224"}, ["33187224465", "33187224464"]),
        ({"numero": 33298765432}, ["33298765432"]),
        ({"compagne": "Soldes Printemps"}, ["33187224465", "33478123456"]),
        ({"compagne": "Bretagne Pro", "etat": False}, ["33388123456"]),
        ({"porteur": "Marie Le Gall"}, ["33298765432"]),
    ],
)
def test_company_numbers_filters(http: httpx.Client, token: str, filters: dict[str, Any], expected: list[str]) -> None:
    assert numeros(call(http, LIST, token, json=filters)) == expected


def test_company_numbers_filters_as_form_fields(http: httpx.Client, token: str) -> None:
    form = {"metadata[etat]": "true", "metadata[type]": "TE", "metadata[compagne]": "Soldes Printemps"}
    assert numeros(call(http, LIST, token, data=form)) == ["33187224465", "33478123456"]


@pytest.mark.parametrize(
    ("filters", "error"),
    [
        ({"code": "fr_42"}, ko("0310", "invalid Zone")),
        ({"etat": "Actif"}, ko("0301", "invalid etat")),
        ({"etat": 1}, ko("0301", "invalid etat")),
        ({"type": "XX"}, ko("0302", "invalid type")),
        ({"type": "fa"}, ko("0302", "invalid type")),
        ({"numero": "123"}, ko("0319", "invalid numero")),
        ({"numero": "1234567890123456"}, ko("0319", "invalid numero")),
        ({"numero": "+33187224465"}, ko("0319", "invalid numero")),
        ({"numero": "33999999999"}, ko("0319", "invalid numero")),
        ({"compagne": "Inconnue"}, ko("0306", "invalid compagne")),
        ({"compagne": "S"}, ko("0306", "invalid compagne")),
        ({"compagne": "x" * 21}, ko("0306", "invalid compagne")),
        ({"porteur": "Inconnu"}, ko("0308", "invalid porteur")),
        ({"porteur": "J"}, ko("0308", "invalid porteur")),
    ],
)
def test_company_numbers_filter_errors(
    http: httpx.Client, token: str, filters: dict[str, Any], error: dict[str, str]
) -> None:
    response = call(http, LIST, token, json=filters)

    assert response.status_code == 200
    assert response.json() == error


@pytest.mark.parametrize(
    ("filters", "first_code"),
    [
        ({"porteur": "?", "compagne": "?", "numero": "1", "type": "?", "etat": "?", "code": "?"}, "0310"),
        ({"porteur": "?", "compagne": "?", "numero": "1", "type": "?", "etat": "?"}, "0301"),
        ({"porteur": "?", "compagne": "?", "numero": "1", "type": "?"}, "0302"),
        ({"porteur": "?", "compagne": "?", "numero": "1"}, "0319"),
        ({"porteur": "?", "compagne": "?"}, "0306"),
    ],
)
def test_company_numbers_filters_are_checked_in_the_parameter_table_order(
    http: httpx.Client, token: str, filters: dict[str, str], first_code: str
) -> None:
    assert_ko(call(http, LIST, token, json=filters), first_code)


def test_company_numbers_reflect_the_add_number_hook(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    sb.add_number("33299000111", "FR_02", active=True, nom_porteur="Yann Kervella", compagne="Salon Nantes")

    rows = call(http, LIST, token, json={"compagne": "Salon Nantes"}).json()
    assert [(row["numero"], row["code"], row["etat"], row["nomPorteur"]) for row in rows] == [
        ("33299000111", "fr_02", "Actif", "Yann Kervella")
    ]


# -- C8 media ---------------------------------------------------------------------------------------------

MEDIA = "/mediapi/getlistmedia"


def test_media_listing_without_filters(http: httpx.Client, token: str) -> None:
    rows = call(http, MEDIA, token, json={"etat": "", "type": "", "nom": ""}).json()

    assert [row["type"] for row in rows] == ["MI", "ME", "R", "PB", "MA", "MA"]
    assert rows[0] == {
        "id": "228",
        "nom": "Message introduction Relais",
        "url": "https://cliqphone.com/assets/Media_Voip/introduction/mi-20201001081813.mp3",
        "type": "MI",
        "typeName": "Message introduction",
        "entreprise": "relais",
        "info": None,
        "etat": "Actif",
    }


@pytest.mark.parametrize(
    ("filters", "expected_ids"),
    [
        ({"etat": True}, ["228", "229", "230", "231", "232"]),
        ({"etat": "false"}, ["233"]),
        ({"type": "MA"}, ["232", "233"]),
        ({"type": "R"}, ["230"]),
        ({"type": "MA", "etat": True}, ["232"]),
        ({"nom": "musique"}, ["232", "233"]),
        ({"nom": "Noël"}, ["233"]),
        ({"nom": "aucun média"}, []),
    ],
)
def test_media_listing_filters(
    http: httpx.Client, token: str, filters: dict[str, Any], expected_ids: list[str]
) -> None:
    assert [row["id"] for row in call(http, MEDIA, token, json=filters).json()] == expected_ids


def test_media_listing_filters_as_form_fields(http: httpx.Client, token: str) -> None:
    rows = call(http, MEDIA, token, data={"metadata[etat]": "true", "metadata[type]": "PB", "metadata[nom]": ""}).json()
    assert [row["nom"] for row in rows] == ["Play-back accueil"]


@pytest.mark.parametrize(
    ("filters", "error"),
    [
        ({"etat": "Actif"}, ko("0201", "invalid etat")),
        ({"type": "MU"}, ko("0202", "invalid type")),
        ({"type": "ma"}, ko("0202", "invalid type")),
        ({"etat": "oui", "type": "MU"}, ko("0201", "invalid etat")),
    ],
)
def test_media_listing_filter_errors(
    http: httpx.Client, token: str, filters: dict[str, Any], error: dict[str, str]
) -> None:
    assert call(http, MEDIA, token, json=filters).json() == error


def test_add_media_hook_shows_in_the_listing(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    media_id = sb.add_media("Répondeur vacances", "R", active=False, info="août")

    rows = call(http, MEDIA, token, json={"type": "R", "etat": False}).json()
    assert [(row["id"], row["nom"], row["typeName"], row["info"]) for row in rows] == [
        (str(media_id), "Répondeur vacances", "Repondeur", "août")
    ]
    assert sb.media()[-1] == {"id": media_id, "nom": "Répondeur vacances", "type": "R", "active": False, "info": "août"}


def test_add_media_hook_refuses_unknown_types(sb: CliqphoneSandbox) -> None:
    with pytest.raises(ValueError):
        sb.add_media("x", "XX")


def test_remove_media_hook(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    sb.remove_media(230)
    assert call(http, MEDIA, token, json={"type": "R"}).json() == []


# -- frame integration ---------------------------------------------------------------------------------------


def test_every_request_is_journaled(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    with sb.recording() as seen:
        http.get("/api/getallzone", headers={"token": token})
    assert [(entry.method, entry.path, entry.status) for entry in seen] == [("GET", "/api/getallzone", 200)]


def test_credentials_use_the_runtime_contract_names() -> None:
    assert set(CliqphoneSandbox.credentials) == {"CLIQPHONE_LOGIN", "CLIQPHONE_PASSWORD"}
    assert CliqphoneSandbox.vendor == "cliqphone"


def test_reset_hook_restores_the_seed(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    sb.add_number("33299000111", "fr_02")
    sb.set_credentials("autre", "autre-mdp")
    sb.deactivate_account()

    sb.reset()

    assert len(sb.numbers()) == 6 and sb.login_count() == 0
    assert_ko(http.get("/api/getallzone", headers={"token": token}), "0003")
    assert http.post("/api/auto", data={"login": LOGIN, "pwd": PASSWORD}).json()["state"] == "ok"


def test_a_fresh_sandbox_runs_on_the_real_time_clock() -> None:
    with CliqphoneSandbox() as sandbox, httpx.Client(base_url=sandbox.url, timeout=5) as client:
        body = client.post("/api/auto", json={"login": LOGIN, "pwd": PASSWORD}).json()
    expires = datetime.strptime(body["tokenExprid"], "%d-%m-%Y %H:%M:%S").replace(tzinfo=PARIS)
    assert abs((expires - sandbox.clock.now()).total_seconds() - 24 * 3600) < 60
