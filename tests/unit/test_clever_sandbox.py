"""The Clever Multimedias sandbox, driven over HTTP as the document describes the API.

Requests are written from /work/shared/specs/clever-multimedias-api.txt (§ = its sections),
never through the Relais client.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from bot.sandboxes.clever.server import CleverSandbox

USER = CleverSandbox.credentials["CLEVER_USERNAME"]
PASSWORD = CleverSandbox.credentials["CLEVER_PASSWORD"]
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def server() -> Iterator[CleverSandbox]:
    with CleverSandbox() as sandbox:
        yield sandbox


@pytest.fixture(autouse=True)
def sb(server: CleverSandbox) -> CleverSandbox:
    """The module's sandbox, back to its seed data for each test."""
    server.reset()
    return server


@pytest.fixture(scope="module")
def api(server: CleverSandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, auth=(USER, PASSWORD), headers=JSON, timeout=10) as client:
        yield client


@pytest.fixture(scope="module")
def lyon(server: CleverSandbox) -> Iterator[httpx.Client]:
    """The seeded user under the manager account."""
    with httpx.Client(base_url=server.url, auth=("agence-lyon", "Lyon2024"), headers=JSON, timeout=10) as client:
        yield client


@pytest.fixture(scope="module")
def anonymous(server: CleverSandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client


def datas(**fields: Any) -> dict[str, Any]:
    return {"datas": fields}


def in_future(sb: CleverSandbox, seconds: int) -> str:
    return (sb.clock.now_paris() + timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M:%S")


def sms(api: httpx.Client, **fields: Any) -> httpx.Response:
    body = {"text": "Bonjour", "number_list": "+33600000001;+33600000002", "encodage": 3, **fields}
    return api.post("/api/pushs", json=datas(**body))


def created(response: httpx.Response) -> dict[str, Any]:
    """The push of a 201 answer to a push request."""
    assert response.status_code == 201, response.text
    push: dict[str, Any] = response.json()["push"]
    return push


def assert_error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["code"] == status and body["message"]
    return body


# -- §2.3 authentication, content type, wrapper, methods ------------------------------------------
def test_basic_auth_succeeds(api: httpx.Client) -> None:
    response = api.get("/api/account/me")
    assert response.status_code == 200
    account = response.json()["account"]
    assert account["credit"] == 100_000
    assert account["date_expiration"] == "2033-02-10 09:49:21"
    assert set(account["company"]) == {"company_name", "address", "country", "city", "zip_code"}


def test_authorization_without_basic_prefix_is_accepted(anonymous: httpx.Client) -> None:
    # §2.3 writes the header as "Authorization : base_64(identifiant:mot_de_passe)".
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    response = anonymous.get("/api/account/me", headers={"Authorization": token, **JSON})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Basic " + base64.b64encode(f"{USER}:wrong".encode()).decode(),
        "Basic " + base64.b64encode(b"nobody:Relais2024").decode(),
        "Basic not-base64!!",
        "Basic " + base64.b64encode(b"no-colon").decode(),
        "Bearer abc",
    ],
)
def test_auth_failures_answer_401(anonymous: httpx.Client, authorization: str | None) -> None:
    headers = dict(JSON)
    if authorization is not None:
        headers["Authorization"] = authorization
    response = anonymous.get("/api/contactlists", headers=headers)
    body = assert_error(response, 401)
    assert PASSWORD not in response.text and PASSWORD not in str(body)
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_unknown_path_is_404_and_wrong_method_is_405(api: httpx.Client) -> None:
    assert_error(api.get("/api/nothing"), 404)
    assert_error(api.get("/api/contacts/"), 404)  # paths are served exactly
    response = api.patch("/api/contacts/214905", json=datas(name="x"))
    assert_error(response, 405)
    assert response.headers["Allow"] == "PUT, GET, DELETE"
    assert_error(api.get("/api/pushs"), 405)
    assert_error(api.delete("/api/contactlists"), 405)
    assert_error(api.post("/api/account/me", json=datas()), 405)


def test_body_requires_json_content_type(anonymous: httpx.Client) -> None:
    body = b'{"datas": {"name": "Roux", "lastname": "Paul", "gsm_primary": "+33611112222"}}'
    assert_error(anonymous.post("/api/contacts", content=body, auth=(USER, PASSWORD)), 400)
    plain = {"Content-Type": "text/plain"}
    assert_error(anonymous.post("/api/contacts", content=body, auth=(USER, PASSWORD), headers=plain), 400)
    assert anonymous.post("/api/contacts", content=body, auth=(USER, PASSWORD), headers=JSON).status_code == 201


@pytest.mark.parametrize(
    "content",
    [b"", b"not json", b"[]", b'{"name": "Roux"}', b'{"datas": "x"}', b'{"datas": [1, 2]}'],
)
def test_datas_wrapper_is_required(api: httpx.Client, content: bytes) -> None:
    assert_error(api.post("/api/contacts", content=content), 400)


def test_datas_as_a_one_item_list_is_accepted(api: httpx.Client) -> None:
    # §3.16 screenshot: "datas": [ {...} ].
    body = {"datas": [{"name": "Roux", "lastname": "Paul", "gsm_primary": "+33611112222"}]}
    assert api.post("/api/contacts", json=body).status_code == 201


