"""Issue 10 for Axialys: what counts as done, refused or unknown; listings read in every form the document allows."""

from __future__ import annotations

import logging
from datetime import date

import httpx
import pytest

from bot.core.safe_writes import may_have_acted
from bot.vendors.axialys.client import CallRequest
from bot.vendors.axialys.errors import AxialysError
from bot.vendors.axialys.models import (
    PENDING_STATES,
    WAITING_STATES,
    CallRow,
    CallSummaryRow,
    Destination,
    PopupSettings,
    is_known_state,
    seconds,
)
from bot.vendors.errors import Delivery
from handlers.axialys.call_cards import call_card
from handlers.axialys.records import CallRecord
from handlers.axialys.stats import _per_state
from handlers.axialys.wording import state_words
from tests.unit.vendor_mocks import AXIALYS_SECRET, Handler, axialys_client

CREDENTIALS = "Axialys refused our credentials: a Relais admin must check AXIALYS_EMAIL and AXIALYS_PASSWORD"


def answer(body: str | bytes, status: int = 200, content_type: str = "text/plain; charset=utf-8") -> Handler:
    content = body.encode("utf-8") if isinstance(body, str) else body
    return lambda request: httpx.Response(status, content=content, headers={"content-type": content_type})


# -- writes: done only on OK ---------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["OK", "OK\n", "ok\r\n", "  OK  "])
def test_a_write_is_done_on_ok_in_any_case_and_whitespace(body: str) -> None:
    api, seen = axialys_client(answer(body))
    api.blacklist_number("33612345678")
    assert len(seen) == 1


@pytest.mark.parametrize(
    ("body", "status", "plain"),
    [
        ("KO", 200, "Axialys refused blacklisting the number for a reason Relais does not know"),
        ("KO: identifiants incorrects", 200, CREDENTIALS),
        ("KO - paramètre manquant", 200, "Axialys refused blacklisting the number"),
        ("Erreur : identifiants incorrects", 200, CREDENTIALS),
        ("Mot de passe invalide", 200, CREDENTIALS),
        ("Paramètre manquant : e164", 200, "Axialys refused blacklisting the number for a reason"),
        ("Numéro invalide", 422, "Axialys refused blacklisting the number for a reason Relais does not know"),
        ("Login failed", 403, CREDENTIALS),
    ],
)
def test_a_refusal_in_any_words_is_failed_in_the_vendors_words(body: str, status: int, plain: str) -> None:
    api, seen = axialys_client(answer(body, status))
    with pytest.raises(AxialysError) as caught:
        api.blacklist_number("33612345678")
    error = caught.value
    assert error.plain.startswith(plain) and error.delivery is Delivery.NOT_SENT
    assert not may_have_acted(error), "a refusal under 200 is failed, never unknown"
    words = body.split(":")[-1].strip() if body.startswith("KO:") else body.removeprefix("KO - ")
    assert words in error.detail and (words == "KO" or words not in error.plain), "the vendor's words: detail only"
    assert len(seen) == 1


def test_a_ko_line_with_a_known_code_keeps_its_plain_sentence() -> None:
    api, _ = axialys_client(answer("KO;BLACKLISTE;le numéro 33612345678 est blacklisté", 403))
    with pytest.raises(AxialysError) as caught:
        api.place_call(CallRequest(77, "33612345678"))
    assert caught.value.code == "BLACKLISTE" and "blacklisted" in caught.value.plain


@pytest.mark.parametrize(
    "body",
    [
        "<html><body><h1>Maintenance</h1></body></html>",
        "<html><head><title>500 Internal Server Error</title></head></html>",
        "",
        "DONE",
        "support;FIXE\n",
        "Merci, c'est noté",
    ],
)
def test_any_other_answer_after_a_write_is_unknown_and_verbatim(body: str) -> None:
    api, seen = axialys_client(answer(body, content_type="text/html"))
    with pytest.raises(AxialysError) as caught:
        api.update_popup(77, PopupSettings(nom_popup="Salon"))
    error = caught.value
    assert error.delivery is Delivery.UNKNOWN and "cannot tell whether it was done" in error.plain
    assert (" ".join(body.split()) or "(empty answer)") in error.detail
    assert len(seen) == 1


