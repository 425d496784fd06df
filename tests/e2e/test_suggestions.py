"""Mistyped subcommands answered with the nearest names, never read as something else (issue 12, item 3)."""

from __future__ import annotations

from tests.axialys_support import sandbox
from tests.conftest import ADMIN, Relais


def test_a_mistyped_subcommand_is_answered_with_the_one_meant(relais: Relais) -> None:
    with sandbox(relais).recording() as seen:
        [answer] = relais.command("/callback planing list")
    assert answer.text.startswith(
        "`planing` is neither a /callback subcommand nor a number (`/callback <number>`): did you mean `planning list`?"
    )
    assert "/callback planning list" in answer.all_text()  # the help card under it
    assert seen == []  # no call placed to "planing", no vendor reached


def test_a_word_that_is_neither_a_subcommand_nor_a_number_says_both(relais: Relais) -> None:
    with sandbox(relais).recording() as seen:
        [answer] = relais.command("/callback bonjour")
    assert answer.text == "`bonjour` is neither a /callback subcommand nor a number (`/callback <number>`)."
    assert seen == []


def test_a_mistyped_verb_of_a_group_is_answered_with_the_verb_meant(relais: Relais) -> None:
    [answer] = relais.command("/callback operators ad suport 0623456789", user=ADMIN)
    assert answer.text.startswith(
        "`/callback operators ad` is not a /callback subcommand: did you mean `operators add`?"
    )


def test_a_mistyped_push_subcommand_is_answered_with_the_one_meant(relais: Relais) -> None:
    [answer] = relais.command("/push smss 0612345678 Bonjour")
    assert answer.text == "`smss` is not a /push subcommand: did you mean `sms`?"


def test_a_number_still_places_a_call(relais: Relais) -> None:
    text = relais.reply_text("/callback 06 12 34 56 78 popup=77")
    assert "Place call" in text or "callback" in text.lower()
