"""Shared field checks: each rule with the message a user gets."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.errors import UserError
from bot.rules.fields import (
    FieldError,
    FieldErrors,
    check_choice,
    check_email,
    check_int,
    check_ipv4,
    check_length,
    collect,
)
from bot.rules.phones import parse_phone

NOW = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)  # 19:00 in Paris


@pytest.mark.parametrize(
    ("raw", "e164", "kind"),
    [
        ("06 12 34 56 78", "+33612345678", "mobile"),
        ("06.12.34.56.78", "+33612345678", "mobile"),
        ("+33 6 12 34 56 78", "+33612345678", "mobile"),
        ("0033612345678", "+33612345678", "mobile"),
        ("33612345678", "+33612345678", "mobile"),
        ("01 70 20 02 58", "+33170200258", "fixed"),
        ("+32 470 12 34 56", "+32470123456", "mobile"),
    ],
)
def test_phone_forms(raw: str, e164: str, kind: str) -> None:
    phone = parse_phone("to", raw)
    assert (phone.e164, phone.kind) == (e164, kind)
    assert phone.digits == e164[1:]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "a phone number is required"),
        ("06 12 ab", "is not a phone number"),
        ("0612", "too short"),
        ("+3361234567812345678", "too long"),
        ("00999123456789", "not a valid number in its country"),
        ("06 12 34 56 7", "not a valid FR number"),
    ],
)
def test_phone_errors_say_why(raw: str, message: str) -> None:
    with pytest.raises(FieldError, match=message):
        parse_phone("to", raw)


def test_mobile_required() -> None:
    with pytest.raises(FieldError, match="is a fixed number, a mobile is needed"):
        parse_phone("to", "01 70 20 02 58", mobile_only=True)


@given(st.text(max_size=30))
def test_phone_parsing_never_crashes(raw: str) -> None:
    with contextlib.suppress(FieldError):
        parse_phone("to", raw)


def test_lengths_ints_choices() -> None:
    assert check_length("name", "  Lyon ", minimum=1, maximum=10) == "Lyon"
    with pytest.raises(FieldError, match="text: 1,204 characters, the limit is 1,000"):
        check_length("text", "x" * 1204, maximum=1000)
    with pytest.raises(FieldError, match="name: required"):
        check_length("name", " ", minimum=1)
    assert check_int("delay", "30", minimum=10, maximum=1000) == 30
    with pytest.raises(FieldError, match=r"5 is out of range.*from 10 to 1000"):
        check_int("delay", "5", minimum=10, maximum=1000)
    with pytest.raises(FieldError, match="is not a whole number"):
        check_int("delay", "3.5")
    assert check_choice("mode", "fixe", ["FIXE", "RANDOM", "TOURNANTE"]) == "FIXE"
    with pytest.raises(FieldError, match="is not one of FIXE, RANDOM, TOURNANTE"):
        check_choice("mode", "SOMETIMES", ["FIXE", "RANDOM", "TOURNANTE"])


def test_email_and_ip() -> None:
    assert check_email("email", " Jeanne@Example.fr") == "Jeanne@example.fr"
    with pytest.raises(FieldError, match="not a valid e-mail address"):
        check_email("email", "jeanne@")
    assert check_ipv4("ip", "192.168.0.1") == "192.168.0.1"
    with pytest.raises(FieldError, match="not an IPv4 address"):
        check_ipv4("ip", "300.1.1.1")


def test_collect_reports_every_failure() -> None:
    with pytest.raises(FieldErrors) as caught:
        collect(lambda: check_int("a", "x"), lambda: check_email("b", "no"), lambda: check_int("c", "3"))
    assert [e.field for e in caught.value.errors] == ["a", "b"]
    assert set(caught.value.as_modal_errors({"a": "block_a"})) == {"block_a", "b"}


def test_a_hint_follows_a_question_without_a_stray_full_stop() -> None:
    assert str(UserError("there is no group named `suport`: did you mean `Support`?", hint="or create it")) == (
        "there is no group named `suport`: did you mean `Support`? or create it"
    )
    assert str(UserError("id: required", hint="give the id")) == "id: required. give the id"
