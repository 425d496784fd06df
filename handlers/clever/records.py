"""What the Clever Multimedias family keeps: its campaigns, the criteria field names, failures files sent.

Each kind's stored JSON is what the previous version stored under the same prefix
(``campaign:<reference>`` was a plain dict with these field names); fields older records
lack take their defaults. Nothing deletes these records today, so no kind has a retention.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, RootModel

from bot.core.records import RecordKind
from handlers.clever.delivery import Counts

__all__ = [
    "CAMPAIGNS",
    "CRITERIA_FIELDS",
    "CRITERIA_FIELDS_ID",
    "FAILURES_UPLOADED",
    "KEPT_RECIPIENTS",
    "KINDS",
    "OPTOUTS",
    "Audience",
    "Campaign",
    "CampaignState",
    "FailuresUploaded",
    "Family",
    "FieldNames",
    "OptOut",
]

Family = Literal["sms", "mail"]
Audience = Literal["list", "criteria", "broadcast"]
#: scheduled → sending → done, or window (the watch window ended first); cancelled (through
#: Relais); lost (Clever answers 404 before the final report: no proof of anything).
CampaignState = Literal["scheduled", "sending", "done", "cancelled", "window", "lost"]


class Campaign(BaseModel):
    """A campaign sent from Relais and followed by its watcher; the campaign card is drawn from it."""

    reference: str
    family: Family
    channel: str  # sms | tts | voice | mail
    audience: Audience = "list"
    channel_id: str
    user_id: str = ""
    created_at: float = 0.0
    units: int = 0
    recipients: int = 0
    hd_send: str = ""  # Clever's "Y-m-d H:i:s", Paris time; "" when sent at once
    summary: str = ""  # the encoding / billing line shown under the card's fields
    state: CampaignState = "sending"
    counts: Counts = Field(default_factory=Counts)
    ts: str = ""  # the campaign card's message, once posted
    cancelled_by: str | None = None
    #: Clever's 404 before the final report, and whether a watcher still asks again.
    lost_detail: str | None = None
    lost_polling: bool | None = None
    #: Clever's 404 after the final report (nothing is lost).
    gone_detail: str | None = None
    #: What was sent, kept so that Duplicate can prefill the push form (records from before
    #: issue 13 lack them, None: the form then opens with what is known, and such a record is
    #: stored back with the fields it had). The recipients only up to ``KEPT_RECIPIENTS`` (a
    #: 100,000-line file is not worth storing in every record a listing reads).
    text: str | None = None
    sender: str | None = None
    subject: str | None = None
    criteria: str | None = None
    filename: str | None = None
    recipient_list: list[str] | None = None
    #: Promotional or transactional, and the marketing rules set its card applied (None: sent before issue 14).
    nature: str | None = None
    rules: str | None = None


#: The most recipients a campaign record keeps for Duplicate; beyond, the form asks for them again.
KEPT_RECIPIENTS = 1000


class FieldNames(RootModel[list[str]]):
    """Names usable in criteria (contact fields and M24's additional ones)."""


class FailuresUploaded(RootModel[bool]):
    """The failures CSV of a campaign was uploaded in its thread."""


CAMPAIGNS = RecordKind("campaign:", Campaign, "Clever Multimedias campaigns sent from Relais")
#: One record, read when a push modal by criteria opens: the names can outgrow private_metadata.
CRITERIA_FIELDS = RecordKind("clever.criteria_fields:", FieldNames, "criteria field names for the push modal")
CRITERIA_FIELDS_ID = "all"
FAILURES_UPLOADED = RecordKind("clever.failures:", FailuresUploaded, "campaigns whose failures file was uploaded")


class OptOut(BaseModel):
    """A number that asked not to receive promotional campaigns (``handlers.clever.optouts``), keyed by E.164."""

    e164: str
    at: float
    #: "reply": the person replied an opt-out word to a campaign; "slack": added with `/contact optout add`.
    source: Literal["reply", "slack"]
    said: str = ""  # the reply as written ("Stop !"), for a reply
    reason: str = ""  # why, for one added in Slack
    by: str = ""  # who added it in Slack
    campaign: str = ""  # the campaign replied to
    channel_id: str = ""  # where it was added (the campaign's channel, for a reply)


#: Kept until an admin removes it: the list is the people's own request.
OPTOUTS = RecordKind("clever.optout:", OptOut, "numbers that opted out of promotional campaigns")


class MonthUnits(BaseModel):
    """The units one channel's campaigns committed in one month (``handlers.clever.budgets``), kept as campaigns
    are written so that a budgeted card does not read every campaign ever sent."""

    #: Campaign reference → its units (0: cancelled, Clever refunds it).
    units: dict[str, int] = Field(default_factory=dict)
    #: Every campaign of the month is in ``units`` (the campaigns were read once for it); until then, only those
    #: written since this record was made.
    complete: bool = False


#: Keyed ``<channel id>:<YYYY-MM>`` (Paris time): ``budgets.month_key``.
MONTH_UNITS = RecordKind("clever.month_units:", MonthUnits, "units each channel's campaigns committed, per month")
#: Every kind the family keeps: its blueprint declares them.
KINDS: tuple[RecordKind[Any], ...] = (CAMPAIGNS, CRITERIA_FIELDS, FAILURES_UPLOADED, OPTOUTS, MONTH_UNITS)
