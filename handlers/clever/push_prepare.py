"""Preparing a push, in the push form's three steps: read what the rules need from the vendor
(``read_for``: the form's catalog), check the draft (``plan``: the form's pure check), stage
its confirmation card (``stage``: the form's write).

The vendor is read here (account, predefined messages, field names, contacts), so that
``handlers.clever.push_rules`` stays pure; Send on the card runs ``push_executor``.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from dataclasses import replace as replace_draft
from datetime import datetime
from typing import Any

from bot.core.errors import UserError
from bot.rules.marketing import Nature
from bot.rules.sms import gsm_offer
from bot.slack.blockkit import plural
from bot.slack.context import BaseContext
from bot.vendors.clever.client import CleverClient
from bot.vendors.errors import VendorError
from handlers.clever.approval import ask_admins
from handlers.clever.kit import CleverKit
from handlers.clever.optouts import opted_out
from handlers.clever.push_checks import send_checks
from handlers.clever.push_executor import PUSH_KINDS
from handlers.clever.push_optouts import OPTOUT_CONTACTS, OPTOUTS_SHOWN, contacts_line, opted_out_contacts
from handlers.clever.push_preview import preview_lines, summary_line, title
from handlers.clever.push_rules import PushDraft, PushPlan, plan_push
from handlers.clever.send_check import SendFacts, landlines_called
from handlers.clever.send_limits import card_limits

__all__ = [
    "CONTACT_FIELDS",
    "GSM_ACTION",
    "PreparedPush",
    "PushReads",
    "known_fields_or_why",
    "plan",
    "push_params",
    "read_for",
    "stage",
    "without_optouts",
]

log = logging.getLogger(__name__)

#: Contact fields usable in criteria (§3.9's listing), besides the additional fields of M24.
CONTACT_FIELDS = {
    "name",
    "lastname",
    "last_name",
    "gsm_primary",
    "gsm_secondary",
    "landline_primary",
    "landline_secondary",
    "fax_primary",
    "fax_secondary",
    "email",
    "zip_code",
    "city",
    "street",
    "street_number",
}


@dataclass(frozen=True)
class PushReads:
    """What the check of a push needs besides the draft (None: not read, not checked)."""

    now: datetime
    credit: int | None = None
    templates: dict[str, str] | None = None  # only when a predefined message is asked for
    known_fields: set[str] | None = None  # only for criteria
    unchecked: str = ""  # why the criteria's fields are not checked, for the card
    audience_size: int | None = None  # only when the vendor picks the contacts
    #: Then, the ids of the contacts whose number is on the opt-out list (only for SMS, TTS and voice).
    optout_contacts: tuple[str, ...] = ()


@dataclass(frozen=True)
class PreparedPush:
    """A checked push: its plan, and what its card says besides."""

    plan: PushPlan
    template: str
    reads: PushReads
    draft: PushDraft


def read_for(kit: CleverKit, draft: PushDraft) -> PushReads:
    """Read what the check needs from the vendor (account, templates, fields, contacts); an expired account stops."""
    client = kit.client
    now = kit.clock.now()
    account = client.account()  # M1 answers even once the account has expired (§3.1 lists no 430)
    expiry = account.expires_at
    if expiry is not None and expiry <= now:
        raise UserError(
            f"account: the Clever Multimedias account expired on {expiry:%Y-%m-%d}, "
            "so the vendor would refuse this push (HTTP 430)",
            hint="renew it with Clever Multimedias; `/contact account` shows its state",
        )
    templates = {m.title: m.message for m in client.predefined_messages()} if draft.template.strip() else None
    known, unchecked = known_fields_or_why(client) if draft.audience == "criteria" else (None, "")
    if draft.audience == "list":
        return PushReads(now, account.credit, templates, known, unchecked)
    contacts = client.contacts()
    audience_size = sum(1 for c in contacts if (c.email if draft.channel == "mail" else c.gsm_primary))
    flagged = () if draft.channel == "mail" else tuple(str(c.id) for c in opted_out_contacts(kit, contacts))
    return PushReads(now, account.credit, templates, known, unchecked, audience_size, flagged)


def plan(draft: PushDraft, reads: PushReads, dropped: frozenset[str] = frozenset()) -> PreparedPush:
    """Pure: the draft checked against what was read (FieldErrors names every broken rule); ``dropped``: the
    listed numbers to leave out (opted out)."""
    checked = plan_push(
        draft,
        now=reads.now,
        templates=reads.templates,
        known_fields=reads.known_fields,
        audience_size=reads.audience_size,
        dropped=dropped,
    )
    return PreparedPush(checked, checked.template, reads, draft)


#: The card's "Use GSM equivalents" button (its value: the card's write id).
GSM_ACTION = "clever.push.gsm"


def stage(
    ctx: BaseContext,
    kit: CleverKit,
    prepared: PreparedPush,
    *,
    command: str,
    replace: bool = False,
    extra: dict[str, Any] | None = None,
) -> None:
    """The confirmation card of a checked push, with what the checks about a send say (``push_checks``: the
    nature and the marketing rules applied; Send blocked, or a button that fixes it); with a cheaper GSM text on
    offer, a button to switch to it. A button's changed draft is kept with the card (``redraws``: its action id →
    the draft, replayed by ``push_redraw``). Then the channel's budget and approval (``send_limits``): a budget
    line, Send held over budget, admins asked when the push needs their approval.

    ``extra``: more for the executor's follow-up (``reply_to``: the MO this push answers, see mo_reply)."""
    nature: Nature = prepared.plan.nature or ctx.settings.nature
    prepared = without_optouts(kit, prepared, nature)
    push, reads = prepared.plan, prepared.reads
    preview = preview_lines(
        push,
        template=prepared.template,
        audience_size=reads.audience_size,
        credit=reads.credit,
        language=ctx.language,
    )
    if reads.unchecked:
        preview.insert(2, reads.unchecked)
    kind, _ = PUSH_KINDS[(push.family, push.audience)]
    params = {**push_params(push, nature, ctx.settings.rules), **(extra or {})}
    checked = send_checks(facts_of_plan(push, nature), ctx.settings, ctx.now())
    preview[1:1] = checked.lines  # under the channel: what is sent decides the rest
    params["verdicts"] = list(checked.verdicts)  # for the audit line of the send (send_limits.audit_words)
    redraws: dict[str, dict[str, Any]] = {}
    alternatives = []
    offer = gsm_offer(push.sms) if push.sms is not None and push.channel == "sms" else None
    if offer is not None:
        # The draft that would be sent instead, kept only when offered (recipients as read, once more).
        redraws[GSM_ACTION] = _replayable(prepared, text=offer.result.text)
        segments = plural(offer.result.segments, "segment")
        alternatives.append((f"Use GSM equivalents ({segments})", GSM_ACTION))
    for fix in checked.offers:
        redraws[fix.action] = _replayable(prepared, text=fix.text, at=fix.at, nature=nature)
        alternatives.append((fix.label, fix.action))
    if push.opted_out:
        params["optouts_removed"] = push.opted_out  # the card's button lists them; the send's audit counts them
        alternatives.append((f"Show the {plural(len(push.opted_out), 'opted-out number')}", OPTOUTS_SHOWN))
    if reads.optout_contacts and nature == "promotional" and push.audience != "list":
        params["optout_contacts"] = list(reads.optout_contacts)  # Send asks a second click (push_optouts)
        preview.append(contacts_line(len(reads.optout_contacts)))
        alternatives.append((f"Show the {plural(len(reads.optout_contacts), 'opted-out contact')}", OPTOUT_CONTACTS))
    if redraws:
        params["redraws"] = redraws
    # The channel's budget and approval (handlers.clever.send_limits): a line, maybe no Send yet.
    limits = card_limits(ctx, kit, recipients=_recipient_count(push, reads), units=push.estimate)
    record = ctx.stage(
        kind,
        params,
        command=command[:500],
        title=title(push),
        preview=preview + limits.lines,
        alternatives=alternatives + limits.alternatives,
        replace=replace,
        blocked=checked.blocking,
        held=limits.held,
        # A card blocked by a rule is never sent: admins are asked about the card that fixes it.
        approval=None if checked.blocking else limits.approval,
    )
    ask_admins(ctx, kit, record)


