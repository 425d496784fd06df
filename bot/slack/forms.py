"""One write, several doors: typed as a command line, filled in a modal, opened from a button.

A ``Form[K, S, C, P]`` declares one write of a family whose kit is ``K``:

- ``S``, what it is about: ``None`` for a creation, the item for an edit (``subject`` finds
  it from the command's arguments or a button's value, ``restore`` from the modal's
  metadata, which ``metadata`` wrote when the modal opened);
- its modal: ``fields(kit, subject)`` (pre-filled for an edit; may read vendor listings:
  it runs after the ack), ``title_for``, ``view_for`` (one callback id, or one per kind of
  subject: ``views`` lists them all) and ``metadata``;
- its command line: ``parse(kit, subject, line)`` → the same values the modal gives
  (``typed = False``: there is none, the command always opens the modal);
- ``C``, what the check needs besides the values (zone codes, additional fields…): the
  command door reads it from the vendor (``listed``), the modal door from the submitted
  view (``offered``: the selects' options travel back, so inline errors need no I/O);
- ``P``, the write's parameters: the pure ``check(values, catalog)`` returns them, or
  raises ``FieldErrors`` naming the fields; the same check gives the modal's inline
  errors, so a rule is written once and holds at every door;
- ``perform(ctx, kit, subject, params)``: the audited vendor call, or its confirmation card.

``declare`` puts the command door and the modal door(s) on a blueprint; ``declare_button``
adds a button that opens the modal for an item. A form overrides what it needs: the
doors (``command``, ``button``, ``validate``, ``submit``) are methods too. A creation
(about nothing yet) is a ``CreationForm``; a form whose check needs nothing besides the
values is a ``NoCatalogForm``.

The simple case (no subject, no catalog: most of ``/callback``) is a ``WriteForm``, four
functions and a title:

    FORM = WriteForm("axialys.block.ip", "Blacklist an IP", fields, parse, check, perform)
    FORM.declare(axialys, "/callback", "block ip", summary=…, usage=…, example=…, operations=("A7",))
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, NotRequired, TypedDict, TypeVar, Unpack

from bot.rules.fields import FieldError, FieldErrors, collect
from bot.slack.blockkit import modal
from bot.slack.context import ActionContext, BaseContext, CommandContext, ViewContext
from bot.slack.registry import Blueprint

__all__ = [
    "CreationForm",
    "Form",
    "NoCatalogForm",
    "SubcommandHelp",
    "Values",
    "WriteForm",
    "as_list",
    "as_text",
    "checked",
    "prefilled",
]

K = TypeVar("K")
S = TypeVar("S")
C = TypeVar("C")
P = TypeVar("P")
Values = dict[str, Any]
Block = dict[str, Any]


class SubcommandHelp(TypedDict):
    """What a form's subcommand says of itself in the help (``Blueprint.sub``'s words), given once."""

    summary: str
    usage: str
    example: str
    #: The vendor operation ids (e.g. "A7") it reaches: the coverage test reads them.
    operations: NotRequired[Sequence[str]]


def as_text(values: Values, key: str) -> str:
    """A form value as text: a multi-select's choices joined by commas, nothing as ""."""
    value = values.get(key)
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return "" if value is None else str(value)


def as_list(values: Values, key: str) -> list[str]:
    """A form value as a list: a multi-select's choices, or text split at commas and blanks."""
    value = values.get(key)
    if isinstance(value, list):
        return [str(v) for v in value]
    return [part for part in str(value or "").replace(",", " ").split() if part]


def checked(*steps: tuple[str, Callable[[], Any]]) -> Values:
    """Run every (key, check) pair; one FieldErrors with all the failures, else {key: result}."""
    result: Values = {}

    def runner(key: str, check: Callable[[], Any]) -> Callable[[], None]:
        return lambda: result.__setitem__(key, check())

    collect(*(runner(key, check) for key, check in steps))
    return result


def modal_errors(check: Callable[[], object]) -> dict[str, str]:
    """The inline errors of a check: {block id: message}, none when it passes."""
    try:
        check()
    except FieldErrors as errors:
        return errors.as_modal_errors()
    except FieldError as error:
        return FieldErrors([error]).as_modal_errors()
    return {}


