"""/push: Clever Multimedias campaigns (M11–M25).

Every send is checked (``handlers.clever.push_rules``), costed and shown on a confirmation
card before anything leaves; Send runs the executor of ``handlers.clever.campaigns``. Given no
arguments, a sending subcommand opens a modal with every field of its operation.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from bot.core.errors import UserError
from bot.rules.fields import FieldErrors
from bot.rules.grammar import parse_options
from bot.rules.recipients import entries_from_file, leading_recipients
from bot.slack.blockkit import (
    checkboxes,
    fields_section,
    file_input,
    input_block,
    modal,
    section,
    static_select,
    text_input,
)
from bot.slack.context import CommandContext, ViewContext
from bot.slack.files import download_file
from bot.slack.registry import Registry, Subcommand
from bot.vendors.clever.client import CleverClient
from bot.vendors.clever.errors import CleverError
from bot.vendors.clever.models import paris_time
from bot.vendors.errors import VendorError
from handlers.clever import campaigns
from handlers.clever.push_rules import PushDraft, plan_push
from handlers.confirmation import stage_and_confirm

__all__ = ["register"]

log = logging.getLogger(__name__)
T = TypeVar("T")

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
SMS_OPTIONS = {"at", "from", "flash", "duplicates", "encoding", "template", "file"}
GROUP_SMS_OPTIONS = SMS_OPTIONS | {"to", "criteria", "type", "mo_gsm", "mo_mail", "all_numbers", "cascade"}
MAIL_OPTIONS = {"at", "subject", "format", "file", "open_tag", "duplicates", "template"}
GROUP_MAIL_OPTIONS = MAIL_OPTIONS | {"to", "criteria"}
MAX_FILE_BYTES = 20 * 1024 * 1024  # 100,000 lines of a CSV fit well within
CRITERIA_FIELDS_KEY = "clever.criteria_fields"  # the names usable in criteria, as read when a modal opened
_REFERENCE = re.compile(r"Push[0-9A-Za-z]{1,80}")


def register(registry: Registry) -> None:
    registry.command(
        "/push",
        "SMS, voice and mail campaigns (Clever Multimedias)",
        "sms | tts | voice | mail | criteria | broadcast | status | report | replies | cancel | fields | templates",
        vendor="clever",
    )
    for sub in _subcommands():
        registry.sub("/push", sub)
    for family in ("sms", "mail"):
        for audience in ("list", "criteria", "broadcast"):
            registry.view(
                _callback(family, audience), validate_push_view, submit_push_view, admin_only=audience == "broadcast"
            )
    campaigns.register(registry)


def _subcommands() -> list[Subcommand]:
    ref = "Push20261201090000"
    return [
        Subcommand(
            "sms",
            "Send an SMS campaign (confirmation card first; no arguments: a form with a file input)",
            "/push sms <numbers> [at=…] [from=…] [flash=yes] [duplicates=yes] [encoding=…] [template=…] <text>",
            "/push sms +33612345678,0698765432 from=RELAIS Bonjour, votre colis arrive demain",
            _send_command("sms"),
            operations=("M11",),
        ),
        Subcommand(
            "tts",
            "Send a text-to-speech voice campaign",
            "/push tts <numbers> [at=…] [template=…] <text>",
            "/push tts +33612345678 Bonjour, ceci est un message vocal de Relais",
            _send_command("tts"),
            operations=("M11",),
        ),
        Subcommand(
            "voice",
            "Send a recorded voice message (wav or mp3 file name)",
            "/push voice <numbers> file=<name.mp3> [at=…] <text>",
            "/push voice +33612345678 file=annonce.mp3 Annonce du jour",
            _send_command("voice"),
            operations=("M11",),
        ),
        Subcommand(
            "mail",
            "Send a mail campaign",
            '/push mail <addresses> subject="…" [format=html] [file=x.pdf] [open_tag=yes] [at=…] <text>',
            '/push mail marie.dupont@example.fr subject="Lettre" Bonjour, voici nos nouvelles',
            _send_command("mail"),
            operations=("M12",),
        ),
        Subcommand(
            "criteria",
            "Send to the contacts matching criteria (sms or mail)",
            '/push criteria sms|mail criteria="field=value AND …" [subject=…] [to=…] <text>',
            '/push criteria sms criteria="diffusion=on AND BRINGUP=oui" Rappel : réunion demain 9h',
            _group_command("criteria"),
            operations=("M13", "M14", "M24"),
        ),
        Subcommand(
            "broadcast",
            "Send to every contact of the account (sms or mail)",
            "/push broadcast sms|mail [subject=…] [template=…] <text>",
            "/push broadcast sms Coupure prévue demain de 9h à 12h",
            _group_command("broadcast"),
            admin_only=True,
            operations=("M15", "M16", "M9"),
        ),
        Subcommand(
            "status",
            "A campaign's information and status",
            "/push status <reference>",
            f"/push status {ref}",
            status,
            operations=("M19", "M20"),
        ),
        Subcommand(
            "report",
            "A campaign's delivery report: counts and failures",
            "/push report <reference>",
            f"/push report {ref}",
            report,
            operations=("M21", "M22"),
        ),
        Subcommand(
            "replies",
            "The replies (MO) to an SMS campaign",
            "/push replies <reference>",
            f"/push replies {ref}",
            replies,
            operations=("M23",),
        ),
        Subcommand(
            "cancel",
            "Cancel a scheduled campaign (confirmation card; credit refunded)",
            "/push cancel <reference>",
            f"/push cancel {ref}",
            cancel,
            operations=("M17", "M18"),
        ),
        Subcommand(
            "fields", "The additional contact fields", "/push fields", "/push fields", fields, operations=("M24",)
        ),
        Subcommand(
            "templates",
            "The predefined messages, usable as template=<title>",
            "/push templates",
            "/push templates",
            templates,
            operations=("M25",),
        ),
    ]


# -- sending from a command -------------------------------------------------------------------
def _draft(channel: str, audience: str, recipients: str, options: dict[str, str], text: str) -> PushDraft:
    return PushDraft(
        channel=channel,  # type: ignore[arg-type]
        audience=audience,  # type: ignore[arg-type]
        recipients=recipients,
        text=text,
        template=options.get("template", ""),
        subject=options.get("subject", ""),
        sender=options.get("from", ""),
        at=options.get("at", ""),
        filename=options.get("file", ""),
        flash=options.get("flash", ""),
        keep_duplicates=options.get("duplicates", ""),
        encoding=options.get("encoding", "auto"),
        type_mail=options.get("format", ""),
        open_tag=options.get("open_tag", ""),
        criteria=options.get("criteria", ""),
        mo_gsm=options.get("mo_gsm", ""),
        mo_mail=options.get("mo_mail", ""),
        all_numbers=options.get("all_numbers", ""),
        cascade=options.get("cascade", ""),
    )


def _send_command(channel: str) -> Any:
    def handler(ctx: CommandContext) -> None:
        if not ctx.args.strip():
            open_push_modal(ctx, "mail" if channel == "mail" else "sms", "list", channel)
            return
        recipients, rest = leading_recipients(ctx.args)
        known = MAIL_OPTIONS if channel == "mail" else SMS_OPTIONS
        options, text = parse_options(rest, known)
        _refuse_misplaced_options(text, known, f"/push {ctx.subcommand} {recipients}")
        draft = _draft(channel, "list", recipients, options, text)
        prepare(ctx, draft, command=f"/push {ctx.subcommand} {ctx.args}")

    return handler


def _group_command(audience: str) -> Any:
    def handler(ctx: CommandContext) -> None:
        family, _, rest = ctx.args.strip().partition(" ")
        family = family.lower()
        if family not in {"", "sms", "mail"}:
            raise UserError(f"channel: `{family}` is not sms or mail", hint=f"e.g. `/push {audience} sms …`")
        if not rest.strip():
            open_push_modal(ctx, family or "sms", audience, family or "sms")
            return
        known = GROUP_MAIL_OPTIONS if family == "mail" else GROUP_SMS_OPTIONS
        options, text = parse_options(rest, known)
        _refuse_misplaced_options(text, known, f"/push {ctx.subcommand} {family}")
        channel = "mail" if family == "mail" else options.get("type", "sms").lower()
        if channel not in {"sms", "tts", "voice", "mail"}:
            raise UserError(f"type: `{channel}` is not sms, tts or voice", hint="e.g. type=tts")
        draft = _draft(channel, audience, options.get("to", ""), options, text)
        prepare(ctx, draft, command=f"/push {ctx.subcommand} {ctx.args}")

    return handler


def _refuse_misplaced_options(text: str, known: set[str], head: str) -> None:
    """``Bonjour from=RELAIS``: an option written after the message would be sent as text."""
    for word in text.split():
        name, sep, _ = word.partition("=")
        if sep and name.lower() in known:
            raise UserError(
                f"`{word}` is in the message: options go before the text, or they are sent as words",
                hint=f"e.g. `{head} {word} {text.replace(word, '').strip()[:40]}`",
            )


def prepare(ctx: CommandContext | ViewContext, draft: PushDraft, *, command: str) -> None:
    """Read what the check needs from the vendor (templates, fields, contacts, credit), check, stage the card."""
    client = ctx.services.clever
    now = datetime.now(UTC)
    account = client.account()  # M1 answers even once the account has expired (§3.1 lists no 430)
    expiry = account.expires_at
    if expiry is not None and expiry <= now:
        raise UserError(
            f"account: the Clever Multimedias account expired on {expiry:%Y-%m-%d}, "
            "so the vendor would refuse this push (HTTP 430)",
            hint="renew it with Clever Multimedias; `/contact account` shows its state",
        )
    templates = {m.title: m.message for m in client.predefined_messages()} if draft.template.strip() else None
    known, unchecked = _known_fields_or_why(client) if draft.audience == "criteria" else (None, "")
    audience_size = _audience_size(client, draft) if draft.audience != "list" else None
    plan = plan_push(
        draft, now=now, templates=templates, known_fields=known, audience_size=audience_size, credit=account.credit
    )
    if unchecked:
        plan.preview.insert(2, unchecked)
    kind, _ = campaigns.PUSH_KINDS[(plan.family, plan.audience)]
    if plan.sms is None:
        summary = "mail"
    elif plan.channel in {"tts", "voice"}:
        summary = f"{plan.channel.upper()} · billed as {plan.sms.segments} SMS per recipient"
    else:
        summary = f"{plan.sms.encoding_name} · {plan.sms.segments} SMS per message"
    params = {
        "family": plan.family,
        "audience": plan.audience,
        "channel": plan.channel,
        "request": plan.request,  # the normalised recipients, stored once (not in Block Kit)
        "estimate": plan.estimate,
        "scheduled": plan.schedule is not None,
        "summary": summary,
    }
    title = f"Send {plan.channel.upper()} campaign" + {"criteria": " by criteria", "broadcast": " to all contacts"}.get(
        plan.audience, ""
    )
    stage_and_confirm(ctx, kind, params, command=command[:500], title=title, preview=plan.preview)


def _known_fields(client: CleverClient) -> set[str]:
    return CONTACT_FIELDS | {field.name for field in client.fields()}


def _known_fields_or_why(client: CleverClient) -> tuple[set[str] | None, str]:
    """The names usable in criteria, or (None, why) when M24 cannot be read: §3.24 is "à venir", so its
    failure gates nothing: the card says so and Clever decides whether the criteria's fields exist."""
    try:
        return _known_fields(client), ""
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


