"""The Cliqphone client's protocol edges: tokens, codes, tolerant parsing, writes sent once."""

from __future__ import annotations

import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from bot.core.timezone import PARIS
from bot.vendors.cliqphone.client import CliqphoneClient
from bot.vendors.cliqphone.errors import Operation, error_from_body, normalise_code, plain_sentences
from bot.vendors.cliqphone.models import LoginAnswer, Media, Number, NumberFilters, NumberSettings
from bot.vendors.cliqphone.token import RENEW_MARGIN
from bot.vendors.errors import Delivery, VendorError
from tests.unit.vendor_mocks import Handler


class FakeCliqphone:
    """Answers login with a new token each time; the rest is decided per test."""

    def __init__(self, answer: Handler | None = None, *, expiry: str | None = "10-02-2099 10:00:00") -> None:
        self.logins = 0
        self.calls: list[httpx.Request] = []
        self.answer = answer or (lambda request: httpx.Response(200, json=[]))
        self.expiry = expiry
        self.lock = threading.Lock()
        self.login_delay = 0.0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/auto":
            time.sleep(self.login_delay)
            with self.lock:
                self.logins += 1
                token = f"tok{self.logins}"
            body: dict[str, Any] = {"state": "ok", "codeErreur": "0000", "messageErreur": "", "token": token}
            if self.expiry is not None:
                body["tokenExprid"] = self.expiry
            return httpx.Response(200, json=body)
        with self.lock:
            self.calls.append(request)
        return self.answer(request)

    def client(self) -> CliqphoneClient:
        return CliqphoneClient(
            "http://cliq.test", "user", "s3cret-pwd", transport=httpx.MockTransport(self), sleep=lambda s: None
        )


def ko(code: str, message: str = "") -> httpx.Response:
    return httpx.Response(200, json={"state": "ko", "codeErreur": code, "messageErreur": message})


def test_login_sends_the_form_fields_of_the_curl_example() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"state": "ok", "codeErreur": "0000", "token": "abc", "tokenExprid": ""})

    client = CliqphoneClient("http://cliq.test", "user", "pw", transport=httpx.MockTransport(handler))
    assert client.authenticate() == "abc"
    assert seen[0].method == "POST" and seen[0].content == b"login=user&pwd=pw"


@pytest.mark.parametrize(
    ("code", "words"),
    [("00 01", "account is inactive"), ("0002", "refused the login or password"), ("00 02", "refused the login")],
)
def test_login_refusals_are_plain_words(code: str, words: str) -> None:
    client = CliqphoneClient("http://cliq.test", "u", "p", transport=httpx.MockTransport(lambda r: ko(code, "x")))
    with pytest.raises(VendorError) as caught:
        client.probe()
    assert words in caught.value.plain and caught.value.code == normalise_code(code)


def test_a_token_refusal_leads_to_one_login_and_one_repeat() -> None:
    answers = iter([ko("00 04", "token expired"), httpx.Response(200, json=[{"code": "fr_01"}])])
    fake = FakeCliqphone(lambda request: next(answers))
    client = fake.client()
    assert [z.code for z in client.zones()] == ["fr_01"]
    assert fake.logins == 2
    assert [r.headers["token"] for r in fake.calls] == ["tok1", "tok2"]


def test_a_second_token_refusal_is_an_error_not_a_loop() -> None:
    fake = FakeCliqphone(lambda request: ko("0003", "invalid token"))
    with pytest.raises(VendorError) as caught:
        fake.client().zones()
    assert caught.value.code == "0003" and len(fake.calls) == 2 and fake.logins == 2


def test_a_write_refused_for_its_token_is_repeated_once_after_a_new_login() -> None:
    answers = iter([ko("0004"), httpx.Response(200, json={"state": "ok", "codeErreur": "0300", "messageErreur": ""})])
    fake = FakeCliqphone(lambda request: next(answers))
    fake.client().add_number(NumberSettings(numero="33187224466"))
    assert [r.url.path for r in fake.calls] == ["/numeroapi/addNumero"] * 2 and fake.logins == 2


