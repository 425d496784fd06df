"""The interactive console: slash commands, buttons pressed by number, modals filled at prompts."""

from __future__ import annotations

import io
from pathlib import Path

from bot.console.session import ConsoleSession
from bot.core.config import Settings


def run(session: ConsoleSession, lines: list[str]) -> str:
    out = io.StringIO()
    assert session.interact(stdin=io.StringIO("\n".join(lines) + "\n"), out=out) == 0
    return out.getvalue()


def test_interactive_session_commands_buttons_and_users(tmp_path: Path) -> None:
    with ConsoleSession(settings=Settings(relais_data_dir=tmp_path)) as session:
        for n in range(15):
            session.runtime.services.audit.record(
                user_id="UALICE", channel_id="CGENERAL", command=f"/push sms {n}", operation="M11", outcome="done"
            )
        output = run(session, ["help", "/relais audit 15", "press 1", "as UBOB", "/relais audit", "home", "quit"])
    assert "press N" in output  # the console's own help
    assert "Page 1 of 2" in output and "[1: Next ▶]" in output
    assert "Page 2 of 2" in output and "(only visible to you, updated)" in output
    assert "Now typing as UBOB (member)" in output
    assert "is for Relais admins" in output
    assert "App Home" in output and "Your role: member" in output


def test_unknown_input_and_bad_button_numbers_are_explained(tmp_path: Path) -> None:
    with ConsoleSession(settings=Settings(relais_data_dir=tmp_path)) as session:
        output = run(session, ["frobnicate", "press 9", "as UNOBODY"])
    assert "Not understood" in output
    assert "There is no button 9" in output
    assert "Unknown user UNOBODY" in output


def test_modal_fields_are_asked_and_inline_errors_asked_again(tmp_path: Path) -> None:
    from tests.e2e.test_modals import registry_with_form

    submitted: list[dict[str, object]] = []
    registry = registry_with_form(submitted)
    with ConsoleSession(settings=Settings(relais_data_dir=tmp_path), registry=registry) as session:
        output = run(session, ["/relais testform", "A name far too long", "2", "", "Lyon", "quit"])
    assert "── Modal: Test form ──" in output
    assert "✗ name: name: 19 characters, the limit is 10" in output
    assert submitted == [{"name": "Lyon", "kind": "RANDOM"}]
    assert "Saved Lyon (RANDOM)" in output


def test_input_ending_inside_a_modal_leaves_it_open(tmp_path: Path) -> None:
    from tests.e2e.test_modals import registry_with_form

    submitted: list[dict[str, object]] = []
    with ConsoleSession(settings=Settings(relais_data_dir=tmp_path), registry=registry_with_form(submitted)) as session:
        output = run(session, ["/relais testform"])
    assert "a modal is open" in output and submitted == []


def test_the_console_uses_the_sandboxes_even_with_live_credentials_set(tmp_path: Path) -> None:
    live = Settings(
        relais_data_dir=tmp_path,
        clever_url="https://clever.example.com",
        clever_username="prod",
        clever_password="prod-password",  # type: ignore[arg-type]
    )
    with ConsoleSession(settings=live) as session:
        assert {handle.mode for handle in session.runtime.services.vendors.values()} == {"sandbox"}


def test_the_home_tab_s_buttons_are_pressable_in_the_console(tmp_path: Path) -> None:
    with ConsoleSession(settings=Settings(relais_data_dir=tmp_path)) as session:
        output = run(
            session,
            ['/push sms +33612345678 nature=transactional at="tomorrow 9:00" Bonjour demain', "press 1", "home"],
        )
        home = output.split("── App Home ──")[1]
        assert "Scheduled campaigns" in home
        number = home.split(": Cancel]")[0].rsplit("[", 1)[1]
        pressed = run(session, [f"press {number}"])
    assert "Cancel campaign" in pressed and "until you press" in pressed


def test_a_global_shortcut_is_chosen_by_name_and_its_form_filled_at_prompts(tmp_path: Path) -> None:
    with ConsoleSession(settings=Settings(relais_data_dir=tmp_path)) as session:
        output = run(session, ["shortcut place a callbak", "shortcut Place a callback", "06 12 34 56 78", *[""] * 10])
    assert "There is no shortcut named `place a callbak`: did you mean `Place a callback`?" in output
    assert "+33612345678" in output and "until you press" in output
