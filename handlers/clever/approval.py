"""Approval of large sends (issue 14, item 5): asked in the channel, decided by an admin other than the author.

A push with at least ``approval_recipients`` recipients or ``approval_units`` units (the channel's
settings) is staged waiting (``bot.core.approvals``): the author's card has no Send, and a message in
the channel asks admins, with Approve / Reject. The author's own click is refused (audited). Approve
unlocks Send: the author sends (a fresh card with Send is shown to them), so that who sends and who
approves stay two people and the author still sees the card's final state before it goes. Reject asks
a reason (a modal) and cancels the card. An approval is valid 24 hours (Relais' clock): a Send after
that is refused and the approval waits again. A changed draft (GSM equivalents) is a new card that asks
again; the old request says so. Every step is told in the request's thread and audited.
"""

from __future__ import annotations

import json
from typing import Any

from bot.core.approvals import Approval
from bot.core.channel_settings import ChannelSettings
from bot.core.safe_writes import WriteRecord, WriteState
from bot.slack.blockkit import actions, button, context, input_block, modal, section, text_input
from bot.slack.cards import ALREADY_HANDLED, card_blocks
from bot.slack.context import ActionContext, BaseContext, ViewContext
from handlers.clever.kit import CleverKit, clever

__all__ = [
    "APPROVE",
    "REJECT",
    "REJECT_VIEW",
    "approval_needed",
    "ask_admins",
    "expire",
    "on_approve",
    "on_reject",
    "on_reject_submitted",
    "withdraw",
]

APPROVE, REJECT = "clever.approval.approve", "clever.approval.reject"
REJECT_VIEW = "clever.approval.reject"
#: The audit log's operation for every approval step.
OPERATION = "approval"

Block = dict[str, Any]


def approval_needed(settings: ChannelSettings, recipients: int, units: int) -> str:
    """Pure: why a send of ``recipients`` and ``units`` needs approval in a channel with ``settings`` ("": not)."""
    reasons = []
    if settings.approval_recipients and recipients >= settings.approval_recipients:
        reasons.append(f"{recipients:,} recipients, approval from {settings.approval_recipients:,}")
    if settings.approval_units and units >= settings.approval_units:
        reasons.append(f"{units:,} units, approval from {settings.approval_units:,}")
    return "; ".join(reasons)


def _request_blocks(record: WriteRecord, status: str = "") -> tuple[str, list[Block]]:
    """The request to admins: what would be sent, then Approve / Reject (or, once decided, what was)."""
    assert record.approval is not None
    text = f":raised_hand: <@{record.user_id}> asks an admin to approve *{record.title}* ({record.approval.why})"
    # The card's lines without the numbers themselves (the "↳" lines): the request is read by the whole channel.
    lines = [line for line in record.preview if not line.lstrip().startswith("↳")][:12]
    blocks = [section(text), section("\n".join(f"• {line}" for line in lines))]
    if status:
        blocks.append(context(status))
    else:
        blocks.append(
            actions(
                button("Approve", APPROVE, record.id, style="primary"),
                button("Reject", REJECT, record.id, style="danger"),
                block_id=f"approval-{record.id}",
            )
        )
        blocks.append(context(f"Any Relais admin other than <@{record.user_id}> decides; an approval lasts 24 hours."))
    return text, blocks


def _audit(ctx_or_kit: BaseContext | CleverKit, record: WriteRecord, user_id: str, outcome: str, detail: str) -> None:
    audit = ctx_or_kit.slack.audit if isinstance(ctx_or_kit, BaseContext) else ctx_or_kit.audit
    audit.record(
        user_id=user_id,
        channel_id=record.channel_id,
        command=record.command,
        operation=OPERATION,
        outcome=outcome,
        detail=f"{record.title} ({record.id}): {detail}",
    )


def ask_admins(ctx: BaseContext, kit: CleverKit, record: WriteRecord) -> None:
    """Post the request for a staged write that waits for approval; its place is kept with the approval."""
    if record.approval is None:
        return
    ts = ctx.post(*_request_blocks(record))
    asked = record.approval.model_copy(update={"request": {"channel": record.channel_id, "ts": ts}})
    ctx.slack.safe_writes.amend(record.id, lambda current: {"approval": asked})
    _audit(ctx, record, record.user_id, "requested", record.approval.why)


def _tell(kit: CleverKit, approval: Approval, text: str) -> None:
    """A line in the request's thread (the author is mentioned in ``text``)."""
    if approval.request.get("ts"):
        kit.out.post(approval.request["channel"], text, thread_ts=approval.request["ts"])


def _redraw_request(kit: CleverKit, record: WriteRecord, status: str = "") -> None:
    approval = record.approval
    if approval is not None and approval.request.get("ts"):
        kit.out.update(approval.request["channel"], approval.request["ts"], *_request_blocks(record, status))


def _waiting(ctx: ActionContext | ViewContext, kit: CleverKit, action_id: str) -> WriteRecord | None:
    """The write whose request was clicked, if it still waits and the clicker is not its author; else said why."""
    record = ctx.slack.safe_writes.get(action_id)
    if record is None or record.approval is None:
        ctx.reply("This request no longer exists: nothing to approve.")
        return None
    if record.state is not WriteState.PENDING:
        _redraw_request(kit, record, f"No longer waiting: the card is {record.state.value}. Nothing to decide.")
        ctx.reply(f"Nothing to decide: the card is {record.state.value}.")
        return None
    if record.approval.state != "waiting":
        decided = f"{record.approval.state} by <@{record.approval.by}>"
        ctx.reply(f"Already {decided}.")
        return None
    if ctx.user_id == record.user_id:
        _audit(ctx, record, ctx.user_id, "refused", "the author may not decide on their own send")
        ctx.reply(":no_entry: You prepared this send: another Relais admin approves or rejects it.")
        return None
    return record


