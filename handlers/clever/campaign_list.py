"""``/push list``: the campaigns Relais sent, newest first, each with its buttons; and those buttons.

Read from Relais' own records (``CAMPAIGNS``), never from the vendor: Clever lists no pushes.
Who sees what: admins every campaign; a member the ones they prepared and the ones of the
channel the command is typed in (people there saw their cards already). Each item has
Report (what ``/push report`` answers), Replies (``/push replies``, SMS only), Duplicate
(the push form prefilled: ``handlers.clever.push_duplicate``) and, while scheduled, the
campaign card's own red Cancel. ``… export`` or the Export CSV button give every row as a file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.core.errors import UserError
from bot.core.timezone import PARIS
from bot.rules.dates import Language, say_moment, say_vendor_moment
from bot.rules.names import closest, fold, offer
from bot.slack.blockkit import actions, button, section
from bot.slack.context import ActionContext, CommandContext
from bot.slack.exports import Table, take_export
from handlers.clever.campaign_card import CANCEL, STATE_NAMES, audience_words
from handlers.clever.campaign_filters import EXAMPLE, CampaignFilter, read_filter
from handlers.clever.kit import CleverKit, clever
from handlers.clever.push_duplicate import open_duplicate
from handlers.clever.push_status import replies, report
from handlers.clever.records import Campaign

__all__ = ["DUPLICATE", "REPLIES", "REPORT", "campaign_item", "list_campaigns", "visible_to"]

#: The agreed action ids (the App Home shows the same buttons); the reference follows the colon.
REPORT, REPLIES, DUPLICATE = "clever.campaign.report:", "clever.campaign.replies:", "clever.campaign.duplicate:"
PER_PAGE = 8  # three blocks an item: within a message's 50 with the header and the buttons
COLUMNS = [
    "reference",
    "channel",
    "audience",
    "status",
    "units",
    "recipients",
    "delivered",
    "delivered %",
    "send time (Paris)",
    "prepared at (Paris)",
    "slack channel",
    "prepared by",
]


@clever.sub(
    "/push",
    "list",
    summary="The campaigns sent from Relais, newest first, with Report / Replies / Duplicate / Cancel buttons",
    usage="/push list [scheduled|sent|cancelled] [mine|@user|#channel|here] [from … to …] [export]",
    example=EXAMPLE,
)
def list_campaigns(ctx: CommandContext, kit: CleverKit) -> None:
    text, export = take_export(ctx.args)
    wanted = read_filter(text, user_id=ctx.user_id, channel_id=ctx.channel_id, now=datetime.now(PARIS))
    visible = visible_to(kit, ctx.user_id, ctx.channel_id, admin=ctx.is_admin)
    if wanted.user_name:
        wanted = _with_user(kit, wanted, visible)
    chosen = sorted((c for c in visible if wanted.keeps(c)), key=lambda c: c.created_at, reverse=True)
    whose = "every campaign (you are an admin)" if ctx.is_admin else "yours and this channel's"
    asked = wanted.words()
    ctx.paginate(
        "Campaigns sent from Relais",
        [campaign_item(c, ctx.language) for c in chosen],
        per_page=PER_PAGE,
        summary=f"{asked} · {whose}" if asked else whose,
        empty=f"No campaign found{(' matching ' + asked) if asked else ''} among {whose}.",
        table=Table(filename="relais-campaigns.csv", columns=COLUMNS, rows=[_row(c) for c in chosen]),
        export=export,
    )


def visible_to(kit: CleverKit, user_id: str, channel_id: str, *, admin: bool) -> list[Campaign]:
    """Admins see every campaign; a member those they prepared and those of ``channel_id``."""
    return [
        c
        for _, c in kit.campaigns.scan()
        if admin or c.user_id == user_id or (channel_id and c.channel_id == channel_id)
    ]


def _with_user(kit: CleverKit, wanted: CampaignFilter, visible: list[Campaign]) -> CampaignFilter:
    """``@name`` → the user id of the one who prepared campaigns under that Slack name (users.info)."""
    names: dict[str, str] = {}
    for user_id in sorted({c.user_id for c in visible if c.user_id}):
        try:
            user = kit.web.users_info(user=user_id).get("user") or {}
        except SlackApiError:
            continue
        profile = user.get("profile") or {}
        for name in (user.get("name"), user.get("real_name"), profile.get("display_name")):
            if name:
                names.setdefault(fold(str(name)), user_id)
    found = names.get(fold(wanted.user_name))
    if found is None:
        meant = offer([f"@{name}" for name in closest(wanted.user_name, names)])
        raise UserError(
            f"user: nobody named `@{wanted.user_name}` prepared a campaign you can see"
            + (f": {meant}" if meant else ""),
            hint="pick the person from Slack's list as you type `@`, or write `mine`",
        )
    return CampaignFilter(wanted.state, found, "", wanted.channel_id, wanted.start, wanted.end)


def _when(campaign: Campaign, language: Language) -> str:
    if campaign.state == "scheduled" and campaign.hd_send:
        return "for " + say_vendor_moment(campaign.hd_send, language=language)
    return say_moment(datetime.fromtimestamp(campaign.created_at, PARIS), language)


def campaign_item(campaign: Campaign, language: Language = "en") -> list[dict[str, Any]]:
    """One campaign as a listing item: what, its state and counts, when, where, who; then its buttons."""
    ref, counts = campaign.reference, campaign.counts
    delivered = f"{counts.share(counts.delivered)} delivered" if counts.total else "no delivery yet"
    lines = [
        f"*`{ref}`* · {campaign.channel.upper()}{audience_words(campaign.audience)} · "
        f"{STATE_NAMES.get(campaign.state, campaign.state)}",
        f"{campaign.units:,} units · {campaign.recipients:,} recipients · {delivered}",
        f"{_when(campaign, language)} · <#{campaign.channel_id}> · <@{campaign.user_id}>",
    ]
    buttons = []
    if campaign.state != "cancelled":
        buttons.append(button("Report", f"{REPORT}{ref}", ref))
        if campaign.family == "sms":
            buttons.append(button("Replies", f"{REPLIES}{ref}", ref))
    buttons.append(button("Duplicate", f"{DUPLICATE}{ref}", ref))
    if campaign.state == "scheduled":
        buttons.append(button("Cancel", f"{CANCEL}{ref}", ref, style="danger"))
    return [section("\n".join(lines)), actions(*buttons)]


def _row(campaign: Campaign) -> list[str]:
    counts = campaign.counts
    prepared = datetime.fromtimestamp(campaign.created_at, PARIS)
    return [
        campaign.reference,
        campaign.channel,
        campaign.audience,
        campaign.state,
        str(campaign.units),
        str(campaign.recipients),
        str(counts.delivered),
        counts.share(counts.delivered) if counts.total else "",
        campaign.hd_send,
        f"{prepared:%Y-%m-%d %H:%M}",
        campaign.channel_id,
        campaign.user_id,
    ]


@clever.action(REPORT, operation="M21")
def on_report(ctx: ActionContext, kit: CleverKit) -> None:
    report(ctx, kit, ctx.argument)


@clever.action(REPLIES, operation="M23")
def on_replies(ctx: ActionContext, kit: CleverKit) -> None:
    replies(ctx, kit, ctx.argument)


@clever.action(DUPLICATE)
def on_duplicate(ctx: ActionContext, kit: CleverKit) -> None:
    campaign = kit.campaigns.get(ctx.argument)
    if campaign is None:
        raise UserError(f"Relais has no record of campaign `{ctx.argument}`", hint="`/push list` shows the ones it has")
    open_duplicate(ctx, kit, campaign)
