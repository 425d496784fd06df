"""The App Home's Clever buttons: New campaign (the push form, asking where the card goes) and Find a contact
(a one-field form answered with ``/contact search``'s listing in the app's direct message)."""

from __future__ import annotations

from bot.rules.fields import FieldError
from bot.slack.blockkit import input_block, text_input
from bot.slack.context import ActionContext, ViewContext
from bot.slack.forms import modal_errors
from handlers.clever.contact_search import reply_search
from handlers.clever.kit import CleverKit, clever
from handlers.clever.push_duplicate import open_push_form
from handlers.clever.push_shortcuts import SMS

__all__ = ["FIND_CONTACT_VIEW", "find_contact", "find_contact_submitted", "new_campaign_from_home"]

FIND_CONTACT_VIEW = "clever.home.find_contact"


@clever.home_button("New campaign")
def new_campaign_from_home(ctx: ActionContext, kit: CleverKit) -> None:
    # The Home is in no channel: the form asks where the card and the campaign go.
    open_push_form(ctx, kit, SMS, {}, pick_channel=True)


@clever.home_button("Find a contact")
def find_contact(ctx: ActionContext, kit: CleverKit) -> None:
    query = text_input("query", placeholder="Dupont, 06 12 34 56 78 or marie@example.fr")
    ctx.open_modal(
        {
            "type": "modal",
            "callback_id": FIND_CONTACT_VIEW,
            "title": {"type": "plain_text", "text": "Find a contact"},
            "submit": {"type": "plain_text", "text": "Search"},
            "close": {"type": "plain_text", "text": "Cancel"},
            "blocks": [input_block("query", "Name, phone or e-mail", query)],
        }
    )


def _check_query(ctx: ViewContext, kit: CleverKit) -> dict[str, str]:
    def check() -> None:
        if not str(ctx.values.get("query") or "").strip():
            raise FieldError("query", "what to look for is missing: a name, a phone number or an e-mail")

    return modal_errors(check)


@clever.view(FIND_CONTACT_VIEW, validate=_check_query)
def find_contact_submitted(ctx: ViewContext, kit: CleverKit) -> None:
    reply_search(ctx, kit, str(ctx.values.get("query") or ""))
