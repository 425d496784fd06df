"""Replying to an SMS reply (MO): the Reply button under each MO in a campaign's thread.

The button opens a modal whose text input counts characters and SMS as one types (the
input dispatches an action on each character entered; the answer redraws the modal's count
line, ``views.update``). Submitting it checks and stages an SMS to that one number exactly
as ``/push sms`` does (same executor: the repeat-send guard, the audit, the campaign card),
with ``reply_to`` in its parameters: once sent, ``push_executor.start_campaign`` posts
"↩ @alice replied to +33…" in the thread of the campaign answered (``replies.reply_line``).

A reply answers a message the person sent: it is transactional (the marketing rules' hours and
STOP are for messages nobody asked for; the card says so), and it goes from the campaign's sender
when the campaign named one (the conversation keeps its name), else the channel's default sender.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.rules.fields import FieldError
from bot.rules.sms import analyse_sms
from bot.slack.blockkit import context, input_block, modal, section, text_input
from bot.slack.context import ActionContext, ViewContext
from handlers.clever.kit import CleverKit, clever
from handlers.clever.push_draft import draft_of
from handlers.clever.push_form import with_default_sender
from handlers.clever.push_prepare import plan, read_for, stage
from handlers.clever.records import Campaign
from handlers.clever.replies import REPLY

__all__ = ["COUNT", "REPLY_VIEW", "count_line", "on_reply", "on_typing", "reply_modal", "submit_reply"]

log = logging.getLogger(__name__)

REPLY_VIEW = "clever.mo.reply"
#: The text input's own action: Slack sends it on each character entered (dispatch_action).
COUNT = "clever.mo.count"
MAX_TEXT = 1000  # the push form's SMS limit


def count_line(text: str) -> str:
    """ "42 characters · 1 SMS (GSM 03.38)", or what is wrong with the text so far."""
    if not text.strip():
        return "0 characters · write your reply"
    try:
        sms = analyse_sms(text)
    except FieldError as exc:
        return f":warning: {exc.problem}"
    count = f"{sms.length:,} {'characters' if sms.encodage == 3 else 'UTF-16 units'}"
    return f"{count} · {sms.segments} SMS ({sms.encoding_name})"


def reply_modal(campaign: Campaign | None, reference: str, number: str, text: str = "") -> dict[str, Any]:
    """The Reply modal; ``text``: what is typed so far (only for its count line)."""
    where = f"campaign `{reference}`" + (f" ({campaign.channel.upper()})" if campaign else "")
    field = text_input(COUNT, multiline=True, max_length=MAX_TEXT, placeholder="Bonjour, merci pour votre réponse…")
    field["dispatch_action_config"] = {"trigger_actions_on": ["on_character_entered"]}
    message = input_block("text", "Your SMS", field)
    message["dispatch_action"] = True
    return modal(
        "Reply by SMS",
        [
            section(f"To *{number}*, who replied to {where}."),
            message,
            {**context(count_line(text)), "block_id": "count"},
            context(
                "Sent as a transactional message (an answer to theirs): no STOP needed, any hour. "
                "To promote something, use `/push`. Preview first: a card shows the cost before anything is sent."
            ),
        ],
        callback_id=REPLY_VIEW,
        submit="Preview",
        private_metadata=json.dumps({"reference": reference, "number": number}),
    )


@clever.action(REPLY, operation="M11")
def on_reply(ctx: ActionContext, kit: CleverKit) -> None:
    reference, number = ctx.argument, ctx.value
    ctx.open_modal(reply_modal(kit.campaigns.get(reference), reference, number))


@clever.action(COUNT)
def on_typing(ctx: ActionContext, kit: CleverKit) -> None:
    """Each character typed: the count line redrawn. A conflict means a newer keystroke already redrew it."""
    metadata = json.loads((ctx.view or {}).get("private_metadata") or "{}")
    reference, number = str(metadata.get("reference", "")), str(metadata.get("number", ""))
    try:
        ctx.update_modal(reply_modal(kit.campaigns.get(reference), reference, number, ctx.value))
    except SlackApiError as exc:
        if exc.response.get("error") != "hash_conflict":
            raise
        log.info("reply count not redrawn: the modal changed meanwhile (a later keystroke)")


def _errors(ctx: ViewContext, kit: CleverKit) -> dict[str, str]:
    try:
        analyse_sms(str(ctx.values.get("text") or ""))
    except FieldError as exc:
        return {"text": exc.problem}
    return {}


@clever.view(REPLY_VIEW, validate=_errors)
def submit_reply(ctx: ViewContext, kit: CleverKit) -> None:
    """The SMS to that one number, checked as ``/push sms`` checks it, behind its confirmation card."""
    reference, number = str(ctx.metadata.get("reference", "")), str(ctx.metadata.get("number", ""))
    text = str(ctx.values.get("text") or "")
    campaign = kit.campaigns.get(reference)
    options = {"nature": "transactional"} | ({"from": campaign.sender} if campaign and campaign.sender else {})
    draft = with_default_sender(draft_of("sms", "list", number, options, text), ctx)
    prepared = plan(draft, read_for(kit, draft))
    reply_to = {"reference": reference, "number": number}
    if campaign is not None and campaign.ts:
        reply_to |= {"channel_id": campaign.channel_id, "thread_ts": campaign.ts}
    stage(ctx, kit, prepared, command=f"reply to {number} (campaign {reference})", extra={"reply_to": reply_to})
