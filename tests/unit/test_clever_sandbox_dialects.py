"""The Clever Multimedias sandbox's dialects over real HTTP: each changes only what its line of the document says."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from bot.sandboxes.clever.server import CleverSandbox

AUTH = ("relais-sandbox", "Relais2024")
SMS = {"datas": {"number_list": "+33612345678", "text": "Bonjour", "encodage": 3}}


@pytest.fixture
def serve() -> Iterator[Any]:
    started: list[CleverSandbox] = []

    def start(*names: str) -> tuple[CleverSandbox, httpx.Client]:
        box = CleverSandbox(dialect=names)
        box.start()
        started.append(box)
        return box, httpx.Client(base_url=box.url, auth=AUTH)

    yield start
    for box in started:
        box.stop()


def test_no_dialect_by_default_and_an_unknown_one_is_refused() -> None:
    assert CleverSandbox().dialect == frozenset()
    with pytest.raises(ValueError, match="no dialect"):
        CleverSandbox(dialect="klingon")
    assert all(line.startswith("§") or "§" in line for line in CleverSandbox.DIALECTS.values())


def test_accepted_202_carries_out_the_write_and_answers_no_body(serve: Any) -> None:
    box, http = serve("accepted-202")
    answer = http.post("/api/pushs", json=SMS)
    assert (answer.status_code, answer.content) == (202, b"")
    assert box.push(box.pushes()[-1])["recipients"] == ["+33612345678"]
    contact = {"datas": {"name": "Roux", "lastName": "Léa", "gsmPrimary": "+33655443322"}}
    assert http.post("/api/contacts", json=contact).status_code == 202
    assert http.get("/api/account/me").status_code == 200  # reads unchanged
    assert http.post("/api/pushs", json={"datas": {"text": "x"}}).status_code == 400  # refusals unchanged


def test_camel_case_answers_with_strings(serve: Any) -> None:
    _, http = serve("camel-case")
    push = http.post("/api/pushs", json=SMS).json()["push"]
    assert push["nbDestination"] == "1" and "hdSend" in push and "nb_destination" not in push
    account = http.get("/api/account/me").json()["account"]
    assert account["credit"] == "99993" and "dateExpiration" in account and "companyName" in account["company"]
    messages = http.get("/api/predefinedmessage").json()
    assert "predefinedMessages" in messages


def test_bare_lists_drop_the_wrapper_of_listings_only(serve: Any) -> None:
    _, http = serve("bare-lists")
    assert isinstance(http.get("/api/contactlists").json(), list)
    assert isinstance(http.get("/api/fieldlist").json(), list)
    assert "account" in http.get("/api/account/me").json()


def test_company_beside_account(serve: Any) -> None:
    _, http = serve("company-beside-account")
    body = http.get("/api/account/me").json()
    assert "company" in body and "company" not in body["account"]


def test_not_yet_available(serve: Any) -> None:
    _, http = serve("not-yet-available")
    assert http.get("/api/fieldlist").status_code == 404
    assert http.get("/api/predefinedmessage").status_code == 404
    assert http.get("/api/contactlists").status_code == 200


def test_examples_spelling_reads_only_the_examples(serve: Any) -> None:
    _, http = serve("examples-spelling")
    assert http.post("/api/pushs", json=SMS).status_code == 201
    array = {"datas": {**SMS["datas"], "number_list": ["+33612345678"]}}
    assert http.post("/api/pushs", json=array).status_code == 400
    table = {"datas": {"name": "Roux", "lastname": "Léa", "gsm_primary": "+33655443322"}}
    assert http.post("/api/contacts", json=table).status_code == 400
    both = {"datas": {**table["datas"], "lastName": "Léa", "gsmPrimary": "+33655443322"}}
    assert http.post("/api/contacts", json=both).status_code == 201


def test_iso_dates(serve: Any) -> None:
    _, http = serve("iso-dates")
    push = http.post("/api/pushs", json=SMS).json()["push"]
    assert push["hd_send"][10] == "T" and push["hd_send"][-5] in "+-"


def test_dialects_combine(serve: Any) -> None:
    _, http = serve(*CleverSandbox.DIALECTS)
    assert http.post("/api/pushs", json=SMS).status_code == 202
    assert isinstance(http.get("/api/contactlists").json(), list)
    assert http.get("/api/fieldlist").status_code == 404