def _audience_size(client: CleverClient, draft: PushDraft) -> int:
    contacts = client.contacts()
    if draft.channel == "mail":
        return sum(1 for c in contacts if c.email)
    return sum(1 for c in contacts if c.gsm_primary)


# -- the modal --------------------------------------------------------------------------------
def _callback(family: str, audience: str) -> str:
    return f"clever.push.{family}.{audience}"


def open_push_modal(ctx: CommandContext, family: str, audience: str, channel: str) -> None:
    client = ctx.services.clever
    try:
        titles = [m.title for m in client.predefined_messages()]
    except VendorError as exc:  # §3.25 is "à venir": the form works without its templates
        log.warning("predefined messages (M25) unavailable for the push form: %s", exc.detail)
        titles = []
    if audience == "criteria":
        # The field names can outgrow private_metadata (3,000 characters): they wait in the store.
        known, _ = _known_fields_or_why(client)
        if known is None:
            ctx.services.store.delete(CRITERIA_FIELDS_KEY)  # unchecked in the form; the card says why
        else:
            ctx.services.store.put(CRITERIA_FIELDS_KEY, sorted(known))
    blocks = push_modal_blocks(family, audience, channel, titles)
    metadata = json.dumps({"family": family, "audience": audience})
    title = {"list": f"{channel.upper()} campaign", "criteria": "Push by criteria", "broadcast": "Push to all"}[
        audience
    ]
    ctx.open_modal(
        modal(title, blocks, callback_id=_callback(family, audience), submit="Preview", private_metadata=metadata)
    )


