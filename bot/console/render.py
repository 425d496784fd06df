"""Block Kit as readable text, for the console.

Buttons are drawn with the number the caller gives each (``press 2`` then means that
button; the console keeps a button's number for as long as it is shown), or unnumbered;
the renderer returns the text and the list of buttons in the order drawn. An input block
shows its prefilled value.
"""

from __future__ import annotations

import itertools
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.console.forms import initial_value, value_text

__all__ = ["Button", "render_blocks", "render_mrkdwn"]


@dataclass(frozen=True)
class Button:
    label: str
    action_id: str
    value: str
    block_id: str = ""


def count_from_one() -> Callable[[Button], int | None]:
    """Numbers 1, 2, 3… in the order buttons are drawn."""
    numbers = itertools.count(1)
    return lambda _button: next(numbers)


# The shortcodes Relais uses, as a terminal can show them.
_EMOJI = {
    ":large_green_circle:": "🟢",
    ":red_circle:": "🔴",
    ":warning:": "⚠️",
    ":x:": "❌",
    ":white_check_mark:": "✅",
    ":no_entry:": "⛔",
    ":no_entry_sign:": "🚫",
    ":boom:": "💥",
    ":hourglass_flowing_sand:": "⏳",
    ":hourglass:": "⌛",
    ":grey_question:": "❔",
    ":mag:": "🔍",
}
_SHORTCODE = re.compile(r":[a-z0-9_+\-]+:")
_USER = re.compile(r"<@([A-Z0-9]+)>")
_CHANNEL = re.compile(r"<#([A-Z0-9]+)(?:\|([^>]*))?>")
_LINK = re.compile(r"<(https?://[^|>]+)(?:\|([^>]*))?>")


def render_mrkdwn(text: str, user_name: Callable[[str], str] = lambda u: u) -> str:
    text = _USER.sub(lambda m: "@" + user_name(m.group(1)), text)
    text = _CHANNEL.sub(lambda m: "#" + (m.group(2) or m.group(1).lower()), text)
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})" if m.group(2) else m.group(1), text)
    text = _SHORTCODE.sub(lambda m: _EMOJI.get(m.group(0), m.group(0)), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _text(obj: Any, user_name: Callable[[str], str]) -> str:
    if isinstance(obj, dict):
        return render_mrkdwn(str(obj.get("text", "")), user_name)
    return ""


def render_blocks(
    blocks: list[dict[str, Any]],
    *,
    number: Callable[[Button], int | None] | None = None,
    user_name: Callable[[str], str] = lambda u: u,
    width: int = 100,
) -> tuple[str, list[Button]]:
    """The blocks as text, and their buttons in the order drawn (numbered by ``number``; None: unnumbered)."""
    lines: list[str] = []
    buttons: list[Button] = []
    number = number or count_from_one()

    def add_button(element: dict[str, Any], block_id: str) -> str:
        label = _text(element.get("text"), user_name) or element.get("action_id", "?")
        button = Button(label, str(element.get("action_id", "")), str(element.get("value", "")), block_id)
        buttons.append(button)
        shown = number(button)
        return f"[{label}]" if shown is None else f"[{shown}: {label}]"

    def wrap(text: str, indent: str = "") -> None:
        for paragraph in text.splitlines() or [""]:
            lines.extend(textwrap.wrap(paragraph, width, initial_indent=indent, subsequent_indent=indent) or [indent])

    for block in blocks:
        kind = block.get("type")
        block_id = str(block.get("block_id") or "")
        if kind == "header":
            title = _text(block.get("text"), user_name)
            lines.extend([title, "=" * min(width, len(title))])
        elif kind == "section":
            if block.get("text"):
                wrap(_text(block["text"], user_name))
            for field in block.get("fields") or []:
                wrap(_text(field, user_name).replace("\n", ": ", 1), "  ")
            accessory = block.get("accessory")
            if accessory and accessory.get("type") == "button":
                lines.append("  " + add_button(accessory, block_id))
        elif kind == "context":
            texts = [_text(e, user_name) for e in block.get("elements") or [] if e.get("type") != "image"]
            wrap(" · ".join(t for t in texts if t), "  ")
        elif kind == "divider":
            lines.append("-" * min(width, 40))
        elif kind == "actions":
            drawn = []
            for element in block.get("elements") or []:
                if element.get("type") == "button":
                    drawn.append(add_button(element, block_id))
                else:
                    drawn.append(f"<{element.get('type')} {element.get('action_id')}>")
            lines.append("  ".join(drawn))
        elif kind == "input":
            label = _text(block.get("label"), user_name)
            optional = " (optional)" if block.get("optional") else ""
            element = block.get("element") or {}
            prefilled = initial_value(element)
            shown = "" if prefilled is None else f" = {value_text(element, prefilled)}"
            lines.append(f"  {label}{optional}: <{element.get('type', 'input')}>{shown}")
            if block.get("hint"):
                lines.append(f"    hint: {_text(block['hint'], user_name)}")
        elif kind == "file":
            lines.append(f"  [file {block.get('file_id')}]")
        elif kind == "image":
            lines.append(f"  [image: {block.get('alt_text', '')}]")
    return "\n".join(lines), buttons
