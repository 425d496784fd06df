"""Clever Multimedias' section of the App Home: the account's credit and expiry, the last campaigns sent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.timezone import PARIS
from bot.slack.blockkit import section
from bot.vendors.clever.errors import CleverError
from handlers.clever.account import expiry_phrase
from handlers.clever.campaign_card import STATE_NAMES, audience_words
from handlers.clever.kit import CleverKit, clever
from handlers.clever.records import Campaign

__all__ = ["HOME_CAMPAIGNS", "campaigns_section", "recent_campaigns"]

HOME_CAMPAIGNS = 10  # the last campaigns sent from Relais


def recent_campaigns(kit: CleverKit, limit: int, *, sent_by: str | None = None) -> list[Campaign]:
    """The newest campaigns sent from Relais; only those ``sent_by`` prepared, when given."""
    campaigns = [c for _, c in kit.campaigns.scan() if sent_by is None or c.user_id == sent_by]
    return sorted(campaigns, key=lambda c: c.created_at, reverse=True)[:limit]


@clever.home_section
def campaigns_section(kit: CleverKit, user_id: str) -> list[dict[str, Any]]:
    """Credit and expiry (M1), then the last campaigns from Relais' own records (shown even when the vendor fails)."""
    # Admins see every campaign; a member sees those they prepared (others' may be in private channels).
    admin = kit.roles.is_admin(user_id)
    blocks = [section(_account_line(kit))]
    campaigns = recent_campaigns(kit, HOME_CAMPAIGNS, sent_by=None if admin else user_id)
    lines = [_home_line(campaign) for campaign in campaigns]
    if not lines:
        lines.append("_No campaign sent from Relais yet: try `/push sms +33612345678 Bonjour`._")
    whose = "everyone's (you are an admin)" if admin else "the ones you prepared"
    blocks.append(section(f"*Last {HOME_CAMPAIGNS} campaigns* — {whose}\n" + "\n".join(lines)))
    return blocks


def _account_line(kit: CleverKit) -> str:
    try:
        account = kit.client.account()
    except CleverError as exc:
        return f"*Clever Multimedias* — :warning: {exc.plain}"
    return f"*Clever Multimedias* — credit {account.credit:,} units · account {expiry_phrase(account.expires_at)}"


def _home_line(campaign: Campaign) -> str:
    c = campaign.counts
    state = STATE_NAMES.get(campaign.state, campaign.state)
    sent = datetime.fromtimestamp(campaign.created_at, PARIS)
    return (
        f"• `{campaign.reference}` {campaign.channel.upper()}{audience_words(campaign.audience)} · "
        f"{state} · {c.delivered:,}/{c.total:,} delivered · "
        f"{sent:%Y-%m-%d %H:%M} · <#{campaign.channel_id}>"
    )
