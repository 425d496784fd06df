"""Roles: admins listed by id or through a user group, cached, failing closed."""

from __future__ import annotations

from typing import Any

from bot.core.access import GROUP_CACHE_SECONDS, Roles


class FakeSlack:
    def __init__(self) -> None:
        self.members = ["UGROUPIE"]
        self.failure: Exception | None = None
        self.calls = 0

    def usergroups_users_list(self, usergroup: str) -> dict[str, Any]:
        self.calls += 1
        if self.failure is not None:
            raise self.failure
        return {"users": list(self.members)}


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def roles() -> tuple[Roles, FakeSlack, Clock]:
    slack, clock = FakeSlack(), Clock()
    return Roles(frozenset({"UADMIN"}), "S1", slack, clock=clock), slack, clock  # type: ignore[arg-type]


def test_group_members_are_admins_and_the_group_is_cached() -> None:
    access, slack, clock = roles()
    assert access.is_admin("UGROUPIE") and access.is_admin("UADMIN") and not access.is_admin("UBOB")
    assert access.admins() == {"UADMIN", "UGROUPIE"}
    assert slack.calls == 1
    slack.members = []
    clock.now += GROUP_CACHE_SECONDS + 1
    assert not access.is_admin("UGROUPIE")  # removed from the group: no longer admin once the cache expires


def test_a_short_outage_keeps_the_last_members_a_long_one_fails_closed() -> None:
    access, slack, clock = roles()
    assert access.is_admin("UGROUPIE")
    slack.failure = TimeoutError("timed out")  # not a SlackApiError: must not escape either
    clock.now += GROUP_CACHE_SECONDS + 1
    assert access.is_admin("UGROUPIE")
    clock.now += GROUP_CACHE_SECONDS
    assert not access.is_admin("UGROUPIE") and access.is_admin("UADMIN")


def test_a_group_never_read_gives_no_admin_through_it() -> None:
    access, slack, _ = roles()
    slack.failure = ConnectionError("refused")
    assert not access.is_admin("UGROUPIE") and access.admins() == {"UADMIN"}
