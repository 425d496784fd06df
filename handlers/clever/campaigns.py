"""Clever Multimedias campaigns once sent: the campaign card, its watcher, the final report, MO replies, App Home.

Life of a campaign: the confirmation card's Send runs the push executor (one POST, never
retried); its follow-up stores ``campaign:<reference>``, posts the campaign card in the
channel and starts one watcher job (``clever.watch:<reference>``). The watcher polls the
push (M19/M20), its acknowledgements (M21/M22) and, for SMS, its replies (M23) with
backoff, edits the card through ``services.out.update`` (coalesced per channel), posts each
reply once in the card's thread, and posts one final report there (``post_once``) when
every recipient is final or the watch window ends.
"""

from __future__ import annotations

import csv
import hashlib
import io
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.core.errors import UserError
from bot.core.jobs import Job, Place
from bot.core.safe_writes import Executor, Outcome, WriteRecord
from bot.core.store import MISSING
from bot.core.timezone import PARIS
from bot.services import Services
from bot.slack.blockkit import actions, button, context, fields_section, header, plural, section
from bot.slack.context import ActionContext, BaseContext
from bot.slack.files import upload_file
from bot.slack.registry import Registry
from bot.vendors.clever.errors import CleverError, not_enough_credit
from bot.vendors.clever.models import (
    Acknowledgement,
    MailPushRequest,
    Push,
    SmsPushRequest,
    paris_time,
    parse_vendor_date,
)
from handlers.confirmation import stage_and_confirm

__all__ = [
    "CANCEL_KIND",
    "PUSH_KINDS",
    "Counts",
    "card_blocks",
    "expiry_phrase",
    "fold_statuses",
    "load_campaign",
    "register",
    "stage_cancel",
    "watch",
]

WATCH_KIND = "clever.watch"
CANCEL_KIND = "clever.cancel"
REFRESH, CANCEL = "clever.campaign.refresh:", "clever.campaign.cancel:"
FIRST_DELAY, MAX_DELAY = 5.0, 60.0  # seconds between polls: 5, 10, 20, 40, 60, 60…
SCHEDULED_DELAY = 900.0  # at most this long between polls of a push waiting for its hd_send
#: States in which the final report is posted: a later 404 changes nothing of what it said.
REPORTED = frozenset({"done", "window"})
LOST_DELAY = 900.0  # between polls of a push Clever answers 404 for (until the watch window ends)
WATCH_WINDOW = 24 * 3600.0  # after the send time; then the report says what is still pending
REPLY_DELAY = 600.0  # after the final report: replies (M23) are still read this often until the window ends
MAX_LISTED_FAILURES = 20
HOME_CAMPAIGNS = 10  # App Home: the last campaigns sent from Relais
EXPIRY_WARNING_DAYS = 30  # App Home: the account's expiry is flagged this many days ahead

# docs/decisions.md "Delivery statuses": 2 sent, 3 delivered (sms, mail), 6 delivered (tts/voice), 4 failed.
DELIVERED, FAILED, SENT = frozenset({"3", "6"}), frozenset({"4"}), frozenset({"2"})

#: (family, audience) → executor kind and operation id (§3.11–§3.16).
PUSH_KINDS: dict[tuple[str, str], tuple[str, str]] = {
    ("sms", "list"): ("clever.push.sms", "M11 SMS/TTS/voice push"),
    ("mail", "list"): ("clever.push.mail", "M12 mail push"),
    ("sms", "criteria"): ("clever.push.sms_criteria", "M13 SMS push by criteria"),
    ("mail", "criteria"): ("clever.push.mail_criteria", "M14 mail push by criteria"),
    ("sms", "broadcast"): ("clever.push.sms_broadcast", "M15 SMS push to all contacts"),
    ("mail", "broadcast"): ("clever.push.mail_broadcast", "M16 mail push to all contacts"),
}


@dataclass(frozen=True)
class Counts:
    total: int
    delivered: int
    failed: int
    sent: int  # handed to the operator, no acknowledgement yet

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
    return Counts(max(total, delivered + failed + sent), delivered, failed, sent)


