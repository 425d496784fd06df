"""Help cards, generated from the registry (never written by hand, so never stale), and the topic cards.

A topic (``/relais help dates``) explains a format or a command's options with examples; the
topics are declared in one table (handlers/relais/topics.py) and drawn here like the command cards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.slack.blockkit import MAX_SECTION_TEXT, context, divider, header, section
from bot.slack.registry import Command, Registry, Subcommand

__all__ = ["Topic", "command_help", "overview_help", "topic_help"]


@dataclass(frozen=True)
class Topic:
    """One `/relais help <name>` card: what a format or a command's options mean, with examples."""

    name: str
    title: str
    #: One line for the list of topics in `/relais help`.
    summary: str
    #: The card's paragraphs (mrkdwn), each at most one section long.
    sections: tuple[str, ...]
    #: Whole command lines to copy: tests/e2e/test_help_examples.py pastes each into a fresh Relais.
    examples: tuple[str, ...] = ()
    #: Other words people look for it under ("date", "time", "quand").
    aliases: tuple[str, ...] = ()


def _line(sub: Subcommand) -> str:
    admin = " _(admins)_" if sub.admin_only else ""
    return f"*`{sub.usage}`*{admin}\n{sub.summary}\ne.g. `{sub.example}`"


def command_help(command: Command, *, problem: str | None = None) -> tuple[str, list[dict[str, Any]]]:
    """The help card of one command: every subcommand with its usage and one real example."""
    blocks: list[dict[str, Any]] = [header(f"{command.name} — {command.description}")]
    if problem:
        blocks.append(section(f":warning: {problem}"))
    subs = list(command.subcommands.values()) + ([command.fallback] if command.fallback else [])
    if not subs:
        blocks.append(section("No subcommands are available yet."))
    # Sections hold 3,000 characters: one subcommand per section keeps every card within limits.
    blocks.extend(section(_line(sub)) for sub in subs)
    blocks.append(
        context(f"Options are `key=value`; each usage line shows where they go. `{command.name} help` shows this card.")
    )
    return f"{command.name} help", blocks


def _chunked_sections(title: str, lines: list[str]) -> list[dict[str, Any]]:
    """Lines packed into as few sections as the 3,000-character section limit allows."""
    sections, current = [], title
    for line in lines:
        if len(current) + 1 + len(line) > MAX_SECTION_TEXT:
            sections.append(section(current))
            current = line
        else:
            current = f"{current}\n{line}"
    sections.append(section(current))
    return sections


def topic_help(topic: Topic) -> tuple[str, list[dict[str, Any]]]:
    """The card of one topic: its paragraphs, then the examples to copy."""
    blocks: list[dict[str, Any]] = [header(topic.title), *(section(text) for text in topic.sections)]
    if topic.examples:
        blocks.extend(_chunked_sections("*Try*", [f"`{line}`" for line in topic.examples]))
    blocks.append(context("`/relais help` lists every command and every topic."))
    return topic.title, blocks


def overview_help(registry: Registry, topics: Sequence[Topic] = ()) -> tuple[str, list[dict[str, Any]]]:
    """`/relais help`: every command and subcommand, one example each, then the topics."""
    blocks: list[dict[str, Any]] = [header("Relais — what you can ask")]
    for command in registry.commands.values():
        subs = list(command.subcommands.values()) + ([command.fallback] if command.fallback else [])
        lines = [f"• `{sub.usage}`{' _(admins)_' if sub.admin_only else ''} — e.g. `{sub.example}`" for sub in subs]
        blocks.extend(_chunked_sections(f"*{command.name}* — {command.description}", lines or ["_no subcommands yet_"]))
        blocks.append(divider())
    if topics:
        lines = [f"• `/relais help {topic.name}` — {topic.summary}" for topic in topics]
        blocks.extend(_chunked_sections("*Topics*: formats and options explained, with examples", lines))
    blocks.append(context("Each command also answers `help` with its own card."))
    return "Relais help", blocks
