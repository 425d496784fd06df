"""Errors that end a user's request with a message meant for them."""

from __future__ import annotations

__all__ = ["UserError"]


class UserError(Exception):
    """Bad input or a refused request: shown to the user as is, ephemeral, nothing half-done.

    ``field`` names the offending field, ``rule`` the rule it breaks, ``hint`` what to do,
    e.g. UserError("text: 1,204 characters, the limit is 1,000", hint="shorten the message").
    """

    def __init__(self, message: str, *, hint: str = "", field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.field = field

    def __str__(self) -> str:
        return f"{self.message}. {self.hint}" if self.hint else self.message
