"""The opt-out words of an SMS reply: the whole reply, case, accents, spaces and punctuation ignored."""

from __future__ import annotations

import pytest

from bot.rules.stop_words import stop_word


@pytest.mark.parametrize(
    ("reply", "word"),
    [
        ("STOP", "stop"),
        ("Stop", "stop"),
        ("stop", "stop"),
        ("  STOP  ", "stop"),
        ("Stop.", "stop"),
        ("STOP !!!", "stop"),
        ("ARRET", "arret"),
        ("ARRÊT", "arret"),
        (" arrêt ! ", "arret"),
        ("Arrêt", "arret"),
        ("STOP SMS", "stop sms"),
        ("stop   sms", "stop sms"),
        ("stop-sms", "stop sms"),
        ("DESABONNER", "desabonner"),
        ("Désabonner", "desabonner"),
        ("UNSUBSCRIBE", "unsubscribe"),
        ("unsubscribe 🙏", "unsubscribe"),
        ("\nStop\n", "stop"),
    ],
)
def test_an_opt_out_word_alone_is_read_whatever_its_case_accents_and_punctuation(reply: str, word: str) -> None:
    assert stop_word(reply) == word


@pytest.mark.parametrize(
    "reply",
    [
        "stop calling me at night",
        "please stop",
        "STOP 36111",
        "STOP STOP",
        "stopper",
        "arrêter",
        "OUI",
        "",
        "   ",
        "!!!",
        "non stop",
        "S T O P",
    ],
)
def test_a_word_inside_a_sentence_or_another_word_is_not_an_opt_out(reply: str) -> None:
    assert stop_word(reply) is None
