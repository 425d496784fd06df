"""GSM alphabet help (issue 12, item 9) and encodings as people write them (bot/rules/sms.py)."""

from __future__ import annotations

import pytest

from bot.rules.fields import FieldError
from bot.rules.sms import ENCODAGE_GSM, analyse_sms, gsm_offer, read_encoding

LONG = "Bonjour, votre rendez-vous de la semaine prochaine est confirmé. Merci de répondre avant vendredi."


def test_a_few_characters_forcing_ucs2_are_offered_their_gsm_equivalents() -> None:
    sms = analyse_sms(f"Fête : l’offre {LONG}")
    assert sms.segments == 2
    offer = gsm_offer(sms)
    assert offer is not None
    assert offer.result.text == f"Fete : l'offre {LONG}"
    assert offer.result.encodage == ENCODAGE_GSM and offer.result.segments == 1 and offer.saves == 1
    assert offer.summary() == "ê → e, ’ → ': 1 segment instead of 2 per recipient (GSM 03.38)"


def test_repeated_characters_are_counted() -> None:
    offer = gsm_offer(analyse_sms(f"Fête fête fête ! {LONG}"))
    assert offer is not None and offer.replaced == [("ê", "e", 3)]


@pytest.mark.parametrize(
    "text",
    [
        "Fête",  # one segment either way: nothing to gain, the text stays as written
        f"Bonjour 😀 l’offre {LONG}",  # the emoji keeps UCS-2: no cheaper
        f"Bonjour {LONG}",  # GSM already
    ],
)
def test_no_offer_when_it_saves_nothing(text: str) -> None:
    assert gsm_offer(analyse_sms(text)) is None


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("", "auto"),
        ("Auto", "auto"),
        ("gsm", "gsm"),
        ("GSM 03.38", "gsm"),
        ("GSM-7", "gsm"),
        ("latin", "gsm"),
        ("ucs2", "ucs2"),
        ("UCS-2", "ucs2"),
        ("unicode", "ucs2"),
    ],
)
def test_encodings_as_written_on_the_card(typed: str, read: str) -> None:
    assert read_encoding("encoding", typed) == read


def test_an_unknown_encoding_names_the_choices() -> None:
    with pytest.raises(FieldError, match="encoding: `utf-8` is not one of auto, gsm, ucs2"):
        read_encoding("encoding", "utf-8")
