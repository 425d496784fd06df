"""`relais serve --socket` runs the same app through Bolt's Socket Mode handler."""

from __future__ import annotations

import os
import signal
from typing import Any

import pytest

from bot import cli


def test_socket_mode_serves_the_same_app_until_sigterm(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    started: list[tuple[Any, str]] = []
    closed: list[bool] = []

    class FakeHandler:
        def __init__(self, app: Any, app_token: str) -> None:
            started.append((app, app_token))

        def connect(self) -> None:
            os.kill(os.getpid(), signal.SIGTERM)  # as `kill` or a deploy would, once connected

        def close(self) -> None:
            closed.append(True)

    monkeypatch.setattr("slack_bolt.adapter.socket_mode.SocketModeHandler", FakeHandler)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-abc")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")
    monkeypatch.setenv("RELAIS_DATA_DIR", str(tmp_path))
    assert cli.main(["serve", "--socket"]) == 0
    [(app, token)] = started
    assert closed == [True]
    assert token == "xapp-1-abc"
    assert {listener.__class__.__name__ for listener in app._listeners}  # the commands are registered
