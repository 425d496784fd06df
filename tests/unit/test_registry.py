"""Command registry and the parsing of command text."""

from __future__ import annotations

import pytest

from bot.slack.registry import Registry, Subcommand, split_subcommand
from handlers import build_registry


def test_split_subcommand() -> None:
    assert split_subcommand("  sms +336 Bonjour  ") == ("sms", "+336 Bonjour")
    assert split_subcommand("") == ("", "")


def test_registry_refuses_duplicates_and_bad_names() -> None:
    registry = Registry()
    registry.command("/x", "d", "h")
    sub = Subcommand("a", "s", "/x a", "/x a", lambda ctx, kit: None, "x")
    registry.sub("/x", sub)
    with pytest.raises(ValueError):
        registry.sub("/x", sub)
    with pytest.raises(ValueError):
        registry.command("/x", "d", "h")
    with pytest.raises(ValueError):
        registry.command("x" * 40, "d", "h")


def test_two_word_subcommands_are_resolved_before_one_word() -> None:
    registry = Registry()
    command = registry.command("/x", "d", "h")
    add = registry.sub("/x", Subcommand("operators add", "s", "/x operators add", "/x operators add 1", print, "x"))
    ops = registry.sub("/x", Subcommand("operators", "s", "/x operators", "/x operators", print, "x"))
    assert command.resolve("Operators ADD 12 Alice") == (add, "operators add", "12 Alice")
    assert command.resolve("operators list") == (ops, "operators", "list")
    assert command.resolve("nothing here") == (None, "nothing", "here")
    assert command.group("operators") == [add]
    with pytest.raises(ValueError):
        registry.sub("/x", Subcommand("a b c", "s", "/x a b c", "/x a b c", print, "x"))


def test_prefix_actions_are_found() -> None:
    registry = Registry()
    registry.action("relais.page:", lambda ctx, kit: None, family="relais")
    assert registry.find_action("relais.page:abc:2") is not None
    assert registry.find_action("relais.other") is None


def test_every_subcommand_has_a_usage_and_a_real_example() -> None:
    for name, command in build_registry().commands.items():
        for sub in command.subcommands.values():
            assert sub.usage.startswith(name) and sub.example.startswith(f"{name} {sub.name}")


def test_a_blueprint_declares_beside_its_functions_and_tags_everything_with_its_family() -> None:
    from bot.core.jobs import Job
    from bot.core.records import RecordKind
    from bot.core.safe_writes import Outcome
    from bot.slack.registry import Blueprint
    from tests.unit.test_records import Note

    family: Blueprint[str] = Blueprint("demo")
    family.command("/demo", "A demo", "go")
    notes = RecordKind("demo.note:", Note, "demo notes")
    family.record(notes)

    @family.sub("/demo", "go", summary="Go", usage="/demo go", example="/demo go", operations=("X1",))
    def go(ctx: object, kit: str) -> None: ...

    @family.action("demo.click:", operation="X2")
    def click(ctx: object, kit: str) -> None: ...

    @family.executor("demo.write", "X3 write", button="Write")
    def write(kit: str, params: dict[str, object]) -> Outcome:
        return Outcome(summary=kit)

    @family.job("demo.watch", reading="the demo")
    def watch(kit: str, job: Job) -> float | None:
        return None

    @family.home_section
    def home(kit: str, user_id: str) -> list[dict[str, object]]:
        return []

    registry = Registry()
    registry.include(family)
    command = registry.commands["/demo"]
    assert command.subcommands["go"].handler is go and command.subcommands["go"].family == "demo"
    assert registry.find_action("demo.click:42") is not None
    assert [e.kind for e in registry.executors] == ["demo.write"] and registry.executors[0].family == "demo"
    assert registry.jobs["demo.watch"].family == "demo" and registry.jobs["demo.watch"].reading == "the demo"
    assert [entry.family for entry in registry.home_sections] == ["demo"]
    assert registry.records == [notes]
    assert registry.all_operations() == {"X1", "X2"}
    with pytest.raises(ValueError, match="declared twice"):
        registry.include(family)  # a family's declarations are made once


def test_every_shipped_handler_is_declared_by_one_of_the_four_families() -> None:
    """The runtime builds one kit per family (and fails at start-up for a family without one)."""
    registry = build_registry()
    families = {sub.family for command in registry.commands.values() for sub in command.subcommands.values()}
    families |= {entry.family for entry in registry.actions.values()}
    families |= {entry.family for entry in registry.views.values()}
    families |= {entry.family for entry in registry.home_sections}
    families |= {executor.family for executor in registry.executors} | {job.family for job in registry.jobs.values()}
    assert families == {"relais", "clever", "cliqphone", "axialys"}
