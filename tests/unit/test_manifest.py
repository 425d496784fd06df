"""manifest.yaml against Slack's documented limits and against the command registry."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from handlers import build_registry

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yaml"
# The Web API methods Relais calls, and the scope each needs (Slack's method reference).
SCOPES_USED = {
    "commands",
    "chat:write",
    "chat:write.public",
    "usergroups:read",
    "files:read",
    "files:write",
    "channels:history",
    "groups:history",
    "users:read",  # users.info: each user's locale (bot/slack/people.py), `/push list @name`
}


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_display_information_within_limits(manifest: dict[str, Any]) -> None:
    info = manifest["display_information"]
    assert 1 <= len(info["name"]) <= 35
    assert len(info["description"]) <= 140
    assert 174 <= len(info["long_description"]) <= 4000
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", info["background_color"])
    assert len(manifest["features"]["bot_user"]["display_name"]) <= 80


def test_commands_within_slack_limits(manifest: dict[str, Any]) -> None:
    commands = manifest["features"]["slash_commands"]
    assert 1 <= len(commands) <= 50
    for command in commands:
        assert re.fullmatch(r"/[a-z0-9_\-]{1,31}", command["command"]), command["command"]
        assert 1 <= len(command["description"]) <= 2000
        assert len(command.get("usage_hint", "")) <= 1000
        assert command["url"].endswith("/slack/events")


def test_commands_are_exactly_the_registry(manifest: dict[str, Any]) -> None:
    registry = build_registry()
    declared = {c["command"]: c for c in manifest["features"]["slash_commands"]}
    assert set(declared) == set(registry.commands)
    for name, command in registry.commands.items():
        assert declared[name]["description"] == command.description
        assert declared[name]["usage_hint"] == command.usage_hint


def test_urls_events_and_home(manifest: dict[str, Any]) -> None:
    settings = manifest["settings"]
    assert settings["event_subscriptions"]["request_url"].endswith("/slack/events")
    assert settings["event_subscriptions"]["bot_events"] == ["app_home_opened"]
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["interactivity"]["request_url"].endswith("/slack/events")
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True


def test_scopes_are_the_ones_relais_needs_and_no_more(manifest: dict[str, Any]) -> None:
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    assert len(scopes) == len(set(scopes))
    assert set(scopes) == SCOPES_USED
    assert "user" not in manifest["oauth_config"]["scopes"]


def test_shortcuts_are_exactly_the_registry_within_slack_limits(manifest: dict[str, Any]) -> None:
    """Slack's app manifest reference: at most 10 shortcuts, callback ids up to 255 characters, descriptions
    up to 150, type global or message; names are kept within 24 (decisions: the reference sets none)."""
    declared = {s["callback_id"]: s for s in manifest["features"]["shortcuts"]}
    assert 1 <= len(declared) == len(manifest["features"]["shortcuts"]) <= 10
    registry = build_registry()
    assert set(declared) == set(registry.shortcuts)
    for callback_id, entry in registry.shortcuts.items():
        shortcut = declared[callback_id]
        assert shortcut["name"] == entry.name and 1 <= len(shortcut["name"]) <= 24
        assert shortcut["description"] == entry.description and 1 <= len(shortcut["description"]) <= 150
        assert shortcut["type"] == entry.kind and shortcut["type"] in {"global", "message"}
        assert 1 <= len(callback_id) <= 255