# -- the campaign record ----------------------------------------------------------------------
def _key(reference: str) -> str:
    return f"campaign:{reference}"


def load_campaign(services: Services, reference: str) -> dict[str, Any] | None:
    found = services.store.get(_key(reference))
    return dict(found) if found is not None else None


def _update_campaign(services: Services, reference: str, **changes: Any) -> dict[str, Any]:
    while True:
        raw = services.store.get(_key(reference))
        if raw is None:
            return {}
        updated = {**raw, **changes}
        if services.store.compare_and_set(_key(reference), raw, updated):
            return dict(updated)


def recent_campaigns(services: Services, limit: int, *, sent_by: str | None = None) -> list[dict[str, Any]]:
    """The newest campaigns sent from Relais; only those ``sent_by`` prepared, when given."""
    campaigns = [
        dict(raw) for _, raw in services.store.scan("campaign:") if sent_by is None or raw.get("user_id") == sent_by
    ]
    return sorted(campaigns, key=lambda c: float(c.get("created_at", 0)), reverse=True)[:limit]


# -- executors --------------------------------------------------------------------------------
def execute_push(services: Services, params: dict[str, Any]) -> Outcome:
    """One POST (VendorHTTP.write: never retried); a 402 is said in units."""
    client = services.clever
    hd_send = params["request"].get("hd_send")
    if hd_send and datetime.strptime(hd_send, "%Y-%m-%d %H:%M:%S").replace(tzinfo=PARIS) <= datetime.now(PARIS):
        # The card promised that time: sending now instead would surprise the recipients.
        raise UserError(
            f"the scheduled time {hd_send[:16]} (Paris) has passed since this card was prepared; nothing was sent",
            hint="prepare it again with a new at=",
        )
    try:
        if params["family"] == "sms":
            push = client.push_sms(SmsPushRequest.model_validate(params["request"]), params["audience"])
        else:
            push = client.push_mail(MailPushRequest.model_validate(params["request"]), params["audience"])
    except CleverError as exc:
        if exc.status == 402:
            raise not_enough_credit(exc, int(params["estimate"]), _credit_or_none(services)) from None
        raise
    if push is None or not push.reference_clean:
        return _accepted_without_reference(params)
    reference = push.reference_clean
    when = f", scheduled for {paris_time(push.hd_send)}" if params.get("scheduled") else ""
    # A field Clever wrote in a form Relais cannot read was left out (client._lenient): the estimate stands in.
    units = push.unit or int(params.get("estimate", 0))
    return Outcome(
        summary=f"campaign `{reference}` created: {plural(push.recipients, 'recipient')}, {units:,} units{when}",
        result={"reference": reference, "unit": units, "recipients": push.recipients, "hd_send": push.hd_send},
    )


EXTRANET = "https://clevermultimedias.clever-is.fr"  # §1: the vendor's own web application


def _accepted_without_reference(params: dict[str, Any]) -> Outcome:
    """A 2xx with no push in it (§2.3: 202 "Accepted" … "Sinon une réponse sans contenu"): done, not followable."""
    return Outcome(
        summary=(
            "Clever Multimedias accepted the campaign without giving its reference, "
            "so Relais cannot follow its deliveries"
        ),
        result={"reference": None},
        detail=_how_to_check(params),
    )


def _how_to_check(params: dict[str, Any]) -> str:
    return (
        f"To check it: `/contact account` shows the credit drop by about {int(params.get('estimate', 0)):,} units "
        f"once Clever has created it; Clever's extranet ({EXTRANET}) lists the campaign and its deliveries. "
        "Relais will not send it again."
    )


def _credit_or_none(services: Services) -> int | None:
    try:
        return services.clever.account().credit
    except CleverError:
        return None


