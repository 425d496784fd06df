"""Axialys WebAppel sandbox, §6 calls: appel, appel_annuler, appel_listing, appels_resume, recordings.

Time only moves through ``sb.clock.advance``: a call is waiting for 2 s (+ delais), rings, talks, ends.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import httpx
import pytest

from bot.sandboxes.axialys.server import AxialysSandbox
from bot.sandboxes.frame import PARIS, SandboxClock
from tests.unit.test_axialys_sandbox import api, assert_ko, client, http, rows, sb, server

__all__ = ["client", "http", "sb", "server"]  # fixtures shared with test_axialys_sandbox.py

LISTING_COLUMNS = 15
RESUME_COLUMNS = 11


def place(http: httpx.Client, id_popup: int = 77, e164: str = "33612345678", **params: Any) -> int:
    response = api(http, "appel", id_popup=id_popup, e164=e164, **params)
    assert response.status_code == 200, response.text
    assert response.text.isdigit()
    return int(response.text)


def listing_row(http: httpx.Client, id_tracking: int, id_popup: int = 77) -> list[str]:
    (row,) = rows(api(http, "appel_listing", id_popup=id_popup, id_tracking=id_tracking))
    assert len(row) == LISTING_COLUMNS
    return row


def state_of(http: httpx.Client, id_tracking: int) -> str:
    return listing_row(http, id_tracking)[14]


# -- appel -----------------------------------------------------------------------------------------


def test_appel_returns_an_id_tracking_and_lists_the_request(sb: AxialysSandbox, http: httpx.Client) -> None:
    tracking = place(http, nom="Jade", usr1="RXF46GSDG", usr2="b", usr3="c", client_ip="82.64.1.2")
    row = listing_row(http, tracking)
    assert row == [
        str(tracking),
        "2026-03-10 10:00:00",
        "0",
        "2026-03-10 10:00:02",
        "82.64.1.2",
        "0",
        "0",
        "FR_Mobile",
        "0.0000",
        "Jade",
        "RXF46GSDG",
        "b",
        "c",
        "API",
        "EN_ATTENTE",
    ]
    assert sb.call(tracking)["state"] == "EN_ATTENTE"


def test_answered_call_goes_through_every_state(sb: AxialysSandbox, http: httpx.Client) -> None:
    tracking = place(http)
    sb.set_call_outcome(tracking, "answered", ring_seconds=8, talk_seconds=120)
    assert state_of(http, tracking) == "EN_ATTENTE"
    sb.clock.advance(2)
    assert listing_row(http, tracking)[5:7] == ["0", "0"]
    assert state_of(http, tracking) == "SONNERIE"
    sb.clock.advance(5)
    assert listing_row(http, tracking)[5] == "5"  # rang for 5 s so far
    sb.clock.advance(3 + 60)
    row = listing_row(http, tracking)
    assert (row[5], row[6], row[14]) == ("8", "60", "EN_COURS")
    sb.clock.advance(60)
    row = listing_row(http, tracking)
    # FR_Mobile at 0.0450 €/min for 120 s.
    assert (row[5], row[6], row[7], row[8], row[14]) == ("8", "120", "FR_Mobile", "0.0900", "REPONDU")
    sb.clock.advance(3600)
    assert listing_row(http, tracking) == row  # final: nothing moves any more


@pytest.mark.parametrize(
    ("outcome", "state", "ring"),
    [("no_answer", "NON_REPONDU", "20"), ("busy", "OCCUPE", "2"), ("failed", "ECHEC", "0")],
)
def test_unanswered_outcomes(sb: AxialysSandbox, http: httpx.Client, outcome: str, state: str, ring: str) -> None:
    tracking = place(http, e164="33170200258")
    sb.set_call_outcome(tracking, outcome)
    sb.clock.advance(2 + 30)
    row = listing_row(http, tracking)
    # §1 internaute_delais_attente (default 20 s) bounds the ringing of an unanswered call.
    assert (row[5], row[6], row[7], row[8], row[14]) == (ring, "0", "FR_Fixe", "0.0000", state)


def test_dureemaxi_cuts_the_conversation(sb: AxialysSandbox, http: httpx.Client) -> None:
    tracking = place(http, dureemaxi=60, nbressais=3, rec=1)
    sb.set_call_outcome(tracking, "answered", ring_seconds=5, talk_seconds=600)
    sb.clock.advance(1000)
    assert listing_row(http, tracking)[6] == "60"


def test_outcomes_are_deterministic_per_tracking_id(sb: AxialysSandbox, http: httpx.Client) -> None:
    trackings = [place(http) for _ in range(12)]
    sb.clock.advance(3600)
    over_http = [[*row[5:7], row[14]] for row in (listing_row(http, tracking) for tracking in trackings)]
    # Another sandbox (never started: hooks only) given the same tracking ids tells the same story.
    other = AxialysSandbox(SandboxClock(datetime(2026, 3, 10, 10, 0, tzinfo=PARIS)))
    replayed = [other.add_call(77, "33612345678", provenance="API") for _ in range(12)]
    assert replayed == trackings
    other.clock.advance(3600)
    views = [other.call(tracking) for tracking in replayed]
    assert over_http == [[str(v["ring_seconds"]), str(v["talk_seconds"]), v["state"]] for v in views]
    states = {row[2] for row in over_http}
    assert states <= {"REPONDU", "NON_REPONDU", "OCCUPE", "ECHEC"}
    assert "REPONDU" in states and len(states) > 1  # a realistic mix, the same on every run


def test_two_hundred_simultaneous_calls_cost_nothing(sb: AxialysSandbox, http: httpx.Client) -> None:
    started = time.monotonic()
    for index in range(200):
        sb.add_call(77, f"336120{index:05d}", provenance="API")
    sb.clock.advance(30)
    listing = rows(api(http, "appel_listing", id_popup=77))
    assert len(listing) >= 200
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"e164": "33612345678"}, 400, "PARAMETRE_MANQUANT"),  # no id_popup
        ({"id_popup": 77}, 400, "PARAMETRE_MANQUANT"),
        ({"id_popup": 77, "e164": "0612345678"}, 400, "PARAMETRE_INVALIDE"),
        ({"id_popup": 77, "e164": "3361234"}, 400, "PARAMETRE_INVALIDE"),  # not an attributable number
        ({"id_popup": 77, "e164": "33612345678", "delais": 5}, 400, "PARAMETRE_INVALIDE"),
        ({"id_popup": 77, "e164": "33612345678", "delais": 1001}, 400, "PARAMETRE_INVALIDE"),
        ({"id_popup": 77, "e164": "33612345678", "nbressais": 10}, 400, "PARAMETRE_INVALIDE"),
        ({"id_popup": 77, "e164": "33612345678", "rec": 2}, 400, "PARAMETRE_INVALIDE"),
        ({"id_popup": 77, "e164": "33612345678", "dureemaxi": "1h"}, 400, "PARAMETRE_INVALIDE"),
        ({"id_popup": 77, "e164": "33612345678", "usr1": "x" * 33}, 400, "PARAMETRE_INVALIDE"),
        ({"id_popup": 77, "e164": "33612345678", "client_ip": "1.2.3.256"}, 400, "PARAMETRE_INVALIDE"),
        ({"id_popup": 4000, "e164": "33612345678"}, 400, "PARAMETRE_INVALIDE"),
        ({"id_popup": 500, "e164": "33612345678"}, 404, "INTROUVABLE"),
        ({"id_popup": 77, "e164": "33899100200"}, 403, "BLACKLISTE"),  # seeded blacklist
        ({"id_popup": 77, "e164": "33612345678", "client_ip": "203.0.113.7"}, 403, "BLACKLISTE"),
        ({"id_popup": 77, "e164": "3222345678"}, 403, "DESTINATION_INTERDITE"),  # BE_Fixe not allowed on 77
        ({"id_popup": 77, "e164": "12025550123"}, 403, "DESTINATION_INTERDITE"),  # not in the catalogue
    ],
)
def test_appel_rejects(sb: AxialysSandbox, http: httpx.Client, params: dict[str, Any], status: int, code: str) -> None:
    assert_ko(api(http, "appel", **params), status, code)
    assert all(call["provenance"] == "POPUP" for call in sb.calls())  # nothing was recorded


def test_appel_honours_blacklists_and_destinations_set_through_the_api(http: httpx.Client) -> None:
    assert api(http, "blacklistage_numero", e164="33611111111").text == "OK"
    assert_ko(api(http, "appel", id_popup=77, e164="33611111111"), 403, "BLACKLISTE")
    assert api(http, "blacklistage_IP", ip="198.51.100.4").text == "OK"
    assert_ko(api(http, "appel", id_popup=77, e164="33612345678", client_ip="198.51.100.4"), 403, "BLACKLISTE")
    assert_ko(api(http, "appel", id_popup=77, e164="3222345678"), 403, "DESTINATION_INTERDITE")
    assert api(http, "popup_destination_ajout", id_popup=77, **{"liste_destination[]": ["BE_Fixe"]}).text == "OK"
    assert listing_row(http, place(http, e164="3222345678"))[7] == "BE_Fixe"


def test_appel_formats_a_national_number_with_code_pays(sb: AxialysSandbox, http: httpx.Client) -> None:
    tracking = place(http, e164="0612345678", code_pays="FR")
    assert sb.call(tracking)["e164"] == "33612345678"


def test_dos_protect_makes_client_ip_mandatory(sb: AxialysSandbox, http: httpx.Client) -> None:
    sb.set_dos_protect(True)
    assert_ko(api(http, "appel", id_popup=77, e164="33612345678"), 400, "PARAMETRE_MANQUANT")
    assert listing_row(http, place(http, client_ip="82.64.1.2"))[4] == "82.64.1.2"


def test_semicolons_in_free_text_do_not_break_the_columns(http: httpx.Client) -> None:
    tracking = place(http, nom="Martin; Jade", usr1="a;b")
    row = listing_row(http, tracking)
    assert (row[9], row[10]) == ("Martin, Jade", "a,b")


# -- routing by planning and groups (§3, §4) -----------------------------------------------------------


def test_closed_hours_go_to_the_closed_group(sb: AxialysSandbox, http: httpx.Client) -> None:
    sb.clock.set(datetime(2026, 3, 10, 22, 0, tzinfo=PARIS))
    tracking = place(http)  # pop-up 77: planning "bureau", ferme_dest "astreinte"
    sb.set_call_outcome(tracking, "answered", ring_seconds=3, talk_seconds=30)
    sb.clock.advance(60)
    assert state_of(http, tracking) == "REPONDU"
    assert sb.call(tracking)["routing"] == "operators"


def test_closed_without_closed_group_is_ferme_or_repondeur(sb: AxialysSandbox, http: httpx.Client) -> None:
    closed = int(api(http, "popup_ajout", nom_popup="Ferme", nom_plage="bureau", ouvert_dest="support").text)
    machine = int(
        api(
            http, "popup_ajout", nom_popup="Rep", nom_plage="bureau", ouvert_dest="support", repondeur="r@exemple.fr"
        ).text
    )
    sb.clock.set(datetime(2026, 12, 25, 10, 0, tzinfo=PARIS))  # a seeded closing day
    to_closed, to_machine = place(http, closed), place(http, machine)
    sb.clock.advance(2)
    assert listing_row(http, to_closed, closed)[14] == "FERME"
    assert listing_row(http, to_machine, machine)[14] == "EN_COURS"  # the message is being left
    sb.clock.advance(120)
    row = listing_row(http, to_machine, machine)
    assert row[14] == "REPONDEUR" and int(row[6]) > 0 and row[8] == "0.0000"


def test_a_popup_without_operators_fails_the_call(sb: AxialysSandbox, http: httpx.Client) -> None:
    bare = int(api(http, "popup_ajout", nom_popup="Nue").text)
    tracking = place(http, bare)
    sb.clock.advance(2)
    assert listing_row(http, tracking, bare)[14] == "ECHEC"


# -- appel_annuler (A25) ---------------------------------------------------------------------------


def test_a_waiting_call_can_be_cancelled(sb: AxialysSandbox, http: httpx.Client) -> None:
    tracking = place(http, delais=30)
    sb.clock.advance(31)  # 2 s dispatch + 30 s delay: still waiting
    assert state_of(http, tracking) == "EN_ATTENTE"
    assert api(http, "appel_annuler", id_popup=77, id_contact=tracking).text == "OK"
    sb.clock.advance(600)
    row = listing_row(http, tracking)
    assert (row[3], row[5], row[6], row[14]) == ("", "0", "0", "ANNULE")
    assert_ko(api(http, "appel_annuler", id_popup=77, id_contact=tracking), 409, "ETAT_INCOMPATIBLE")


def test_a_started_call_cannot_be_cancelled(sb: AxialysSandbox, http: httpx.Client) -> None:
    tracking = place(http)
    sb.clock.advance(2)
    assert_ko(api(http, "appel_annuler", id_popup=77, id_contact=tracking), 409, "ETAT_INCOMPATIBLE")
    assert state_of(http, tracking) == "SONNERIE"


def test_appel_annuler_errors(http: httpx.Client) -> None:
    tracking = place(http)
    assert_ko(api(http, "appel_annuler", id_popup=77), 400, "PARAMETRE_MANQUANT")
    assert_ko(api(http, "appel_annuler", id_popup=77, id_tracking=tracking), 400, "PARAMETRE_MANQUANT")
    assert_ko(api(http, "appel_annuler", id_popup=77, id_contact="xx"), 400, "PARAMETRE_INVALIDE")
    assert_ko(api(http, "appel_annuler", id_popup=77, id_contact=99999), 404, "INTROUVABLE")
    assert_ko(api(http, "appel_annuler", id_popup=197, id_contact=tracking), 404, "INTROUVABLE")  # other pop-up


# -- appel_listing (A26) and appels_resume (A27) ---------------------------------------------------------


def test_listing_defaults_to_today_and_filters_by_dates(sb: AxialysSandbox, http: httpx.Client) -> None:
    # Seed: calls 1-2 yesterday (26 h and 25 h ago), 3-4 today (3 h and 2 h ago), 5 today (waiting to be
    # dialled), 6-12 in November 2026 (the month the help examples list).
    assert [row[0] for row in rows(api(http, "appel_listing", id_popup=77))] == ["3", "4", "5"]
    yesterday = rows(api(http, "appel_listing", id_popup=77, date_debut="2026-03-09"))
    assert [row[0] for row in yesterday] == ["1", "2"]
    both = rows(api(http, "appel_listing", id_popup=77, date_debut="2026-03-01", date_fin="2026-03-10"))
    assert [row[0] for row in both] == ["1", "2", "3", "4", "5"]
    assert rows(api(http, "appel_listing", id_popup=77, date_debut="2008-10-01", date_fin="2008-11-01")) == []
    assert rows(api(http, "appel_listing", id_popup=197)) == []
    seeded = {row[0]: row[14] for row in both}
    assert seeded == {"1": "REPONDU", "2": "NON_REPONDU", "3": "REPONDU", "4": "OCCUPE", "5": "EN_ATTENTE"}
    november = rows(api(http, "appel_listing", id_popup=77, date_debut="2026-11-01", date_fin="2026-11-30"))
    assert [row[0] for row in november] == [str(n) for n in range(6, 13)]
    assert all(row[13] == "POPUP" for row in both)


def test_listing_by_id_tracking_ignores_the_default_day(http: httpx.Client) -> None:
    (row,) = rows(api(http, "appel_listing", id_popup=77, id_tracking=1))
    assert row[0] == "1" and row[1].startswith("2026-03-09 ")
    assert rows(api(http, "appel_listing", id_popup=77, id_tracking=999)) == []


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "PARAMETRE_MANQUANT"),
        ({"id_popup": 77, "date_fin": "2026-03-10"}, "PARAMETRE_MANQUANT"),
        ({"id_popup": 77, "date_debut": "10/03/2026"}, "PARAMETRE_INVALIDE"),
        ({"id_popup": 77, "date_debut": "2026-02-30"}, "PARAMETRE_INVALIDE"),
        ({"id_popup": 77, "date_debut": "2026-03-10", "date_fin": "2026-03-09"}, "PARAMETRE_INVALIDE"),
        ({"id_popup": 77, "id_tracking": "abc"}, "PARAMETRE_INVALIDE"),
    ],
)
@pytest.mark.parametrize("methode", ["appel_listing", "appels_resume"])
def test_listing_rejects(http: httpx.Client, methode: str, params: dict[str, Any], code: str) -> None:
    assert_ko(api(http, methode, **params), 400, code)


def test_appels_resume_columns(sb: AxialysSandbox, http: httpx.Client) -> None:
    tracking = place(http, nom="Jade", usr1="u1", client_ip="82.64.1.2", delais=10)
    sb.set_call_outcome(tracking, "answered", ring_seconds=4, talk_seconds=90)
    sb.clock.advance(200)
    (row,) = rows(api(http, "appels_resume", id_popup=77, id_tracking=tracking))
    assert len(row) == RESUME_COLUMNS
    assert row == [str(tracking), "77", "2026-03-10 10:00:00", "10", "82.64.1.2", "90", "Jade", "u1", "", "", "REPONDU"]
    today = rows(api(http, "appels_resume", id_popup=77))
    assert [r[0] for r in today] == ["3", "4", "5", str(tracking)]


# -- recordings (§5 fichier_recuperer, type=rec) ---------------------------------------------------------


def test_recording_of_an_answered_recorded_call(sb: AxialysSandbox, http: httpx.Client) -> None:
    recorded, plain = place(http, rec=1), place(http)
    for tracking in (recorded, plain):
        sb.set_call_outcome(tracking, "answered", ring_seconds=3, talk_seconds=40)
    assert_ko(api(http, "fichier_recuperer", id_popup=77, type="rec", id_tracking=recorded), 404, "INTROUVABLE")
    sb.clock.advance(60)
    response = api(http, "fichier_recuperer", id_popup=77, type="rec", id_tracking=recorded)
    assert response.status_code == 200 and response.content.startswith(b"RIFF")
    assert response.headers["content-type"] == "audio/wav"
    assert_ko(api(http, "fichier_recuperer", id_popup=77, type="rec", id_tracking=plain), 404, "INTROUVABLE")
    assert_ko(api(http, "fichier_recuperer", id_popup=77, type="rec"), 400, "PARAMETRE_MANQUANT")


# -- hooks ---------------------------------------------------------------------------------------------


def test_call_hooks(sb: AxialysSandbox, http: httpx.Client) -> None:
    tracking = place(http, delais=10)
    view = sb.call(tracking)
    assert (view["id_popup"], view["e164"], view["state"], view["delay"], view["final"]) == (
        77,
        "33612345678",
        "EN_ATTENTE",
        10,
        False,
    )
    assert [c["id_tracking"] for c in sb.calls()][-1] == tracking
    with pytest.raises(ValueError):
        sb.set_call_outcome(tracking, "voicemail")
    with pytest.raises(KeyError):
        sb.call(424242)
    old = sb.add_call(197, "33170200258", seconds_ago=600, outcome="failed", name="Léa")
    (row,) = rows(api(http, "appel_listing", id_popup=197, id_tracking=old))
    assert (row[1], row[9], row[13], row[14]) == ("2026-03-10 09:50:00", "Léa", "POPUP", "ECHEC")