@pytest.mark.parametrize("body", ["1234", "1234\n", " 1234 ", "OK;1234", "OK 1234", "ok:1234\r\n"])
def test_a_new_id_is_read_bare_or_after_ok(body: str) -> None:
    api, _ = axialys_client(answer(body))
    assert api.place_call(CallRequest(77, "33612345678")) == 1234
    assert api.create_popup(PopupSettings(nom_popup="Salon")) == 1234


@pytest.mark.parametrize(("body", "delivery"), [("OK", Delivery.UNKNOWN), ("Erreur : destination interdite", None)])
def test_a_call_answered_without_its_id_is_never_done(body: str, delivery: Delivery | None) -> None:
    api, _ = axialys_client(answer(body))
    with pytest.raises(AxialysError) as caught:
        api.place_call(CallRequest(77, "33612345678"))
    assert caught.value.delivery is (delivery or Delivery.NOT_SENT)
    if delivery is None:
        assert caught.value.code is None, "no code the vendor did not send"
        assert "destination interdite" in caught.value.detail and not may_have_acted(caught.value)
        assert caught.value.plain.startswith("Axialys refused placing the call"), "the operation, in plain words"


# -- reads: a body that is not a listing is an error, never data ------------------------------------------


@pytest.mark.parametrize("body", ["Identifiants incorrects", "Erreur : authentification refusée", "KO: mot de passe"])
def test_probe_fails_when_credentials_are_refused_in_any_words(body: str) -> None:
    api, _ = axialys_client(answer(body))
    with pytest.raises(AxialysError) as caught:
        api.probe()
    assert caught.value.plain == CREDENTIALS and caught.value.delivery is Delivery.NOT_SENT


@pytest.mark.parametrize("body", ["<html><body>Bienvenue</body></html>", "Service en cours de maintenance"])
def test_a_listing_that_is_no_listing_is_an_error(body: str) -> None:
    api, _ = axialys_client(answer(body))
    with pytest.raises(AxialysError) as caught:
        api.operator_groups()
    assert "cannot read" in caught.value.plain and caught.value.delivery is Delivery.NOT_SENT
    with pytest.raises(AxialysError):
        api.plannings()
    with pytest.raises(AxialysError):
        api.popups()
    with pytest.raises(AxialysError):
        api.calls(77)


def test_an_empty_listing_is_empty() -> None:
    api, _ = axialys_client(answer(""))
    assert api.operator_groups() == [] and api.calls(77) == [] and api.plannings() == []


def test_a_header_line_is_skipped_and_one_unreadable_line_is_skipped_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = (
        "id_tracking;date_time;delais;dt;ip;duree_sonnerie;duree_appel;type_dest;prix;nom;usr1;usr2;usr3;"
        "provenance;etat\n"
        "12;2026-11-29 10:00:00;0;2026-11-29 10:00:02;;00:00:07;00:01:23;FR_Mobile;0,0623;Dupont; Jean;;;;API;ABOUTI\n"
        "garbage line without an id\n"
        "13;2026-11-29 10:01:00;0;;;0;0;FR_Fixe;0;;;;;API;en attente\n"
    )
    api, _ = axialys_client(answer(body))
    with caplog.at_level(logging.WARNING):
        first, second = api.calls(77, start=date(2026, 11, 29))
    assert (first.id_tracking, first.ring_seconds, first.talk_seconds, first.name) == (12, 7, 83, "Dupont; Jean")
    assert first.state == "ABOUTI" and first.final and first.answered and str(first.price) == "0.0623"
    assert (second.id_tracking, second.final, second.answered) == (13, False, False)
    assert "garbage line" in caplog.text and AXIALYS_SECRET not in caplog.text


def test_extra_trailing_columns_are_ignored_and_booleans_read_in_any_form() -> None:
    api, _ = axialys_client(answer("1003;France fixe;0.0150;AUTORISE;x\n1004;France mobile;0,0450;INTERDIT;y\n"))
    first, second = api.destinations(77)
    assert (first.allowed, second.allowed, str(second.price)) == (True, False, "0.0450")
    api, _ = axialys_client(answer("support;FIXE;extra\n"))
    [group] = api.operator_groups()
    assert (group.name, group.ordering) == ("support", "FIXE")
    row = "77;Accueil;true;OPERATEUR;fr;f;;;30;;20;;;;;;false;;;;;;;;\n"
    api, _ = axialys_client(answer(row))
    [popup] = api.popups()
    assert popup.immediate and not popup.show_name


