"""Issue 10: the Axialys flows under every reading of the document the sandbox can play (its dialects).

Each dialect alone, then all together (they combine): a call from placement to its summary (answered
and not), /relais status (and with a refused password), a pop-up created and updated, a closing day
added. Plus: an answer in no documented form after a write ends "unknown" with the vendor's words.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta

import pytest

from bot.sandboxes.axialys.server import AxialysSandbox
from bot.sandboxes.frame import SandboxRequest, SandboxResponse
from tests.axialys_support import (
    admin,
    call_cards,
    confirm,
    earlier_today,
    methods,
    reanswer,
    rewrite_body,
    run_watchers,
    sandbox,
)
from tests.conftest import ADMIN, CHANNEL, Relais

DIALECTS = [*AxialysSandbox.DIALECTS, tuple(AxialysSandbox.DIALECTS)]
EVERY_DIALECT = pytest.mark.parametrize(
    "sandbox_dialects", [{"axialys": dialect} for dialect in DIALECTS], indirect=True, ids=str
)


def _speaks(relais: Relais, dialect: str) -> bool:
    return sandbox(relais).speaks(dialect)


def _summary_of_a_call(relais: Relais, outcome: str, talk_seconds: int, popup: int = 77) -> str:
    confirm(relais, f"/callback 06 12 34 56 79 popup={popup}")
    card = call_cards(relais)[-1]
    id_tracking = int(card.text.split("#")[1].split()[0])
    sandbox(relais).set_call_outcome(id_tracking, outcome, ring_seconds=7, talk_seconds=talk_seconds)
    sandbox(relais).clock.advance(3600)
    run_watchers(relais)
    run_watchers(relais)
    shown = relais.standin.find(card.ts)
    assert shown is not None and "Cancel call" not in shown.all_text()
    [summary] = relais.standin.thread(CHANNEL, card.ts)
    assert f"Call #{id_tracking} summary" in summary.all_text()
    ended = summary.text.removeprefix(f"Call #{id_tracking} ended: ")
    assert ended != summary.text and ended in shown.all_text()  # the card's last line says what the thread says
    return summary.all_text()


@EVERY_DIALECT
def test_an_answered_call_reaches_its_summary(relais: Relais, caplog: pytest.LogCaptureFixture) -> None:
    text = _summary_of_a_call(relais, "answered", 65)
    assert "answered" in text and "not answered" not in text
    assert "7 s" in text and "1 min 5 s" in text and "€0.0488" in text
    run_watchers(relais)
    unknown_word_logs = caplog.text.count("ended in a state Relais does not know")
    if _speaks(relais, "vocabulary"):
        assert "ABOUTI" in text  # the vendor's own word, shown as written
        card = call_cards(relais)[-1]
        assert "Axialys says “ABOUTI”" in card.all_text()
        assert unknown_word_logs == 1  # logged once, not at every poll
    else:
        assert unknown_word_logs == 0


@EVERY_DIALECT
def test_a_call_nobody_answers_reaches_its_summary(relais: Relais) -> None:
    text = _summary_of_a_call(relais, "no_answer", 0)
    assert "not answered" in text
    if _speaks(relais, "vocabulary"):
        assert "NON ABOUTI" in text


@EVERY_DIALECT
def test_a_failed_call_is_not_answered_in_its_summary_and_statistics(relais: Relais) -> None:
    text = _summary_of_a_call(relais, "failed", 0, popup=197)
    if _speaks(relais, "vocabulary"):
        assert "not answered (Axialys says “TERMINE”)" in text
    else:
        assert "failed (ECHEC)" in text
    summary = relais.reply_text("/callback summary popup=197")
    assert "1 calls, 0 answered" in summary
    word = "not answered (Axialys says “TERMINE”): 1" if _speaks(relais, "vocabulary") else "failed (ECHEC): 1"
    assert word in summary


def _voicemail_popup(relais: Relais) -> int:
    """A pop-up whose planning is closed today, with no closed-hours group but an answering machine (§4)."""
    text = admin(relais, "/callback popup create name=Soir planning=bureau open=support answering=messages@exemple.fr")
    today = sandbox(relais).now_paris_date()
    if today not in sandbox(relais).plannings()["bureau"]["closures"]:
        admin(relais, f"/callback planning add-closing bureau {today}")
    return int(text.split("id ")[-1].rstrip("."))


@EVERY_DIALECT
def test_a_call_sent_to_voicemail_is_not_answered_on_its_card_summary_and_statistics(relais: Relais) -> None:
    """The voicemail takes a message (talk time > 0): still nobody answered ("messagerie" in the vocabulary dialect)."""
    id_popup = _voicemail_popup(relais)
    confirm(relais, f"/callback 06 12 34 56 79 popup={id_popup}")
    card = call_cards(relais)[-1]
    id_tracking = int(card.text.split("#")[1].split()[0])
    sandbox(relais).clock.advance(3600)
    run_watchers(relais)
    run_watchers(relais)
    call = sandbox(relais).call(id_tracking)
    assert call["state"] == "REPONDEUR" and int(str(call["talk_seconds"])) > 0
    shown = relais.standin.find(card.ts)
    [summary] = relais.standin.thread(CHANNEL, card.ts)
    word = "messagerie" if _speaks(relais, "vocabulary") else "REPONDEUR"
    for text in (shown.all_text() if shown else "", summary.all_text()):
        assert f"not answered: sent to the answering machine ({word})" in text
    calls = relais.reply_text(f"/callback calls popup={id_popup}")
    assert "1 calls · 0 answered" in calls and f"not answered: sent to the answering machine ({word})" in calls
    stats = relais.reply_text(f"/callback summary popup={id_popup}")
    assert "1 calls, 0 answered" in stats and f"answering machine ({word}): 1" in stats


@EVERY_DIALECT
def test_relais_status_is_green_and_a_refused_password_is_a_problem(relais: Relais) -> None:
    text = relais.reply_text("/relais status")
    line = next(line for line in text.splitlines() if "Axialys WebAppel" in line)
    assert "reachable" in line and "3 operator groups" in line
    sandbox(relais).set_credentials("autre@exemple.fr", "autre-secret")
    text = relais.reply_text("/relais status")
    line = next(line for line in text.splitlines() if "Axialys WebAppel" in line)
    assert "not usable" in line and "Axialys refused our credentials" in line
    assert "operator group" not in line


@EVERY_DIALECT
def test_a_popup_is_created_and_updated(relais: Relais) -> None:
    text = admin(relais, "/callback popup create name=Salon planning=bureau open=support closed=astreinte")
    new_id = int(text.split("id ")[-1].rstrip("."))
    [created] = [p for p in sandbox(relais).popups() if p["id"] == new_id]
    assert (created["planning"], created["open_group"], created["closed_group"]) == ("bureau", "support", "astreinte")
    admin(relais, f"/callback popup update {new_id} voice=m closed=commercial")
    [updated] = [p for p in sandbox(relais).popups() if p["id"] == new_id]
    assert (updated["voice"], updated["closed_group"]) == ("m", "commercial")
    assert (updated["planning"], updated["open_group"]) == ("bureau", "support")  # routing never cleared by omission


@EVERY_DIALECT
def test_a_closing_day_is_added(relais: Relais) -> None:
    day = (date.today() + timedelta(days=30)).isoformat()
    admin(relais, f"/callback planning add-closing bureau {day}")
    assert day in sandbox(relais).plannings()["bureau"]["closures"]
    tried = [m for m in methods(relais) if m.startswith("planning_") and "exception" in m]
    if _speaks(relais, "examples-names"):
        assert tried == ["planning_exception_add", "planning_ajout_exception"]
    else:
        assert tried == ["planning_exception_add"]


@EVERY_DIALECT
def test_a_refusal_reaches_the_user_in_the_vendors_words(relais: Relais) -> None:
    text = admin(relais, "/callback operators add support 01 70 20 02 58")
    assert "Axialys" in text and ("already" in text.lower() or "déjà" in text)
    [entry] = relais.runtime.services.audit.last(1)
    assert entry.outcome == "failed"


@EVERY_DIALECT
def test_calls_listed_from_the_web_popup_are_read(relais: Relais) -> None:
    id_tracking = sandbox(relais).add_call(
        77, "33612345679", seconds_ago=earlier_today(3600), outcome="answered", name="Dupont; J"
    )
    lines = relais.reply_text("/callback calls popup=77").splitlines()
    index = next(i for i, line in enumerate(lines) if f"#{id_tracking}" in line)
    line = " ".join(lines[index : index + 2])  # the call's section: who, then its state
    assert "Dupont" in line and "answered" in line and "not answered" not in line
    assert "ABOUTI" in line if _speaks(relais, "vocabulary") else "REPONDU" in line
    summary = relais.reply_text("/callback summary popup=77")
    line = next(line for line in summary.splitlines() if f"#{id_tracking}" in line)
    assert "answered" in line and "not answered" not in line


def _answer(
    relais: Relais,
    monkeypatch: pytest.MonkeyPatch,
    methode: str,
    body: bytes,
    *,
    status: int = 200,
    content_type: str = "text/html; charset=utf-8",
) -> None:
    """``methode`` is carried out by the sandbox, then answered ``body`` (by default under HTTP 200 as a page)."""

    def answered(request: SandboxRequest, response: SandboxResponse) -> SandboxResponse:
        if request.arg("methode") == methode:
            return SandboxResponse(status=status, body=body, content_type=content_type)
        return response

    reanswer(relais, monkeypatch, answered)


@pytest.mark.parametrize(
    "body",
    [b"<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>", b"Merci, c'est pris en compte"],
)
def test_a_popup_update_answered_in_no_documented_form_is_unknown_and_not_resent(
    relais: Relais, body: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answer(relais, monkeypatch, "popup_maj", body)
    text = admin(relais, "/callback popup update 77 voice=m")
    assert "cannot tell whether it was done" in text
    assert " ".join(body.decode().split())[:40] in text
    assert "Relais did not send it again: look at `/callback popup list` before trying again" in text
    assert len(methods(relais, "popup_maj")) == 1
    [entry] = relais.runtime.services.audit.last(1)
    assert entry.outcome == "unknown"


def test_a_call_answered_in_no_documented_form_is_unknown_shows_the_words_and_is_not_resent(
    relais: Relais, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = copy.deepcopy(relais.command("/callback 0612345679 popup=77")[-1])
    body = b"<html><body>Votre demande est en cours de traitement</body></html>"
    _answer(relais, monkeypatch, "appel", body)
    relais.click(card, "Place call")
    relais.click(card, "Place call")
    shown = relais.standin.find(card.ts)
    assert shown is not None and "Outcome unknown" in shown.all_text()
    assert "Votre demande est en cours de traitement" in shown.all_text()
    assert "+33612345679" in shown.all_text()
    assert len(methods(relais, "appel")) == 1 and call_cards(relais) == []


def test_a_call_answered_by_a_redirect_is_unknown_and_not_resent(
    relais: Relais, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Post/redirect/get: a 302 may come after the server placed the call; never "nothing was done"."""
    card = copy.deepcopy(relais.command("/callback 0612345679 popup=77")[-1])
    _answer(relais, monkeypatch, "appel", b"", status=302, content_type="text/plain")
    relais.click(card, "Place call")
    relais.click(card, "Place call")
    shown = relais.standin.find(card.ts)
    assert shown is not None and "Outcome unknown" in shown.all_text() and "Failed" not in shown.all_text()
    assert "HTTP 302" in shown.all_text() and "/callback calls popup=77" in shown.all_text()
    assert len(methods(relais, "appel")) == 1 and call_cards(relais) == []
    [entry] = relais.runtime.services.audit.last(1)
    assert entry.outcome == "unknown"


