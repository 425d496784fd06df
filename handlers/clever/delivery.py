"""Delivery statuses folded into counts, and what one poll of a campaign read. Pure.

docs/decisions.md "Delivery statuses": 2 sent, 3 delivered (sms, mail), 6 delivered
(tts/voice), 4 failed; anything else is pending.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from bot.vendors.clever.models import Acknowledgement, Push

__all__ = ["DELIVERED", "FAILED", "SENT", "STATUS_NAMES", "Counts", "Snapshot", "fold_statuses"]

DELIVERED, FAILED, SENT = frozenset({"3", "6"}), frozenset({"4"}), frozenset({"2"})
STATUS_NAMES = {"2": "sent", "3": "delivered", "6": "delivered (voice)", "4": "failed"}


class Counts(BaseModel):
    """Recipients per outcome; stored on the campaign record as they are (total, delivered, failed, sent)."""

    model_config = ConfigDict(frozen=True)

    total: int = 0
    delivered: int = 0
    failed: int = 0
    sent: int = 0  # handed to the operator, no acknowledgement yet

    @property
    def final(self) -> int:
        return self.delivered + self.failed

    @property
    def pending(self) -> int:
        """Not final yet: sent (awaiting an acknowledgement) or not sent yet."""
        return max(0, self.total - self.final)

    @property
    def not_sent(self) -> int:
        return max(0, self.pending - self.sent)

    def share(self, part: int) -> str:
        return f"{100.0 * part / self.total:.1f}%" if self.total else "0%"


def fold_statuses(statuses: Iterable[str], total: int) -> Counts:
    """Acknowledgement statuses → counts per outcome (fast: a Counter over strings)."""
    counter = Counter(statuses)
    delivered = sum(counter[s] for s in DELIVERED)
    failed = sum(counter[s] for s in FAILED)
    sent = sum(counter[s] for s in SENT)
    return Counts(total=max(total, delivered + failed + sent), delivered=delivered, failed=failed, sent=sent)


@dataclass
class Snapshot:
    """What one poll of a campaign read: the push, its acknowledgements and their counts."""

    push: Push | None  # None: the vendor no longer knows it (cancelled)
    rows: list[Acknowledgement]
    counts: Counts
