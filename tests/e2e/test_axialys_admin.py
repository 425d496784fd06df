"""/callback operators, planning, popup, file, block, centrex, calls, summary: through Slack and the sandbox."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.slack.cards import CONFIRM
from tests.axialys_support import admin, card_of, methods, refuse, sandbox
from tests.conftest import ADMIN, CHANNEL, MEMBER, Relais


def test_help_lists_every_subcommand_with_an_example(relais: Relais) -> None:
    text = relais.reply_text("/callback help")
    names = ("cancel", "recording", "calls", "summary", "operators", "planning", "popup", "file", "block", "centrex")
    for name in names:
        assert f"/callback {name}" in text
    nested = relais.reply_text("/callback operators")
    assert "/callback operators add support" in nested and "(admins)" in nested


# -- operators ----------------------------------------------------------------------------------------
def test_operator_groups_and_their_operators_are_listed_to_everyone(relais: Relais) -> None:
    text = relais.reply_text("/callback operators list")
    assert "support" in text and "TOURNANTE" in text
    text = relais.reply_text("/callback operators list support")
    assert "`+33170200258` · rings 30 s" in text


def test_an_admin_adds_removes_and_orders_operators(relais: Relais) -> None:
    assert "added to support" in admin(relais, "/callback operators add support 01 70 20 02 59 ring=25")
    assert ("33170200259", 25, 30) in sandbox(relais).groups()["support"]["operators"]  # type: ignore[operator]
    card = card_of(relais.command("/callback operators remove support +33170200259", user=ADMIN))
    assert methods(relais, "operateur_supp") == []
    relais.click(card, "Remove operator", user=ADMIN)
    assert methods(relais, "operateur_supp") == ["operateur_supp"]
    assert "commercial now calls its operators at random (RANDOM)" in admin(
        relais, "/callback operators mode commercial random"
    )
    assert sandbox(relais).groups()["commercial"]["ordering"] == "RANDOM"


def test_members_cannot_change_operators_and_the_refusal_is_audited(relais: Relais) -> None:
    with sandbox(relais).recording() as seen:
        text = relais.reply_text("/callback operators add support 0170200259")
    assert "is for Relais admins" in text and seen == []
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.user_id, entry.outcome, entry.operation) == (MEMBER, "refused", "/callback operators add")


def _block(relais: Relais, line: str) -> str:
    """Type a blacklisting and press Send on its card (blacklists have no undo: they are confirmed)."""
    card = card_of(relais.command(line, user=ADMIN))
    assert "there is no undo" in card.all_text() and "Blacklist" in card.all_text()
    relais.click(card, CONFIRM, user=ADMIN)
    shown = relais.standin.find(card.ts)
    assert shown is not None
    return shown.all_text()


def test_admin_writes_are_audited_with_the_vendor_code(relais: Relais, monkeypatch: pytest.MonkeyPatch) -> None:
    _block(relais, "/callback block number +33899100201")
    # The group is deleted at Axialys between Relais' look-up (A1) and the change (A5).
    refuse(relais, monkeypatch, "operateur_mode", "KO;INTROUVABLE;liste inconnue", status=404)
    text = admin(relais, "/callback operators mode support FIXE")
    assert "Axialys has no such item" in text and "INTROUVABLE" in text
    entries = {(e.operation, e.outcome, e.vendor_code) for e in relais.runtime.services.audit.last(2)}
    assert entries == {("A6 blacklist number", "done", None), ("A5 operator ordering", "failed", "INTROUVABLE")}


def test_operator_rules_are_checked_before_axialys(relais: Relais) -> None:
    with sandbox(relais).recording() as seen:
        text = admin(relais, "/callback operators add sup-port 12 ring=5 position=0")
    assert "group: `sup-port` is not allowed" in text and "number:" in text
    assert "ring: 5 is out of range" in text and "position: 0 is out of range" in text
    assert "ordering: `sometimes` is not one of FIXE, RANDOM, TOURNANTE" in admin(
        relais, "/callback operators mode support sometimes"
    )
    assert seen == []


def test_the_operator_form_opens_without_arguments_with_inline_errors(relais: Relais) -> None:
    relais.command("/callback operators add", user=ADMIN)
    [view] = relais.standin.open_views(ADMIN)
    reply = relais.driver.submit(view, {"group": "a b", "number": "x", "ring": "3"}, user=ADMIN)
    assert set(reply.json()["errors"]) == {"group", "number", "ring"}
    relais.command("/callback operators mode", user=ADMIN)
    mode_view = relais.standin.open_views(ADMIN)[-1]
    assert "astreinte" in str(mode_view.view)  # the group select comes from A1


# -- blacklists ------------------------------------------------------------------------------------------
def test_block_number_and_ip_after_a_confirmation_card(relais: Relais) -> None:
    card = card_of(relais.command("/callback block number 06 11 22 33 44", user=ADMIN))
    assert "33611223344" not in sandbox(relais).blacklisted_numbers()  # nothing before the button
    relais.click(card, CONFIRM, user=ADMIN)
    assert "33611223344" in sandbox(relais).blacklisted_numbers()
    assert "blacklisted" in _block(relais, "/callback block ip 198.51.100.7")
    assert "198.51.100.7" in sandbox(relais).blacklisted_ips()
    assert "ip: `300.1.1.1` is not an IPv4 address" in admin(relais, "/callback block ip 300.1.1.1")


def test_a_blacklisted_number_is_refused_in_words(relais: Relais) -> None:
    _block(relais, "/callback block number 0612345679")
    card = card_of(relais.command("/callback 0612345679 popup=77"))
    relais.click(card, "Place call")
    shown = relais.standin.find(card.ts)
    assert shown is not None and "blacklisted" in shown.all_text() and "BLACKLISTE" in shown.all_text()


# -- planning --------------------------------------------------------------------------------------------------
def test_plannings_are_listed_and_shown(relais: Relais) -> None:
    assert "bureau" in relais.reply_text("/callback planning list")
    text = relais.reply_text("/callback planning show bureau")
    assert "lundi 09:00–12:30" in text and "closed on Friday 25 December 2026" in text


def test_an_admin_edits_hours_and_closing_days(relais: Relais) -> None:
    admin(relais, "/callback planning add-hours boutique dimanche,samedi 20:00-21:00")
    assert "dimanche 20:00-21:00" in sandbox(relais).plannings()["boutique"]["slots"]
    card = card_of(relais.command("/callback planning del-hours boutique dimanche 20:00-21:00", user=ADMIN))
    relais.click(card, "Delete hours", user=ADMIN)
    assert "dimanche 20:00-21:00" not in sandbox(relais).plannings()["boutique"]["slots"]
    day = (date.today() + timedelta(days=30)).isoformat()
    admin(relais, f"/callback planning add-closing bureau {day}")
    assert day in sandbox(relais).plannings()["bureau"]["closures"]
    card = card_of(relais.command(f"/callback planning del-closing bureau {day}", user=ADMIN))
    relais.click(card, "Delete closing day", user=ADMIN)
    assert day not in sandbox(relais).plannings()["bureau"]["closures"]
    past = (date.today() - timedelta(days=2)).isoformat()
    assert "is already past" in admin(relais, f"/callback planning add-closing bureau {past}")


def test_planning_rules(relais: Relais) -> None:
    with sandbox(relais).recording() as seen:
        text = admin(relais, "/callback planning add-hours bureau funday 18:00-09:00")
        assert "days: `funday` is not a day of the week" in text and "end: 09:00 is not after start 18:00" in text
        assert "date: `2026-02-30` is not a day that exists" in admin(
            relais, "/callback planning add-closing bureau 2026-02-30"
        )
    assert seen == []
    text = admin(relais, "/callback planning add-hours bureau lundi 10:00-11:00")
    assert "these hours overlap opening hours planning bureau already has" in text and "CONFLIT" in text


def test_the_hours_form_takes_several_days(relais: Relais) -> None:
    relais.command("/callback planning add-hours", user=ADMIN)
    [view] = relais.standin.open_views(ADMIN)
    reply = relais.driver.submit(
        view,
        {"planning": "soir", "new": ["new"], "days": ["lundi", "mardi"], "start": "19:00", "end": "21:00"},
        user=ADMIN,
    )
    assert reply.body == ""
    relais.settle()
    assert sandbox(relais).plannings()["soir"]["slots"] == ["lundi 19:00-21:00", "mardi 19:00-21:00"]


# -- pop-ups ----------------------------------------------------------------------------------------------------
def test_popups_are_listed_with_their_destinations(relais: Relais) -> None:
    text = relais.reply_text("/callback popup list")
    assert "Accueil* (#77)" in text and "Boutique* (#197)" in text
    text = relais.reply_text("/callback popup destinations 77")
    assert "France mobile (#1004) · €0.0450/min" in text and "2 of 16 allowed" in text


def test_an_admin_creates_updates_and_deletes_a_popup(relais: Relais) -> None:
    text = admin(relais, '/callback popup create name=Salon planning=bureau open=support open_message="Bonjour à vous"')
    new_id = int(text.split("id ")[-1].rstrip("."))
    [created] = [p for p in sandbox(relais).popups() if p["id"] == new_id]
    assert (created["name"], created["planning"], created["open_group"]) == ("Salon", "bureau", "support")
    admin(relais, f"/callback popup update {new_id} voice=m locale=EN")
    [updated] = [p for p in sandbox(relais).popups() if p["id"] == new_id]
    assert (updated["voice"], updated["locale"]) == ("m", "en")
    card = card_of(relais.command(f"/callback popup delete {new_id}", user=ADMIN))
    relais.click(card, "Delete pop-up", user=ADMIN)
    assert new_id not in [p["id"] for p in sandbox(relais).popups()]


def test_popup_rules_and_vendor_refusals(relais: Relais) -> None:
    with sandbox(relais).recording() as seen:
        text = admin(relais, "/callback popup create name=Sa-lon direction=UP client_wait=2 answering=nope")
    assert seen == []
    for expected in (
        "name: `Sa-lon` is not allowed",
        "direction: `UP` is not one of",
        "client_wait: 2 is out of range",
    ):
        assert expected in text
    assert "answering: `nope` is not a valid e-mail address" in text
    text = admin(relais, "/callback popup create name=Salon planning=burea open=Support")
    assert "planning: there is no planning named `burea`: did you mean `bureau`?" in text
    assert methods(relais, "popup_ajout") == []
    assert "already has these settings" in admin(relais, "/callback popup update 77 voice=f")


def test_the_popup_form_offers_plannings_and_groups_from_axialys(relais: Relais) -> None:
    relais.command("/callback popup create", user=ADMIN)
    [view] = relais.standin.open_views(ADMIN)
    blocks = {b["block_id"]: b for b in view.view["blocks"] if b.get("block_id")}
    planning_values = [o["value"] for o in blocks["planning"]["element"]["options"]]
    group_values = [o["value"] for o in blocks["open"]["element"]["options"]]
    assert {"bureau", "boutique"} <= set(planning_values) and {"support", "astreinte"} <= set(group_values)
    reply = relais.driver.submit(view, {"name": "Vitrine", "planning": "boutique", "open": "commercial"}, user=ADMIN)
    assert reply.body == ""
    relais.settle()
    assert any(p["name"] == "Vitrine" and p["planning"] == "boutique" for p in sandbox(relais).popups())


def test_destinations_are_allowed_and_forbidden(relais: Relais) -> None:
    admin(relais, "/callback popup allow 77 be_mobile,BE_Fixe")
    [accueil] = [p for p in sandbox(relais).popups() if p["id"] == 77]
    assert {"BE_Mobile", "BE_Fixe"} <= set(accueil["allowed_destinations"])  # type: ignore[arg-type]
    admin(relais, "/callback popup forbid 77 BE_Fixe")
    [accueil] = [p for p in sandbox(relais).popups() if p["id"] == 77]
    assert "BE_Fixe" not in accueil["allowed_destinations"]  # type: ignore[operator]
    assert "destinations: `Belgium` is not a destination" in admin(relais, "/callback popup allow 77 Belgium")


# -- files ---------------------------------------------------------------------------------------------------------
def test_a_file_is_fetched_into_the_channel(relais: Relais) -> None:
    relais.command("/callback file get 77 css_popup")
    [posted] = [m for m in relais.standin.channel_messages(CHANNEL) if "css_popup of pop-up 77" in m.text]
    file_id = posted.blocks[0]["file_id"]  # type: ignore[index]
    assert relais.standin.file_content(file_id) == sandbox(relais).files(77)["css_popup"][1]
    assert "type: `logo` is not one of" in relais.reply_text("/callback file get 77 logo")


def test_a_file_shared_in_slack_is_uploaded_and_then_deleted(relais: Relais) -> None:
    sound = b"RIFF" + b"\0" * 60
    file_id = relais.standin.add_file("attente.wav", sound, mimetype="audio/wav", user=ADMIN)
    relais.command("/callback file upload", user=ADMIN)
    [view] = relais.standin.open_views(ADMIN)
    relais.driver.submit(view, {"popup": "197", "type": "son_operateur", "file": [file_id]}, user=ADMIN)
    relais.settle()
    assert sandbox(relais).files(197)["son_operateur"] == ("attente.wav", sound)
    card = card_of(relais.command("/callback file delete 197 son_operateur", user=ADMIN))
    relais.click(card, "Delete file", user=ADMIN)
    assert "son_operateur" not in sandbox(relais).files(197)


def test_a_file_of_the_wrong_kind_never_reaches_axialys(relais: Relais) -> None:
    file_id = relais.standin.add_file("logo.png", b"\x89PNG....", mimetype="image/png", user=ADMIN)
    relais.command("/callback file upload", user=ADMIN)
    [view] = relais.standin.open_views(ADMIN)
    relais.driver.submit(view, {"popup": "77", "type": "son_repondeur", "file": [file_id]}, user=ADMIN)
    relais.settle()
    assert "file: a son_repondeur file must be wav or mp3" in relais.standin.ephemerals(ADMIN)[-1].all_text()
    assert methods(relais, "fichier_deposer") == []


# -- Centrex, listings ---------------------------------------------------------------------------------
def test_centrex_accounts_never_show_passwords(relais: Relais) -> None:
    text = relais.reply_text("/callback centrex")
    assert "Camille Martin" in text
    for account in sandbox(relais).centrex_accounts():
        assert str(account["centrex_account_pwd"]) not in text
        assert str(account["ldap_connection"]["pwd"]) not in text  # type: ignore[index]
    text = relais.reply_text("/callback centrex state=suspended")
    assert "Camille Martin" not in text
    assert "state: `gone` is not one of active, suspended" in relais.reply_text("/callback centrex state=gone")


@pytest.mark.parametrize("command", ["calls", "summary"])
def test_calls_and_summary_over_a_date_range_with_totals(relais: Relais, command: str) -> None:
    day = sandbox(relais).now_paris_date()
    text = relais.reply_text(f"/callback {command} 2026-01-01 {day} popup=77")
    # The seed: calls 1-4 over the last 26 hours, 5 waiting, 6-12 in November 2026 (the help examples' month).
    assert "12 calls" in text and "Jade Martin" in text and "Camille Moreau" in text
    refused = relais.reply_text(f"/callback {command} 2026-01-01 2025-01-01")
    assert "period: Wednesday 1 January 2025 is before Thursday 1 January 2026" in refused


@pytest.mark.parametrize(("command", "title"), [("calls", "Calls"), ("summary", "Call summary")])
def test_a_range_without_calls_says_so(relais: Relais, command: str, title: str) -> None:
    text = relais.reply_text(f"/callback {command} 2025-01-01 2025-01-31 popup=boutique")
    period = "from Wednesday 1 January to Friday 31 January 2025"
    assert text == f"{title} of Boutique (#197), {period}: no call."


def test_a_large_file_is_left_to_axialys_to_judge(relais: Relais) -> None:
    """Issue 10: 5 MiB was Relais's rule, not the document's; the file is sent and Axialys decides."""
    big = b"RIFF" + b"\0" * (6 * 1024 * 1024)
    file_id = relais.standin.add_file("attente.wav", big, mimetype="audio/wav", user=ADMIN)
    relais.command("/callback file upload", user=ADMIN)
    [view] = relais.standin.open_views(ADMIN)
    relais.driver.submit(view, {"popup": "197", "type": "son_operateur", "file": [file_id]}, user=ADMIN)
    relais.settle()
    assert len(methods(relais, "fichier_deposer")) == 1
    assert "the file is too large for Axialys" in relais.standin.ephemerals(ADMIN)[-1].all_text()
