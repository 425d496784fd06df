"""What limits a push besides its own rules: the channel's budget and approval, on the card and again at Send,
and what the audit line of a send says (issue 14, items 5–7).

``card_limits`` gives the card its budget line, its hold (no Send) and approval when staged; ``limits_gate``
checks again at Send (the executors' gate: an expired approval waits again, a budget passed meanwhile
holds the card); ``send_audit`` is the send's audit detail; the "Raise the budget to N" button is here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.core.approvals import Approval
from bot.core.safe_writes import Refusal, WriteRecord, WriteState
from bot.slack.cards import ALREADY_HANDLED, card_blocks
from bot.slack.context import ActionContext, BaseContext
from handlers.clever.approval import approval_needed, expire
from handlers.clever.budgets import BUDGET_LINE, RAISE_ACTION, BudgetUse, budget_use, raised_budget
from handlers.clever.kit import CleverKit, clever

__all__ = ["CardLimits", "audit_words", "card_limits", "limits_gate", "on_raise", "send_audit"]


@dataclass(frozen=True)
class CardLimits:
    """What the channel's budget and approval add to a push card."""

    lines: list[str] = field(default_factory=list)
    held: str = ""
    alternatives: list[tuple[str, str]] = field(default_factory=list)
    approval: Approval | None = None


def _raise_button(use: BudgetUse) -> tuple[str, str]:
    return (f"Raise the budget to {raised_budget(use.after):,}", RAISE_ACTION)


def card_limits(ctx: BaseContext, kit: CleverKit, *, recipients: int, units: int) -> CardLimits:
    """The budget line (and hold, with a raise for admins) and the approval a push of this size needs here."""
    use = budget_use(kit, ctx.channel_id, units)
    lines, held, alternatives = [], "", []
    if use is not None:
        lines.append(use.line())
        if use.exceeded:
            held = use.refusal(admin=ctx.is_admin)
            alternatives = [_raise_button(use)] if ctx.is_admin else []
    why = approval_needed(ctx.settings, recipients, units)
    approval = Approval(why=why, requested_at=ctx.now().timestamp()) if why else None
    return CardLimits(lines, held, alternatives, approval)


def limits_gate(kit: CleverKit, record: WriteRecord) -> Refusal | None:
    """At Send (the write is "sending"): an approval past its 24 hours waits again; the budget is counted again,
    other pushes being sent included, and a send that would now exceed it is held."""
    waiting = expire(kit, record)
    if waiting is not None:
        return Refusal("the approval expired (24 hours): it waits for an admin again", {"approval": waiting})
    use = budget_use(kit, record.channel_id, int(record.params.get("estimate", 0)), excluding=record.id)
    if use is None or not use.exceeded:
        return None
    admin = kit.roles.is_admin(record.decided_by or record.user_id)
    held = use.refusal(admin=admin)
    alternatives = [alt for alt in record.alternatives if alt[1] != RAISE_ACTION]
    return Refusal(
        held,
        {
            "held": held,
            "preview": _with_budget_line(record.preview, use),
            "alternatives": [*alternatives, _raise_button(use)] if admin else alternatives,
        },
    )


def _with_budget_line(preview: list[str], use: BudgetUse) -> list[str]:
    lines = [use.line() if line.startswith(BUDGET_LINE) else line for line in preview]
    return lines if use.line() in lines else [*lines, use.line()]


def send_audit(kit: CleverKit, record: WriteRecord) -> str:
    """The audit line of a push (the executors' ``audit_detail``): its words, the budget counted now."""
    budget = None
    if record.state is WriteState.DONE:
        units = int((record.outcome.result.get("unit") if record.outcome else None) or record.params.get("estimate", 0))
        budget = budget_use(kit, record.channel_id, units, excluding=record.id)
    return audit_words(record.params, record.approval, budget)


def audit_words(params: dict[str, Any], approval: Approval | None, budget: BudgetUse | None) -> str:
    """Pure: "nature promotional; rules charter-2026: …; opt-outs removed 2; approved by @bob; budget 1,240→1,560
    of 5,000". Nature, rules, verdicts and opt-outs are read from the params where the card's checks put them
    (``nature``, ``rules``, ``verdicts``: a list of words, ``optouts_removed``: the numbers or their count);
    ``budget``: the month before this send (this send left out) and after."""
    parts = []
    if params.get("nature"):
        parts.append(f"nature {params['nature']}")
    if params.get("rules"):
        verdicts = params.get("verdicts")
        said = ", ".join(str(v) for v in verdicts) if isinstance(verdicts, list) else str(verdicts or "")
        parts.append(f"rules {params['rules']}" + (f": {said}" if said else ""))
    removed = params.get("optouts_removed")
    if removed:
        count = len(removed) if isinstance(removed, list) else int(removed)
        parts.append(f"opt-outs removed {count:,}")
    if approval is not None and approval.state == "approved":
        parts.append(f"approved by <@{approval.by}>")
    if budget is not None:
        parts.append(f"budget {budget.used:,}→{budget.after:,} of {budget.budget:,}")
    return "; ".join(parts)


def _raise_budget(ctx: BaseContext, before: int, after: int, *, command: str) -> None:
    """The channel's budget set to ``after``, as `/relais settings budget=` saves it: stamped with who and when,
    audited ("channel settings", old → new) and told in the channel. (``handlers.relais`` imports this
    family, so its saving function cannot be imported here: the same steps, for the one setting.)"""
    book = ctx.slack.channels
    current = book.of(ctx.channel_id)
    stamped = current.model_copy(
        update={"monthly_budget": after, "updated_by": ctx.user_id, "updated_at": ctx.now().timestamp()}
    )
    said = f"Monthly budget: {before:,} units a month → {after:,} units a month"
    ctx.audited_write(
        "channel settings", lambda: book.records.put(ctx.channel_id, stamped), command=command, detail=said
    )
    ctx.post(f":gear: <@{ctx.user_id}> changed this channel's Relais settings from a push card:\n• {said}")


@clever.action(RAISE_ACTION, admin_only=True, operation="channel settings")
def on_raise(ctx: ActionContext, kit: CleverKit) -> None:
    """Raise the channel's budget to what the card needs (audited and told, like `/relais settings`), then
    redraw the card with Send (unless it still waits for something else)."""
    record = ctx.slack.safe_writes.get(ctx.value)
    if record is None or record.state is not WriteState.PENDING:
        if record is not None:
            ctx.reply(*card_blocks(record, note=ALREADY_HANDLED), replace=True)
        return
    units = int(record.params.get("estimate", 0))
    use = budget_use(kit, record.channel_id, units, excluding=record.id)
    budget = raised_budget(use.after) if use is not None else 0
    if use is not None and use.exceeded:
        _raise_budget(ctx, use.budget, budget, command=f"card {record.id}: raise the budget")
    after = budget_use(kit, record.channel_id, units, excluding=record.id)

    def unhold(current: WriteRecord) -> dict[str, Any]:
        still = after is not None and after.exceeded
        budget_hold = current.held.startswith(BUDGET_LINE)
        return {
            "held": current.held if still or not budget_hold else "",
            "preview": _with_budget_line(current.preview, after) if after is not None else current.preview,
            "alternatives": [alt for alt in current.alternatives if alt[1] != RAISE_ACTION or still],
        }

    amended = ctx.slack.safe_writes.amend(record.id, unhold)
    ctx.reply(*card_blocks(amended or record, note="" if amended else ALREADY_HANDLED), replace=True)
