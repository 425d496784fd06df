"""The campaign card posted in the channel once Clever created the push, and the sentences about a campaign.

Pure wording: a ``Campaign`` record in, Block Kit and text out. The card is edited by the
watcher as counts change (``handlers.clever.watcher``).
"""

from __future__ import annotations

from typing import Any

from bot.rules.dates import say_vendor_moment
from bot.slack.blockkit import actions, button, context, fields_section, header, problem_blocks, section
from handlers.clever.records import Campaign
from handlers.clever.timing import LOST_DELAY

__all__ = [
    "CANCEL",
    "EXTRANET",
    "REFRESH",
    "REPORTED",
    "STATE_NAMES",
    "audience_words",
    "cancelled_line",
    "card_blocks",
    "gone_line",
    "how_to_check",
    "lost_sentence",
    "progress_bar",
    "unreferenced_card",
]

REFRESH, CANCEL = "clever.campaign.refresh:", "clever.campaign.cancel:"
EXTRANET = "https://clevermultimedias.clever-is.fr"  # §1: the vendor's own web application
#: States in which the final report is posted: a later 404 changes nothing of what it said.
REPORTED = frozenset({"done", "window"})

STATE_NAMES = {
    "scheduled": ":calendar: scheduled",
    "sending": ":arrow_forward: in progress",
    "done": ":checkered_flag: finished",
    "cancelled": ":no_entry_sign: cancelled",
    "window": ":hourglass: watch window over",
    "lost": ":grey_question: Clever no longer answers for it",
}


def audience_words(audience: str) -> str:
    return {"criteria": " by criteria", "broadcast": " to all contacts"}.get(audience, "")


def _by(campaign: Campaign) -> str:
    return f" by <@{campaign.cancelled_by}>" if campaign.cancelled_by else ""


def cancelled_line(campaign: Campaign) -> str:
    """A cancelled campaign in words (the vendor forgets it: M19 answers 404 once cancelled)."""
    return (
        f":no_entry_sign: Campaign `{campaign.reference}` was cancelled{_by(campaign)} before its send time: "
        f"nobody received it, and its {campaign.units:,} units were refunded."
    )


def lost_sentence(campaign: Campaign) -> str:
    """A campaign Clever answers 404 for before its final report: no proof of anything (M19/M20 list no 404).

    "It asks again" only while a watcher really reads its status (``lost_polling``). The vendor's
    words (``lost_detail``) go in the line under it, never inside it.
    """
    again = (
        f"; it asks again every {LOST_DELAY / 60:g} minutes until the watch window ends"
        if campaign.lost_polling
        else "; Relais no longer follows it"
    )
    return (
        f"Clever Multimedias no longer answers for campaign `{campaign.reference}` . "
        f"Relais cannot tell what happened to it (sent, cancelled elsewhere, or removed){again}. To check: its "
        f"deliveries in Clever's extranet ({EXTRANET}), and `/contact account` for the credit."
    )


def gone_line(campaign: Campaign) -> str:
    """A finished campaign (its final report posted) that Clever no longer answers for: nothing is lost."""
    return (
        f"Clever Multimedias no longer answers for campaign `{campaign.reference}`; "
        "its final report in the card's thread and the counts on the card are the last it gave."
    )


def progress_bar(final: int, total: int, width: int = 20) -> str:
    """``█████░░░ 62% final``: how many recipients have a final status (delivered or failed)."""
    done = round(width * final / total) if total else 0
    percent = f"{100 * final // total}%" if total else "0%"
    return f"`{'█' * done}{'░' * (width - done)}` {percent} final"


