"""Every vendor listing leaves Slack as a CSV file: `… export` (and the listing's Export CSV button)."""

from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import ADMIN, CHANNEL, Relais


@pytest.mark.parametrize(
    ("line", "filename", "header"),
    [
        ("/number zones export", "cliqphone-zones.csv", ["code", "name", "country", "prefix", "state"]),
        ("/number available fr_01 export", "cliqphone-available.csv", ["number", "zone", "type"]),
        ("/number list active=yes export", "cliqphone-numbers.csv", ["id", "number", "zone", "active", "type"]),
        ("/number media export sep=;", "cliqphone-media.csv", ["id", "name", "type", "type code", "active"]),
        ("/callback popup list export", "axialys-popups.csv", ["id", "name", "direction", "locale", "voice"]),
        ("/callback operators list export", "axialys-operator-groups.csv", ["group", "ordering", "ordering code"]),
        ("/callback operators list support export", "axialys-operators-support.csv", ["rank", "number"]),
        ("/callback popup destinations 77 export", "axialys-destinations-popup-77.csv", ["id", "destination"]),
    ],
)
def test_each_listing_exports_its_rows(relais: Relais, line: str, filename: str, header: list[str]) -> None:
    assert relais.command(line, user=ADMIN) == []
    [(name, content, message)] = relais.standin.posted_files(CHANNEL)
    assert name == filename and f"exported for <@{ADMIN}>" in message.text
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";" if "sep=;" in line else ","))
    assert rows[0][: len(header)] == header and len(rows) > 1


def test_a_listing_without_export_has_the_button(relais: Relais) -> None:
    [listing] = relais.command("/number list", user=ADMIN)
    assert "Export CSV" in listing.button_labels()
    relais.click(listing, "relais.export", user=ADMIN)
    [(name, _, _)] = relais.standin.posted_files(CHANNEL)
    assert name == "cliqphone-numbers.csv"