# -- M1 ------------------------------------------------------------------------------------------
def test_profile_alias_path_from_screenshot(api: httpx.Client) -> None:
    assert api.get("/api/accounts/me").json() == api.get("/api/account/me").json()


def test_sub_user_sees_its_own_profile(lyon: httpx.Client) -> None:
    response = lyon.get("/api/account/me")
    assert response.status_code == 200
    assert response.json()["account"]["credit"] == 5_000


# -- M2–M4 users ---------------------------------------------------------------------------------
NEW_USER = {
    "username": "useryb",
    "password": "A12345678e",
    "account": {
        "name": "clever",
        "lastname": "tec",
        "email": "support@clever.fr",
        "telephone": "+33160536053",
        "company": {"address": "Croissy", "company_name": "IS"},
    },
}


def test_create_user_with_the_documented_example(api: httpx.Client, sb: CleverSandbox) -> None:
    response = api.post("/api/users", json={"datas": NEW_USER})
    assert response.status_code == 201
    user = response.json()["user"]
    assert user["username"] == "useryb" and isinstance(user["id"], int)
    assert user["account"]["company"]["company_name"] == "IS"
    assert "password" not in user and "A12345678e" not in response.text
    fetched = api.get(f"/api/users/{user['id']}")
    assert fetched.status_code == 200 and fetched.json()["user"]["account"]["email"] == "support@clever.fr"
    assert any(u["username"] == "useryb" and u["manager"] == USER for u in sb.users())


def test_create_user_flat_table_fields(api: httpx.Client) -> None:
    flat = {
        "name": "Roux",
        "lastname": "Paul",
        "telephone": "+33612121212",
        "email": "paul.roux@example.fr",
        "username": "paul.roux",
        "password": "Secret1",
        "credit": 50,
        "address": "1 rue de Rivoli",
        "zipCode": "75001",
        "city": "Paris",
        "country": "France",
    }
    response = api.post("/api/users", json=datas(**flat))
    assert response.status_code == 201
    assert response.json()["user"]["account"]["credit"] == 50


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"password": "abcdef"}, 400),  # no capital, no digit
        ({"password": "Ab1"}, 400),  # under 6 characters
        ({"username": "agence-lyon"}, 409),
        ({"username": None}, 400),
    ],
)
def test_create_user_errors(api: httpx.Client, change: dict[str, Any], status: int) -> None:
    user = {**NEW_USER, **change}
    assert_error(api.post("/api/users", json={"datas": {k: v for k, v in user.items() if v is not None}}), status)


def test_create_user_requires_email_and_international_telephone(api: httpx.Client) -> None:
    account = {**NEW_USER["account"], "telephone": "0160536053"}  # type: ignore[dict-item]
    assert_error(api.post("/api/users", json=datas(**{**NEW_USER, "account": account})), 400)
    account = {k: v for k, v in NEW_USER["account"].items() if k != "email"}  # type: ignore[attr-defined]
    assert_error(api.post("/api/users", json=datas(**{**NEW_USER, "account": account})), 400)


def test_users_are_for_managers_only(lyon: httpx.Client) -> None:
    assert_error(lyon.post("/api/users", json={"datas": NEW_USER}), 403)
    assert_error(lyon.get("/api/contactlists/agence-lyon"), 403)
    assert_error(lyon.get("/api/users/1001"), 403)


def test_edit_user(api: httpx.Client, sb: CleverSandbox) -> None:
    lyon = next(u for u in sb.users() if u["username"] == "agence-lyon")
    edited = {**NEW_USER, "username": "agence-lyon-2"}
    response = api.put(f"/api/users/{lyon['id']}", json={"datas": edited})
    assert response.status_code == 204 and response.content == b""
    user = api.get(f"/api/users/{lyon['id']}").json()["user"]
    assert user["username"] == "agence-lyon-2"
    assert len(api.get("/api/contactlists/agence-lyon-2").json()["contact"]) == 2  # contacts follow
    assert_error(api.put("/api/users/999999", json={"datas": NEW_USER}), 404)
    assert_error(api.put("/api/users/abc", json={"datas": NEW_USER}), 400)
    assert_error(api.put(f"/api/users/{lyon['id']}", json={"datas": {**NEW_USER, "username": USER}}), 409)
    assert_error(api.get("/api/users/999999"), 404)
    assert_error(api.get("/api/users/12x"), 400)


# -- M5–M10 contacts -------------------------------------------------------------------------------
def test_create_contact_with_the_documented_example(api: httpx.Client, sb: CleverSandbox) -> None:
    body = datas(name="contact", lastName="contact lastname", gsmPrimary="+33600000001", email="contact@email.com")
    response = api.post("/api/contacts", json=body)
    assert response.status_code == 201
    contact = response.json()["contact"]
    # §3.5 example: camelCase keys and a string id.
    assert contact == {
        "id": contact["id"],
        "name": "contact",
        "lastName": "contact lastname",
        "gsmPrimary": "+33600000001",
        "email": "contact@email.com",
    }
    assert isinstance(contact["id"], str)
    assert any(c["id"] == int(contact["id"]) for c in sb.contacts())


