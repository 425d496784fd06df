"""Button numbers that do not move: ``press N`` means the button the user saw as N.

Each button gets its number the first time it is drawn and keeps it for the session: a card
redrawn by a watcher, or a message arriving while the user reads, numbers only the buttons it
adds. A button is pressable while the message (or modal) that drew it last still shows it.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.console.render import Button

__all__ = ["ButtonNumbers"]

# A button across redrawings: where it is (message ts or view id), its block, its action, its value.
_Key = tuple[str, str, str, str]


class ButtonNumbers:
    """Not thread-safe: the session calls it under its own lock."""

    def __init__(self) -> None:
        self._numbers: dict[_Key, int] = {}
        self._buttons: dict[int, tuple[Button, str]] = {}
        self._shown: dict[str, set[int]] = {}

    def numbering(self, where: str) -> Callable[[Button], int]:
        """The numbers for one drawing of ``where``: the buttons it no longer draws stop being pressable."""
        shown: set[int] = set()
        self._shown[where] = shown

        def number(button: Button) -> int:
            key = (where, button.block_id, button.action_id, button.value)
            found = self._numbers.setdefault(key, len(self._numbers) + 1)
            self._buttons[found] = (button, where)
            shown.add(found)
            return found

        return number

    def forget(self, where: str) -> None:
        """``where`` is gone (a deleted message, a closed modal): none of its buttons is pressable."""
        self._shown.pop(where, None)

    def pressable(self, number: int) -> tuple[Button, str] | None:
        """The button shown as ``number`` and where it is, while it is still shown."""
        found = self._buttons.get(number)
        if found is None or number not in self._shown.get(found[1], set()):
            return None
        return found

    def ever_shown(self, number: int) -> bool:
        return number in self._buttons
