"""Clever Multimedias client (issue 10): outcomes of writes, tolerant reading, requests as the examples send them."""

from __future__ import annotations

import json

import httpx
import pytest

from bot.core.safe_writes import may_have_acted
from bot.vendors.clever.errors import CleverError
from bot.vendors.clever.models import ContactInput, MailPushRequest, SmsPushRequest, UserInput, parse_vendor_date
from bot.vendors.errors import Delivery
from tests.unit.vendor_mocks import clever_client

SMS = SmsPushRequest(number_list=["+33612345678", "+33623456789"], text="Bonjour", encodage=3)


# -- outcomes of writes -----------------------------------------------------------------------
@pytest.mark.parametrize("status", [200, 201, 202, 204])
def test_a_push_answered_any_2xx_without_a_body_is_done_without_a_reference(status: int) -> None:
    api, seen = clever_client(lambda r: httpx.Response(status))
    assert api.push_sms(SMS) is None  # done (no error), but nothing to follow
    assert len(seen) == 1


def test_a_push_answered_202_with_its_push_is_read() -> None:
    api, _ = clever_client(
        lambda r: httpx.Response(202, json={"push": {"reference": "Push20261201090000", "unit": 14}})
    )
    push = api.push_sms(SMS)
    assert push is not None and push.reference_clean == "Push20261201090000" and push.unit == 14


@pytest.mark.parametrize(
    "body",
    [
        {"result": "ok"},  # an object without the push
        {"code": 403, "message": "Forbidden"},  # the error shape of §2.3, under a 2xx
        "KO",
        False,
        {"push": [{"reference": "Push1"}, {"reference": "Push2"}]},  # several where one is due
        {"error": "quota dépassé"},
        {"push": {"reference": "Push1"}, "errors": ["quota dépassé"]},
    ],
    ids=["no-push", "error-shaped", "string", "false", "two-pushes", "error", "push-and-errors"],
)
def test_a_2xx_body_in_no_documented_form_is_unknown_and_kept_verbatim(body: object) -> None:
    # Before: any JSON without the push was "done without a reference" (a false success).
    api, seen = clever_client(lambda r: httpx.Response(201, json=body))
    with pytest.raises(CleverError) as caught:
        api.push_sms(SMS)
    assert caught.value.delivery is Delivery.UNKNOWN and may_have_acted(caught.value) and len(seen) == 1
    assert json.dumps(body, ensure_ascii=False)[:20] in caught.value.detail


@pytest.mark.parametrize(
    "item",
    [{"reference": "Push1", "status": "en cours"}, {"reference": "Push1", "unit": "14.0"}],
    ids=["status-in-words", "unit-as-decimal"],
)
def test_a_created_push_keeps_its_reference_when_another_field_is_unreadable(item: dict[str, object]) -> None:
    api, _ = clever_client(lambda r: httpx.Response(201, json={"push": item}))
    push = api.push_sms(SMS)
    assert push is not None and push.reference_clean == "Push1"


def test_a_created_push_without_a_readable_reference_is_unknown() -> None:
    api, _ = clever_client(lambda r: httpx.Response(201, json={"push": {"status": "en cours"}}))
    with pytest.raises(CleverError) as caught:
        api.push_sms(SMS)
    assert caught.value.delivery is Delivery.UNKNOWN and "en cours" in caught.value.detail


def test_an_html_page_under_200_is_unknown_and_kept_verbatim() -> None:
    page = "<html><body><h1>Maintenance en cours</h1></body></html>"
    api, seen = clever_client(lambda r: httpx.Response(200, text=page, headers={"Content-Type": "text/html"}))
    with pytest.raises(CleverError) as caught:
        api.push_sms(SMS)
    error = caught.value
    assert error.delivery is Delivery.UNKNOWN and may_have_acted(error) and len(seen) == 1
    assert "Maintenance en cours" in error.detail and "cannot tell whether it was done" in error.plain