def test_create_contact_snake_case_and_get_it_back(api: httpx.Client) -> None:
    body = datas(name="Roux", lastname="Paul", gsm_primary="+33611112222", city="Lille", zipCode="59000")
    contact_id = api.post("/api/contacts", json=body).json()["contact"]["id"]
    got = api.get(f"/api/contacts/{contact_id}")
    assert got.status_code == 200
    # §3.7 screenshot: snake_case, integer id, national number, never-given fields left out.
    assert got.json() == {
        "contact": {
            "id": int(contact_id),
            "name": "Roux",
            "last_name": "Paul",
            "gsm_primary": "611112222",
            "zip_code": "59000",
            "city": "Lille",
        }
    }


@pytest.mark.parametrize(
    "fields",
    [
        {"lastname": "Paul", "gsm_primary": "+33611112222"},
        {"name": "Roux", "gsm_primary": "+33611112222"},
        {"name": "Roux", "lastname": "Paul"},
        {"name": "Roux", "lastname": "Paul", "gsm_primary": "0611112222"},
        {"name": "Roux", "lastname": "Paul", "gsm_primary": "+3361111222"},
        {"name": "Roux<script>", "lastname": "Paul", "gsm_primary": "+33611112222"},
        {"name": "Roux", "lastname": "Paul", "gsm_primary": "+33611112222", "email": "pas-un-mail"},
        {"name": "Roux", "lastname": "Paul", "gsm_primary": "+33611112222", "duplicates": 2},
        {"name": 12, "lastname": "Paul", "gsm_primary": "+33611112222"},
    ],
)
def test_create_contact_rejects_bad_fields(api: httpx.Client, fields: dict[str, Any]) -> None:
    assert_error(api.post("/api/contacts", json=datas(**fields)), 400)


def test_contact_duplicates_rule(api: httpx.Client) -> None:
    twin = {"name": "Dupont", "lastname": "Marie", "gsm_primary": "+33612345678"}  # seeded 214905
    body = assert_error(api.post("/api/contacts", json=datas(**twin)), 409)
    assert "duplicates" in body["message"]
    assert api.post("/api/contacts", json=datas(**twin, duplicates=1)).status_code == 201
    assert api.post("/api/contacts", json=datas(**twin, duplicates="1")).status_code == 201


def test_edit_contact(api: httpx.Client) -> None:
    body = datas(name="contact", lastName="contact lastname", gsmPrimary="+33600000002", email="contact@email.com")
    response = api.put("/api/contacts/214909", json=body)
    assert response.status_code == 204 and response.content == b""
    got = api.get("/api/contacts/214909").json()["contact"]
    assert got["gsm_primary"] == "600000002" and got["last_name"] == "contact lastname"
    taken = datas(name="x", lastname="y", gsm_primary="+33612345678")
    assert_error(api.put("/api/contacts/214909", json=taken), 409)
    assert api.put("/api/contacts/214905", json=taken).status_code == 204  # its own number
    assert_error(api.put("/api/contacts/1", json=body), 404)
    assert_error(api.put("/api/contacts/abc", json=body), 400)
    assert_error(api.put("/api/contacts/214909", json=datas(name="x")), 400)


def test_delete_contact(api: httpx.Client) -> None:
    response = api.delete("/api/contacts/214906")
    assert response.status_code == 204 and response.content == b""
    assert_error(api.get("/api/contacts/214906"), 404)
    assert_error(api.delete("/api/contacts/214906"), 404)
    assert_error(api.delete("/api/contacts/-3"), 400)
    assert 214906 not in [c["id"] for c in api.get("/api/contactlists").json()["contact"]]


def test_contacts_of_another_account_are_not_found(api: httpx.Client) -> None:
    assert_error(api.get("/api/contacts/214910"), 404)  # agence-lyon's


def test_list_contacts(api: httpx.Client) -> None:
    contacts = api.get("/api/contactlists").json()["contact"]
    assert [c["id"] for c in contacts] == [214905, 214906, 214907, 214908, 214909]
    bernard = contacts[2]
    assert bernard["gsm_secondary"] == "745678901" and bernard["landline_primary"] == "491234567"


def test_list_contacts_of_a_user(api: httpx.Client) -> None:
    response = api.get("/api/contactlists/agence-lyon")
    assert response.status_code == 200
    assert [c["last_name"] for c in response.json()["contact"]] == ["Camille", "Julien"]
    assert_error(api.get("/api/contactlists/inconnu"), 404)
    assert_error(api.get("/api/contactlists/bad%20login"), 400)


