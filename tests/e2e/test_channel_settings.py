"""`/relais settings` (issue 14, item 1) and the commands a channel allows, through signed requests."""

from __future__ import annotations

import copy
import json

import pytest

from bot.core.audit import AUDIT
from bot.core.channel_settings import CHANNEL_SETTINGS, ChannelSettings
from bot.sandboxes.slack import Message
from bot.slack.cards import CONFIRM
from tests.clever_support import sandbox
from tests.conftest import ADMIN, CHANNEL, MEMBER, Relais, RelaisFactory

VALID = {
    "sender": "RELAIS",
    "nature": "promotional",
    "optout": "STOP au 36111",
    "replies_to": "channel",
    "replies": "CREPLIES",
    "approval_recipients": "1000",
    "approval_units": "",
    "budget": "5,000",
    "rules": "charter-2024",
    "commands": ["/push", "/contact"],
}


@pytest.fixture
def relais(relais_factory: RelaisFactory) -> Relais:
    """The channel left at the defaults (not the operations channel of tests/e2e/conftest.py): these tests
    read and change the settings themselves."""
    return relais_factory()


def _settings(relais: Relais, channel: str = CHANNEL) -> ChannelSettings:
    return relais.records(CHANNEL_SETTINGS).get(channel) or ChannelSettings()


def _audited(relais: Relais, operation: str) -> list[tuple[str, str, str]]:
    return [(e.user_id, e.outcome, e.detail) for _, e in relais.records(AUDIT).scan() if e.operation == operation]


def _told(relais: Relais) -> list[str]:
    return [m.text for m in relais.standin.channel_messages(CHANNEL) if m.text.startswith(":gear:")]


def test_an_admin_gets_the_modal_with_inline_errors_then_saves_audited_and_the_channel_is_told(
    relais: Relais,
) -> None:
    assert relais.command("/relais settings", user=ADMIN) == []
    [view] = relais.standin.open_views(ADMIN)
    assert view.view["callback_id"] == "relais.settings"
    blocks = {block["block_id"]: block for block in view.view["blocks"]}
    assert blocks["replies"]["element"]["type"] == "conversations_select"
    assert [o["value"] for o in blocks["commands"]["element"]["options"]] == [
        "/push",
        "/contact",
        "/number",
        "/callback",
    ]
    assert blocks["rules"]["element"]["initial_option"]["value"] == "charter-2026"

    bad = {
        **VALID,
        "optout": "Répondez NON",
        "budget": "0",
        "approval_units": "beaucoup",
        "sender": "RELAIS-TOO-LONG",
        "replies": None,
    }
    errors = relais.driver.submit(view, bad, user=ADMIN).json()["errors"]
    assert set(errors) == {"optout", "budget", "approval_units", "sender", "replies"}
    assert "does not say STOP: promotional SMS must offer a free way to opt out" in errors["optout"]
    assert "out of range" in errors["budget"] and "not a whole number" in errors["approval_units"]
    assert _settings(relais) == ChannelSettings()

    reply = relais.driver.submit(view, VALID, user=ADMIN)
    assert reply.status == 200 and not reply.body
    relais.settle()
    saved = _settings(relais)
    assert (saved.sender, saved.optout_text, saved.replies_channel) == ("RELAIS", "STOP au 36111", "CREPLIES")
    assert (saved.approval_recipients, saved.approval_units, saved.monthly_budget) == (1000, None, 5000)
    assert saved.rules == "charter-2024" and saved.commands == ["/push", "/contact"]
    assert saved.updated_by == ADMIN and saved.updated_at > 0
    [(who, outcome, detail)] = _audited(relais, "channel settings")
    assert (who, outcome) == (ADMIN, "done")
    assert "Monthly budget: no budget → 5,000 units a month" in detail
    assert "SMS replies go to: the campaign's thread → <#CREPLIES>" in detail
    [told] = _told(relais)
    assert told.startswith(f":gear: <@{ADMIN}> changed this channel's Relais settings:")
    assert "• Default sender: the account's default → `RELAIS`" in told
    assert "• Commands allowed here: all → `/push`, `/contact` (and `/relais`)" in told

    # Opened again, the modal shows what was saved; saving it unchanged changes nothing.
    relais.command("/relais settings", user=ADMIN)
    again = relais.standin.open_views(ADMIN)[-1]
    blocks = {block["block_id"]: block for block in again.view["blocks"]}
    assert blocks["budget"]["element"]["initial_value"] == "5000"
    assert blocks["replies"]["element"]["initial_conversation"] == "CREPLIES"
    relais.driver.submit(again, VALID, user=ADMIN)
    relais.settle()
    assert len(_told(relais)) == 1 and len(_audited(relais, "channel settings")) == 1