def test_a_redirect_after_a_write_is_unknown_and_after_a_read_an_error() -> None:
    api, _ = clever_client(lambda r: httpx.Response(302, headers={"Location": "/login"}, text="Found"))
    with pytest.raises(CleverError) as caught:
        api.push_sms(SMS)
    assert caught.value.delivery is Delivery.UNKNOWN
    with pytest.raises(CleverError) as caught:
        api.account()
    assert caught.value.delivery is Delivery.NOT_SENT and caught.value.status == 302


@pytest.mark.parametrize("status", [400, 401, 402, 404, 409, 430])
def test_a_4xx_is_a_refusal_in_the_vendors_words(status: int) -> None:
    api, _ = clever_client(lambda r: httpx.Response(status, json={"code": status, "message": "refus du fournisseur"}))
    with pytest.raises(CleverError) as caught:
        api.create_contact(ContactInput(name="Durand", lastname="Alice", gsm_primary="+33611223344"))
    assert caught.value.delivery is Delivery.NOT_SENT and not may_have_acted(caught.value)
    assert "refus du fournisseur" in caught.value.detail


def test_a_contact_created_without_its_id_is_done() -> None:
    api, _ = clever_client(lambda r: httpx.Response(202))
    assert api.create_contact(ContactInput(name="Durand", lastname="Alice", gsm_primary="+33611223344")) is None
    api, _ = clever_client(lambda r: httpx.Response(201, json={"contact": {"id": 155576}}))
    created = api.create_contact(ContactInput(name="Durand", lastname="Alice", gsm_primary="+33611223344"))
    assert created is not None and created.id == "155576"


def test_puts_and_deletes_are_done_on_202_or_200() -> None:
    api, seen = clever_client(lambda r: httpx.Response(202 if r.method == "PUT" else 200))
    api.edit_contact(1, ContactInput(name="Durand", lastname="Alice", gsm_primary="+33611223344"))
    api.cancel_push("sms", "Push20261201090000")
    assert [r.method for r in seen] == ["PUT", "DELETE"]


@pytest.mark.parametrize(
    "body", [{"error": "contact verrouillé"}, {"code": 409, "message": "Conflit"}, "KO", False], ids=repr
)
def test_an_edit_or_delete_answered_an_error_under_2xx_is_unknown_never_done(body: object) -> None:
    api, seen = clever_client(lambda r: httpx.Response(200, json=body))
    for write in (
        lambda: api.edit_contact(1, ContactInput(name="Durand", lastname="Alice", gsm_primary="+33611223344")),
        lambda: api.delete_contact(1),
        lambda: api.cancel_push("sms", "Push20261201090000"),
    ):
        with pytest.raises(CleverError) as caught:
            write()
        assert caught.value.delivery is Delivery.UNKNOWN and may_have_acted(caught.value)
        assert json.dumps(body, ensure_ascii=False) in caught.value.detail
    assert len(seen) == 3, "each sent once"


def test_an_edit_answered_with_the_resource_is_done() -> None:
    api, _ = clever_client(lambda r: httpx.Response(200, json={"contact": {"id": 1, "name": "Durand"}}))
    api.edit_contact(1, ContactInput(name="Durand", lastname="Alice", gsm_primary="+33611223344"))


# -- the document's two names of a path ---------------------------------------------------------
def test_a_mail_push_answered_404_under_one_name_is_sent_once_under_the_other() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/pushsmails":
            return httpx.Response(404, json={"code": 404, "message": "La ressource demandée n'existe pas."})
        return httpx.Response(201, json={"push": {"reference": "Push20261201090000", "nb_mail": 1}})

    api, seen = clever_client(answer)
    push = api.push_mail(MailPushRequest(email_list=["a@b.fr"], text="x", email_subject="s"))
    assert push is not None and [r.url.path for r in seen] == ["/api/pushsmails", "/api/pushmails"]