# -- account expiry (430) --------------------------------------------------------------------------
def test_expired_account_answers_430_with_the_documented_reason(
    api: httpx.Client, lyon: httpx.Client, sb: CleverSandbox
) -> None:
    tomorrow = sb.clock.now_paris().date() + timedelta(days=1)
    sb.expire_account(tomorrow)
    assert api.get("/api/contactlists").status_code == 200
    sb.clock.advance(2 * 86400)
    response = api.get("/api/contactlists")
    assert response.status_code == 430
    assert response.reason_phrase == f"Account expired {tomorrow:%Y-%m-%d}"
    assert response.json() == {"code": 430, "message": f"Account expired {tomorrow:%Y-%m-%d}"}
    assert sms(api).status_code == 430
    assert api.post("/api/contacts", json=datas()).status_code == 430
    # §3.1 and §3.19–§3.23 do not list 430: the profile and push follow-up stay readable.
    assert api.get("/api/account/me").json()["account"]["date_expiration"] == f"{tomorrow:%Y-%m-%d} 00:00:00"
    reference = sb.pushes()[0]
    assert api.get(f"/api/pushs/{reference}").status_code == 200
    assert api.get(f"/api/pushs/{reference}/deliveries").status_code == 200
    # A user under the manager expires with it.
    assert lyon.get("/api/contactlists").status_code == 430


# -- M11 sms push ----------------------------------------------------------------------------------
def test_sms_push_with_the_documented_example(api: httpx.Client, sb: CleverSandbox) -> None:
    body = datas(
        text="test envoi du message",
        number_list="+33600000001;+33600000002",
        type_push="sms",
        encodage=3,
        options="F1",
        duplicates=0,
    )
    push = created(api.post("/api/pushs", json=body))
    assert push["reference"].startswith("Push") and len(push["reference"]) == 18
    assert push["hd_send"] == sb.clock.now_paris().strftime("%Y-%m-%d %H:%M:%S")
    assert {k: v for k, v in push.items() if k not in ("reference", "hd_send")} == {
        "nb_destination": 2,
        "number_list": "+33600000001;+33600000002",
        "encodage": 3,
        "text": "test envoi du message",
        "filename": "noFile",
        "type_push": "sms",
        "unit": 14,
        "nb_sms": 1,
        "duplicates": 0,
    }
    assert sb.credit() == 100_000 - 14
    assert sb.push(push["reference"])["recipients"] == ["+33600000001", "+33600000002"]


def test_sms_push_number_list_as_array_and_duplicates(api: httpx.Client, sb: CleverSandbox) -> None:
    twice = ["+33600000001", "+33600000001", "+33600000002"]
    deduped = sms(api, number_list=twice).json()["push"]
    assert deduped["nb_destination"] == 2 and deduped["unit"] == 14
    kept = sms(api, number_list=twice, duplicates=1).json()["push"]
    assert kept["nb_destination"] == 3 and kept["unit"] == 21
    assert kept["reference"] != deduped["reference"]  # same second: long form


def test_sms_segments_and_units(api: httpx.Client) -> None:
    assert sms(api, text="a" * 160).json()["push"]["nb_sms"] == 1
    long_latin = sms(api, text="a" * 161).json()["push"]
    assert long_latin["nb_sms"] == 2 and long_latin["unit"] == 2 * 2 * 7
    assert sms(api, text="€" * 80).json()["push"]["nb_sms"] == 1  # extension characters count twice
    assert sms(api, text="€" * 81).json()["push"]["nb_sms"] == 2
    ucs2 = sms(api, text="日本" * 36, encodage=4).json()["push"]
    assert ucs2["nb_sms"] == 2 and ucs2["encodage"] == 4
    assert sms(api, text="Ça coûte 5 € à Noël", encodage="3").status_code == 201


def test_tts_and_voice_units(api: httpx.Client) -> None:
    assert sms(api, type_push="tts").json()["push"]["unit"] == 18
    voice = sms(api, type_push="voice", filename="annonce.mp3").json()["push"]
    assert voice["unit"] == 18 and voice["filename"] == "annonce.mp3"
    assert sms(api, type_push="text").json()["push"]["type_push"] == "sms"


@pytest.mark.parametrize(
    "fields",
    [
        {"text": None},
        {"number_list": None},
        {"encodage": None},
        {"encodage": 5},
        {"encodage": True},
        {"text": ""},
        {"text": "x" * 1001},
        {"text": "Bonjour 😀"},  # not Latin: needs encodage 4
        {"number_list": "0600000001"},
        {"number_list": "+33600000001;+336000000012"},
        {"number_list": [1, 2]},
        {"short_code": "ABCDEFGHIJKL"},
        {"hd_send": "2030-01-01T10:00:00"},
        {"hd_send": "2030-02-30 10:00:00"},
        {"hd_send": "2020-01-01 10:00:00"},  # in the past
        {"filename": "annonce.ogg"},
        {"filename": "an:nonce.wav"},
        {"type_push": "fax"},
        {"type_push": "voice"},  # a voice push needs its file
        {"options": "F2"},
        {"duplicates": "oui"},
    ],
)
def test_sms_push_rejects_bad_parameters(api: httpx.Client, sb: CleverSandbox, fields: dict[str, Any]) -> None:
    body = {"text": "Bonjour", "number_list": "+33600000001", "encodage": 3, **fields}
    assert_error(api.post("/api/pushs", json=datas(**{k: v for k, v in body.items() if v is not None})), 400)
    assert sb.credit() == 100_000


