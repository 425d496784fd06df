"""Vendor things named as people type them (issue 12, items 2, 3 and 5): any case, nearest names for a typo,
a new group or planning only with the word `new`, destinations by code, name or id, orderings in words."""

from __future__ import annotations

from bot.slack.cards import CONFIRM
from tests.axialys_support import admin, card_of, methods, sandbox
from tests.clever_support import card_for
from tests.clever_support import sandbox as clever
from tests.conftest import ADMIN, Relais


def test_a_mistyped_group_is_refused_with_the_one_meant_and_nothing_is_created(relais: Relais) -> None:
    text = admin(relais, "/callback operators add suport 0623456789")
    assert "group: there is no operator group named `suport`: did you mean `support`?" in text
    assert "/callback operators add new suport <number>" in text  # how to create it, when that was meant
    assert methods(relais, "operateur_ajout") == [] and "suport" not in sandbox(relais).groups()


def test_new_creates_a_group_and_any_case_finds_an_existing_one(relais: Relais) -> None:
    assert "added to hotline" in admin(relais, "/callback operators add new hotline 0623456789")
    assert "hotline" in sandbox(relais).groups()
    assert "added to support" in admin(relais, "/callback operators add SUPPORT 01 70 20 02 59")
    assert "Operators of support" in relais.reply_text("/callback operators list Support")


def test_orderings_are_said_in_words_and_read_in_words(relais: Relais) -> None:
    text = relais.reply_text("/callback operators list")
    assert "*commercial* · calls its operators round robin (TOURNANTE)" in text
    assert "*astreinte* · calls its operators in order (FIXE)" in text
    assert "commercial now calls its operators at random (RANDOM)" in admin(
        relais, "/callback operators mode Commercial at random"
    )
    help_text = relais.reply_text("/callback help")
    assert "FIXE (in order), RANDOM (at random) or TOURNANTE (round robin)" in help_text


def test_plannings_are_found_whatever_their_case_and_a_typo_is_answered(relais: Relais) -> None:
    assert "lundi 09:00–12:30" in relais.reply_text("/callback planning show BUREAU")
    text = relais.reply_text("/callback planning show burau")
    assert "planning: there is no planning named `burau`: did you mean `bureau`?" in text
    text = admin(relais, "/callback planning add-hours soiree lundi 19:00-21:00")
    assert "there is no planning named `soiree`" in text and "add-hours new soiree" in text
    assert "soiree" not in sandbox(relais).plannings()
    admin(relais, "/callback planning add-hours new soiree lundi 19:00-21:00")
    assert sandbox(relais).plannings()["soiree"]["slots"] == ["lundi 19:00-21:00"]


def test_popups_are_named_or_numbered_everywhere(relais: Relais) -> None:
    assert "Destinations of Boutique (#197)" in relais.reply_text("/callback popup destinations boutique")
    card = card_of(relais.command("/callback popup delete boutique", user=ADMIN))
    assert "Pop-up #197" in card.all_text()
    text = admin(relais, "/callback popup allow acueil BE_Mobile")
    assert "popup: there is no pop-up named `acueil`: did you mean `Accueil`?" in text
    assert methods(relais, "popup_destination_ajout") == []


def test_destinations_by_code_name_or_id(relais: Relais) -> None:
    admin(relais, "/callback popup allow Accueil Belgique mobile, 1020 lu_fixe")
    [accueil] = [p for p in sandbox(relais).popups() if p["id"] == 77]
    assert {"BE_Mobile", "CH_Fixe", "LU_Fixe"} <= set(accueil["allowed_destinations"])  # type: ignore[arg-type]
    admin(relais, "/callback popup forbid 77 suisse FIXE")
    [accueil] = [p for p in sandbox(relais).popups() if p["id"] == 77]
    assert "CH_Fixe" not in accueil["allowed_destinations"]  # type: ignore[operator]
    text = admin(relais, "/callback popup allow 77 Belgike mobile")
    assert "`Belgike` is not a destination: did you mean `Belgique mobile`" in text
    assert "Belgique mobile (#1011) · €0.1200/min · `BE_Mobile`" in relais.reply_text("/callback popup destinations 77")