def start_campaign(services: Services, record: WriteRecord) -> None:
    """Follow-up of a push: the campaign record, the card in the channel, the watcher."""
    assert record.outcome is not None
    result, params = record.outcome.result, record.params
    if not result.get("reference"):
        _post_unreferenced_card(services, record)
        return
    reference = str(result["reference"])
    campaign = {
        "reference": reference,
        "family": params["family"],
        "channel": params["channel"],
        "audience": params["audience"],
        "channel_id": record.channel_id,
        "user_id": record.user_id,
        "created_at": time.time(),
        "units": result.get("unit", params["estimate"]),
        "recipients": result.get("recipients", 0),
        "hd_send": result.get("hd_send") or "",
        "summary": params.get("summary", ""),
        "state": "scheduled" if params.get("scheduled") else "sending",
        "counts": {"total": result.get("recipients", 0), "delivered": 0, "failed": 0, "sent": 0},
        "ts": "",
    }
    # Each step is idempotent, so that a follow-up interrupted anywhere (Slack down, a crash) can
    # run again at the next start: the record, then the watcher (before anything can fail on
    # Slack's side: a paid campaign is always followed), then the card, posted once.
    services.store.compare_and_set(_key(reference), MISSING, campaign)
    services.scheduler.add(WATCH_KIND, {"reference": reference}, job_id=f"{WATCH_KIND}:{reference}", delay=FIRST_DELAY)
    campaign = load_campaign(services, reference) or campaign
    if not campaign.get("ts"):
        text, blocks = card_blocks(campaign)
        ts = services.out.post_once(f"clever.card:{reference}", record.channel_id, text, blocks)
        _update_campaign(services, reference, ts=ts)


def _post_unreferenced_card(services: Services, record: WriteRecord) -> None:
    """The campaign card of a push Clever accepted without its reference: what went, how to check; no watcher."""
    params = record.params
    request = params.get("request") or {}
    listed = len(request.get("number_list") or request.get("email_list") or [])
    audience = params.get("audience", "list")
    recipients = f"{listed:,}" if audience == "list" else f"the matching contacts{f' + {listed:,}' if listed else ''}"
    title = f"{str(params.get('channel', 'sms')).upper()} campaign accepted (no reference)"
    blocks = [
        header(title),
        fields_section(
            [
                ("Channel", str(params.get("channel", "sms")).upper() + _audience(audience)),
                ("Recipients", recipients),
                ("Estimated units", f"≈ {int(params.get('estimate', 0)):,}"),
                ("Schedule", f"{paris_time(request['hd_send'])} (Paris)" if request.get("hd_send") else "now"),
            ]
        ),
        section(
            ":white_check_mark: Clever Multimedias accepted this campaign but did not give its reference, "
            "so Relais cannot follow its deliveries or replies: no report will follow in the thread."
        ),
        *_uncancellable(request),
        context(f":mag: {_how_to_check(params)}"),
        context(f"Sent by <@{record.user_id}>"),
    ]
    services.out.post_once(f"clever.accepted:{record.id}", record.channel_id, f"{title}: accepted by Clever", blocks)


def _uncancellable(request: dict[str, Any]) -> list[dict[str, Any]]:
    """A scheduled push without its reference cannot be cancelled through M17/M18 (they take the reference)."""
    if not request.get("hd_send"):
        return []
    return [
        section(
            f":no_entry_sign: It is scheduled for {paris_time(request['hd_send'])} (Paris) and cannot be cancelled "
            f"from Relais (no reference to give Clever): to cancel it before then, use Clever's extranet ({EXTRANET})."
        )
    ]


def execute_cancel(services: Services, params: dict[str, Any]) -> Outcome:
    """M17 / M18: only while the push is scheduled (405 after: §3.17)."""
    services.clever.cancel_push(params["family"], params["reference"])
    units = params.get("units")
    refund = f"; {units:,} units refunded" if isinstance(units, int) else "; its units are refunded"
    return Outcome(summary=f"campaign `{params['reference']}` cancelled{refund}", result=dict(params))