@pytest.mark.parametrize(
    ("status", "delivery"), [(503, Delivery.NOT_SENT), (500, Delivery.UNKNOWN), (502, Delivery.UNKNOWN)]
)
def test_writes_are_sent_once_whatever_the_status(status: int, delivery: Delivery) -> None:
    fake = FakeCliqphone(lambda request: httpx.Response(status, text="down"))
    with pytest.raises(VendorError) as caught:
        fake.client().edit_number(141, NumberSettings(info="x"))
    assert len(fake.calls) == 1 and caught.value.delivery is delivery


def test_reads_are_retried_after_a_503() -> None:
    answers = iter([httpx.Response(503), httpx.Response(200, json=[])])
    fake = FakeCliqphone(lambda request: next(answers))
    assert fake.client().media() == [] and len(fake.calls) == 2


def test_a_ko_answer_with_http_200_is_an_error_naming_the_field() -> None:
    fake = FakeCliqphone(lambda request: ko("0305", "invalid Numero"))
    with pytest.raises(VendorError) as caught:
        fake.client().add_number(NumberSettings(numero="1"))
    assert caught.value.plain.startswith("numero: 8 to 15 digits, no +")
    assert caught.value.detail == "Cliqphone, HTTP 200, code 0305: invalid Numero"


def test_listings_parse_strings_and_numbers_and_both_spellings() -> None:
    rows = [
        {"id": "147", "code": "FR_01", "numero": 33187224465, "type": "1", "etat": "Actif", "Compagne": "cliqeo"},
        {"id": 148, "code": "fr_01", "numero": "331872 24464", "type": 2, "telephon": "0", "compagne": None},
    ]
    fake = FakeCliqphone(lambda request: httpx.Response(200, json=rows))
    first, second = fake.client().numbers(NumberFilters(etat=True, type="TE"))
    assert (first.id, first.code, first.numero, first.compagne, first.is_active) == (
        147,
        "fr_01",
        "33187224465",
        "cliqeo",
        True,
    )
    assert (second.id, second.numero, second.is_fax, second.is_active) == (148, "33187224464", True, False)
    # §4 i. lists ``token`` as a parameter (OUI): it goes in the form as well as in the header.
    assert fake.calls[0].content.decode() == "metadata%5Betat%5D=true&metadata%5Btype%5D=TE&metadata%5Btoken%5D=tok1"


def test_c6_sends_the_json_object_with_wire_names_and_only_set_fields() -> None:
    fake = FakeCliqphone(lambda request: httpx.Response(200, json={"state": "ok", "codeErreur": "0300"}))
    settings = NumberSettings(numero="33187224466", music_attente=232, activer_enregistrement=False, code="fr_01")
    fake.client().add_number(settings)
    assert json.loads(fake.calls[0].content) == {
        "numero": "33187224466",
        "musicAattente": 232,
        "activerEnregistrement": False,
        "code": "fr_01",
    }
    assert fake.calls[0].headers["token"] == "tok1"


def test_c2_is_a_get_and_c7_puts_the_id_in_the_path() -> None:
    fake = FakeCliqphone(lambda request: httpx.Response(200, json={"state": "ok", "codeErreur": "0300"}))
    client = fake.client()
    client.zones()
    client.edit_number(141, NumberSettings(info="Accueil"))
    assert [(r.method, r.url.path) for r in fake.calls] == [
        ("GET", "/api/getallzone"),
        ("POST", "/numeroapi/editnumero/141"),
    ]


# -- the token's lifetime -------------------------------------------------------------------------------------
def test_the_token_is_renewed_before_its_announced_expiry() -> None:
    fake = FakeCliqphone(expiry="10-02-2021 10:00:00")
    client = fake.client()
    now = [datetime(2021, 2, 9, 10, 0, tzinfo=PARIS)]
    client.tokens.now = lambda: now[0]
    client.zones()
    now[0] = datetime(2021, 2, 10, 10, 0, tzinfo=PARIS) - RENEW_MARGIN - timedelta(seconds=1)
    client.zones()
    assert fake.logins == 1
    now[0] += timedelta(seconds=2)  # within the margin: renewed before the vendor would refuse it
    client.zones()
    assert fake.logins == 2 and fake.calls[-1].headers["token"] == "tok2"