@clever.action(APPROVE, admin_only=True, operation=OPERATION)
def on_approve(ctx: ActionContext, kit: CleverKit) -> None:
    record = _waiting(ctx, kit, ctx.value)
    if record is None:
        return
    now = kit.clock.now().timestamp()

    def approve(current: WriteRecord) -> dict[str, Any]:
        assert current.approval is not None
        return {"approval": current.approval.model_copy(update={"state": "approved", "by": ctx.user_id, "at": now})}

    approved = ctx.slack.safe_writes.amend(record.id, approve)
    if approved is None or approved.approval is None:  # sent, cancelled or expired meanwhile
        ctx.reply(ALREADY_HANDLED)
        return
    _audit(ctx, approved, ctx.user_id, "approved", approved.approval.why)
    _redraw_request(kit, approved, f":white_check_mark: Approved by <@{ctx.user_id}>: <@{record.user_id}> sends it.")
    _tell(
        kit,
        approved.approval,
        f"<@{record.user_id}>: <@{ctx.user_id}> approved your send. Press Send on your card "
        "(shown to you again below it); the approval lasts 24 hours.",
    )
    kit.out.post_ephemeral(record.channel_id, record.user_id, *card_blocks(approved))


@clever.action(REJECT, admin_only=True, operation=OPERATION)
def on_reject(ctx: ActionContext, kit: CleverKit) -> None:
    record = _waiting(ctx, kit, ctx.value)
    if record is None:
        return
    ctx.open_modal(
        modal(
            "Reject this send",
            [
                section(f"*{record.title}* by <@{record.user_id}>. They are told your reason in the thread."),
                input_block("reason", "Reason", text_input("reason", multiline=True, max_length=500)),
            ],
            callback_id=REJECT_VIEW,
            submit="Reject",
            private_metadata=json.dumps({"write": record.id}),
        )
    )


def _reason_errors(ctx: ViewContext, kit: CleverKit) -> dict[str, str]:
    return {} if str(ctx.values.get("reason") or "").strip() else {"reason": "say why, for the author"}


@clever.view(REJECT_VIEW, validate=_reason_errors, admin_only=True)
def on_reject_submitted(ctx: ViewContext, kit: CleverKit) -> None:
    record = _waiting(ctx, kit, str(ctx.metadata.get("write", "")))
    if record is None:
        return
    reason = " ".join(str(ctx.values.get("reason") or "").split())
    now = kit.clock.now().timestamp()
    update = {"state": "rejected", "by": ctx.user_id, "at": now, "reason": reason}

    def reject(current: WriteRecord) -> dict[str, Any]:
        assert current.approval is not None
        return {"approval": current.approval.model_copy(update=update)}

    rejected = ctx.slack.safe_writes.amend(record.id, reject)
    if rejected is None or rejected.approval is None:
        ctx.reply(ALREADY_HANDLED)
        return
    ctx.slack.safe_writes.cancel(record.id, ctx.user_id)
    _audit(ctx, rejected, ctx.user_id, "rejected", reason)
    _redraw_request(kit, rejected, f":x: Rejected by <@{ctx.user_id}>: {reason}")
    _tell(
        kit, rejected.approval, f"<@{record.user_id}>: <@{ctx.user_id}> rejected your send: {reason}. Nothing was sent."
    )


def expire(kit: CleverKit, record: WriteRecord) -> Approval | None:
    """At Send: an approval older than 24 hours waits again (told, audited); the approval to keep, or None."""
    approval = record.approval
    if approval is None or not approval.expired(kit.clock.now().timestamp()):
        return None
    waiting = approval.model_copy(update={"state": "waiting", "by": "", "at": 0.0})
    _audit(kit, record, record.decided_by or record.user_id, "expired", f"approved by {approval.by} over 24 hours ago")
    _redraw_request(kit, record.model_copy(update={"approval": waiting}))
    _tell(
        kit,
        approval,
        f"<@{record.user_id}>: the approval by <@{approval.by}> expired (24 hours) before the send: "
        "nothing was sent, and an admin approves it again here.",
    )
    return waiting


def withdraw(kit: CleverKit, record: WriteRecord, why: str) -> None:
    """A card cancelled or expired while its approval was asked or granted: the request loses its buttons and says
    why. ``why``: the changed draft that replaced it (the new card asks again), or "" when someone pressed Cancel
    or the card expired unclicked (its state says which)."""
    approval = record.approval
    if approval is None or approval.state == "rejected":  # a rejection cancels the card and says so itself
        return
    if record.state is WriteState.EXPIRED:
        _redraw_request(kit, record, "Expired: the card was not sent within 24 hours. Nothing was sent.")
        _tell(kit, approval, f"<@{record.user_id}>: the card expired unsent (24 hours), so this request is closed.")
        return
    if why:
        _audit(kit, record, record.user_id, "reset", why)
        _redraw_request(kit, record, f"Void: {why}. The new card asks again.")
        _tell(kit, approval, f"<@{record.user_id}>: {why}, so this approval request is void; the new card asks again.")
        return
    who = record.decided_by or record.user_id
    _audit(kit, record, who, "withdrawn", "the card was cancelled")
    _redraw_request(kit, record, f"Withdrawn: <@{who}> cancelled the card. Nothing was sent.")