def finish_cancel(services: Services, record: WriteRecord) -> None:
    by = record.decided_by or record.user_id
    campaign = _update_campaign(services, record.params["reference"], state="cancelled", cancelled_by=by)
    if campaign.get("ts"):
        text, blocks = card_blocks(campaign)
        services.out.update(campaign["channel_id"], campaign["ts"], text, blocks)


def stage_cancel(ctx: BaseContext, reference: str, family: str, *, command: str) -> None:
    campaign = load_campaign(ctx.services, reference) or {}
    if campaign.get("state") == "cancelled":
        raise UserError(f"campaign `{reference}` is already cancelled", hint=f"`/push status {reference}` shows it")
    push = ctx.services.clever.push(family, reference)
    if push.status != 0:
        # §3.17: only a push still waiting for its hd_send can be cancelled (405 after).
        raise UserError(
            f"campaign `{reference}` is already being sent: only scheduled campaigns can be cancelled",
            hint=f"`/push status {reference}` shows how far it has gone",
        )
    units = campaign.get("units")
    stage_and_confirm(
        ctx,
        CANCEL_KIND,
        {"reference": reference, "family": family, "units": units},
        command=command,
        title=f"Cancel campaign {reference}",
        preview=[
            f"Campaign: `{reference}` ({family}), scheduled for {paris_time(push.hd_send) or 'later'}",
            "Nobody will receive it; its credit is refunded"
            + (f" ({units:,} units)" if isinstance(units, int) else ""),
        ],
        labels=("Cancel campaign", "Keep it"),
    )


# -- the card ---------------------------------------------------------------------------------
def _by(campaign: dict[str, Any]) -> str:
    return f" by <@{campaign['cancelled_by']}>" if campaign.get("cancelled_by") else ""


def cancelled_line(campaign: dict[str, Any]) -> str:
    """A cancelled campaign in words (the vendor forgets it: M19 answers 404 once cancelled)."""
    return (
        f":no_entry_sign: Campaign `{campaign['reference']}` was cancelled{_by(campaign)} before its send time: "
        f"nobody received it, and its {campaign.get('units', 0):,} units were refunded."
    )


def lost_sentence(campaign: dict[str, Any]) -> str:
    """A campaign Clever answers 404 for before its final report: no proof of anything (M19/M20 list no 404).

    "It asks again" only while a watcher really reads its status (``lost_polling``).
    """
    detail = f" ({campaign['lost_detail']})" if campaign.get("lost_detail") else ""
    again = (
        f"; it asks again every {LOST_DELAY / 60:g} minutes until the watch window ends"
        if campaign.get("lost_polling")
        else "; Relais no longer follows it"
    )
    return (
        f"Clever Multimedias no longer answers for campaign `{campaign['reference']}` (404){detail}. "
        f"Relais cannot tell what happened to it (sent, cancelled elsewhere, or removed){again}. To check: its "
        f"deliveries in Clever's extranet ({EXTRANET}), and `/contact account` for the credit."
    )


def gone_line(campaign: dict[str, Any], detail: str) -> str:
    """A finished campaign (its final report posted) that Clever no longer answers for: nothing is lost."""
    return (
        f"Clever Multimedias no longer answers for campaign `{campaign['reference']}` ({detail}); "
        "its final report in the card's thread and the counts on the card are the last it gave."
    )


def watcher_polls(services: Services, reference: str) -> bool:
    """Whether the campaign's watcher still reads its status (active, not in its replies-only phase)."""
    job = services.scheduler.get(f"{WATCH_KIND}:{reference}")
    return job is not None and job.state == "active" and not job.data.get("reported")


def _bar(counts: Counts, width: int = 20) -> str:
    done = round(width * counts.final / counts.total) if counts.total else 0
    percent = f"{100 * counts.final // counts.total}%" if counts.total else "0%"
    return f"`{'█' * done}{'░' * (width - done)}` {percent} final"