@pytest.mark.parametrize("expiry", [None, "bientôt", "01-01-2000 00:00:00"])
def test_an_unreadable_or_past_expiry_falls_back_to_the_documented_24_hours(expiry: str | None) -> None:
    fake = FakeCliqphone(expiry=expiry)
    client = fake.client()
    start = datetime(2021, 2, 9, 10, 0, tzinfo=PARIS)
    now = [start]
    client.tokens.now = lambda: now[0]
    client.zones()
    now[0] = start + timedelta(hours=23)
    client.zones()
    assert fake.logins == 1
    now[0] = start + timedelta(hours=24)
    client.zones()
    assert fake.logins == 2


def test_a_thousand_concurrent_first_reads_log_in_once() -> None:
    fake = FakeCliqphone()
    fake.login_delay = 0.05  # every thread arrives while the login is in flight
    client = fake.client()
    with ThreadPoolExecutor(max_workers=64) as pool:
        list(pool.map(lambda _: client.zones(), range(1000)))
    assert fake.logins == 1 and len(fake.calls) == 1000


def test_simultaneous_token_refusals_lead_to_a_single_new_login() -> None:
    expired = {"tok1"}

    def answer(request: httpx.Request) -> httpx.Response:
        return ko("0004") if request.headers["token"] in expired else httpx.Response(200, json=[])

    fake = FakeCliqphone(answer)
    client = fake.client()
    client.zones()
    barrier = threading.Barrier(20)

    def read(_: int) -> None:
        barrier.wait()
        client.zones()

    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(read, range(20)))
    assert fake.logins == 2


def test_the_token_and_password_are_not_in_reprs() -> None:
    fake = FakeCliqphone()
    client = fake.client()
    client.zones()
    shown = repr(client) + repr(client.tokens)
    assert "tok1" not in shown and "s3cret-pwd" not in shown


# -- the code tables ----------------------------------------------------------------------------------------
DOCUMENTED = {
    Operation.ZONE: {"0308", "0004"},
    Operation.AVAILABLE: {"0310", "0306", "0004"},
    Operation.NUMBERS: {"0310", "0303", "0304", "0305", "0319", "0003", "0302", "0306", "0308", "0301"},
    Operation.ADD: {"0304", "0305", "0318", "0323", "0301", "0311", "0312", "0315", "0314", "0317", "0316", "0307"},
    Operation.EDIT: {"0320", "0304", "0305", "0318", "0323", "0301", "0311", "0312", "0315", "0317", "0316", "0307"},
    Operation.MEDIA: {"0202", "0201"},
}


@pytest.mark.parametrize("operation", list(DOCUMENTED))
def test_every_documented_code_has_a_sentence_naming_a_field(operation: Operation) -> None:
    sentences = plain_sentences(operation)
    for code in DOCUMENTED[operation]:
        assert code in sentences, code
        if code not in {"0003", "0004"}:
            named = re.match(r"^[a-zA-Z]+: ", sentences[code]) or sentences[code].startswith(
                "Cliqphone does not know this zone"
            )
            assert named, sentences[code]


def test_an_unknown_code_keeps_the_vendor_words() -> None:
    error = error_from_body({"state": "ko", "codeErreur": "999", "messageErreur": "bizarre"}, operation=Operation.ADD)
    assert error.code == "0999" and "bizarre" in error.detail and "bizarre" not in error.plain
    assert error.plain.startswith("Cliqphone refused adding the number for a reason Relais does not know: check")