def push_modal_blocks(family: str, audience: str, channel: str, titles: list[str]) -> list[dict[str, Any]]:
    listed = audience == "list"
    kind = "numbers" if family == "sms" else "addresses"
    blocks = []
    if family == "sms":
        options = [("SMS", "sms"), ("Text to speech (TTS)", "tts"), ("Recorded voice", "voice")]
        blocks.append(input_block("channel", "Channel", static_select("channel", options, initial=channel)))
    if audience == "criteria":
        blocks.append(
            input_block(
                "criteria",
                "Criteria",
                text_input("criteria", placeholder="diffusion=on AND BRINGUP=oui"),
                hint="field=value joined by AND / OR; `/push fields` lists the additional fields",
            )
        )
    blocks += [
        input_block(
            "recipients",
            f"Recipients ({kind})" if listed else f"Extra recipients ({kind})",
            text_input("recipients", multiline=True),
            optional=True,
            hint="separated by commas, semicolons or new lines; or attach a file below",
        ),
        input_block(
            "recipients_file",
            "Or a CSV / text file (up to 100,000 lines)",
            file_input("recipients_file", ["csv", "txt"]),
            optional=True,
        ),
    ]
    if family == "mail":
        blocks.append(input_block("subject", "Subject", text_input("subject", max_length=255)))
    limit = 1000 if family == "sms" else 3000
    blocks.append(
        input_block(
            "text", "Message", text_input("text", multiline=True, max_length=limit), optional=bool(titles), hint=None
        )
    )
    if titles:
        choices = [(title, title) for title in titles]
        blocks.append(
            input_block("template", "Or a predefined message", static_select("template", choices), optional=True)
        )
    blocks += _family_blocks(family, audience)
    blocks.append(
        input_block(
            "at",
            "Send at (Europe/Paris)",
            text_input("at", placeholder="2026-12-01 09:00 · tomorrow 9:00 · empty: now"),
            optional=True,
        )
    )
    return blocks


