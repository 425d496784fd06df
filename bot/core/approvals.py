"""The approval a large write waits for: asked when staged, given (or refused) by an admin other than its author.

A write above its channel's approval threshold is staged with an ``Approval`` (``WriteRecord.approval``):
its card has no Send while the approval is waiting; an admin other than the author approves (Send then
appears on the author's card) or rejects it with a reason (the write is cancelled). An approval is valid
24 hours by Relais' clock (``bot.core.clock``) from the moment it was given: past that, it waits again.
It belongs to one staged write: a changed draft is a new write, which asks again.

This module knows no Slack and no vendor: ``handlers.clever.approval`` asks, draws and decides.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

__all__ = ["APPROVAL_TTL_SECONDS", "Approval", "ApprovalState"]

#: How long an approval stays valid once given (issue 14: "approval expires after 24 h").
APPROVAL_TTL_SECONDS = 24 * 3600

ApprovalState = Literal["waiting", "approved", "rejected"]


class Approval(BaseModel):
    #: Why it is needed, in words: "320 recipients (approval from 300)".
    why: str
    state: ApprovalState = "waiting"
    requested_at: float  # Relais' clock (epoch seconds)
    by: str = ""  # the admin who approved or rejected
    at: float = 0.0  # when (Relais' clock)
    reason: str = ""  # a rejection's reason
    #: Where the request to admins was posted: {"channel": …, "ts": …} (its thread is where the author is told).
    request: dict[str, str] = Field(default_factory=dict)

    def valid(self, now: float) -> bool:
        """Approved, and less than 24 hours ago."""
        return self.state == "approved" and now - self.at <= APPROVAL_TTL_SECONDS

    def expired(self, now: float) -> bool:
        return self.state == "approved" and now - self.at > APPROVAL_TTL_SECONDS