def test_sms_push_without_enough_credit_is_402(api: httpx.Client, sb: CleverSandbox) -> None:
    sb.set_credit(13)
    body = assert_error(sms(api), 402)
    assert "14" in body["message"]
    assert sb.credit() == 13
    sb.set_credit(14)
    assert sms(api).status_code == 201 and sb.credit() == 0


# -- scheduling, cancel (M17, M18), info (M19, M20) --------------------------------------------------
def test_deferred_sms_push_waits_then_sends(api: httpx.Client, sb: CleverSandbox) -> None:
    hd_send = in_future(sb, 3600)
    push = sms(api, hd_send=hd_send).json()["push"]
    reference = push["reference"]
    assert push["hd_send"] == hd_send
    info = api.get(f"/api/pushs/{reference}").json()["push"]
    assert info["status"] == 0 and info["hd_send"] == hd_send and info["options"] == "F1"
    assert api.get(f"/api/pushs/{reference}/deliveries").json() == {"deliveries": []}
    sb.clock.advance(3600)
    assert api.get(f"/api/pushs/{reference}").json()["push"]["status"] == 1
    sb.clock.advance(sb.seconds_to_complete(reference))
    assert api.get(f"/api/pushs/{reference}").json()["push"]["status"] == 2


def test_cancel_deferred_sms_push_refunds(api: httpx.Client, sb: CleverSandbox) -> None:
    reference = sms(api, hd_send=in_future(sb, 600)).json()["push"]["reference"]
    assert sb.credit() == 100_000 - 14
    response = api.delete(f"/api/pushs/{reference}")
    assert response.status_code == 204 and response.content == b""
    assert sb.credit() == 100_000
    assert_error(api.get(f"/api/pushs/{reference}"), 404)
    assert_error(api.delete(f"/api/pushs/{reference}"), 404)


def test_cancel_is_refused_once_the_push_has_started(api: httpx.Client, sb: CleverSandbox) -> None:
    immediate = sms(api).json()["push"]["reference"]
    assert_error(api.delete(f"/api/pushs/{immediate}"), 405)
    deferred = sms(api, hd_send=in_future(sb, 120)).json()["push"]["reference"]
    sb.clock.advance(120)
    assert_error(api.delete(f"/api/pushs/{deferred}"), 405)
    assert sb.credit() == 100_000 - 28


def test_push_reference_errors(api: httpx.Client) -> None:
    assert_error(api.get("/api/pushs/Push20000101000000"), 404)
    assert_error(api.get("/api/pushs/nope"), 400)
    assert_error(api.delete("/api/pushs/nope"), 400)
    assert_error(api.put("/api/pushs/Push20000101000000", json=datas()), 405)


def test_push_families_do_not_mix(api: httpx.Client, sb: CleverSandbox) -> None:
    sms_reference, mail_reference, _scheduled = sb.pushes()
    assert_error(api.get(f"/api/pushsmails/{sms_reference}"), 404)
    assert_error(api.get(f"/api/pushmails/{sms_reference}/deliveries"), 404)
    assert_error(api.get(f"/api/pushs/{mail_reference}"), 404)
    assert_error(api.get(f"/api/pushs/{mail_reference}/mos"), 404)
    assert_error(api.delete(f"/api/pushs/{mail_reference}"), 404)


# -- M21 deliveries, M23 MOs ---------------------------------------------------------------------------
def test_sms_deliveries_progress_over_clock_time(api: httpx.Client, sb: CleverSandbox) -> None:
    sb.set_failure_ratio(0.5)
    numbers = [f"+336100000{i:02d}" for i in range(40)]
    reference = sms(api, number_list=numbers, text="Alerte").json()["push"]["reference"]
    early = api.get(f"/api/pushs/{reference}/deliveries").json()["deliveries"]
    assert all(d["status"] == "2" and "date_receive" not in d for d in early)
    sb.clock.advance(31)  # every recipient handed over (0–30 s)
    middle = api.get(f"/api/pushs/{reference}/deliveries").json()["deliveries"]
    assert len(middle) == 40
    sb.clock.advance(sb.seconds_to_complete(reference))
    final = api.get(f"/api/pushs/{reference}/deliveries").json()["deliveries"]
    assert sorted(d["recipient"] for d in final) == numbers
    assert {d["status"] for d in final} == {"3", "4"}
    assert all(d["date_receive"] >= d["date_send"] for d in final)
    assert set(final[0]) == {"message", "typemessage", "date_send", "date_receive", "recipient", "status"}
    assert final[0]["message"] == "Alerte" and final[0]["typemessage"] == "sms"
    assert final == sb.deliveries(reference)


def test_failure_ratio_extremes(api: httpx.Client, sb: CleverSandbox) -> None:
    sb.set_failure_ratio(1.0)
    failing = sms(api).json()["push"]["reference"]
    sb.set_failure_ratio(0.0)
    delivering = sms(api).json()["push"]["reference"]
    sb.clock.advance(600)
    assert {d["status"] for d in api.get(f"/api/pushs/{failing}/deliveries").json()["deliveries"]} == {"4"}
    assert {d["status"] for d in api.get(f"/api/pushs/{delivering}/deliveries").json()["deliveries"]} == {"3"}


