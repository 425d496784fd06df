"""The push card's buttons that redraw it changed: GSM equivalents, the opt-out text appended, the next allowed time.

The card offers each only when it helps (``bot.rules.sms.gsm_offer`` saves segments; a check about
the send, ``handlers.clever.push_checks``, blocks Send and knows the fix); the draft to send instead
is kept with the card's write (``params["redraws"]``, by action id). A click checks that draft again
like any push (the account, the hour may have changed), cancels the first card and puts the new one
in its place: nothing is sent before the new card's own Send.
"""

from __future__ import annotations

from bot.core.safe_writes import WriteState
from bot.slack.cards import ALREADY_HANDLED, card_blocks
from bot.slack.context import ActionContext
from handlers.clever.kit import CleverKit, clever
from handlers.clever.push_marketing import OPTOUT_ACTION, SCHEDULE_ACTION
from handlers.clever.push_prepare import GSM_ACTION, plan, read_for, stage
from handlers.clever.push_rules import PushDraft

__all__ = ["REDRAWN", "redraw"]

#: Each button, and what the new card's command says was changed (the audit log reads it).
REDRAWN = {
    GSM_ACTION: "GSM equivalents",
    OPTOUT_ACTION: "opt-out text added",
    SCHEDULE_ACTION: "scheduled at the next allowed time",
}


def redraw(ctx: ActionContext, kit: CleverKit) -> None:
    """The card again with the button's draft, in place of the card clicked (which is cancelled)."""
    record = ctx.slack.safe_writes.get(ctx.value)
    redraws = record.params.get("redraws") or {} if record is not None else {}
    if record is None or record.state is not WriteState.PENDING or ctx.action_id not in redraws:
        if record is not None:
            ctx.reply(*card_blocks(record, note=ALREADY_HANDLED), replace=True)
        return
    draft = PushDraft(**redraws[ctx.action_id])
    prepared = plan(draft, read_for(kit, draft))  # refused here: the first card stays as it was
    # An approval does not carry over: the cancel voids its request (push_executor's on_cancel).
    _, cancelled = ctx.slack.safe_writes.cancel(record.id, ctx.user_id, f"the draft changed ({REDRAWN[ctx.action_id]})")
    if not cancelled:  # sent or cancelled meanwhile (another click): say where it stands
        ctx.reply(*card_blocks(ctx.slack.safe_writes.get(record.id) or record, note=ALREADY_HANDLED), replace=True)
        return
    # A reply to an MO stays one (its line under the reply once sent).
    extra = {"reply_to": record.params["reply_to"]} if "reply_to" in record.params else None
    stage(ctx, kit, prepared, command=f"{record.command} ({REDRAWN[ctx.action_id]})", replace=True, extra=extra)


for _action in REDRAWN:
    clever.action(_action)(redraw)