@pytest.mark.parametrize(
    ("code", "message", "words"),
    [
        ("0002", "compte user inactif", "account is inactive"),  # §III's numbering, the vendor's words
        ("0001", "login ou mdp invalide", "refused the login or password"),
        ("0001", "", "account is inactive"),  # no words: §II's code column
    ],
)
def test_the_vendors_words_settle_the_swapped_login_codes(code: str, message: str, words: str) -> None:
    client = CliqphoneClient("http://cliq.test", "u", "p", transport=httpx.MockTransport(lambda r: ko(code, message)))
    with pytest.raises(VendorError) as caught:
        client.zones()
    assert words in caught.value.plain and caught.value.code == code  # the vendor's code is kept as sent


def test_account_problems_are_handed_to_the_alert_hook_without_the_password() -> None:
    heard: list[VendorError] = []
    answers = iter([ko("0001", "compte user inactif"), ko("0003", "invalid token")])
    client = CliqphoneClient(
        "http://cliq.test",
        "user",
        "s3cret-pwd",
        transport=httpx.MockTransport(lambda r: next(answers)),
        on_account_problem=heard.append,
    )
    with pytest.raises(VendorError):
        client.zones()
    [error] = heard
    assert error.code == "0001" and "s3cret-pwd" not in str(error)
    with pytest.raises(VendorError):
        client.zones()  # a login refused for another reason is not an account problem
    assert len(heard) == 1


def test_a_failing_alert_hook_does_not_hide_the_users_error() -> None:
    def broken(error: VendorError) -> None:
        raise RuntimeError("slack down")

    client = CliqphoneClient(
        "http://cliq.test", "u", "p", transport=httpx.MockTransport(lambda r: ko("0002")), on_account_problem=broken
    )
    with pytest.raises(VendorError) as caught:
        client.probe()
    assert caught.value.code == "0002"


def test_one_unreadable_row_does_not_hide_the_listing() -> None:
    rows = [
        {"id": "141", "numero": "33187224465", "code": "fr_01"},
        {"id": None, "numero": "33187224464"},  # a null id: left out
        {"id": "143", "numero": None},  # no number: left out
        {"id": "144", "numero": "33388123456"},
    ]

    client = FakeCliqphone(lambda request: httpx.Response(200, json=rows)).client()
    assert [n.id for n in client.numbers()] == [141, 144]


# -- the outcome rule (issue 10): done only on a documented success ------------------------------------------
@pytest.mark.parametrize(
    ("status", "answer", "code"),
    [
        (200, {"state": "ok", "codeErreur": "0300", "messageErreur": ""}, "0300"),
        (201, {"state": "OK", "codeErreur": "0300"}, "0300"),
        (202, {"state": "ok"}, ""),  # the state column alone
        (200, {"codeErreur": "0300", "messageErreur": ""}, "0300"),  # the code column alone
        (200, {"State": "ok", "CodeErreur": "03 00"}, "0300"),  # another case form, an OCR split
    ],
)
def test_a_write_is_done_on_every_documented_success_form_whatever_the_2xx(
    status: int, answer: dict[str, Any], code: str
) -> None:
    fake = FakeCliqphone(lambda request: httpx.Response(status, json=answer))
    assert fake.client().add_number(NumberSettings(numero="33187224466")) == code
    assert len(fake.calls) == 1


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, json={}),
        httpx.Response(200, json={"state": "pending", "messageErreur": "en cours"}),
        httpx.Response(200, json={"state": "warning", "codeErreur": "0300"}),
        httpx.Response(200, json={"state": "ok", "codeErreur": "0315", "messageErreur": "invalid repondeur"}),
        httpx.Response(200, json=[]),
        httpx.Response(201, text="<html><body>Opération traitée</body></html>", headers={"Content-Type": "text/html"}),
        httpx.Response(200, text=""),
        # Cut short like §5's row but showing neither a state nor a code: nothing to read.
        httpx.Response(200, text='{ "resultat": "enregistré", "id": 152'),
        httpx.Response(200, text='{ "state": "en cours", "codeErreur": "0300"'),  # a state word but "ok"
    ],
    ids=[
        "empty-object",
        "pending",
        "warning-0300",
        "ok-with-error-code",
        "list",
        "html",
        "empty",
        "truncated",
        "truncated-other-state",
    ],
)
def test_a_write_answered_in_no_documented_form_is_unknown_verbatim_and_not_resent(answer: httpx.Response) -> None:
    fake = FakeCliqphone(lambda request: answer)
    with pytest.raises(VendorError) as caught:
        fake.client().edit_number(141, NumberSettings(info="x"))
    error = caught.value
    assert error.delivery is Delivery.UNKNOWN and error.code is None
    assert "cannot tell whether it was done" in error.plain
    assert error.message == (" ".join(answer.text.split()) or "(empty answer)")
    assert len(fake.calls) == 1