def test_tts_deliveries_end_in_status_6(api: httpx.Client, sb: CleverSandbox) -> None:
    sb.set_failure_ratio(0.0)
    reference = sms(api, type_push="tts").json()["push"]["reference"]
    sb.clock.advance(600)
    deliveries = api.get(f"/api/pushs/{reference}/deliveries").json()["deliveries"]
    assert [(d["typemessage"], d["status"]) for d in deliveries] == [("tts", "6"), ("tts", "6")]


def test_mos(api: httpx.Client, sb: CleverSandbox) -> None:
    reference = sms(api).json()["push"]["reference"]
    assert api.get(f"/api/pushs/{reference}/mos").json() == {"mos": []}
    sb.clock.advance(90)
    mo = sb.inject_mo(reference, "+33600000002", "Ok Yacine")
    response = api.get(f"/api/pushs/{reference}/mos")
    assert response.status_code == 200
    assert response.json() == {
        "mos": [
            {
                "status": "5",
                "date_receive": sb.clock.now_paris().strftime("%Y-%m-%d %H:%M:%S"),
                "recipient": "+33600000002",
                "message": "Ok Yacine",
            }
        ]
    }
    assert sb.push(reference)["mos"] == [mo]
    with pytest.raises(ValueError):
        sb.inject_mo(reference, "+33699999999", "pas destinataire")


def test_seed_history_is_visible(api: httpx.Client, sb: CleverSandbox) -> None:
    sms_reference, mail_reference, scheduled_reference = sb.pushes()
    # The help examples name these (handlers/clever/lookup.py): fixed references, whatever the clock.
    assert (sms_reference, scheduled_reference) == ("Push20261201090000", "Push20261201091500")
    assert api.get(f"/api/pushs/{scheduled_reference}").json()["push"]["status"] == 0
    assert api.get(f"/api/pushs/{sms_reference}").json()["push"]["status"] == 2
    assert api.get(f"/api/pushs/{sms_reference}/mos").json()["mos"][0]["message"] == "OK merci"
    mails = api.get(f"/api/pushmails/{mail_reference}/deliveries").json()["deliveries"]
    assert len(mails) == 2 and {d["status"] for d in mails} <= {"3", "4"}


def test_a_hundred_thousand_recipients(api: httpx.Client, sb: CleverSandbox) -> None:
    sb.set_credit(1_000_000)
    numbers = [f"+3361{i:07d}" for i in range(100_000)]
    response = api.post("/api/pushs", json=datas(text="Bonjour", number_list=numbers, encodage=3))
    assert response.status_code == 201 and response.json()["push"]["unit"] == 700_000
    reference = response.json()["push"]["reference"]
    sb.clock.advance(600)
    started = time.perf_counter()
    deliveries = api.get(f"/api/pushs/{reference}/deliveries")
    elapsed = time.perf_counter() - started
    assert deliveries.status_code == 200 and len(deliveries.json()["deliveries"]) == 100_000
    assert elapsed < 1.5


# -- M12 mail push, M20, M22 ---------------------------------------------------------------------------
MAIL = {
    "text": "Send Push Mail test",
    "email_list": "cleverimap@gmail.com;cleverimap@gmail.com",
    "email_subject": "push mail",
    "open_tag": 0,
    "type_mail": "html",
    "duplicates": 1,
}


@pytest.mark.parametrize("path", ["/api/pushsmails", "/api/pushmails"])
def test_mail_push_with_the_documented_example(api: httpx.Client, sb: CleverSandbox, path: str) -> None:
    push = created(api.post(path, json=datas(**MAIL)))
    assert {k: v for k, v in push.items() if k not in ("reference", "hd_send")} == {
        "email_list": "cleverimap@gmail.com;cleverimap@gmail.com",
        "text": "Send Push Mail test",
        "email_subject": "push mail",
        "filename": "noFile",
        "type_push": "mail",
        "unit": 4,
        "nb_mail": 2,
        "open_tag": 0,
        "type_mail": "html",
        "duplicates": 1,
    }
    assert sb.credit() == 100_000 - 4
    deduplicated = api.post(path, json=datas(**{**MAIL, "duplicates": 0})).json()["push"]
    assert deduplicated["nb_mail"] == 1 and deduplicated["unit"] == 2


@pytest.mark.parametrize(
    "fields",
    [
        {"email_list": None},
        {"email_list": "pas-un-mail"},
        {"text": None},
        {"email_subject": None},
        {"type_mail": "rtf"},
        {"filename": "doc.wav"},
        {"type_push": "sms"},
        {"open_tag": 3},
    ],
)
def test_mail_push_rejects_bad_parameters(api: httpx.Client, fields: dict[str, Any]) -> None:
    body = {**MAIL, **fields}
    assert_error(api.post("/api/pushsmails", json=datas(**{k: v for k, v in body.items() if v is not None})), 400)


def test_mail_push_402(api: httpx.Client, sb: CleverSandbox) -> None:
    sb.set_credit(3)
    assert_error(api.post("/api/pushsmails", json=datas(**MAIL)), 402)


