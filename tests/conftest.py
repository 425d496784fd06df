"""Fixtures: the vendor sandboxes, the stand-in Slack, Relais served on port 0, a signed driver.

Every server binds 127.0.0.1 on a port the OS picks and is stopped at teardown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import settings as hypothesis_settings
from pydantic import BaseModel

from bot.console.driver import SlackDriver
from bot.core.config import VENDOR_VARIABLES, Settings
from bot.core.migrations import upgrade
from bot.core.records import Collection, RecordKind
from bot.runtime import Runtime
from bot.sandboxes.axialys.server import AxialysSandbox
from bot.sandboxes.clever.server import CleverSandbox
from bot.sandboxes.cliqphone.server import CliqphoneSandbox
from bot.sandboxes.frame import SandboxClock, SandboxServer
from bot.sandboxes.slack import Message, SlackStandIn
from bot.slack.registry import Registry
from tests.postgres_support import PostgresServer, postgres_server

SIGNING_SECRET = "test-signing-secret-0123456789abcdef"
BOT_TOKEN = "xoxb-test-bot-token-0123456789"
# No per-example deadline: on a shared 2-core machine timing says nothing about correctness
# (speed is measured by bench/, never asserted in tests).
hypothesis_settings.register_profile("relais", deadline=None)
hypothesis_settings.load_profile("relais")

ADMIN = "UADMIN"
MEMBER = "UALICE"
CHANNEL = "COPS"

ENV_VARIABLES = [name for names in VENDOR_VARIABLES.values() for name in names] + [
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "RELAIS_DATA_DIR",
    "RELAIS_DATABASE_URL",
    "RELAIS_ADMINS",
    "PORT",
]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's real configuration."""
    for name in ENV_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server of the tests' own for the whole session (skipped, saying why, without PostgreSQL)."""
    with postgres_server() as server:
        yield server


@pytest.fixture
def database_url(postgres: PostgresServer) -> str:
    """A new empty database on the tests' server, its schema made by ``relais db upgrade``'s migrations."""
    url = postgres.new_database()
    upgrade(url)
    return url


@pytest.fixture
def standin() -> Iterator[SlackStandIn]:
    with SlackStandIn(bot_token=BOT_TOKEN) as slack:
        slack.add_user(ADMIN, "admin", "Ada Admin")
        yield slack


@pytest.fixture
def clock() -> SandboxClock:
    return SandboxClock()


@pytest.fixture
def sandbox_dialects(request: pytest.FixtureRequest) -> dict[str, str | tuple[str, ...]]:
    """Vendor → the sandbox's dialect(s) to switch on; none by default.

    A test runs under other readings of the documents with indirect parametrisation:
    ``@pytest.mark.parametrize("sandbox_dialects", [{"axialys": "sentences"}], indirect=True)``.
    """
    return dict(getattr(request, "param", {}))


@pytest.fixture
def sandboxes(
    clock: SandboxClock, sandbox_dialects: dict[str, str | tuple[str, ...]]
) -> Iterator[dict[str, SandboxServer]]:
    servers: dict[str, SandboxServer] = {
        "clever": CleverSandbox(clock=clock, dialect=sandbox_dialects.get("clever", ())),
        "cliqphone": CliqphoneSandbox(clock=clock, dialect=sandbox_dialects.get("cliqphone", ())),
        "axialys": AxialysSandbox(clock=clock, dialect=sandbox_dialects.get("axialys", ())),
    }
    for server in servers.values():
        server.start()
    yield servers
    for server in servers.values():
        server.stop()


def make_settings(standin: SlackStandIn, data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": standin.api_url,
        "relais_data_dir": data_dir,
        "relais_admins": ADMIN,
        **overrides,
    }
    return Settings(**values)


M = TypeVar("M", bound=BaseModel)


@dataclass
class Relais:
    """Relais served over HTTP, with Slack's side (driver, stand-in) and the vendors' (sandboxes)."""

    runtime: Runtime
    driver: SlackDriver
    standin: SlackStandIn
    sandboxes: dict[str, SandboxServer]
    url: str

    def command(self, line: str, *, user: str = MEMBER, channel: str = CHANNEL) -> list[Message]:
        """Type a slash command; wait for its consequences; return the ephemerals the user got from it."""
        before = len(self.standin.ephemerals(user))
        reply = self.driver.command(line, user=user, channel=channel)
        assert reply.status == 200, reply.body
        self.runtime.settle()
        return self.standin.ephemerals(user)[before:]

    def reply_text(self, line: str, **kwargs: Any) -> str:
        messages = self.command(line, **kwargs)
        assert messages, f"no answer to {line}"
        return "\n".join(m.all_text() for m in messages)

    def click(self, message: Message, action_id: str, *, user: str = MEMBER) -> None:
        reply = self.driver.click(message, action_id, user=user)
        assert reply.status == 200, reply.body
        self.runtime.settle()

    def shown(self, ts: str) -> str:
        """The text of the channel message at ``ts`` as it stands now (a click replaces a card in place)."""
        found = self.standin.find(ts)
        assert found is not None, f"no message at {ts}"
        return found.all_text()

    def settle(self) -> None:
        self.runtime.settle()

    def records(self, kind: RecordKind[M]) -> Collection[M]:
        """The records of ``kind`` as Relais keeps them (the records layer: no key spelled by hand)."""
        return self.runtime.services.records.of(kind)


RelaisFactory = Callable[..., Relais]


@pytest.fixture
def relais_factory(
    standin: SlackStandIn, sandboxes: dict[str, SandboxServer], tmp_path: Path
) -> Iterator[RelaisFactory]:
    """Build (and later stop) Relais instances; several may share a data dir to simulate restarts."""
    started: list[Relais] = []

    def build(
        *, registry: Registry | None = None, data_dir: Path | None = None, start: bool = True, **overrides: Any
    ) -> Relais:
        settings = make_settings(standin, data_dir or tmp_path / "data", **overrides)
        runtime = Runtime(settings, registry=registry, sandboxes=sandboxes)  # type: ignore[arg-type]
        url = runtime.start() if start else ""
        relais = Relais(
            runtime, SlackDriver(url or "http://127.0.0.1:9", SIGNING_SECRET, standin), standin, sandboxes, url
        )
        started.append(relais)
        return relais

    yield build
    for relais in started:
        relais.driver.close()
        relais.runtime.stop()


@pytest.fixture
def relais(relais_factory: RelaisFactory) -> Relais:
    return relais_factory()