def test_the_other_name_is_tried_once_only_and_only_after_a_404() -> None:
    api, seen = clever_client(lambda r: httpx.Response(404, json={"code": 404, "message": "x"}))
    with pytest.raises(CleverError) as caught:
        api.push("mail", "Push20261201090000")
    assert caught.value.status == 404
    assert [r.url.path for r in seen] == ["/api/pushsmails/Push20261201090000", "/api/pushmails/Push20261201090000"]
    api, seen = clever_client(lambda r: httpx.Response(404, json={"code": 404, "message": "x"}))
    with pytest.raises(CleverError):
        api.deliveries("mail", "Push20261201090000")
    assert [r.url.path for r in seen][-1] == "/api/pushsmails/Push20261201090000/deliveries"
    api, seen = clever_client(lambda r: httpx.Response(400, json={"code": 400, "message": "x"}))
    with pytest.raises(CleverError):
        api.cancel_push("mail", "Push20261201090000")
    assert len(seen) == 1
    api, seen = clever_client(lambda r: httpx.Response(404, json={"code": 404, "message": "x"}))
    with pytest.raises(CleverError):
        api.push("sms", "Push20261201090000")  # /api/pushs has one name only
    assert len(seen) == 1


# -- tolerant reading ---------------------------------------------------------------------------
def test_the_profile_with_company_beside_account_and_camel_case() -> None:
    body = {
        "account": {"name": "Clever", "lastName": "Tec", "credit": "999733", "dateExpiration": "2033-02-10 09:49:21"},
        "company": {"companyName": "Clever Technologies - IS", "zipCode": 77183},
    }
    api, _ = clever_client(lambda r: httpx.Response(200, json=body))
    account = api.account()
    assert account.credit == 999733 and account.lastname == "Tec" and account.expires_at is not None
    assert account.company is not None and account.company.company_name == "Clever Technologies - IS"
    assert account.company.zip_code == "77183"


@pytest.mark.parametrize(
    "body",
    [
        {"contact": [{"id": 214905, "name": "Clever", "last_name": "ALG", "gsm_primary": "771100899"}]},
        [{"id": "214905", "name": "Clever", "lastName": "ALG", "gsmPrimary": "771100899"}],
        {"contact": {"id": 214905, "name": "Clever", "last_name": "ALG", "gsm_primary": "771100899"}},
    ],
)
def test_listings_wrapped_bare_or_single(body: object) -> None:
    api, _ = clever_client(lambda r: httpx.Response(200, json=body))
    [contact] = api.contacts()
    assert (contact.id, contact.last_name, contact.gsm_primary) == ("214905", "ALG", "771100899")


@pytest.mark.parametrize("body", [{"result": "ok"}, {"contact": "none"}, "ok", [1, 2], {"contact": [1]}])
def test_a_body_that_is_not_a_listing_is_an_error_not_data(body: object) -> None:
    api, _ = clever_client(lambda r: httpx.Response(200, json=body))
    with pytest.raises(CleverError) as caught:
        api.contacts()
    assert "cannot read" in caught.value.plain and caught.value.delivery is Delivery.NOT_SENT


def test_an_html_page_for_a_read_is_an_error() -> None:
    api, _ = clever_client(lambda r: httpx.Response(200, text="<html>Maintenance</html>"))
    with pytest.raises(CleverError, match="cannot read") as caught:
        api.deliveries("sms", "Push20261201090000")
    assert "Maintenance" in caught.value.detail


def test_an_empty_listing_in_its_wrapper_is_empty() -> None:
    api, _ = clever_client(lambda r: httpx.Response(200, json={"deliveries": []}))
    assert api.deliveries("sms", "Push20261201090000") == []
    api, _ = clever_client(lambda r: httpx.Response(200, json={"mos": None}))
    assert api.mos("Push20261201090000") == []


def test_deliveries_and_pushes_in_camel_case_with_strings_and_flags() -> None:
    rows = [{"recipient": "+33612345678", "status": 3, "dateSend": "2026-12-01 09:00:00", "dateReceive": None}]
    api, _ = clever_client(lambda r: httpx.Response(200, json=rows))
    [row] = api.deliveries("sms", "Push20261201090000")
    assert (row.status, row.date_send) == ("3", "2026-12-01 09:00:00")
    push = {"push": {"reference": "Push1", "nbDestination": "2", "status": "1", "openTag": True, "duplicates": "true"}}
    api, _ = clever_client(lambda r: httpx.Response(200, json=push))
    read = api.push("sms", "Push1")
    assert (read.nb_destination, read.status, read.open_tag, read.duplicates) == (2, 1, 1, 1)


