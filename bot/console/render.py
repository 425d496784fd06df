"""Block Kit as readable text, for the console.

Buttons are numbered as they are drawn so that the user can type ``press 2``; the
renderer returns the text and the list of buttons in that order.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Button", "render_blocks", "render_mrkdwn"]


@dataclass(frozen=True)
class Button:
    label: str
    action_id: str
    value: str


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
    first_number: int = 1,
    user_name: Callable[[str], str] = lambda u: u,
    width: int = 100,
) -> tuple[str, list[Button]]:
    lines: list[str] = []
    buttons: list[Button] = []

    def add_button(element: dict[str, Any]) -> str:
        label = _text(element.get("text"), user_name) or element.get("action_id", "?")
        buttons.append(Button(label, str(element.get("action_id", "")), str(element.get("value", ""))))
        return f"[{first_number + len(buttons) - 1}: {label}]"

    def wrap(text: str, indent: str = "") -> None:
        for paragraph in text.splitlines() or [""]:
            lines.extend(textwrap.wrap(paragraph, width, initial_indent=indent, subsequent_indent=indent) or [indent])

    for block in blocks:
        kind = block.get("type")
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
                lines.append("  " + add_button(accessory))
        elif kind == "context":
            texts = [_text(e, user_name) for e in block.get("elements") or [] if e.get("type") != "image"]
            wrap(" · ".join(t for t in texts if t), "  ")
        elif kind == "divider":
            lines.append("-" * min(width, 40))
        elif kind == "actions":
            drawn = []
            for element in block.get("elements") or []:
                if element.get("type") == "button":
                    drawn.append(add_button(element))
                else:
                    drawn.append(f"<{element.get('type')} {element.get('action_id')}>")
            lines.append("  ".join(drawn))
        elif kind == "input":
            label = _text(block.get("label"), user_name)
            optional = " (optional)" if block.get("optional") else ""
            element = block.get("element") or {}
            lines.append(f"  {label}{optional}: <{element.get('type', 'input')}>")
            if block.get("hint"):
                lines.append(f"    hint: {_text(block['hint'], user_name)}")
        elif kind == "file":
            lines.append(f"  [file {block.get('file_id')}]")
        elif kind == "image":
            lines.append(f"  [image: {block.get('alt_text', '')}]")
    return "\n".join(lines), buttons