@pytest.mark.parametrize(
    "answer",
    [
        {"state": "ko", "codeErreur": "0305", "messageErreur": "invalid Numero"},
        {"state": "KO", "messageErreur": "refus"},
        {"codeErreur": "0304", "messageErreur": "invalid Numero existe déjà"},  # an error code, no state
    ],
)
def test_a_refusal_in_any_documented_form_is_failed(answer: dict[str, Any]) -> None:
    fake = FakeCliqphone(lambda request: httpx.Response(200, json=answer))
    with pytest.raises(VendorError) as caught:
        fake.client().add_number(NumberSettings(numero="33187224466"))
    assert caught.value.delivery is Delivery.NOT_SENT and caught.value.message == answer["messageErreur"]


@pytest.mark.parametrize(
    ("message", "field"),
    [
        ("invalid repondeur", "repondeur: "),
        ("invalid etat appel notif email", "notificationEmail: "),
        ("", "repondeur"),
    ],
)
def test_0315_is_told_apart_by_its_message(message: str, field: str) -> None:
    fake = FakeCliqphone(lambda request: ko("0315", message))
    with pytest.raises(VendorError) as caught:
        fake.client().edit_number(141, NumberSettings(repondeur=230))
    assert caught.value.plain.startswith(field)


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, json={}),
        httpx.Response(200, json={"state": "pending"}),
        httpx.Response(200, json={"zones": "none"}),
        httpx.Response(200, text="<html>maintenance</html>"),
        httpx.Response(200, text=""),
    ],
)
def test_a_listing_that_is_not_a_listing_is_an_error_not_nothing(answer: httpx.Response) -> None:
    fake = FakeCliqphone(lambda request: answer)
    with pytest.raises(VendorError) as caught:
        fake.client().zones()
    assert "cannot read" in caught.value.plain and caught.value.delivery is Delivery.NOT_SENT


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(201, json=[{"code": "fr_01"}]),
        httpx.Response(200, json={"state": "ok", "codeErreur": "0200", "data": [{"code": "fr_01"}]}),
        httpx.Response(200, json={"state": "ok", "codeErreur": "0200", "messageErreur": ""}),  # nothing listed
    ],
)
def test_listings_are_read_in_every_documented_form(answer: httpx.Response) -> None:
    zones = FakeCliqphone(lambda request: answer).client().zones()
    assert [z.code for z in zones] in (["fr_01"], [])


def test_rows_are_read_in_any_case_form_with_ocr_names_and_typed_values() -> None:
    rows = [
        {"Id": 147, "Code": "FR_01", "Numero": 33187224465, "Type": 1, "Etat": True, "NomPorteur": "Ada"},
        {"ld": " 148 ", "code": "fr_01", "numero": "33187224464", "type": "FA", "nom_porteur": "Bob", "etat": 0},
        "not a row",
    ]
    first, second = FakeCliqphone(lambda request: httpx.Response(200, json=rows)).client().available()
    assert (first.id, first.code, first.numero, first.is_active, first.nom_porteur, first.is_fax) == (
        147, "fr_01", "33187224465", True, "Ada", False,
    )  # fmt: skip
    assert (second.id, second.is_fax, second.is_active, second.nom_porteur) == (148, True, False, "Bob")


