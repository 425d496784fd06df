"""The final report of a campaign, posted once in its card's thread (failures listed, or attached as CSV),
with an Export CSV button for every delivery (``report_export``)."""

from __future__ import annotations

from typing import Any

from bot.slack.blockkit import actions, button, context, header, plural, section
from bot.slack.exports import csv_bytes
from bot.slack.files import upload_file
from bot.vendors.clever.models import Acknowledgement, Push, parse_vendor_date
from handlers.clever.delivery import DELIVERED, FAILED, Snapshot
from handlers.clever.kit import CleverKit
from handlers.clever.records import Campaign, FailuresUploaded
from handlers.clever.report_export import EXPORT_REPORT, REPORT_COLUMNS, delivery_row
from handlers.clever.timing import WATCH_WINDOW

__all__ = ["MAX_LISTED_FAILURES", "final_report", "post_final_report"]

MAX_LISTED_FAILURES = 20


def _duration(rows: list[Acknowledgement], push: Push) -> str:
    start = push.send_at
    ends = [parse_vendor_date(row.date_receive) for row in rows]
    last = max((end for end in ends if end is not None), default=None)
    if start is None or last is None:
        return "—"
    seconds = max(0, int((last - start).total_seconds()))
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min {seconds % 60:02d} s"


def final_report(campaign: Campaign, snapshot: Snapshot) -> tuple[str, list[dict[str, Any]], list[str]]:
    """(text, blocks, failed recipients) of the final report."""
    counts, push = snapshot.counts, snapshot.push
    assert push is not None
    failed = [row.recipient for row in snapshot.rows if row.status in FAILED]
    title = f"Final report — {campaign.reference}"
    lines = [
        f":white_check_mark: delivered {counts.delivered:,} ({counts.share(counts.delivered)})",
        f":x: failed {counts.failed:,} ({counts.share(counts.failed)})",
        f":hourglass_flowing_sand: pending {counts.pending:,} ({counts.share(counts.pending)})",
        f"Duration: {_duration(snapshot.rows, push)} · {plural(counts.total, 'recipient')} · {push.unit:,} units",
    ]
    if campaign.state == "window":
        lines.append(_window_sentence(snapshot))
    blocks = [header(title), section("\n".join(lines))]
    if failed and len(failed) <= MAX_LISTED_FAILURES:
        blocks.append(section("*Failed:* " + ", ".join(failed)))
    elif failed:
        blocks.append(context(f"{len(failed):,} failures: the list is attached as a CSV file."))
    blocks.append(actions(button("Export CSV", f"{EXPORT_REPORT}{campaign.reference}", campaign.reference)))
    return f"{title}: " + "; ".join(lines[:3]), blocks, failed


def _window_sentence(snapshot: Snapshot) -> str:
    """What is still pending when the watch window ends: the numbers awaiting an acknowledgement, by name."""
    hours = WATCH_WINDOW / 3600
    waiting = [row.recipient for row in snapshot.rows if row.status not in DELIVERED | FAILED]
    unsent = max(0, snapshot.counts.pending - len(waiting))
    parts = [f"The {hours:g}-hour watch window ended with {snapshot.counts.pending:,} recipients still pending"]
    if waiting:
        shown = ", ".join(waiting[:MAX_LISTED_FAILURES])
        more = f" and {len(waiting) - MAX_LISTED_FAILURES:,} more" if len(waiting) > MAX_LISTED_FAILURES else ""
        parts.append(f"handed to the operator, no acknowledgement yet: {shown}{more}")
    if unsent:
        parts.append(f"not yet handed to the operator: {unsent:,}")
    return "; ".join(parts) + ". Relais stops following them; `/push report <reference>` shows their state later."


def post_final_report(kit: CleverKit, campaign: Campaign, snapshot: Snapshot) -> None:
    text, blocks, failed = final_report(campaign, snapshot)
    reference, channel, ts = campaign.reference, campaign.channel_id, campaign.ts or None
    if len(failed) > MAX_LISTED_FAILURES and kit.failures_uploaded.add(reference, FailuresUploaded(True)):
        upload_file(kit.web, channel, f"{reference}-failures.csv", _failures_csv(snapshot.rows), thread_ts=ts)
    kit.out.post_once(f"clever.final:{reference}", channel, text, blocks, thread_ts=ts)


def _failures_csv(rows: list[Acknowledgement]) -> bytes:
    """The failed deliveries, as the report's export writes every delivery (status in words, Paris time)."""
    return csv_bytes(REPORT_COLUMNS, (delivery_row(row) for row in rows if row.status in FAILED))
