"""The running app's services, built once from the settings and handed to every handler.

A vendor whose URL and credentials are not all set runs against its sandbox, started
in-process on a free loopback port: a newcomer needs no vendor account, and
``/relais status`` and ``/healthz`` say which vendors are live.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx
from slack_sdk import WebClient

from bot.access import Roles
from bot.actions import Actions
from bot.audit import AuditLog
from bot.config import VENDOR_VARIABLES, VENDORS, Settings, VendorName
from bot.jobs import Scheduler
from bot.pages import Pager
from bot.sandboxes.frame import SandboxClock, SandboxServer
from bot.slack_out import SlackOut, make_web_client
from bot.store import Store, open_store
from bot.vendors.axialys.client import AxialysClient
from bot.vendors.clever.client import CleverClient
from bot.vendors.cliqphone.client import CliqphoneClient
from bot.vendors.errors import VendorError
from bot.worker import Worker

__all__ = ["DISPLAY_NAMES", "Services", "VendorHandle", "build_services", "start_sandbox"]

log = logging.getLogger(__name__)

DISPLAY_NAMES: dict[VendorName, str] = {
    "clever": "Clever Multimedias",
    "cliqphone": "Cliqphone",
    "axialys": "Axialys WebAppel",
}

_SANDBOX_CLASSES: dict[VendorName, str] = {
    "clever": "bot.sandboxes.clever.server:CleverSandbox",
    "cliqphone": "bot.sandboxes.cliqphone.server:CliqphoneSandbox",
    "axialys": "bot.sandboxes.axialys.server:AxialysSandbox",
}


@dataclass
class VendorHandle:
    name: VendorName
    mode: Literal["sandbox", "live"]
    client: Any
    sandbox: SandboxServer | None = None

    @property
    def display_name(self) -> str:
        return DISPLAY_NAMES[self.name]


@dataclass
class Services:
    settings: Settings
    store: Store
    slack: WebClient
    out: SlackOut
    worker: Worker
    #: Bolt's listener executor: acks only, but the request thread waits on it (measured-facts).
    listeners: Worker
    roles: Roles
    audit: AuditLog
    actions: Actions
    scheduler: Scheduler
    pages: Pager
    vendors: dict[VendorName, VendorHandle] = field(default_factory=dict)

    @property
    def clever(self) -> CleverClient:
        return self.vendors["clever"].client  # type: ignore[no-any-return]

    @property
    def cliqphone(self) -> CliqphoneClient:
        return self.vendors["cliqphone"].client  # type: ignore[no-any-return]

    @property
    def axialys(self) -> AxialysClient:
        return self.vendors["axialys"].client  # type: ignore[no-any-return]

    def alert_admins(self, vendor: VendorName, error: VendorError) -> None:
        """Tell each admin, in a direct message, of a vendor problem only an admin can cure.

        Once per admin, vendor, code and day: a broken account met by every request must not
        flood anyone. Runs on the worker pool, off the request that met the problem.
        """
        day = time.strftime("%Y-%m-%d")
        text = f":warning: *{DISPLAY_NAMES[vendor]}*: {error.plain}\n_{error.detail}_"

        def send() -> None:
            for admin in sorted(self.roles.admins()):
                key = f"vendor-alert:{vendor}:{error.code or error.status}:{day}:{admin}"
                try:
                    self.out.post_once(key, admin, text)
                except Exception:
                    log.exception("could not alert admin %s of a %s problem", admin, vendor)

        self.worker.submit(send)

    def close(self) -> None:
        self.scheduler.stop()
        self.listeners.close(wait=True)
        self.worker.close(wait=True)
        self.out.close()
        for handle in self.vendors.values():
            handle.client.close()
            if handle.sandbox is not None:
                handle.sandbox.stop()
        self.store.close()


def sandbox_class(vendor: VendorName) -> type[SandboxServer]:
    module_name, _, class_name = _SANDBOX_CLASSES[vendor].partition(":")
    cls: type[SandboxServer] = getattr(importlib.import_module(module_name), class_name)
    return cls


def start_sandbox(
    vendor: VendorName, clock: SandboxClock | None = None, *, dialect: str | Sequence[str] = ()
) -> SandboxServer:
    sandbox = sandbox_class(vendor)(clock=clock or SandboxClock(frozen=False), dialect=dialect)
    sandbox.start()
    return sandbox


def _client(vendor: VendorName, url: str, login: str, password: str, transport: httpx.BaseTransport | None) -> Any:
    if vendor == "clever":
        return CleverClient(url, login, password, transport=transport)
    if vendor == "cliqphone":
        return CliqphoneClient(url, login, password, transport=transport)
    return AxialysClient(url, login, password, transport=transport)


def build_vendors(
    settings: Settings,
    *,
    sandboxes: dict[VendorName, SandboxServer] | None = None,
    sandbox_clock: SandboxClock | None = None,
) -> dict[VendorName, VendorHandle]:
    """A client per vendor: live when configured, else against a sandbox (given, or started here)."""
    handles: dict[VendorName, VendorHandle] = {}
    for vendor in VENDORS:
        live = settings.vendor_credentials(vendor)
        if live is not None:
            client = _client(vendor, live.url, live.login, live.password.get_secret_value(), None)
            handles[vendor] = VendorHandle(vendor, "live", client)
            continue
        given = (sandboxes or {}).get(vendor)
        sandbox = given or start_sandbox(vendor, sandbox_clock)
        _, login_var, password_var = VENDOR_VARIABLES[vendor]
        creds = type(sandbox).credentials
        client = _client(vendor, sandbox.url, creds[login_var], creds[password_var], None)
        # A sandbox handed in by the caller (tests) belongs to the caller: only ours are stopped on close.
        handles[vendor] = VendorHandle(vendor, "sandbox", client, None if given else sandbox)
        log.info("%s: no live credentials, using the sandbox at %s", DISPLAY_NAMES[vendor], sandbox.url)
    return handles


def build_services(
    settings: Settings,
    *,
    slack: WebClient | None = None,
    store: Store | None = None,
    sandboxes: dict[VendorName, SandboxServer] | None = None,
    sandbox_clock: SandboxClock | None = None,
    worker_threads: int = 8,
) -> Services:
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else ""
    slack = slack or make_web_client(token, settings.slack_api_url)
    store = store or open_store(settings.relais_data_dir)
    worker = Worker(max_workers=worker_threads)
    audit = AuditLog(store)
    services = Services(
        settings=settings,
        store=store,
        slack=slack,
        out=SlackOut(slack, store),
        worker=worker,
        listeners=Worker(max_workers=64, name="bolt-listener"),
        roles=Roles(settings.admin_user_ids, settings.admin_group_id, slack),
        audit=audit,
        actions=Actions(store, audit),
        scheduler=Scheduler(store, worker),
        pages=Pager(store),
        vendors=build_vendors(settings, sandboxes=sandboxes, sandbox_clock=sandbox_clock),
    )
    services.cliqphone.on_account_problem = lambda error: services.alert_admins("cliqphone", error)
    return services
