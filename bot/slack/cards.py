"""The confirmation card of every safe write (``bot.core.safe_writes``), in any state.

Pure rendering: ``BaseContext.stage`` shows it, and the Send / Cancel buttons
(``handlers.relais.confirmation``) redraw it with the outcome.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.safe_writes import WriteRecord, WriteState, withheld
from bot.core.timezone import PARIS
from bot.slack.blockkit import actions, button, context, header, problem_blocks, section

__all__ = ["ALREADY_HANDLED", "CANCEL", "CONFIRM", "card_blocks", "may_confirm"]

CONFIRM, CANCEL = "relais.action.confirm", "relais.action.cancel"
ALREADY_HANDLED = "Already handled: this was decided before your click, nothing more was sent."

_STATE_LINES = {
    WriteState.SENDING: ":hourglass_flowing_sand: Sending…",
    WriteState.DONE: ":white_check_mark: Done",
    WriteState.FAILED: ":x: Failed — nothing was done",
    WriteState.UNKNOWN: ":grey_question: Outcome unknown",
    WriteState.CANCELLED: ":no_entry_sign: Cancelled — nothing was sent",
    WriteState.EXPIRED: ":hourglass: Expired — nothing was sent (confirmations are valid 24 hours)",
}


def _repeat_line(record: WriteRecord) -> str:
    """What the card says first when the same was sent within 10 minutes (``bot.core.recent_sends``), Paris time."""
    assert record.repeat is not None and record.repeat.told is not None
    repeat, told = record.repeat, record.repeat.told
    when = datetime.fromtimestamp(told.at, PARIS)
    return (
        f":warning: Already {repeat.done} at {when:%H:%M} by <@{told.user_id}> ({repeat.same}): "
        f"{record.labels[0].lower()}?"
    )


def _style(record: WriteRecord) -> str:
    return "danger" if record.danger or record.caution is not None else "primary"


def may_confirm(record: WriteRecord) -> bool:
    """Whether the pending card shows its confirm button: not blocked, not held, approved where approval is asked."""
    return not withheld(record)


def _status_lines(record: WriteRecord) -> str:
    """What the pending card says above its buttons: why it cannot be sent, a caution, where its approval stands."""
    approval = record.approval
    lines = [f":no_entry_sign: Cannot be sent as it stands: {record.blocked}"] if record.blocked else []
    lines += [f":no_entry: {record.held}"] if record.held else []
    if record.caution is not None and may_confirm(record):
        lines.append(f":warning: {record.caution.line}")
    if approval is not None and approval.state == "waiting":
        lines.append(
            f":hourglass: Waiting for approval ({approval.why}): an admin other than <@{record.user_id}> "
            "approves or rejects it in the channel; Send appears here once approved."
        )
    elif approval is not None and approval.state == "approved":
        when = datetime.fromtimestamp(approval.at, PARIS)
        lines.append(f":white_check_mark: Approved by <@{approval.by}> at {when:%H:%M} (valid 24 hours).")
    return "\n".join(lines)


def _pending(record: WriteRecord, blocks: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """A pending card: what withholds Send (then no confirm button) or the caution, and the buttons."""
    status, sends = _status_lines(record), may_confirm(record)
    if status:
        blocks.append(section(status))
    confirm = [button(record.labels[0], CONFIRM, record.id, style=_style(record))] if sends else []
    blocks.append(
        actions(
            *confirm,
            *(button(label, action_id, record.id) for label, action_id in record.alternatives),
            button(record.labels[1], CANCEL, record.id),
            block_id=f"confirm-{record.id}",
        )
    )
    nothing = "Nothing is sent" if record.labels[0].startswith("Send") else "Nothing is done"
    until = f"until you press {record.labels[0]}" if sends else "for now"
    if record.blocked:
        until = "until a button above changes it"
    blocks.append(context(f"Prepared by <@{record.user_id}>. {nothing} {until}."))
    asks = "confirm or cancel" if sends else "not ready to send"
    if record.blocked:
        asks = f"cannot be sent as it stands: {record.blocked}"
    return f"{record.title}: {asks}", blocks


def card_blocks(record: WriteRecord, *, note: str = "") -> tuple[str, list[dict[str, Any]]]:
    """The card for a record in any state: buttons while pending, the outcome after."""
    blocks: list[dict[str, Any]] = [header(record.title)]
    if note:
        blocks.append(context(note))
    if record.state is WriteState.PENDING and record.repeat is not None and record.repeat.told is not None:
        blocks.append(section(_repeat_line(record)))
    blocks.append(section("\n".join(f"• {line}" for line in record.preview)))
    if record.state is WriteState.PENDING:
        return _pending(record, blocks)
    line = _STATE_LINES.get(record.state, record.state.value)
    by = f" by <@{record.decided_by}>" if record.decided_by else ""
    outcome = record.outcome
    text = f"{line}{by}" + (f": {outcome.summary}" if outcome and outcome.summary else "")
    blocks += problem_blocks(text, outcome.detail if outcome else "", check=outcome.check if outcome else "")
    return f"{record.title}: {text}", blocks
