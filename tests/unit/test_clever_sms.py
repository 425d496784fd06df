"""SMS encoding and segments: GSM 03.38 (+ extension table) vs UCS-2, never a silent switch."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.rules.fields import FieldError
from bot.rules.sms import GSM_BASIC, GSM_EXTENSION, analyse_sms, gsm_septets, segments_for

LATIN_GSM = sorted(c for c in GSM_BASIC | GSM_EXTENSION if c not in "ΔΦΓΛΩΠΨΣΘΞ")


@pytest.mark.parametrize(
    ("text", "encodage", "segments"),
    [
        ("a" * 160, 3, 1),
        ("a" * 161, 3, 2),
        ("a" * 306, 3, 2),
        ("a" * 307, 3, 3),
        ("€" * 80, 3, 1),  # 160 septets: escapes count twice
        ("€" * 81, 3, 2),
        ("ç" * 70, 4, 1),
        ("ç" * 71, 4, 2),
        ("ç" * 134, 4, 2),
        ("😀" * 35, 4, 1),  # UTF-16: an emoji is two units
        ("😀" * 36, 4, 2),
    ],
)
def test_segment_boundaries(text: str, encodage: int, segments: int) -> None:
    result = analyse_sms(text)
    assert (result.encodage, result.segments) == (encodage, segments)


def test_the_preview_says_why_ucs2_and_what_it_costs() -> None:
    result = analyse_sms("ç" + "a" * 100)
    assert result.reason == "ç forces UCS-2: 2 segments instead of 1"
    assert "not in the vendor's Latin character set" in analyse_sms("Δ").reason
    assert "count twice" in analyse_sms("[x]").reason


def test_rules_are_field_errors() -> None:
    with pytest.raises(FieldError, match="text: 1,001 characters, the limit is 1,000"):
        analyse_sms("a" * 1001)
    with pytest.raises(FieldError, match="text: required"):
        analyse_sms("  ")
    with pytest.raises(FieldError, match=r"cannot be sent in GSM 03\.38"):
        analyse_sms("ça", encoding="gsm")
    assert analyse_sms("hello", encoding="ucs2").encodage == 4


@given(st.text(alphabet=st.sampled_from(LATIN_GSM), min_size=1, max_size=1000).filter(str.strip))
def test_gsm_text_counts_septets(text: str) -> None:
    result = analyse_sms(text)
    septets = len(text) + sum(c in GSM_EXTENSION for c in text)
    assert result.encodage == 3 and result.length == septets == gsm_septets(text)
    assert result.segments == (1 if septets <= 160 else math.ceil(septets / 153))


@given(st.text(min_size=1, max_size=1000).filter(str.strip))
def test_any_text_is_costed_consistently(text: str) -> None:
    result = analyse_sms(text)
    assert result.segments == segments_for(result.length, result.encodage)
    if result.encodage == 4:
        assert result.length == len(text.encode("utf-16-le")) // 2 and "UCS-2" in result.reason
    assert 1 <= result.segments <= 30
