"""Cliqphone's main flows under every other reading of its document (the sandbox's dialects).

Each dialect is written from the document's text (``CliqphoneSandbox.DIALECTS``); the flows
run through signed Slack requests, the stand-in Slack and the sandbox over real HTTP:
zones, free numbers, the company's numbers, media, add (card → Send → the new number
shown), edit, and ``/relais status``. Answers in no documented form end *unknown*: shown
verbatim with how to check, never resent, never called done.
"""

from __future__ import annotations

import copy
import json

import httpx
import pytest

from bot.sandboxes.cliqphone.server import CliqphoneSandbox
from bot.slack.cards import CONFIRM
from tests.cliqphone_support import ADD_PATH, EDIT_PATH, FREE_NUMBER, cliqphone, json_body, vendor_refuses
from tests.conftest import ADMIN, CHANNEL, Relais

#: Every reading is meant to work, "as-printed" included (its answers are read as the document prints them).
WORKING = list(CliqphoneSandbox.DIALECTS)
EACH_AND_ALL = [{"cliqphone": name} for name in WORKING] + [{"cliqphone": tuple(WORKING)}]
IDS = [*WORKING, "all-together"]

UNKNOWN = "Outcome unknown"
UNRECOGNISED = "Cliqphone answered in a form Relais does not recognise, so Relais cannot tell whether it was done"


def last_ephemeral(relais: Relais) -> str:
    return relais.standin.ephemerals(ADMIN)[-1].all_text()


def test_every_dialect_says_what_it_changes_from_the_document() -> None:
    assert set(CliqphoneSandbox.DIALECTS) == {
        "rest-statuses", "short-success", "tables-required", "typed-values", "windows-1252", "as-printed",
    }  # fmt: skip
    for name, what in CliqphoneSandbox.DIALECTS.items():
        assert "'" in what or "§" in what, name  # each quotes the document


@pytest.mark.parametrize("sandbox_dialects", EACH_AND_ALL, ids=IDS, indirect=True)
def test_listings_read_under_every_dialect(relais: Relais) -> None:
    zones = relais.reply_text("/number zones")
    assert all(f"fr_0{n}" in zones for n in range(1, 6)) and "Île-de-France" in zones
    assert "fr_02" in relais.reply_text("/number zones fr_02")
    free = relais.reply_text("/number available fr_01")
    assert FREE_NUMBER in free and "fax" in free  # 33187224470 is a fax of the offer
    numbers = relais.reply_text("/number list", user=ADMIN)
    assert "33187224465" in numbers and "id `141`" in numbers and "Jean Dupont" in numbers
    media = relais.reply_text("/number media type=MA")
    assert "id `232`" in media and "Musique d'attente (MA)" in media
    nothing = relais.reply_text("/number available fr_01 9999")
    assert "No free Cliqphone number in fr_01 containing 9999." in nothing


@pytest.mark.parametrize("sandbox_dialects", EACH_AND_ALL, ids=IDS, indirect=True)
def test_add_goes_from_the_card_to_the_new_number_under_every_dialect(relais: Relais) -> None:
    sandbox = cliqphone(relais)
    [card] = relais.command(f"/number add numero={FREE_NUMBER} code=fr_01 etat=true", user=ADMIN)
    relais.click(copy.deepcopy(card), CONFIRM, user=ADMIN)
    relais.settle()
    assert ":white_check_mark: Done" in last_ephemeral(relais)
    stored = sandbox.number(FREE_NUMBER)
    assert stored is not None and stored["etat"] is True
    posted = relais.standin.channel_messages(CHANNEL)[-1].all_text()
    assert f"id `{stored['id']}`" in posted and "zone fr_01, active" in posted
    assert len(sandbox.requests(ADD_PATH)) == 1
    [entry] = relais.runtime.services.audit.last(1)
    # Under short-success C6 says {"state":"ok"} alone; as-printed's row (which wins) carries 0300.
    answered_code = "0300" if sandbox.speaks("as-printed") or not sandbox.speaks("short-success") else None
    assert (entry.operation, entry.outcome, entry.vendor_code) == ("C6 add number", "done", answered_code)