def without_optouts(kit: CleverKit, prepared: PreparedPush, nature: Nature) -> PreparedPush:
    """A promotional push to listed numbers, planned again without those on the opt-out list (they replied
    STOP: ``handlers.clever.optouts``); a notice (transactional) or a mail goes to everyone listed."""
    recipients = prepared.plan.recipients
    if nature != "promotional" or recipients is None or recipients.kind != "phone":
        return prepared
    dropped = opted_out(kit, recipients.valid)
    return plan(prepared.draft, prepared.reads, frozenset(dropped)) if dropped else prepared


def _recipient_count(push: PushPlan, reads: PushReads) -> int:
    """Whom the push reaches: the listed recipients, plus the contacts the vendor picks (at most)."""
    listed = len(push.recipients.valid) if push.recipients is not None else 0
    return listed + (reads.audience_size or 0 if push.audience != "list" else 0)


def facts_of_plan(push: PushPlan, nature: Nature) -> SendFacts:
    """What the checks about a send read of a checked push."""
    sender = getattr(push.request, "short_code", None) or ""
    listed = push.recipients.valid if push.recipients is not None and push.recipients.kind == "phone" else []
    return SendFacts(
        push.channel, nature, push.text, str(sender), push.schedule, landlines_called(push.channel, list(listed))
    )


