"""Command registry and the parsing of command text."""

from __future__ import annotations

import pytest

from bot.core.registry import OptionsError, Registry, Subcommand, parse_options, split_subcommand
from handlers import build_registry


def test_split_subcommand() -> None:
    assert split_subcommand("  sms +336 Bonjour  ") == ("sms", "+336 Bonjour")
    assert split_subcommand("") == ("", "")


def test_options_come_before_free_text() -> None:
    options, rest = parse_options('at="2026-12-01 09:00" from=RELAIS Bonjour ! a=b')
    assert options == {"at": "2026-12-01 09:00", "from": "RELAIS"}
    assert rest == "Bonjour ! a=b"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('at="2026-12-01', "the quote is not closed"),
        ("x=1 x=2 hi", "given twice"),
        ("colour=red hi", "unknown option; known options are at, from"),
    ],
)
def test_bad_options_say_what_to_do(text: str, message: str) -> None:
    with pytest.raises(OptionsError, match=message):
        parse_options(text, known={"at", "from", "x"} if "x=" in text else {"at", "from"})


def test_registry_refuses_duplicates_and_bad_names() -> None:
    registry = Registry()
    registry.command("/x", "d", "h")
    sub = Subcommand("a", "s", "/x a", "/x a", lambda ctx: None)
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
    add = registry.sub("/x", Subcommand("operators add", "s", "/x operators add", "/x operators add 1", print))
    ops = registry.sub("/x", Subcommand("operators", "s", "/x operators", "/x operators", print))
    assert command.resolve("Operators ADD 12 Alice") == (add, "operators add", "12 Alice")
    assert command.resolve("operators list") == (ops, "operators", "list")
    assert command.resolve("nothing here") == (None, "nothing", "here")
    assert command.group("operators") == [add]
    with pytest.raises(ValueError):
        registry.sub("/x", Subcommand("a b c", "s", "/x a b c", "/x a b c", print))


def test_prefix_actions_are_found() -> None:
    registry = Registry()
    registry.action("relais.page:", lambda ctx: None)
    assert registry.find_action("relais.page:abc:2") is not None
    assert registry.find_action("relais.other") is None


def test_every_subcommand_has_a_usage_and_a_real_example() -> None:
    for name, command in build_registry().commands.items():
        for sub in command.subcommands.values():
            assert sub.usage.startswith(name) and sub.example.startswith(f"{name} {sub.name}")
