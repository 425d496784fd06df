"""Shared pieces of /callback: verb groups, audited admin writes, confirmed deletes, pop-up lookup."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from bot.actions import Executor, Outcome
from bot.app import Dispatcher
from bot.context import BaseContext, CommandContext, ViewContext
from bot.errors import UserError
from bot.registry import Registry, Subcommand, parse_options
from bot.services import Services
from bot.validation.callbacks import check_id_popup
from bot.validation.fields import FieldError
from bot.vendors.axialys.client import AxialysClient
from bot.vendors.axialys.models import Popup
from bot.vendors.errors import Delivery, VendorError

__all__ = [
    "Verb",
    "VerbGroup",
    "audited",
    "command_text",
    "confirmed_write",
    "find_popup",
    "options",
]

T = TypeVar("T")
COMMAND = "/callback"


@dataclass(frozen=True)
class Verb:
    name: str
    summary: str
    usage: str
    example: str
    handler: Callable[[CommandContext], None]
    admin_only: bool = False
    operations: tuple[str, ...] = ()


class VerbGroup:
    """``/callback operators add …``: a second word routed by a nested registry.

    The foundation's registry routes one word; the verbs of a group (``operators list`` open
    to all, ``operators add`` for admins) are declared in a nested registry and dispatched
    by the foundation's own Dispatcher, so its access filter (with the refusal's audit
    entry), its help card and its error translation apply unchanged.
    """

    def __init__(self, name: str, description: str, verbs: list[Verb]) -> None:
        self.name = name
        self.command = f"{COMMAND} {name}"
        self.registry = Registry()
        self.registry.command(self.command, description, " | ".join(v.name for v in verbs))
        for verb in verbs:
            self.registry.sub(
                self.command,
                Subcommand(
                    verb.name,
                    verb.summary,
                    verb.usage,
                    verb.example,
                    verb.handler,
                    admin_only=verb.admin_only,
                    operations=verb.operations,
                ),
            )
        self.operations = tuple(op for verb in verbs for op in verb.operations)
        self.usage = f"{COMMAND} {name} " + " | ".join(v.name for v in verbs)

    def handle(self, ctx: CommandContext) -> None:
        body = {
            "command": self.command,
            "text": ctx.args,
            "user_id": ctx.user_id,
            "channel_id": ctx.channel_id,
            "team_id": ctx.team_id,
            "response_url": ctx.response_url,
            "trigger_id": ctx.trigger_id,
        }
        Dispatcher(ctx.services, self.registry).command(body)


def command_text(ctx: BaseContext) -> str:
    """What the user typed (or the modal they submitted), for the audit log."""
    if isinstance(ctx, CommandContext):
        return f"{ctx.command} {ctx.subcommand} {ctx.args}".strip()
    if isinstance(ctx, ViewContext):
        return f"modal {ctx.callback_id}"
    return "button"


def audited(ctx: BaseContext, operation: str, write: Callable[[], T]) -> T:
    """Run an admin write that needs no confirmation card and record it in the audit log, whatever happens."""

    def record(outcome: str, vendor_code: str | None = None, detail: str = "") -> None:
        ctx.services.audit.record(
            user_id=ctx.user_id,
            channel_id=ctx.channel_id,
            command=command_text(ctx),
            operation=operation,
            outcome=outcome,
            vendor_code=vendor_code,
            detail=detail,
        )

    try:
        result = write()
    except VendorError as exc:
        outcome = "unknown" if exc.delivery is Delivery.UNKNOWN else "failed"
        record(outcome, exc.code or (str(exc.status) if exc.status else None), exc.plain)
        raise
    record("done")
    return result


def confirmed_write(kind: str, operation: str, run: Callable[[AxialysClient, dict[str, Any]], str]) -> Executor:
    """An Executor for a delete behind a confirmation card: ``run`` makes the call and says what was done."""

    def execute(services: Services, params: dict[str, Any]) -> Outcome:
        return Outcome(summary=run(services.axialys, params))

    return Executor(kind, operation, execute, admin_only=True)


_FIRST_OPTION = re.compile(r"(?:^|\s)[A-Za-z_][A-Za-z0-9_]*=")


def options(text: str, known: set[str]) -> tuple[dict[str, str], str]:
    """``<positional words> key=value …`` → (options, positional text); quotes allowed in values."""
    match = _FIRST_OPTION.search(text)
    head, tail = (text[: match.start()], text[match.start() :]) if match else (text, "")
    try:
        found, rest = parse_options(tail, known)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if rest:
        raise UserError(
            f"`{rest}`: write the options last, as key=value", hint=f"known options: {', '.join(sorted(known))}"
        )
    return found, head.strip()


def find_popup(services: Services, value: str | None, *, field: str = "popup") -> Popup:
    """A pop-up by id or name (case-insensitive); without one, the account's first (lowest id)."""
    popups = services.axialys.popups()
    if not popups:
        raise UserError(
            "Axialys has no pop-up yet", hint="an admin can create one: `/callback popup create name=Accueil`"
        )
    if value is None or not value.strip():
        return min(popups, key=lambda p: p.id)
    text = value.strip()
    if text.isdigit():
        wanted = check_id_popup(field, text)
        match = next((p for p in popups if p.id == wanted), None)
    else:
        match = next((p for p in popups if p.name.lower() == text.lower()), None)
    if match is None:
        known = ", ".join(f"{p.id} ({p.name})" for p in popups[:10])
        raise FieldError(field, f"no pop-up `{text}`", f"use an id or a name: {known}")
    return match
