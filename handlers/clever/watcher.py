"""The campaign watcher: one job per campaign (``clever.watch:<reference>``) that follows it to its end.

It polls the push (M19/M20) and its acknowledgements (M21/M22) with backoff, stores the
counts and edits the campaign card (coalesced per channel by ``SlackOut``), posts each
SMS reply (M23) once in the card's thread, and the final report there once every
recipient is final or the watch window ends.
"""

from __future__ import annotations

import time
from datetime import datetime

from bot.core.jobs import Job, Place
from bot.slack.blockkit import problem
from bot.vendors.clever.errors import CleverError
from bot.vendors.clever.models import Push, parse_vendor_date
from handlers.clever.campaign_card import REPORTED, card_blocks, lost_sentence
from handlers.clever.delivery import Counts, Snapshot, fold_statuses
from handlers.clever.kit import CleverKit, clever
from handlers.clever.records import Campaign, CampaignState
from handlers.clever.replies import post_replies
from handlers.clever.report import post_final_report
from handlers.clever.timing import FIRST_DELAY, LOST_DELAY, MAX_DELAY, REPLY_DELAY, SCHEDULED_DELAY, WATCH_WINDOW

__all__ = ["WATCH_KIND", "poll", "redraw", "watch", "watcher_places", "watcher_polls"]

WATCH_KIND = "clever.watch"


def watcher_polls(kit: CleverKit, reference: str) -> bool:
    """Whether the campaign's watcher still reads its status (active, not in its replies-only phase)."""
    job = kit.scheduler.get(f"{WATCH_KIND}:{reference}")
    return job is not None and job.state == "active" and not job.data.get("reported")


def redraw(kit: CleverKit, campaign: Campaign | None) -> None:
    """Edit the campaign card to show ``campaign`` (once it is posted)."""
    if campaign is not None and campaign.ts:
        text, blocks = card_blocks(campaign)
        kit.out.update(campaign.channel_id, campaign.ts, text, blocks)


def poll(kit: CleverKit, campaign: Campaign, *, polling: bool | None = None) -> Snapshot:
    """M19/M20 then M21/M22; stores the counts and edits the card (coalesced by SlackOut).

    ``polling``: whether a watcher keeps reading this campaign's status (None: ask the scheduler).
    """
    family, reference = campaign.family, campaign.reference
    try:
        push = kit.client.push(family, reference)
    except CleverError as exc:
        if exc.status != 404:
            raise
        still = watcher_polls(kit, reference) if polling is None else polling
        _not_answered(kit, campaign, exc.detail, polling=still)
        return Snapshot(None, [], fold_statuses([], 0))
    rows = kit.client.deliveries(family, reference) if push.status > 0 else []
    counts = fold_statuses((row.status for row in rows), push.recipients)
    state: CampaignState = "scheduled" if push.status == 0 else "done" if _complete(push, counts) else "sending"
    if campaign.state == "window":
        state = "window"
    if campaign.state == "lost" and campaign.ts:
        text = (
            f":arrows_counterclockwise: Clever Multimedias answers for campaign `{reference}` again; Relais follows it."
        )
        kit.out.post_once(f"clever.found:{reference}", campaign.channel_id, text, thread_ts=campaign.ts)

    def observed(current: Campaign | None) -> Campaign | None:
        if current is None:
            return None
        changes = {
            "state": state,
            "hd_send": push.hd_send or current.hd_send,
            "units": push.unit or current.units,
            "recipients": push.recipients,
            "counts": counts,
        }
        changed = current.model_copy(update=changes)
        # Nothing new at Clever: no write, no edit (the card is drawn from the record alone, and a thousand
        # campaigns polled for nothing would spend Slack's chat.update allowance on identical cards).
        return None if changed == current else changed

    redraw(kit, kit.campaigns.update(reference, observed))
    return Snapshot(push, rows, counts)