def _family_blocks(family: str, audience: str) -> list[dict[str, Any]]:
    if family == "mail":
        formats = [("Plain text (brut)", "brut"), ("HTML", "html")]
        return [
            input_block("type", "Format", static_select("type", formats, initial="brut"), optional=True),
            input_block("file", "Attachment file name (.pdf)", text_input("file"), optional=True),
            input_block(
                "options",
                "Options",
                checkboxes("options", [("Track opening (open_tag)", "open_tag"), ("Keep duplicates", "duplicates")]),
                optional=True,
            ),
        ]
    encodings = [("Automatic (cheapest)", "auto"), ("GSM 03.38 only", "gsm"), ("UCS-2", "ucs2")]
    choices = [("Flash SMS", "flash"), ("Keep duplicates", "duplicates")]
    blocks = [
        input_block("from", "Sender (11 characters at most)", text_input("from", max_length=11), optional=True),
        input_block("encoding", "Encoding", static_select("encoding", encodings, initial="auto"), optional=True),
        input_block("file", "Voice file name (.wav / .mp3, voice only)", text_input("file"), optional=True),
    ]
    if audience != "list":
        choices.append(("Every number of each contact", "all_numbers"))
        blocks += [
            input_block("mo_gsm", "Forward replies to this mobile", text_input("mo_gsm"), optional=True),
            input_block("mo_mail", "Forward replies to this e-mail", text_input("mo_mail"), optional=True),
            input_block(
                "cascade", "Cascade to secondary numbers after (minutes)", text_input("cascade"), optional=True
            ),
        ]
    blocks.append(input_block("options", "Options", checkboxes("options", choices), optional=True))
    return blocks


def _draft_from_view(ctx: ViewContext) -> PushDraft:
    values, meta = ctx.values, ctx.metadata
    family, audience = str(meta.get("family", "sms")), str(meta.get("audience", "list"))
    ticked = set(values.get("options") or [])
    channel = "mail" if family == "mail" else str(values.get("channel") or "sms")

    def text(block: str) -> str:
        return str(values.get(block) or "")

    return PushDraft(
        channel=channel,  # type: ignore[arg-type]
        audience=audience,  # type: ignore[arg-type]
        recipients=text("recipients"),
        text=text("text"),
        template=text("template"),
        subject=text("subject"),
        sender=text("from"),
        at=text("at"),
        filename=text("file"),
        flash="yes" if "flash" in ticked else "",
        keep_duplicates="yes" if "duplicates" in ticked else "",
        encoding=text("encoding") or "auto",
        type_mail=text("type"),
        open_tag="yes" if "open_tag" in ticked else "",
        criteria=text("criteria"),
        mo_gsm=text("mo_gsm"),
        mo_mail=text("mo_mail"),
        all_numbers="yes" if "all_numbers" in ticked else "",
        cascade=text("cascade"),
    )