def test_mail_push_info_cancel_and_deliveries(api: httpx.Client, sb: CleverSandbox) -> None:
    sb.set_failure_ratio(0.0)
    hd_send = in_future(sb, 300)
    reference = api.post("/api/pushsmails", json=datas(**MAIL, hd_send=hd_send)).json()["push"]["reference"]
    info = api.get(f"/api/pushsmails/{reference}").json()["push"]
    assert info["status"] == 0 and info["nb_mail"] == 2 and info["email_subject"] == "push mail"
    sb.clock.advance(300 + 600)
    assert api.get(f"/api/pushsmails/{reference}").json()["push"]["status"] == 2
    assert_error(api.delete(f"/api/pushsmails/{reference}"), 405)
    deliveries = api.get(f"/api/pushmails/{reference}/deliveries").json()["deliveries"]
    assert deliveries == api.get(f"/api/pushsmails/{reference}/deliveries").json()["deliveries"]
    assert [(d["recipient"], d["status"]) for d in deliveries] == [("cleverimap@gmail.com", "3")] * 2
    assert set(deliveries[0]) == {"subject", "body", "reply_to", "date_send", "date_receive", "recipient", "status"}
    deferred = api.post("/api/pushsmails", json=datas(**MAIL, hd_send=in_future(sb, 60))).json()["push"]
    assert api.delete(f"/api/pushsmails/{deferred['reference']}").status_code == 204
    assert sb.credit() == 100_000 - 4


# -- M13, M14 criteria ----------------------------------------------------------------------------------
def test_sms_push_by_criteria_with_the_documented_example(api: httpx.Client, sb: CleverSandbox) -> None:
    body = datas(
        text="send push criteria test",
        criteria="diffusion=on and BRINGUP=oui",
        type_push="sms",
        encodage=3,
        options="F1",
        duplicates=0,
    )
    push = created(api.post("/api/pushscriterias", json=body))
    assert push["number_list"] == "+33612345678;+33756789012"  # Dupont and Petit
    assert push["nb_destination"] == 2 and push["unit"] == 14
    assert len(push["reference"]) == 4 + 14 + 32  # the §3.13 long form
    assert sb.push(push["reference"])["criteria"] == "diffusion=on and BRINGUP=oui"


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ("city='Paris' OR city = 'Lyon'", "+33612345678;+33623456789"),
        ("(diffusion=on or diffusion=off) AND bringup='OUI'", "+33612345678;+33634567890;+33756789012"),
        ("diffusion != on", "+33634567890;+33667890123"),
        ('lastName="Léa"', "+33667890123"),
    ],
)
def test_criteria_expressions(api: httpx.Client, criteria: str, expected: str) -> None:
    response = api.post("/api/pushscriterias", json=datas(text="x", criteria=criteria, encodage=3))
    assert response.status_code == 201, response.text
    assert response.json()["push"]["number_list"] == expected


@pytest.mark.parametrize(
    "criteria", [None, "", "inconnu=1", "diffusion=", "diffusion=on and", "(diffusion=on", "diffusion on", "city=Nice"]
)
def test_bad_or_empty_criteria_are_400(api: httpx.Client, criteria: str | None) -> None:
    body = {"text": "x", "encodage": 3, "criteria": criteria}
    assert_error(api.post("/api/pushscriterias", json=datas(**{k: v for k, v in body.items() if v is not None})), 400)


def test_criteria_with_added_contacts_and_predefined_message(api: httpx.Client, sb: CleverSandbox) -> None:
    sb.add_contact("Roux", "Paul", "+33611112222", city="Nice", diffusion="on", BRINGUP="oui")
    body = datas(text="Rappel RDV", predefined_message=1, criteria="city=Nice", encodage=3)
    push = api.post("/api/pushscriterias", json=body).json()["push"]
    assert push["number_list"] == "+33611112222"
    assert push["text"].startswith("Bonjour, nous vous rappelons")
    unknown = datas(text="Pas de titre", predefined_message=1, criteria="city=Nice", encodage=3)
    assert_error(api.post("/api/pushscriterias", json=unknown), 400)


def test_contact_additional_fields_through_the_api(api: httpx.Client) -> None:
    api.post("/api/contacts", json=datas(name="Roux", lastname="Paul", gsm_primary="+33611112222", BRINGUP="oui"))
    push = api.post("/api/pushscriterias", json=datas(text="x", criteria="BRINGUP=oui and city=''", encodage=3))
    assert push.json()["push"]["number_list"] == "+33611112222"


@pytest.mark.parametrize("path", ["/api/pushsmailcriterias", "/api/pushmailcriteria"])
def test_mail_push_by_criteria(api: httpx.Client, path: str) -> None:
    body = datas(
        text="send push criteria test",
        criteria="diffusion=on and BRINGUP=oui",
        email_subject="push mail",
        open_tag=0,
        type_mail="html",
        duplicates=1,
    )
    push = created(api.post(path, json=body))
    assert push["email_list"] == "marie.dupont@example.fr;hugo.petit@example.fr"
    assert push["nb_mail"] == 2 and push["unit"] == 4 and push["status"] == 1
    assert_error(api.post(path, json=datas(text="x", email_subject="s")), 400)  # criteria required


