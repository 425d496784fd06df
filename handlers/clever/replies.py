"""SMS replies (MO, M23) posted once each, as the watcher reads them, and the opt-outs they carry.

A reply goes to the campaign card's thread, or, when the campaign's channel names a replies
channel (`/relais settings`, ``ChannelSettings.replies_channel``), to that channel with a link to
the card. Each has a Reply button (``REPLY``: the campaign's reference in the action id, the number
in its value) answered by ``handlers.clever.mo_reply``; the message shortcut "Send as SMS…" reads
the same button to know the number. A reply that is an opt-out word (``bot.rules.stop_words``) puts
its number on the opt-out list once (``handlers.clever.optouts``), audited and said under the reply.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.core.jobs import Job
from bot.rules.fields import FieldError
from bot.rules.phones import parse_phone
from bot.rules.stop_words import stop_word
from bot.slack.blockkit import actions, button, section
from bot.vendors.clever.models import Mo
from handlers.clever.kit import CleverKit
from handlers.clever.optouts import add_optout
from handlers.clever.records import Campaign

__all__ = ["REPLY", "post_replies", "reply_line"]

#: The Reply button under each MO: ``clever.mo.reply:<reference>``, the number as its value.
REPLY = "clever.mo.reply:"

log = logging.getLogger(__name__)


def post_replies(kit: CleverKit, campaign: Campaign, job: Job) -> int:
    """Each MO (M23) once, where the campaign's replies go; the ones posted are remembered in job.data."""
    if not campaign.ts:
        return 0
    posted: list[str] = list(job.data.get("mos", []))
    replies_channel: str | None = None  # the channel's setting, read at the first new reply (most polls have none)
    new = 0
    for mo in kit.client.mos(campaign.reference):
        key = hashlib.sha256(f"{mo.recipient}|{mo.date_receive}|{mo.message}".encode()).hexdigest()[:16]
        if key in posted:
            continue
        if replies_channel is None:
            replies_channel = kit.channels.of(campaign.channel_id).replies_channel
        text = f":speech_balloon: Reply from {mo.recipient} at {mo.date_receive or '?'}: {mo.message}"
        if replies_channel and replies_channel != campaign.channel_id:
            text += f" — {_card_link(kit, campaign)}"
            channel, thread_ts = replies_channel, None
        else:
            channel, thread_ts = campaign.channel_id, campaign.ts
        blocks = [section(text), actions(button("Reply", f"{REPLY}{campaign.reference}", mo.recipient))]
        ts = kit.out.post_once(f"clever.mo:{campaign.reference}:{key}", channel, text, blocks, thread_ts=thread_ts)
        _opt_out(kit, campaign, mo, f"{campaign.reference}:{key}", channel, thread_ts or ts)
        posted.append(key)
        new += 1
    job.data["mos"] = posted
    return new


def _card_link(kit: CleverKit, campaign: Campaign) -> str:
    """Words that lead back to the campaign card: a link when Slack gives one, its channel anyway."""
    where = f"campaign `{campaign.reference}` in <#{campaign.channel_id}>"
    try:
        link = kit.web.chat_getPermalink(channel=campaign.channel_id, message_ts=campaign.ts).get("permalink")
    except SlackApiError as exc:
        log.warning("no link to the card of %s: %s", campaign.reference, exc.response.get("error"))
        return where
    return f"{where} (<{link}|campaign card>)" if link else where


def _opt_out(kit: CleverKit, campaign: Campaign, mo: Mo, key: str, channel: str, thread_ts: str) -> None:
    """A reply that is an opt-out word: its number on the list once, audited, said under the reply."""
    said = (mo.message or "").strip()
    if stop_word(said) is None:
        return
    try:
        number = parse_phone("number", mo.recipient or "").e164
    except FieldError:
        number = (mo.recipient or "").strip()  # as Clever wrote it: the list is still keyed by what replies carry
    added = add_optout(
        kit, number, source="reply", said=said, campaign=campaign.reference, channel_id=campaign.channel_id
    )
    if not added:
        return  # already listed: once is enough, and the reply itself is posted above
    kit.audit.record(
        user_id=campaign.user_id,
        channel_id=campaign.channel_id,
        command=f"SMS reply to {campaign.reference}: {said}",
        operation="opt-out add",
        outcome="done",
        detail=f"{number} replied {said}",
    )
    text = f"{number} is now on the opt-out list (replied {said}): promotional campaigns will skip it"
    kit.out.post_once(f"clever.optout:{key}", channel, f":no_bell: {text}", thread_ts=thread_ts)


def reply_line(reply_to: dict[str, Any], user_id: str, text: str, new_reference: str | None) -> str:
    """What is posted in the campaign's thread once a reply to an MO is sent (handlers.clever.mo_reply)."""
    sent = f" (campaign {new_reference})" if new_reference else ""
    return f"↩ <@{user_id}> replied to {reply_to.get('number', '?')}: {text}{sent}"