def test_a_member_gets_the_settings_read_only_and_cannot_change_them(relais: Relais) -> None:
    relais.records(CHANNEL_SETTINGS).put(CHANNEL, ChannelSettings(monthly_budget=5000, optout_text="STOP au 36111"))
    [card] = relais.command("/relais settings", user=MEMBER)
    text = card.all_text()
    assert "Monthly budget" in text and "5,000 units a month" in text and "`STOP au 36111`" in text
    assert "Only Relais admins change them" in text and not card.button_labels()
    assert relais.standin.open_views(MEMBER) == []
    [refused] = relais.command("/relais settings budget=1", user=MEMBER)
    assert refused.text.startswith(":no_entry: Only Relais admins change this channel's settings")
    assert f"<@{ADMIN}>" in refused.text
    assert _settings(relais).monthly_budget == 5000
    assert [(who, outcome) for who, outcome, _ in _audited(relais, "/relais settings")] == [(MEMBER, "refused")]


def test_an_admin_changes_settings_with_key_value_options_under_the_same_checks(relais: Relais) -> None:
    assert relais.command("/relais settings budget=5000 nature=transactional", user=ADMIN) == []
    saved = _settings(relais)
    assert saved.monthly_budget == 5000 and saved.nature == "transactional" and saved.rules == "charter-2026"
    [told] = _told(relais)
    assert "• Default nature: promotional → transactional" in told
    assert "• Monthly budget: no budget → 5,000 units a month" in told

    [bad] = relais.command('/relais settings budget=-3 optout="Merci"', user=ADMIN)
    assert bad.text.startswith(":warning:") and "budget: -3 is out of range" in bad.text
    assert "optout: `Merci` does not say STOP" in bad.text
    [transactional] = relais.command('/relais settings optout="STOP au 38111"', user=ADMIN)
    assert "optout: `38111` is a transactional short code (38xxx)" in transactional.text
    assert _settings(relais).optout_text == ""
    [typo] = relais.command("/relais settings commands=push,contakt", user=ADMIN)
    assert "did you mean `/contact`?" in typo.text
    [unknown] = relais.command("/relais settings colour=blue", user=ADMIN)
    assert unknown.text.startswith(":warning:") and "colour" in unknown.text

    relais.command("/relais settings budget=none replies=<#CREPLIES|sms-replies> rules=none", user=ADMIN)
    saved = _settings(relais)
    assert saved.monthly_budget is None and saved.replies_channel == "CREPLIES" and saved.rules == "none"
    assert len(_audited(relais, "channel settings")) == 2


def test_a_command_the_channel_does_not_allow_is_refused_and_relais_still_works(relais: Relais) -> None:
    listed = relais.command("/contact list")  # buttons drawn while every command was allowed
    show = copy.deepcopy(listed[-1])
    relais.command("/relais settings commands=push", user=ADMIN)

    [refused] = relais.command("/contact account")
    assert refused.text.startswith(
        ":no_entry: `/contact` is not allowed in this channel, which allows `/push`, `/relais`"
    )
    assert f"<@{ADMIN}>" in refused.text and "`/relais settings`" in refused.text
    refusals = [(who, outcome) for who, outcome, _ in _audited(relais, "/contact account")]
    assert refusals == [(MEMBER, "refused")]

    # A button of the refused command follows its command's rule.
    before = len(relais.standin.ephemerals(MEMBER))
    action = next(a for a in _action_ids(show) if a.startswith("clever.contact.show:"))
    relais.click(show, action)
    [button_refused] = relais.standin.ephemerals(MEMBER)[before:]
    assert button_refused.text.startswith(":no_entry: `/contact` is not allowed in this channel")

    assert "role: member" in relais.reply_text("/relais whoami")
    assert "Monthly budget" in relais.reply_text("/relais settings")
    assert "is not allowed" not in relais.reply_text("/push fields")
    # Another channel keeps every command.
    assert "is not allowed" not in relais.reply_text("/contact account", channel="COTHER")


def _action_ids(message: Message) -> list[str]:
    found: list[str] = []
    for block in message.blocks or []:
        for element in block.get("elements") or []:
            if element.get("type") == "button":
                found.append(str(element["action_id"]))
    return found


def test_the_default_sender_is_used_where_a_push_names_none(relais: Relais) -> None:
    """`sender=` is the `from=` of every SMS push of the channel that gives none; `from=` still wins."""
    relais.records(CHANNEL_SETTINGS).put(CHANNEL, ChannelSettings(nature="transactional", sender="MAGASIN"))
    card = relais.command("/push sms 0612345678 Votre commande est prête")[-1]
    assert "Sender: MAGASIN" in card.all_text()
    relais.click(copy.deepcopy(card), CONFIRM)
    other = relais.command("/push sms 0612345678 from=RELAIS Votre colis arrive")[-1]
    assert "Sender: RELAIS" in other.all_text()
    relais.click(copy.deepcopy(other), CONFIRM)
    bodies = [json.loads(r.body)["datas"] for r in sandbox(relais).requests("/api/pushs") if r.method == "POST"]
    assert [body.get("short_code") for body in bodies] == ["MAGASIN", "RELAIS"]
