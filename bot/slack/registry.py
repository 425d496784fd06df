"""The command registry: every slash command, subcommand, button and modal Relais answers.

One source for: routing (text → subcommand), access control (``admin_only`` is read by
the dispatcher's filter, never by handlers), help cards (usage and one real example per
subcommand), the manifest check (the commands in manifest.yaml must be exactly the
registry's) and the operation coverage.

Handlers declare themselves beside their functions, on their family's ``Blueprint``
(``@clever.sub("/push", "sms", …)``); ``Registry.include`` gathers the blueprints. Each
family works with its own kit (``K``: its vendor client, its records, Slack output…),
built by the composition root and handed to every handler of the family as its second
argument, so a handler receives what it uses and nothing else.

It lives on the Slack side: what it names are Slack's commands, buttons, modals, shortcuts
and Home tab, and its handlers take the Slack contexts. Shortcuts are declared here and in
manifest.yaml (``features.shortcuts``): the manifest test checks they are the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from pydantic import BaseModel

from bot.core.jobs import JobKind
from bot.core.recent_sends import Fingerprint
from bot.core.records import RecordKind
from bot.core.safe_writes import Caution, Executor, Outcome, Refusal, WriteRecord
from bot.rules.names import closest, offer

if TYPE_CHECKING:
    from bot.core.jobs import Job, Place
    from bot.slack.context import ViewContext

__all__ = [
    "ActionEntry",
    "Blueprint",
    "Command",
    "HomeEntry",
    "HomeFollow",
    "Registry",
    "ShortcutEntry",
    "Subcommand",
    "ViewEntry",
    "split_subcommand",
]

K = TypeVar("K")
M = TypeVar("M", bound=BaseModel)
CommandHandler = Callable[..., None]
ActionHandler = Callable[..., None]
#: Returns inline errors {block_id: message}; empty when the submission is valid. Pure: no I/O.
ViewValidator = Callable[..., dict[str, str]]
ViewHandler = Callable[..., None]
#: A part of the App Home tab: (kit, user_id) → blocks. Reads vendors: runs on the worker pool.
HomeSection = Callable[[Any, str], list[dict[str, Any]]]


@dataclass(frozen=True)
class Subcommand:
    name: str
    summary: str
    usage: str
    example: str
    handler: CommandHandler
    #: The blueprint that declared it: its handler takes ``(ctx, kit)`` with that family's kit.
    family: str
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

    def takes_fallback(self, word: str) -> bool:
        """Whether a first word that names no subcommand goes to the fallback: only a word with a digit
        (a phone number, an id), so that a mistyped subcommand (``planing``) is never read as one."""
        return self.fallback is not None and any(c.isdigit() for c in word)

    def unknown(self, word: str, rest: str) -> str:
        """Why ``word`` (then ``rest``) names no subcommand, with the nearest names: one sentence."""
        second, _ = split_subcommand(rest)
        verbs = self.group(word)
        if verbs:
            names = [verb.name for verb in verbs]
            typed = f"{word} {second}".strip()
            near = closest(second, [name.split(" ", 1)[1] for name in names]) if second else []
            meant = offer([f"{word} {verb}" for verb in near])
            listed = ", ".join(f"`{self.name} {name}`" for name in names)
            if meant:
                return f"`{self.name} {typed}` is not a {self.name} subcommand: {meant}"
            return f"`{self.name} {word}` needs one more word: {listed}."
        firsts = sorted({name.split(" ")[0] for name in self.subcommands})
        # `planing list` → `planning list`: the noun meant, with the verb typed when it is one of its verbs.
        near = [
            f"{first} {second}" if f"{first} {second}".lower() in self.subcommands else first
            for first in closest(word, firsts)
        ]
        meant = offer(near)
        if self.fallback is not None:
            placeholder = re.search(r"<([^>]+)>", self.fallback.usage)
            argument = placeholder.group(1) if placeholder else "argument"
            problem = f"`{word}` is neither a {self.name} subcommand nor a {argument} (`{self.name} <{argument}>`)"
        else:
            problem = f"`{word}` is not a {self.name} subcommand"
        return f"{problem}: {meant}" if meant else f"{problem}."

    def group(self, word: str) -> list[Subcommand]:
        """The two-word subcommands whose first word is ``word`` (``operators`` → list, add, …)."""
        prefix = f"{word.lower()} "
        return [sub for key, sub in self.subcommands.items() if key.startswith(prefix)]


@dataclass(frozen=True)
class ActionEntry:
    action_id: str  # exact, or a prefix ending with ":" (the rest is free for the handler)
    handler: ActionHandler
    family: str
    admin_only: bool = False
    operation: str = ""


@dataclass(frozen=True)
class ViewEntry:
    callback_id: str
    validate: ViewValidator
    submit: ViewHandler
    family: str
    admin_only: bool = False


ShortcutKind = Literal["global", "message"]
#: Slack's limits (app manifest reference): at most 10 shortcuts, callback ids of 255 characters,
#: descriptions of 150. The reference gives no limit for the name: Relais keeps them within 24 so that
#: they show whole in the shortcuts menu (decisions).
MAX_SHORTCUTS, MAX_SHORTCUT_CALLBACK, MAX_SHORTCUT_DESCRIPTION, MAX_SHORTCUT_NAME = 10, 255, 150, 24


@dataclass(frozen=True)
class ShortcutEntry:
    """A global shortcut (the shortcuts menu, no channel) or a message shortcut (a message's ⋮ menu)."""

    callback_id: str
    name: str
    description: str
    kind: ShortcutKind
    handler: ActionHandler
    family: str
    admin_only: bool = False


@dataclass(frozen=True)
class HomeEntry:
    build: HomeSection
    family: str


@dataclass(frozen=True)
class HomeFollow:
    """A kind of record the Home shows: when one changes, the Homes of ``owner(record)`` and the admins are redrawn."""

    kind: RecordKind[Any]
    owner: Callable[[Any], str]


@dataclass(frozen=True)
class RecordListener:
    """A family's function told of every write of a kind of record: ``listener(kit, id, record)`` (None: deleted)."""

    kind: RecordKind[Any]
    listener: Callable[[Any, str, Any], None]
    family: str


class Registry:
    def __init__(self) -> None:
        self.commands: dict[str, Command] = {}
        self.actions: dict[str, ActionEntry] = {}
        self.views: dict[str, ViewEntry] = {}
        self.shortcuts: dict[str, ShortcutEntry] = {}
        self.home_sections: list[HomeEntry] = []
        self.home_follows: list[HomeFollow] = []
        self.record_listeners: list[RecordListener] = []
        #: The buttons at the top of the Home tab, (label, action id), in declaration order.
        self.home_buttons: list[tuple[str, str]] = []
        self.executors: list[Executor[Any]] = []  # safe-write kinds (bot.core.safe_writes)
        self.jobs: dict[str, JobKind[Any]] = {}  # watcher kinds (bot.core.jobs)
        self.records: list[RecordKind[Any]] = []  # what the families keep (bot.core.records)

    def include(self, blueprint: Blueprint[Any]) -> None:
        """Declare everything ``blueprint`` holds, in the order it was declared."""
        for declare in blueprint.declarations:
            declare(self)

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

    def action(
        self,
        action_id: str,
        handler: ActionHandler,
        *,
        family: str,
        admin_only: bool = False,
        operation: str = "",
    ) -> None:
        if action_id in self.actions:
            raise ValueError(f"action {action_id} declared twice")
        self.actions[action_id] = ActionEntry(action_id, handler, family, admin_only, operation)

    def view(
        self,
        callback_id: str,
        validate: ViewValidator,
        submit: ViewHandler,
        *,
        family: str,
        admin_only: bool = False,
    ) -> None:
        if callback_id in self.views:
            raise ValueError(f"view {callback_id} declared twice")
        self.views[callback_id] = ViewEntry(callback_id, validate, submit, family, admin_only)

    def shortcut(self, entry: ShortcutEntry) -> None:
        if entry.callback_id in self.shortcuts:
            raise ValueError(f"shortcut {entry.callback_id} declared twice")
        if len(self.shortcuts) >= MAX_SHORTCUTS:
            raise ValueError(f"Slack allows {MAX_SHORTCUTS} shortcuts")
        if entry.kind not in {"global", "message"}:
            raise ValueError(f"shortcut {entry.callback_id}: global or message, not {entry.kind}")
        too_long = [
            what
            for what, text, limit in (
                ("callback id", entry.callback_id, MAX_SHORTCUT_CALLBACK),
                ("name", entry.name, MAX_SHORTCUT_NAME),
                ("description", entry.description, MAX_SHORTCUT_DESCRIPTION),
            )
            if not 1 <= len(text) <= limit
        ]
        if too_long:
            raise ValueError(f"shortcut {entry.callback_id}: {', '.join(too_long)} empty or too long")
        self.shortcuts[entry.callback_id] = entry

    def home_section(self, section: HomeSection, *, family: str) -> None:
        self.home_sections.append(HomeEntry(section, family))

    def home_button(self, label: str, action_id: str) -> None:
        if not any(entry.action_id == action_id for entry in self.actions.values()):
            raise ValueError(f"Home button {label!r}: declare its action {action_id} first")
        self.home_buttons.append((label, action_id))

    def home_follow(self, kind: RecordKind[Any], owner: Callable[[Any], str]) -> None:
        self.record(kind)
        self.home_follows.append(HomeFollow(kind, owner))

    def record_listener(self, kind: RecordKind[Any], listener: Callable[[Any, str, Any], None], family: str) -> None:
        self.record(kind)
        self.record_listeners.append(RecordListener(kind, listener, family))

    def executor(self, executor: Executor[Any]) -> None:
        if any(known.kind == executor.kind for known in self.executors):
            raise ValueError(f"executor {executor.kind} declared twice")
        self.executors.append(executor)

    def job(
        self,
        kind: str,
        fn: Callable[[Any, Job], float | None],
        *,
        reading: str = "the vendor",
        places: Callable[[Any, Job], list[Place]] | None = None,
        family: str,
    ) -> None:
        """A watcher kind; ``reading`` and ``places`` say what it reads and where trouble is told (bot.core.jobs)."""
        if kind in self.jobs:
            raise ValueError(f"job kind {kind} declared twice")
        self.jobs[kind] = JobKind(fn, reading=reading, places=places, family=family)

    def record(self, kind: RecordKind[Any]) -> None:
        if kind not in self.records:
            self.records.append(kind)

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


_Declaration = Callable[[Registry], None]
F = TypeVar("F", bound=Callable[..., Any])


class Blueprint(Generic[K]):
    """The handlers of one family (a vendor's commands, or ``/relais``), declared beside their functions.

    Every handler takes the Slack context and the family's kit ``K``: ``def sms(ctx, clever) -> None``.
    Executors, watchers and Home sections take the kit first: ``execute(clever, params)``.
    """

    def __init__(self, family: str) -> None:
        if not family:
            raise ValueError("a blueprint needs a family name")
        self.family = family
        self.declarations: list[_Declaration] = []

    def command(self, name: str, description: str, usage_hint: str, *, vendor: str | None = None) -> None:
        def declare(registry: Registry) -> None:
            registry.command(name, description, usage_hint, vendor)

        self.declarations.append(declare)

    def sub(
        self,
        command: str,
        name: str,
        *,
        summary: str,
        usage: str,
        example: str,
        admin_only: bool = False,
        operations: Sequence[str] = (),
        fallback: bool = False,
    ) -> Callable[[F], F]:
        """A subcommand of ``command`` (``help`` replaces the generated help; ``fallback``: any other word)."""

        def declare(handler: F) -> F:
            sub = Subcommand(name, summary, usage, example, handler, self.family, admin_only, tuple(operations))
            self.declarations.append(lambda registry: _add_sub(registry, command, sub, fallback))
            return handler

        return declare

    def action(self, action_id: str, *, admin_only: bool = False, operation: str = "") -> Callable[[F], F]:
        """A button (``action_id`` exact, or a prefix ending with ":")."""

        def declare(handler: F) -> F:
            self.declarations.append(
                lambda registry: registry.action(
                    action_id, handler, admin_only=admin_only, operation=operation, family=self.family
                )
            )
            return handler

        return declare

    def view(
        self, callback_id: str, *, validate: Callable[[ViewContext, K], dict[str, str]], admin_only: bool = False
    ) -> Callable[[F], F]:
        """A modal's submission (the decorated function), checked first by ``validate`` (inline errors)."""

        def declare(submit: F) -> F:
            self.declarations.append(
                lambda registry: registry.view(callback_id, validate, submit, admin_only=admin_only, family=self.family)
            )
            return submit

        return declare

    def shortcut(
        self,
        callback_id: str,
        *,
        name: str,
        description: str,
        kind: ShortcutKind = "global",
        admin_only: bool = False,
    ) -> Callable[[F], F]:
        """A shortcut: the decorated function takes ``(ShortcutContext, kit)``; declared in manifest.yaml too."""

        def declare(handler: F) -> F:
            entry = ShortcutEntry(callback_id, name, description, kind, handler, self.family, admin_only)
            self.declarations.append(lambda registry: registry.shortcut(entry))
            return handler

        return declare

    def home_section(self, build: Callable[[K, str], list[dict[str, Any]]]) -> Callable[[K, str], list[dict[str, Any]]]:
        self.declarations.append(lambda registry: registry.home_section(build, family=self.family))
        return build

    def home_button(self, label: str) -> Callable[[F], F]:
        """A button at the top of the Home tab ("New campaign") whose action is the decorated handler;
        pressed from the Home, its answers and cards go to the user's direct message with Relais."""

        def declare(handler: F) -> F:
            action_id = f"relais.home.{self.family}.{label.lower().replace(' ', '_')}"
            self.declarations.append(lambda registry: registry.action(action_id, handler, family=self.family))
            self.declarations.append(lambda registry: registry.home_button(label, action_id))
            return handler

        return declare

    def home_follows(self, kind: RecordKind[M], *, owner: Callable[[M], str]) -> None:
        """The Home shows records of ``kind``: a change redraws the Homes of ``owner(record)`` and the admins."""
        self.declarations.append(lambda registry: registry.home_follow(kind, owner))

    def on_record_change(
        self, kind: RecordKind[M]
    ) -> Callable[[Callable[[K, str, M | None], None]], Callable[..., None]]:
        """The decorated ``fn(kit, id, record)`` is told of every write of ``kind`` (record None: deleted), after
        the write; a failure there is logged and the write stands (``bot.core.records.Collection.on_change``)."""

        def declare(listener: Callable[[K, str, M | None], None]) -> Callable[[K, str, M | None], None]:
            self.declarations.append(lambda registry: registry.record_listener(kind, listener, self.family))
            return listener

        return declare

    def executor(
        self,
        kind: str,
        operation: str,
        *,
        follow_up: Callable[[K, WriteRecord], None] | None = None,
        admin_only: bool = False,
        check: Callable[[dict[str, Any]], str] | None = None,
        button: str,
        keep: str = "Cancel",
        danger: bool = False,
        fingerprint: Callable[[dict[str, Any]], Fingerprint | None] | None = None,
        again: str = "Send again",
        gate: Callable[[K, WriteRecord], Caution | Refusal | None] | None = None,
        audit_detail: Callable[[K, WriteRecord], str] | None = None,
        on_cancel: Callable[[K, WriteRecord, str], None] | None = None,
    ) -> Callable[[Callable[[K, dict[str, Any]], Outcome]], Callable[[K, dict[str, Any]], Outcome]]:
        """A kind of safe write: the decorated function makes the vendor call (bot.core.safe_writes).

        ``button`` names what its card's confirm button does ("Delete contact", "Place call"), ``keep``
        the other one; ``danger`` makes the confirm button red (deletes, removals, blacklists, cancels).
        ``fingerprint`` says what makes two of them the same: the same sent within 10 minutes asks first,
        with ``again`` as the confirm button (bot.core.recent_sends). ``gate`` runs at each click before
        anything is sent: it refuses (UserError), holds it for now (a ``Refusal``: a budget, an expired
        approval) or asks a second click (a ``Caution``); ``audit_detail`` says what its audit line carries
        besides the outcome; ``on_cancel`` tidies up after its card is cancelled (a request to approve it).
        """

        def declare(execute: Callable[[K, dict[str, Any]], Outcome]) -> Callable[[K, dict[str, Any]], Outcome]:
            executor = Executor(
                kind,
                operation,
                execute,
                follow_up,
                admin_only,
                check,
                family=self.family,
                button=button,
                keep=keep,
                danger=danger,
                fingerprint=fingerprint,
                again=again,
                gate=gate,
                audit_detail=audit_detail,
                on_cancel=on_cancel,
            )
            self.declarations.append(lambda registry: registry.executor(executor))
            return execute

        return declare

    def job(
        self, kind: str, *, reading: str, places: Callable[[K, Job], list[Place]] | None = None
    ) -> Callable[[Callable[[K, Job], float | None]], Callable[[K, Job], float | None]]:
        """A watcher kind: the decorated function runs it once and says when to run it again."""

        def declare(run: Callable[[K, Job], float | None]) -> Callable[[K, Job], float | None]:
            self.declarations.append(
                lambda registry: registry.job(kind, run, reading=reading, places=places, family=self.family)
            )
            return run

        return declare

    def record(self, *kinds: RecordKind[Any]) -> None:
        """The kinds of record this family keeps: the records layer owns their keys and retention."""

        def declare(registry: Registry) -> None:
            for kind in kinds:
                registry.record(kind)

        self.declarations.append(declare)


def _add_sub(registry: Registry, command: str, sub: Subcommand, fallback: bool) -> None:
    registry.sub(command, replace(sub), fallback=fallback)
