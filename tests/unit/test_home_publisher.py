"""The App Home publisher: opened Homes at once, changes folded at each user's pace, never-opened Homes left alone."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel

from bot.core.records import RecordKind, Records
from bot.core.store import MemoryStore
from bot.slack.home import HOME_VIEWERS, HomePublisher


class FakeWeb:
    def __init__(self) -> None:
        self.published: list[tuple[str, dict[str, Any]]] = []
        self.lock = threading.Lock()

    def views_publish(self, *, user_id: str, view: dict[str, Any]) -> None:
        with self.lock:
            self.published.append((user_id, view))

    def to(self, user: str) -> list[dict[str, Any]]:
        with self.lock:
            return [view for who, view in self.published if who == user]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def parts() -> Iterator[tuple[HomePublisher, FakeWeb, Clock, dict[str, int]]]:
    web, clock, state = FakeWeb(), Clock(), {"version": 0}
    records = Records(MemoryStore(), [HOME_VIEWERS])
    publisher = HomePublisher(
        web,  # type: ignore[arg-type]
        records.of(HOME_VIEWERS),
        lambda user: {"type": "home", "blocks": [], "version": state["version"]},
        lambda: {"UADMIN"},
        interval=0.0,
        per_user_interval=10.0,
        clock=clock,
    )
    yield publisher, web, clock, state
    publisher.close()


def test_opening_publishes_at_once_and_changes_wait_for_the_user_s_pace(parts: Any) -> None:
    publisher, web, clock, state = parts
    publisher.opened("UALICE")
    assert publisher.flush(timeout=5, opened_only=True)
    assert len(web.to("UALICE")) == 1
    for version in range(1, 21):  # a campaign delivering: twenty changes within the pace
        state["version"] = version
        publisher.touch("UALICE")
    assert not publisher.flush(timeout=0.2), "a change was published before the user's pace allowed it"
    assert len(web.to("UALICE")) == 1
    clock.now += 10.0
    publisher.touch("UALICE")  # any later change (or the loop's own wake-up) publishes what is current
    assert publisher.flush(timeout=5)
    assert [view["version"] for view in web.to("UALICE")] == [0, 20]  # folded into one, the latest state


def test_a_home_never_opened_is_not_published_and_admins_follow_everyone(parts: Any) -> None:
    publisher, web, clock, _ = parts
    publisher.touch("UBOB")
    assert publisher.flush(timeout=1)
    assert web.published == []
    publisher.opened("UADMIN")
    assert publisher.flush(timeout=5)
    publisher.touch("UBOB")  # Bob's campaign changed: the admin, who opened the Home, follows it
    assert not publisher.flush(timeout=0.2)  # waiting for the admin's pace
    clock.now += 10.0
    publisher.touch()
    assert publisher.flush(timeout=5)
    assert len(web.to("UADMIN")) == 2 and web.to("UBOB") == []


class Unused(BaseModel):
    pass


def test_record_changes_reach_listeners_and_a_failing_listener_never_fails_the_write() -> None:
    kind = RecordKind("thing:", Unused, "things")
    records = Records(MemoryStore(), [kind])
    seen: list[tuple[str, bool]] = []
    things = records.of(kind)
    things.on_change(lambda thing_id, thing: seen.append((thing_id, thing is not None)))
    things.on_change(lambda thing_id, thing: 1 / 0)  # type: ignore[func-returns-value]
    things.put("a", Unused())
    assert things.add("b", Unused()) and not things.add("b", Unused())
    things.update("a", lambda current: current)
    things.delete("a")
    assert seen == [("a", True), ("b", True), ("a", True), ("a", False)]
