"""The Axialys client against httpx.MockTransport: wire forms, tolerant parsing, errors, no password leaks."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

import httpx
import pytest

from bot.vendors.axialys.client import CENTREX_METHOD, CallRequest
from bot.vendors.axialys.errors import AxialysError
from bot.vendors.axialys.models import PlanningSlot
from bot.vendors.errors import Delivery
from tests.unit.vendor_mocks import AXIALYS_SECRET, Handler, axialys_client


def text(body: str, status: int = 200) -> Handler:
    return lambda request: httpx.Response(status, text=body)


def test_every_request_carries_methode_email_and_pass_in_the_query() -> None:
    api, seen = axialys_client(text("support;FIXE\n"))
    [group] = api.operator_groups()
    assert (group.name, group.ordering) == ("support", "FIXE")
    params = seen[0].url.params
    assert seen[0].url.path == "/get/webappel/api.php"
    assert (params["methode"], params["email"], params["pass"]) == (
        "operateurs_liste_groupes",
        "me@x.fr",
        AXIALYS_SECRET,
    )


def test_listings_accept_numbers_as_strings_short_lines_and_decimal_commas() -> None:
    api, _ = axialys_client(text("1003;France fixe;0,0150;AUTORISE\n1004;France mobile;0.0450\n"))
    first, second = api.destinations(77)
    assert (first.id, first.price, first.allowed) == (1003, Decimal("0.0150"), True)
    assert (second.price, second.allowed) == (Decimal("0.0450"), False)


def test_call_rows_are_typed_with_the_document_column_names() -> None:
    line = "5;2026-11-23 20:54:30;0;;;0;0;FR_Mobile;0.0000;;;;;API;EN_ATTENTE\n"
    api, seen = axialys_client(text(line))
    [row] = api.calls(77, start=date(2026, 11, 1), end=date(2026, 11, 30))
    assert (row.id_tracking, row.state, row.final, row.started_at, row.destination) == (
        5,
        "EN_ATTENTE",
        False,
        None,
        "FR_Mobile",
    )
    assert seen[0].url.params["date_debut"] == "2026-11-01" and seen[0].url.params["date_fin"] == "2026-11-30"


def test_arrays_use_the_documented_bracket_form() -> None:
    api, seen = axialys_client(text("OK"))
    api.add_hours("maplage", [PlanningSlot(day="lundi", start="09:00", end="12:00")] * 2)
    api.allow_destinations(77, ["FR_Fixe", "BE_Mobile"])
    assert seen[0].url.params.get_list("jour[]") == ["lundi", "lundi"]
    assert seen[1].url.params.get_list("liste_destination[]") == ["FR_Fixe", "BE_Mobile"]


def test_closing_days_are_sent_as_day_month_year() -> None:
    api, seen = axialys_client(text("OK"))
    api.add_closing("bureau", date(2026, 12, 24))
    params = seen[0].url.params
    assert (params["methode"], params["date"], params["mois"], params["annee"]) == (
        "planning_exception_add",
        "24",
        "12",
        "2026",
    )


def test_a_call_is_placed_with_digits_only_and_its_id_returned() -> None:
    api, seen = axialys_client(text("42"))
    assert api.place_call(CallRequest(77, "33612345678", retries=2, record=True, max_seconds=600)) == 42
    params = seen[0].url.params
    assert (params["e164"], params["nbressais"], params["rec"], params["dureemaxi"]) == ("33612345678", "2", "1", "600")
    assert "delais" not in params


def test_ko_lines_become_one_error_naming_the_field() -> None:
    api, _ = axialys_client(text("KO;PARAMETRE_INVALIDE;rec : valeur invalide, attendu 1 / 0", 400))
    with pytest.raises(AxialysError) as caught:
        api.place_call(CallRequest(77, "33612345678"))
    error = caught.value
    assert (error.status, error.code, error.delivery) == (400, "PARAMETRE_INVALIDE", Delivery.NOT_SENT)
    assert error.plain.startswith("record: Axialys refused a value")


def test_a_ko_body_under_200_is_an_error_too() -> None:
    api, _ = axialys_client(text("KO;INTROUVABLE;liste inconnue"))
    with pytest.raises(AxialysError, match="no such item"):
        api.operators("nope")


def test_reads_are_retried_and_writes_are_not() -> None:
    calls = {"n": 0}

    def flaky(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        return httpx.Response(503) if calls["n"] == 1 else httpx.Response(200, text="bureau\n")

    api, _ = axialys_client(flaky)
    assert api.plannings() == ["bureau"]
    api, seen = axialys_client(text("", 503))
    with pytest.raises(AxialysError) as caught:
        api.place_call(CallRequest(77, "33612345678"))
    assert len(seen) == 1 and caught.value.delivery is Delivery.NOT_SENT
    api, seen = axialys_client(text("", 502))
    with pytest.raises(AxialysError) as caught:
        api.cancel_call(77, 5)
    assert len(seen) == 1 and caught.value.delivery is Delivery.UNKNOWN


def test_the_password_appears_in_no_error_and_no_log_line(caplog: pytest.LogCaptureFixture) -> None:
    def boom(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    caplog.set_level(logging.DEBUG)
    api, _ = axialys_client(boom)
    with pytest.raises(Exception) as caught:
        api.operator_groups()
    assert AXIALYS_SECRET not in str(caught.value) and AXIALYS_SECRET not in repr(caught.value.args)
    api, _ = axialys_client(text("OK"))
    api.blacklist_ip("1.2.3.4")
    assert caplog.records and all(AXIALYS_SECRET not in record.getMessage() for record in caplog.records)


def test_upload_is_a_multipart_post_named_after_the_type() -> None:
    api, seen = axialys_client(text("OK"))
    api.upload_file(77, "son_repondeur", "rep.wav", b"RIFFdata")
    request = seen[0]
    assert request.method == "POST" and request.url.params["type"] == "son_repondeur"
    assert b'name="son_repondeur"; filename="rep.wav"' in request.read()


def test_files_come_back_with_their_name() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        headers = {"content-type": "text/css", "content-disposition": 'attachment; filename="style.css"'}
        return httpx.Response(200, content=b".a{}", headers=headers)

    api, _ = axialys_client(answer)
    got = api.get_file(77, "css_popup")
    assert (got.filename, got.content) == ("style.css", b".a{}")


def test_centrex_uses_the_one_method_name_and_drops_passwords() -> None:
    body = (
        '[{"centrex_account_id": 7, "phone_number": "33170200258", "centrex_account_pwd": "pw",'
        ' "ldap_connection": {"pwd": "x"}, "call_recording": 1, "short_phone_number": 201}]'
    )
    api, seen = axialys_client(
        lambda request: httpx.Response(200, text=body, headers={"content-type": "application/json"})
    )
    [account] = api.centrex_accounts()
    assert seen[0].url.params["methode"] == CENTREX_METHOD == "centrex_listing"
    assert (account.id, account.phone_numbers, account.call_recording, account.short_number) == (
        7,
        ["33170200258"],
        True,
        "201",
    )
    assert "pw" not in account.model_dump_json()


def test_popups_parse_all_25_columns() -> None:
    line = (
        "77;Accueil;0;OPERATEUR;fr;f;bureau;0820620620;30;0170200258;20;Bonjour;support;Ferme;astreinte;"
        "a@b.fr;1;Client;;;;accueil.wav;;;style.css\n"
    )
    api, _ = axialys_client(text(line))
    [popup] = api.popups()
    assert (popup.id, popup.planning, popup.open_group, popup.closed_group, popup.css_popup) == (
        77,
        "bureau",
        "support",
        "astreinte",
        "style.css",
    )
    assert popup.show_name and not popup.immediate and popup.usr2_name is None


@pytest.mark.parametrize(
    ("state", "final"),
    [
        ("REPONDU", True),
        ("repondu", True),
        ("EN_ATTENTE", False),
        ("en attente", False),
        ("En-Cours", False),
        ("sonnerie", False),
        ("", False),
        ("QUELQUE_CHOSE", True),
        ("Répondu", True),
    ],
)
def test_a_call_is_over_unless_its_state_is_a_known_waiting_word(state: str, final: bool) -> None:
    """Changed (issue 10): an unknown word used to keep a call pending forever; the document names no state."""
    line = ["5", "2026-11-29 10:00:00", "30", "", "", "0", "0", "FR_Mobile", "0", "", "", "", "", "API", state]
    api, _ = axialys_client(text(";".join(line) + "\n"))
    [row] = api.calls(77, id_tracking=5)
    assert row.final is final