@pytest.mark.parametrize(
    "body",
    [
        b"12345<br />\n<b>Warning</b>: Missing argument 2 for appel() in <b>/var/www/api.php</b>",
        "Demande de rappel enregistrée (délai inconnu, rappel immédiat)".encode(),
    ],
)
def test_a_call_answered_as_done_with_an_error_word_is_unknown_never_failed(
    relais: Relais, monkeypatch: pytest.MonkeyPatch, body: bytes
) -> None:
    """Shown as failed, the user would place it again: the vendor said it acted (its id, or "enregistrée")."""
    card = copy.deepcopy(relais.command("/callback 0612345679 popup=77")[-1])
    _answer(relais, monkeypatch, "appel", body, content_type="text/plain; charset=utf-8")
    relais.click(card, "Place call")
    shown = relais.standin.find(card.ts)
    assert shown is not None and "Outcome unknown" in shown.all_text() and "Failed" not in shown.all_text()
    assert " ".join(body.decode().split())[:30] in shown.all_text()
    assert len(methods(relais, "appel")) == 1


@pytest.mark.parametrize("sandbox_dialects", [{}, {"axialys": "sentences"}], indirect=True, ids=["KO", "sentences"])
def test_relais_status_reads_answers_served_as_files(relais: Relais, monkeypatch: pytest.MonkeyPatch) -> None:
    """§2 "Le fichier retourné": a server may serve listings and refusals as application/octet-stream."""

    def as_a_file(request: SandboxRequest, response: SandboxResponse) -> SandboxResponse:
        response.content_type = "application/octet-stream"
        return response

    reanswer(relais, monkeypatch, as_a_file)
    line = next(line for line in relais.reply_text("/relais status").splitlines() if "Axialys WebAppel" in line)
    assert "reachable" in line and "3 operator groups" in line
    sandbox(relais).set_credentials("autre@exemple.fr", "autre-secret")
    line = next(line for line in relais.reply_text("/relais status").splitlines() if "Axialys WebAppel" in line)
    assert "not usable" in line and "Axialys refused our credentials" in line and "operator group" not in line


