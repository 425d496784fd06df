"""Admin writes made at once (no confirmation card), recorded in the audit log whatever happens."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from bot.slack.context import BaseContext, CommandContext, ViewContext

__all__ = ["audited", "command_text"]

T = TypeVar("T")


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
    return ctx.audited_write(operation, write, command=command_text(ctx), check=check)