def push_params(push: PushPlan, nature: Nature | None = None, rules: str = "") -> dict[str, Any]:
    """What the executor of a checked push is given (and its fingerprint read): with its nature and the rules set
    applied, and the text recipients read (the request carries a predefined message's title instead)."""
    return {
        "nature": nature or push.nature,
        "rules": rules,
        "message": push.text,
        "family": push.family,
        "audience": push.audience,
        "channel": push.channel,
        # The normalised recipients, stored once (not in Block Kit); unset fields left out.
        "request": push.request.model_dump(exclude_none=True),
        "estimate": push.estimate,
        "scheduled": push.schedule is not None,
        "summary": summary_line(push),
    }


def _replayable(
    prepared: PreparedPush, *, text: str | None = None, at: datetime | None = None, nature: str = ""
) -> dict[str, Any]:
    """The draft again with ``text`` typed instead (or sent ``at``), its recipients as read (a file's entries
    already read), its nature as the card says it (the channel's default may change meanwhile)."""
    draft, recipients = prepared.draft, prepared.plan.recipients
    typed = (
        ", ".join(recipients.valid) if recipients is not None and draft.file_entries is not None else draft.recipients
    )
    changed = replace_draft(draft, recipients=typed, file_entries=None, nature=nature or draft.nature)
    if text is not None:
        changed = replace_draft(changed, text=text, template="", encoding="auto")
    if at is not None:
        changed = replace_draft(changed, at=at.isoformat(timespec="minutes"))
    return asdict(changed)


def known_fields_or_why(client: CleverClient) -> tuple[set[str] | None, str]:
    """The names usable in criteria, or (None, why) when M24 cannot be read: §3.24 is "à venir", so its
    failure gates nothing: the card says so and Clever decides whether the criteria's fields exist."""
    try:
        return CONTACT_FIELDS | {field.name for field in client.fields()}, ""
    except VendorError as exc:
        log.warning("criteria fields unchecked: the field list (M24) failed: %s", exc.detail)
        if exc.status == 404:
            return None, (
                ":warning: The criteria's fields are not checked here: Clever Multimedias does not offer its field "
                'list yet (the document marks it "à venir"). Clever checks them when it receives the push.\n'
                f"_{exc.detail}_"
            )
        return None, (
            f":warning: The criteria's fields could not be checked ({exc.plain}): Clever checks them when it "
            f"receives the push.\n_{exc.detail}_"
        )