def test_bodies_without_a_charset_fall_back_to_windows_1252() -> None:
    body = json.dumps([{"code": "fr_01", "nom": "Île-de-France"}], ensure_ascii=False).encode("cp1252")
    answer = httpx.Response(200, content=body, headers={"Content-Type": "application/json"})
    [zone] = FakeCliqphone(lambda request: answer).client().zones()
    assert zone.nom == "Île-de-France"
    declared = httpx.Response(200, content=body, headers={"Content-Type": "application/json; charset=windows-1252"})
    assert FakeCliqphone(lambda request: declared).client().zones()[0].nom == "Île-de-France"


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ({"state": "ko", "codeErreur": "0009", "messageErreur": "identifiants incorrects"}, "refused the login"),
        ({"state": "KO", "messageErreur": "accès refusé"}, "refused the login: a Relais admin must check"),
        ({"state": "ko", "codeErreur": "0007", "messageErreur": "mot de passe erroné"}, "login or password"),
    ],
)
def test_a_login_refused_in_any_words_is_an_account_problem(answer: dict[str, Any], words: str) -> None:
    heard: list[VendorError] = []
    client = CliqphoneClient(
        "http://cliq.test",
        "u",
        "p",
        transport=httpx.MockTransport(lambda r: httpx.Response(200, json=answer)),
        on_account_problem=heard.append,
    )
    with pytest.raises(VendorError) as caught:
        client.probe()
    assert words in caught.value.plain and len(heard) == 1
    assert str(answer["messageErreur"]) in caught.value.detail, "the vendor's words in the detail line"


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, json={}),
        httpx.Response(200, text="<html>login</html>"),
        httpx.Response(200, json=[]),
        httpx.Response(200, json={"state": "ok", "codeErreur": "0000"}),
        httpx.Response(200, json={"state": "pending", "token": "abc"}),
    ],
)
def test_a_login_answer_without_a_token_is_no_login(answer: httpx.Response) -> None:
    client = CliqphoneClient("http://cliq.test", "u", "p", transport=httpx.MockTransport(lambda r: answer))
    with pytest.raises(VendorError) as caught:
        client.probe()
    assert "cannot read" in caught.value.plain


def test_a_login_answered_201_with_the_expiry_in_another_case_form_is_accepted() -> None:
    body = {"State": "ok", "codeErreur": "0000", "Token": "abc", "token_exprid": "10-02-2099 10:00:00"}
    client = CliqphoneClient(
        "http://cliq.test", "u", "p", transport=httpx.MockTransport(lambda r: httpx.Response(201, json=body))
    )
    assert client.authenticate() == "abc"
    assert "10-02-2099 10:00:00" in client.probe()


def test_c7_sends_the_id_in_the_body_and_the_recording_flag_under_both_spellings() -> None:
    fake = FakeCliqphone(lambda request: httpx.Response(200, json={"state": "ok", "codeErreur": "0300"}))
    fake.client().edit_number(141, NumberSettings(activer_enregistrement=True))
    assert fake.calls[0].url.path == "/numeroapi/editnumero/141"
    assert json.loads(fake.calls[0].content) == {"id": 141, "activerEnregistrement": True, "activeTnregistrement": True}


def test_a_repeat_after_a_new_login_carries_the_new_token_in_the_form_too() -> None:
    answers = iter([ko("0004", "token expired"), httpx.Response(200, json=[])])
    fake = FakeCliqphone(lambda request: next(answers))
    fake.client().numbers()
    assert [r.content.decode() for r in fake.calls] == ["metadata%5Btoken%5D=tok1", "metadata%5Btoken%5D=tok2"]


def test_a_byte_order_mark_before_the_json_is_no_part_of_it() -> None:
    body = b"\xef\xbb\xbf" + json.dumps({"state": "ok", "codeErreur": "0300"}).encode()
    fake = FakeCliqphone(
        lambda request: httpx.Response(200, content=body, headers={"Content-Type": "application/json"})
    )
    assert fake.client().add_number(NumberSettings(numero="33187224466")) == "0300"