def test_a_windows_1252_body_is_decoded() -> None:
    body = json.dumps({"mos": [{"recipient": "+33612345678", "message": "Réponse reçue"}]}, ensure_ascii=False)
    api, _ = clever_client(
        lambda r: httpx.Response(
            200, content=body.encode("cp1252"), headers={"Content-Type": "application/json; charset=windows-1252"}
        )
    )
    assert api.mos("Push1")[0].message == "Réponse reçue"
    api, _ = clever_client(lambda r: httpx.Response(200, content=body.encode("cp1252")))  # no charset: the fallback
    assert api.mos("Push1")[0].message == "Réponse reçue"


@pytest.mark.parametrize(
    "text", ["2017-10-12 12:42:47", "2017-10-12T12:42:47+0200", "2017-10-12T12:42:47+02:00", "2017-10-12 12:42:47 "]
)
def test_both_documented_date_formats(text: str) -> None:
    parsed = parse_vendor_date(text)
    assert parsed is not None and parsed.hour == 12 and parsed.utcoffset() is not None


# -- requests as the examples send them ---------------------------------------------------------
def test_recipient_lists_are_sent_as_the_examples_semicolon_string() -> None:
    sms = SMS.wire()
    assert sms["number_list"] == "+33612345678;+33623456789"
    mail = MailPushRequest(email_list=["a@b.fr", "c@d.fr"], text="x", email_subject="s").wire()
    assert mail["email_list"] == "a@b.fr;c@d.fr"
    assert "number_list" not in SmsPushRequest(text="x", encodage=3, criteria="a=b").wire()


def test_contact_fields_go_under_the_tables_and_the_examples_spellings() -> None:
    datas = ContactInput(name="Durand", lastname="Alice", gsm_primary="+33611223344", zip_code="44000").wire()
    assert (datas["lastname"], datas["lastName"]) == ("Alice", "Alice")
    assert (datas["gsm_primary"], datas["gsmPrimary"]) == ("+33611223344", "+33611223344")
    assert datas["zipCode"] == "44000"


def test_users_go_flat_as_the_table_and_nested_as_the_example() -> None:
    user = UserInput(
        name="Roux",
        lastname="Léa",
        telephone="+33611223344",
        email="lea@example.fr",
        username="agence-nantes",
        password="Agence2026",
        address="1 rue de Paris",
        company_name="Agence",
    ).wire()
    assert user["name"] == "Roux" and user["address"] == "1 rue de Paris"
    assert user["account"]["lastname"] == "Léa" and user["account"]["company"]["company_name"] == "Agence"
    assert "password" not in user["account"]


def test_one_unreadable_row_is_skipped_and_logged_the_others_go_on(caplog: pytest.LogCaptureFixture) -> None:
    rows = [{"recipient": "+33612345678", "status": "3"}, "junk", 42]
    api, _ = clever_client(lambda r: httpx.Response(200, json={"deliveries": rows}))
    [row] = api.deliveries("sms", "Push1")
    assert row.recipient == "+33612345678"
    assert len([r for r in caplog.records if "skipped" in r.getMessage()]) == 2


def test_the_name_that_answered_is_tried_first_from_then_on() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/api/pushsmails"):
            return httpx.Response(404, json={"code": 404, "message": "x"})
        return httpx.Response(200, json={"push": {"reference": "Push1", "status": 1}})

    api, seen = clever_client(answer)
    api.push("mail", "Push1")
    api.push("mail", "Push1")
    assert [r.url.path for r in seen] == ["/api/pushsmails/Push1", "/api/pushmails/Push1", "/api/pushmails/Push1"]
