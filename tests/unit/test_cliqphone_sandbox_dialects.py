"""The Cliqphone sandbox's dialects on the wire: each other reading of the document, alone, with plain httpx."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from bot.sandboxes.cliqphone.server import CliqphoneSandbox

LOGIN = CliqphoneSandbox.credentials["CLIQPHONE_LOGIN"]
PASSWORD = CliqphoneSandbox.credentials["CLIQPHONE_PASSWORD"]


@pytest.fixture
def speaking(request: pytest.FixtureRequest) -> Iterator[tuple[CliqphoneSandbox, httpx.Client, dict[str, str]]]:
    with CliqphoneSandbox(dialect=request.param) as sandbox, httpx.Client(base_url=sandbox.url, timeout=5) as http:
        yield sandbox, http, {"token": sandbox.issue_token()}


def test_no_dialect_is_on_by_default() -> None:
    assert CliqphoneSandbox().dialect == frozenset()
    with pytest.raises(ValueError, match="no dialect"):
        CliqphoneSandbox(dialect="made-up")


@pytest.mark.parametrize("speaking", ["rest-statuses"], indirect=True)
def test_rest_statuses(speaking: tuple[CliqphoneSandbox, httpx.Client, dict[str, str]]) -> None:
    _, http, headers = speaking
    assert http.post("/api/auto", data={"login": LOGIN, "pwd": PASSWORD}).status_code == 201
    added = http.post("/numeroapi/addNumero", json={"numero": "33187224466"}, headers=headers)
    assert (added.status_code, added.json()["codeErreur"]) == (201, "0300")
    edited = http.post("/numeroapi/editnumero/141", json={"info": "x"}, headers=headers)
    assert edited.status_code == 202
    refused = http.post("/numeroapi/addNumero", json={"numero": "1"}, headers=headers)
    assert (refused.status_code, refused.json()["state"]) == (200, "ko")  # refusals keep HTTP 200


@pytest.mark.parametrize("speaking", ["short-success"], indirect=True)
def test_short_success(speaking: tuple[CliqphoneSandbox, httpx.Client, dict[str, str]]) -> None:
    _, http, headers = speaking
    assert http.post("/numeroapi/addNumero", json={"numero": "33187224466"}, headers=headers).json() == {"state": "ok"}
    edited = http.post("/numeroapi/editnumero/141", json={"info": "x"}, headers=headers).json()
    assert edited == {"codeErreur": "0300", "messageErreur": ""}
    empty = http.post("/mediapi/getlistmedia", data={"metadata[nom]": "zzz"}, headers=headers).json()
    assert empty == {"state": "ok", "codeErreur": "0200", "messageErreur": ""}


@pytest.mark.parametrize("speaking", ["tables-required"], indirect=True)
def test_tables_required(speaking: tuple[CliqphoneSandbox, httpx.Client, dict[str, str]]) -> None:
    sandbox, http, headers = speaking
    bare = http.post("/numeroapi/getlistnumerodispo", data={}, headers=headers).json()
    assert bare["codeErreur"] == "0003"
    with_token = http.post("/numeroapi/getlistnumerodispo", data={"metadata[token]": headers["token"]}, headers=headers)
    assert isinstance(with_token.json(), list)
    assert http.post("/numeroapi/editnumero/141", json={"info": "x"}, headers=headers).json()["codeErreur"] == "0320"
    other_id = http.post("/numeroapi/editnumero/141", json={"id": 142, "info": "x"}, headers=headers).json()
    assert other_id["codeErreur"] == "0320"
    body = {"id": "141", "activerEnregistrement": True}
    http.post("/numeroapi/editnumero/141", json=body, headers=headers)
    assert "activerEnregistrement" not in (sandbox.number("33187224465") or {})["settings"]  # the table's spelling
    body = {"id": 141, "activeTnregistrement": True}
    assert http.post("/numeroapi/editnumero/141", json=body, headers=headers).json()["state"] == "ok"
    assert (sandbox.number("33187224465") or {})["settings"]["activerEnregistrement"] is True


@pytest.mark.parametrize("speaking", ["typed-values"], indirect=True)
def test_typed_values(speaking: tuple[CliqphoneSandbox, httpx.Client, dict[str, str]]) -> None:
    _, http, headers = speaking
    rows = http.post("/numeroapi/getlistnumerodispobyzone", data={"metadata[code]": "fr_01"}, headers=headers).json()
    fax = next(row for row in rows if row["numero"] == 33187224470)
    assert (fax["Id"], fax["Code"], fax["type"], fax["telephon"]) == (149, "FR_01", 2, 2)


@pytest.mark.parametrize("speaking", ["windows-1252"], indirect=True)
def test_windows_1252(speaking: tuple[CliqphoneSandbox, httpx.Client, dict[str, str]]) -> None:
    _, http, headers = speaking
    answer = http.get("/api/getallzone", headers=headers)
    assert answer.headers["content-type"] == "application/json"
    assert "Île-de-France".encode("cp1252") in answer.content


@pytest.mark.parametrize("speaking", ["as-printed"], indirect=True)
def test_as_printed(speaking: tuple[CliqphoneSandbox, httpx.Client, dict[str, str]]) -> None:
    sandbox, http, headers = speaking
    added = http.post("/numeroapi/addNumero", json={"numero": "33187224466"}, headers=headers)
    assert added.text == '{ "state": "ok", "codeErreur": "0300", "messageErreur": ""'
    assert sandbox.number("33187224466") is not None  # carried out all the same
    refused = http.post("/numeroapi/editnumero/141", json={"activerEnregistrement": "peut-être"}, headers=headers)
    assert refused.text == '{"state": "ko","codeErreur": "0318",invalid etat appel enregistrement" }'
