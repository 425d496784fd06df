"""The Send / Cancel buttons of every confirmation card (``bot.slack.cards``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from bot.core.safe_writes import WriteRecord, WriteState
from bot.slack.cards import ALREADY_HANDLED, CANCEL, CONFIRM, card_blocks
from bot.slack.context import ActionContext, BaseContext
from bot.slack.registry import Registry

__all__ = ["audited_write", "register", "stage_and_confirm"]

log = logging.getLogger(__name__)
T = TypeVar("T")


def audited_write(
    ctx: BaseContext,
    operation: str,
    write: Callable[[], T],
    *,
    command: str,
    detail: str = "",
    done_code: str | Callable[[T], str | None] | None = None,
    check: str = "",
) -> T:
    """``ctx.audited_write``, for the handlers written before it (issue 11 transition)."""
    return ctx.audited_write(operation, write, command=command, detail=detail, done_code=done_code, check=check)


def register(registry: Registry) -> None:
    registry.action(CONFIRM, on_confirm)
    registry.action(CANCEL, on_cancel)


def stage_and_confirm(
    ctx: BaseContext,
    kind: str,
    params: dict[str, Any],
    *,
    command: str,
    title: str,
    preview: list[str],
    labels: tuple[str, str] = ("Send", "Cancel"),
) -> WriteRecord:
    """``ctx.stage``, for the handlers written before it (issue 11 transition)."""
    return ctx.stage(kind, params, command=command, title=title, preview=preview, labels=labels)


def on_confirm(ctx: ActionContext) -> None:
    def show(record: WriteRecord) -> None:
        ctx.reply(*card_blocks(record), replace=True)

    record, ran = ctx.slack.safe_writes.confirm(ctx.value, ctx.user_id, on_sending=show)
    if ran:
        show(record)
        return
    # A second click, a retried request or a click on an old card: show where it stands.
    text, blocks = card_blocks(record, note=ALREADY_HANDLED)
    ctx.reply(text, blocks, replace=record.state is not WriteState.SENDING)


def on_cancel(ctx: ActionContext) -> None:
    record, changed = ctx.slack.safe_writes.cancel(ctx.value, ctx.user_id)
    text, blocks = card_blocks(record, note="" if changed else ALREADY_HANDLED)
    ctx.reply(text, blocks, replace=True)
