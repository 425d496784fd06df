"""Block Kit builders that respect Slack's limits, so no message or modal is ever refused.

Limits (Slack's documentation): 50 blocks per message, 100 per modal or Home tab,
3,000 characters per section text, 150 per header, 24 per modal title, 75 per button
text, 2,000 per button value, 255 per action id. Listings longer than a page are
paginated with buttons (see ``bot.slack.pages``).
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "MAX_MESSAGE_BLOCKS",
    "MAX_MODAL_BLOCKS",
    "MAX_MODAL_TITLE",
    "MAX_SECTION_TEXT",
    "actions",
    "button",
    "clip",
    "context",
    "divider",
    "fit_blocks",
    "fit_message",
    "header",
    "input_block",
    "modal",
    "plain",
    "plural",
    "problem",
    "problem_blocks",
    "section",
]

Block = dict[str, Any]

MAX_MESSAGE_BLOCKS = 50
MAX_MODAL_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_MODAL_TITLE = 24
MAX_BUTTON_TEXT = 75
MAX_MESSAGE_TEXT = 40000
MAX_CONTEXT_ELEMENTS = 10


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the cut marked with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(text: str, limit: int = MAX_SECTION_TEXT) -> dict[str, Any]:
    return {"type": "plain_text", "text": clip(text, limit), "emoji": True}


def mrkdwn(text: str, limit: int = MAX_SECTION_TEXT) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": clip(text, limit)}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, MAX_HEADER_TEXT)}


def section(text: str, *, accessory: Block | None = None, block_id: str | None = None) -> Block:
    block: Block = {"type": "section", "text": mrkdwn(text or " ")}
    if accessory is not None:
        block["accessory"] = accessory
    if block_id:
        block["block_id"] = block_id
    return block


def fields_section(pairs: list[tuple[str, str]]) -> Block:
    """A section of up to 10 "*label*\\nvalue" fields (Slack's limit), each within 2,000 characters."""
    return {"type": "section", "fields": [mrkdwn(f"*{k}*\n{v}", 2000) for k, v in pairs[:10]]}


def context(*texts: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(t, 3000) for t in texts[:MAX_CONTEXT_ELEMENTS]]}


def problem_blocks(sentence: str, detail: str = "", *, check: str = "") -> list[Block]:
    """How every error is shown, wherever it is (replies, cards' outcomes, Home, threads, DMs).

    ``sentence``: what went wrong and what to do, in the user's words: the main text. ``detail``:
    the vendor's name, HTTP status, code and original words, in a small context line under it,
    as plain text (a vendor's ``<br />`` or ``*`` is shown as sent, never read as markup).
    ``check``: for an unknown outcome, what to look at before trying again.
    """
    blocks = [section(sentence)]
    if detail:
        blocks.append(
            {"type": "context", "elements": [{"type": "plain_text", "text": clip(detail, 2000), "emoji": False}]}
        )
    if check:
        blocks.append(context(f":mag: {check}"))
    return blocks


def problem(sentence: str, detail: str = "", *, check: str = "") -> tuple[str, list[Block]]:
    """An error as a message: the sentence as its text (notifications) and ``problem_blocks``."""
    return sentence, problem_blocks(sentence, detail, check=check)


def divider() -> Block:
    return {"type": "divider"}


def button(text: str, action_id: str, value: str = "", *, style: str | None = None) -> Block:
    element: Block = {"type": "button", "text": plain(text, MAX_BUTTON_TEXT), "action_id": action_id[:255]}
    if value:
        element["value"] = value[:2000]
    if style in {"primary", "danger"}:
        element["style"] = style
    return element


def actions(*elements: Block, block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements)[:25]}
    if block_id:
        block["block_id"] = block_id
    return block


def input_block(block_id: str, label: str, element: Block, *, optional: bool = False, hint: str | None = None) -> Block:
    block: Block = {"type": "input", "block_id": block_id, "label": plain(label, 2000), "element": element}
    if optional:
        block["optional"] = True
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def fit_blocks(blocks: list[Block], limit: int) -> list[Block]:
    """At most ``limit`` blocks: past it, the tail is replaced by one note saying how many were left out."""
    if len(blocks) <= limit:
        return blocks
    kept = blocks[: limit - 1]
    return [*kept, context(f"…{len(blocks) - len(kept)} more blocks not shown")]