class Form(Generic[K, S, C, P]):
    """A write about ``S`` with a command door, a modal door and optionally a button door (see the module)."""

    #: The modal's callback id (``view_for`` may pick another per subject; ``views`` lists every one).
    callback_id: str
    #: The modal's title (``title_for`` may make it per subject).
    title: str
    submit_label: str = "Save"
    admin_only: bool = True
    #: False: nothing is typed after the command (a file, a password): it always opens the modal.
    typed: bool = True

    # -- what the form is about ------------------------------------------------------------------------
    def subject(self, kit: K, text: str) -> tuple[S, str]:
        """The command's arguments (or a button's value) → what the form is about, and the rest of the line."""
        raise NotImplementedError

    def restore(self, ctx: ViewContext) -> S:
        """What the submitted modal is about, from its metadata (written by ``metadata``)."""
        raise NotImplementedError

    # -- the modal -------------------------------------------------------------------------------------
    def fields(self, kit: K, subject: S) -> list[Block]:
        raise NotImplementedError

    def title_for(self, subject: S) -> str:
        return self.title

    def view_for(self, subject: S) -> str:
        return self.callback_id

    def views(self) -> tuple[str, ...]:
        """Every callback id whose submission this form answers."""
        return (self.callback_id,)

    def metadata(self, subject: S) -> dict[str, Any] | None:
        """What the modal carries to its submission (None: no private_metadata)."""
        return None

    def build_modal(self, kit: K, subject: S) -> Block:
        metadata = self.metadata(subject)
        return modal(
            self.title_for(subject),
            self.fields(kit, subject),
            callback_id=self.view_for(subject),
            submit=self.submit_label,
            private_metadata="" if metadata is None else json.dumps(metadata),
        )

    # -- the check -------------------------------------------------------------------------------------
    def parse(self, kit: K, subject: S, line: str) -> Values:
        """The command line (after the subject) → the values the modal gives ({block_id: value})."""
        raise NotImplementedError

    def submitted(self, ctx: ViewContext, subject: S) -> Values:
        """The modal's values as ``check`` reads them (by default as Slack gives them)."""
        return ctx.values

    def listed(self, kit: K, subject: S, values: Values) -> C:
        """The command door's catalog: what the vendor offers now."""
        raise NotImplementedError

    def offered(self, kit: K, ctx: ViewContext) -> C:
        """The modal door's catalog: what the form offered (no I/O: it runs before the ack)."""
        raise NotImplementedError

    def check(self, values: Values, catalog: C) -> P:
        """Pure: values → the write's parameters, or FieldError(s) naming the fields."""
        raise NotImplementedError

    def perform(self, ctx: BaseContext, kit: K, subject: S, params: P) -> None:
        """The write itself (an audited call, or a confirmation card)."""
        raise NotImplementedError

    # -- the doors -------------------------------------------------------------------------------------
    def open(self, ctx: BaseContext, kit: K, subject: S) -> None:
        ctx.open_modal(self.build_modal(kit, subject))

    def write(self, ctx: BaseContext, kit: K, subject: S, values: Values) -> None:
        """Check typed values against what the vendor lists now, then write."""
        self.perform(ctx, kit, subject, self.check(values, self.listed(kit, subject, values)))

    def command(self, ctx: CommandContext, kit: K) -> None:
        """The command door: the subject, then its fields checked and performed; no fields opens the modal."""
        subject, line = self.subject(kit, ctx.args)
        if not self.typed or not line.strip():
            self.open(ctx, kit, subject)
            return
        self.write(ctx, kit, subject, self.parse(kit, subject, line))

    def button(self, ctx: ActionContext, kit: K) -> None:
        """The button door: the modal for the item the button names."""
        subject, _ = self.subject(kit, ctx.argument or ctx.value)
        self.open(ctx, kit, subject)

    def validate(self, ctx: ViewContext, kit: K) -> dict[str, str]:
        """The modal's inline errors: the same check, against what the form offered."""
        values = self.submitted(ctx, self.restore(ctx))
        return modal_errors(lambda: self.check(values, self.offered(kit, ctx)))

    def submit(self, ctx: ViewContext, kit: K) -> None:
        subject = self.restore(ctx)
        self.perform(ctx, kit, subject, self.check(self.submitted(ctx, subject), self.offered(kit, ctx)))

    # -- declaring -------------------------------------------------------------------------------------
    def declare(self, blueprint: Blueprint[K], command: str, name: str, **help_text: Unpack[SubcommandHelp]) -> None:
        """Declare the doors on ``blueprint``: the subcommand ``command name`` and the modal's submissions."""
        self.declare_command(blueprint, command, name, **help_text)
        self.declare_views(blueprint)

    def declare_command(
        self, blueprint: Blueprint[K], command: str, name: str, **help_text: Unpack[SubcommandHelp]
    ) -> None:
        """Only the command door (the modal's submissions are declared by another form, or by ``declare_views``)."""
        blueprint.sub(command, name, admin_only=self.admin_only, **help_text)(self.command)

    def declare_views(self, blueprint: Blueprint[K]) -> None:
        for callback_id in self.views():
            blueprint.view(callback_id, validate=self.validate, admin_only=self.admin_only)(self.submit)

    def declare_button(self, blueprint: Blueprint[K], action_id: str, *, operation: str = "") -> None:
        """A button (``action_id``, its value naming the item) that opens the modal for that item."""
        blueprint.action(action_id, admin_only=self.admin_only, operation=operation)(self.button)