# -- M15, M16 broadcasts -----------------------------------------------------------------------------------
def test_sms_broadcast_with_the_documented_example(api: httpx.Client, sb: CleverSandbox) -> None:
    body = datas(
        text="send push all contacts test",
        type_push="sms",
        encodage=3,
        options="F1",
        gsm_routage_mo="+33600000012",
        mail_routage_mo="test@clever.fr",
        duplicates=0,
    )
    push = created(api.post("/api/pushsbroadcasts", json=body))
    assert push["nb_destination"] == 5 and push["unit"] == 35
    assert push["number_list"].split(";") == [c["gsm_primary"] for c in sb.contacts()]
    assert push["duplicates"] == "0" and push["way"] == 1 and isinstance(push["id"], int)
    assert push["gsm_routage_mo"] == "+33600000012" and push["mail_routage_mo"] == "test@clever.fr"
    assert push["hd_send"] == sb.clock.now_paris().strftime("%Y-%m-%dT%H:%M:%S%z") == push["date_entry"]


def test_sms_broadcast_all_numbers_costs_a_landline_as_tts(api: httpx.Client, sb: CleverSandbox) -> None:
    sb.set_failure_ratio(0.0)
    push = api.post("/api/pushsbroadcasts", json=datas(text="x", encodage=3, all_number=1)).json()["push"]
    assert push["nb_destination"] == 7
    assert push["unit"] == 6 * 7 + 9  # Bernard's +33491234567 goes out as a voice message
    sb.clock.advance(600)
    kinds = {d["recipient"]: (d["typemessage"], d["status"]) for d in sb.deliveries(push["reference"])}
    assert kinds["+33491234567"] == ("tts", "6") and kinds["+33612345678"] == ("sms", "3")


def test_sms_broadcast_rejects_bad_routing_numbers(api: httpx.Client) -> None:
    body = datas(text="x", encodage=3, gsm_routage_mo="+336000000012")  # §3.15's example typo
    assert_error(api.post("/api/pushsbroadcasts", json=body), 400)
    assert_error(api.post("/api/pushsbroadcasts", json=datas(text="x", encodage=3, mail_routage_mo="x")), 400)
    assert_error(api.post("/api/pushsbroadcasts", json=datas(text="x", encodage=3, time_cascade=-1)), 400)


def test_sms_broadcast_without_contacts_is_400(api: httpx.Client) -> None:
    for contact_id in (214905, 214906, 214907, 214908, 214909):
        api.delete(f"/api/contacts/{contact_id}")
    assert_error(api.post("/api/pushsbroadcasts", json=datas(text="x", encodage=3)), 400)


@pytest.mark.parametrize("path", ["/api/pushsmailbroadcasts", "/api/pushmailbroadcasts"])
def test_mail_broadcast(api: httpx.Client, sb: CleverSandbox, path: str) -> None:
    body = datas(text="Send Push mail for all contacts", email_subject="push mail", open_tag=0, type_mail="html")
    push = created(api.post(path, json=body))
    emails = [c["email"] for c in sb.contacts() if c["email"]]
    assert push["email_list"] == ",".join(emails) and push["nb_mail"] == 4 and push["unit"] == 8
    assert isinstance(push["id"], int)
    sb.set_credit(7)
    assert_error(api.post(path, json=body), 402)


# -- M24, M25 ---------------------------------------------------------------------------------------------
def test_fieldlist_and_predefined_messages(api: httpx.Client) -> None:
    fields = api.get("/api/fieldlist")
    assert fields.status_code == 200
    assert [f["name"] for f in fields.json()["fields"]] == ["diffusion", "BRINGUP"]
    messages = api.get("/api/predefinedmessage")
    assert messages.status_code == 200
    assert messages.json()["predefined_messages"][0]["title"] == "Rappel RDV"
    assert_error(api.post("/api/fieldlist", json=datas()), 405)


# -- 500 and hooks -----------------------------------------------------------------------------------------
def test_inject_server_error(api: httpx.Client, sb: CleverSandbox) -> None:
    sb.inject_server_error(1, path_prefix="/api/pushs")
    assert sms(api).status_code == 500
    assert sms(api).status_code == 201
    assert sb.credit() == 100_000 - 14


def test_hooks(sb: CleverSandbox) -> None:
    sb.set_credit(42)
    assert sb.credit() == 42
    assert sb.credit("agence-lyon") == 5_000
    contact_id = sb.add_contact("Roux", "Paul", "+33611112222", email="paul@example.fr", diffusion="on")
    stored = next(c for c in sb.contacts() if c["id"] == contact_id)
    assert stored["gsm_primary"] == "+33611112222" and stored["extra"] == {"diffusion": "on"}
    with pytest.raises(ValueError):
        sb.add_contact("Roux", "Paul", "+33611112222", shoe_size="42")
    with pytest.raises(ValueError):
        sb.set_failure_ratio(1.5)
    assert all("password" not in user for user in sb.users())
    push = sb.push(sb.pushes()[0])
    assert push["family"] == "sms" and push["status"] == 2 and len(push["recipients"]) == 3
