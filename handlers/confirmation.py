"""The confirmation card of every safe write (``bot.core.safe_writes``) and its Send / Cancel buttons."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from bot.core.errors import OutcomeUnknown
from bot.core.registry import Registry
from bot.core.safe_writes import UNKNOWN_CHECK, WriteRecord, WriteState, may_have_acted
from bot.slack.blockkit import actions, button, context, header, section
from bot.slack.context import ActionContext, BaseContext
from bot.vendors.errors import VendorError

__all__ = ["audited_write", "card_blocks", "register", "stage_and_confirm"]

log = logging.getLogger(__name__)
T = TypeVar("T")

CONFIRM, CANCEL = "relais.action.confirm", "relais.action.cancel"
_NOTHING_UNTIL = {"Send": "Nothing is sent"}
ALREADY_HANDLED = "Already handled: this was decided before your click, nothing more was sent."

_STATE_LINES = {
    WriteState.SENDING: ":hourglass_flowing_sand: Sending…",
    WriteState.DONE: ":white_check_mark: Done",
    WriteState.FAILED: ":x: Failed — nothing was done",
    WriteState.UNKNOWN: ":grey_question: Outcome unknown",
    WriteState.CANCELLED: ":no_entry_sign: Cancelled — nothing was sent",
    WriteState.EXPIRED: ":hourglass: Expired — nothing was sent (confirmations are valid 24 hours)",
}


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
    """A vendor write that needs no confirmation card (it costs nothing, reaches no one),
    recorded in the audit log whatever happens: done, failed, or unknown when it may have
    reached the vendor. The error, if any, goes on to the dispatcher's guard: an unknown
    outcome as ``OutcomeUnknown`` with ``check`` (what to look at before trying again).
    ``done_code`` may be read from the write's result (the code the vendor actually sent)."""

    def record(outcome: str, vendor_code: str | None = None, why: str = "") -> None:
        ctx.services.audit.record(
            user_id=ctx.user_id,
            channel_id=ctx.channel_id,
            command=command,
            operation=operation,
            outcome=outcome,
            vendor_code=vendor_code,
            detail="; ".join(part for part in (detail, why) if part),
        )

    try:
        result = write()
    except VendorError as exc:
        if may_have_acted(exc):
            record("unknown", exc.audit_code, exc.plain)
            raise OutcomeUnknown(exc.plain, exc.detail, check or UNKNOWN_CHECK) from exc
        record("failed", exc.audit_code, exc.plain)
        raise
    except Exception:
        record("unknown", why="Relais failed during the write")  # the request may have left
        raise
    record("done", done_code(result) if callable(done_code) else done_code)
    return result


def register(registry: Registry) -> None:
    registry.action(CONFIRM, on_confirm)
    registry.action(CANCEL, on_cancel)


def card_blocks(record: WriteRecord, *, note: str = "") -> tuple[str, list[dict[str, Any]]]:
    """The card for a record in any state: buttons while pending, the outcome after."""
    blocks: list[dict[str, Any]] = [header(record.title)]
    if note:
        blocks.append(context(note))
    blocks.append(section("\n".join(f"• {line}" for line in record.preview)))
    if record.state is WriteState.PENDING:
        blocks.append(
            actions(
                button(record.labels[0], CONFIRM, record.id, style="primary"),
                button(record.labels[1], CANCEL, record.id),
                block_id=f"confirm-{record.id}",
            )
        )
        nothing = _NOTHING_UNTIL.get(record.labels[0], "Nothing happens")
        blocks.append(context(f"Prepared by <@{record.user_id}>. {nothing} until you press {record.labels[0]}."))
        return f"{record.title}: confirm or cancel", blocks
    line = _STATE_LINES.get(record.state, record.state.value)
    by = f" by <@{record.decided_by}>" if record.decided_by else ""
    outcome = record.outcome
    text = f"{line}{by}" + (f": {outcome.summary}" if outcome and outcome.summary else "")
    blocks.append(section(text))
    if outcome and outcome.detail:
        blocks.append(context(outcome.detail))
    if outcome and outcome.check:
        blocks.append(context(f":mag: {outcome.check}"))
    return f"{record.title}: {text}", blocks


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
    """Stage a write and show its confirmation card to the user who asked."""
    record = ctx.services.safe_writes.stage(
        kind,
        params,
        user_id=ctx.user_id,
        channel_id=ctx.channel_id,
        command=command,
        title=title,
        preview=preview,
        labels=labels,
    )
    text, blocks = card_blocks(record)
    ctx.reply(text, blocks)
    return record


def on_confirm(ctx: ActionContext) -> None:
    def show(record: WriteRecord) -> None:
        ctx.reply(*card_blocks(record), replace=True)

    record, ran = ctx.services.safe_writes.confirm(ctx.services, ctx.value, ctx.user_id, on_sending=show)
    if ran:
        show(record)
        return
    # A second click, a retried request or a click on an old card: show where it stands.
    text, blocks = card_blocks(record, note=ALREADY_HANDLED)
    ctx.reply(text, blocks, replace=record.state is not WriteState.SENDING)


def on_cancel(ctx: ActionContext) -> None:
    record, changed = ctx.services.safe_writes.cancel(ctx.services, ctx.value, ctx.user_id)
    text, blocks = card_blocks(record, note="" if changed else ALREADY_HANDLED)
    ctx.reply(text, blocks, replace=True)