def fit_message(text: str, blocks: list[Block] | None) -> tuple[str, list[Block] | None]:
    """A message's fallback text and blocks cut to Slack's message limits."""
    return clip(text, MAX_MESSAGE_TEXT), (fit_blocks(blocks, MAX_MESSAGE_BLOCKS) if blocks is not None else None)


def modal(
    title: str,
    blocks: list[Block],
    *,
    callback_id: str = "",
    submit: str | None = None,
    close: str = "Cancel",
    private_metadata: str = "",
) -> Block:
    view: Block = {
        "type": "modal",
        "title": plain(title, MAX_MODAL_TITLE),
        "close": plain(close, 24),
        "blocks": fit_blocks(blocks, MAX_MODAL_BLOCKS),
    }
    if callback_id:
        view["callback_id"] = callback_id
    if submit:
        view["submit"] = plain(submit, 24)
    if private_metadata:
        view["private_metadata"] = private_metadata[:3000]
    return view


# -- modal input elements ---------------------------------------------------------------------
def option(label: str, value: str) -> dict[str, Any]:
    return {"text": plain(label, 75), "value": value[:150]}


def text_input(
    action_id: str,
    *,
    multiline: bool = False,
    initial: str | None = None,
    placeholder: str | None = None,
    max_length: int | None = None,
) -> Block:
    element: Block = {"type": "plain_text_input", "action_id": action_id, "multiline": multiline}
    if initial:
        element["initial_value"] = initial[:3000]
    if placeholder:
        element["placeholder"] = plain(placeholder, 150)
    if max_length:
        element["max_length"] = min(max_length, 3000)
    return element


def _select(kind: str, action_id: str, options: list[tuple[str, str]], placeholder: str) -> Block:
    """A select element of ``kind`` with at most 100 options (Slack's limit), nothing chosen yet."""
    return {
        "type": kind,
        "action_id": action_id,
        "options": [option(label, value) for label, value in options[:100]],
        "placeholder": plain(placeholder, 150),
    }


def static_select(
    action_id: str, options: list[tuple[str, str]], *, initial: str | None = None, placeholder: str = "Choose…"
) -> Block:
    """A select of at most 100 options (Slack's limit); ``initial`` is a value."""
    element = _select("static_select", action_id, options, placeholder)
    chosen = next((c for c in element["options"] if c["value"] == initial), None)
    if chosen is not None:
        element["initial_option"] = chosen
    return element


def multi_static_select(
    action_id: str, options: list[tuple[str, str]], *, initial: list[str] | None = None, placeholder: str = "Choose…"
) -> Block:
    """A multi-select of at most 100 options (Slack's limit); ``initial`` lists values."""
    element = _select("multi_static_select", action_id, options, placeholder)
    chosen = [c for c in element["options"] if c["value"] in (initial or [])]
    if chosen:
        element["initial_options"] = chosen
    return element


def datepicker(action_id: str, *, initial: str | None = None) -> Block:
    element: Block = {"type": "datepicker", "action_id": action_id}
    if initial:
        element["initial_date"] = initial
    return element


def timepicker(action_id: str, *, initial: str | None = None) -> Block:
    element: Block = {"type": "timepicker", "action_id": action_id, "timezone": "Europe/Paris"}
    if initial:
        element["initial_time"] = initial
    return element


def datetimepicker(action_id: str, *, initial: int | None = None) -> Block:
    """A date and a time in one input; Slack submits ``selected_date_time`` in Unix seconds."""
    element: Block = {"type": "datetimepicker", "action_id": action_id}
    if initial is not None:
        element["initial_date_time"] = initial
    return element


def checkboxes(action_id: str, options: list[tuple[str, str]], *, initial: list[str] | None = None) -> Block:
    choices = [option(label, value) for label, value in options[:10]]
    element: Block = {"type": "checkboxes", "action_id": action_id, "options": choices}
    chosen = [c for c in choices if c["value"] in (initial or [])]
    if chosen:
        element["initial_options"] = chosen
    return element


def file_input(action_id: str, filetypes: list[str], *, max_files: int = 1) -> Block:
    return {"type": "file_input", "action_id": action_id, "filetypes": filetypes, "max_files": max_files}


def plural(count: int, word: str) -> str:
    """ "1 recipient", "2 recipients", "1,200 recipients" (English nouns that take an s)."""
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"