def test_a_token_without_a_state_is_a_login() -> None:
    answer = httpx.Response(200, json={"token": "abc", "tokenExprid": "10-02-2099 10:00:00"})
    client = CliqphoneClient("http://cliq.test", "u", "p", transport=httpx.MockTransport(lambda r: answer))
    assert client.authenticate() == "abc"


def test_a_redirect_after_a_write_is_unknown_not_failed() -> None:
    answer = httpx.Response(302, headers={"Location": "/numeroapi/getlistnumerodispo"}, text="")
    fake = FakeCliqphone(lambda request: answer)
    with pytest.raises(VendorError) as caught:
        fake.client().add_number(NumberSettings(numero="33187224466"))
    assert caught.value.delivery is Delivery.UNKNOWN and caught.value.status == 302 and len(fake.calls) == 1


# -- answers as the document prints them (§II, §5, §6): not JSON, read for what they show -----------------
C6_SUCCESS_AS_PRINTED = '{ "state": "ok", "codeErreur": "0300", "messageErreur": ""'  # §5, no closing brace
REFUSAL_0318_AS_PRINTED = '{"state": "ko","codeErreur": "0318",invalid etat appel enregistrement" }'  # §5/§6


def test_the_success_row_as_section_5_prints_it_is_done() -> None:
    fake = FakeCliqphone(lambda request: httpx.Response(200, text=C6_SUCCESS_AS_PRINTED))
    assert fake.client().add_number(NumberSettings(numero="33187224466")) == "0300"
    assert fake.client().edit_number(141, NumberSettings(info="x")) == "0300"


def test_the_0318_refusal_as_printed_is_failed_in_the_vendors_words() -> None:
    fake = FakeCliqphone(lambda request: httpx.Response(200, text=REFUSAL_0318_AS_PRINTED))
    with pytest.raises(VendorError) as caught:
        fake.client().edit_number(141, NumberSettings(activer_enregistrement=True))
    error = caught.value
    assert error.delivery is Delivery.NOT_SENT and error.code == "0318"
    assert error.plain == "activerEnregistrement: true or false"
    assert "invalid etat appel enregistrement" in (error.message or "") and len(fake.calls) == 1


def test_a_printed_refusal_to_a_read_is_the_vendors_refusal_not_an_unreadable_answer() -> None:
    printed = '{"state": "ko","codeErreur": "0310",invalid Zone" }'
    fake = FakeCliqphone(lambda request: httpx.Response(200, text=printed))
    with pytest.raises(VendorError) as caught:
        fake.client().numbers(NumberFilters(code="fr_09"))
    assert caught.value.code == "0310" and caught.value.plain.startswith("Cliqphone does not know this zone code")


def test_a_printed_success_is_never_read_as_an_empty_listing() -> None:
    fake = FakeCliqphone(lambda request: httpx.Response(200, text='{"state": "ok", "codeErreur": "0200"'))
    with pytest.raises(VendorError) as caught:
        fake.client().media()
    assert "cannot read" in caught.value.plain


def test_the_login_as_section_2_prints_it_gives_its_token_and_expiry() -> None:
    printed = (
        '{"state":"ok","codeErreur":"0000", "messageErreur": ""\n,"token":"o7ocJsY1bKl8jt5z\nM0q", '
        '"tokenExprid" => "10-02-2099 10:00:00"\n}'
    )
    client = CliqphoneClient(
        "http://cliq.test", "u", "p", transport=httpx.MockTransport(lambda r: httpx.Response(200, text=printed))
    )
    assert client.authenticate() == "o7ocJsY1bKl8jt5zM0q"
    assert "10-02-2099 10:00:00" in client.probe()


# -- refusals under any status (B8) ----------------------------------------------------------------------
@pytest.mark.parametrize("status", [500, 502, 400, 201])
def test_a_ko_with_a_code_is_a_refusal_whatever_the_status(status: int) -> None:
    body = {"state": "ko", "codeErreur": "0305", "messageErreur": "invalid Numero"}
    fake = FakeCliqphone(lambda request: httpx.Response(status, json=body))
    with pytest.raises(VendorError) as caught:
        fake.client().add_number(NumberSettings(numero="33187224466"))
    error = caught.value
    assert error.delivery is Delivery.NOT_SENT and error.code == "0305" and error.status == status
    assert error.plain.startswith("numero: 8 to 15 digits") and error.message == "invalid Numero"
    assert len(fake.calls) == 1