def card_blocks(campaign: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    reference, state = campaign["reference"], campaign.get("state", "sending")
    c = campaign.get("counts") or {}
    counts = Counts(int(c.get("total", 0)), int(c.get("delivered", 0)), int(c.get("failed", 0)), int(c.get("sent", 0)))
    title = f"{campaign['channel'].upper()} campaign {reference}"
    schedule = paris_time(campaign.get("hd_send")) or "now"
    blocks: list[dict[str, Any]] = [
        header(title),
        fields_section(
            [
                ("Reference", f"`{reference}`"),
                ("Channel", campaign["channel"].upper() + _audience(campaign.get("audience", "list"))),
                ("Recipients", f"{campaign.get('recipients', 0):,}"),
                ("Units", f"{campaign.get('units', 0):,}"),
                ("Schedule", f"{schedule} (Paris)" if campaign.get("hd_send") else schedule),
                ("Status", _STATE_NAMES.get(state, state)),
            ]
        ),
    ]
    if campaign.get("summary"):
        blocks.append(context(campaign["summary"]))
    if state == "cancelled":
        blocks.append(
            section(
                f":no_entry_sign: Cancelled{_by(campaign)} — nothing was sent; "
                f"{campaign.get('units', 0):,} units refunded"
            )
        )
    elif state == "lost":
        blocks.append(section(f":grey_question: {lost_sentence(campaign)}"))
    else:
        blocks.append(
            section(
                # Four parts that add up to the recipients: "sent" awaits its acknowledgement.
                f":white_check_mark: delivered {counts.delivered:,} · :x: failed {counts.failed:,} · "
                f":outbox_tray: sent, awaiting acknowledgement {counts.sent:,} · "
                f":hourglass_flowing_sand: not sent yet {counts.not_sent:,}\n" + _bar(counts)
            )
        )
        if state in REPORTED and campaign.get("gone_detail"):
            blocks.append(context(f":information_source: {gone_line(campaign, campaign['gone_detail'])}"))
    buttons = [button("Refresh", f"{REFRESH}{reference}", reference)]
    if state == "scheduled":
        buttons.append(button("Cancel", f"{CANCEL}{reference}", reference, style="danger"))
    if state != "cancelled":
        blocks.append(actions(*buttons, block_id=f"campaign-{reference}"[:255]))
    blocks.append(
        context(f"Sent by <@{campaign.get('user_id', '')}> · replies and the final report arrive in the thread")
    )
    return f"{title}: {_STATE_NAMES.get(state, state)}", blocks


_STATE_NAMES = {
    "scheduled": ":calendar: scheduled",
    "sending": ":arrow_forward: in progress",
    "done": ":checkered_flag: finished",
    "cancelled": ":no_entry_sign: cancelled",
    "window": ":hourglass: watch window over",
    "lost": ":grey_question: Clever no longer answers for it",
}


def _audience(audience: str) -> str:
    return {"criteria": " by criteria", "broadcast": " to all contacts"}.get(audience, "")


# -- polling ----------------------------------------------------------------------------------
@dataclass
class Snapshot:
    push: Push | None  # None: the vendor no longer knows it (cancelled)
    rows: list[Acknowledgement]
    counts: Counts


def poll(services: Services, campaign: dict[str, Any], *, polling: bool | None = None) -> Snapshot:
    """M19/M20 then M21/M22; stores the counts and edits the card (coalesced by SlackOut).

    ``polling``: whether a watcher keeps reading this campaign's status (None: ask the scheduler).
    """
    client, family, reference = services.clever, campaign["family"], campaign["reference"]
    try:
        push = client.push(family, reference)
    except CleverError as exc:
        if exc.status != 404:
            raise
        still = watcher_polls(services, reference) if polling is None else polling
        _not_answered(services, campaign, exc.detail, polling=still)
        return Snapshot(None, [], fold_statuses([], 0))
    rows = client.deliveries(family, reference) if push.status > 0 else []
    counts = fold_statuses((row.status for row in rows), push.recipients)
    state = "scheduled" if push.status == 0 else "done" if _complete(push, counts) else "sending"
    if campaign.get("state") == "window":
        state = "window"
    if campaign.get("state") == "lost" and campaign.get("ts"):
        text = (
            f":arrows_counterclockwise: Clever Multimedias answers for campaign `{reference}` again; Relais follows it."
        )
        services.out.post_once(f"clever.found:{reference}", campaign["channel_id"], text, thread_ts=campaign["ts"])
    updated = _update_campaign(
        services,
        reference,
        state=state,
        hd_send=push.hd_send or campaign.get("hd_send", ""),
        units=push.unit or campaign.get("units", 0),
        recipients=push.recipients,
        counts={"total": counts.total, "delivered": counts.delivered, "failed": counts.failed, "sent": counts.sent},
    )
    _redraw(services, updated)
    return Snapshot(push, rows, counts)


def _not_answered(services: Services, campaign: dict[str, Any], detail: str, *, polling: bool) -> None:
    """A 404 on M19/M20. §3.19 / §3.20 list no 404: it proves no cancellation (only one through Relais does).

    Once the final report is posted, or after a cancel made through Relais (M19 then answers 404,
    decisions "Cancel"), it takes nothing away: the state and counts stay.
    """
    reference, state = campaign["reference"], campaign.get("state")
    if state == "cancelled":
        return
    if state in REPORTED:
        _redraw(services, _update_campaign(services, reference, gone_detail=detail))
        return
    updated = _update_campaign(services, reference, state="lost", lost_detail=detail, lost_polling=polling)
    _redraw(services, updated)
    if updated.get("ts"):
        text = f":grey_question: {lost_sentence(updated)}"
        services.out.post_once(f"clever.lost:{reference}", updated["channel_id"], text, thread_ts=updated["ts"])


def _complete(push: Push, counts: Counts) -> bool:
    # Every recipient final. §3.19's status 2 ("push traité") is not taken as proof: the real
    # service may set it at hand-off, while acknowledgements are still to come.
    return push.status > 0 and counts.total > 0 and counts.pending == 0


def _redraw(services: Services, campaign: dict[str, Any]) -> None:
    if campaign.get("ts"):
        text, blocks = card_blocks(campaign)
        services.out.update(campaign["channel_id"], campaign["ts"], text, blocks)


def watch(services: Services, job: Job) -> float | None:
    """The watcher: one poll; the delay until the next, or None once it is over.

    After the final report, an SMS campaign is still read for replies (M23), slowly, until its
    watch window ends: people answer "OUI" long after the last acknowledgement.
    """
    reference = str(job.params["reference"])
    campaign = load_campaign(services, reference)
    if campaign is None or campaign.get("state") == "cancelled":
        return None
    if job.data.get("reported"):
        post_replies(services, campaign, job)
        return None if time.time() > float(job.data.get("window_end", 0)) else REPLY_DELAY
    lost_until = _window_end(campaign, parse_vendor_date(campaign.get("hd_send")))
    snapshot = poll(services, campaign, polling=time.time() <= lost_until)
    if snapshot.push is None:
        # A 404 (said once in the thread): slowly, until the window ends, in case Clever answers again.
        return None if time.time() > lost_until else LOST_DELAY
    campaign = load_campaign(services, reference) or campaign
    if campaign["family"] == "sms" and snapshot.push.status > 0:
        post_replies(services, campaign, job)
    window_end = _window_end(campaign, snapshot.push.send_at)
    window_over = time.time() > window_end
    if _complete(snapshot.push, snapshot.counts) or window_over:
        if window_over and snapshot.counts.pending:
            campaign = _update_campaign(services, reference, state="window")
            _redraw(services, campaign)
        post_final_report(services, campaign, snapshot)
        if campaign["family"] != "sms" or window_over:
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


def _window_end(campaign: dict[str, Any], send_at: datetime | None) -> float:
    """The watch window's end: 24 h after the send time (hd_send, or creation when sent at once)."""
    start = send_at.timestamp() if send_at else float(campaign.get("created_at", time.time()))
    return max(start, float(campaign.get("created_at", 0))) + WATCH_WINDOW


# -- replies and the final report -------------------------------------------------------------
def post_replies(services: Services, campaign: dict[str, Any], job: Job) -> int:
    """Each MO (M23) once in the card's thread; the ones posted are remembered in job.data."""
    if not campaign.get("ts"):
        return 0
    posted: list[str] = list(job.data.get("mos", []))
    new = 0
    for mo in services.clever.mos(campaign["reference"]):
        key = hashlib.sha256(f"{mo.recipient}|{mo.date_receive}|{mo.message}".encode()).hexdigest()[:16]
        if key in posted:
            continue
        text = f":speech_balloon: Reply from {mo.recipient} at {mo.date_receive or '?'}: {mo.message}"
        services.out.post_once(
            f"clever.mo:{campaign['reference']}:{key}", campaign["channel_id"], text, thread_ts=campaign["ts"]
        )
        posted.append(key)
        new += 1
    job.data["mos"] = posted
    return new


def _duration(rows: list[Acknowledgement], push: Push) -> str:
    start = push.send_at
    ends = [parse_vendor_date(row.date_receive) for row in rows]
    last = max((end for end in ends if end is not None), default=None)
    if start is None or last is None:
        return "—"
    seconds = max(0, int((last - start).total_seconds()))
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min {seconds % 60:02d} s"


def final_report(campaign: dict[str, Any], snapshot: Snapshot) -> tuple[str, list[dict[str, Any]], list[str]]:
    """(text, blocks, failed recipients) of the final report."""
    counts, push = snapshot.counts, snapshot.push
    assert push is not None
    failed = [row.recipient for row in snapshot.rows if row.status in FAILED]
    title = f"Final report — {campaign['reference']}"
    lines = [
        f":white_check_mark: delivered {counts.delivered:,} ({counts.share(counts.delivered)})",
        f":x: failed {counts.failed:,} ({counts.share(counts.failed)})",
        f":hourglass_flowing_sand: pending {counts.pending:,} ({counts.share(counts.pending)})",
        f"Duration: {_duration(snapshot.rows, push)} · {plural(counts.total, 'recipient')} · {push.unit:,} units",
    ]
    if campaign.get("state") == "window":
        lines.append(_window_sentence(snapshot))
    blocks = [header(title), section("\n".join(lines))]
    if failed and len(failed) <= MAX_LISTED_FAILURES:
        blocks.append(section("*Failed:* " + ", ".join(failed)))
    elif failed:
        blocks.append(context(f"{len(failed):,} failures: the list is attached as a CSV file."))
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


def post_final_report(services: Services, campaign: dict[str, Any], snapshot: Snapshot) -> None:
    text, blocks, failed = final_report(campaign, snapshot)
    reference, channel, ts = campaign["reference"], campaign["channel_id"], campaign.get("ts") or None
    if len(failed) > MAX_LISTED_FAILURES and services.store.compare_and_set(
        f"clever.failures:{reference}", MISSING, True
    ):
        upload_file(services.slack, channel, f"{reference}-failures.csv", _failures_csv(snapshot.rows), thread_ts=ts)
    services.out.post_once(f"clever.final:{reference}", channel, text, blocks, thread_ts=ts)


def _failures_csv(rows: list[Acknowledgement]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["recipient", "status", "date_send", "date_receive"])
    for row in rows:
        if row.status in FAILED:
            writer.writerow([row.recipient, row.status, row.date_send or "", row.date_receive or ""])
    return buffer.getvalue().encode("utf-8")


# -- buttons ----------------------------------------------------------------------------------
def on_refresh(ctx: ActionContext) -> None:
    campaign = load_campaign(ctx.services, ctx.argument)
    if campaign is None:
        ctx.reply(f"Relais has no record of campaign `{ctx.argument}` (it was not sent from here).")
        return
    poll(ctx.services, campaign)


def on_cancel_button(ctx: ActionContext) -> None:
    campaign = load_campaign(ctx.services, ctx.argument)
    family = campaign["family"] if campaign else "sms"
    stage_cancel(ctx, ctx.argument, family, command=f"cancel button of {ctx.argument}")


# -- App Home ---------------------------------------------------------------------------------
def home_section(services: Services, user_id: str) -> list[dict[str, Any]]:
    """Credit and expiry (M1), then the last campaigns from Relais' own records (shown even when the vendor fails)."""
    # Admins see every campaign; a member sees those they prepared (others' may be in private channels).
    admin = services.roles.is_admin(user_id)
    blocks = [section(_account_line(services))]
    campaigns = recent_campaigns(services, HOME_CAMPAIGNS, sent_by=None if admin else user_id)
    lines = [_home_line(campaign) for campaign in campaigns]
    if not lines:
        lines.append("_No campaign sent from Relais yet: try `/push sms +33612345678 Bonjour`._")
    whose = "everyone's (you are an admin)" if admin else "the ones you prepared"
    blocks.append(section(f"*Last {HOME_CAMPAIGNS} campaigns* — {whose}\n" + "\n".join(lines)))
    return blocks


def _account_line(services: Services) -> str:
    try:
        account = services.clever.account()
    except CleverError as exc:
        return f"*Clever Multimedias* — :warning: {exc.plain}"
    return f"*Clever Multimedias* — credit {account.credit:,} units · account {expiry_phrase(account.expires_at)}"


def expiry_phrase(expiry: datetime | None) -> str:
    """The account's expiry in words, flagged when near or past (M1 answers even once it has passed)."""
    now = datetime.now(PARIS)
    if expiry is None:
        return "no expiry date given"
    if expiry <= now:
        return f":no_entry: expired on {expiry:%Y-%m-%d}: pushes are refused until it is renewed"
    days = (expiry - now).days
    if days < EXPIRY_WARNING_DAYS:
        return f":warning: expires on {expiry:%Y-%m-%d}, in {days} days: renew it with Clever Multimedias"
    return f"expires on {expiry:%Y-%m-%d}"


def _home_line(campaign: dict[str, Any]) -> str:
    c = campaign.get("counts") or {}
    state = _STATE_NAMES.get(campaign.get("state", ""), campaign.get("state", ""))
    sent = datetime.fromtimestamp(float(campaign.get("created_at", 0)), PARIS)
    return (
        f"• `{campaign['reference']}` {campaign['channel'].upper()}{_audience(campaign.get('audience', 'list'))} · "
        f"{state} · {int(c.get('delivered', 0)):,}/{int(c.get('total', 0)):,} delivered · "
        f"{sent:%Y-%m-%d %H:%M} · <#{campaign['channel_id']}>"
    )


def push_check(params: dict[str, Any]) -> str:
    """Clever takes the credit when it creates a push (decisions "Credit"): the credit tells."""
    return (
        f"`/contact account`: if the credit has dropped by about {int(params.get('estimate', 0)):,} units since "
        "this card was prepared, the campaign was created; Relais will not send it again by itself"
    )


def watcher_places(services: Services, job: Job) -> list[Place]:
    """A watcher's trouble is told in its campaign card's thread."""
    campaign = load_campaign(services, str(job.params["reference"]))
    return [(str(campaign["channel_id"]), str(campaign.get("ts") or ""))] if campaign else []


def register(registry: Registry) -> None:
    for (_, audience), (kind, operation) in PUSH_KINDS.items():
        broadcast = audience == "broadcast"
        registry.executor(
            Executor(kind, operation, execute_push, start_campaign, admin_only=broadcast, check=push_check)
        )
    registry.executor(Executor(CANCEL_KIND, "M17/M18 cancel a scheduled push", execute_cancel, finish_cancel))
    registry.job(WATCH_KIND, watch, reading="Clever Multimedias' delivery reports", places=watcher_places)
    registry.action(REFRESH, on_refresh, operation="M21")
    registry.action(CANCEL, on_cancel_button, operation="M17")
    registry.home_section(home_section)
