"""A contacts CSV read before anything is written: headers recognised, rows checked, duplicates found."""

from __future__ import annotations

import pytest

from bot.core.errors import UserError
from bot.rules.recipients import csv_rows
from handlers.clever.contact_import_rules import header_key, plan_import, recognise
from handlers.clever.contact_search import find_contacts


@pytest.mark.parametrize(
    ("header", "option"),
    [
        ("Nom", "name"),
        ("NOM DE FAMILLE", "name"),
        ("Last name", "name"),
        ("lastname", "name"),
        ("Prénom", "lastname"),
        ("first_name", "lastname"),
        ("Téléphone", "gsm"),
        ("Tél. portable", "gsm"),
        ("Mobile", "gsm"),
        ("GSM", "gsm"),
        ("phone", "gsm"),
        ("E-mail", "email"),
        ("Courriel", "email"),
        ("Adresse e-mail", "email"),
        ("Code postal", "zip"),
        ("Ville", "city"),
        ("Rue", "street"),
        ("Téléphone fixe", "landline"),
    ],
)
def test_headers_are_recognised_in_french_or_english_any_case_or_accents(header: str, option: str) -> None:
    others = [h for h in ("Nom", "Prénom", "Mobile") if header_key(h) != header_key(header)]
    columns = recognise([header, *others], None)
    assert columns.fields[0] == option and columns.headers[option] == header


def test_additional_fields_are_columns_and_unknown_ones_are_said() -> None:
    columns = recognise(["Nom", "Prénom", "Mobile", "Diffusion", "Société", "Civilité"], {"diffusion"})
    assert columns.fields == ["name", "lastname", "gsm", "x_diffusion"]
    assert columns.ignored == ["Société", "Civilité"]


def test_a_missing_required_column_is_refused_with_what_was_found() -> None:
    with pytest.raises(UserError) as caught:
        recognise(["Nom", "Email"], None)
    assert "first name (prénom) and the mobile (téléphone)" in str(caught.value) and "`Email`" in str(caught.value)


def test_separator_and_encoding_are_sniffed() -> None:
    latin = "Nom;Prénom;Téléphone\r\nLefèvre;Zoé;06 11 22 33 44\r\n".encode("cp1252")
    assert csv_rows(latin)[1] == ["Lefèvre", "Zoé", "06 11 22 33 44"]
    bom = "\ufeffLast name,First name,Mobile\nSmith,Ann,+447700900123\n".encode()
    assert csv_rows(bom)[0] == ["Last name", "First name", "Mobile"]


def test_rows_are_checked_by_the_add_rules_and_duplicates_counted() -> None:
    rows = csv_rows(
        b"Nom;Pr\xc3\xa9nom;T\xc3\xa9l\xc3\xa9phone;Email\n"
        b"Roux;L\xc3\xa9a;06 11 22 33 44;lea@example.fr\n"  # 2: valid
        b"Du<pont>;Marc;01 45 67 89 01;nope\n"  # 3: three errors
        b"Roux;Paul;+33611223344;\n"  # 4: same mobile as row 2
        b"Martin;Lucas;06 23 45 67 89;\n"  # 5: already in the account
        b";;;\n"  # blank
        b"Blanc;Eva;07 81 23 45 67;LEA@example.fr\n"  # 7: same e-mail as row 2
    )
    plan = plan_import(rows, None, {"+33623456789"}, set())
    assert [line for line, _ in plan.rows] == [2]
    assert plan.invalid == 1 and plan.in_file == 2 and plan.in_account == 1
    words = [error.words() for error in plan.errors]
    assert words[0] == "row 3, Nom: `Du<pont>` has special characters (`Du<pont>`)"
    assert any(w.startswith("row 3, Téléphone:") and "mobile is needed" in w for w in words)
    assert any(w.startswith("row 3, Email:") for w in words)
    assert plan.duplicates[0] == "row 4: same mobile as row 2 (+33611223344)"
    assert "+33623456789 is already a contact" in plan.duplicates[1]
    assert "same e-mail as row 2" in plan.duplicates[2]


def test_only_the_first_ten_errors_are_kept_but_all_are_counted() -> None:
    rows = [["Nom", "Prénom", "Mobile"]] + [["X", "Y", "123"] for _ in range(30)]
    plan = plan_import(rows, None, set(), set())
    assert plan.invalid == 30 and len(plan.errors) == 10 and plan.rows == []


def test_search_by_part_of_a_word_is_pure_and_in_account_order() -> None:
    from bot.vendors.clever.models import Contact

    contacts = [
        Contact.model_validate({"id": "1", "name": "Dupont", "last_name": "Marie", "gsm_primary": "612345678"}),
        Contact.model_validate({"id": "2", "name": "Dupuis", "last_name": "Éric", "gsm_primary": "623456789"}),
    ]
    assert [c.id for c in find_contacts("dup", contacts)] == ["1", "2"]
    assert [c.id for c in find_contacts("eric DUP", contacts)] == ["2"]
    assert [c.id for c in find_contacts("+33 6 23 45 67 89", contacts)] == ["2"]
