"""The C4/C5/C6/C7/C8 field rules (handlers.cliqphone.rules): one test per rule, plus properties."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.rules.fields import FieldError, FieldErrors
from handlers.cliqphone.rules import (
    WIRE_NAMES,
    Catalog,
    check_available,
    check_media_filters,
    check_number_filters,
    check_number_settings,
    check_number_type,
    number_warnings,
)

TODAY = date(2026, 3, 10)
CATALOG = Catalog(
    frozenset({"fr_01", "fr_02"}),
    {"228": "MI", "229": "ME", "230": "R", "231": "PB", "232": "MA"},
)


def settings(adding: bool = True, /, **raw: Any) -> dict[str, Any]:
    return check_number_settings(raw, CATALOG, today=TODAY, adding=adding).wire()


def warnings(adding: bool = True, /, **raw: Any) -> str:
    checked = check_number_settings(raw, CATALOG, today=TODAY, adding=adding)
    return "\n".join(number_warnings(checked, today=TODAY, adding=adding))


def errors(adding: bool = True, /, **raw: Any) -> dict[str, str]:
    with pytest.raises(FieldErrors) as caught:
        check_number_settings(raw, CATALOG, today=TODAY, adding=adding)
    # Keyed by the form block each lands under (the wire name); the text names the field as typed (option name).
    return {WIRE_NAMES[e.field or ""]: str(e) for e in caught.value.errors}


@pytest.mark.parametrize(
    "typed",
    ["33187224466", "+33187224466", "0033 1 87 22 44 66", "01 87 22 44 66", "01.87.22.44.66", "+33 1 87 22 44 66"],
)
def test_numero_national_and_international_forms_become_digits(typed: str) -> None:
    assert settings(numero=typed)["numero"] == "33187224466"


def test_numero_in_the_documents_form_is_taken_as_written() -> None:
    # 8–15 digits is the document's whole rule: a range libphonenumber does not know is not refused.
    assert settings(numero="99912345678")["numero"] == "99912345678"


@pytest.mark.parametrize("typed", ["12", "abc", "+33 1 87", "1234567890123456789"])
def test_numero_must_be_a_phone_number(typed: str) -> None:
    assert errors(numero=typed)["numero"].startswith("number: ")


def test_numero_is_required_to_add_but_not_to_edit() -> None:
    assert "number: required" in errors()["numero"]
    assert settings(False, info="x") == {"info": "x"}


def test_blank_values_are_not_given() -> None:
    assert settings(numero="33187224466", info="  ", code=None, jours=[], musicAattente="") == {"numero": "33187224466"}


def test_zone_codes_come_from_the_listing_in_any_case() -> None:
    assert settings(numero="33187224466", code="FR_02")["code"] == "fr_02"
    assert "is not a zone" in errors(numero="33187224466", code="fr_09")["code"]


@pytest.mark.parametrize(("field", "value", "wanted"), [("type", "ren", "Ren"), ("typeRenvoi", "SEQ", "Seq")])
def test_forwarding_choices_are_canonical(field: str, value: str, wanted: str) -> None:
    assert settings(numero="33187224466", **{field: value})[field] == wanted


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("type", "Fax", "handling: there is no call handling named `Fax`"),
        ("typeRenvoi", "Random", "forward_mode: there is no forwarding mode named `Random`"),
        ("type", "forwrd", "did you mean `forward`?"),
        ("typeRenvoi", "one-after-anther", "did you mean `one-after-another`?"),
    ],
)
def test_forwarding_choices_are_checked(field: str, value: str, problem: str) -> None:
    assert problem in errors(numero="33187224466", **{field: value})[field]


@pytest.mark.parametrize(
    ("field", "typed", "code"),
    [
        ("type", "answering-machine", "Rep"),
        ("type", "Forward", "Ren"),
        ("type", "répondeur", "Rep"),
        ("type", "RENVOI", "Ren"),
        ("typeRenvoi", "all-at-once", "Par"),
        ("typeRenvoi", "One-After-Another", "Seq"),
        ("typeRenvoi", "parallele", "Par"),
        ("typeRenvoi", "séquentiel", "Seq"),
    ],
)
def test_forwarding_choices_are_read_in_words_and_sent_as_codes(field: str, typed: str, code: str) -> None:
    assert settings(numero="33187224466", **{field: typed})[field] == code


def test_forwarding_number_is_normalised_and_checked() -> None:
    assert settings(numero="33187224466", numRenvoi="06 12 34 56 78")["numRenvoi"] == "33612345678"
    assert errors(numero="33187224466", numRenvoi="+33 6 12")["numRenvoi"].startswith("forward_to: ")
    # §5 says only "integer": a short number (an extension) is sent, with a warning (was refused).
    assert settings(numero="33187224466", numRenvoi="0612")["numRenvoi"] == "0612"
    assert "forward_to: 0612 has fewer than 8 digits" in warnings(numero="33187224466", numRenvoi="0612")


def test_hours_are_hours_and_a_window_out_of_order_is_only_warned() -> None:
    assert settings(numero="33187224466", hourDebut="9h", hourFin="18:30") | {} == {
        "numero": "33187224466",
        "hourDebut": "09:00",
        "hourFin": "18:30",
    }
    assert warnings(numero="33187224466", hourDebut="9h", hourFin="18:30") == ""
    # §5 says only "Time": a window across midnight is the vendor's to refuse (it was a local refusal).
    assert settings(numero="33187224466", hourDebut="22:00", hourFin="06:00")["hourFin"] == "06:00"
    assert "until: 06:00 is not after from=22:00" in warnings(numero="33187224466", hourDebut="22:00", hourFin="06:00")
    assert "`25:00` is not a time of day" in errors(numero="33187224466", hourDebut="25:00")["hourDebut"]


@pytest.mark.parametrize(
    ("given_days", "sent"),
    [
        (["All"], "All"),
        (["Ve", "lu"], "Lu,Ve"),
        ("Ma, Me", "Ma,Me"),
        ("Di", "Di"),
        ("mon,tue", "Lu,Ma"),
        ("Friday MONDAY", "Lu,Ve"),
        ("lundi, Mercredi", "Lu,Me"),
        ("sam dim", "Sa,Di"),
        ("jeu,vendredi", "Je,Ve"),
        ("all", "All"),
        ("tous", "All"),
    ],
)
def test_days_are_all_or_distinct_days(given_days: Any, sent: str) -> None:
    assert settings(numero="33187224466", jours=given_days)["jours"] == sent


@pytest.mark.parametrize(
    ("given_days", "problem"),
    [
        (["All", "Lu"], "already means every day"),
        (["Lu", "Lu"], "given twice"),
        ("mon,lundi", "given twice"),
        ("Mo", "days: there is no day named `Mo`"),
        ("mecredi", "did you mean `mercredi`?"),
    ],
)
def test_bad_days_are_refused(given_days: Any, problem: str) -> None:
    assert problem in errors(numero="33187224466", jours=given_days)["jours"]


def test_dates_must_exist_and_a_past_or_reversed_period_is_only_warned() -> None:
    sent = settings(numero="33187224466", dateDebut="01/04/2026", dateFin="2026-04-30")
    assert (sent["dateDebut"], sent["dateFin"]) == ("2026-04-01", "2026-04-30")
    # §5 says only "date": the order and the past are the vendor's to refuse (they were local refusals).
    assert "forward_until: 2026-04-30 is before forward_from=2026-05-01" in warnings(
        numero="33187224466", dateDebut="2026-05-01", dateFin="2026-04-30"
    )
    assert settings(numero="33187224466", dateFin="2026-03-09")["dateFin"] == "2026-03-09"
    assert "in the past" in warnings(numero="33187224466", dateFin="2026-03-09")
    assert warnings(numero="33187224466", dateFin="2026-03-10") == ""
    assert "`2026-02-30` is not a day that exists" in errors(numero="33187224466", dateDebut="2026-02-30")["dateDebut"]


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("24/12", "2026-12-24"),  # without a year, the next one (today is 10 March 2026)
        ("01/03", "2027-03-01"),
        ("24/12/2027", "2027-12-24"),
        ("demain", "2026-03-11"),
        ("lundi prochain", "2026-03-16"),
        ("2026-04-01", "2026-04-01"),  # the date picker's form
    ],
)
def test_forwarding_days_as_typed(typed: str, sent: str) -> None:
    assert settings(numero="33187224466", dateDebut=typed)["dateDebut"] == sent


@pytest.mark.parametrize(("typed", "sent"), [("9h", "09:00"), ("9h30", "09:30"), ("14h", "14:00"), ("09:00", "09:00")])
def test_hours_as_typed(typed: str, sent: str) -> None:
    assert settings(numero="33187224466", hourDebut=typed)["hourDebut"] == sent


@pytest.mark.parametrize("field", ["etat", "activeAppelEntrant", "activeAppelSortant", "activerEnregistrement"])
def test_booleans(field: str) -> None:
    assert settings(numero="33187224466", **{field: "oui"})[field] is True
    assert settings(numero="33187224466", **{field: "false"})[field] is False
    assert "is not yes or no" in errors(numero="33187224466", **{field: "peut-être"})[field]


def test_notification_email_without_an_address_is_only_warned() -> None:
    # §5 "notificationEmail … true/false" ties it to no address: the vendor decides (was a local refusal).
    assert settings(numero="33187224466", notificationEmail="true")["notificationEmail"] is True
    assert "email_notifications: yes without a holder_email" in warnings(numero="33187224466", notificationEmail="true")
    sent = settings(numero="33187224466", notificationEmail="true", emailPorteur="ada@example.fr")
    assert sent["notificationEmail"] is True and sent["emailPorteur"] == "ada@example.fr"
    assert settings(False, notificationEmail="true") == {"notificationEmail": True}
    assert "is not a valid e-mail address" in errors(numero="33187224466", emailPorteur="ada@")["emailPorteur"]


def test_holder_name_length_and_ring_time_range_are_warnings_not_gates() -> None:
    # §5: nomPorteur "String" and sonnerie "integer", no bounds (they were local refusals).
    assert settings(numero="33187224466", nomPorteur="A")["nomPorteur"] == "A"
    assert "holder: 1 characters" in warnings(numero="33187224466", nomPorteur="A")
    assert "holder: 21 characters" in warnings(numero="33187224466", nomPorteur="A" * 21)
    assert warnings(numero="33187224466", nomPorteur="Ada", sonnerie="120") == ""
    assert settings(numero="33187224466", sonnerie="300")["sonnerie"] == 300
    assert "ring: 300 s is an unusual ring time" in warnings(numero="33187224466", sonnerie="300")
    assert "is not a whole number" in errors(numero="33187224466", sonnerie="vingt")["sonnerie"]
    assert "out of range" in errors(numero="33187224466", sonnerie="-1")["sonnerie"]


@pytest.mark.parametrize(
    ("field", "good", "bad"),
    [
        ("messageIntroduction", "228", "229"),
        ("messageEnregistrement", "229", "228"),
        ("musicAattente", "232", "231"),
        ("playback", "231", "232"),
        ("repondeur", "230", "228"),
    ],
)
def test_media_must_exist_and_be_of_the_fields_type(field: str, good: str, bad: str) -> None:
    assert settings(numero="33187224466", **{field: good})[field] == int(good)
    assert "not " in errors(numero="33187224466", **{field: bad})[field]
    assert "no media has id 999" in errors(numero="33187224466", **{field: "999"})[field]


def test_id_message_is_for_edits_only() -> None:
    assert "only an edit" in errors(numero="33187224466", idMessage="3")["idMessage"]
    assert settings(False, idMessage="3") == {"idMessage": 3}


def test_every_failure_is_reported_at_once() -> None:
    found = errors(numero="1", sonnerie="x", jours="Xx", etat="?")
    assert set(found) == {"numero", "sonnerie", "jours", "etat"}


def test_listing_filters_are_read_by_their_english_names_and_sent_under_the_documents() -> None:
    assert check_number_filters({"zone": "FR_01", "active": "non", "type": "fa", "number": "8722"}).model_dump(
        exclude_none=True
    ) == {"code": "fr_01", "etat": False, "type": "FA", "numero": "8722"}
    assert check_media_filters({"type": "ma", "name": " jazz "}).model_dump(exclude_none=True) == {
        "type": "MA",
        "nom": "jazz",
    }
    assert check_available("fr_01", "") == ("fr_01", None)
    with pytest.raises(FieldErrors):
        check_number_filters({"holder": "x" * 21})


@pytest.mark.parametrize(("typed", "code"), [("phone", "TE"), ("Fax", "FA"), ("TE", "TE"), ("fa", "FA"), ("FAX", "FA")])
def test_a_number_type_is_phone_or_fax_with_the_vendors_codes_read_too(typed: str, code: str) -> None:
    assert check_number_type("type", typed) == code


def test_a_mistyped_number_type_offers_the_one_meant() -> None:
    with pytest.raises(FieldError, match="did you mean `phone`"):
        check_number_type("type", "phon")


def sent_numero(typed: str) -> str | None:
    """The numero sent for ``typed``, or None when it is refused, and then under numero alone."""
    try:
        sent = settings(numero=typed)["numero"]
    except FieldErrors as refused:
        assert [e.field for e in refused.errors] == ["number"]
        return None
    assert isinstance(sent, str)
    return sent


@given(st.from_regex(r"0[1-5][0-9]{8}", fullmatch=True))
def test_property_a_national_landline_is_sent_as_33_and_its_nine_digits(national: str) -> None:
    # Refused only when the numbering plan has no such number (sent_numero: then under numero).
    sent = sent_numero(national)
    assert sent is None or sent == "33" + national[1:]


@given(st.text(max_size=30))
def test_property_any_text_is_either_valid_digits_or_a_numero_error(typed: str) -> None:
    sent = sent_numero(typed)
    assert sent is None or re.fullmatch(r"[0-9]{8,15}", sent)
