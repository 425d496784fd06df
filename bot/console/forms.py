"""A modal's inputs at the console's prompt: what each holds before the user types, and the question.

Slack submits an input the user leaves alone with its prefilled value (``initial_value``,
``initial_option(s)``, ``initial_date``, ``initial_time``…); the console shows that value and
keeps it when the user presses Enter, so an edit form sent back untouched changes nothing.
A file input takes the path of a file on this machine (or keeps the one ``attach`` shared);
the console shares it into the stand-in Slack, as a user's upload, and the app downloads it
from there through Slack's files API, as it would in a workspace.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TextIO

from bot.core.timezone import PARIS
from bot.rules.dates import read_clock, read_day, read_moment, say_moment
from bot.rules.fields import FieldError

__all__ = ["CLEAR", "ModalPrompt", "initial_value", "value_text"]

SINGLE_CHOICE = frozenset({"static_select", "radio_buttons"})
MULTI_CHOICE = frozenset({"multi_static_select", "checkboxes"})
#: Typed at a prompt: empty the input (Enter alone keeps what it holds).
CLEAR = "-"

# The key holding each kind's prefilled value, for the kinds whose value is one string.
_INITIAL_KEYS = {
    "datepicker": "initial_date",
    "timepicker": "initial_time",
    "datetimepicker": "initial_date_time",
    "users_select": "initial_user",
    "conversations_select": "initial_conversation",
    "channels_select": "initial_channel",
}


def initial_value(element: dict[str, Any]) -> Any:
    """What Slack submits for ``element`` if the user leaves it alone: a value, a list of values, or None."""
    kind = element.get("type")
    if kind in SINGLE_CHOICE:
        option = element.get("initial_option")
        return option.get("value") if isinstance(option, dict) else None
    if kind in MULTI_CHOICE:
        return [o.get("value") for o in element.get("initial_options") or []] or None
    value = element.get(_INITIAL_KEYS.get(str(kind), "initial_value"))
    return None if value in (None, "") else value


def value_text(element: dict[str, Any], value: Any) -> str:
    """``value`` as the user reads it: an option's label rather than its value."""
    labels = {o.get("value"): (o.get("text") or {}).get("text", o.get("value")) for o in element.get("options") or []}
    if isinstance(value, list):
        return ", ".join(str(labels.get(v, v)) for v in value)
    if element.get("type") == "datetimepicker" and isinstance(value, int):
        return say_moment(datetime.fromtimestamp(value, PARIS))
    return str(labels.get(value, value))


class ModalPrompt:
    """Asks a modal's inputs one by one on ``stdin`` / ``out``.

    ``share_file(path)`` shares a local file into the stand-in Slack and returns its id (OSError
    when the file cannot be read); ``file_name(file_id)`` names a shared file.
    """

    def __init__(
        self,
        stdin: TextIO,
        out: TextIO,
        *,
        share_file: Callable[[str], str],
        file_name: Callable[[str], str],
    ) -> None:
        self.stdin = stdin
        self.out = out
        self.share_file = share_file
        self.file_name = file_name

    def ask(self, block: dict[str, Any], current: Any) -> Any:
        """The input's value after the user's answer; ``current`` is what it holds now (Enter keeps it).

        Raises EOFError when the input ends.
        """
        element = block.get("element") or {}
        kind = str(element.get("type") or "plain_text_input")
        label = (block.get("label") or {}).get("text", block.get("block_id", ""))
        options = element.get("options") or []
        for index, option in enumerate(options, 1):
            self.out.write(f"    {index}. {(option.get('text') or {}).get('text', option.get('value'))}\n")
        while True:
            self.out.write(f"  {label}{self._how(block, kind, current)}: ")
            self.out.flush()
            line = self.stdin.readline()
            if not line:
                raise EOFError
            raw = line.strip()
            if not raw:
                return current
            if raw == CLEAR:
                return None
            try:
                return self._read(kind, options, raw)
            except ValueError as problem:
                self.out.write(f"  ✗ {problem}\n")

    def _how(self, block: dict[str, Any], kind: str, current: Any) -> str:
        """What Enter does here, in words."""
        hints = []
        if kind in SINGLE_CHOICE:
            hints.append("a number")
        elif kind in MULTI_CHOICE:
            hints.append("numbers")
        elif kind == "file_input":
            hints.append("a file's path")
        if current not in (None, "", []):
            shown = (
                ", ".join(map(self.file_name, current))
                if kind == "file_input"
                else value_text(block["element"], current)
            )
            hints.append(f"Enter keeps {shown}, {CLEAR} empties it")
        elif block.get("optional"):
            hints.append("optional, Enter to skip")
        return f" ({'; '.join(hints)})" if hints else ""

    def _read(self, kind: str, options: list[dict[str, Any]], raw: str) -> Any:
        if kind == "file_input":
            try:
                return [self.share_file(raw)]
            except OSError as exc:
                raise ValueError(f"cannot read {raw}: {exc.strerror or exc}") from None
        if kind in _PICKERS:
            try:
                return _PICKERS[kind](raw)
            except FieldError as problem:
                raise ValueError(f"{problem.message}: {problem.hint}") from None
        if not options:
            return raw
        picked = raw.replace(",", " ").split()
        if not picked or not all(word.isdigit() and 1 <= int(word) <= len(options) for word in picked):
            raise ValueError(f"type the number of a choice, 1 to {len(options)}")
        chosen = [options[int(word) - 1]["value"] for word in picked]
        return chosen if kind in MULTI_CHOICE else chosen[0]


#: Slack's pickers, typed at the prompt as in a command (`demain 9h`, `10/12`, `9h30`), submitted as Slack does.
_PICKERS: dict[str, Callable[[str], Any]] = {
    "datepicker": lambda raw: read_day("date", raw, now=datetime.now(PARIS), direction="future").isoformat(),
    "timepicker": lambda raw: f"{read_clock('time', raw):%H:%M}",
    "datetimepicker": lambda raw: int(read_moment("date and time", raw, now=datetime.now(PARIS)).timestamp()),
}