@pytest.mark.parametrize("sandbox_dialects", EACH_AND_ALL, ids=IDS, indirect=True)
def test_edit_is_applied_and_summarised_under_every_dialect(relais: Relais) -> None:
    sandbox = cliqphone(relais)
    text = relais.reply_text("/number edit 141 info=Accueil activerEnregistrement=true", user=ADMIN)
    assert "Cliqphone number 33187224465 (id 141) updated" in text and "Standard Paris → Accueil" in text
    stored = sandbox.number("33187224465")
    assert stored is not None and stored["info"] == "Accueil"
    assert stored["settings"]["activerEnregistrement"] is True  # read under the example's spelling too
    [request] = sandbox.requests(EDIT_PATH)
    assert json_body(request)["id"] == 141
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.outcome, entry.vendor_code) == ("done", "0300")  # C7 answers 0300 in every reading


@pytest.mark.parametrize("sandbox_dialects", EACH_AND_ALL, ids=IDS, indirect=True)
def test_status_shows_cliqphone_reachable_under_every_dialect(relais: Relais) -> None:
    text = relais.reply_text("/relais status")
    line = next(line for line in text.splitlines() if "Cliqphone" in line)
    assert "reachable" in line and "login accepted" in line


@pytest.mark.parametrize("sandbox_dialects", EACH_AND_ALL, ids=IDS, indirect=True)
def test_refused_credentials_show_as_a_problem_under_every_dialect(relais: Relais) -> None:
    cliqphone(relais).set_credentials("someone-else", "another-password")
    text = relais.reply_text("/relais status")
    line = next(line for line in text.splitlines() if "Cliqphone" in line)
    assert "not usable" in line and "refused the login or password" in line and "another-password" not in text


@pytest.mark.parametrize("sandbox_dialects", EACH_AND_ALL, ids=IDS, indirect=True)
def test_a_refusal_is_still_failed_in_the_vendors_words_under_every_dialect(relais: Relais) -> None:
    [card] = relais.command("/number add numero=33187224465", user=ADMIN)  # already the company's
    relais.click(copy.deepcopy(card), CONFIRM, user=ADMIN)
    shown = last_ephemeral(relais)
    assert "Failed — nothing was done" in shown and "code 0304" in shown


# -- the table's requirements, met by what the client sends -----------------------------------------------
@pytest.mark.parametrize("sandbox_dialects", [{"cliqphone": "tables-required"}], indirect=True)
def test_a_server_requiring_the_tables_parameters_refuses_requests_without_them(relais: Relais) -> None:
    sandbox = cliqphone(relais)
    token = sandbox.issue_token()
    headers = {"token": token}
    listing = httpx.post(
        f"{sandbox.url}/numeroapi/getlistnumerodispo", data={"metadata[code]": "fr_01"}, headers=headers
    )
    assert listing.json()["codeErreur"] == "0003"  # the header alone is not enough for this reading
    edit = httpx.post(f"{sandbox.url}/numeroapi/editnumero/141", json={"info": "x"}, headers=headers)
    assert edit.json()["codeErreur"] == "0320"
    # Relais sends both, so the same operations pass from Slack.
    assert "33187224465" in relais.reply_text("/number list code=fr_01", user=ADMIN)


# -- answers as the document prints them (§5/§6): read for what they say -----------------------------------
@pytest.mark.parametrize("sandbox_dialects", [{"cliqphone": "as-printed"}], indirect=True)
def test_an_add_answered_as_the_document_prints_its_success_is_done(relais: Relais) -> None:
    sandbox = cliqphone(relais)
    [shown_card] = relais.command(f"/number add numero={FREE_NUMBER} code=fr_01", user=ADMIN)
    card = copy.deepcopy(shown_card)
    relais.click(copy.deepcopy(card), CONFIRM, user=ADMIN)
    relais.click(copy.deepcopy(card), CONFIRM, user=ADMIN)  # a second click resends nothing
    relais.settle()
    shown = last_ephemeral(relais)
    assert ":white_check_mark: Done" in shown and UNKNOWN not in shown
    assert len(sandbox.requests(ADD_PATH)) == 1
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.outcome, entry.vendor_code) == ("done", "0300")
    stored = sandbox.number(FREE_NUMBER)
    assert stored is not None
    assert f"id `{stored['id']}`" in relais.standin.channel_messages(CHANNEL)[-1].all_text()


