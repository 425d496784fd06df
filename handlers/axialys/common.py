"""Shared pieces of /callback: audited admin writes, confirmed deletes, options, pop-up lookup."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from bot.core.errors import UserError
from bot.core.safe_writes import Executor, Outcome
from bot.rules.fields import FieldError
from bot.rules.grammar import parse_options
from bot.services import Services
from bot.slack.context import BaseContext, CommandContext, ViewContext
from bot.vendors.axialys.client import AxialysClient
from bot.vendors.axialys.models import Popup
from handlers.axialys.rules import check_id_popup
from handlers.confirmation import audited_write, stage_and_confirm

__all__ = [
    "ConfirmedWrite",
    "audited",
    "command_text",
    "find_popup",
    "options",
]

T = TypeVar("T")
COMMAND = "/callback"


def command_text(ctx: BaseContext) -> str:
    """What the user typed (or the modal they submitted), for the audit log."""
    if isinstance(ctx, CommandContext):
        return f"{ctx.command} {ctx.subcommand} {ctx.args}".strip()
    if isinstance(ctx, ViewContext):
        return f"modal {ctx.callback_id}"
    return "button"


#: Where to look when an admin write's outcome is unknown (by the operation's A-number).
_WHERE_TO_CHECK = {
    "A2": "`/callback operators list <group>`",
    "A5": "`/callback operators list`",
    "A8": "`/callback planning show <planning>`",
    "A9": "`/callback planning show <planning>`",
    "A10": "`/callback planning show <planning>`",
    "A11": "`/callback planning show <planning>`",
    "A15": "`/callback popup list`",
    "A16": "`/callback popup list`",
    "A18": "`/callback popup destinations <id>`",
    "A19": "`/callback popup destinations <id>`",
    "A22": "`/callback file get <id> <type>`",
}


def audited(ctx: BaseContext, operation: str, write: Callable[[], T]) -> T:
    """Run an admin write that needs no confirmation card, recorded in the audit log whatever happens.

    An outcome Relais cannot tell (the vendor may have acted) says where to check; nothing is resent.
    """
    where = _WHERE_TO_CHECK.get(operation.split()[0], "the matching `/callback` listing")
    check = f"Relais did not send it again: look at {where} before trying again"
    return audited_write(ctx, operation, write, command=command_text(ctx), check=check)


@dataclass(frozen=True)
class ConfirmedWrite:
    """An irreversible change (a delete, a blacklisting) behind a confirmation card: what the card says,
    and the vendor call made once Send is pressed."""

    kind: str  # the staged action's kind, and its Executor's
    operation: str  # for the audit log: "A3 remove operator"
    title: str
    #: params → the command line the card and the audit log show.
    command: Callable[[dict[str, Any]], str]
    #: params → the card's lines.
    preview: Callable[[dict[str, Any]], list[str]]
    #: Makes the vendor call; says what was done.
    run: Callable[[AxialysClient, dict[str, Any]], str]
    #: The card's buttons.
    labels: tuple[str, str] = ("Send", "Cancel")

    def stage(self, ctx: BaseContext, params: dict[str, Any]) -> None:
        stage_and_confirm(
            ctx,
            self.kind,
            params,
            command=self.command(params),
            title=self.title,
            preview=self.preview(params),
            labels=self.labels,
        )

    def executor(self) -> Executor[Services]:
        def execute(services: Services, params: dict[str, Any]) -> Outcome:
            return Outcome(summary=self.run(services.axialys, params))

        return Executor(self.kind, self.operation, execute, admin_only=True)


_FIRST_OPTION = re.compile(r"(?:^|\s)[A-Za-z_][A-Za-z0-9_]*=")


def options(text: str, known: set[str]) -> tuple[dict[str, str], str]:
    """``<positional words> key=value …`` → (options, positional text); quotes allowed in values."""
    match = _FIRST_OPTION.search(text)
    head, tail = (text[: match.start()], text[match.start() :]) if match else (text, "")
    found, rest = parse_options(tail, known)
    if rest:
        raise UserError(
            f"`{rest}`: write the options last, as key=value", hint=f"known options: {', '.join(sorted(known))}"
        )
    return found, head.strip()


def find_popup(
    services: Services, value: str | None, *, field: str = "popup", popups: list[Popup] | None = None
) -> Popup:
    """A pop-up by id or name (case-insensitive); without one, the account's first (lowest id).

    ``popups``: the A14 listing when the caller already has it (else it is read).
    """
    popups = services.axialys.popups() if popups is None else popups
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
        named = [p for p in popups if p.name.lower() == text.lower()]
        if len(named) > 1:  # names need not be unique at Axialys (decisions): never pick one silently
            ids = ", ".join(f"#{p.id}" for p in named)
            raise FieldError(
                field, f"{len(named)} pop-ups are named `{text}` ({ids})", f"give the id, e.g. {field}={named[0].id}"
            )
        match = named[0] if named else None
    if match is None:
        known = ", ".join(f"{p.id} ({p.name})" for p in popups[:10])
        raise FieldError(field, f"no pop-up `{text}`", f"use an id or a name: {known}")
    return match
