"""Field validation shared by every command family: pure functions, no I/O.

Each check returns the normalised value or raises ``FieldError`` naming the field, the
rule it breaks and what to do. A slash command shows the error as an ephemeral message;
a modal shows it inline under the field (``FieldErrors.as_modal_errors``).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from typing import TypeVar

from email_validator import EmailNotValidError, validate_email

from bot.core.errors import UserError

__all__ = [
    "FieldError",
    "FieldErrors",
    "check_choice",
    "check_email",
    "check_int",
    "check_ipv4",
    "check_length",
    "check_name",
]

T = TypeVar("T")


class FieldError(UserError):
    """One field breaks one rule: "<field>: <what is wrong>" plus what to do."""

    def __init__(self, field: str, problem: str, hint: str = "") -> None:
        super().__init__(f"{field}: {problem}", hint=hint, field=field)
        self.problem = problem


class FieldErrors(UserError):
    """Several fields at once (a modal shows each under its field)."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors

    def as_modal_errors(self, block_ids: dict[str, str] | None = None) -> dict[str, str]:
        """{block_id: message} for ``response_action: errors`` (block ids default to field names)."""
        mapping = block_ids or {}
        shown: dict[str, str] = {}
        for error in self.errors:
            block = mapping.get(error.field or "", error.field or "")
            message = f"{error.problem}. {error.hint}" if error.hint else error.problem
            shown.setdefault(block, _clip(message, 150))  # Slack shows short inline errors
        return shown


def _clip(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters, cut at a word with an ellipsis rather than mid-word."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" .,;:") + "…"


def collect(*checks: Callable[[], object]) -> None:
    """Run every check; raise one ``FieldErrors`` with all the failures (not just the first)."""
    failures: list[FieldError] = []
    for check in checks:
        try:
            check()
        except FieldErrors as many:
            failures.extend(many.errors)
        except FieldError as one:
            failures.append(one)
    if failures:
        raise FieldErrors(failures)


def check_length(field: str, value: str, *, minimum: int = 0, maximum: int | None = None) -> str:
    text = value.strip()
    if len(text) < minimum:
        if minimum == 1:
            raise FieldError(field, "required", "fill it in")
        raise FieldError(field, f"{len(text)} characters, at least {minimum} are needed")
    if maximum is not None and len(text) > maximum:
        raise FieldError(field, f"{len(text):,} characters, the limit is {maximum:,}", "shorten it")
    return text


_NAME = re.compile(r"^[A-Za-z0-9]+$")


def check_name(
    field: str,
    value: str,
    *,
    pattern: re.Pattern[str] = _NAME,
    rule: str = "letters and digits only",
    maximum: int = 64,
) -> str:
    text = check_length(field, value, minimum=1, maximum=maximum)
    if not pattern.fullmatch(text):
        raise FieldError(field, f"`{text}` is not allowed: {rule}", "e.g. `liste1`")
    return text


def check_int(field: str, value: str | int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    text = str(value).strip()
    if not re.fullmatch(r"-?\d+", text):
        raise FieldError(field, f"`{text}` is not a whole number", _range_hint(minimum, maximum))
    number = int(text)
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise FieldError(field, f"{number} is out of range", _range_hint(minimum, maximum))
    return number


def _range_hint(minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        return f"give a whole number from {minimum} to {maximum}"
    if minimum is not None:
        return f"give a whole number of at least {minimum}"
    if maximum is not None:
        return f"give a whole number of at most {maximum}"
    return "give a whole number"


def check_choice(field: str, value: str, choices: Iterable[str], *, case_sensitive: bool = False) -> str:
    options = list(choices)
    text = value.strip()
    for option in options:
        if text == option or (not case_sensitive and text.lower() == option.lower()):
            return option
    raise FieldError(field, f"`{text}` is not one of {', '.join(options)}", f"choose one of {', '.join(options)}")


def check_email(field: str, value: str) -> str:
    text = value.strip()
    try:
        # No DNS lookup: validation must stay pure (and work with no network).
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise FieldError(field, f"`{text}` is not a valid e-mail address ({exc})", "e.g. `jeanne@example.fr`") from None


def check_ipv4(field: str, value: str) -> str:
    text = value.strip()
    try:
        address = ipaddress.IPv4Address(text)
    except ValueError:
        raise FieldError(field, f"`{text}` is not an IPv4 address", "e.g. `192.168.0.1`") from None
    return str(address)
