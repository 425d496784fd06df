"""Clever Multimedias' part of the App Home: the credit (with a warning when it runs low), the campaigns
waiting for their hour (Cancel), those being delivered (progress), and the last ones sent.

Drawn again whenever a campaign record changes (``clever.home_follows``), at Slack's pace
(``bot.slack.home``). Admins see every campaign; a member sees those they prepared
(others' may be in private channels).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.timezone import PARIS
from bot.rules.dates import say_vendor_moment
from bot.slack.blockkit import button, context, section
from bot.vendors.clever.errors import CleverError
from handlers.clever.account import expiry_phrase
from handlers.clever.campaign_card import CANCEL, STATE_NAMES, audience_words, progress_bar
from handlers.clever.kit import CleverKit, clever
from handlers.clever.records import CAMPAIGNS, Campaign

__all__ = ["HOME_CAMPAIGNS", "LOW_CREDIT_UNITS", "campaigns_section", "recent_campaigns"]

HOME_CAMPAIGNS = 5  # the last campaigns finished, under the scheduled and running ones
HOME_ACTIVE = 8  # scheduled or running campaigns shown with their own block (the Home holds 100 blocks)
#: Under this credit the Home warns; it warns too when the credit cannot pay for the campaigns scheduled.
LOW_CREDIT_UNITS = 1000

clever.home_follows(CAMPAIGNS, owner=lambda campaign: campaign.user_id)


def recent_campaigns(kit: CleverKit, limit: int, *, sent_by: str | None = None) -> list[Campaign]:
    """The newest campaigns sent from Relais; only those ``sent_by`` prepared, when given."""
    campaigns = [c for _, c in kit.campaigns.scan() if sent_by is None or c.user_id == sent_by]
    return sorted(campaigns, key=lambda c: c.created_at, reverse=True)[:limit]


@clever.home_section
def campaigns_section(kit: CleverKit, user_id: str) -> list[dict[str, Any]]:
    """Credit (M1), then Relais' own records, shown even when the vendor fails."""
    admin = kit.roles.is_admin(user_id)
    campaigns = recent_campaigns(kit, 10_000, sent_by=None if admin else user_id)
    scheduled = [c for c in campaigns if c.state == "scheduled"]
    running = [c for c in campaigns if c.state == "sending"]
    finished = [c for c in campaigns if c.state not in {"scheduled", "sending"}][:HOME_CAMPAIGNS]
    blocks = _credit_blocks(kit, needed=sum(c.units for c in scheduled))
    whose = "everyone's (you are an admin)" if admin else "the ones you prepared"
    if scheduled:
        blocks.append(section(f"*Scheduled campaigns* — {len(scheduled)}, {whose}"))
        for campaign in sorted(scheduled, key=lambda c: c.hd_send)[:HOME_ACTIVE]:
            when = say_vendor_moment(campaign.hd_send, missing="later")
            cancel = button("Cancel", f"{CANCEL}{campaign.reference}", campaign.reference, style="danger")
            blocks.append(section(f"{_headline(campaign)}\n{when} · {campaign.units:,} units", accessory=cancel))
    if running:
        blocks.append(section(f"*Being delivered* — {len(running)}, {whose}"))
        for campaign in running[:HOME_ACTIVE]:
            c = campaign.counts
            bar = progress_bar(c.final, c.total, width=12)
            blocks.append(section(f"{_headline(campaign)}\n{bar} · {c.delivered:,}/{c.total:,} delivered"))
    lines = [_finished_line(campaign) for campaign in finished]
    if not campaigns:
        lines.append("_No campaign sent from Relais yet: try `/push sms +33612345678 Bonjour`._")
    if lines:
        blocks.append(section(f"*Last campaigns* — {whose}\n" + "\n".join(lines)))
    return blocks


def _credit_blocks(kit: CleverKit, *, needed: int) -> list[dict[str, Any]]:
    try:
        # Read each time the Home is drawn: at most once a second in all (bot.slack.home's pace).
        account = kit.client.account()
    except CleverError as exc:
        return [section(f"*Clever Multimedias* — :warning: {exc.plain}")]
    line = f"*Clever Multimedias* — credit {account.credit:,} units · account {expiry_phrase(account.expires_at)}"
    blocks = [section(line)]
    if needed > account.credit:
        blocks.append(
            context(
                f":warning: The scheduled campaigns need {needed:,} units, the credit is {account.credit:,}: "
                "top it up on Clever's extranet before they start, or Clever will refuse them."
            )
        )
    elif account.credit < LOW_CREDIT_UNITS:
        blocks.append(
            context(f":warning: Credit is low (under {LOW_CREDIT_UNITS:,} units): top it up on Clever's extranet.")
        )
    return blocks


def _headline(campaign: Campaign) -> str:
    where = f"<#{campaign.channel_id}>" if campaign.channel_id else "a direct message"
    return (
        f"`{campaign.reference}` {campaign.channel.upper()}{audience_words(campaign.audience)} · "
        f"{campaign.recipients:,} recipient{'' if campaign.recipients == 1 else 's'} · {where}"
    )


def _finished_line(campaign: Campaign) -> str:
    c = campaign.counts
    state = STATE_NAMES.get(campaign.state, campaign.state)
    sent = datetime.fromtimestamp(campaign.created_at, PARIS)
    return (
        f"• `{campaign.reference}` {campaign.channel.upper()}{audience_words(campaign.audience)} · "
        f"{state} · {c.delivered:,}/{c.total:,} delivered · "
        f"{sent:%Y-%m-%d %H:%M} · <#{campaign.channel_id}>"
    )
