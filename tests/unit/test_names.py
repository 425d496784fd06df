"""Names whatever their case and accents, and the nearest names for a typo (bot/rules/names.py)."""

from __future__ import annotations

import pytest

from bot.rules.fields import FieldError
from bot.rules.names import closest, did_you_mean, fold, pick_name

GROUPS = ["Support", "Ventes", "Équipe de nuit", "Accueil"]


@pytest.mark.parametrize(
    ("typed", "known"),
    [
        ("support", "Support"),
        ("SUPPORT", "Support"),
        ("  Support ", "Support"),
        ("equipe de nuit", "Équipe de nuit"),
        ("équipe  de NUIT", "Équipe de nuit"),
        ("ACCUEIL", "Accueil"),
    ],
)
def test_a_name_whatever_its_case_and_accents(typed: str, known: str) -> None:
    assert pick_name("group", typed, GROUPS, what="group") == known


@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ("suport", "did you mean `Support`?"),
        ("vente", "did you mean `Ventes`?"),
        ("acceuil", "did you mean `Accueil`?"),
        ("planing", ""),
    ],
)
def test_typos_offer_the_nearest_names(typed: str, offered: str) -> None:
    assert did_you_mean(typed, GROUPS) == offered


def test_an_unknown_name_is_refused_with_the_name_meant() -> None:
    with pytest.raises(FieldError) as refused:
        pick_name("group", "suport", GROUPS, what="group")
    assert str(refused.value).startswith("group: there is no group named `suport`: did you mean `Support`?")


def test_an_unknown_name_far_from_all_lists_the_known_ones() -> None:
    with pytest.raises(FieldError) as refused:
        pick_name("group", "zzz", GROUPS, what="group", hint="`/callback operators list` shows them")
    assert "there is no group named `zzz` (known: `Support`, `Ventes`, `Équipe de nuit`, `Accueil`)" in str(
        refused.value
    )
    assert refused.value.hint == "`/callback operators list` shows them"


def test_fold_and_closest() -> None:
    assert fold("  L’Équipe   Été ") == "l'equipe ete"
    assert closest("operatros", ["operators", "planning", "popup"]) == ["operators"]
