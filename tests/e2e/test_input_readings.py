"""Input read as people type it, and nothing read as something else without saying so (issue 12)."""

from __future__ import annotations

from tests.clever_support import card_for, sandbox
from tests.conftest import Relais


def test_french_digit_groups_make_two_recipients_not_one_and_a_message(relais: Relais) -> None:
    text = card_for(relais, "/push sms 06 12 34 56 78 06 98 76 54 32 Bonjour").all_text()
    assert "Recipients: 2 valid, 0 invalid" in text
    assert "Message: Bonjour" in text and "Message: 06 98" not in text
    assert sandbox(relais).requests("/api/pushs") == []
