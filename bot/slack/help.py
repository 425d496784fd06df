"""Help cards, generated from the registry (never written by hand, so never stale)."""

from __future__ import annotations

from typing import Any

from bot.slack.blockkit import MAX_SECTION_TEXT, context, divider, header, section
from bot.slack.registry import Command, Registry, Subcommand

__all__ = ["command_help", "overview_help"]


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


def overview_help(registry: Registry) -> tuple[str, list[dict[str, Any]]]:
    """`/relais help`: every command and subcommand, one example each."""
    blocks: list[dict[str, Any]] = [header("Relais — what you can ask")]
    for command in registry.commands.values():
        subs = list(command.subcommands.values()) + ([command.fallback] if command.fallback else [])
        lines = [f"• `{sub.usage}`{' _(admins)_' if sub.admin_only else ''} — e.g. `{sub.example}`" for sub in subs]
        blocks.extend(_chunked_sections(f"*{command.name}* — {command.description}", lines or ["_no subcommands yet_"]))
        blocks.append(divider())
    blocks.append(context("Each command also answers `help` with its own card."))
    return "Relais help", blocks
