"""The pop-up forms' inputs: every pop-up setting (filled in when editing), and the pop-up picker."""

from __future__ import annotations

from typing import Any

from bot.slack.blockkit import checkboxes, input_block, static_select, text_input
from bot.vendors.axialys.client import AxialysClient
from bot.vendors.axialys.models import Popup
from handlers.axialys.popup_settings import KEEP, NONE
from handlers.axialys.rules import DIRECTIONS

__all__ = ["popup_fields", "popup_select"]

Block = dict[str, Any]


def popup_select(client: AxialysClient) -> list[Block]:
    """A select of the account's pop-ups (A14)."""
    popups = [(f"{p.name} (#{p.id})", str(p.id)) for p in client.popups()]
    return [input_block("popup", "Pop-up", static_select("popup", popups))]


def _choices(items: list[str]) -> list[tuple[str, str]]:
    return [("(none)", NONE), *[(item, item) for item in items]]


def popup_fields(client: AxialysClient, current: Popup | None = None) -> list[Block]:
    """Every pop-up setting; plannings (A12) and operator groups (A1) as selects; ``current`` fills them in.

    Slack keeps what was typed in an input across ``views.update`` when its block_id and
    action_id are unchanged: the action ids carry the pop-up's id, so picking another
    pop-up shows that pop-up's values (the block ids, which key the values, stay put).
    """
    groups = _choices([g.name for g in client.operator_groups()])
    plannings = _choices(client.plannings())
    c = current
    version = f":{c.id}" if c else ""

    def text(block_id: str, label: str, initial: str | None = None, **kwargs: Any) -> Block:
        element = text_input(f"{block_id}{version}", initial=initial, **kwargs)
        return input_block(block_id, label, element, optional=True)

    def select(block_id: str, label: str, options_: list[tuple[str, str]], initial: str | None) -> Block:
        if initial is not None and initial not in {value for _, value in options_}:
            # A value Axialys holds but does not list (a name A12/A1 skipped, a spelling of its own): the select
            # starts on "unchanged", so that submitting the form never clears the routing by omission.
            options_, initial = [(f"{initial} (unchanged)", KEEP), *options_], KEEP
        element = static_select(f"{block_id}{version}", options_, initial=initial)
        return input_block(block_id, label, element, optional=True)

    def flag(block_id: str, label: str, choice: str, ticked: bool) -> Block:
        element = checkboxes(f"{block_id}{version}", [(choice, "1")], initial=["1"] if ticked else None)
        return input_block(block_id, label, element, optional=True)

    def linked(value: str | None) -> str | None:
        """A planning or group select starts on the current one, or on "(none)" when editing a pop-up without."""
        return value or (NONE if c else None)

    return [
        input_block("name", "Name (letters and digits)", text_input(f"name{version}", initial=c.name if c else None)),
        select("planning", "Planning (opening hours)", plannings, linked(c.planning if c else None)),
        select("open", "Operators during opening hours", groups, linked(c.open_group if c else None)),
        select("closed", "Operators when closed", groups, linked(c.closed_group if c else None)),
        text("open_message", "Message when open", c.open_message if c else None, multiline=True),
        text("closed_message", "Message when closed", c.closed_message if c else None, multiline=True),
        select("direction", "Who is called first", [(d, d) for d in DIRECTIONS], c.direction if c else None),
        select("locale", "Language", [("Français", "fr"), ("English", "en")], c.locale if c else None),
        select("voice", "Voice", [("Female", "f"), ("Male", "m")], c.voice if c else None),
        text(
            "client_wait",
            "Caller ring time, seconds (5–1000)",
            str(c.client_timeout) if c and c.client_timeout else None,
        ),
        text(
            "operator_wait", "Operator retry time, seconds (5–1000)", str(c.op_timeout) if c and c.op_timeout else None
        ),
        text("client_number", "Number shown to the caller", c.client_presentation if c else None),
        text("operator_number", "Number shown to operators", c.op_presentation if c else None),
        text("answering", "Answering machine e-mail (empty: off)", c.answering_email if c else None),
        text("usr1", "Custom field 1 label", c.usr1_name if c else None),
        text("usr2", "Custom field 2 label", c.usr2_name if c else None),
        text("usr3", "Custom field 3 label", c.usr3_name if c else None),
        flag("immediate", "Calls", "Immediate only (no deferred calls)", bool(c and c.immediate)),
        flag("show_name", "Pop-up", "Ask for the caller's name", c is None or c.show_name),
    ]
