"""Settings: live vendors only with URL and credentials all set; secrets never printed."""

from __future__ import annotations

import pytest

from bot.core.config import ConfigError, Settings


def test_a_vendor_is_live_only_when_url_and_credentials_are_all_set() -> None:
    partial = Settings(clever_url="https://clever.example", clever_username="u")
    assert partial.vendor_credentials("clever") is None
    full = Settings(clever_url="https://clever.example", clever_username="u", clever_password="p4ss")
    live = full.vendor_credentials("clever")
    assert live is not None and live.url == "https://clever.example" and live.password.get_secret_value() == "p4ss"


def test_secrets_are_never_printed() -> None:
    settings = Settings(slack_bot_token="xoxb-secret-1", clever_password="p4ss-word")
    shown = repr(settings) + str(settings) + str(settings.model_dump())
    assert "xoxb-secret-1" not in shown and "p4ss-word" not in shown


def test_admins_split_into_users_and_one_group() -> None:
    settings = Settings(relais_admins=" UADMIN , W123ABC,S0GROUP ")
    assert settings.admin_user_ids == frozenset({"UADMIN", "W123ABC"})
    assert settings.admin_group_id == "S0GROUP"


def test_http_mode_requirements() -> None:
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET is not set"):
        Settings(slack_bot_token="xoxb-1").require_http_mode(socket_mode=False)
    Settings(slack_bot_token="xoxb-1", slack_signing_secret="s").require_http_mode(socket_mode=False)
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN is malformed"):
        Settings(slack_bot_token="xoxb-1", slack_app_token="nope").require_http_mode(socket_mode=True)


def test_api_url_gets_its_trailing_slash() -> None:
    assert Settings(slack_api_url="http://127.0.0.1:9/api").slack_api_url == "http://127.0.0.1:9/api/"
