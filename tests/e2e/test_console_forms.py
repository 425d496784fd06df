"""Forms in the console: prefilled values shown and kept on Enter; files shared with ``attach`` or at the prompt."""

from __future__ import annotations

import io
from pathlib import Path

from bot.console.session import ConsoleSession
from bot.core.config import Settings
from bot.slack.blockkit import (
    checkboxes,
    datepicker,
    input_block,
    modal,
    multi_static_select,
    static_select,
    text_input,
    timepicker,
)
from bot.slack.context import CommandContext, ViewContext
from bot.slack.registry import Blueprint, Registry
from handlers import build_registry
from handlers.clever.users import USER_FIELDS

CSV = b"nom;telephone\nDupont;06 12 34 56 78\nMartin;0623456789\nX;0639\nDupont;+33612345678\n"
# The /push sms form, in order: channel, recipients, recipients file, message, predefined message,
# nature, sender, encoding, voice file name, options, send at.
PUSH_FORM_BEFORE_TEXT = ["", "", ""]
PUSH_FORM_AFTER_TEXT = ["", "", "", "", "", "", ""]


def run(session: ConsoleSession, lines: list[str]) -> str:
    out = io.StringIO()
    assert session.interact(stdin=io.StringIO("\n".join(lines) + "\n"), out=out) == 0
    return out.getvalue()


def registry_with_prefilled_form(submitted: list[dict[str, object]]) -> Registry:
    """A form whose every kind of input holds a value before the user types."""
    tests: Blueprint[object] = Blueprint("relais")
    kinds = [("Fixed", "FIXE"), ("Random", "RANDOM")]
    days = [("Monday", "mon"), ("Tuesday", "tue"), ("Friday", "fri")]

    def open_form(ctx: CommandContext, kit: object) -> None:
        ctx.open_modal(
            modal(
                "Prefilled form",
                [
                    input_block("name", "Name", text_input("name", initial="Lyon")),
                    input_block("kind", "Kind", static_select("kind", kinds, initial="RANDOM")),
                    input_block("days", "Days", multi_static_select("days", days, initial=["mon", "fri"])),
                    input_block("day", "Day", datepicker("day", initial="2026-12-01")),
                    input_block("at", "At", timepicker("at", initial="09:30")),
                    input_block("opts", "Options", checkboxes("opts", [("Flash", "flash")], initial=["flash"])),
                    input_block("note", "Note", text_input("note", initial="keep me"), optional=True),
                ],
                callback_id="test.prefilled",
                submit="Save",
            )
        )

    def submit(ctx: ViewContext, kit: object) -> None:
        submitted.append(dict(ctx.values))
        ctx.reply("Saved")

    tests.sub("/relais", "prefilled", summary="form", usage="/relais prefilled", example="/relais prefilled")(open_form)
    tests.view("test.prefilled", validate=lambda ctx, kit: {})(submit)
    registry = build_registry()
    registry.include(tests)
    return registry


def test_a_form_shows_its_prefilled_values_and_enter_keeps_them(tmp_path: Path) -> None:
    submitted: list[dict[str, object]] = []
    registry = registry_with_prefilled_form(submitted)
    with ConsoleSession(settings=Settings(relais_data_dir=tmp_path), registry=registry) as session:
        output = run(session, ["/relais prefilled", *[""] * 7, "quit"])
    assert "Name: <plain_text_input> = Lyon" in output
    assert "Kind: <static_select> = Random" in output and "Days: <multi_static_select> = Monday, Friday" in output
    assert "Day: <datepicker> = 2026-12-01" in output and "At: <timepicker> = 09:30" in output
    assert "Name (Enter keeps Lyon, - empties it): " in output
    assert "Kind (a number; Enter keeps Random, - empties it): " in output
    assert submitted == [
        {
            "name": "Lyon",
            "kind": "RANDOM",
            "days": ["mon", "fri"],
            "day": "2026-12-01",
            "at": "09:30",
            "opts": ["flash"],
            "note": "keep me",
        }
    ]


def test_a_prefilled_value_can_be_replaced_or_emptied(tmp_path: Path) -> None:
    submitted: list[dict[str, object]] = []
    registry = registry_with_prefilled_form(submitted)
    with ConsoleSession(settings=Settings(relais_data_dir=tmp_path), registry=registry) as session:
        lines = ["/relais prefilled", "Paris", "9", "1", "2", "", "", "", "-", "quit"]
        output = run(session, lines)
    assert "✗ type the number of a choice, 1 to 2" in output  # 9 is asked again, then 1 is taken
    [values] = submitted
    assert values["name"] == "Paris" and values["kind"] == "FIXE" and values["days"] == ["tue"]
    assert values.get("note") in (None, "")


def test_an_edit_form_sent_back_untouched_keeps_what_the_vendor_has(tmp_path: Path) -> None:
    answers = {"password": "Lyon2027", "city": "Villeurbanne"}
    with ConsoleSession(settings=Settings(relais_data_dir=tmp_path)) as session:
        output = run(session, ["/contact user edit 1002", *[answers.get(name, "") for name in USER_FIELDS], "quit"])
        _, shown = session.send("/contact user show 1002")
    assert "<plain_text_input> = agence-lyon" in output  # the prefilled username, shown
    assert "User 1002 (agence-lyon) updated" in output and "Lyon2027" not in output
    assert "Villeurbanne" in shown and "agence-lyon" in shown


def test_an_attached_csv_gives_the_push_form_its_recipients(tmp_path: Path) -> None:
    csv_path = tmp_path / "liste.csv"
    csv_path.write_bytes(CSV)
    with ConsoleSession(settings=Settings(relais_data_dir=tmp_path)) as session:
        lines = [f"attach {csv_path}", "/push sms", *PUSH_FORM_BEFORE_TEXT, "Bonjour", *PUSH_FORM_AFTER_TEXT, "quit"]
        output = run(session, lines)
        [shared] = [f for f in session.standin.files.values() if f["name"] == "liste.csv"]
    assert f"Attached liste.csv ({len(CSV)} bytes)" in output
    assert "(a file's path; Enter keeps liste.csv, - empties it)" in output
    assert "2 valid, 1 invalid, 1 duplicate removed" in output and "line 4: `0639`" in output
    assert shared["user"] == "UALICE" and shared["mimetype"] == "text/csv"
    # The app read it through Slack's files API, as in a workspace.
    assert [c.args.get("file") for c in session.standin.calls_to("files.info")] == [shared["id"]]


def test_a_file_path_typed_at_a_file_field_is_shared(tmp_path: Path) -> None:
    csv_path = tmp_path / "liste.csv"
    csv_path.write_bytes(CSV)
    with ConsoleSession(settings=Settings(relais_data_dir=tmp_path)) as session:
        lines = ["/push sms", "", "", str(tmp_path / "missing.csv"), str(csv_path), "Bonjour"]
        output = run(session, [*lines, *PUSH_FORM_AFTER_TEXT, "quit"])
    assert "✗ cannot read" in output and "missing.csv" in output
    assert "2 valid, 1 invalid, 1 duplicate removed" in output


def test_attach_explains_a_missing_file_and_an_unused_attachment(tmp_path: Path) -> None:
    csv_path = tmp_path / "liste.csv"
    csv_path.write_bytes(CSV)
    with ConsoleSession(settings=Settings(relais_data_dir=tmp_path)) as session:
        output = run(session, [f"attach {tmp_path / 'nope.csv'}", f"attach {csv_path}", "/relais status", "quit"])
    assert "Cannot attach" in output and "nope.csv" in output
    assert "the attached file was not used: this command opened no form" in output
