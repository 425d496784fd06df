"""The Send / Cancel buttons of every confirmation card (``bot.slack.cards``)."""

from __future__ import annotations

from bot.core.safe_writes import WriteRecord, WriteState
from bot.slack.cards import ALREADY_HANDLED, CANCEL, CONFIRM, card_blocks
from bot.slack.context import ActionContext
from handlers.relais.kit import RelaisKit, relais

__all__ = ["on_cancel", "on_confirm"]


@relais.action(CONFIRM)
def on_confirm(ctx: ActionContext, kit: RelaisKit) -> None:
    def show(record: WriteRecord) -> None:
        ctx.reply(*card_blocks(record), replace=True)

    record, ran = kit.safe_writes.confirm(ctx.value, ctx.user_id, on_sending=show)
    if ran or record.state is WriteState.PENDING:
        # Pending again: the same was sent since the card was shown, and it now asks (bot.core.recent_sends).
        show(record)
        return
    # A second click, a retried request or a click on an old card: show where it stands.
    text, blocks = card_blocks(record, note=ALREADY_HANDLED)
    ctx.reply(text, blocks, replace=record.state is not WriteState.SENDING)


@relais.action(CANCEL)
def on_cancel(ctx: ActionContext, kit: RelaisKit) -> None:
    record, changed = kit.safe_writes.cancel(ctx.value, ctx.user_id)
    text, blocks = card_blocks(record, note="" if changed else ALREADY_HANDLED)
    ctx.reply(text, blocks, replace=True)
