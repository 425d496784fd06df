"""Opening the push form already filled in: Duplicate (a campaign again), the shortcuts (a message's text).

The form is the one ``/push`` opens (``handlers.clever.push_form``), so its submission is
checked and staged exactly as from the command; only its fields start with values
(``prefill``). A form opened where no channel is known (a global shortcut) asks where the
campaign card goes (``POST_IN``, required): ``PushForm.submit`` posts there.
"""

from __future__ import annotations

import time
from typing import Any

from bot.slack.blockkit import input_block
from bot.slack.context import BaseContext
from bot.vendors.clever.models import parse_vendor_date
from handlers.clever.kit import CleverKit
from handlers.clever.push_form import POST_IN, PushForm, PushKind
from handlers.clever.records import Campaign

__all__ = ["campaign_values", "open_duplicate", "open_push_form", "prefill"]

Block = dict[str, Any]


def open_push_form(
    ctx: BaseContext, kit: CleverKit, kind: PushKind, values: dict[str, Any], *, pick_channel: bool = False
) -> None:
    """The push modal of ``kind`` with ``values`` ({block_id: value}) filled in; ``pick_channel``: ask where
    the card goes (nowhere is known)."""
    form = PushForm(kind.audience, kind.channel if kind.audience == "list" else "")
    view = form.build_modal(kit, kind)
    blocks = prefill(view["blocks"], values)
    if pick_channel:
        picker = {
            "type": "conversations_select",
            "action_id": POST_IN,
            "filter": {"include": ["public", "private"], "exclude_bot_users": True},
        }
        blocks.insert(0, input_block(POST_IN, "Post the card and the campaign in", picker))
    ctx.open_modal({**view, "blocks": blocks})


def open_duplicate(ctx: BaseContext, kit: CleverKit, campaign: Campaign) -> None:
    """Duplicate: the form of the campaign's kind with what Relais kept of it."""
    channel = "mail" if campaign.family == "mail" else campaign.channel
    kind = PushKind(campaign.family, campaign.audience, channel)
    open_push_form(ctx, kit, kind, campaign_values(campaign))


def campaign_values(campaign: Campaign) -> dict[str, Any]:
    """What the form's fields start with: recipients, text, subject, sender, criteria, file, and the send
    time while it is still ahead (a past one would only be refused)."""
    values: dict[str, Any] = {
        "channel": campaign.channel if campaign.family == "sms" else None,
        "recipients": "\n".join(campaign.recipient_list or []),
        "text": campaign.text,
        "subject": campaign.subject,
        "from": campaign.sender,
        "criteria": campaign.criteria,
        "file": campaign.filename,
        "nature": campaign.nature,  # None before issue 14: the form starts with the channel's default
    }
    send_at = parse_vendor_date(campaign.hd_send) if campaign.hd_send else None
    if send_at is not None and send_at.timestamp() > time.time():
        values["at"] = int(send_at.timestamp())
    return {key: value for key, value in values.items() if value}


def prefill(blocks: list[Block], values: dict[str, Any]) -> list[Block]:
    """``blocks`` with each input named in ``values`` starting with that value (copies; the rest untouched)."""
    filled = []
    for block in blocks:
        value = values.get(str(block.get("block_id", ""))) if block.get("type") == "input" else None
        if value is not None:
            block = {**block, "element": _initial(dict(block["element"]), value)}
        filled.append(block)
    return filled


def _initial(element: Block, value: Any) -> Block:
    kind = element.get("type")
    if kind == "plain_text_input":
        limit = int(element.get("max_length") or 3000)
        element["initial_value"] = str(value)[:limit]
    elif kind == "static_select":
        chosen = next((o for o in element.get("options", []) if o.get("value") == value), None)
        if chosen is not None:
            element["initial_option"] = chosen
    elif kind == "checkboxes":
        chosen_all = [o for o in element.get("options", []) if o.get("value") in value]
        if chosen_all:
            element["initial_options"] = chosen_all
    elif kind == "datetimepicker":
        element["initial_date_time"] = int(value)
    elif kind == "conversations_select":
        element["initial_conversation"] = str(value)
    return element
