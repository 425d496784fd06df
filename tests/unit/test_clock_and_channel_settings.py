"""Relais' clock (frozen and moved by tests) and per-channel settings read with their defaults."""

from __future__ import annotations

from datetime import datetime

from bot.core.channel_settings import CHANNEL_SETTINGS, ChannelSettings, ChannelSettingsBook
from bot.core.clock import Clock
from bot.core.records import Records
from bot.core.store import MemoryStore
from bot.core.timezone import PARIS


def test_a_frozen_clock_answers_paris_time_and_moves_only_when_told() -> None:
    clock = Clock()
    clock.freeze(datetime(2026, 12, 7, 21, 29))
    assert clock.now() == datetime(2026, 12, 7, 21, 29, tzinfo=PARIS)
    clock.advance(120)
    assert clock.now() == datetime(2026, 12, 7, 21, 31, tzinfo=PARIS)
    clock.thaw()
    assert abs((clock.now() - datetime.now(PARIS)).total_seconds()) < 60


def test_a_channel_nobody_set_reads_as_the_defaults() -> None:
    book = ChannelSettingsBook(Records(MemoryStore(), [CHANNEL_SETTINGS]).of(CHANNEL_SETTINGS))
    assert book.of("CNEW") == ChannelSettings()
    assert book.of("CNEW").nature == "promotional" and book.of("CNEW").rules == "charter-2026"
    book.records.put("COPS", ChannelSettings(nature="transactional", rules="none", monthly_budget=5000))
    assert book.of("COPS").monthly_budget == 5000
