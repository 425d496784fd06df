"""What the Clever Multimedias handlers (``/push``, ``/contact``) work with, and their blueprint.

The kit holds exactly what the family uses: the typed client, its records, Slack output
(campaign cards edited and posted once, the failures file uploaded), the scheduler (the
campaign watchers) and the roles (the App Home shows admins every campaign).
"""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient

from bot.core.access import Roles
from bot.core.audit import AuditLog
from bot.core.channel_settings import ChannelSettingsBook
from bot.core.clock import Clock
from bot.core.jobs import Scheduler
from bot.core.records import Collection
from bot.core.safe_writes import WriteRecord
from bot.slack.output import SlackOut
from bot.slack.registry import Blueprint
from bot.vendors.clever.client import CleverClient
from handlers.clever.contact_import_records import IMPORT_KINDS, ContactImports
from handlers.clever.records import KINDS, Campaign, FailuresUploaded, FieldNames, MonthUnits, OptOut

__all__ = ["CleverKit", "clever"]


@dataclass(frozen=True)
class CleverKit:
    client: CleverClient
    campaigns: Collection[Campaign]
    #: The names usable in criteria, as read when a push modal opened (checked again at submission).
    criteria_fields: Collection[FieldNames]
    #: Campaigns whose failures file was uploaded (once, even if the report is posted again).
    failures_uploaded: Collection[FailuresUploaded]
    out: SlackOut
    #: Slack's Web API: files (the failures CSV, a modal's recipients file).
    web: WebClient
    scheduler: Scheduler
    roles: Roles
    #: Contact imports from CSV (their rows and row states) and the pace of their creations.
    contact_imports: ContactImports
    #: The numbers that opted out (``handlers.clever.optouts``: read them through its functions).
    optouts: Collection[OptOut]
    #: Opt-outs received by SMS reply are audited by the watcher, which has no Slack context.
    audit: AuditLog
    #: Relais' now (the sending hours are checked again at Send; the month a budget counts; an approval's 24 h).
    clock: Clock
    #: Each channel's settings: where SMS replies go, nature, rules set, opt-out text, budget, approval.
    channels: ChannelSettingsBook
    #: The staged writes, read only (changed through ``bot.core.safe_writes``): pushes being sent count in a budget.
    writes: Collection[WriteRecord]
    #: Each channel's units per month (``handlers.clever.budgets``: read them through its functions).
    month_units: Collection[MonthUnits]


clever: Blueprint[CleverKit] = Blueprint("clever")
clever.record(*KINDS, *IMPORT_KINDS)

clever.command(
    "/push",
    "SMS, voice and mail campaigns (Clever Multimedias)",
    "sms | tts | voice | mail | criteria | broadcast | list | status | report | replies | cancel | fields | templates",
    vendor="clever",
)
clever.command(
    "/contact",
    "Contacts, users and account credit (Clever Multimedias)",
    "add | edit <id> | show <id> | delete <id> | list [login] | search <name or phone> | import | account | user … "
    "| optout …",
    vendor="clever",
)
