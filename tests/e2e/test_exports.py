"""Listings leave Slack as CSV files: `… export` and the Export CSV button, through signed requests."""

from __future__ import annotations

import csv
import io

from tests.conftest import ADMIN, CHANNEL, Relais, RelaisFactory


def _rows(content: bytes, separator: str) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=separator))


def test_typed_export_posts_the_listing_as_a_file_naming_who_asked(relais: Relais) -> None:
    relais.command("/relais audit", user="UBOB")  # a refusal: one audit line
    assert relais.command("/relais audit 5 export", user=ADMIN) == []
    [(name, content, message)] = relais.standin.posted_files(CHANNEL)
    assert name == "relais-audit.csv"
    assert f"exported for <@{ADMIN}>" in message.text and "1 row" in message.text
    rows = _rows(content, ",")
    assert rows[0][:5] == ["when (Paris)", "user", "channel", "operation", "outcome"]
    assert rows[1][1:5] == ["UBOB", CHANNEL, "/relais audit", "refused"]


def test_french_speakers_get_semicolons_and_sep_overrides(relais_factory: RelaisFactory) -> None:
    relais = relais_factory(relais_admins=f"{ADMIN},UFR")
    relais.standin.add_user("UFR", "marie", "Marie Curie", locale="fr-FR")
    relais.command("/relais audit", user="UBOB")
    relais.command("/relais audit export", user="UFR")
    relais.command("/relais audit export sep=,", user="UFR")
    first, second = relais.standin.posted_files(CHANNEL)
    assert _rows(first[1], ";")[1][1] == "UBOB"
    assert _rows(second[1], ",")[1][1] == "UBOB"


def test_the_export_button_under_a_listing_posts_what_it_listed(relais: Relais) -> None:
    for _ in range(12):
        relais.command("/relais audit", user="UBOB")
    [listing] = relais.command("/relais audit 12", user=ADMIN)
    assert listing.button_labels() == ["Next ▶", "Export CSV"]
    relais.click(listing, "relais.export", user=ADMIN)
    [(_, content, _)] = relais.standin.posted_files(CHANNEL)
    assert len(_rows(content, ",")) == 13  # the header and every row, not only the page shown


def test_a_bad_separator_is_refused_before_anything_is_posted(relais: Relais) -> None:
    text = relais.reply_text("/relais audit export sep=|", user=ADMIN)
    assert "sep: `|` is not a separator" in text
    assert relais.standin.posted_files(CHANNEL) == []
