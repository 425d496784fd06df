"""One running Relais: services + Bolt app + HTTP server, started and stopped together.

The composition root: the one place that wires the simulators in. A vendor whose URL and
credentials are not all set runs against its sandbox, started in-process on a free
loopback port, so a newcomer needs no vendor account.

``relais serve``, ``relais console`` and the end-to-end tests all start Relais through
``Runtime``, so what the tests exercise is what production runs.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from slack_bolt import App
from slack_sdk import WebClient

from bot.core.backends import check_clock, store_health
from bot.core.config import VENDOR_VARIABLES, Settings, VendorName
from bot.core.housekeeping import HOUSEKEEPING, HOUSEKEEPING_JOB
from bot.core.jobs import JobKind
from bot.core.safe_writes import SENDING_GRACE, WRITES, SafeWrites, recover_interrupted
from bot.core.store import Store
from bot.sandboxes.frame import SandboxClock, SandboxServer
from bot.services import Services, build_services
from bot.slack.app import SEEN_EVENTS, Dispatcher, build_app
from bot.slack.home import HOME_VIEWERS, HomePublisher
from bot.slack.registry import Registry
from bot.slack.server import RelaisWSGI, ServerThread
from bot.vendors.axialys.client import AxialysClient
from bot.vendors.clever.client import CleverClient
from bot.vendors.cliqphone.client import CliqphoneClient
from bot.vendors.connections import DISPLAY_NAMES, VendorHandle, Vendors
from handlers import build_registry
from handlers.axialys import AxialysKit
from handlers.axialys.records import CALL_WATCHERS, CALLS, PENDING_CALLS, RECENT_CALLS
from handlers.clever import CleverKit
from handlers.clever.contact_import_records import CONTACT_IMPORTS, IMPORT_ROWS, IMPORT_STATES, ContactImports
from handlers.clever.records import CAMPAIGNS, CRITERIA_FIELDS, FAILURES_UPLOADED, MONTH_UNITS, OPTOUTS
from handlers.cliqphone import CliqphoneKit
from handlers.cliqphone.records import NUMBERS_ADDED
from handlers.relais import RelaisKit

__all__ = ["Runtime", "build_vendors", "sandbox_class", "start_sandbox"]

log = logging.getLogger(__name__)


def sandbox_class(vendor: VendorName) -> type[SandboxServer]:
    """The simulator of ``vendor``; imported on first use, so a live deployment never loads one."""
    if vendor == "clever":
        from bot.sandboxes.clever.server import CleverSandbox

        return CleverSandbox
    if vendor == "cliqphone":
        from bot.sandboxes.cliqphone.server import CliqphoneSandbox

        return CliqphoneSandbox
    from bot.sandboxes.axialys.server import AxialysSandbox

    return AxialysSandbox


def start_sandbox(
    vendor: VendorName,
    clock: SandboxClock | None = None,
    *,
    dialect: str | Sequence[str] = (),
    saved: bytes | None = None,
) -> SandboxServer:
    """The simulator of ``vendor``, serving; with the data of ``saved`` (its ``saved_state``) when given."""
    sandbox = sandbox_class(vendor)(clock=clock or SandboxClock(frozen=False), dialect=dialect)
    if saved is not None:
        sandbox.restore_state(saved)
    sandbox.start()
    return sandbox


C = TypeVar("C", CleverClient, CliqphoneClient, AxialysClient)


def build_vendors(
    settings: Settings,
    *,
    sandboxes: dict[VendorName, SandboxServer] | None = None,
    sandbox_clock: SandboxClock | None = None,
) -> Vendors:
    """A client per vendor: live when configured, else against a sandbox (given, or started here)."""
    handles: dict[VendorName, VendorHandle] = {}

    def connect(vendor: VendorName, client_class: type[C]) -> C:
        live = settings.vendor_credentials(vendor)
        if live is not None:
            client = client_class(live.url, live.login, live.password.get_secret_value())
            handles[vendor] = VendorHandle(vendor, "live", client)
            return client
        given = (sandboxes or {}).get(vendor)
        sandbox = given or start_sandbox(vendor, sandbox_clock)
        _, login_var, password_var = VENDOR_VARIABLES[vendor]
        credentials = type(sandbox).credentials
        client = client_class(sandbox.url, credentials[login_var], credentials[password_var])
        # A sandbox handed in by the caller (tests) belongs to the caller: only ours are stopped on close.
        handles[vendor] = VendorHandle(vendor, "sandbox", client, None if given else sandbox.stop)
        log.info("%s: no live credentials, using the sandbox at %s", DISPLAY_NAMES[vendor], sandbox.url)
        return client

    return Vendors(
        clever=connect("clever", CleverClient),
        cliqphone=connect("cliqphone", CliqphoneClient),
        axialys=connect("axialys", AxialysClient),
        handles=handles,
    )


def build_kits(services: Services, registry: Registry) -> dict[str, object]:
    """What each family of handlers works with, picked from the running app's parts.

    The composition root is the one place that knows every part; a family's handlers
    receive their kit and nothing else.
    """
    kits: dict[str, object] = {
        "relais": RelaisKit(
            registry=registry,
            vendors=list(services.vendors.values()),
            roles=services.roles,
            audit=services.audit,
            scheduler=services.scheduler,
            pages=services.pages,
            safe_writes=services.safe_writes,
            campaigns=services.records.of(CAMPAIGNS),
            calls=services.records.of(CALLS),
            numbers_added=services.records.of(NUMBERS_ADDED),
        ),
        "clever": CleverKit(
            client=services.clever,
            campaigns=services.records.of(CAMPAIGNS),
            criteria_fields=services.records.of(CRITERIA_FIELDS),
            failures_uploaded=services.records.of(FAILURES_UPLOADED),
            out=services.out,
            web=services.slack,
            scheduler=services.scheduler,
            roles=services.roles,
            contact_imports=ContactImports(
                services.records.of(CONTACT_IMPORTS),
                services.records.of(IMPORT_ROWS),
                services.records.of(IMPORT_STATES),
            ),
            optouts=services.records.of(OPTOUTS),
            audit=services.audit,
            clock=services.slack_kit.clock,
            channels=services.slack_kit.channels,
            writes=services.records.of(WRITES),
            month_units=services.records.of(MONTH_UNITS),
        ),
        "cliqphone": CliqphoneKit(
            client=services.cliqphone, out=services.out, numbers_added=services.records.of(NUMBERS_ADDED)
        ),
        "axialys": AxialysKit(
            client=services.axialys,
            calls=services.records.of(CALLS),
            recent_calls=services.records.of(RECENT_CALLS),
            pending_calls=services.records.of(PENDING_CALLS),
            watchers=services.records.of(CALL_WATCHERS),
            out=services.out,
            slack=services.slack,
            scheduler=services.scheduler,
            roles=services.roles,
        ),
    }
    return kits


#: Every minute, writes left "sending" by a dead replica or a database that failed after the vendor call.
INTERRUPTED_JOB = "relais.interrupted_writes"
INTERRUPTED: JobKind[SafeWrites] = JobKind(recover_interrupted, reading="Relais' own store")


class Runtime:
    def __init__(
        self,
        settings: Settings,
        *,
        registry: Registry | None = None,
        slack: WebClient | None = None,
        store: Store | None = None,
        sandboxes: dict[VendorName, SandboxServer] | None = None,
        sandbox_clock: SandboxClock | None = None,
    ) -> None:
        self.settings = settings
        self.registry = registry or build_registry()
        self.services: Services = build_services(
            settings,
            slack=slack,
            store=store,
            vendors=build_vendors(settings, sandboxes=sandboxes, sandbox_clock=sandbox_clock),
            records=self.registry.records,
        )
        services = self.services
        self.kits = build_kits(services, self.registry)
        for executor in self.registry.executors:
            services.safe_writes.register(executor, self.kit(executor.family))
        for kind, job in self.registry.jobs.items():
            services.scheduler.register(kind, job, self.kit(job.family))
        services.scheduler.register(HOUSEKEEPING_JOB, HOUSEKEEPING, services.records)
        services.scheduler.add(HOUSEKEEPING_JOB, {}, job_id=HOUSEKEEPING_JOB, delay=60.0)
        services.scheduler.register(INTERRUPTED_JOB, INTERRUPTED, services.safe_writes)
        services.scheduler.add(INTERRUPTED_JOB, {}, job_id=INTERRUPTED_JOB, delay=60.0)
        self.dispatcher = Dispatcher(services.slack_kit, self.registry, self.kits)
        self.home = HomePublisher(
            services.slack, services.records.of(HOME_VIEWERS), self.dispatcher.home_view, services.roles.admins
        )
        for follow in self.registry.home_follows:
            services.records.of(follow.kind).on_change(self._home_follower(follow.owner))
        for told in self.registry.record_listeners:
            services.records.of(told.kind).on_change(functools.partial(told.listener, self.kit(told.family)))
        self.app: App = build_app(
            self.dispatcher,
            seen_events=services.records.of(SEEN_EVENTS),
            listeners=services.listeners,
            home_opened=self.home.opened,
        )
        self.server: ServerThread | None = None
        self._stopped = False
        shared = settings.database_url is not None
        check_clock(services.store)  # shared: warns when this replica's clock is out of step with the database's
        recovered = self.services.safe_writes.recover(older_than=SENDING_GRACE if shared else 0.0)
        if recovered:
            log.warning("%d write(s) were interrupted by the last stop; marked unknown, not resent", len(recovered))

    def _home_follower(self, owner: Callable[[Any], str]) -> Callable[[str, Any], None]:
        """A record the Home shows changed: the Homes of its owner and of the admins are drawn again."""

        def changed(_: str, record: Any) -> None:
            self.home.touch(owner(record) if record is not None else "")

        return changed

    def kit(self, family: str) -> Any:
        """What the handlers of ``family`` work with."""
        return self.kits[family]

    def start(self, host: str = "127.0.0.1", port: int = 0, *, threads: int = 16) -> str:
        """Serve HTTP in a background thread and start the scheduler; returns the base URL."""
        secret = self.settings.slack_signing_secret
        modes: dict[str, str] = {name: handle.mode for name, handle in self.services.vendors.items()}
        wsgi = RelaisWSGI(
            self.app, modes, secret.get_secret_value() if secret else "", lambda: store_health(self.services.store)
        )
        self.server = ServerThread(wsgi, host=host, port=port, threads=threads).start()
        self.start_background()
        return self.server.url

    def start_background(self) -> None:
        """The work that runs whatever carries Slack's requests: watchers, interrupted follow-ups."""
        self.services.scheduler.start()
        self.services.worker.submit(self.services.safe_writes.resume_follow_ups)

    def settle(self, timeout: float = 30.0) -> None:
        """Wait until the work started by past requests is finished and its Slack edits are sent."""
        services = self.services
        for _ in range(20):
            # Bolt runs event listeners after its ack: they may still be about to queue work.
            services.listeners.wait_idle(timeout=timeout)
            services.worker.wait_idle(timeout=timeout)
            services.out.flush(timeout=timeout)
            self.home.flush(timeout=timeout, opened_only=True)
            if services.worker.in_flight == 0 and services.listeners.in_flight == 0:
                return

    def stop(self) -> None:
        """Stop serving and release everything; safe to call twice."""
        if self.server is not None:
            self.server.stop()
            self.server = None
        if not self._stopped:
            self._stopped = True
            self.home.close()
            self.services.close()
