"""/contact through signed HTTP and the Clever Multimedias sandbox."""

from __future__ import annotations

import copy
from datetime import date, timedelta

from bot.slack.cards import CONFIRM
from tests.clever_support import sandbox
from tests.conftest import ADMIN, MEMBER, Relais
from tests.problem_support import problem_parts


def test_account_shows_credit_and_expiry(relais: Relais) -> None:
    text = relais.reply_text("/contact account")
    assert "100,000 units" in text and "2033-02-10" in text


def test_add_show_edit_and_list(relais: Relais) -> None:
    box = sandbox(relais)
    text = relais.reply_text("/contact add name=Durand lastname=Alice gsm=0611223344 city=Nantes diffusion=on")
    assert "created" in text
    [created] = [c for c in box.contacts() if c.get("gsm_primary") == "+33611223344"]
    assert created["extra"] == {"diffusion": "on"}
    assert "+33611223344" in relais.reply_text(f"/contact show {created['id']}")
    assert "updated" in relais.reply_text(f"/contact edit {created['id']} city=Lyon")
    assert next(c for c in box.contacts() if c["id"] == created["id"])["city"] == "Lyon"
    assert "Durand" in relais.reply_text("/contact list")
    [entry] = relais.runtime.services.audit.last(1)
    assert entry.operation == "M6 edit contact" and entry.outcome == "done"


def test_a_duplicate_contact_is_a_409_in_plain_words(relais: Relais) -> None:
    text = relais.reply_text("/contact add name=Dupont lastname=Marie gsm=0612345678")
    assert "HTTP 409" in text and "already exists" in text and "add `duplicates=yes`" in text
    assert "created" in relais.reply_text("/contact add name=Dupont lastname=Marie gsm=0612345678 duplicates=yes")


def test_contact_fields_are_checked_before_the_vendor(relais: Relais) -> None:
    box = sandbox(relais)
    with box.recording() as seen:
        text = relais.reply_text("/contact add name=Du<pont> lastname=Marie gsm=0145678901 email=nope")
    assert "name: `Du<pont>` has special characters" in text
    assert "gsm:" in text and "mobile is needed" in text and "email:" in text
    assert [r for r in seen if r.method != "GET"] == []  # only M24 was read, to know the additional fields


def test_an_unknown_contact_is_said_plainly(relais: Relais) -> None:
    assert "HTTP 404" in relais.reply_text("/contact show 999999")
    text = relais.reply_text("/contact show abc")
    assert "id: `abc` is not a whole number" in text and "`/contact show 214905` (`/contact list` shows" in text


def test_delete_is_for_admins_with_a_confirmation(relais: Relais) -> None:
    box = sandbox(relais)
    assert "is for Relais admins" in relais.reply_text("/contact delete 214907", user=MEMBER)
    [card] = relais.command("/contact delete 214907", user=ADMIN)
    assert "Delete contact 214907" in card.all_text()
    relais.click(copy.deepcopy(card), CONFIRM, user=ADMIN)
    assert 214907 not in [c["id"] for c in box.contacts()]


def test_the_contact_modal_checks_inline(relais: Relais) -> None:
    relais.command("/contact add")
    [view] = relais.standin.open_views(MEMBER)
    reply = relais.driver.submit(view, {"name": "Léa", "lastname": "Roux", "gsm": "0145678901"})
    assert "mobile is needed" in reply.json()["errors"]["gsm"]
    reply = relais.driver.submit(view, {"name": "Léa", "lastname": "Roux", "gsm": "0655443322"})
    relais.settle()
    assert "created" in relais.standin.ephemerals(MEMBER)[-1].all_text()


def test_users_are_for_admins_and_passwords_never_shown(relais: Relais) -> None:
    assert "is for Relais admins" in relais.reply_text("/contact user show 1002", user=MEMBER)
    text = relais.reply_text("/contact user show 1002", user=ADMIN)
    assert "agence-lyon" in text and "Lyon2024" not in text
    relais.command("/contact user add", user=ADMIN)
    [view] = relais.standin.open_views(ADMIN)
    values = {
        "name": "Petit",
        "lastname": "Hugo",
        "telephone": "+33611111111",
        "email": "hugo@example.fr",
        "username": "agence-nantes",
        "password": "weak",
        "address": "1 rue de Nantes",
    }
    reply = relais.driver.submit(view, values, user=ADMIN)
    assert "capital" in reply.json()["errors"]["password"]
    relais.driver.submit(view, {**values, "password": "Nantes2026"}, user=ADMIN)
    relais.settle()
    text = relais.standin.ephemerals(ADMIN)[-1].all_text()
    assert "agence-nantes created" in text and "Nantes2026" not in text
    assert "agence-nantes" in [u["username"] for u in sandbox(relais).users()]
    assert "agence-lyon" in relais.reply_text("/contact list agence-lyon")  # M10


