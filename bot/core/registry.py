"""The command registry: every slash command, subcommand, button and modal Relais answers.

One source for: routing (text → subcommand), access control (``admin_only`` is read by
the filter in ``bot.core.access``, never by handlers), help cards (usage and one real
example per subcommand), and the manifest check (the commands in manifest.yaml must be
exactly the registry's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.core.jobs import JobKind

if TYPE_CHECKING:
    from bot.core.jobs import JobFunction, PlacesFunction
    from bot.core.safe_writes import Executor
    from bot.services import Services
    from bot.slack.context import ActionContext, CommandContext, ViewContext

__all__ = [
    "ActionEntry",
    "Command",
    "Registry",
    "Subcommand",
    "ViewEntry",
    "split_subcommand",
]

CommandHandler = Callable[["CommandContext"], None]
ActionHandler = Callable[["ActionContext"], None]
#: Returns inline errors {block_id: message}; empty when the submission is valid. Pure: no I/O.
ViewValidator = Callable[["ViewContext"], dict[str, str]]
ViewHandler = Callable[["ViewContext"], None]
#: A part of the App Home tab: (services, user_id) → blocks. Reads vendors: runs on the worker pool.
HomeSection = Callable[["Services", str], list[dict[str, Any]]]


@dataclass(frozen=True)
class Subcommand:
    name: str
    summary: str
    usage: str
    example: str
    handler: CommandHandler
    admin_only: bool = False
    #: The vendor operation ids (e.g. "M11") this subcommand reaches: the coverage test reads them.
    operations: tuple[str, ...] = ()


@dataclass
class Command:
    name: str  # "/push"
    description: str
    usage_hint: str
    vendor: str | None = None
    subcommands: dict[str, Subcommand] = field(default_factory=dict)
    #: Used when the first word is not a subcommand name (e.g. `/callback +33612345678`).
    fallback: Subcommand | None = None
    #: Replaces the generated help card (``/relais help`` shows every command instead).
    help: Subcommand | None = None

    def find(self, word: str) -> Subcommand | None:
        return self.subcommands.get(word.lower())

    def resolve(self, text: str) -> tuple[Subcommand | None, str, str]:
        """The subcommand a command line names, longest name first: (subcommand, name, rest).

        Two-word names (``operators add``) group related verbs under one noun; a line whose
        first two words are not such a name falls back to its first word.
        """
        word, rest = split_subcommand(text)
        second, after = split_subcommand(rest)
        if second:
            pair = self.subcommands.get(f"{word} {second}".lower())
            if pair is not None:
                return pair, pair.name, after
        return self.find(word) if word else None, word.lower(), rest

    def group(self, word: str) -> list[Subcommand]:
        """The two-word subcommands whose first word is ``word`` (``operators`` → list, add, …)."""
        prefix = f"{word.lower()} "
        return [sub for key, sub in self.subcommands.items() if key.startswith(prefix)]


@dataclass(frozen=True)
class ActionEntry:
    action_id: str  # exact, or a prefix ending with ":" (the rest is free for the handler)
    handler: ActionHandler
    admin_only: bool = False
    operation: str = ""


@dataclass(frozen=True)
class ViewEntry:
    callback_id: str
    validate: ViewValidator
    submit: ViewHandler
    admin_only: bool = False


class Registry:
    def __init__(self) -> None:
        self.commands: dict[str, Command] = {}
        self.actions: dict[str, ActionEntry] = {}
        self.views: dict[str, ViewEntry] = {}
        self.home_sections: list[HomeSection] = []
        self.executors: list[Executor] = []  # safe-write kinds (bot.core.safe_writes)
        self.jobs: dict[str, JobKind] = {}  # watcher kinds (bot.core.jobs)

    # -- declaring ----------------------------------------------------------------------------
    def command(self, name: str, description: str, usage_hint: str, vendor: str | None = None) -> Command:
        if not name.startswith("/") or not 2 <= len(name) <= 32:
            raise ValueError(f"command name {name!r}: a slash and 1 to 31 characters")
        if name in self.commands:
            raise ValueError(f"command {name} declared twice")
        command = Command(name, description, usage_hint, vendor)
        self.commands[name] = command
        return command

    def sub(self, command: str, subcommand: Subcommand, *, fallback: bool = False) -> Subcommand:
        owner = self.commands[command]
        key = subcommand.name.lower()
        if len(key.split()) > 2 or key != " ".join(key.split()):
            raise ValueError(f"{command} {subcommand.name!r}: one word, or two separated by one space")
        if fallback:
            owner.fallback = subcommand
        elif key == "help":
            owner.help = subcommand
        else:
            if key in owner.subcommands:
                raise ValueError(f"{command} {subcommand.name} declared twice")
            owner.subcommands[key] = subcommand
        return subcommand

    def action(self, action_id: str, handler: ActionHandler, *, admin_only: bool = False, operation: str = "") -> None:
        if action_id in self.actions:
            raise ValueError(f"action {action_id} declared twice")
        self.actions[action_id] = ActionEntry(action_id, handler, admin_only, operation)

    def view(self, callback_id: str, validate: ViewValidator, submit: ViewHandler, *, admin_only: bool = False) -> None:
        if callback_id in self.views:
            raise ValueError(f"view {callback_id} declared twice")
        self.views[callback_id] = ViewEntry(callback_id, validate, submit, admin_only)

    def home_section(self, section: HomeSection) -> None:
        self.home_sections.append(section)

    def executor(self, executor: Executor) -> None:
        self.executors.append(executor)

    def job(
        self, kind: str, fn: JobFunction, *, reading: str = "the vendor", places: PlacesFunction | None = None
    ) -> None:
        """A watcher kind; ``reading`` and ``places`` say what it reads and where trouble is told (bot.core.jobs)."""
        if kind in self.jobs:
            raise ValueError(f"job kind {kind} declared twice")
        self.jobs[kind] = JobKind(fn, reading=reading, places=places)

    # -- finding ------------------------------------------------------------------------------
    def find_action(self, action_id: str) -> ActionEntry | None:
        exact = self.actions.get(action_id)
        if exact is not None:
            return exact
        head, sep, _ = action_id.partition(":")
        return self.actions.get(head + sep) if sep else None

    def all_operations(self) -> set[str]:
        found: set[str] = set()
        for command in self.commands.values():
            subs = list(command.subcommands.values()) + ([command.fallback] if command.fallback else [])
            for sub in subs:
                found.update(sub.operations)
        for entry in self.actions.values():
            if entry.operation:
                found.add(entry.operation)
        return found


def split_subcommand(text: str) -> tuple[str, str]:
    """'sms +336… Bonjour' → ('sms', '+336… Bonjour'); surrounding blanks ignored."""
    stripped = text.strip()
    if not stripped:
        return "", ""
    word, _, rest = stripped.partition(" ")
    return word, rest.strip()
