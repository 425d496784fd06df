"""What a call is placed with (``/callback <number> key=value …`` or the form), every field checked at once."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from bot.rules.fields import check_int, check_ipv4, collect
from bot.rules.grammar import parse_yes_no
from handlers.axialys.rules import check_call_number, check_label

__all__ = ["CALL_OPTIONS", "CallInput", "check_call_input"]

CALL_OPTIONS = {"popup", "retries", "record", "max", "delay", "name", "usr1", "usr2", "usr3", "ip"}
#: §6 lists nbressais, rec and dureemaxi as required (§1 requires rec only): Relais always sends them.
DEFAULT_RETRIES, DEFAULT_MAX_SECONDS = 0, 3600


class CallInput(BaseModel):
    number: str  # e164 with the plus
    popup: str | None = None
    retries: int = DEFAULT_RETRIES
    record: bool = False
    max_seconds: int = DEFAULT_MAX_SECONDS
    delay: int | None = None
    name: str | None = None
    usr: list[str] = []
    client_ip: str | None = None


def check_call_input(values: dict[str, str]) -> CallInput:
    """Every call field at once (command options or modal fields): FieldErrors lists all that fail."""
    found: dict[str, Any] = {}

    def set_(key: str, check: Callable[[], Any]) -> Callable[[], None]:
        def run() -> None:
            found[key] = check()

        return run

    def given(key: str) -> str | None:
        value = values.get(key)
        return value if value is not None and str(value).strip() else None

    checks = [set_("number", lambda: check_call_number("number", values.get("number") or "").e164)]
    if given("retries"):
        checks.append(set_("retries", lambda: check_int("retries", values["retries"], minimum=0, maximum=9)))
    if given("record"):
        checks.append(set_("record", lambda: parse_yes_no("record", values["record"])))
    if given("max"):
        checks.append(set_("max_seconds", lambda: check_int("max", values["max"], minimum=10, maximum=10000)))
    if given("delay"):
        checks.append(set_("delay", lambda: check_int("delay", values["delay"], minimum=10, maximum=1000)))
    if given("name"):
        checks.append(set_("name", lambda: check_label("name", values["name"], maximum=None, semicolon=True)))
    if given("ip"):
        checks.append(set_("client_ip", lambda: check_ipv4("ip", values["ip"])))
    for key in ("usr1", "usr2", "usr3"):
        if given(key):
            checks.append(set_(key, functools.partial(check_label, key, values[key])))
    collect(*checks)
    usr = [found.pop(f"usr{i}", "") for i in (1, 2, 3)]
    return CallInput(popup=given("popup"), usr=usr if any(usr) else [], **found)
