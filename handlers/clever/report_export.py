"""A campaign's report and replies as CSV files: ``/push report <ref> export``, ``/push replies <ref> export``
and the Export CSV button under the final report.

The rows stream from Clever's answer into the csv writer (``BaseContext.export_rows``): a report of
100,000 deliveries is never made into Block Kit items nor a stored table, so exporting holds little
more than the file. The file goes into the campaign card's thread when Relais sent the campaign
(it knows the card), else into the channel the command was typed in.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.slack.context import ActionContext, BaseContext
from bot.slack.exports import ExportRequest
from bot.vendors.clever.models import Acknowledgement, Mo
from handlers.clever.delivery import STATUS_NAMES
from handlers.clever.kit import CleverKit, clever
from handlers.clever.lookup import family_of, reference_in

__all__ = [
    "EXPORT_REPORT",
    "REPLY_COLUMNS",
    "REPORT_COLUMNS",
    "delivery_row",
    "export_replies",
    "export_report",
    "reply_row",
    "status_words",
]

#: The Export CSV button under a campaign's final report; the reference follows the colon.
EXPORT_REPORT = "clever.report.export:"
#: Clever's dates are Paris wall-clock time ("Y-m-d H:i:s"), written as Clever gives them.
REPORT_COLUMNS = ["recipient", "status", "status code", "sent (Paris time)", "received (Paris time)"]
REPLY_COLUMNS = ["number", "reply", "received (Paris time)"]


def status_words(code: str) -> str:
    """A delivery status in words: delivered, failed, sent (no acknowledgement yet); anything else is pending."""
    return STATUS_NAMES.get(code, "pending")


def delivery_row(row: Acknowledgement) -> list[str]:
    return [row.recipient, status_words(row.status), row.status, row.date_send or "", row.date_receive or ""]


def reply_row(mo: Mo) -> list[str]:
    return [mo.recipient, mo.message, mo.date_receive or ""]


def _where(kit: CleverKit, reference: str) -> tuple[str | None, str | None]:
    """(channel, thread): the campaign card's thread when Relais knows the campaign, else the command's channel."""
    campaign = kit.campaigns.get(reference)
    if campaign is None or not campaign.ts:
        return None, None
    return campaign.channel_id, campaign.ts


def export_report(ctx: BaseContext, kit: CleverKit, reference: str, export: ExportRequest) -> None:
    """Every delivery of the campaign (M21 / M22) as one CSV file."""
    acknowledgements = kit.client.deliveries(family_of(kit, reference), reference)
    rows = (delivery_row(row) for row in acknowledgements)
    _post(ctx, kit, reference, export, "report", REPORT_COLUMNS, rows, f"Delivery report {reference}")


def export_replies(ctx: BaseContext, kit: CleverKit, reference: str, export: ExportRequest) -> None:
    """Every reply (MO, M23) to the campaign as one CSV file."""
    rows = (reply_row(mo) for mo in kit.client.mos(reference))
    _post(ctx, kit, reference, export, "replies", REPLY_COLUMNS, rows, f"Replies to {reference}")


def _post(
    ctx: BaseContext,
    kit: CleverKit,
    reference: str,
    export: ExportRequest,
    what: str,
    columns: list[str],
    rows: Iterator[list[str]],
    title: str,
) -> None:
    """The file ``<reference>-<what>.csv``, in the campaign card's thread when Relais knows it."""
    channel, thread = _where(kit, reference)
    filename = f"{reference}-{what}.csv"
    ctx.export_rows(filename, columns, rows, separator=export.separator, title=title, thread_ts=thread, channel=channel)


@clever.action(EXPORT_REPORT, operation="M21")
def on_export_report(ctx: ActionContext, kit: CleverKit) -> None:
    export_report(ctx, kit, reference_in(ctx.argument or ctx.value, "report"), ExportRequest())
