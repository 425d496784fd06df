"""/contact search and the buttons under listed contacts, through signed HTTP and the Clever sandbox."""

from __future__ import annotations

import copy
import csv
import io

from bot.slack.cards import CONFIRM
from tests.clever_support import sandbox
from tests.conftest import ADMIN, CHANNEL, MEMBER, Relais

SHOW, EDIT, DELETE = "clever.contact.show:214905", "clever.contact.edit:214905", "clever.contact.delete:214905"


def test_a_name_is_found_whatever_its_case_accents_or_part(relais: Relais) -> None:
    for query in ("dupont", "DUP", "marie dupont", "Dupônt"):
        text = relais.reply_text(f"/contact search {query}")
        assert "214905" in text and "Marie Dupont" in text and "214906" not in text, query
    # Chloé Bernard, typed without the accent; and by her e-mail.
    assert "214907" in relais.reply_text("/contact search chloe")
    assert "214907" in relais.reply_text("/contact search CHLOE.BERNARD@example.fr")


def test_a_phone_is_found_in_any_usual_form(relais: Relais) -> None:
    for query in ("06 12 34 56 78", "+33 6 12 34 56 78", "0033612345678", "6 12 34 56 78"):
        text = relais.reply_text(f"/contact search {query}")
        assert "214905" in text and "214906" not in text, query
    # A second mobile or a landline finds its contact too; part of a number is looked for inside numbers.
    assert "214907" in relais.reply_text("/contact search 07 45 67 89 01")
    assert "214907" in relais.reply_text("/contact search 0491")


def test_no_hit_says_so_and_offers_the_nearest_names(relais: Relais) -> None:
    text = relais.reply_text("/contact search Dupond")
    assert "No contact matches `Dupond`" in text and "did you mean `Dupont`" in text
    assert "No contact matches `Zzyzx`." in relais.reply_text("/contact search Zzyzx")


def test_show_and_edit_buttons_do_what_their_commands_do(relais: Relais) -> None:
    [listing] = relais.command("/contact search dupont")
    assert listing.button_labels()[:2] == ["Show", "Edit"] and "Delete" not in listing.button_labels()
    relais.click(copy.deepcopy(listing), SHOW)
    shown = relais.standin.ephemerals(MEMBER)[-1].all_text()
    assert shown == relais.reply_text("/contact show 214905")
    relais.click(copy.deepcopy(listing), EDIT)
    [view] = relais.standin.open_views(MEMBER)
    initial = {
        block["block_id"]: block["element"].get("initial_value")
        for block in view.view["blocks"]
        if block.get("type") == "input"
    }
    assert initial["name"] == "Dupont" and initial["lastname"] == "Marie" and initial["gsm"] == "+33612345678"
    relais.driver.submit(view, {**{k: v for k, v in initial.items() if v}, "city": "Lyon"})
    relais.settle()
    assert next(c for c in sandbox(relais).contacts() if c["id"] == 214905)["city"] == "Lyon"


def test_delete_is_an_admins_button_with_its_card_and_a_forged_click_is_refused(relais: Relais) -> None:
    box = sandbox(relais)
    [mine] = relais.command("/contact search dupont", user=ADMIN)
    assert mine.button_labels()[:3] == ["Show", "Edit", "Delete"]
    relais.click(copy.deepcopy(mine), DELETE, user=MEMBER)  # a member replays an admin's button
    assert "is for Relais admins" in relais.standin.ephemerals(MEMBER)[-1].all_text()
    assert 214905 in [c["id"] for c in box.contacts()]
    relais.click(copy.deepcopy(mine), DELETE, user=ADMIN)
    card = relais.standin.ephemerals(ADMIN)[-1]
    assert "Delete contact 214905" in card.all_text() and "Marie Dupont" in card.all_text()
    relais.click(copy.deepcopy(card), CONFIRM, user=ADMIN)
    assert 214905 not in [c["id"] for c in box.contacts()]


def test_the_contact_listing_has_the_buttons_and_exports(relais: Relais) -> None:
    [listing] = relais.command("/contact list")
    assert listing.button_labels().count("Show") == 5 and "Export CSV" in listing.button_labels()
    relais.click(listing, "relais.export")
    assert relais.command("/contact search dupont export") == []
    (name, content, _), (search_name, found, _) = relais.standin.posted_files(CHANNEL)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8")[1:])))
    assert name == "contacts.csv" and rows[0][:4] == ["id", "family name", "first name", "mobile"]
    assert rows[1][:4] == ["214905", "Dupont", "Marie", "+33612345678"] and len(rows) == 6
    assert search_name == "contacts-search.csv"
    assert [row[0] for row in csv.reader(io.StringIO(found.decode("utf-8")[1:]))] == ["id", "214905"]