def _printed_0318(sandbox: CliqphoneSandbox) -> bytes:
    """The sandbox's own as-printed 0318 answer (§5/§6 iii.), got by sending it a bad recording flag."""
    token = sandbox.issue_token()
    answer = httpx.post(
        f"{sandbox.url}{ADD_PATH}",
        json={"numero": "33187224499", "activerEnregistrement": "maybe"},
        headers={"token": token},
    )
    with pytest.raises(ValueError):
        answer.json()  # not JSON: the row as the document prints it
    assert b'"0318",invalid etat appel enregistrement' in answer.content
    return answer.content


@pytest.mark.parametrize("sandbox_dialects", [{"cliqphone": "as-printed"}], indirect=True)
def test_the_printed_0318_refusal_is_failed_in_the_vendors_words(relais: Relais) -> None:
    sandbox = cliqphone(relais)
    printed = _printed_0318(sandbox)
    [card] = relais.command(f"/number add numero={FREE_NUMBER} code=fr_01 activerEnregistrement=true", user=ADMIN)
    sandbox.inject_fault(200, body=printed, path_prefix=ADD_PATH, content_type="application/json")
    relais.click(copy.deepcopy(card), CONFIRM, user=ADMIN)
    shown = last_ephemeral(relais).replace("&quot;", '"')
    assert "Failed — nothing was done" in shown and UNKNOWN not in shown
    assert "activerEnregistrement: true or false" in shown and "code 0318" in shown
    assert "invalid etat appel enregistrement" in shown  # the vendor's words
    assert relais.runtime.services.audit.last(1)[0].outcome == "failed"
    assert sandbox.number(FREE_NUMBER) is None

    sandbox.inject_fault(200, body=printed, path_prefix=EDIT_PATH, content_type="application/json")
    text = relais.reply_text("/number edit 141 activerEnregistrement=true", user=ADMIN).replace("&quot;", '"')
    assert "activerEnregistrement: true or false" in text and "invalid etat appel enregistrement" in text
    assert "Outcome unknown" not in text and "updated" not in text
    assert relais.runtime.services.audit.last(1)[0].outcome == "failed"


# -- answers in no documented form: unknown, verbatim, never resent -----------------------------------------
UNRECOGNISED_WRITE_ANSWERS = {
    "empty-object": (200, "{}"),
    "unexpected-state": (200, json.dumps({"state": "pending", "messageErreur": "traitement en cours"})),
    "state-beside-a-success-code": (202, json.dumps({"state": "warning", "codeErreur": "0300"})),
    "html-page": (200, "<html><body><h1>Opération enregistrée</h1></body></html>"),
    "json-list": (201, "[]"),
    "empty-body": (200, ""),
}


@pytest.mark.parametrize("answer", list(UNRECOGNISED_WRITE_ANSWERS))
def test_an_add_answered_in_no_documented_form_is_unknown_verbatim_and_not_resent(relais: Relais, answer: str) -> None:
    sandbox = cliqphone(relais)
    status, body = UNRECOGNISED_WRITE_ANSWERS[answer]
    [shown_card] = relais.command(f"/number add numero={FREE_NUMBER} code=fr_01", user=ADMIN)
    card = copy.deepcopy(shown_card)
    sandbox.inject_fault(status, body=body.encode(), path_prefix=ADD_PATH, content_type="application/json")
    relais.click(copy.deepcopy(card), CONFIRM, user=ADMIN)
    relais.click(copy.deepcopy(card), CONFIRM, user=ADMIN)
    shown = last_ephemeral(relais).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
    assert UNKNOWN in shown and UNRECOGNISED in shown and "Done" not in shown
    assert (" ".join(body.split()) or "(empty answer)") in shown  # the vendor's words, verbatim
    assert f"`/number list number={FREE_NUMBER}` shows whether it was added" in shown
    assert len(sandbox.requests(ADD_PATH)) == 1
    assert relais.runtime.services.audit.last(1)[0].outcome == "unknown"
    assert not any("added by" in m.all_text() for m in relais.standin.channel_messages(CHANNEL))


