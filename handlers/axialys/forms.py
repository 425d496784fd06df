"""One write, two doors: typed with its arguments, or (without them) a modal holding every field.

A ``WriteForm`` declares the modal's fields, a pure ``check`` (values → the vendor call's
parameters, or ``FieldErrors``) shared by both doors, and ``perform`` (the vendor call, or
its confirmation card). The modal's inline errors come from the same ``check``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.rules.fields import FieldError, FieldErrors, collect
from bot.services import Services
from bot.slack.blockkit import modal
from bot.slack.context import BaseContext, CommandContext, ViewContext
from bot.slack.registry import Registry

__all__ = ["Values", "WriteForm", "as_list", "as_text", "checked", "first_and_rest"]

Values = dict[str, Any]
Block = dict[str, Any]


def as_text(values: Values, key: str) -> str:
    value = values.get(key)
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return "" if value is None else str(value)


def as_list(values: Values, key: str) -> list[str]:
    value = values.get(key)
    if isinstance(value, list):
        return [str(v) for v in value]
    return [part for part in str(value or "").replace(",", " ").split() if part]


def first_and_rest(args: str) -> tuple[str, str]:
    head, _, rest = args.strip().partition(" ")
    return head, rest.strip()


def checked(*steps: tuple[str, Any]) -> Values:
    """Run every (key, check) pair; one FieldErrors with all the failures, else {key: result}."""
    result: Values = {}

    def runner(key: str, check: Any) -> Any:
        return lambda: result.__setitem__(key, check())

    collect(*(runner(key, check) for key, check in steps))
    return result


@dataclass(frozen=True)
class WriteForm:
    callback_id: str
    title: str
    #: The modal's input blocks (may read vendor listings to fill selects: runs after the ack).
    fields: Callable[[Services], list[Block]]
    #: Command arguments → the same values the modal gives ({block_id: value}).
    parse: Callable[[str], Values]
    #: Pure: values → parameters, or FieldError(s) naming the fields.
    check: Callable[[Values], Values]
    #: The write itself (an audited call, or a confirmation card).
    perform: Callable[[BaseContext, Values], None]
    admin_only: bool = True
    submit_label: str = "Save"

    def command(self, ctx: CommandContext) -> None:
        if not ctx.args.strip():
            ctx.open_modal(
                modal(self.title, self.fields(ctx.services), callback_id=self.callback_id, submit=self.submit_label)
            )
            return
        self.perform(ctx, self.check(self.parse(ctx.args)))

    def validate(self, ctx: ViewContext) -> dict[str, str]:
        try:
            self.check(ctx.values)
        except FieldErrors as errors:
            return errors.as_modal_errors()
        except FieldError as error:
            return FieldErrors([error]).as_modal_errors()
        return {}

    def submit(self, ctx: ViewContext) -> None:
        self.perform(ctx, self.check(ctx.values))

    def register(self, registry: Registry) -> None:
        registry.view(self.callback_id, self.validate, self.submit, admin_only=self.admin_only)
