"""/contact import: a CSV through the modal, its card, the paced job, restarts, Clever's refusals."""

from __future__ import annotations

import copy
import time
from collections import Counter

from bot.sandboxes.slack import Message
from bot.slack.cards import CONFIRM
from handlers.clever.contact_import_records import CONTACT_IMPORTS, IMPORT_STATES, ContactImport, block_id
from tests.clever_support import clever_kit, sandbox
from tests.conftest import CHANNEL, MEMBER, Relais, RelaisFactory

FAST = 10_000.0  # contacts a second: the tests measure correctness, not the wait (the default is 5)


def _card(relais: Relais, content: bytes, *, name: str = "contacts.csv") -> Message:
    """The import card of ``content``, through the modal's file input (a slash command carries no file)."""
    relais.command("/contact import")
    [view] = relais.standin.open_views(MEMBER)
    file_id = relais.standin.add_file(name, content, mimetype="text/csv")
    reply = relais.driver.submit(view, {"file": [file_id]})
    assert reply.status == 200
    relais.settle()
    return copy.deepcopy(relais.standin.ephemerals(MEMBER)[-1])


def _the_import(relais: Relais) -> ContactImport:
    [(_, record)] = list(relais.records(CONTACT_IMPORTS).scan())
    return record


def _finished(relais: Relais, timeout: float = 120.0) -> ContactImport:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        record = _the_import(relais)
        if record.state == "done":
            relais.settle()
            return record
        time.sleep(0.05)
    raise AssertionError(f"the import did not finish: {_the_import(relais)}")


def _summary(relais: Relais, record: ContactImport) -> str:
    [summary] = relais.standin.thread(CHANNEL, record.card_ts)
    return summary.all_text()


def _mobile(n: int) -> str:
    return f"06 {n // 1_000_000 % 100:02d} {n // 10_000 % 100:02d} {n // 100 % 100:02d} {n % 100:02d}"


def test_the_card_counts_and_names_errors_then_every_valid_row_is_created(relais: Relais) -> None:
    box = sandbox(relais)
    content = (
        "Nom;Prénom;Téléphone;E-mail;Ville;Société\r\n"
        "Roux;Léa;06 11 22 33 44;lea@example.fr;Nantes;ACME\r\n"
        "Blanc;Éva;+33 7 81 23 45 67;;Lyon;\r\n"
        "Du<pont>;Marc;01 45 67 89 01;;;\r\n"
        "Dupont;Marie;06 12 34 56 78;;;\r\n"  # already in the account
        "Noir;Jean;0033 6 99 88 77 66;jean@example.fr;;\r\n"
    ).encode("cp1252")
    with box.recording() as seen:
        card = _card(relais, content)
    text = card.all_text()
    assert "Import 3 contacts from contacts.csv" in text
    assert "3 valid · 1 invalid · 1 duplicates" in text
    assert "row 4, Nom: `Du<pont>` has special characters" in text and "row 4, Téléphone:" in text
    assert "row 5: +33612345678 is already a contact of the account" in text
    assert "`Société`" in text
    assert card.button_labels() == ["Import contacts", "Cancel"]
    assert [r for r in seen if r.method == "POST"] == []  # nothing written before the button
    clever_kit(relais).contact_imports.per_second = FAST
    relais.click(card, CONFIRM)
    record = _finished(relais)
    assert (record.created, record.refused, record.unknown) == (3, 0, 0)
    created = {c["gsm_primary"]: c for c in box.contacts()}
    assert created["+33611223344"]["city"] == "Nantes" and created["+33611223344"]["last_name"] == "Léa"
    assert "+33781234567" in created and "+33699887766" in created
    assert "3 created · 0 refused · 0 unknown" in relais.shown(record.card_ts)
    summary = _summary(relais, record)
    assert "Import of contacts.csv finished: 3 created, 0 refused, 0 unknown" in summary
    assert "left out 1 invalid row and 1 duplicate" in summary


