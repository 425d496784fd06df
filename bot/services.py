"""The running app's services, built once from the settings and handed to every handler.

The vendor clients are built by the composition root (``bot.runtime``), the only place
that knows the simulators; ``/relais status`` and ``/healthz`` say which vendors are live.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient

from bot.core.access import Roles
from bot.core.audit import AUDIT, AuditLog
from bot.core.backends import open_job_queue, open_store
from bot.core.channel_settings import CHANNEL_SETTINGS, ChannelSettingsBook
from bot.core.clock import Clock
from bot.core.config import Settings, VendorName
from bot.core.jobs import ENDED_JOBS, JOBS, PostOnce, Scheduler
from bot.core.recent_sends import RECENT_SENDS, RecentSendLog
from bot.core.records import RecordKind, Records
from bot.core.safe_writes import WRITES, SafeWrites
from bot.core.store import Store
from bot.core.vendor_sessions import VENDOR_SESSIONS, RecordShelf
from bot.core.worker import Worker
from bot.slack.app import SEEN_EVENTS
from bot.slack.blockkit import problem
from bot.slack.context import SlackKit
from bot.slack.home import HOME_VIEWERS
from bot.slack.output import EDIT_SLOTS, POSTED_ONCE, SlackOut, make_web_client
from bot.slack.pages import LISTINGS, Pager
from bot.slack.people import Languages
from bot.vendors.axialys.client import AxialysClient
from bot.vendors.clever.client import CleverClient
from bot.vendors.cliqphone.client import CliqphoneClient
from bot.vendors.connections import DISPLAY_NAMES, VendorHandle, Vendors
from bot.vendors.errors import VendorError

__all__ = ["CORE_RECORDS", "Services", "build_services"]

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    store: Store
    records: Records
    slack: WebClient
    out: SlackOut
    worker: Worker
    #: Bolt's listener executor: acks only, but the request thread waits on it (measured-facts).
    listeners: Worker
    roles: Roles
    audit: AuditLog
    safe_writes: SafeWrites
    scheduler: Scheduler
    pages: Pager
    slack_kit: SlackKit
    clients: Vendors

    @property
    def vendors(self) -> dict[VendorName, VendorHandle]:
        return self.clients.handles

    @property
    def clever(self) -> CleverClient:
        return self.clients.clever

    @property
    def cliqphone(self) -> CliqphoneClient:
        return self.clients.cliqphone

    @property
    def axialys(self) -> AxialysClient:
        return self.clients.axialys

    def alert_admins(self, vendor: VendorName, error: VendorError) -> None:
        """Tell each admin, in a direct message, of a vendor problem only an admin can cure.

        Once per admin, vendor, code and day: a broken account met by every request must not
        flood anyone. Runs on the worker pool, off the request that met the problem.
        """
        day = time.strftime("%Y-%m-%d")
        text, blocks = problem(f":warning: *{DISPLAY_NAMES[vendor]}*: {error.plain}", error.detail)

        def send() -> None:
            for admin in sorted(self.roles.admins()):
                key = f"vendor-alert:{vendor}:{error.code or error.status}:{day}:{admin}"
                try:
                    self.out.post_once(key, admin, text, blocks)
                except Exception:
                    log.exception("could not alert admin %s of a %s problem", admin, vendor)

        self.worker.submit(send)

    def close(self) -> None:
        self.scheduler.stop()
        self.listeners.close(wait=True)
        self.worker.close(wait=True)
        self.scheduler.close()
        self.out.close()
        for handle in self.vendors.values():
            handle.client.close()
            if handle.stop is not None:
                handle.stop()
        self.store.close()


#: What the core and the Slack side keep; each family's kinds are added by its blueprint.
CORE_RECORDS: tuple[RecordKind[Any], ...] = (
    WRITES,
    RECENT_SENDS,
    JOBS,
    ENDED_JOBS,
    AUDIT,
    POSTED_ONCE,
    EDIT_SLOTS,
    VENDOR_SESSIONS,
    LISTINGS,
    SEEN_EVENTS,
    HOME_VIEWERS,
    CHANNEL_SETTINGS,
)


def build_services(
    settings: Settings,
    *,
    slack: WebClient | None = None,
    store: Store | None = None,
    vendors: Vendors,
    records: Sequence[RecordKind[Any]] = (),
    worker_threads: int = 8,
) -> Services:
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else ""
    slack = slack or make_web_client(token, settings.slack_api_url)
    store = store or open_store(settings.relais_data_dir, settings.database_url)
    kept = Records(store, [*CORE_RECORDS, *records])
    worker = Worker(max_workers=worker_threads)
    audit = AuditLog(kept.of(AUDIT))
    # Shared mode: the one-edit-a-second limit per channel is claimed in the database, for all replicas together.
    out = SlackOut(slack, kept.of(POSTED_ONCE), slots=kept.of(EDIT_SLOTS) if settings.database_url else None)
    roles = Roles(settings.admin_user_ids, settings.admin_group_id, slack)
    safe_writes = SafeWrites(kept.of(WRITES), audit, roles.is_admin, RecentSendLog(kept.of(RECENT_SENDS)))
    pages = Pager(kept.of(LISTINGS))
    clock = Clock()
    channels = ChannelSettingsBook(kept.of(CHANNEL_SETTINGS))
    services = Services(
        settings=settings,
        store=store,
        records=kept,
        slack=slack,
        out=out,
        worker=worker,
        listeners=Worker(max_workers=64, name="bolt-listener"),
        roles=roles,
        audit=audit,
        safe_writes=safe_writes,
        scheduler=Scheduler(
            kept.of(JOBS),
            kept.of(ENDED_JOBS),
            worker,
            _told_once(out),
            queue=open_job_queue(settings.relais_data_dir, settings.database_url),
            shared=settings.database_url is not None,
        ),
        pages=pages,
        slack_kit=SlackKit(out, slack, roles, pages, safe_writes, audit, worker, Languages(slack), clock, channels),
        clients=vendors,
    )
    services.cliqphone.on_account_problem = lambda error: services.alert_admins("cliqphone", error)
    if settings.database_url:  # one Cliqphone login for all the replicas
        services.cliqphone.tokens.shelf = RecordShelf(kept.of(VENDOR_SESSIONS), "cliqphone")
    return services


def _told_once(out: SlackOut) -> PostOnce:
    """The scheduler's notices, posted once; one with the vendor's words is shown as every error is."""

    def post(key: str, channel: str, text: str, *, thread_ts: str | None = None, detail: str = "") -> str:
        if detail:
            return out.post_once(key, channel, *problem(text, detail), thread_ts=thread_ts)
        return out.post_once(key, channel, text, thread_ts=thread_ts)

    return post