def test_a_windows_1252_body_is_read_with_or_without_its_charset() -> None:
    line = "12;2026-11-29 10:00:00;0;;;0;0;FR_Fixe;0;Hélène;;;;API;Répondu\n".encode("cp1252")
    for content_type in ("text/plain; charset=windows-1252", "text/plain", "text/plain; charset=utf-8"):
        api, _ = axialys_client(answer(line, content_type=content_type))
        [row] = api.calls(77)
        assert (row.name, row.state, row.final, row.answered) == ("Hélène", "Répondu", True, True)


@pytest.mark.parametrize(("state", "talk", "answered"), [("TERMINE", "65", True), ("TERMINE", "0", False)])
def test_an_unknown_final_word_is_answered_by_its_talk_time(state: str, talk: str, answered: bool) -> None:
    api, _ = axialys_client(answer(f"12;2026-11-29 10:00:00;0;;;5;{talk};FR_Fixe;0;;;;;API;{state}\n"))
    [row] = api.calls(77)
    assert row.final and row.answered is answered
    api, _ = axialys_client(answer(f"12;77;2026-11-29 10:00:00;0;;{talk};;;;;{state}\n"))
    [summary] = api.call_summaries(77)
    assert summary.answered is answered


# -- requests as the document's examples send them -------------------------------------------------------


def test_closed_hours_settings_are_sent_under_both_spellings() -> None:
    api, seen = axialys_client(answer("OK"))
    api.update_popup(77, PopupSettings(ferm_dest="astreinte", ferm_message="Fermé"))
    params = seen[0].url.params
    assert params["ferm_dest"] == params["ferme_dest"] == "astreinte"
    assert params["ferm_message"] == params["ferme_message"] == "Fermé"


@pytest.mark.parametrize(
    "refusal",
    [("KO;METHODE_INCONNUE;méthode inconnue : planning_exception_add", 400), ("Méthode inconnue", 200)],
)
def test_closing_days_try_the_examples_name_once_when_the_headings_is_unknown(refusal: tuple[str, int]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params["methode"] == "planning_exception_add":
            return httpx.Response(refusal[1], text=refusal[0])
        return httpx.Response(200, text="OK")

    api, seen = axialys_client(handler)
    api.add_closing("bureau", date(2026, 12, 24))
    assert [r.url.params["methode"] for r in seen] == ["planning_exception_add", "planning_ajout_exception"]


def test_closing_days_are_not_retried_after_any_other_answer() -> None:
    api, seen = axialys_client(answer("KO;EXISTE_DEJA;le 2026-12-24 est déjà fermé", 409))
    with pytest.raises(AxialysError):
        api.add_closing("bureau", date(2026, 12, 24))
    api2, seen2 = axialys_client(answer("<html>oops</html>"))
    with pytest.raises(AxialysError) as caught:
        api2.add_closing("bureau", date(2026, 12, 24))
    assert caught.value.delivery is Delivery.UNKNOWN
    assert len(seen) == 1 and len(seen2) == 1


@pytest.mark.parametrize("body", ['{"error": "Identifiants incorrects"}', '"OK"', "{}"])
def test_centrex_accounts_that_are_not_a_list_are_an_error_never_an_empty_listing(body: str) -> None:
    api, _ = axialys_client(answer(body, content_type="application/json"))
    with pytest.raises(AxialysError):
        api.centrex_accounts()


def test_centrex_accounts_are_read_bare_or_wrapped() -> None:
    account = '{"centrex_account_id": 12, "phone_number": "33170200258", "state": "active"}'
    for body in (f"[{account}]", f'{{"accounts": [{account}]}}'):
        api, _ = axialys_client(answer(body, content_type="application/json"))
        [read] = api.centrex_accounts()
        assert (read.id, read.phone_numbers) == (12, ["33170200258"])


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("<html><body>Erreur</body></html>", "text/html", 200),
        ("KO;INTROUVABLE;fichier", "text/plain; charset=utf-8", 200),
        ("KO;INTROUVABLE;fichier", "application/octet-stream", 200),
        ("Fichier introuvable", "text/plain; charset=utf-8", 404),
    ],
)
def test_a_page_a_ko_line_or_a_4xx_is_not_the_file_asked_for(body: str, content_type: str, status: int) -> None:
    """Was: any text/plain sentence with an error word; a file's own text may hold one (next test)."""
    api, _ = axialys_client(answer(body, status, content_type=content_type))
    with pytest.raises(AxialysError):
        api.get_file(77, "son_internaute")
    api, _ = axialys_client(answer(b"body { color: red }", content_type="text/css"))
    assert api.get_file(77, "css_popup").content == b"body { color: red }"


