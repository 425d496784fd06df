"""CSV exports: what `… export` reads, and the file Excel opens."""

from __future__ import annotations

import csv
import io

import pytest

from bot.core.errors import UserError
from bot.slack.exports import BOM, ExportRequest, csv_bytes, read_separator, separator_for, take_export


@pytest.mark.parametrize(
    ("typed", "rest", "separator"),
    [
        ("export", "", None),
        ("20 export", "20", None),
        ("20 EXPORT", "20", None),
        ("20 export sep=;", "20", ";"),
        ("20 sep=; export", "20", ";"),
        ("from=01/12 export sep=semicolon", "from=01/12", ";"),
        ("export sep=tab", "", "\t"),
        ('export separator=","', "", ","),
        ("status=failed csv", "status=failed", None),
    ],
)
def test_export_is_read_from_the_last_words(typed: str, rest: str, separator: str | None) -> None:
    assert take_export(typed) == (rest, ExportRequest(separator))


@pytest.mark.parametrize("typed", ["", "20", "export 20", "Export des données", "sep=;"])
def test_a_line_without_a_trailing_export_is_left_as_it_was(typed: str) -> None:
    assert take_export(typed) == (typed, None)


def test_an_unknown_separator_names_the_option_and_what_to_type() -> None:
    with pytest.raises(UserError) as caught:
        take_export("export sep=|")
    assert "sep: `|` is not a separator" in str(caught.value)
    assert "sep=;" in str(caught.value)


def test_french_speakers_get_semicolons_unless_they_ask() -> None:
    assert separator_for("fr") == ";"
    assert separator_for("en") == ","
    assert separator_for("fr", ",") == ","
    assert read_separator("Point-Virgule") == ";"


def test_the_file_opens_in_excel_with_accents_and_separators_kept() -> None:
    content = csv_bytes(["nom", "note"], [["Hélène", "a;b"], ["Zoé", None]], separator=";")
    assert content.startswith(BOM.encode("utf-8"))
    text = content.decode("utf-8")[1:]
    assert "\r\n" in text
    assert list(csv.reader(io.StringIO(text), delimiter=";")) == [["nom", "note"], ["Hélène", "a;b"], ["Zoé", ""]]
