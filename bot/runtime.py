"""One running Relais: services + Bolt app + HTTP server, started and stopped together.

``relais serve``, ``relais console`` and the end-to-end tests all start Relais through
``Runtime``, so what the tests exercise is what production runs.
"""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient

from bot.app import build_app
from bot.config import Settings, VendorName
from bot.housekeeping import HOUSEKEEPING_JOB, sweep
from bot.registry import Registry
from bot.sandboxes.frame import SandboxClock, SandboxServer
from bot.server import RelaisWSGI, ServerThread
from bot.services import Services, build_services
from bot.store import Store
from handlers import build_registry

__all__ = ["Runtime"]

log = logging.getLogger(__name__)


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
            sandboxes=sandboxes,
            sandbox_clock=sandbox_clock,
        )
        for executor in self.registry.executors:
            self.services.actions.register(executor)
        for kind, job in self.registry.jobs.items():
            self.services.scheduler.register(kind, job)
        self.services.scheduler.register(HOUSEKEEPING_JOB, sweep)
        self.services.scheduler.add(HOUSEKEEPING_JOB, {}, job_id=HOUSEKEEPING_JOB, delay=60.0)
        self.app: App = build_app(self.services, self.registry)
        self.server: ServerThread | None = None
        self._stopped = False
        recovered = self.services.actions.recover()
        if recovered:
            log.warning("%d write(s) were interrupted by the last stop; marked unknown, not resent", len(recovered))

    def start(self, host: str = "127.0.0.1", port: int = 0, *, threads: int = 16) -> str:
        """Serve HTTP in a background thread and start the scheduler; returns the base URL."""
        secret = self.settings.slack_signing_secret
        wsgi = RelaisWSGI(self.app, self.services, secret.get_secret_value() if secret else "")
        self.server = ServerThread(wsgi, host=host, port=port, threads=threads).start()
        self.start_background()
        return self.server.url

    def start_background(self) -> None:
        """The work that runs whatever carries Slack's requests: watchers, interrupted follow-ups."""
        self.services.scheduler.start(self.services)
        self.services.worker.submit(self.services.actions.resume_follow_ups, self.services)

    def settle(self, timeout: float = 30.0) -> None:
        """Wait until the work started by past requests is finished and its Slack edits are sent."""
        services = self.services
        for _ in range(20):
            # Bolt runs event listeners after its ack: they may still be about to queue work.
            services.listeners.wait_idle(timeout=timeout)
            services.worker.wait_idle(timeout=timeout)
            services.out.flush(timeout=timeout)
            if services.worker.in_flight == 0 and services.listeners.in_flight == 0:
                return

    def stop(self) -> None:
        """Stop serving and release everything; safe to call twice."""
        if self.server is not None:
            self.server.stop()
            self.server = None
        if not self._stopped:
            self._stopped = True
            self.services.close()