@pytest.mark.parametrize("content_type", ["text/plain; charset=utf-8", "text/css", "application/octet-stream"])
def test_a_file_whose_text_holds_an_error_word_is_the_file(content_type: str) -> None:
    api, _ = axialys_client(answer(b"input:required {color: red}", content_type=content_type))
    got = api.get_file(77, "css_popup")
    assert got.content == b"input:required {color: red}"


def test_a_refusal_or_a_listing_served_as_octet_stream_is_read_as_text() -> None:
    """§2: "Le fichier retourné a la forme suivante": a listing may come as a file, not text/plain."""
    api, _ = axialys_client(answer("KO;AUTH_INVALIDE;identifiants refusés", content_type="application/octet-stream"))
    with pytest.raises(AxialysError) as caught:
        api.probe()
    assert caught.value.plain == CREDENTIALS
    api, _ = axialys_client(answer("Identifiants incorrects", content_type="application/octet-stream"))
    with pytest.raises(AxialysError) as caught:
        api.probe()
    assert caught.value.plain == CREDENTIALS
    api, _ = axialys_client(answer("support;FIXE\ncommercial;TOURNANTE\n", content_type="application/octet-stream"))
    assert api.probe() == "2 operator groups"
    api, _ = axialys_client(answer("OK", content_type="application/octet-stream"))
    api.blacklist_number("33612345678")


@pytest.mark.parametrize("status", [301, 302, 303, 307])
def test_a_redirect_after_a_write_is_unknown_never_nothing_done(status: int) -> None:
    """Post/redirect/get: a server redirects after it acted."""
    api, seen = axialys_client(lambda request: httpx.Response(status, headers={"location": "/merci"}))
    with pytest.raises(AxialysError) as caught:
        api.place_call(CallRequest(77, "33612345678"))
    assert caught.value.delivery is Delivery.UNKNOWN and f"HTTP {status}" in caught.value.detail
    assert len(seen) == 1


@pytest.mark.parametrize(
    "body",
    [
        "12345<br />\n<b>Warning</b>: Missing argument 2 for appel() in <b>/var/www/api.php</b> on line <b>12</b>",
        "Demande de rappel enregistrée (délai inconnu, rappel immédiat)",
        "Appel pris en compte, erreur de journalisation",
        "Succès : paramètre usr1 ignoré",
    ],
)
def test_a_write_that_says_it_was_done_is_never_refused_but_unknown(body: str) -> None:
    """Its id first, or words saying done: an error word further on does not make it a refusal to send again."""
    api, seen = axialys_client(answer(body))
    with pytest.raises(AxialysError) as caught:
        api.place_call(CallRequest(77, "33612345678"))
    assert caught.value.delivery is Delivery.UNKNOWN and "cannot tell whether it was done" in caught.value.plain
    assert caught.value.code is None and len(seen) == 1


@pytest.mark.parametrize(
    ("body", "status"),
    [("KO;PARAMETRE_INVALIDE;e164 : 12345 enregistré ailleurs", 200), ("Numéro invalide", 200), ("Créé ?", 400)],
)
def test_a_ko_line_a_4xx_or_a_plain_error_sentence_after_a_write_stays_failed(body: str, status: int) -> None:
    api, _ = axialys_client(answer(body, status))
    with pytest.raises(AxialysError) as caught:
        api.place_call(CallRequest(77, "33612345678"))
    assert caught.value.delivery is Delivery.NOT_SENT


@pytest.mark.parametrize("body", ["OK, aucune erreur", "OK - pas d'erreur", "ok: no error"])
def test_an_answer_starting_with_ok_is_never_a_refusal_but_unknown_unless_it_is_ok(body: str) -> None:
    """A refusal may be sent again by the user; an OK followed by words is in no documented form: unknown."""
    api, seen = axialys_client(answer(body))
    with pytest.raises(AxialysError) as caught:
        api.update_popup(77, PopupSettings(nom_popup="Salon"))
    assert caught.value.delivery is Delivery.UNKNOWN and body in caught.value.detail
    assert len(seen) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("83", 83),
        ("83.0", 83),
        ("83 s", 83),
        ("83s", 83),
        ("1 min 23 s", 83),
        ("1min23s", 83),
        ("00:01:23", 83),
        ("1:23", 83),
        ("1 h 2 min", 3720),
        ("", 0),
    ],
)
def test_durations_are_read_in_seconds_clock_or_worded_forms(text: str, expected: int) -> None:
    assert seconds(text) == expected


