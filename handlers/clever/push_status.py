"""Reading a campaign: ``/push status``, ``/push report``, ``/push replies`` and the card's Refresh button.

Also ``line_listing``, the one way ``/push`` lists lines (replies here; fields and templates in push_listings):
it declares nothing, and lives here because this module is imported before push_listings (the help's order).
"""

from __future__ import annotations

from bot.rules.dates import say_vendor_moment
from bot.slack.blockkit import fields_section, problem, section
from bot.slack.context import ActionContext, BaseContext, CommandContext
from bot.slack.exports import ExportRequest
from bot.vendors.clever.errors import CleverError
from handlers.clever.campaign_card import REFRESH, REPORTED, cancelled_line, gone_line, lost_sentence
from handlers.clever.delivery import STATUS_NAMES, fold_statuses
from handlers.clever.kit import CleverKit, clever
from handlers.clever.lookup import campaign_sub, exportable_campaign_sub, family_of
from handlers.clever.records import Campaign
from handlers.clever.report_export import export_replies, export_report
from handlers.clever.watcher import poll, watcher_polls

__all__ = ["line_listing", "on_refresh", "replies", "report", "status"]

_PUSH_STATUS = {0: "scheduled (not processed yet)", 1: "in progress", 2: "processed"}  # §3.19


@campaign_sub("status", summary="A campaign's information and status", operations=("M19", "M20"))
def status(ctx: CommandContext, kit: CleverKit, reference: str) -> None:
    known = kit.campaigns.get(reference)
    if known is not None and known.state == "cancelled":
        ctx.reply(cancelled_line(known))
        return
    family = family_of(kit, reference)
    try:
        push = kit.client.push(family, reference)
    except CleverError as exc:
        if exc.status != 404 or known is None:
            raise
        # §3.19 / §3.20 list no 404: not proof of a cancellation (only one made through Relais is).
        ctx.reply(*problem(_not_answered_line(kit, known), exc.detail))
        return
    pairs = [
        ("Reference", f"`{push.reference_clean}`"),
        ("Type", push.type_push or family),
        ("Status", _PUSH_STATUS.get(push.status, str(push.status))),
        ("Recipients", f"{push.recipients:,}"),
        ("Units", f"{push.unit:,}"),
        ("Send time", say_vendor_moment(push.hd_send)),
    ]
    if family == "sms":
        pairs += [("SMS per message", str(push.nb_sms)), ("Encoding", "UCS-2" if push.encodage == 4 else "GSM (Latin)")]
    else:
        pairs += [("Subject", push.email_subject or "—"), ("Format", push.type_mail or "brut")]
    ctx.reply(
        f"Campaign {push.reference_clean}: {pairs[2][1]}",
        [fields_section(pairs), section(f"*Message:* {(push.text or '')[:2500]}")],
    )


def _not_answered_line(kit: CleverKit, known: Campaign) -> str:
    """/push status of a campaign Clever answers 404 for: after its final report that loses nothing."""
    if known.state in REPORTED:
        c = known.counts
        return (
            f"Campaign `{known.reference}` is finished: delivered {c.delivered:,}, "
            f"failed {c.failed:,} of {c.total:,} (its final report is in the "
            f"campaign card's thread). {gone_line(known)}"
        )
    polling = watcher_polls(kit, known.reference)
    return lost_sentence(known.model_copy(update={"lost_polling": polling}))


@exportable_campaign_sub(
    "report", summary="A campaign's delivery report: counts and failures", operations=("M21", "M22")
)
def report(ctx: BaseContext, kit: CleverKit, reference: str, export: ExportRequest | None = None) -> None:
    if export is not None:
        export_report(ctx, kit, reference, export)
        return
    family = family_of(kit, reference)
    push = kit.client.push(family, reference)
    rows = kit.client.deliveries(family, reference)
    counts = fold_statuses((row.status for row in rows), push.recipients)
    head = (
        f"*{reference}*: delivered {counts.delivered:,} ({counts.share(counts.delivered)}) · "
        f"failed {counts.failed:,} ({counts.share(counts.failed)}) · pending {counts.pending:,} "
        f"({counts.share(counts.pending)})"
    )
    items = [
        [section(f"`{row.recipient}` — {STATUS_NAMES.get(row.status, row.status)} · sent {row.date_send or '—'}")]
        for row in rows
    ]
    # No stored table (its Export CSV button would keep every row for a day): the file is read again when asked.
    summary = f"`/push report {reference} export` posts every delivery as a CSV file"
    ctx.paginate(f"Delivery report {reference}", items, per_page=20, lead=head, summary=summary)


@exportable_campaign_sub("replies", summary="The replies (MO) to an SMS campaign", operations=("M23",))
def replies(ctx: BaseContext, kit: CleverKit, reference: str, export: ExportRequest | None = None) -> None:
    if export is not None:
        export_replies(ctx, kit, reference, export)
        return
    lines = [f"`{mo.recipient}` at {mo.date_receive or '?'}: {mo.message}" for mo in kit.client.mos(reference)]
    line_listing(ctx, f"Replies to {reference}", lines, empty=f"No reply to {reference} yet.")


def line_listing(ctx: BaseContext, title: str, lines: list[str], *, empty: str) -> None:
    """Lines as a paginated listing (20 a page), or one sentence when there are none."""
    ctx.paginate(title, [[section(line)] for line in lines], per_page=20, empty=empty)


@clever.action(REFRESH, operation="M21")
def on_refresh(ctx: ActionContext, kit: CleverKit) -> None:
    campaign = kit.campaigns.get(ctx.argument)
    if campaign is None:
        ctx.reply(f"Relais has no record of campaign `{ctx.argument}` (it was not sent from here).")
        return
    poll(kit, campaign)