def validate_push_view(ctx: ViewContext) -> dict[str, str]:
    """Inline errors (pure): the template and the file's content are checked after the submission."""
    draft = _draft_from_view(ctx)
    if values_file(ctx):
        draft.file_entries = []
    if draft.template:
        draft.template, draft.text = "", draft.text or "template"
    elif not draft.text.strip():
        return {"text": "required: write the message or choose a predefined message"}
    stored = ctx.services.store.get(CRITERIA_FIELDS_KEY) if draft.audience == "criteria" else None
    known = set(stored) if stored else None  # unknown fields are then refused after the submission
    try:
        plan_push(draft, now=datetime.now(UTC), known_fields=known)
    except FieldErrors as exc:
        blocks = {b.get("block_id") for b in ctx.view.get("blocks", []) if b.get("type") == "input"}
        errors = exc.as_modal_errors({"format": "type"})  # the modal calls the mail format "type"
        return {block if block in blocks else "text": message for block, message in errors.items()}
    return {}


def values_file(ctx: ViewContext) -> str | None:
    files = ctx.values.get("recipients_file") or []
    return str(files[0]) if files else None


def submit_push_view(ctx: ViewContext) -> None:
    draft = _draft_from_view(ctx)
    file_id = values_file(ctx)
    if file_id:
        shared = download_file(ctx.services.slack, file_id, max_bytes=MAX_FILE_BYTES)
        draft.file_entries = entries_from_file(shared.content, "email" if draft.channel == "mail" else "phone")
        if not draft.file_entries:
            raise UserError(f"recipients_file: {shared.name} holds no recipient", hint="one number or address per line")
    prepare(ctx, draft, command=f"modal {ctx.callback_id}")


# -- reading a campaign -----------------------------------------------------------------------
def _reference(ctx: CommandContext) -> str:
    text = ctx.args.strip()
    if not _REFERENCE.fullmatch(text):
        raise UserError(
            f"reference: `{text or '(empty)'}` is not a campaign reference",
            hint=f"give the reference shown on the campaign card, e.g. `/push {ctx.subcommand} Push20261201090000`",
        )
    return text


def _family_of(ctx: CommandContext, reference: str) -> str:
    """From Relais' own record, else ask the vendor: an SMS push first, then a mail push (M19 then M20)."""
    campaign = campaigns.load_campaign(ctx.services, reference)
    if campaign is not None:
        return str(campaign["family"])
    for family in ("sms", "mail"):
        try:
            ctx.services.clever.push(family, reference)
            return family
        except CleverError as exc:
            if exc.status != 404:
                raise
            not_found = exc
    raise UserError(
        f"reference: Clever Multimedias knows no campaign `{reference}` ({not_found.detail})",
        hint="copy the reference from the campaign card, e.g. `Push20261201090000`",
    )


_PUSH_STATUS = {0: "scheduled (not processed yet)", 1: "in progress", 2: "processed"}  # §3.19


def status(ctx: CommandContext) -> None:
    reference = _reference(ctx)
    known = campaigns.load_campaign(ctx.services, reference)
    if known is not None and known.get("state") == "cancelled":
        ctx.reply(campaigns.cancelled_line(known))
        return
    family = _family_of(ctx, reference)
    try:
        push = ctx.services.clever.push(family, reference)
    except CleverError as exc:
        if exc.status != 404 or known is None:
            raise
        # §3.19 / §3.20 list no 404: not proof of a cancellation (only one made through Relais is).
        ctx.reply(_not_answered_line(ctx, known, exc.detail))
        return
    pairs = [
        ("Reference", f"`{push.reference_clean}`"),
        ("Type", push.type_push or family),
        ("Status", _PUSH_STATUS.get(push.status, str(push.status))),
        ("Recipients", f"{push.recipients:,}"),
        ("Units", f"{push.unit:,}"),
        ("Send time", f"{paris_time(push.hd_send)} (Paris)" if push.hd_send else "—"),
    ]
    if family == "sms":
        pairs += [("SMS per message", str(push.nb_sms)), ("Encoding", "UCS-2" if push.encodage == 4 else "GSM (Latin)")]
    else:
        pairs += [("Subject", push.email_subject or "—"), ("Format", push.type_mail or "brut")]
    ctx.reply(
        f"Campaign {push.reference_clean}: {pairs[2][1]}",
        [fields_section(pairs), section(f"*Message:* {(push.text or '')[:2500]}")],
    )