class CreationForm(Form[K, None, C, P]):
    """A form that creates: it is about nothing yet, at every door (its subject is None)."""

    def subject(self, kit: K, text: str) -> tuple[None, str]:
        return None, text

    def restore(self, ctx: ViewContext) -> None:
        return None


class NoCatalogForm(Form[K, S, None, P]):
    """A form whose check needs nothing besides the values: neither door reads a catalog."""

    def listed(self, kit: K, subject: S, values: Values) -> None:
        return None

    def offered(self, kit: K, ctx: ViewContext) -> None:
        return None


@dataclass(frozen=True)
class WriteForm(CreationForm[K, None, Values], NoCatalogForm[K, None, Values]):
    """The simple form: nothing to find first, no catalog; four functions and a title.

    ``parse_line`` None: the command always opens the modal (what it needs cannot be typed).
    """

    callback_id: str
    title: str
    #: The modal's input blocks (may read vendor listings to fill selects: runs after the ack).
    field_blocks: Callable[[K], list[Block]]
    #: Command arguments → the same values the modal gives ({block_id: value}).
    parse_line: Callable[[str], Values] | None
    #: Pure: values → parameters, or FieldError(s) naming the fields.
    check_values: Callable[[Values], Values]
    #: The write itself (an audited call, or a confirmation card).
    perform_write: Callable[[BaseContext, K, Values], None]
    admin_only: bool = True
    submit_label: str = "Save"

    @property
    def typed(self) -> bool:  # type: ignore[override]
        return self.parse_line is not None

    def fields(self, kit: K, subject: None) -> list[Block]:
        return self.field_blocks(kit)

    def parse(self, kit: K, subject: None, line: str) -> Values:
        return self.parse_line(line) if self.parse_line is not None else {}

    def check(self, values: Values, catalog: None) -> Values:
        return self.check_values(values)

    def perform(self, ctx: BaseContext, kit: K, subject: None, params: Values) -> None:
        self.perform_write(ctx, kit, params)


def prefilled(view: Block, values: dict[str, str]) -> Block:
    """``view`` with some inputs given a value ({block_id: value}): a listing's button opens a form for
    its item (the number offered, the group). Text inputs take the value; a select takes the option
    whose value it is (none such: left as it was)."""
    for block in view.get("blocks", []):
        value = values.get(str(block.get("block_id", "")))
        element = block.get("element") or {}
        if value is None or block.get("type") != "input":
            continue
        if element.get("type") == "plain_text_input":
            element["initial_value"] = value
        elif element.get("type") == "static_select":
            chosen = next((o for o in element.get("options") or [] if o.get("value") == value), None)
            if chosen is not None:
                element["initial_option"] = chosen
    return view
