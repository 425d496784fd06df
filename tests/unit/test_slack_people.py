"""The language a user's dates are shown in, from their Slack locale (bot/slack/people.py)."""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackApiError

from bot.slack.people import LOCALE_SECONDS, Languages


class _Web:
    def __init__(self, locales: dict[str, str]) -> None:
        self.locales = locales
        self.calls: list[dict[str, Any]] = []

    def users_info(self, **args: Any) -> dict[str, Any]:
        self.calls.append(args)
        if args["user"] not in self.locales:
            raise SlackApiError("user_not_found", {"ok": False, "error": "user_not_found"})
        return {"user": {"id": args["user"], "locale": self.locales[args["user"]]}}


def test_french_locales_read_french_and_the_rest_english() -> None:
    web = _Web({"UFR": "fr-FR", "UBE": "fr-BE", "UEN": "en-GB"})
    languages = Languages(web)  # type: ignore[arg-type]
    assert [languages.of(u) for u in ("UFR", "UBE", "UEN", "UNKNOWN")] == ["fr", "fr", "en", "en"]
    assert all(call["include_locale"] is True for call in web.calls)


def test_a_locale_is_read_once_an_hour() -> None:
    now = [0.0]
    web = _Web({"UFR": "fr-FR"})
    languages = Languages(web, clock=lambda: now[0])  # type: ignore[arg-type]
    languages.of("UFR")
    languages.of("UFR")
    assert len(web.calls) == 1
    now[0] += LOCALE_SECONDS
    languages.of("UFR")
    assert len(web.calls) == 2