def test_a_css_file_whose_text_says_required_is_fetched_not_refused(
    relais: Relais, monkeypatch: pytest.MonkeyPatch
) -> None:
    css = b"input:required {color: red}\n"
    _answer(relais, monkeypatch, "fichier_recuperer", css, content_type="text/plain; charset=utf-8")
    relais.command("/callback file get 77 css_popup")
    [posted] = [m for m in relais.standin.channel_messages(CHANNEL) if "css_popup of pop-up 77" in m.text]
    file_id = posted.blocks[0]["file_id"]  # type: ignore[index]
    assert relais.standin.file_content(file_id) == css


@pytest.mark.parametrize("sandbox_dialects", [{"axialys": "sentences"}], indirect=True)
def test_a_call_refused_in_a_sentence_is_failed_in_those_words(relais: Relais) -> None:
    card = relais.command("/callback 0612345679 popup=77", user=ADMIN)[-1]
    sandbox(relais).set_credentials("autre@exemple.fr", "autre-secret")
    relais.click(card, "Place call", user=ADMIN)
    shown = relais.standin.find(card.ts)
    assert shown is not None and "Failed" in shown.all_text()
    assert "Axialys refused our credentials" in shown.all_text() and "identifiants incorrects" in shown.all_text()


def test_one_unreadable_listing_line_is_skipped_and_the_other_call_gets_its_summary(
    relais: Relais, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    rewrite_body(relais, monkeypatch, "appel_listing", lambda body: b"xx;not a call line at all\n" + body)
    text = _summary_of_a_call(relais, "answered", 65)
    assert "answered" in text and "1 min 5 s" in text
    assert "skipped a line Relais cannot read" in caplog.text and "xx;not a call line" in caplog.text


@pytest.mark.parametrize("sandbox_dialects", [{"axialys": "legacy-format"}], indirect=True)
def test_a_semicolon_in_the_callers_name_left_raw_by_axialys_does_not_shift_the_state(relais: Relais) -> None:
    confirm(relais, '/callback 06 12 34 56 79 popup=77 name="Dupont; Jean" usr1=abc')
    card = call_cards(relais)[-1]
    id_tracking = int(card.text.split("#")[1].split()[0])
    assert sandbox(relais).call(id_tracking)["name"] == "Dupont; Jean"
    sandbox(relais).set_call_outcome(id_tracking, "busy")
    sandbox(relais).clock.advance(3600)
    run_watchers(relais)
    [summary] = relais.standin.thread(CHANNEL, card.ts)
    assert "busy" in summary.all_text()
    lines = relais.reply_text("/callback calls popup=77").splitlines()
    index = next(i for i, line in enumerate(lines) if f"#{id_tracking}" in line)
    assert "Dupont; Jean" in lines[index] and "busy" in lines[index + 1]
