"""SMS replies (MO, M23) posted once each in the campaign card's thread, as the watcher reads them.

Each has a Reply button (``REPLY``: the campaign's reference in the action id, the number in
its value) answered by ``handlers.clever.mo_reply``; the message shortcut "Send as SMS…"
reads the same button to know the number.
"""

from __future__ import annotations

import hashlib
from typing import Any

from bot.core.jobs import Job
from bot.slack.blockkit import actions, button, section
from handlers.clever.kit import CleverKit
from handlers.clever.records import Campaign

__all__ = ["REPLY", "post_replies", "reply_line"]

#: The Reply button under each MO: ``clever.mo.reply:<reference>``, the number as its value.
REPLY = "clever.mo.reply:"


def post_replies(kit: CleverKit, campaign: Campaign, job: Job) -> int:
    """Each MO (M23) once in the card's thread; the ones posted are remembered in job.data."""
    if not campaign.ts:
        return 0
    posted: list[str] = list(job.data.get("mos", []))
    new = 0
    for mo in kit.client.mos(campaign.reference):
        key = hashlib.sha256(f"{mo.recipient}|{mo.date_receive}|{mo.message}".encode()).hexdigest()[:16]
        if key in posted:
            continue
        text = f":speech_balloon: Reply from {mo.recipient} at {mo.date_receive or '?'}: {mo.message}"
        blocks = [section(text), actions(button("Reply", f"{REPLY}{campaign.reference}", mo.recipient))]
        kit.out.post_once(
            f"clever.mo:{campaign.reference}:{key}", campaign.channel_id, text, blocks, thread_ts=campaign.ts
        )
        posted.append(key)
        new += 1
    job.data["mos"] = posted
    return new


def reply_line(reply_to: dict[str, Any], user_id: str, text: str, new_reference: str | None) -> str:
    """What is posted in the campaign's thread once a reply to an MO is sent (handlers.clever.mo_reply)."""
    sent = f" (campaign {new_reference})" if new_reference else ""
    return f"↩ <@{user_id}> replied to {reply_to.get('number', '?')}: {text}{sent}"