@pytest.mark.parametrize("answer", ["empty-object", "html-page"])
def test_an_edit_answered_in_no_documented_form_is_unknown_with_how_to_check(relais: Relais, answer: str) -> None:
    sandbox = cliqphone(relais)
    status, body = UNRECOGNISED_WRITE_ANSWERS[answer]
    sandbox.inject_fault(status, body=body.encode(), path_prefix=EDIT_PATH, content_type="application/json")
    text = relais.reply_text("/number edit 141 info=Accueil", user=ADMIN)
    text = text.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
    assert (
        text.startswith(":grey_question: Outcome unknown") and UNRECOGNISED in text and " ".join(body.split()) in text
    )
    assert "`/number list number=33187224465` shows what Cliqphone lists" in text and "updated" not in text
    assert len(sandbox.requests(EDIT_PATH)) == 1
    assert relais.runtime.services.audit.last(1)[0].outcome == "unknown"


def test_a_listing_that_is_not_a_listing_is_an_error_not_nothing(relais: Relais) -> None:
    cliqphone(relais).inject_fault(200, body=b'{"state":"maintenance"}', path_prefix="/numeroapi/getlistnumerodispo")
    text = relais.reply_text("/number list", user=ADMIN).replace("&quot;", '"')
    assert "Cliqphone answered something Relais cannot read" in text and '{"state":"maintenance"}' in text
    assert "No Cliqphone number matches" not in text


def test_0315_names_the_field_the_vendors_message_names(relais: Relais) -> None:
    vendor_refuses(cliqphone(relais), EDIT_PATH, "0315", "invalid etat appel notif email")
    text = relais.reply_text("/number edit 141 notificationEmail=true emailPorteur=ada@example.fr", user=ADMIN)
    assert "notificationEmail: true or false" in text and "code 0315" in text
    vendor_refuses(cliqphone(relais), EDIT_PATH, "0315", "invalid repondeur")
    text = relais.reply_text("/number edit 141 repondeur=230", user=ADMIN)
    assert "repondeur: the id of an answering-machine (R) media" in text


def test_a_refusal_without_a_code_is_failed_in_the_vendors_words(relais: Relais) -> None:
    sandbox = cliqphone(relais)
    [card] = relais.command(f"/number add numero={FREE_NUMBER} code=fr_01", user=ADMIN)
    body = json.dumps({"state": "KO", "messageErreur": "numéro réservé"}).encode()
    sandbox.inject_fault(201, body=body, path_prefix=ADD_PATH, content_type="application/json")
    relais.click(copy.deepcopy(card), CONFIRM, user=ADMIN)
    shown = last_ephemeral(relais)
    assert "Failed — nothing was done" in shown and "numéro réservé" in shown and UNKNOWN not in shown


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ({"state": "ko", "codeErreur": "0009", "messageErreur": "accès refusé"}, "refused the login: a Relais admin"),
        ({"state": "KO", "messageErreur": "utilisateur bloqué"}, "refused the login: a Relais admin"),
        ({"state": "ok"}, "answered something Relais cannot read"),  # no token: no login
    ],
)
def test_status_shows_a_login_refused_in_other_words_as_a_problem(
    relais: Relais, answer: dict[str, str], words: str
) -> None:
    cliqphone(relais).inject_fault(200, body=json.dumps(answer).encode(), path_prefix="/api/auto")
    text = relais.reply_text("/relais status")
    line = next(line for line in text.splitlines() if "Cliqphone" in line)
    assert "not usable" in line and words in line
    said = answer.get("messageErreur")
    if said:
        assert said not in line and "Cliqphone, HTTP 200" in text and said in text, "the vendor's words: the line under"
