"""/relais and the help cards of every command, driven through signed HTTP."""

from __future__ import annotations

import pytest

from tests.conftest import ADMIN, CHANNEL, MEMBER, Relais

COMMANDS = ["/push", "/contact", "/number", "/callback", "/relais"]


def test_relais_help_lists_every_command_and_subcommand_with_an_example(relais: Relais) -> None:
    text = relais.reply_text("/relais help")
    for name, command in relais.runtime.registry.commands.items():
        assert name in text
        for sub in command.subcommands.values():
            assert sub.usage in text and sub.example in text


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_answers_help_with_its_card(relais: Relais, command: str) -> None:
    text = relais.reply_text(f"{command} help")
    assert command in text
    registered = relais.runtime.registry.commands[command]
    for sub in registered.subcommands.values():
        assert sub.example in text


@pytest.mark.parametrize("command", COMMANDS)
def test_unknown_subcommand_answers_the_help_card_naming_the_problem(relais: Relais, command: str) -> None:
    text = relais.reply_text(f"{command} frobnicate now")
    assert "`frobnicate` is not a" in text or command == "/callback"


def test_status_says_each_vendor_is_a_reachable_sandbox(relais: Relais) -> None:
    text = relais.reply_text("/relais status")
    for name in ("Clever Multimedias", "Cliqphone", "Axialys WebAppel"):
        assert name in text
    assert text.count("sandbox") >= 3
    assert text.count("reachable") == 3
    assert "units of credit" in text


def test_status_reports_an_unreachable_vendor_in_plain_words(relais: Relais) -> None:
    relais.sandboxes["clever"].stop()
    text = relais.reply_text("/relais status")
    assert "Clever Multimedias" in text and "cannot be reached right now" in text
    assert text.count("reachable") == 2


def test_status_reports_refused_credentials_in_plain_words(relais: Relais) -> None:
    relais.sandboxes["cliqphone"].set_credentials("someone-else", "another-password")  # type: ignore[attr-defined]
    text = relais.reply_text("/relais status")
    assert "Cliqphone refused the login or password" in text
    assert "code 0002" in text
    assert "another-password" not in text


def test_status_survives_a_vendor_answering_503(relais: Relais) -> None:
    relais.sandboxes["axialys"].inject_fault(503, count=10)
    text = relais.reply_text("/relais status")
    assert "Axialys WebAppel is temporarily unavailable" in text
    assert "HTTP 503" in text


def test_whoami_tells_the_role(relais: Relais) -> None:
    assert "role: member" in relais.reply_text("/relais whoami", user=MEMBER)
    assert "role: admin" in relais.reply_text("/relais whoami", user=ADMIN)


def test_admin_group_members_are_admins(relais_factory) -> None:  # type: ignore[no-untyped-def]
    relais = relais_factory(relais_admins="UADMIN,SADMINS")
    relais.standin.add_usergroup("SADMINS", [MEMBER])
    assert "role: admin" in relais.reply_text("/relais whoami", user=MEMBER)
    assert "role: member" in relais.reply_text("/relais whoami", user="UBOB")


def test_audit_is_refused_to_members_and_the_refusal_is_audited(relais: Relais) -> None:
    text = relais.reply_text("/relais audit", user=MEMBER)
    assert "is for Relais admins" in text
    entries = relais.runtime.services.audit.last(5)
    assert entries[0].outcome == "refused"
    assert entries[0].user_id == MEMBER and entries[0].channel_id == CHANNEL
    assert entries[0].command == "/relais audit"
    shown = relais.reply_text("/relais audit 5", user=ADMIN)
    assert "refused" in shown and "/relais audit" in shown


def test_audit_rejects_a_bad_count(relais: Relais) -> None:
    for bad in ("0", "abc", "51", "-3"):
        text = relais.reply_text(f"/relais audit {bad}", user=ADMIN)
        assert "n: expected a whole number from 1 to 50" in text


def test_empty_audit_log(relais: Relais) -> None:
    assert "The audit log is empty" in relais.reply_text("/relais audit", user=ADMIN)


def test_command_text_with_odd_characters_never_crashes(relais: Relais) -> None:
    for text in ("status \u0000\u202e", "   ", "help " + "x" * 3000, 'audit "unclosed', "😀"):
        messages = relais.command(f"/relais {text}", user=ADMIN)
        assert messages, text
        assert "internal error" not in "\n".join(m.all_text() for m in messages)


def test_contact_account_shows_credit(relais: Relais) -> None:
    text = relais.reply_text("/contact account")
    assert "units" in text and "Credit" in text


def test_long_audit_listings_paginate_with_buttons(relais: Relais) -> None:
    audit = relais.runtime.services.audit
    for n in range(45):
        audit.record(
            user_id=MEMBER, channel_id=CHANNEL, command=f"/push sms {n}", operation="M11 push sms", outcome="done"
        )
    [page_one] = relais.command("/relais audit 45", user=ADMIN)
    assert page_one.blocks is not None and len(page_one.blocks) <= 50
    assert "Page 1 of 5 · 45 in all" in page_one.all_text()
    assert "/push sms 44" in page_one.all_text() and "/push sms 34" not in page_one.all_text()
    relais.click(page_one, "Next ▶", user=ADMIN)
    page_two = relais.standin.find(page_one.ts)
    assert page_two is not None and "Page 2 of 5" in page_two.all_text() and "/push sms 34" in page_two.all_text()
    relais.click(page_two, "◀ Previous", user=ADMIN)
    assert "Page 1 of 5" in relais.shown(page_one.ts)
