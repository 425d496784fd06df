"""Recipient lists: positions and reasons of invalid entries, duplicates, files, and the fast path's exactness."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.rules.fields import FieldError
from bot.rules.phones import parse_phone
from bot.rules.recipients import (
    MAX_RECIPIENTS,
    entries_from_file,
    fast_phone,
    is_landline,
    leading_recipients,
    numbers_in_text,
    parse_email_list,
    parse_phone_list,
    split_entries,
)

DIGITS = "0123456789"
# The measured-facts pitfalls: 0639…, 0690–0697 (overseas), 0700–0729 (unallocated), 08…, short inputs.
PITFALL_PREFIXES = ["639", "690", "691", "694", "697", "700", "715", "729", "73", "6", "7", "1", "2", "3", "4", "5"]
PITFALL_PREFIXES += ["8", "836", "8360", "8364", "9", "80", "89"]


def _answer(raw: str, parse: object) -> tuple[str, str, str] | str:
    try:
        phone = parse(raw)  # type: ignore[operator]
    except FieldError as exc:
        return f"error: {exc}"
    return (phone.e164, phone.region, phone.kind)


@st.composite
def french_forms(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(PITFALL_PREFIXES))
    length = draw(st.sampled_from([9, 9, 9, 8, 10]))
    nsn = (prefix + draw(st.text(DIGITS, min_size=length, max_size=length)))[:length]
    form = draw(st.sampled_from(["0{}", "+33{}", "0033{}", "33{}", "+33 {}", "{}", "+330{}"]))
    text = form.format(nsn)
    if draw(st.booleans()):
        text = " ".join(text[i : i + 2] for i in range(0, len(text), 2))
    return text


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(french_forms())
def test_the_fast_path_gives_exactly_parse_phones_answers(raw: str) -> None:
    assert _answer(raw, fast_phone) == _answer(raw, lambda r: parse_phone("recipients", r))


@settings(max_examples=500, deadline=None)
@given(st.text(DIGITS + "+ .-()", max_size=20))
def test_the_fast_path_agrees_on_arbitrary_input(raw: str) -> None:
    assert _answer(raw, fast_phone) == _answer(raw, lambda r: parse_phone("recipients", r))


def test_positions_reasons_and_duplicates() -> None:
    result = parse_phone_list(split_entries("06 12 34 56 78; +33612345678\n0639123456, abc ,0033698765432"))
    assert result.valid == ["+33612345678", "+33698765432"]
    assert result.duplicates == 1
    assert [(e.position, e.raw) for e in result.invalid] == [(3, "0639123456"), (4, "abc")]
    assert "not a valid FR number" in result.invalid[0].reason
    kept = parse_phone_list(["0612345678", "+33612345678"], keep_duplicates=True)
    assert kept.valid == ["+33612345678", "+33612345678"] and kept.duplicates == 1


def test_files_pick_the_phone_column_and_count_lines() -> None:
    content = "Nom;Téléphone\nDupont;06 12 34 56 78\nMartin;0639\n".encode("cp1252")
    assert entries_from_file(content, "phone") == [(2, "06 12 34 56 78"), (3, "0639")]
    assert entries_from_file(b"0612345678\n0698765432\n", "phone") == [(1, "0612345678"), (2, "0698765432")]
    mails = entries_from_file(b"name,email\nA,a@example.fr\n", "email")
    assert mails == [(2, "a@example.fr")]


def test_emails_are_checked_and_deduplicated_case_insensitively() -> None:
    result = parse_email_list(["Jeanne@Example.fr", "jeanne@example.fr", "nope"])
    assert len(result.valid) == 1 and result.duplicates == 1 and result.invalid[0].position == 3


def test_landlines_and_the_limit() -> None:
    assert is_landline("+33145678901") and is_landline("+33912345678") and not is_landline("+33612345678")
    with pytest.raises(FieldError, match="more than 100,000 recipients"):
        parse_phone_list(["0612345678"] * (MAX_RECIPIENTS + 1))


@pytest.mark.parametrize(
    ("text", "recipients", "rest"),
    [
        ("0612345678 Bonjour", "0612345678", "Bonjour"),
        (
            "0612345678, 0698765432, +33612345679 at=tomorrow Hi",
            "0612345678, 0698765432, +33612345679",
            "at=tomorrow Hi",
        ),
        ("06 12 34 56 78 Bonjour", "0612345678", "Bonjour"),
        ("+33 6 12 34 56 78,0698765432 Bonjour", "+33612345678, 0698765432", "Bonjour"),
        ("0033 6 12 34 56 78 Salut", "0033612345678", "Salut"),
        ("0612345678 ;0612345679 Salut", "0612345678, 0612345679", "Salut"),
        ("0612345678 0698765432 Bonjour à tous", "0612345678, 0698765432", "Bonjour à tous"),  # blanks separate
        ("0612345678, Bonjour tout le monde", "0612345678", "Bonjour tout le monde"),  # a trailing comma
        ("0612345678, 12345, Hi", "0612345678, 12345", "Hi"),  # after a comma: reported later as invalid
        ("0612345678 2 for 1", "0612345678", "2 for 1"),  # a short number without a comma is text
        # French digit groups split into whole numbers (issue 12: this was one recipient and "06 98 …" text).
        ("06 12 34 56 78 06 98 76 54 32 Bonjour", "0612345678, 0698765432", "Bonjour"),
        ("0612345678 06 98 76 54 32 Bonjour", "0612345678, 0698765432", "Bonjour"),
        ("+33 6 12 34 56 78 07 11 22 33 44 Salut", "+33612345678, 0711223344", "Salut"),
        ("0612345678 06 12 Bonjour", "0612345678", "06 12 Bonjour"),  # not a whole number: text
        ("+4312345678 3 jours de retard", "+4312345678", "3 jours de retard"),  # other lengths vary: no groups
        ("a@b.fr, c@d.fr subject=Hi Hello", "a@b.fr, c@d.fr", "subject=Hi Hello"),
        ("a@b.fr c@d.fr Hello", "a@b.fr, c@d.fr", "Hello"),
        ("12345  Hi  there", "12345", "Hi  there"),
        ("", "", ""),
    ],
)
def test_leading_recipients_are_split_from_the_text(text: str, recipients: str, rest: str) -> None:
    assert leading_recipients(text) == (recipients, rest)


def test_pasted_entries_may_be_separated_by_blanks_and_nothing_is_dropped() -> None:
    pasted = "06 12 34 56 78\n0612345679 0698765432; a@b.fr c@d.fr, 0612345670 merci"
    assert split_entries(pasted) == [
        "0612345678",
        "0612345679",
        "0698765432",
        "a@b.fr",
        "c@d.fr",
        "0612345670",
        "merci",  # not a recipient: kept, to be reported as invalid
    ]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("06 12 Bonjour", ["06 12"]),  # digit groups opening the text: a number cut short
        ("Appelez le 01 45 67 89 01 demain", ["01 45 67 89 01"]),
        ("Bonjour +33 6 12 34 56 78 !", ["+33 6 12 34 56 78"]),
        ("Code 1234, RDV 10/12 à 9h", []),
        ("2 places restantes", []),
    ],
)
def test_numbers_in_a_message_are_found_as_written(text: str, numbers: list[str]) -> None:
    assert numbers_in_text(text) == numbers
