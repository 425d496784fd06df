"""Axialys input rules: each rule, its message naming the field, and properties of the normalisers."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.timezone import PARIS
from bot.rules.fields import FieldError, FieldErrors
from bot.rules.grammar import parse_yes_no
from bot.rules.phones import parse_phone
from handlers.axialys.call_input import check_call_input
from handlers.axialys.popup_settings import check_popup_settings
from handlers.axialys.rules import (
    DAYS,
    check_day,
    check_destination_codes,
    check_digits,
    check_file,
    check_id_popup,
    check_label,
    check_name_field,
    check_ordering,
    check_registration,
    check_slot,
    destination_candidates,
    destination_type,
    size_warning,
)

NOW = datetime(2026, 12, 5, 11, 40, tzinfo=PARIS)  # a Saturday


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (lambda: check_name_field("group", "ma liste"), "group: `ma liste` is not allowed"),
        (lambda: check_ordering("ordering", "LIFO"), "ordering: `LIFO` is not one of FIXE, RANDOM, TOURNANTE"),
        (lambda: parse_yes_no("record", "peut-être"), "record: `peut-être` is not yes or no"),
        (lambda: check_digits("client_number", "08-20"), "client_number: `08-20` is not a number made of digits"),
        (lambda: check_id_popup("popup", "1001"), "popup: 1001 is out of range"),
        (lambda: check_label("usr1", "x" * 33), "usr1: 33 characters, the limit is 32"),
        (lambda: check_label("name", "a;b"), "name: `;` is not allowed"),
        (lambda: check_day("days", "ma"), "days: `ma` is not a day of the week"),
        (lambda: check_slot("day", "lundi", "hours", "9:00"), "hours: `9:00` is not a time range"),
        (lambda: check_slot("day", "lundi", "hours", "12:00-09:00"), "hours end: 09:00 is not after"),
        (
            lambda: check_destination_codes("destinations", ["FRA_Fixe"]),
            "destinations: `FRA_Fixe` is not a destination",
        ),
        (lambda: check_destination_codes("destinations", []), "destinations: at least one destination is needed"),
        (lambda: check_file("file", "css_popup", "style.txt", 10), "file: a css_popup file must be css, not .txt"),
        (lambda: check_file("file", "son_internaute", "mon son.wav", 10), "file: `mon son.wav` is not a name"),
        (lambda: check_file("file", "son_internaute", "a.wav", 0), "file: a.wav is empty"),
        (lambda: check_registration("since", "2026-13-01T00:00", now=NOW), "since: `2026-13-01` is not a day that"),
        (lambda: check_registration("until", "bientôt", now=NOW), "until: `bientôt` is not a date and time"),
    ],
)
def test_each_rule_names_its_field(check: object, message: str) -> None:
    with pytest.raises(FieldError) as caught:
        check()  # type: ignore[operator]
    assert message in str(caught.value)


def test_accepted_forms() -> None:
    assert check_day("d", "Monday") == "lundi" and check_day("d", "mer") == "mercredi"
    assert check_slot("day", "vendredi", "hours", "9h-12h30") == ("vendredi", "09:00", "12:30")
    assert check_file("file", "entete_popup", "logo.JPG", 10) == "logo.jpg"
    # Typed in Paris time, sent in UTC as the document writes it; a day alone is the whole day.
    assert check_registration("since", "2026-11-01", now=NOW) == "2026-10-31T23:00"
    assert check_registration("until", "2026-11-01", now=NOW, last=True) == "2026-11-01T22:59"
    assert check_registration("since", "hier 8h", now=NOW) == "2026-12-04T07:00"
    assert check_registration("since", "01/11/2026 08:00", now=NOW) == "2026-11-01T07:00"
    assert check_registration("since", "2026-07-01T08:00", now=NOW) == "2026-07-01T06:00"  # summer time
    assert check_ordering("o", "tournante") == "TOURNANTE"


def test_a_call_lists_every_bad_field_at_once() -> None:
    with pytest.raises(FieldErrors) as caught:
        check_call_input({"number": "abc", "retries": "10", "max": "9", "delay": "1001", "usr2": "y" * 40})
    assert {e.field for e in caught.value.errors} == {"number", "retries", "max", "delay", "usr2"}


def test_a_valid_call_is_normalised() -> None:
    call = check_call_input({"number": "06 12 34 56 78", "record": "oui", "retries": "0", "popup": "77"})
    assert (call.number, call.record, call.retries, call.popup) == ("+33612345678", True, 0, "77")


def test_popup_settings_use_the_document_names() -> None:
    settings = check_popup_settings({"name": "Salon", "closed": "astreinte", "show_name": ["1"]}, require_name=True)
    # Both spellings the document uses (§1 ferm_dest, §4 ferme_dest), same value (issue 10).
    assert settings.query() == {
        "nom_popup": "Salon",
        "ferm_dest": "astreinte",
        "ferme_dest": "astreinte",
        "afficher_nom": "1",
    }
    with pytest.raises(FieldErrors) as caught:
        check_popup_settings({"voice": "x", "locale": "de"}, require_name=True)
    assert {e.field for e in caught.value.errors} == {"name", "voice", "locale"}


@given(st.sampled_from(["fr", "BE", "De", "gb"]), st.sampled_from(["fixe", "MOBILE", "Fixe", "mObIlE"]))
def test_destination_codes_are_normalised_whatever_the_case(country: str, kind: str) -> None:
    [code] = check_destination_codes("d", [f"{country}_{kind}"])
    assert code == f"{country.upper()}_{kind.capitalize()}"
    assert check_destination_codes("d", [code, code.lower()]) == [code]


@given(st.integers(min_value=10_000_000, max_value=29_999_999), st.sampled_from(["6", "1", "2", "3", "4", "5"]))
def test_french_numbers_become_digits_and_a_destination(tail: int, lead: str) -> None:
    phone = parse_phone("number", f"0{lead} {tail}")
    assert phone.digits == f"33{lead}{tail}"
    kind = destination_type(phone)
    assert kind.code == ("FR_Mobile" if lead == "6" else "FR_Fixe")
    assert kind.matches(kind.label.upper()) and kind.matches(kind.code)


@given(st.sampled_from(DAYS))
def test_every_weekday_is_accepted_in_any_case(day: str) -> None:
    assert check_day("d", day) == day and check_day("d", day.upper()) == day


def test_a_number_that_may_be_fixed_or_mobile_has_both_destinations() -> None:
    us = parse_phone("number", "+12015550123")
    assert [d.code for d in destination_candidates(us)] == ["US_Mobile", "US_Fixe"]
    assert [d.code for d in destination_candidates(parse_phone("number", "0612345678"))] == ["FR_Mobile"]


def test_a_large_file_is_not_refused_but_warned_about() -> None:
    """Changed (issue 10): the 5 MiB limit was the sandbox's, not the document's; Axialys decides."""
    assert check_file("file", "entete_popup", "a.png", 6 * 1024 * 1024) == "a.png"
    assert size_warning("a.png", 6 * 1024 * 1024) == (
        "a.png is 6,291,456 bytes, more than 5,242,880: Axialys may refuse a file that large"
    )
    assert size_warning("a.png", 5 * 1024 * 1024) is None