@pytest.mark.parametrize(
    ("state", "allowed"),
    [
        ("AUTORISE", True),
        ("Autorisé", True),
        ("autorisé ", True),
        ("INTERDIT", False),
        ("Interdit", False),
        ("", False),
    ],
)
def test_a_destination_state_is_read_without_accents_or_case(state: str, allowed: bool) -> None:
    assert (
        Destination.model_validate({"id_destination": "1003", "destination": "France", "etat": state}).allowed
        is allowed
    )


def test_a_windows_1252_autorise_allows_the_destination() -> None:
    api, _ = axialys_client(answer("1003;France fixe;0,0150;Autorisé\n".encode("cp1252"), content_type="text/plain"))
    [destination] = api.destinations(77)
    assert destination.allowed


@pytest.mark.parametrize("state", ["MESSAGERIE", "messagerie", "Messagerie vocale", "boîte vocale", "VOICEMAIL"])
def test_voicemail_words_are_not_answered_despite_talk_time(state: str) -> None:
    row = CallRow.model_validate({"id_tracking": "5", "duree_appel": "42", "etat": state})
    assert row.final and not row.answered and is_known_state(state)
    assert "not answered" in state_words(state, 42)


#: A call as the store keeps it.
STORED_CALL = {
    "id_tracking": 5,
    "id_popup": 77,
    "popup_name": "Accueil",
    "number": "+33612345678",
    "destination": "FR_Mobile",
    "destination_label": "mobile",
    "user_id": "U1",
    "channel_id": "C1",
    "placed_at": 0.0,
}


def test_only_waiting_words_offer_the_cancel_button() -> None:
    assert WAITING_STATES < PENDING_STATES
    for state, cancellable in (("en attente", True), ("PLANIFIE", True), ("SONNERIE", False), ("en cours", False)):
        _, blocks = call_card(CallRecord.model_validate({**STORED_CALL, "state": state}))
        assert ("Cancel call" in str(blocks)) is cancellable


def test_a_stored_call_with_its_old_price_per_minute_still_loads() -> None:
    old = {**STORED_CALL, "price_per_minute": "0.0450"}
    assert CallRecord.model_validate(old).id_tracking == 5


def test_the_summary_counts_one_bucket_per_state_however_spelt_with_the_rows_verdict() -> None:
    rows = [
        CallSummaryRow.model_validate({"id_tracking": str(i), "duree_appel": talk, "etat": state})
        for i, (state, talk) in enumerate(
            [("en attente", "0"), ("EN_ATTENTE", "0"), ("TERMINE", "30"), ("TERMINE", "0"), ("Répondu", "9")]
        )
    ]
    text = _per_state(rows)
    assert "waiting (en attente): 2" in text and "EN_ATTENTE" not in text
    assert "answered (Axialys says “TERMINE”): 1" in text and "not answered (Axialys says “TERMINE”): 1" in text
    assert "answered (Répondu): 1" in text


def _popup_line(message: str, group: str, closed: str) -> str:
    cells = [
        "5",
        "Salon",
        "0",
        "OPERATEUR",
        "fr",
        "f",
        "bureau",
        "",
        "30",
        "",
        "20",
        message,
        group,
        closed,
        "astreinte",
    ]
    return ";".join(cells) + ";;1;;;;;;;;\n"


@pytest.mark.parametrize(
    ("message", "group", "closed"),
    [
        ("Bonjour; entrez votre numéro", "support", "Fermé"),
        ("Bienvenue", "support", "Fermé; rappelez demain"),
        ("Bienvenue", "", "Nous sommes fermés; à demain"),
        ("A;B", "support", "Closed; call back tomorrow"),
    ],
)
def test_a_semicolon_in_either_popup_message_keeps_the_open_group_in_its_column(
    message: str, group: str, closed: str
) -> None:
    """§1 types id_dest_about_ouvert [a-zA-Z0-9]+ (empty: none): the split that fits it is the one read."""
    api, _ = axialys_client(answer(_popup_line(message, group, closed)))
    [popup] = api.popups()
    assert (popup.open_message, popup.open_group, popup.closed_message) == (message, group or None, closed)
    assert popup.closed_group == "astreinte"
