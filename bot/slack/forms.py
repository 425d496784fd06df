"""One write, two doors: typed as a command line, or (without arguments) a modal holding every field.

A ``WriteForm`` declares the modal's fields, ``parse`` (the command line, read by the one
grammar, → the same values the modal gives), a pure ``check`` (values → the vendor call's
parameters, or ``FieldErrors`` naming the fields) shared by both doors, and ``perform``
(the audited vendor call, or its confirmation card). The modal's inline errors come from
the same ``check``, so a rule is written once and holds at both doors.

    FORM = WriteForm(callback_id="axialys.popup.update", title="Update a pop-up", fields=…, parse=…,
                     check=…, perform=…)
    FORM.declare(axialys, "/callback", "popup update", summary=…, usage=…, example=…, operations=("A16",))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from bot.rules.fields import FieldError, FieldErrors, collect
from bot.slack.blockkit import modal
from bot.slack.context import BaseContext, CommandContext, ViewContext
from bot.slack.registry import Blueprint

__all__ = ["Values", "WriteForm", "as_list", "as_text", "checked"]

K = TypeVar("K")
Values = dict[str, Any]
Block = dict[str, Any]


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


@dataclass(frozen=True)
class WriteForm(Generic[K]):
    callback_id: str
    title: str
    #: The modal's input blocks (may read vendor listings to fill selects: runs after the ack).
    fields: Callable[[K], list[Block]]
    #: Command arguments → the same values the modal gives ({block_id: value}).
    parse: Callable[[str], Values]
    #: Pure: values → parameters, or FieldError(s) naming the fields.
    check: Callable[[Values], Values]
    #: The write itself (an audited call, or a confirmation card).
    perform: Callable[[BaseContext, K, Values], None]
    admin_only: bool = True
    submit_label: str = "Save"

    def command(self, ctx: CommandContext, kit: K) -> None:
        """The command door: arguments are checked and performed; none opens the modal door."""
        if not ctx.args.strip():
            ctx.open_modal(modal(self.title, self.fields(kit), callback_id=self.callback_id, submit=self.submit_label))
            return
        self.perform(ctx, kit, self.check(self.parse(ctx.args)))

    def validate(self, ctx: ViewContext, kit: K) -> dict[str, str]:
        try:
            self.check(ctx.values)
        except FieldErrors as errors:
            return errors.as_modal_errors()
        except FieldError as error:
            return FieldErrors([error]).as_modal_errors()
        return {}

    def submit(self, ctx: ViewContext, kit: K) -> None:
        self.perform(ctx, kit, self.check(ctx.values))

    def declare(
        self,
        blueprint: Blueprint[K],
        command: str,
        name: str,
        *,
        summary: str,
        usage: str,
        example: str,
        operations: Sequence[str] = (),
    ) -> None:
        """Declare both doors on ``blueprint``: the subcommand ``command name`` and the modal's submission."""
        blueprint.sub(
            command,
            name,
            summary=summary,
            usage=usage,
            example=example,
            admin_only=self.admin_only,
            operations=operations,
        )(self.command)
        blueprint.view(self.callback_id, validate=self.validate, admin_only=self.admin_only)(self.submit)
