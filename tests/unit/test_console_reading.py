"""The console's reading of Block Kit: prefilled values, answers at a prompt, button numbers that stay."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.console.buttons import ButtonNumbers
from bot.console.forms import ModalPrompt, initial_value, value_text
from bot.console.render import Button, render_blocks
from bot.core.timezone import PARIS
from bot.rules.dates import say_moment
from bot.slack.blockkit import (
    button,
    checkboxes,
    datepicker,
    datetimepicker,
    file_input,
    input_block,
    multi_static_select,
    static_select,
    text_input,
    timepicker,
)

DAYS = [("Monday", "mon"), ("Friday", "fri")]


@pytest.mark.parametrize(
    ("element", "expected"),
    [
        (text_input("a", initial="Lyon"), "Lyon"),
        (text_input("a"), None),
        (static_select("a", DAYS, initial="fri"), "fri"),
        (static_select("a", DAYS), None),
        (multi_static_select("a", DAYS, initial=["mon", "fri"]), ["mon", "fri"]),
        (checkboxes("a", DAYS, initial=["mon"]), ["mon"]),
        (checkboxes("a", DAYS), None),
        (datepicker("a", initial="2026-12-01"), "2026-12-01"),
        (timepicker("a", initial="09:30"), "09:30"),
        (file_input("a", ["csv"]), None),
        ({"type": "users_select", "action_id": "a", "initial_user": "UBOB"}, "UBOB"),
    ],
)
def test_the_value_slack_submits_for_an_untouched_input(element: dict[str, Any], expected: Any) -> None:
    assert initial_value(element) == expected


def test_values_read_as_their_labels() -> None:
    assert value_text(multi_static_select("a", DAYS), ["mon", "fri"]) == "Monday, Friday"
    assert value_text(static_select("a", DAYS), "fri") == "Friday"
    assert value_text(text_input("a"), "Lyon") == "Lyon"


def ask(block: dict[str, Any], current: Any, typed: str, shared: dict[str, str] | None = None) -> tuple[Any, str]:
    out = io.StringIO()

    def share(path: str) -> str:
        if shared is None or path not in shared:
            raise FileNotFoundError(2, "No such file or directory")
        return shared[path]

    prompt = ModalPrompt(io.StringIO(typed), out, share_file=share, file_name=lambda f: f"name-of-{f}")
    return prompt.ask(block, current), out.getvalue()


def test_enter_keeps_the_current_value_and_a_dash_empties_it() -> None:
    block = input_block("kind", "Kind", static_select("kind", DAYS, initial="fri"))
    assert ask(block, "fri", "\n")[0] == "fri"
    assert ask(block, "fri", "-\n")[0] is None
    assert ask(block, "fri", "1\n")[0] == "mon"
    value, shown = ask(block, "fri", "7\n2\n")
    assert value == "fri" and "✗ type the number of a choice, 1 to 2" in shown
    assert "Kind (a number; Enter keeps Friday, - empties it): " in shown


def test_multiple_choices_take_several_numbers() -> None:
    block = input_block("days", "Days", checkboxes("days", DAYS), optional=True)
    value, shown = ask(block, None, "1, 2\n")
    assert value == ["mon", "fri"] and "Days (numbers; optional, Enter to skip): " in shown


def test_a_file_field_takes_a_path_and_keeps_the_attached_file() -> None:
    block = input_block("file", "File", file_input("file", ["csv"]))
    assert ask(block, ["F1"], "\n", {})[0] == ["F1"]
    value, shown = ask(block, ["F1"], "/nope.csv\n/list.csv\n", {"/list.csv": "F2"})
    assert value == ["F2"] and "✗ cannot read /nope.csv: No such file or directory" in shown
    assert "Enter keeps name-of-F1" in shown


def test_input_ending_at_a_prompt_is_an_eof() -> None:
    with pytest.raises(EOFError):
        ask(input_block("a", "A", text_input("a")), None, "")


def test_inputs_show_their_prefilled_value_and_home_buttons_can_be_unnumbered() -> None:
    text, _ = render_blocks([input_block("day", "Day", static_select("day", DAYS, initial="mon"))])
    assert text == "  Day: <static_select> = Monday"
    text, buttons = render_blocks([{"type": "actions", "elements": [button("Open", "open")]}], number=lambda b: None)
    assert text == "[Open]" and [b.action_id for b in buttons] == ["open"]


def draw(numbers: ButtonNumbers, where: str, *buttons: Button) -> list[int]:
    numbering = numbers.numbering(where)
    return [numbering(b) for b in buttons]


def test_a_button_keeps_its_number_across_redrawings_and_new_ones_follow() -> None:
    numbers = ButtonNumbers()
    refresh, cancel, probe = Button("Refresh", "refresh", "r1"), Button("Cancel", "cancel", "c1"), Button("P", "p", "")
    assert draw(numbers, "1.1", refresh, cancel) == [1, 2]
    assert draw(numbers, "1.2", probe) == [3]
    assert draw(numbers, "1.1", refresh) == [1]  # the card redrawn without Cancel
    assert numbers.pressable(1) == (refresh, "1.1") and numbers.pressable(3) == (probe, "1.2")
    assert numbers.pressable(2) is None and numbers.ever_shown(2)
    assert draw(numbers, "1.1", Button("Cancel", "cancel", "c2")) == [4]  # another value: another button
    numbers.forget("1.2")
    assert numbers.pressable(3) is None and numbers.pressable(99) is None and not numbers.ever_shown(99)


def test_pickers_are_typed_as_in_a_command_and_submitted_as_slack_does() -> None:
    tomorrow = (datetime.now(PARIS) + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    moment = input_block("at", "Send at", datetimepicker("at"))
    assert ask(moment, None, "demain 9h\n")[0] == int(tomorrow.timestamp())
    value, said = ask(moment, None, "demain 25h\ndemain 9h\n")
    assert value == int(tomorrow.timestamp()) and "`25h` is not a time of day" in said
    assert ask(input_block("day", "Day", datepicker("day")), None, "demain\n")[0] == tomorrow.date().isoformat()
    assert ask(input_block("start", "Start", timepicker("start")), None, "9h30\n")[0] == "09:30"
    assert value_text(datetimepicker("at", initial=int(tomorrow.timestamp())), int(tomorrow.timestamp())) == say_moment(
        tomorrow
    )
