"""The Clever Multimedias client against httpx.MockTransport: the document's examples, errors, no blind retries."""

from __future__ import annotations

import json

import httpx
import pytest

from bot.rules.fields import FieldError, FieldErrors
from bot.vendors.clever.errors import CleverError
from bot.vendors.clever.models import SmsPushRequest
from bot.vendors.errors import Delivery
from handlers.clever.push_criteria import check_criteria
from handlers.clever.push_rules import PushDraft, estimate_units, plan_push
from tests.unit.vendor_mocks import clever_client


def test_push_example_of_3_15_is_read_tolerantly() -> None:
    body = {
        "push": {
            "id": 676,
            "reference": "Push201710121805301059df92caac8d629486258997453f8d0",
            "nb_destination": 0,
            "number_list": "+33651028452;+33771100899",
            "encodage": 3,
            "hd_send": "2017-10-12T18:05:30+0200",
            "unit": 44,
            "nb_sms": 1,
            "duplicates": "0",
        }
    }
    api, seen = clever_client(lambda r: httpx.Response(201, json=body))
    push = api.push_sms(SmsPushRequest(number_list=["+33651028452"], text="x", encodage=3), "broadcast")
    assert push is not None
    assert push.number_list == ["+33651028452", "+33771100899"] and push.unit == 44 and push.duplicates == 0
    assert push.send_at is not None and push.send_at.utcoffset() is not None
    [request] = seen
    assert request.url.path == "/api/pushsbroadcasts" and request.headers["authorization"].startswith("Basic ")
    # number_list as every example sends it: one ";"-joined string (the table's "Tableau" is not what they send).
    assert json.loads(request.content) == {"datas": {"number_list": "+33651028452", "text": "x", "encodage": 3}}


def test_contacts_in_both_spellings() -> None:
    api, _ = clever_client(
        lambda r: httpx.Response(200, json={"contact": {"id": "155576", "lastName": "L", "gsmPrimary": "+33610000000"}})
    )
    contact = api.contact(155576)
    assert (contact.id, contact.last_name, contact.gsm_primary) == ("155576", "L", "+33610000000")


def test_a_failed_write_is_never_retried_and_a_500_is_unknown() -> None:
    api, seen = clever_client(lambda r: httpx.Response(500, json={"code": 500, "message": "boom"}))
    with pytest.raises(CleverError) as caught:
        api.push_sms(SmsPushRequest(number_list=["+33612345678"], text="x", encodage=3))
    assert len(seen) == 1 and caught.value.delivery is Delivery.UNKNOWN


def test_reads_are_retried_on_503() -> None:
    answers = iter([httpx.Response(503), httpx.Response(200, json={"account": {"credit": "12"}})])
    api, seen = clever_client(lambda r: next(answers))
    assert api.account().credit == 12 and len(seen) == 2


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (401, "refused our credentials"),
        (402, "not enough credit"),
        (404, "no such item"),
        (405, "does not allow this operation now"),
        (409, "conflicts"),
        (500, "failed while processing"),
    ],
)
def test_documented_statuses_in_plain_words(status: int, words: str) -> None:
    api, _ = clever_client(lambda r: httpx.Response(status, json={"code": status, "message": "x"}))
    with pytest.raises(CleverError, match=words) as caught:
        api.contact(1)
    assert caught.value.status == status


def test_400_names_the_field_and_430_the_date() -> None:
    message = "Les paramètres de la requête sont incorrects. number_list : format international attendu."
    api, _ = clever_client(lambda r: httpx.Response(400, json={"code": 400, "message": message}))
    with pytest.raises(CleverError) as caught:
        api.contact(1)
    assert caught.value.plain.startswith("Clever Multimedias refused the value of `number_list`: correct it")
    assert "format international attendu" in caught.value.detail and "attendu" not in caught.value.plain
    api, _ = clever_client(
        lambda r: httpx.Response(
            430,
            json={"code": 430, "message": "Account expired 2026-01-01"},
            extensions={"reason_phrase": b"Account expired 2026-01-01"},
        )
    )
    with pytest.raises(CleverError) as caught:
        api.fields()
    assert caught.value.plain == "the Clever Multimedias account has expired: renew it with Clever Multimedias"
    assert "Account expired 2026-01-01" in caught.value.detail, "the date, in the vendor's words"


def test_units_follow_the_decisions() -> None:
    assert estimate_units("sms", ["+33612345678", "+33145678901"], 2) == 2 * 7 + 2 * 9
    assert estimate_units("tts", ["+33612345678"], 2) == 18
    assert estimate_units("voice", ["+33612345678"], 3) == 9
    assert estimate_units("mail", ["a@b.fr", "c@d.fr"], 1) == 4


def test_criteria_syntax() -> None:
    assert check_criteria("criteria", "diffusion=on AND (city='Paris' OR city<>Lyon)") == (
        "diffusion=on AND (city='Paris' OR city<>Lyon)"
    )
    for bad in ["diffusion=", "AND x=1", "(x=1", "x=1 AND"]:
        with pytest.raises(FieldError):
            check_criteria("criteria", bad)


def test_plan_collects_every_error() -> None:
    from datetime import UTC, datetime

    draft = PushDraft("sms", recipients="0639", text="", sender="MUCH-TOO-LONG", at="2020-01-01 09:00")
    with pytest.raises(FieldErrors) as caught:
        plan_push(draft, now=datetime.now(UTC))
    assert {e.field for e in caught.value.errors} >= {"recipients", "text", "from", "at"}
