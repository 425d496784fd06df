"""What counts as "the same" send (push and callback fingerprints) and the log of recent sends."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.core.recent_sends import RECENT_SENDS, REPEAT_WINDOW, RecentSendLog, Sent
from bot.core.records import Records
from bot.core.store import MemoryStore
from bot.services import CORE_RECORDS
from handlers.axialys.call_executor import call_fingerprint
from handlers.axialys.call_input import check_call_input
from handlers.clever.push_executor import push_fingerprint
from handlers.clever.push_prepare import push_params
from handlers.clever.push_rules import PushDraft, plan_push

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
T0 = 1_800_000_000.0


def push(**fields: Any) -> dict[str, Any]:
    """The executor's parameters of a checked push (as the card stages them)."""
    draft = PushDraft(**{"channel": "sms", "recipients": "0612345678", "text": "Bonjour", **fields})
    return push_params(plan_push(draft, now=NOW, templates=None, known_fields=None, audience_size=None))


def call(number: str, popup: int = 77) -> dict[str, Any]:
    return {**check_call_input({"number": number}).model_dump(mode="json"), "id_popup": popup, "popup_name": "Accueil"}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"recipients": "06 12 34 56 78"}, {"recipients": "+33 6 12 34 56 78"}),
        ({"recipients": "0612345678,0698765432"}, {"recipients": "+33698765432 0033612345678"}),
        ({"recipients": "0612345678,0612345678"}, {"recipients": "0612345678", "keep_duplicates": "yes"}),
        ({}, {"sender": "RELAIS", "flash": "yes"}),  # who it seems to come from does not make another message
        ({}, {"at": "2026-12-01 09:00"}),  # nor when it goes
        (
            {"channel": "mail", "recipients": "Marie@Example.fr", "subject": "Lettre"},
            {"channel": "mail", "recipients": "marie@example.fr", "subject": "Lettre"},
        ),
    ],
)
def test_the_same_push_has_the_same_fingerprint(first: dict[str, Any], second: dict[str, Any]) -> None:
    assert push_fingerprint(push(**first)) == push_fingerprint(push(**second))


@pytest.mark.parametrize(
    "other",
    [
        {"text": "Bonjour !"},
        {"text": "bonjour"},
        {"recipients": "0612345678,0698765432"},
        {"recipients": "0698765432"},
        {"channel": "tts"},
        {"audience": "criteria", "recipients": "", "criteria": "diffusion=on"},
        {"audience": "broadcast", "recipients": ""},
    ],
)
def test_another_text_recipient_set_channel_or_audience_is_another_push(other: dict[str, Any]) -> None:
    assert push_fingerprint(push(**other)).key != push_fingerprint(push()).key


@pytest.mark.parametrize(
    ("fields", "same"),
    [
        ({"recipients": "0612345678 0698765432"}, "same message to the same 2 recipients"),
        ({"audience": "criteria", "recipients": "", "criteria": "diffusion=on"}, "contacts matching the same criteria"),
        ({"audience": "broadcast", "recipients": ""}, "same message to all contacts"),
        ({"channel": "mail", "recipients": "a@example.fr", "subject": "S"}, "same mail to the same 1 recipient"),
    ],
)
def test_a_push_fingerprint_says_what_is_the_same(fields: dict[str, Any], same: str) -> None:
    assert same in push_fingerprint(push(**fields)).same


def test_a_callback_is_the_same_number_through_the_same_popup() -> None:
    national, international = call_fingerprint(call("06 12 34 56 78")), call_fingerprint(call("+33 6 12 34 56 78"))
    assert national == international and call_fingerprint(call("0033612345678")) == national
    assert national.same == "same number +33612345678, pop-up Accueil" and national.done == "called"
    assert call_fingerprint(call("06 12 34 56 79")).key != national.key
    assert call_fingerprint(call("06 12 34 56 78", popup=197)).key != national.key


def test_pushes_and_callbacks_never_share_a_fingerprint() -> None:
    assert push_fingerprint(push()).key != call_fingerprint(call("0612345678")).key


@pytest.fixture
def log() -> RecentSendLog:
    return RecentSendLog(Records(MemoryStore(), CORE_RECORDS).of(RECENT_SENDS))


def sent(action_id: str, at: float, user: str = "UALICE") -> Sent:
    return Sent(action_id=action_id, user_id=user, at=at)


def test_a_send_is_noted_and_told_within_ten_minutes_only(log: RecentSendLog) -> None:
    assert log.note("k", sent("a", T0), told=None) is None
    assert log.latest("k", T0 + REPEAT_WINDOW) == sent("a", T0)
    assert log.latest("k", T0 + REPEAT_WINDOW + 1) is None
    assert log.latest("other", T0) is None


def test_a_send_the_card_has_not_told_about_stops_the_next(log: RecentSendLog) -> None:
    log.note("k", sent("a", T0), told=None)
    assert log.note("k", sent("b", T0 + 1), told=None) == sent("a", T0)
    assert log.note("k", sent("b", T0 + 2), told=sent("a", T0)) is None  # asked about a: b goes
    assert log.note("k", sent("c", T0 + 3), told=sent("a", T0)) == sent("b", T0 + 2)  # b is news to c
    assert log.note("k", sent("d", T0 + REPEAT_WINDOW + 3), told=None) is None  # both too old to count


def test_a_retried_note_of_the_same_card_is_noted_once(log: RecentSendLog) -> None:
    log.note("k", sent("a", T0), told=None)
    assert log.note("k", sent("a", T0), told=None) is None
    log.withdraw("k", "a")
    assert log.latest("k", T0) is None


def test_a_withdrawn_send_no_longer_counts(log: RecentSendLog) -> None:
    log.note("k", sent("a", T0), told=None)
    log.note("k", sent("b", T0 + 5), told=sent("a", T0))
    log.withdraw("k", "b")
    assert log.latest("k", T0 + 10) == sent("a", T0)
    log.withdraw("k", "nobody")
    assert log.latest("k", T0 + 10) == sent("a", T0)


def test_the_hourly_sweep_drops_the_sends_older_than_ten_minutes() -> None:
    store = MemoryStore()
    records = Records(store, CORE_RECORDS, clock=lambda: T0)
    recent = RecentSendLog(records.of(RECENT_SENDS))
    recent.note("old", sent("a", T0 - REPEAT_WINDOW - 1), told=None)
    recent.note("new", sent("b", T0 - 60), told=None)
    assert records.sweep() == {"sent:": 1}
    assert [key for key, _ in store.scan("sent:")] == ["sent:new"]