def test_rows_clever_refuses_are_summarised_in_its_words(relais: Relais) -> None:
    box = sandbox(relais)
    content = (
        "Last name,First name,Mobile,Zip code\n"
        "Roux,Léa,0611223344,44000\n"
        "Blanc,Eva,0781234567,75011-PARIS-CEDEX\n"  # Relais allows 100 characters; Clever 10 (§3.5)
        "Noir,Jean,0699887766,\n"
    ).encode()
    card = _card(relais, content)
    box.add_contact("Noir", "Jean", "+33699887766")  # added meanwhile: Clever answers 409
    clever_kit(relais).contact_imports.per_second = FAST
    relais.click(card, CONFIRM)
    record = _finished(relais)
    assert (record.created, record.refused, record.unknown) == (1, 2, 0)
    summary = _summary(relais, record)
    assert "row 3 (Eva Blanc, 0781234567): Clever Multimedias refused the value of `zipCode`" in summary
    assert "10 caractères maximum" in summary  # the vendor's own words, in the detail
    assert "row 4 (Jean Noir, 0699887766)" in summary and "HTTP 409" in summary
    assert Counter(c["gsm_primary"] for c in box.contacts())["+33699887766"] == 1


def test_a_row_left_sending_is_never_sent_again(relais: Relais) -> None:
    box = sandbox(relais)
    content = b"Nom,Prenom,Mobile\nRoux,Lea,0611223344\nBlanc,Eva,0781234567\nNoir,Jean,0699887766\n"
    card = _card(relais, content)
    # As if a process had died twice mid-request: row 2's request reached Clever, row 3's did not.
    states = relais.records(IMPORT_STATES)
    key = block_id(_the_import(relais).id, 0)
    states.update(key, lambda current: current.model_copy(update={"states": "ssp"}) if current else None)
    box.add_contact("Roux", "Lea", "+33611223344")
    clever_kit(relais).contact_imports.per_second = FAST
    with box.recording() as seen:
        relais.click(card, CONFIRM)
        record = _finished(relais)
    assert len([r for r in seen if r.method == "POST"]) == 1  # only row 4 was sent
    assert (record.created, record.refused, record.unknown) == (2, 0, 1)
    mobiles = Counter(c["gsm_primary"] for c in box.contacts())
    assert mobiles["+33611223344"] == 1 and "+33781234567" not in mobiles and mobiles["+33699887766"] == 1
    summary = _summary(relais, record)
    assert "Outcome unknown, not sent again" in summary and "row 3 (Eva Blanc, 0781234567)" in summary


def test_two_thousand_rows_survive_a_restart_each_created_exactly_once(relais_factory: RelaisFactory) -> None:
    relais = relais_factory()
    box = sandbox(relais)
    lines, valid = ["Nom;Prénom;Portable;Courriel"], []
    for n in range(2000):
        if n % 20 == 7:  # 5 % bad rows
            lines.append(f"Nom{n};Prénom;01 23;")
            continue
        mobile = _mobile(611_000_000 + n)
        lines.append(f"Famille;Prénom{n};{mobile};p{n}@example.fr")
        valid.append("+33" + mobile.replace(" ", "")[1:])
    card = _card(relais, "\r\n".join(lines).encode("utf-8-sig"))
    assert "1,900 valid · 100 invalid · 0 duplicates" in card.all_text()
    seeded = len(box.contacts())
    clever_kit(relais).contact_imports.per_second = 400.0
    relais.click(card, CONFIRM)
    deadline = time.monotonic() + 60
    while len(box.contacts()) < seeded + 300 and time.monotonic() < deadline:
        time.sleep(0.02)
    relais.runtime.stop()  # mid-import
    stopped_at = len(box.contacts()) - seeded
    assert 300 <= stopped_at < 1900
    again = relais_factory()  # the same data dir: the job resumes
    clever_kit(again).contact_imports.per_second = FAST
    record = _finished(again)
    assert (record.created, record.refused, record.unknown) == (1900, 0, 0)
    mobiles = Counter(c["gsm_primary"] for c in box.contacts())
    assert all(mobiles[mobile] == 1 for mobile in valid)
    assert len(box.contacts()) == seeded + 1900
    assert "1,900 created · 0 refused · 0 unknown" in again.shown(record.card_ts)
