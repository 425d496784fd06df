"""The push card's "Use GSM equivalents" button: the same push with ê → e, ’ → ' …, on a new card.

The card offers it only when the replacements save segments (``bot.rules.sms.gsm_offer``); the
draft to send instead is kept with the card's write. A click checks that draft again like any
push (the account may have changed), cancels the first card and puts the new one in its place:
nothing is sent before the new card's own Send.
"""

from __future__ import annotations

from bot.core.safe_writes import WriteState
from bot.slack.cards import ALREADY_HANDLED, card_blocks
from bot.slack.context import ActionContext
from handlers.clever.approval import void
from handlers.clever.kit import CleverKit, clever
from handlers.clever.push_prepare import GSM_ACTION, plan, read_for, stage
from handlers.clever.push_rules import PushDraft

__all__ = ["use_gsm_equivalents"]


@clever.action(GSM_ACTION)
def use_gsm_equivalents(ctx: ActionContext, kit: CleverKit) -> None:
    record = ctx.slack.safe_writes.get(ctx.value)
    if record is None or record.state is not WriteState.PENDING or "gsm_draft" not in record.params:
        if record is not None:
            ctx.reply(*card_blocks(record, note=ALREADY_HANDLED), replace=True)
        return
    draft = PushDraft(**record.params["gsm_draft"])
    prepared = plan(draft, read_for(kit, draft))  # refused here: the first card stays as it was
    _, cancelled = ctx.slack.safe_writes.cancel(record.id, ctx.user_id)
    if not cancelled:  # sent or cancelled meanwhile (another click): say where it stands
        ctx.reply(*card_blocks(ctx.slack.safe_writes.get(record.id) or record, note=ALREADY_HANDLED), replace=True)
        return
    void(kit, record, "the draft changed (GSM equivalents)")  # its approval, if any, does not carry over
    # A reply to an MO stays one (its line under the reply once sent).
    extra = {"reply_to": record.params["reply_to"]} if "reply_to" in record.params else None
    stage(ctx, kit, prepared, command=f"{record.command} (GSM equivalents)", replace=True, extra=extra)
