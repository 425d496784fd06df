"""The push modal's pieces: every field of a sending operation, and its submission read back.

One modal per (family, audience) callback. Its inline errors come from the same rules as
the command (``plan_push``), deliberately looser (``loose_errors``): the predefined message
and the recipients file are read after the submission, then the push form
(``handlers.clever.push_form``) checks and stages the card as from the command.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.core.errors import UserError
from bot.rules.fields import FieldErrors
from bot.rules.recipients import entries_from_file
from bot.slack.blockkit import checkboxes, datetimepicker, file_input, input_block, static_select, text_input
from bot.slack.context import ViewContext
from bot.slack.files import download_file
from bot.vendors.errors import VendorError
from handlers.clever.kit import CleverKit
from handlers.clever.push_draft import draft_of, modal_options
from handlers.clever.push_prepare import known_fields_or_why
from handlers.clever.push_rules import PushDraft
from handlers.clever.records import CRITERIA_FIELDS_ID, FieldNames

__all__ = [
    "add_recipients_file",
    "callback_id",
    "draft_from_view",
    "loose_errors",
    "modal_fields",
    "modal_title",
    "push_modal_blocks",
    "stored_criteria_fields",
]

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024  # 100,000 lines of a CSV fit well within
#: The modal's nature select: a promotional message follows the marketing rules, a transactional one is exempt.
NATURE_CHOICES = [("Promotional (marketing)", "promotional"), ("Transactional (notice)", "transactional")]


def callback_id(family: str, audience: str) -> str:
    return f"clever.push.{family}.{audience}"


def modal_fields(kit: CleverKit, family: str, audience: str, channel: str, nature: str = "") -> list[dict[str, Any]]:
    """The modal's blocks, with the predefined messages (M25) to choose from; for criteria, the field
    names (M24) are kept for the inline check."""
    try:
        titles = [m.title for m in kit.client.predefined_messages()]
    except VendorError as exc:  # §3.25 is "à venir": the form works without its templates
        log.warning("predefined messages (M25) unavailable for the push form: %s", exc.detail)
        titles = []
    if audience == "criteria":
        # The field names can outgrow private_metadata (3,000 characters): they wait in their record.
        known, _ = known_fields_or_why(kit.client)
        if known is None:
            kit.criteria_fields.delete(CRITERIA_FIELDS_ID)  # unchecked in the form; the card says why
        else:
            kit.criteria_fields.put(CRITERIA_FIELDS_ID, FieldNames(sorted(known)))
    return push_modal_blocks(family, audience, channel, titles, nature)


def modal_title(audience: str, channel: str) -> str:
    return {"list": f"{channel.upper()} campaign", "criteria": "Push by criteria", "broadcast": "Push to all"}[audience]


def push_modal_blocks(
    family: str, audience: str, channel: str, titles: list[str], nature: str = ""
) -> list[dict[str, Any]]:
    """The blocks of a push modal; ``nature``: the channel's default nature, chosen at first ("" : none chosen,
    which means the channel's default too)."""
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
    blocks.append(
        input_block(
            "nature",
            "Nature",
            static_select("nature", NATURE_CHOICES, initial=nature or None),
            optional=True,
            hint="promotional messages follow the channel's marketing rules (`/relais help rules`)",
        )
    )
    blocks += _family_blocks(family, audience)
    blocks.append(
        input_block(
            "at",
            "Send at (Paris time; empty: now)",
            datetimepicker("at"),
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


def draft_from_view(ctx: ViewContext) -> PushDraft:
    values, meta = ctx.values, ctx.metadata
    family, audience = str(meta.get("family", "sms")), str(meta.get("audience", "list"))
    channel = "mail" if family == "mail" else str(values.get("channel") or "sms")
    return draft_of(
        channel, audience, str(values.get("recipients") or ""), modal_options(values), str(values.get("text") or "")
    )


def _recipients_file(ctx: ViewContext) -> str | None:
    files = ctx.values.get("recipients_file") or []
    return str(files[0]) if files else None


def stored_criteria_fields(kit: CleverKit) -> set[str] | None:
    """The criteria field names kept when the modal opened (None: unknown, refused after submission)."""
    stored = kit.criteria_fields.get(CRITERIA_FIELDS_ID)
    return set(stored.root) if stored and stored.root else None


def loose_errors(ctx: ViewContext, draft: PushDraft, check: Callable[[PushDraft], object]) -> dict[str, str]:
    """Inline errors (pure): the template and the file's content are checked after the submission."""
    if _recipients_file(ctx):
        draft.file_entries = []
    if draft.template:
        draft.template, draft.text = "", draft.text or "template"
    elif not draft.text.strip():
        return {"text": "required: write the message or choose a predefined message"}
    try:
        check(draft)
    except FieldErrors as exc:
        blocks = {b.get("block_id") for b in ctx.view.get("blocks", []) if b.get("type") == "input"}
        errors = exc.as_modal_errors({"format": "type"})  # the modal calls the mail format "type"
        return {block if block in blocks else "text": message for block, message in errors.items()}
    return {}


def add_recipients_file(ctx: ViewContext, kit: CleverKit, draft: PushDraft) -> None:
    """The recipients of the attached file, downloaded from Slack (after the submission)."""
    file_id = _recipients_file(ctx)
    if file_id:
        shared = download_file(kit.web, file_id, max_bytes=MAX_FILE_BYTES)
        draft.file_entries = entries_from_file(shared.content, "email" if draft.channel == "mail" else "phone")
        if not draft.file_entries:
            raise UserError(f"recipients_file: {shared.name} holds no recipient", hint="one number or address per line")
