"""The Cliqphone session: token expiry, concurrent first use, account problems, error codes in words."""

from __future__ import annotations

import copy
import logging
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.sandboxes.frame import SandboxClock
from bot.slack.cards import CONFIRM
from bot.vendors.cliqphone.errors import Operation, plain_sentences
from tests.cliqphone_support import ADD_PATH, FREE_NUMBER, cliqphone, texts, vendor_refuses
from tests.conftest import ADMIN, MEMBER, Relais
from tests.problem_support import problem_parts


def test_token_expiry_in_the_middle_of_a_session_is_invisible(relais: Relais, clock: SandboxClock) -> None:
    sandbox = cliqphone(relais)
    assert "fr_01" in relais.reply_text("/number zones")
    assert sandbox.login_count() == 1
    clock.advance(25 * 3600)  # the vendor now considers the token expired (0004)
    text = relais.reply_text("/number list")
    assert "33187224465" in text and "token" not in text.lower()
    assert sandbox.login_count() == 2
    relais.reply_text("/number media")
    assert sandbox.login_count() == 2


def test_a_revoked_token_leads_to_one_new_login(relais: Relais) -> None:
    sandbox = cliqphone(relais)
    relais.reply_text("/number zones")
    sandbox.revoke_tokens()  # 0003 "invalid token"
    assert "fr_02" in relais.reply_text("/number zones")
    assert sandbox.login_count() == 2


def test_concurrent_first_use_logs_in_once(relais: Relais) -> None:
    client = relais.runtime.services.cliqphone
    with ThreadPoolExecutor(max_workers=32) as pool:
        results = list(pool.map(lambda _: len(client.zones()), range(200)))
    assert results == [5] * 200
    assert cliqphone(relais).login_count() == 1


def test_an_inactive_account_is_reported_in_plain_words(relais: Relais) -> None:
    sandbox = cliqphone(relais)
    sandbox.deactivate_account()
    status = relais.reply_text("/relais status")
    assert "Cliqphone" in status and "account is inactive" in status and "code 0001" in status
    sandbox.revoke_tokens()
    text = relais.reply_text("/number zones")
    assert "the Cliqphone API account is inactive: a Relais admin must ask Cliqphone to activate it" in text


def test_admins_are_told_of_an_inactive_account_once_in_a_direct_message(relais: Relais) -> None:
    sandbox = cliqphone(relais)
    sandbox.deactivate_account()
    relais.reply_text("/number zones", user=MEMBER)  # a member meets the problem first
    relais.reply_text("/number media", user=MEMBER)
    relais.settle()
    [alert] = relais.standin.channel_messages(ADMIN)
    assert "Cliqphone" in alert.text and "account is inactive" in alert.text
    main, detail = problem_parts(alert)
    assert "0001" not in main and "code 0001" in detail, "the vendor's code on the line under the sentence"
    assert relais.standin.channel_messages(MEMBER) == []  # members get their answer, not the alert


