"""Errors that end a user's request with a message meant for them."""

from __future__ import annotations

__all__ = ["OutcomeUnknown", "UserError"]


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


class OutcomeUnknown(Exception):
    """A write sent without a card whose answer does not say whether the vendor acted.

    Shown as "outcome unknown" with the vendor's answer verbatim and what to check; the
    write is never resent (the audit log says "unknown").
    """

    def __init__(self, plain: str, detail: str, check: str) -> None:
        super().__init__(plain)
        self.plain = plain
        self.detail = detail
        self.check = check