def _initial(view_blocks: list[dict[str, object]]) -> dict[str, str]:
    """What a prefilled form holds: each input's initial value."""
    values: dict[str, str] = {}
    for block in view_blocks:
        element = block.get("element")
        if block.get("type") == "input" and isinstance(element, dict) and element.get("initial_value"):
            values[str(block["block_id"])] = str(element["initial_value"])
    return values


def test_user_edit_opens_a_prefilled_form_and_saves_with_m3(relais: Relais) -> None:
    assert "is for Relais admins" in relais.reply_text("/contact user edit 1002", user=MEMBER)
    assert "id: `lyon` is not a whole number" in relais.reply_text("/contact user edit lyon", user=ADMIN)
    relais.command("/contact user edit 1002", user=ADMIN)
    [view] = relais.standin.open_views(ADMIN)
    values = _initial(view.view["blocks"])
    assert values["username"] == "agence-lyon" and "password" not in values
    reply = relais.driver.submit(view, {**values, "city": "Villeurbanne", "password": "Lyon2027"}, user=ADMIN)
    assert reply.body == ""
    relais.settle()
    text = relais.standin.ephemerals(ADMIN)[-1].all_text()
    assert "User 1002 (agence-lyon) updated" in text and "Lyon2027" not in text
    [entry] = relais.runtime.services.audit.last(1)
    assert entry.operation == "M3 edit user" and entry.outcome == "done" and "Lyon2027" not in str(entry)
    assert "Villeurbanne" in relais.reply_text("/contact user show 1002", user=ADMIN)


def test_user_alone_lists_its_verbs_and_an_unknown_user_is_a_404(relais: Relais) -> None:
    text = relais.reply_text("/contact user", user=ADMIN)
    assert "/contact user add" in text and "/contact user edit" in text and "/contact user show" in text
    assert "HTTP 404" in relais.reply_text("/contact user show 999999", user=ADMIN)


def test_account_flags_a_near_expiry(relais: Relais) -> None:
    sandbox(relais).expire_account(date.today() + timedelta(days=9))
    text = relais.reply_text("/contact account")
    assert ":warning: expires on" in text and "renew it" in text


def test_a_bad_duplicates_flag_is_refused_before_the_vendor(relais: Relais) -> None:
    with sandbox(relais).recording() as seen:
        text = relais.reply_text("/contact add name=Roux lastname=Léa gsm=0655443322 duplicates=peut-être")
    assert "duplicates: `peut-être` is not yes or no" in text
    assert [r for r in seen if r.method != "GET"] == []


def test_the_contact_form_says_which_name_is_which_and_names_read_first_name_first(relais: Relais) -> None:
    relais.command("/contact add")
    [view] = relais.standin.open_views(MEMBER)
    labels = [block["label"]["text"] for block in view.view["blocks"] if block.get("type") == "input"]
    assert labels[:2] == ["Family name (name)", "First name (lastname)"]
    text = relais.reply_text("/contact add name=Dupont lastname=Jean gsm=0611998877")
    assert "created: Jean Dupont" in text


def test_additional_fields_are_set_whatever_the_case_in_add_and_edit(relais: Relais) -> None:
    relais.reply_text("/contact add name=Dupont lastname=Jean gsm=0611998877 bringup=oui")
    [created] = [c for c in sandbox(relais).contacts() if c.get("gsm_primary") == "+33611998877"]
    assert created["extra"].get("BRINGUP") == "oui"
    assert "updated" in relais.reply_text(f"/contact edit {created['id']} BRINGUP=non")
    [edited] = [c for c in sandbox(relais).contacts() if c["id"] == created["id"]]
    assert edited["extra"].get("BRINGUP") == "non"


def test_an_unknown_contact_or_campaign_is_named_in_plain_words(relais: Relais) -> None:
    [reply] = relais.command("/contact show 999")
    main, detail = problem_parts(reply)
    assert "Clever Multimedias has no contact 999 on this account" in main and "`/contact list` shows them" in main
    assert "HTTP" not in main and detail.startswith("Clever Multimedias, HTTP 404")
    [reply] = relais.command("/push report Push20200101000000")
    main, detail = problem_parts(reply)
    assert "Clever Multimedias has no campaign `Push20200101000000`" in main and "check the reference" in main
    assert "HTTP" not in main and detail.startswith("Clever Multimedias, HTTP 404")