def _not_answered_line(ctx: CommandContext, known: dict[str, Any], detail: str) -> str:
    """/push status of a campaign Clever answers 404 for: after its final report that loses nothing."""
    if known.get("state") in campaigns.REPORTED:
        c = known.get("counts") or {}
        return (
            f"Campaign `{known['reference']}` is finished: delivered {int(c.get('delivered', 0)):,}, "
            f"failed {int(c.get('failed', 0)):,} of {int(c.get('total', 0)):,} (its final report is in the "
            f"campaign card's thread). {campaigns.gone_line(known, detail)}"
        )
    polling = campaigns.watcher_polls(ctx.services, known["reference"])
    return campaigns.lost_sentence({**known, "lost_detail": detail, "lost_polling": polling})


def report(ctx: CommandContext) -> None:
    reference = _reference(ctx)
    family = _family_of(ctx, reference)
    client = ctx.services.clever
    push = client.push(family, reference)
    rows = client.deliveries(family, reference)
    counts = campaigns.fold_statuses((row.status for row in rows), push.recipients)
    head = (
        f"*{reference}*: delivered {counts.delivered:,} ({counts.share(counts.delivered)}) · "
        f"failed {counts.failed:,} ({counts.share(counts.failed)}) · pending {counts.pending:,} "
        f"({counts.share(counts.pending)})"
    )
    items = [
        [section(f"`{row.recipient}` — {_STATUS_NAMES.get(row.status, row.status)} · sent {row.date_send or '—'}")]
        for row in rows
    ]
    text, blocks = ctx.services.pages.show(f"Delivery report {reference}", items, per_page=20, lead=head)
    ctx.reply(text, blocks)


_STATUS_NAMES = {"2": "sent", "3": "delivered", "6": "delivered (voice)", "4": "failed"}


def _listing(ctx: CommandContext, title: str, lines: list[str], *, empty: str) -> None:
    """Rows as a paginated listing (bot.slack.pages), or one sentence when there are none."""
    if not lines:
        ctx.reply(empty)
        return
    text, blocks = ctx.services.pages.show(title, [[section(line)] for line in lines], per_page=20)
    ctx.reply(text, blocks)


def replies(ctx: CommandContext) -> None:
    reference = _reference(ctx)
    lines = [f"`{mo.recipient}` at {mo.date_receive or '?'}: {mo.message}" for mo in ctx.services.clever.mos(reference)]
    _listing(ctx, f"Replies to {reference}", lines, empty=f"No reply to {reference} yet.")


def cancel(ctx: CommandContext) -> None:
    reference = _reference(ctx)
    campaigns.stage_cancel(ctx, reference, _family_of(ctx, reference), command=f"/push cancel {reference}")


def _not_offered_yet(ctx: CommandContext, what: str, exc: CleverError) -> None:
    """M24 / M25 answered 404: the document marks both "(à venir)" (§3.24, §3.25), so it is no missing item."""
    ctx.reply(
        f':information_source: Clever Multimedias does not offer {what} yet (the document marks it "à venir"). '
        "Pushes by criteria still work: Clever checks the fields and the template titles when it receives them.\n"
        f"_{exc.detail}_"
    )


def _unless_not_offered(ctx: CommandContext, what: str, read: Callable[[], list[T]]) -> list[T] | None:
    try:
        return read()
    except CleverError as exc:
        if exc.status != 404:
            raise
        _not_offered_yet(ctx, what, exc)
        return None


def fields(ctx: CommandContext) -> None:
    found = _unless_not_offered(ctx, "the list of its additional contact fields", ctx.services.clever.fields)
    if found is None:
        return
    lines = [f"`{f.name}` — {f.label or ''}" for f in found]
    title = "Additional contact fields (usable in criteria)"
    _listing(ctx, title, lines, empty="The account has no additional contact field.")


def templates(ctx: CommandContext) -> None:
    found = _unless_not_offered(ctx, "the list of its predefined messages", ctx.services.clever.predefined_messages)
    if found is None:
        return
    lines = [f"*{m.title}* — `template={_quoted(m.title)}`\n{m.message}" for m in found]
    _listing(ctx, "Predefined messages", lines, empty="The account has no predefined message.")


def _quoted(title: str) -> str:
    return f'"{title}"' if " " in title else title