def test_a_popup_names_its_planning_and_groups_as_typed(relais: Relais) -> None:
    text = admin(relais, "/callback popup create name=Salon planning=BUREAU open=Support closed=astreint")
    assert "closed: there is no operator group named `astreint`: did you mean `astreinte`?" in text
    text = admin(relais, "/callback popup create name=Salon planning=BUREAU open=Support")
    new_id = int(text.split("id ")[-1].rstrip("."))
    [created] = [p for p in sandbox(relais).popups() if p["id"] == new_id]
    assert (created["planning"], created["open_group"]) == ("bureau", "support")


# -- Cliqphone: English option names, the vendor's names read as aliases ------------------------------------------
def test_number_filters_in_english_or_in_cliqphones_words_read_alike(relais: Relais) -> None:
    english = relais.reply_text('/number list holder="Jean Dupont" active=yes type=phone zone=fr_01')
    wire = relais.reply_text('/number list porteur="Jean Dupont" etat=true type=TE code=fr_01')
    assert "33187224465" in english and english == wire
    assert "Filters: zone=fr_01, active=yes, type=phone, holder=Jean Dupont" in english
    assert "· phone" in english  # the listing says the type as the filter takes it
    text = relais.reply_text("/number list holder=A porteur=B")
    assert "holder: given twice (`porteur=` is `holder=`)" in text


def test_an_edit_takes_the_same_names_as_the_listing(relais: Relais) -> None:
    text = relais.reply_text('/number edit 141 holder="Léa Martin" active=no', user=ADMIN)
    assert "Holder name (holder): Jean Dupont → Léa Martin" in text and "Active (active): yes → no" in text
    text = relais.reply_text('/number edit 141 nomPorteur="Jean Dupont"', user=ADMIN)
    assert "Holder name (holder): Léa Martin → Jean Dupont" in text
    assert "holder=Jean Dupont" in relais.reply_text('/number list holder="Jean Dupont"')


def test_the_number_help_shows_english_names(relais: Relais) -> None:
    text = relais.reply_text("/number help")
    assert "/number list [zone=] [active=] [type=phone|fax] [number=] [campaign=] [holder=]" in text
    assert "type=MI (introduction message)" in text


# -- Clever: values in the forms the card prints, predefined messages by title as typed ------------------------------
def test_the_encoding_is_read_as_the_card_prints_it(relais: Relais) -> None:
    card = card_for(relais, "/push sms 0612345678 encoding=UCS-2 Bonjour")
    assert "UCS-2" in card.all_text()
    assert "is not one of" not in relais.reply_text("/push sms 0612345678 encoding=GSM Bonjour")


def test_a_template_is_found_whatever_its_case_and_a_typo_is_answered(relais: Relais) -> None:
    text = relais.reply_text('/push criteria sms criteria="diffusion=on" template="rapel rdv"')
    assert "template: there is no predefined message named `rapel rdv`: did you mean `Rappel RDV`?" in text
    card = card_for(relais, '/push criteria sms criteria="diffusion=on" template="rappel rdv"')
    assert "predefined message «Rappel RDV»" in card.all_text()
    relais.click(card, CONFIRM)
    pushed = clever(relais).push(max(clever(relais).pushes()))
    assert pushed["text"].startswith("Bonjour, nous vous rappelons")


def test_cliqphone_zones_by_code_or_name_with_the_nearest_for_a_typo(relais: Relais) -> None:
    by_name = relais.reply_text("/number available nord-ouest")
    assert "Free Cliqphone numbers in fr_02" in by_name
    assert "Free Cliqphone numbers in fr_01" in relais.reply_text("/number available ile-de-france 8722")
    typo = relais.reply_text("/number available nord-oest")
    assert "there is no zone named `nord-oest`: did you mean `Nord-Ouest`" in typo
    assert "Cliqphone zone fr_04" in relais.reply_text("/number zones Sud-Est")
