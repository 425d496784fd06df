"""Reading an error as Relais shows it: the main text apart from the vendor's detail line."""

from __future__ import annotations

from typing import Any

from bot.sandboxes.slack import Message


def problem_parts(message: Message) -> tuple[str, str]:
    """(main text, detail line): the sections' texts, and the plain-text context line with the vendor's words."""
    blocks: list[dict[str, Any]] = message.blocks or []
    main = "\n".join(str(b["text"]["text"]) for b in blocks if b.get("type") == "section" and "text" in b)
    detail = "\n".join(
        str(element["text"])
        for b in blocks
        if b.get("type") == "context"
        for element in b.get("elements", [])
        if element.get("type") == "plain_text"
    )
    return main, detail