def _not_answered(kit: CleverKit, campaign: Campaign, detail: str, *, polling: bool) -> None:
    """A 404 on M19/M20. §3.19 / §3.20 list no 404: it proves no cancellation (only one through Relais does).

    Once the final report is posted, or after a cancel made through Relais (M19 then answers 404,
    decisions "Cancel"), it takes nothing away: the state and counts stay.
    """
    reference, state = campaign.reference, campaign.state
    if state == "cancelled":
        return
    if state in REPORTED:
        redraw(kit, _change(kit, reference, gone_detail=detail))
        return
    updated = _change(kit, reference, state="lost", lost_detail=detail, lost_polling=polling)
    redraw(kit, updated)
    if updated is not None and updated.ts:
        text, blocks = problem(f":grey_question: {lost_sentence(updated)}", detail)
        kit.out.post_once(f"clever.lost:{reference}", updated.channel_id, text, blocks, thread_ts=updated.ts)


def _change(kit: CleverKit, reference: str, **changes: object) -> Campaign | None:
    """The campaign record with ``changes`` applied, or None if Relais has no record of it."""
    return kit.campaigns.update(reference, lambda current: current.model_copy(update=changes) if current else None)


def _complete(push: Push, counts: Counts) -> bool:
    # Every recipient final. §3.19's status 2 ("push traité") is not taken as proof: the real
    # service may set it at hand-off, while acknowledgements are still to come.
    return push.status > 0 and counts.total > 0 and counts.pending == 0


def watcher_places(kit: CleverKit, job: Job) -> list[Place]:
    """A watcher's trouble is told in its campaign card's thread."""
    campaign = kit.campaigns.get(str(job.params["reference"]))
    return [(campaign.channel_id, campaign.ts)] if campaign else []


@clever.job(WATCH_KIND, reading="Clever Multimedias' delivery reports", places=watcher_places)
def watch(kit: CleverKit, job: Job) -> float | None:
    """The watcher: one poll; the delay until the next, or None once it is over.

    After the final report, an SMS campaign is still read for replies (M23), slowly, until its
    watch window ends: people answer "OUI" long after the last acknowledgement.
    """
    reference = str(job.params["reference"])
    campaign = kit.campaigns.get(reference)
    if campaign is None or campaign.state == "cancelled":
        return None
    if job.data.get("reported"):
        post_replies(kit, campaign, job)
        return None if time.time() > float(job.data.get("window_end", 0)) else REPLY_DELAY
    lost_until = _window_end(campaign, parse_vendor_date(campaign.hd_send))
    snapshot = poll(kit, campaign, polling=time.time() <= lost_until)
    if snapshot.push is None:
        # A 404 (said once in the thread): slowly, until the window ends, in case Clever answers again.
        return None if time.time() > lost_until else LOST_DELAY
    campaign = kit.campaigns.get(reference) or campaign
    if campaign.family == "sms" and snapshot.push.status > 0:
        post_replies(kit, campaign, job)
    window_end = _window_end(campaign, snapshot.push.send_at)
    window_over = time.time() > window_end
    if _complete(snapshot.push, snapshot.counts) or window_over:
        if window_over and snapshot.counts.pending:
            campaign = _change(kit, reference, state="window") or campaign
            redraw(kit, campaign)
        post_final_report(kit, campaign, snapshot)
        if campaign.family != "sms" or window_over:
            return None
        job.data.update(reported=True, window_end=window_end)
        return REPLY_DELAY
    send_at = snapshot.push.send_at
    if snapshot.push.status == 0 and send_at is not None and send_at.timestamp() > time.time():
        # Scheduled: nothing moves before hd_send; look again then (or every 15 minutes, to notice a cancellation).
        return max(FIRST_DELAY, min(SCHEDULED_DELAY, send_at.timestamp() - time.time()))
    delay = min(MAX_DELAY, float(job.data.get("delay", FIRST_DELAY / 2)) * 2)
    job.data["delay"] = delay
    return delay


def _window_end(campaign: Campaign, send_at: datetime | None) -> float:
    """The watch window's end: 24 h after the send time (hd_send, or creation when sent at once)."""
    start = send_at.timestamp() if send_at else campaign.created_at
    return max(start, campaign.created_at) + WATCH_WINDOW
