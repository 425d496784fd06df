"""Irreversible admin changes (deletes, blacklistings): staged behind a confirmation card, made once its red
button ("Delete pop-up", "Blacklist") is pressed.

A ``ConfirmedWrite`` says what the card shows and which vendor call its executor makes;
``declare`` puts that executor on the blueprint. Its ``stage`` is a ``WriteForm``'s ``perform``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.core.safe_writes import Outcome
from bot.slack.context import BaseContext
from bot.slack.registry import Blueprint
from bot.vendors.axialys.client import AxialysClient
from handlers.axialys.kit import AxialysKit

__all__ = ["ConfirmedWrite"]


@dataclass(frozen=True)
class ConfirmedWrite:
    """An irreversible change behind a confirmation card: what the card says, and the vendor call made on Send."""

    kind: str  # the staged write's kind, and its executor's
    operation: str  # for the audit log: "A3 remove operator"
    title: str
    #: params → the command line the card and the audit log show.
    command: Callable[[dict[str, Any]], str]
    #: params → the card's lines.
    preview: Callable[[dict[str, Any]], list[str]]
    #: Makes the vendor call; says what was done.
    run: Callable[[AxialysClient, dict[str, Any]], str]
    #: The card's red confirm button, named after what it does ("Delete pop-up"), and the other one.
    button: str
    keep: str = "Cancel"

    def stage(self, ctx: BaseContext, kit: AxialysKit, params: dict[str, Any]) -> None:
        ctx.stage(
            self.kind,
            params,
            command=self.command(params),
            title=self.title,
            preview=self.preview(params),
        )

    def execute(self, kit: AxialysKit, params: dict[str, Any]) -> Outcome:
        return Outcome(summary=self.run(kit.client, params))

    def declare(self, blueprint: Blueprint[AxialysKit]) -> ConfirmedWrite:
        """Declare the executor that makes the call once its button is pressed (admins only; destructive)."""
        blueprint.executor(self.kind, self.operation, admin_only=True, button=self.button, keep=self.keep, danger=True)(
            self.execute
        )
        return self
