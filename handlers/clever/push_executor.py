"""Sending a push: the safe-write executors of the six push kinds and their follow-up.

Send on the confirmation card runs ``execute_push`` (one POST, never retried); its
follow-up stores the campaign record, starts its watcher (``handlers.clever.watcher``)
and posts the campaign card in the channel, once. ``push_fingerprint`` says when two pushes
are the same, so that sending one again within 10 minutes asks first (``bot.core.recent_sends``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.errors import UserError
from bot.core.recent_sends import Fingerprint, fingerprint
from bot.core.safe_writes import Caution, Outcome, Refusal, WriteRecord
from bot.core.timezone import PARIS
from bot.rules.dates import say_vendor_moment
from bot.slack.blockkit import plural
from bot.vendors.clever.errors import CleverError, not_enough_credit
from bot.vendors.clever.models import MailPushRequest, SmsPushRequest
from handlers.clever.approval import withdraw
from handlers.clever.budgets import warn_thresholds
from handlers.clever.campaign_card import card_blocks, how_to_check, unreferenced_card
from handlers.clever.delivery import Counts
from handlers.clever.kit import CleverKit, clever
from handlers.clever.push_checks import send_checks
from handlers.clever.push_optouts import optout_contacts_caution
from handlers.clever.records import KEPT_RECIPIENTS, Campaign
from handlers.clever.replies import reply_line
from handlers.clever.send_check import facts_of_params
from handlers.clever.send_limits import limits_gate, send_audit
from handlers.clever.timing import FIRST_DELAY
from handlers.clever.watcher import WATCH_KIND

__all__ = ["PUSH_KINDS", "execute_push", "push_check", "push_fingerprint", "send_gate", "start_campaign"]

#: (family, audience) → executor kind and operation id (§3.11–§3.16).
PUSH_KINDS: dict[tuple[str, str], tuple[str, str]] = {
    ("sms", "list"): ("clever.push.sms", "M11 SMS/TTS/voice push"),
    ("mail", "list"): ("clever.push.mail", "M12 mail push"),
    ("sms", "criteria"): ("clever.push.sms_criteria", "M13 SMS push by criteria"),
    ("mail", "criteria"): ("clever.push.mail_criteria", "M14 mail push by criteria"),
    ("sms", "broadcast"): ("clever.push.sms_broadcast", "M15 SMS push to all contacts"),
    ("mail", "broadcast"): ("clever.push.mail_broadcast", "M16 mail push to all contacts"),
}


def send_gate(kit: CleverKit, record: WriteRecord) -> Caution | Refusal | None:
    """At each click on Send, the checks about a send again (``push_checks``), at Relais' now and under the
    channel's settings as they stand: refused with the card's words (nothing sent); then the channel's budget
    and approval (``send_limits``: held for now); then a second click for each caution not yet acknowledged (a
    Sunday, contacts on the opt-out list: ``push_optouts``)."""
    checked = send_checks(facts_of_params(record.params), kit.channels.of(record.channel_id), kit.clock.now())
    if checked.blocking:
        raise UserError(f"not sent: {checked.blocking}", hint="prepare it again: the card offers what makes it allowed")
    refusal = limits_gate(kit, record)
    if refusal is not None:
        return refusal
    cautions = (checked.caution, optout_contacts_caution(record))
    return next((c for c in cautions if c is not None and c.key not in record.acknowledged), None)


def execute_push(kit: CleverKit, params: dict[str, Any]) -> Outcome:
    """One POST (VendorHTTP.write: never retried); a 402 is said in units."""
    hd_send = params["request"].get("hd_send")
    if hd_send and datetime.strptime(hd_send, "%Y-%m-%d %H:%M:%S").replace(tzinfo=PARIS) <= kit.clock.now():
        # The card promised that time: sending now instead would surprise the recipients.
        raise UserError(
            f"the scheduled time {hd_send[:16]} (Paris) has passed since this card was prepared; nothing was sent",
            hint="prepare it again with a new at=",
        )
    try:
        if params["family"] == "sms":
            push = kit.client.push_sms(SmsPushRequest.model_validate(params["request"]), params["audience"])
        else:
            push = kit.client.push_mail(MailPushRequest.model_validate(params["request"]), params["audience"])
    except CleverError as exc:
        if exc.status == 402:
            raise not_enough_credit(exc, int(params["estimate"]), _credit_or_none(kit)) from None
        raise
    if push is None or not push.reference_clean:
        # A 2xx with no push in it (§2.3: 202 "Accepted" … "Sinon une réponse sans contenu"): done, not followable.
        return Outcome(
            summary=(
                "Clever Multimedias accepted the campaign without giving its reference, "
                "so Relais cannot follow its deliveries"
            ),
            result={"reference": None},
            detail=how_to_check(int(params.get("estimate", 0))),
        )
    reference = push.reference_clean
    when = f", scheduled for {say_vendor_moment(push.hd_send)}" if params.get("scheduled") else ""
    # A field Clever wrote in a form Relais cannot read was left out (client._lenient): the estimate stands in.
    units = push.unit or int(params.get("estimate", 0))
    return Outcome(
        summary=f"campaign `{reference}` created: {plural(push.recipients, 'recipient')}, {units:,} units{when}",
        result={"reference": reference, "unit": units, "recipients": push.recipients, "hd_send": push.hd_send},
    )


def _credit_or_none(kit: CleverKit) -> int | None:
    try:
        return kit.client.account().credit
    except CleverError:
        return None


def start_campaign(kit: CleverKit, record: WriteRecord) -> None:
    """Follow-up of a push: the campaign record, the card in the channel, the watcher."""
    assert record.outcome is not None
    result, params = record.outcome.result, record.params
    _answer_reply(kit, record)
    if not result.get("reference"):
        text, blocks = unreferenced_card(params, record.user_id)
        kit.out.post_once(f"clever.accepted:{record.id}", record.channel_id, text, blocks)
        return
    reference = str(result["reference"])
    recipients = int(result.get("recipients", 0))
    request: dict[str, Any] = params.get("request") or {}
    listed = [str(entry) for entry in request.get("number_list") or request.get("email_list") or []]
    campaign = Campaign(
        reference=reference,
        family=params["family"],
        channel=params["channel"],
        audience=params["audience"],
        channel_id=record.channel_id,
        user_id=record.user_id,
        created_at=kit.clock.now().timestamp(),  # Relais' clock: the month a budget counts it in
        units=int(result.get("unit", params["estimate"])),
        recipients=recipients,
        hd_send=result.get("hd_send") or "",
        summary=params.get("summary", ""),
        state="scheduled" if params.get("scheduled") else "sending",
        counts=Counts(total=recipients),
        text=str(request.get("text") or ""),
        sender=str(request.get("short_code") or ""),
        subject=str(request.get("email_subject") or ""),
        criteria=str(request.get("criteria") or ""),
        filename=str(request.get("filename") or ""),
        recipient_list=listed if len(listed) <= KEPT_RECIPIENTS else [],
        nature=params.get("nature"),
        rules=params.get("rules"),
    )
    # Each step is idempotent, so that a follow-up interrupted anywhere (Slack down, a crash) can
    # run again at the next start: the record, then the watcher (before anything can fail on
    # Slack's side: a paid campaign is always followed), then the card, posted once.
    kit.campaigns.add(reference, campaign)
    kit.scheduler.add(WATCH_KIND, {"reference": reference}, job_id=f"{WATCH_KIND}:{reference}", delay=FIRST_DELAY)
    campaign = kit.campaigns.get(reference) or campaign
    if not campaign.ts:
        text, blocks = card_blocks(campaign)
        ts = kit.out.post_once(f"clever.card:{reference}", record.channel_id, text, blocks)
        kit.campaigns.update(reference, lambda current: current.model_copy(update={"ts": ts}) if current else None)
    warn_thresholds(kit, record.channel_id)  # the channel's budget passing 80 % / 100 %, told once a month


def _answer_reply(kit: CleverKit, record: WriteRecord) -> None:
    """A push answering an MO (handlers.clever.mo_reply): what was sent, once, in the answered campaign's thread."""
    reply_to = record.params.get("reply_to") or {}
    if not reply_to.get("thread_ts"):
        return
    assert record.outcome is not None
    text = str((record.params.get("request") or {}).get("text") or "")
    line = reply_line(reply_to, record.user_id, text, record.outcome.result.get("reference"))
    kit.out.post_once(f"clever.mo.answered:{record.id}", reply_to["channel_id"], line, thread_ts=reply_to["thread_ts"])


