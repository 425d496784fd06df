"""Helpers for the Axialys tests: the sandbox, confirming a card, driving the call watchers."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime

import pytest

from bot.core.jobs import JOBS
from bot.core.timezone import PARIS
from bot.sandboxes.axialys.server import AxialysSandbox
from bot.sandboxes.frame import SandboxRequest, SandboxResponse
from bot.sandboxes.slack import Message
from bot.slack.cards import CONFIRM
from handlers.axialys.call_watch import WATCH_KIND
from tests.conftest import ADMIN, CHANNEL, MEMBER, Relais

API = "/get/webappel/api.php"


def sandbox(relais: Relais) -> AxialysSandbox:
    server = relais.sandboxes["axialys"]
    assert isinstance(server, AxialysSandbox)
    return server


def earlier_today(seconds: float) -> float:
    """``seconds`` ago, or less when Paris' midnight is nearer: call listings default to today in Paris."""
    now = datetime.now(PARIS)
    since_midnight = (now - now.replace(hour=0, minute=0, second=0, microsecond=0)).total_seconds()
    return max(0.0, min(seconds, since_midnight - 1))


def methods(relais: Relais, name: str | None = None) -> list[str]:
    """The ``methode`` of every request the sandbox received (only ``name`` when given)."""
    found = [entry.query.get("methode", [""])[0] for entry in sandbox(relais).requests(API)]
    return [m for m in found if name is None or m == name]


def card_of(messages: list[Message]) -> Message:
    """The confirmation card among a command's ephemerals, as first shown (a copy)."""
    cards = [m for m in messages if "until you press" in m.all_text()]
    assert cards, "no confirmation card in: " + " | ".join(m.all_text() for m in messages)
    return copy.deepcopy(cards[-1])


def confirm(relais: Relais, line: str, *, user: str = MEMBER) -> Message:
    """Type ``line``, press Send on its card; returns the card as first shown."""
    card = card_of(relais.command(line, user=user))
    relais.click(card, CONFIRM, user=user)
    return card


def admin(relais: Relais, line: str) -> str:
    return relais.reply_text(line, user=ADMIN)


def run_watchers(relais: Relais) -> None:
    """Make every call watcher due now, run it, wait for its Slack posts and edits."""
    services = relais.runtime.services
    jobs = services.records.of(JOBS)
    for job in services.scheduler.active():
        if job.kind == WATCH_KIND:
            jobs.put(job.id, job.model_copy(update={"next_run": 0, "lease_until": None}))
    services.scheduler.run_due()
    relais.settle()


def call_cards(relais: Relais) -> list[Message]:
    return [m for m in relais.standin.channel_messages(CHANNEL) if m.text.startswith("Callback #")]


def reanswer(
    relais: Relais,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[SandboxRequest, SandboxResponse], SandboxResponse],
) -> None:
    """The sandbox carries out every request as usual; ``change`` then gives the answer another server would."""
    server = sandbox(relais)
    route = server.route
    monkeypatch.setattr(server, "route", lambda request: change(request, route(request)))


def refuse(relais: Relais, monkeypatch: pytest.MonkeyPatch, methode: str, line: str, *, status: int) -> None:
    """``methode`` alone is answered the ``KO;…`` ``line`` under ``status`` (the look-ups before it as usual)."""

    def refused(request: SandboxRequest, response: SandboxResponse) -> SandboxResponse:
        return SandboxResponse.text(line, status=status) if request.arg("methode") == methode else response

    reanswer(relais, monkeypatch, refused)


def rewrite_body(
    relais: Relais, monkeypatch: pytest.MonkeyPatch, methode: str, rewrite: Callable[[bytes], bytes]
) -> None:
    """The answers to ``methode`` with their body passed through ``rewrite`` (same status and type)."""

    def change(request: SandboxRequest, response: SandboxResponse) -> SandboxResponse:
        if request.arg("methode") == methode:
            response.body = rewrite(response.body)
        return response

    reanswer(relais, monkeypatch, change)
