"""What the Axialys WebAppel handlers (``/callback``) work with, and their blueprint."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient

from bot.core.access import Roles
from bot.core.jobs import Scheduler
from bot.core.records import Collection
from bot.slack.output import SlackOut
from bot.slack.registry import Blueprint
from bot.vendors.axialys.client import AxialysClient
from handlers.axialys.records import KINDS, CallRecord, TrackingId, WatcherMarker

__all__ = ["AxialysKit", "axialys"]


@dataclass(frozen=True)
class AxialysKit:
    client: AxialysClient
    #: The calls placed from Relais, by tracking id.
    calls: Collection[CallRecord]
    #: The calls by placing time: the App Home's recent calls.
    recent_calls: Collection[TrackingId]
    #: The calls the watchers still follow, by pop-up.
    pending_calls: Collection[TrackingId]
    #: The job watching each pop-up.
    watchers: Collection[WatcherMarker]
    #: Call cards and summaries, posted and edited outside any request.
    out: SlackOut
    #: Files: recordings and pop-up files posted, files shared in Slack read.
    slack: WebClient
    scheduler: Scheduler
    #: Admins see everyone's recent calls on the App Home.
    roles: Roles


axialys: Blueprint[AxialysKit] = Blueprint("axialys")
axialys.record(*KINDS)