def push_check(params: dict[str, Any]) -> str:
    """Clever takes the credit when it creates a push (decisions "Credit"): the credit tells."""
    return (
        f"`/contact account`: if the credit has dropped by about {int(params.get('estimate', 0)):,} units since "
        "this card was prepared, the campaign was created; Relais will not send it again by itself"
    )


#: What a push's recipients receive, in the card's words.
_WHAT = {"sms": "message", "tts": "voice message", "voice": "voice message", "mail": "mail"}
#: What a push says and whom it picks: its text (a template's title when Clever fills it in), subject,
#: voice file, criteria.
_CONTENT = ("text", "email_subject", "filename", "predefined_message", "criteria")


def push_fingerprint(params: dict[str, Any]) -> Fingerprint:
    """The same push: same channel, same audience (the set of recipients, whatever their order, or the same
    criteria, or everyone) and the same content. The schedule, sender and options do not make it another."""
    request: dict[str, Any] = params["request"]
    recipients = sorted({entry.casefold() for entry in request.get("number_list") or request.get("email_list") or []})
    audience = params["audience"]
    what = _WHAT.get(params["channel"], "message")
    if audience == "list":
        same = f"same {what} to the same {plural(len(recipients), 'recipient')}"
    elif audience == "criteria":
        same = f"same {what} to the contacts matching the same criteria"
    else:
        same = f"same {what} to all contacts"
    parts = {
        "channel": [params["family"], params["channel"], audience],
        "recipients": recipients,
        **{key: request[key] for key in _CONTENT if key in request},
    }
    return fingerprint("clever.push", parts, same=same)


for (_, _audience), (_kind, _operation) in PUSH_KINDS.items():
    clever.executor(
        _kind,
        _operation,
        follow_up=start_campaign,
        admin_only=_audience == "broadcast",
        check=push_check,
        button="Send campaign",
        fingerprint=push_fingerprint,
        again="Send again",
        gate=send_gate,
        audit_detail=send_audit,
        on_cancel=withdraw,
    )(execute_push)