def test_the_printed_0318_refusal_under_500_is_a_refusal_too() -> None:
    printed = '{"state": "ko","codeErreur": "0318",invalid etat appel enregistrement" }'
    fake = FakeCliqphone(lambda request: httpx.Response(500, text=printed))
    with pytest.raises(VendorError) as caught:
        fake.client().edit_number(141, NumberSettings(activer_enregistrement=True))
    assert caught.value.delivery is Delivery.NOT_SENT and caught.value.code == "0318"


@pytest.mark.parametrize(
    "answer",
    [
        {"codeErreur": "0300", "messageErreur": ""},  # a success code under 500: it may have acted
        {"state": "error", "codeErreur": "0500", "messageErreur": "erreur interne"},
    ],
)
def test_a_500_without_a_ko_stays_unknown_after_a_write(answer: dict[str, str]) -> None:
    fake = FakeCliqphone(lambda request: httpx.Response(500, json=answer))
    with pytest.raises(VendorError) as caught:
        fake.client().edit_number(141, NumberSettings(info="x"))
    assert caught.value.delivery is Delivery.UNKNOWN and caught.value.status == 500 and len(fake.calls) == 1


@pytest.mark.parametrize(
    "body",
    [
        '{"state":"success","token":"o7ocSECRET"}',
        '{"state":"success","token" => "o7oc\nSECRET"}',  # §II's "=>", the token across a line break
        '{"state":"weird","TOKEN": "o7ocSECRET", "tokenExprid" => "10-02-2099 10:00:00"}',
    ],
)
def test_an_unreadable_login_answer_is_shown_without_its_token(body: str) -> None:
    client = CliqphoneClient(
        "http://cliq.test", "u", "p", transport=httpx.MockTransport(lambda r: httpx.Response(200, text=body))
    )
    with pytest.raises(VendorError) as caught:
        client.probe()
    assert "SECRET" not in str(caught.value) and "[redacted]" in (caught.value.message or "")
    assert '"state":"' in (caught.value.message or "")  # the rest of the answer is still shown verbatim


# -- only the forms the document shows (B9) --------------------------------------------------------------
@pytest.mark.parametrize(
    ("etat", "active"),
    [
        ("Actif", True), ("ACTIF", True), (True, True), ("true", True),  # §3/§4/§7 listings, §5 "true: Actif"
        ("Inactif", False), (False, False), ("oui", False), ("yes", False), ("active", False), ("1", False),
        (None, False),
    ],
)  # fmt: skip
def test_a_number_is_active_only_in_the_forms_the_document_shows(etat: object, active: bool) -> None:
    row = {"id": "147", "numero": "33187224465", "etat": etat}
    assert Number.model_validate(row).is_active is active
    assert Media.model_validate({"id": "228", "etat": etat}).is_active is active


@pytest.mark.parametrize(
    ("answer", "expiry"),
    [
        ({"token": "t", "tokenExprid": "10-02-2099 10:00:00"}, "10-02-2099 10:00:00"),
        ({"token": "t", "TokenExprid": "10-02-2099 10:00:00"}, "10-02-2099 10:00:00"),  # any case form
        ({"token": "t", "tokenExpire": "10-02-2099 10:00:00"}, None),  # names the document never prints
        ({"token": "t", "tokenExpiry": "10-02-2099 10:00:00"}, None),
        ({"token": "t", "expire": "10-02-2099 10:00:00"}, None),
    ],
)
def test_the_login_expiry_is_read_only_under_its_documented_name(answer: dict[str, str], expiry: str | None) -> None:
    assert LoginAnswer.model_validate(answer).token_exprid == expiry
