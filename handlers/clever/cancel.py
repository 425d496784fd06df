"""Cancelling a scheduled campaign (M17 / M18): ``/push cancel``, the card's Cancel button, the executor.

Only a push still waiting for its hd_send can be cancelled (§3.17: 405 after); the
credit is refunded. Both doors show a confirmation card first.
"""

from __future__ import annotations

from typing import Any

from bot.core.errors import UserError
from bot.core.safe_writes import Outcome, WriteRecord
from bot.rules.dates import say_vendor_moment
from bot.slack.context import ActionContext, BaseContext, CommandContext
from handlers.clever.campaign_card import CANCEL
from handlers.clever.kit import CleverKit, clever
from handlers.clever.lookup import SCHEDULED_EXAMPLE_REFERENCE, campaign_sub, family_of
from handlers.clever.watcher import redraw

__all__ = ["CANCEL_KIND", "cancel", "execute_cancel", "finish_cancel", "on_cancel_button", "stage_cancel"]

CANCEL_KIND = "clever.cancel"


def stage_cancel(ctx: BaseContext, kit: CleverKit, reference: str, family: str, *, command: str) -> None:
    campaign = kit.campaigns.get(reference)
    owner = campaign.user_id if campaign is not None else None
    ctx.ensure_own(owner, what=f"campaign `{reference}`", verb="cancel", operation=CANCEL_KIND, command=command)
    if campaign is not None and campaign.state == "cancelled":
        raise UserError(f"campaign `{reference}` is already cancelled", hint=f"`/push status {reference}` shows it")
    push = kit.client.push(family, reference)
    if push.status != 0:
        # §3.17: only a push still waiting for its hd_send can be cancelled (405 after).
        raise UserError(
            f"campaign `{reference}` is already being sent: only scheduled campaigns can be cancelled",
            hint=f"`/push status {reference}` shows how far it has gone",
        )
    units = campaign.units if campaign is not None else None
    ctx.stage(
        CANCEL_KIND,
        {"reference": reference, "family": family, "units": units},
        command=command,
        title=f"Cancel campaign {reference}",
        preview=[
            f"Campaign: `{reference}` ({family}), scheduled for {say_vendor_moment(push.hd_send, missing='later')}",
            "Nobody will receive it; its credit is refunded"
            + (f" ({units:,} units)" if isinstance(units, int) else ""),
        ],
    )


@campaign_sub(
    "cancel",
    summary="Cancel a scheduled campaign (confirmation card; credit refunded)",
    operations=("M17", "M18"),
    example=SCHEDULED_EXAMPLE_REFERENCE,
)
def cancel(ctx: CommandContext, kit: CleverKit, reference: str) -> None:
    stage_cancel(ctx, kit, reference, family_of(kit, reference), command=f"/push cancel {reference}")


@clever.action(CANCEL, operation="M17")
def on_cancel_button(ctx: ActionContext, kit: CleverKit) -> None:
    campaign = kit.campaigns.get(ctx.argument)
    family = campaign.family if campaign else "sms"
    stage_cancel(ctx, kit, ctx.argument, family, command=f"cancel button of {ctx.argument}")


def finish_cancel(kit: CleverKit, record: WriteRecord) -> None:
    by = record.decided_by or record.user_id
    changes = {"state": "cancelled", "cancelled_by": by}
    reference = str(record.params["reference"])
    redraw(
        kit, kit.campaigns.update(reference, lambda current: current.model_copy(update=changes) if current else None)
    )


@clever.executor(
    CANCEL_KIND,
    "M17/M18 cancel a scheduled push",
    follow_up=finish_cancel,
    button="Cancel campaign",
    keep="Keep it",
    danger=True,
)
def execute_cancel(kit: CleverKit, params: dict[str, Any]) -> Outcome:
    """M17 / M18: only while the push is scheduled (405 after: §3.17)."""
    kit.client.cancel_push(params["family"], params["reference"])
    units = params.get("units")
    refund = f"; {units:,} units refunded" if isinstance(units, int) else "; its units are refunded"
    return Outcome(summary=f"campaign `{params['reference']}` cancelled{refund}", result=dict(params))
