"""The one command grammar (positional words, key=value options, free text) and the one yes/no reading."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.rules.fields import FieldError
from bot.rules.grammar import OptionsError, only_options, parse_command_line, parse_options, parse_yes_no


def test_options_come_before_free_text() -> None:
    options, rest = parse_options('at="2026-12-01 09:00" from=RELAIS Bonjour ! a=b')
    assert options == {"at": "2026-12-01 09:00", "from": "RELAIS"}
    assert rest == "Bonjour ! a=b"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('at="2026-12-01', "the quote is not closed"),
        ("x=1 x=2 hi", "given twice"),
        ("colour=red hi", "unknown option; known options are at, from"),
    ],
)
def test_bad_options_say_what_to_do(text: str, message: str) -> None:
    with pytest.raises(OptionsError, match=message):
        parse_options(text, known={"at", "from", "x"} if "x=" in text else {"at", "from"})


def test_positional_words_then_options_then_free_text() -> None:
    line = parse_command_line('operators add Support 0623456789 name="Léa Martin" rest of it', positional=4)
    assert line.positional == ["operators", "add", "Support", "0623456789"]
    assert line.options == {"name": "Léa Martin"}
    assert line.text == "rest of it"


def test_fewer_positional_words_than_allowed_leave_options_and_text() -> None:
    line = parse_command_line("list numero=33187224466", positional=2)
    assert line.positional == ["list"] and line.options == {"numero": "33187224466"} and line.text == ""


def test_a_quoted_positional_word_keeps_its_blanks() -> None:
    assert parse_command_line('"Service client" 0612345678', positional=2).positional == [
        "Service client",
        "0612345678",
    ]


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("at=“10/12/2026 09:00”", "10/12/2026 09:00"),  # Slack on a Mac
        ("at=«10/12/2026 09:00»", "10/12/2026 09:00"),
        ("at=‘demain 9h’", "demain 9h"),
        ("at='demain 9h'", "demain 9h"),
        ('at="demain 9h”', "demain 9h"),  # a pair mixed by an editor
    ],
)
def test_curly_and_straight_quotes_all_quote_a_value(typed: str, value: str) -> None:
    assert parse_options(typed + " Bonjour") == ({"at": value}, "Bonjour")


def test_an_apostrophe_inside_a_word_is_a_letter() -> None:
    assert parse_options("name=O'Brien L'offre d'été") == ({"name": "O'Brien"}, "L'offre d'été")
    assert parse_options("name=\"L'offre d'été\" x") == ({"name": "L'offre d'été"}, "x")
    assert parse_options("name=O’Brien") == ({"name": "O’Brien"}, "")


def test_free_text_is_kept_as_typed() -> None:
    assert parse_options("from=RELAIS   Bonjour,\n  à   demain = ok")[1] == "Bonjour,\n  à   demain = ok"


def test_option_names_match_whatever_their_case_and_keep_the_known_spelling() -> None:
    assert parse_options("FROM=RELAIS x", known={"from"}) == ({"from": "RELAIS"}, "x")
    assert parse_options("Bringup=oui", known={"BRINGUP"}) == ({"BRINGUP": "oui"}, "")


def test_a_mistyped_option_name_is_refused_with_the_one_meant() -> None:
    with pytest.raises(OptionsError, match=r"form: unknown option \(did you mean `from`\?\)"):
        parse_options("form=RELAIS Bonjour", known={"from", "at"})


def test_only_options_refuses_anything_else_with_an_example() -> None:
    assert only_options("a=1 b=2", example="a=1") == {"a": "1", "b": "2"}
    with pytest.raises(OptionsError, match="is not a key=value pair") as caught:
        only_options("a=1 oops", example="a=1")
    assert "e.g. `a=1`" in (caught.value.hint or "")


@given(st.text(max_size=60))
def test_any_text_is_read_or_refused_in_words_never_crashes(text: str) -> None:
    try:
        line = parse_command_line(text, positional=2, known={"at", "from"})
    except OptionsError as exc:
        assert str(exc)
    else:
        assert line.text == line.text.strip()


@pytest.mark.parametrize("word", ["yes", "Y", "oui", "O", "true", "vrai", "1", "on", " YES "])
def test_yes_in_french_and_english(word: str) -> None:
    assert parse_yes_no("flash", word) is True


@pytest.mark.parametrize("word", ["no", "n", "NON", "false", "faux", "0", "off"])
def test_no_in_french_and_english(word: str) -> None:
    assert parse_yes_no("flash", word) is False


def test_anything_else_is_refused_naming_the_field_and_the_words() -> None:
    with pytest.raises(FieldError, match="flash: `peut-être` is not yes or no"):
        parse_yes_no("flash", "peut-être")
    assert parse_yes_no("flash", "  ", empty=False) is False
    with pytest.raises(FieldError):
        parse_yes_no("flash", "")


# -- aliases: the vendor's wire names read as the English option they stand for -------------------
_FILTERS = {"active", "holder", "type"}
_WIRE = {"etat": "active", "porteur": "holder", "nomPorteur": "holder"}


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("active=yes", {"active": "yes"}),
        ("etat=true", {"active": "true"}),
        ("ETAT=true", {"active": "true"}),
        ("porteur=Dupont type=FA", {"holder": "Dupont", "type": "FA"}),
        ("nomporteur=Dupont", {"holder": "Dupont"}),
        ("Holder=Dupont", {"holder": "Dupont"}),
    ],
)
def test_an_alias_is_read_as_the_option_it_stands_for(text: str, read: dict[str, str]) -> None:
    assert only_options(text, _FILTERS, example="active=yes", aliases=_WIRE) == read


def test_an_option_and_its_alias_together_are_given_twice() -> None:
    with pytest.raises(OptionsError, match=r"holder: given twice \(`porteur=` is `holder=`\)"):
        only_options("holder=A porteur=B", _FILTERS, example="holder=A", aliases=_WIRE)


def test_a_typo_of_an_alias_offers_the_english_option() -> None:
    with pytest.raises(
        OptionsError,
        match=r"porter: unknown option \(did you mean `holder`\?\); known options are active, holder, type",
    ):
        only_options("porter=A", _FILTERS, example="holder=A", aliases=_WIRE)


def test_an_alias_of_no_known_option_is_a_declaration_bug() -> None:
    with pytest.raises(ValueError, match="no known option"):
        only_options("x=1", {"a"}, example="a=1", aliases={"x": "b"})