def test_invalid_credentials_are_reported_without_the_password(
    relais: Relais, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox = cliqphone(relais)
    password = sandbox.credentials["CLIQPHONE_PASSWORD"]
    sandbox.set_credentials("someone-else", "another-password")
    caplog.set_level(logging.DEBUG)
    status = relais.reply_text("/relais status", user=ADMIN)
    assert "refused the login or password: a Relais admin must check CLIQPHONE_LOGIN and CLIQPHONE_PASSWORD" in status
    assert "code 0002" in status
    assert password not in status and password not in caplog.text


def test_the_token_and_password_never_reach_messages_logs_or_the_audit_log(
    relais: Relais, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    relais.reply_text("/number zones")
    [card] = relais.command(f"/number add numero={FREE_NUMBER}", user=ADMIN)
    relais.click(copy.deepcopy(card), CONFIRM, user=ADMIN)
    relais.reply_text("/number edit 141 info=Accueil", user=ADMIN)
    token = cliqphone(relais).requests("/api/getallzone")[-1].headers["token"]
    seen = texts(relais.standin.ephemerals(ADMIN)) + texts(relais.standin.channel_messages("COPS"))
    audit = repr(relais.runtime.services.audit.last(50))
    assert token not in seen and token not in audit and token not in caplog.text
    assert token not in repr(relais.runtime.services.cliqphone.tokens)
    password = cliqphone(relais).credentials["CLIQPHONE_PASSWORD"]
    assert password not in seen and password not in audit and password not in caplog.text
    assert password not in repr(relais.runtime.services.cliqphone)


# -- every documented error code reaches the user in words ------------------------------------------------
READS = {
    Operation.ZONE: ("/api/getallbyzone", "/number zones fr_01"),
    Operation.AVAILABLE: ("/numeroapi/getlistnumerodispobyzone", "/number available fr_01"),
    Operation.NUMBERS: ("/numeroapi/getlistnumerodispo", "/number list"),
    Operation.MEDIA: ("/mediapi/getlistmedia", "/number media"),
    Operation.EDIT: ("/numeroapi/editnumero/", "/number edit 141 info=Accueil"),
}
# Token refusals are handled by a new login; 0001/0002 come from the login itself (tested above).
READ_CASES = [
    (operation, code)
    for operation in READS
    for code in plain_sentences(operation)
    if code not in {"0003", "0004", "0001", "0002"}
]


@pytest.mark.parametrize(("operation", "code"), READ_CASES, ids=[f"{o.value}-{c}" for o, c in READ_CASES])
def test_each_error_code_reaches_the_user_in_words(relais: Relais, operation: Operation, code: str) -> None:
    path, line = READS[operation]
    vendor_refuses(cliqphone(relais), path, code, "message du fournisseur")
    text = relais.reply_text(line, user=ADMIN)
    sentence = plain_sentences(operation)[code]
    assert sentence in text
    assert f"code {code}: message du fournisseur" in text


ADD_CODES = [code for code in plain_sentences(Operation.ADD) if code not in {"0003", "0004", "0001", "0002"}]


@pytest.mark.parametrize("code", ADD_CODES)
def test_each_add_error_code_reaches_the_card_in_words(relais: Relais, code: str) -> None:
    [card] = relais.command(f"/number add numero={FREE_NUMBER}", user=ADMIN)
    vendor_refuses(cliqphone(relais), ADD_PATH, code, "message du fournisseur")
    relais.click(copy.deepcopy(card), CONFIRM, user=ADMIN)
    shown = relais.standin.ephemerals(ADMIN)[-1].all_text()
    assert plain_sentences(Operation.ADD)[code] in shown and "message du fournisseur" in shown
    assert relais.runtime.services.audit.last(1)[0].vendor_code == code


def test_an_ocr_split_code_is_read_as_four_digits(relais: Relais) -> None:
    vendor_refuses(cliqphone(relais), "/api/getallbyzone", "030 8", "invalid Zone")
    text = relais.reply_text("/number zones fr_01")
    assert "Cliqphone does not know this zone code" in text and "code 0308" in text


def test_the_token_is_renewed_before_the_vendor_would_refuse_it(relais: Relais, clock: SandboxClock) -> None:
    sandbox = cliqphone(relais)
    relais.runtime.services.cliqphone.tokens.now = clock.now_paris  # Relais and the vendor share one clock here
    relais.reply_text("/number zones")
    clock.advance(24 * 3600 - 120)  # two minutes before the announced expiry: still valid for the vendor
    with sandbox.recording() as sent:
        text = relais.reply_text("/number list")
    assert "33187224465" in text
    # A new login first, then the listing once with the new token: no refused request, no repeat.
    assert [entry.path for entry in sent] == ["/api/auto", "/numeroapi/getlistnumerodispo"]
    assert sandbox.login_count() == 2


def test_a_token_expired_while_the_edit_form_is_open_is_renewed_and_the_edit_sent(
    relais: Relais, clock: SandboxClock
) -> None:
    sandbox = cliqphone(relais)
    relais.command("/number edit 141", user=ADMIN)
    [view] = relais.standin.open_views(ADMIN)
    clock.advance(25 * 3600)  # the form stays open past the token's expiry: the vendor answers 0004
    relais.driver.submit(view, {"info": "Accueil"}, user=ADMIN)
    relais.settle()
    text = relais.standin.ephemerals(ADMIN)[-1].all_text()
    assert "Description (description): Standard Paris → Accueil" in text and "token" not in text.lower()
    # Refused for its token (checked before anything is done), then sent once with the new one.
    first, second = sandbox.requests("/numeroapi/editnumero/")
    assert first.headers["token"] != second.headers["token"] and sandbox.login_count() == 2
    listed = sandbox.number("33187224465")
    assert listed is not None and listed["info"] == "Accueil"


def test_bad_credentials_met_during_use_are_told_in_plain_words(relais: Relais) -> None:
    sandbox = cliqphone(relais)
    sandbox.set_credentials("someone-else", "another-password")
    text = relais.reply_text("/number zones", user=MEMBER)
    assert "Cliqphone refused the login or password" in text and "code 0002" in text
    assert sandbox.requests("/api/getallzone") == []  # no read without a token


SECRET_TOKEN = "o7ocJsY1bKl8jt5zTkDiSECRET"


@pytest.mark.parametrize(
    "answer",
    [
        '{"state":"success","token":"o7ocJsY1bKl8jt5zTkDiSECRET"}',  # JSON, an undocumented state word
        '{"state":"success","token" => "o7ocJsY1bKl8jt5zTkDiSECRET"}',  # as §II prints its fields ("=>")
        '{"state":"ko","codeErreur":"0002","token":"o7ocJsY1bKl8jt5zTkDiSECRET",login ou mdp invalide" }',
    ],
    ids=["json", "printed", "printed-refusal"],
)
def test_a_login_answer_carrying_a_token_never_shows_it_in_relais_status(relais: Relais, answer: str) -> None:
    cliqphone(relais).inject_fault(200, body=answer.encode(), path_prefix="/api/auto", content_type="application/json")
    text = relais.reply_text("/relais status")
    line = next(line for line in text.splitlines() if "Cliqphone" in line)
    assert "not usable" in line
    assert SECRET_TOKEN not in text and "SECRET" not in text
    assert all(SECRET_TOKEN not in entry.detail for entry in relais.runtime.services.audit.last(20))
