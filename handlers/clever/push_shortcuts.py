"""The shortcuts that open the push form: "New campaign" (global) and "Send as SMS…" (on a message).

A global shortcut comes from no channel, so its form asks where the card goes
(``push_duplicate.POST_IN``, required); a message shortcut knows its channel. "Send as SMS…"
on a reply Relais posted in a campaign thread (an MO, with its Reply button) fills in the
replier's number and leaves the text empty (their words are not what one sends back); on any
other message, the message's text.
"""

from __future__ import annotations

import re
from typing import Any

from bot.slack.context import ShortcutContext
from handlers.clever.kit import CleverKit, clever
from handlers.clever.push_duplicate import open_push_form
from handlers.clever.push_form import PushKind
from handlers.clever.replies import REPLY

__all__ = ["NEW_CAMPAIGN", "SEND_AS_SMS", "mo_number", "new_campaign", "send_as_sms"]

NEW_CAMPAIGN, SEND_AS_SMS = "relais.new_campaign", "relais.send_as_sms"
SMS = PushKind("sms", "list", "sms")
#: A reply posted before its Reply button existed: "…Reply from +33612345678 at …".
_OLD_MO = re.compile(r"Reply from (\+?[0-9]{6,20}) at ")


@clever.shortcut(
    NEW_CAMPAIGN,
    name="New campaign",
    description="Prepare an SMS, voice or mail campaign (Clever Multimedias): a form, then a confirmation card",
)
def new_campaign(ctx: ShortcutContext, kit: CleverKit) -> None:
    open_push_form(ctx, kit, SMS, {}, pick_channel=not ctx.from_channel)


@clever.shortcut(
    SEND_AS_SMS,
    name="Send as SMS…",
    description="Send this message's text as an SMS campaign (on a reply to a campaign: to the one who replied)",
    kind="message",
)
def send_as_sms(ctx: ShortcutContext, kit: CleverKit) -> None:
    number = mo_number(ctx.message_blocks, ctx.message_text)
    values: dict[str, Any] = {"recipients": number} if number else {"text": ctx.message_text.strip()}
    open_push_form(ctx, kit, SMS, values, pick_channel=not ctx.from_channel)


def mo_number(blocks: list[dict[str, Any]], text: str) -> str:
    """The replier's number of an MO Relais posted (its Reply button's value), or "" for any other message."""
    for block in blocks:
        for element in block.get("elements") or []:
            if str(element.get("action_id", "")).startswith(REPLY) and element.get("value"):
                return str(element["value"])
    found = _OLD_MO.search(text) if text.startswith(":speech_balloon: Reply from") else None
    return found.group(1) if found else ""