def card_blocks(campaign: Campaign) -> tuple[str, list[dict[str, Any]]]:
    reference, state, counts = campaign.reference, campaign.state, campaign.counts
    title = f"{campaign.channel.upper()} campaign {reference}"
    schedule = say_vendor_moment(campaign.hd_send, missing="now")
    blocks: list[dict[str, Any]] = [
        header(title),
        fields_section(
            [
                ("Reference", f"`{reference}`"),
                ("Channel", campaign.channel.upper() + audience_words(campaign.audience)),
                ("Recipients", f"{campaign.recipients:,}"),
                ("Units", f"{campaign.units:,}"),
                ("Schedule", f"{schedule} (Paris)" if campaign.hd_send else schedule),
                ("Status", STATE_NAMES.get(state, state)),
            ]
        ),
    ]
    if campaign.summary:
        blocks.append(context(campaign.summary))
    if state == "cancelled":
        blocks.append(
            section(f":no_entry_sign: Cancelled{_by(campaign)} — nothing was sent; {campaign.units:,} units refunded")
        )
    elif state == "lost":
        blocks += problem_blocks(f":grey_question: {lost_sentence(campaign)}", campaign.lost_detail or "")
    else:
        blocks.append(
            section(
                # Four parts that add up to the recipients: "sent" awaits its acknowledgement.
                f":white_check_mark: delivered {counts.delivered:,} · :x: failed {counts.failed:,} · "
                f":outbox_tray: sent, awaiting acknowledgement {counts.sent:,} · "
                f":hourglass_flowing_sand: not sent yet {counts.not_sent:,}\n"
                + progress_bar(counts.final, counts.total)
            )
        )
        if state in REPORTED and campaign.gone_detail:
            blocks += problem_blocks(f":information_source: {gone_line(campaign)}", campaign.gone_detail)
    buttons = [button("Refresh", f"{REFRESH}{reference}", reference)]
    if state == "scheduled":
        buttons.append(button("Cancel", f"{CANCEL}{reference}", reference, style="danger"))
    if state != "cancelled":
        blocks.append(actions(*buttons, block_id=f"campaign-{reference}"[:255]))
    blocks.append(context(f"Sent by <@{campaign.user_id}> · replies and the final report arrive in the thread"))
    return f"{title}: {STATE_NAMES.get(state, state)}", blocks


# -- a push Clever accepted without giving its reference --------------------------------------
def how_to_check(estimate: int) -> str:
    return (
        f"To check it: `/contact account` shows the credit drop by about {estimate:,} units "
        f"once Clever has created it; Clever's extranet ({EXTRANET}) lists the campaign and its deliveries. "
        "Relais will not send it again."
    )


def unreferenced_card(params: dict[str, Any], user_id: str) -> tuple[str, list[dict[str, Any]]]:
    """The campaign card of a push Clever accepted without its reference: what went, how to check; no watcher."""
    request = params.get("request") or {}
    listed = len(request.get("number_list") or request.get("email_list") or [])
    audience = params.get("audience", "list")
    recipients = f"{listed:,}" if audience == "list" else f"the matching contacts{f' + {listed:,}' if listed else ''}"
    title = f"{str(params.get('channel', 'sms')).upper()} campaign accepted (no reference)"
    blocks = [
        header(title),
        fields_section(
            [
                ("Channel", str(params.get("channel", "sms")).upper() + audience_words(audience)),
                ("Recipients", recipients),
                ("Estimated units", f"≈ {int(params.get('estimate', 0)):,}"),
                ("Schedule", say_vendor_moment(request.get("hd_send"), missing="now")),
            ]
        ),
        section(
            ":white_check_mark: Clever Multimedias accepted this campaign but did not give its reference, "
            "so Relais cannot follow its deliveries or replies: no report will follow in the thread."
        ),
        *_uncancellable(request),
        context(f":mag: {how_to_check(int(params.get('estimate', 0)))}"),
        context(f"Sent by <@{user_id}>"),
    ]
    return f"{title}: accepted by Clever", blocks


def _uncancellable(request: dict[str, Any]) -> list[dict[str, Any]]:
    """A scheduled push without its reference cannot be cancelled through M17/M18 (they take the reference)."""
    if not request.get("hd_send"):
        return []
    return [
        section(
            f":no_entry_sign: It is scheduled for {say_vendor_moment(request['hd_send'])} and cannot be cancelled "
            f"from Relais (no reference to give Clever): to cancel it before then, use Clever's extranet ({EXTRANET})."
        )
    ]
