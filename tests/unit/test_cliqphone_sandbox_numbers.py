"""The Cliqphone sandbox on the wire: add number (C6, §5) and edit number (C7, §6)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from bot.sandboxes.cliqphone.server import CliqphoneSandbox
from tests.unit.test_cliqphone_sandbox import (
    assert_ko,
    call,
    cliqphone_http,
    cliqphone_server,
    http,
    ko,
    numeros,
    sb,
    token,
)

# Fixtures shared with the main sandbox test module (module-scoped ones run once per module).
__all__ = ["cliqphone_http", "cliqphone_server", "http", "sb", "token"]

ADD = "/numeroapi/addNumero"
LIST = "/numeroapi/getlistnumerodispo"
AVAILABLE = "/numeroapi/getlistnumerodispobyzone"
OK = {"state": "ok", "codeErreur": "0300", "messageErreur": ""}

# Seeded media ids by type (see the media listing test): MI 228, ME 229, R 230, PB 231, MA 232 (+233 inactive).
MI, ME, R, PB, MA = 228, 229, 230, 231, 232

#: A complete §5 request, every field valid (the sandbox clock starts on 9 February 2021).
FULL: dict[str, Any] = {
    "numero": "33187224466",
    "messageIntroduction": str(MI),
    "messageEnregistrement": ME,
    "musicAattente": str(MA),
    "playback": PB,
    "repondeur": str(R),
    "emailPorteur": "claire.moreau@example.fr",
    "nomPorteur": "Claire Moreau",
    "info": "Ligne commerciale",
    "sonnerie": "25",
    "type": "Ren",
    "typeRenvoi": "Seq",
    "hourDebut": "08:30",
    "hourFin": "18:00:00",
    "jours": "Ve,Lu,Ma",
    "numRenvoi": "33612345678",
    "etat": True,
    "dateDebut": "2021-02-01",
    "dateFin": "28-02-2021",
    "activeAppelEntrant": True,
    "activeAppelSortant": False,
    "activerEnregistrement": True,
    "code": "FR_01",
    "notificationEmail": True,
}


def owned(sb: CliqphoneSandbox, numero: str) -> dict[str, Any]:
    found = sb.number(numero)
    assert found is not None
    return found


# -- C6 add a number ---------------------------------------------------------------------------------


def test_add_number_with_every_field(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    response = call(http, ADD, token, json=FULL)

    assert response.status_code == 200
    assert response.json() == OK
    stored = owned(sb, "33187224466")
    assert (stored["code"], stored["etat"], stored["nomPorteur"], stored["info"]) == (
        "fr_01",
        True,
        "Claire Moreau",
        "Ligne commerciale",
    )
    assert stored["settings"] == {
        "messageIntroduction": MI,
        "messageEnregistrement": ME,
        "musicAattente": MA,
        "playback": PB,
        "repondeur": R,
        "emailPorteur": "claire.moreau@example.fr",
        "sonnerie": 25,
        "type": "Ren",
        "typeRenvoi": "Seq",
        "hourDebut": "08:30:00",
        "hourFin": "18:00:00",
        "jours": "Lu,Ma,Ve",
        "numRenvoi": "33612345678",
        "dateDebut": "2021-02-01",
        "dateFin": "2021-02-28",
        "activeAppelEntrant": True,
        "activeAppelSortant": False,
        "activerEnregistrement": True,
        "notificationEmail": True,
    }


def test_added_number_is_listed_and_leaves_the_available_numbers(
    http: httpx.Client, sb: CliqphoneSandbox, token: str
) -> None:
    assert "33187224466" in numeros(call(http, AVAILABLE, token, json={"code": "fr_01"}))

    assert call(http, ADD, token, json={"numero": "33187224466", "nomPorteur": "Claire Moreau"}).json() == OK

    assert "33187224466" not in numeros(call(http, AVAILABLE, token, json={"code": "fr_01"}))
    rows = call(http, LIST, token, json={"numero": "33187224466"}).json()
    assert [(row["code"], row["etat"], row["entreprise"], row["nomPorteur"]) for row in rows] == [
        ("fr_01", "Inactif", "relais", "Claire Moreau")
    ]


def test_add_number_with_the_doc_example_blank_fields(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    # §5 example: "" for every field it does not set, and a stray "":"" key.
    body = {name: "" for name in FULL} | {"": "", "numero": "33557001122", "etat": True, "code": "fr_05"}

    assert call(http, ADD, token, json=body).json() == OK
    assert owned(sb, "33557001122")["settings"] == {}


def test_add_number_with_form_fields(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    form = {
        "metadata[numero]": "33299112233",
        "metadata[etat]": "true",
        "metadata[activeAppelEntrant]": "false",
        "metadata[repondeur]": str(R),
        "metadata[jours]": "All",
    }

    assert call(http, ADD, token, data=form).json() == OK
    stored = owned(sb, "33299112233")
    assert stored["etat"] is True and stored["code"] == "fr_02"
    assert stored["settings"] == {"activeAppelEntrant": False, "repondeur": R, "jours": "All"}


def test_add_number_accepts_a_json_integer_and_a_number_outside_the_offer(
    http: httpx.Client, sb: CliqphoneSandbox, token: str
) -> None:
    assert call(http, ADD, token, json={"numero": 33388990011}).json() == OK
    assert owned(sb, "33388990011")["code"] == "fr_03"  # §III prefixes: 33 3… is Nord-Est
    assert call(http, ADD, token, json={"numero": "4930123456"}).json() == OK
    assert owned(sb, "4930123456")["code"] is None


@pytest.mark.parametrize(
    "numero", [None, "", "+33187224466", "3318722", "1234567890123456", "33 1 87 22 44 66", "33-187224466", 3.3, True]
)
def test_add_number_malformed_or_missing_numero_answers_0305(http: httpx.Client, token: str, numero: Any) -> None:
    body = {} if numero is None else {"numero": numero}
    assert call(http, ADD, token, json=body).json() == ko("0305", "invalid Numero")


def test_add_number_already_owned_answers_0304(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    response = call(http, ADD, token, json={"numero": "33187224465"})

    assert response.json() == ko("0304", "invalid Numero existe déjà")
    assert len(sb.numbers()) == 6


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("messageIntroduction", ME, ko("0321", "invalid message introduction")),
        ("messageEnregistrement", MI, ko("0322", "invalid message enregistrement")),
        ("musicAattente", PB, ko("0317", "invalid Musique Attente")),
        ("musicAattente", 9999, ko("0317", "invalid Musique Attente")),
        ("musicAattente", "jazz", ko("0317", "invalid Musique Attente")),
        ("playback", MA, ko("0316", "invalid Musique playback")),
        ("repondeur", MI, ko("0315", "invalid repondeur")),
        ("emailPorteur", "claire.moreau@", ko("0324", "invalid email porteur")),
        ("emailPorteur", 42, ko("0324", "invalid email porteur")),
        ("nomPorteur", "C", ko("0308", "invalid porteur")),
        ("nomPorteur", "Claire-Marie de La Tour", ko("0308", "invalid porteur")),
        ("sonnerie", "0", ko("0325", "invalid sonnerie")),
        ("sonnerie", 121, ko("0325", "invalid sonnerie")),
        ("sonnerie", "vingt", ko("0325", "invalid sonnerie")),
        ("type", "Fax", ko("0309", "invalid type")),
        ("type", "rep", ko("0309", "invalid type")),
        ("typeRenvoi", "Parallele", ko("0313", "invalid type renvoi")),
        ("hourDebut", "25:00", ko("0326", "invalid heure")),
        ("hourFin", "8h", ko("0326", "invalid heure")),
        ("jours", "Lu,Xx", ko("0327", "invalid jours")),
        ("jours", "Lu,Lu", ko("0327", "invalid jours")),
        ("jours", "lundi", ko("0327", "invalid jours")),
        ("numRenvoi", "+33612345678", ko("0303", "invalid numero renvoi")),
        ("numRenvoi", "0612", ko("0303", "invalid numero renvoi")),
        ("etat", "Actif", ko("0301", "invalid etat")),
        ("etat", 1, ko("0301", "invalid etat")),
        ("dateDebut", "2021/02/01", ko("0328", "invalid date")),
        ("dateDebut", "31-02-2021", ko("0328", "invalid date")),
        ("dateFin", "tomorrow", ko("0328", "invalid date")),
        ("activeAppelEntrant", "oui", ko("0311", "invalid etat appel entrant")),
        ("activeAppelSortant", "1", ko("0312", "invalid etat appel sortant")),
        ("activerEnregistrement", "non", ko("0318", "invalid etat appel enregistrement")),
        ("code", "fr_06", ko("0307", "invalid zone")),
        ("code", "Île-de-France", ko("0307", "invalid zone")),
        ("notificationEmail", "yes", ko("0314", "invalid etat appel notif email")),
    ],
)
def test_add_number_field_errors(
    http: httpx.Client, sb: CliqphoneSandbox, token: str, field: str, value: Any, error: dict[str, str]
) -> None:
    response = call(http, ADD, token, json={"numero": "33187224466", field: value})

    assert response.status_code == 200
    assert response.json() == error
    assert sb.number("33187224466") is None


def test_add_number_hours_must_end_after_they_start(http: httpx.Client, token: str) -> None:
    body = {"numero": "33187224466", "hourDebut": "18:00", "hourFin": "08:00"}
    assert call(http, ADD, token, json=body).json() == ko("0326", "invalid heure")


def test_add_number_dates_must_be_in_order(http: httpx.Client, token: str) -> None:
    body = {"numero": "33187224466", "dateDebut": "2021-03-01", "dateFin": "2021-02-28"}
    assert call(http, ADD, token, json=body).json() == ko("0328", "invalid date")


def test_add_number_end_date_follows_the_sandbox_clock(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    # Today (Paris) is 9 February 2021: ending today is fine, ending yesterday is not.
    assert_ko(call(http, ADD, token, json={"numero": "33187224466", "dateFin": "2021-02-08"}), "0328")
    assert call(http, ADD, token, json={"numero": "33187224466", "dateFin": "09-02-2021"}).json() == OK

    sb.clock.advance(14 * 3600)  # midnight in Paris: now 10 February, the token is still valid
    assert_ko(call(http, ADD, token, json={"numero": "33187224467", "dateFin": "2021-02-09"}), "0328")


def test_add_number_notification_needs_an_email(http: httpx.Client, token: str) -> None:
    body = {"numero": "33187224466", "notificationEmail": True}
    assert call(http, ADD, token, json=body).json() == ko("0314", "invalid etat appel notif email")
    assert call(http, ADD, token, json=body | {"notificationEmail": "false"}).json() == OK


def test_add_number_accepts_the_edit_example_spelling_of_activer_enregistrement(
    http: httpx.Client, sb: CliqphoneSandbox, token: str
) -> None:
    assert_ko(call(http, ADD, token, json={"numero": "33187224466", "activeTnregistrement": "x"}), "0318")
    assert call(http, ADD, token, json={"numero": "33187224466", "activeTnregistrement": True}).json() == OK
    assert owned(sb, "33187224466")["settings"] == {"activerEnregistrement": True}


def test_add_number_uses_a_media_added_by_the_hook(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    media_id = sb.add_media("Introduction Lyon", "MI")
    body = {"numero": "33187224466", "messageIntroduction": media_id}

    assert call(http, ADD, token, json=body).json() == OK
    assert owned(sb, "33187224466")["settings"]["messageIntroduction"] == media_id


@pytest.mark.parametrize(
    ("body", "first_code"),
    [
        ({"numero": "+33", "etat": "x", "code": "x"}, "0305"),
        ({"numero": "33187224465", "repondeur": MI}, "0304"),
        ({"numero": "33187224466", "repondeur": MI, "nomPorteur": "x", "code": "x"}, "0315"),
        ({"numero": "33187224466", "nomPorteur": "x", "sonnerie": "x", "etat": "x"}, "0308"),
        ({"numero": "33187224466", "typeRenvoi": "x", "etat": "x", "activeAppelSortant": "x"}, "0313"),
        ({"numero": "33187224466", "etat": "x", "activeAppelEntrant": "x"}, "0301"),
        ({"numero": "33187224466", "activerEnregistrement": "x", "code": "x", "notificationEmail": "x"}, "0318"),
        ({"numero": "33187224466", "code": "x", "notificationEmail": "x"}, "0307"),
    ],
)
def test_add_number_fields_are_checked_in_the_parameter_table_order(
    http: httpx.Client, token: str, body: dict[str, Any], first_code: str
) -> None:
    assert_ko(call(http, ADD, token, json=body), first_code)


def test_add_number_without_token_changes_nothing(http: httpx.Client, sb: CliqphoneSandbox) -> None:
    assert_ko(call(http, ADD, None, json=FULL), "0003")
    assert sb.number("33187224466") is None


# -- C7 edit a number -------------------------------------------------------------------------------------


def edit(http: httpx.Client, token: str, number_id: int | str, **kwargs: Any) -> httpx.Response:
    return call(http, f"/numeroapi/editnumero/{number_id}", token, **kwargs)


def test_edit_number_changes_only_the_given_fields(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    body = {name: "" for name in FULL} | {"nomPorteur": "Jeanne Dupont", "etat": False, "sonnerie": 30}

    assert edit(http, token, 141, json=body).json() == OK

    row = call(http, LIST, token, json={"numero": "33187224465"}).json()[0]
    assert (row["nomPorteur"], row["etat"], row["info"], row["Compagne"]) == (
        "Jeanne Dupont",
        "Inactif",
        "Standard Paris",
        "Soldes Printemps",
    )
    assert owned(sb, "33187224465")["settings"] == {"sonnerie": 30}


def test_edit_number_with_form_fields(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    form = {"metadata[info]": "Accueil Rennes", "metadata[activeAppelSortant]": "true", "metadata[code]": "fr_02"}

    assert edit(http, token, 143, data=form).json() == OK
    stored = owned(sb, "33298765432")
    assert stored["info"] == "Accueil Rennes" and stored["settings"] == {"activeAppelSortant": True}


def test_edit_number_changes_the_number_itself(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    assert edit(http, token, 141, json={"numero": "33187224465"}).json() == OK  # its own number: no conflict
    assert edit(http, token, 141, json={"numero": "33187224467"}).json() == OK

    assert sb.number("33187224465") is None
    assert owned(sb, "33187224467")["id"] == 141
    assert "33187224467" not in numeros(call(http, AVAILABLE, token, json={"code": "fr_01"}))


def test_edit_number_to_another_owned_number_answers_0304(http: httpx.Client, token: str) -> None:
    assert edit(http, token, 141, json={"numero": "33187224464"}).json() == ko("0304", "invalid Numero existe déjà")


def test_edit_number_takes_the_id_from_the_body_when_the_url_has_none(
    http: httpx.Client, sb: CliqphoneSandbox, token: str
) -> None:
    response = call(http, "/numeroapi/editnumero", token, json={"id": "142", "info": "Fax direction"})

    assert response.json() == OK
    assert owned(sb, "33187224464")["info"] == "Fax direction"


def test_edit_number_url_id_wins_over_the_body_id(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    assert edit(http, token, 142, json={"id": 141, "info": "Fax direction"}).json() == OK
    assert owned(sb, "33187224464")["info"] == "Fax direction"
    assert owned(sb, "33187224465")["info"] == "Standard Paris"


@pytest.mark.parametrize("number_id", ["9999", "abc", "147", "-1"])
def test_edit_number_unknown_or_not_owned_id_answers_0320(http: httpx.Client, token: str, number_id: str) -> None:
    # 147 is a free number of the offer (C4), not one of the company's.
    assert edit(http, token, number_id, json={"info": "x"}).json() == ko("0320", "invalid id")


def test_edit_number_without_any_id_answers_0320(http: httpx.Client, token: str) -> None:
    assert call(http, "/numeroapi/editnumero/", token, json={"info": "x"}).json() == ko("0320", "invalid id")
    assert call(http, "/numeroapi/editnumero", token, json={"info": "x"}).json() == ko("0320", "invalid id")


def test_edit_number_id_is_checked_before_the_fields(http: httpx.Client, token: str) -> None:
    assert_ko(edit(http, token, 9999, json={"numero": "+33"}), "0320")


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("numero", "33-1", "0305"),
        ("repondeur", PB, "0315"),
        ("etat", "Inactif", "0301"),
        ("activerEnregistrement", "x", "0318"),
        ("activeTnregistrement", "x", "0318"),
        ("code", "fr_00", "0307"),
        ("idMessage", 9999, "0329"),
        ("idMessage", "x", "0329"),
    ],
)
def test_edit_number_field_errors(
    http: httpx.Client, sb: CliqphoneSandbox, token: str, field: str, value: Any, code: str
) -> None:
    before = owned(sb, "33187224465")

    assert_ko(edit(http, token, 141, json={field: value}), code)
    assert owned(sb, "33187224465") == before


def test_edit_number_accepts_any_media_as_id_message(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    assert edit(http, token, 141, json={"idMessage": str(MA)}).json() == OK
    assert owned(sb, "33187224465")["settings"] == {"idMessage": MA}


def test_add_number_ignores_id_message(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    # idMessage is only in the §6 table.
    assert call(http, ADD, token, json={"numero": "33187224466", "idMessage": "x"}).json() == OK
    assert owned(sb, "33187224466")["settings"] == {}


def test_edit_number_compares_hours_and_dates_with_the_stored_ones(
    http: httpx.Client, sb: CliqphoneSandbox, token: str
) -> None:
    window = {"hourDebut": "09:00", "hourFin": "17:00", "dateDebut": "2021-02-10", "dateFin": "2021-02-20"}
    assert edit(http, token, 141, json=window).json() == OK

    assert_ko(edit(http, token, 141, json={"hourFin": "08:00"}), "0326")
    assert_ko(edit(http, token, 141, json={"hourDebut": "17:30"}), "0326")
    assert_ko(edit(http, token, 141, json={"dateDebut": "2021-02-21"}), "0328")
    assert edit(http, token, 141, json={"hourDebut": "16:00", "dateDebut": "2021-02-20"}).json() == OK


def test_edit_number_notification_can_use_the_stored_email(http: httpx.Client, token: str) -> None:
    assert_ko(edit(http, token, 141, json={"notificationEmail": True}), "0314")
    assert edit(http, token, 141, json={"emailPorteur": "jean.dupont@example.fr"}).json() == OK
    assert edit(http, token, 141, json={"notificationEmail": True}).json() == OK


def test_edit_number_on_a_number_added_through_the_api(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    assert call(http, ADD, token, json={"numero": "33187224466"}).json() == OK
    number_id = owned(sb, "33187224466")["id"]

    assert edit(http, token, number_id, json={"etat": "true"}).json() == OK
    assert numeros(call(http, LIST, token, json={"etat": True, "code": "fr_01"})) == ["33187224465", "33187224466"]


def test_edit_number_with_an_expired_token_answers_0004(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    sb.clock.advance(24 * 3600)
    assert edit(http, token, 141, json={"info": "x"}).json() == ko("0004", "token expired")


# -- hooks --------------------------------------------------------------------------------------------------


def test_numbers_hook_lists_the_company_numbers(sb: CliqphoneSandbox) -> None:
    listed = sb.numbers()

    assert [entry["numero"] for entry in listed][:2] == ["33187224465", "33187224464"]
    assert all(entry["owned"] for entry in listed)
    assert {entry["numero"] for entry in sb.available_numbers()}.isdisjoint(entry["numero"] for entry in listed)


def test_add_available_number_hook_offers_a_free_number(http: httpx.Client, sb: CliqphoneSandbox, token: str) -> None:
    sb.add_available_number("33299887766", "FR_02", fax=True)

    rows = call(http, AVAILABLE, token, json={"numero": "33299887766"}).json()
    assert [(row["code"], row["type"], row["telephon"]) for row in rows] == [("fr_02", "2", "0")]
    assert call(http, ADD, token, json={"numero": "33299887766"}).json() == OK
    added = call(http, LIST, token, json={"type": "FA", "code": "fr_02"}).json()
    assert [row["numero"] for row in added] == ["33299887766"]
