"""Modals through Slack: opened from a command, inline errors on submit, work done after the ack."""

from __future__ import annotations

import pytest

from bot.slack.blockkit import datepicker, input_block, modal, static_select, text_input
from bot.slack.context import CommandContext, ViewContext
from bot.slack.registry import Blueprint, Registry
from handlers import build_registry
from tests.conftest import ADMIN, MEMBER, Relais, RelaisFactory


def registry_with_form(submitted: list[dict[str, object]]) -> Registry:
    tests: Blueprint[object] = Blueprint("relais")

    def open_form(ctx: CommandContext, kit: object) -> None:
        ctx.open_modal(
            modal(
                "Test form",
                [
                    input_block("name", "Name", text_input("name")),
                    input_block("kind", "Kind", static_select("kind", [("Fixed", "FIXE"), ("Random", "RANDOM")])),
                    input_block("day", "Day", datepicker("day"), optional=True),
                ],
                callback_id="test.form",
                submit="Save",
            )
        )

    def validate(ctx: ViewContext, kit: object) -> dict[str, str]:
        name = str(ctx.values.get("name") or "")
        return {"name": f"name: {len(name)} characters, the limit is 10"} if len(name) > 10 else {}

    def submit(ctx: ViewContext, kit: object) -> None:
        submitted.append(dict(ctx.values))
        ctx.reply(f"Saved {ctx.values['name']} ({ctx.values['kind']})")

    tests.sub("/relais", "testform", summary="form", usage="/relais testform", example="/relais testform")(open_form)
    tests.view("test.form", validate=validate)(submit)
    tests.sub(
        "/relais",
        "testadminform",
        summary="form",
        usage="/relais testadminform",
        example="/relais testadminform",
        admin_only=True,
    )(open_form)
    registry = build_registry()
    registry.include(tests)
    return registry


@pytest.fixture
def submitted() -> list[dict[str, object]]:
    return []


@pytest.fixture
def relais(relais_factory: RelaisFactory, submitted: list[dict[str, object]]) -> Relais:
    return relais_factory(registry=registry_with_form(submitted))


def test_a_modal_opens_and_an_invalid_field_gets_an_inline_error(relais: Relais, submitted: list[object]) -> None:
    relais.command("/relais testform")
    [view] = relais.standin.open_views(MEMBER)
    reply = relais.driver.submit(view, {"name": "A name far too long", "kind": "FIXE"})
    assert reply.status == 200
    assert reply.json() == {"response_action": "errors", "errors": {"name": "name: 19 characters, the limit is 10"}}
    relais.settle()
    assert submitted == [] and not view.closed


def test_a_valid_submission_closes_the_modal_and_answers_in_the_channel(
    relais: Relais, submitted: list[object]
) -> None:
    relais.command("/relais testform")
    [view] = relais.standin.open_views(MEMBER)
    reply = relais.driver.submit(view, {"name": "Lyon", "kind": "RANDOM", "day": "2026-12-01"})
    assert reply.status == 200 and reply.body == ""
    relais.settle()
    assert submitted == [{"name": "Lyon", "kind": "RANDOM", "day": "2026-12-01"}]
    assert "Saved Lyon (RANDOM)" in relais.standin.ephemerals(MEMBER)[-1].all_text()


def test_admin_only_commands_do_not_even_open_their_modal_for_members(relais: Relais) -> None:
    text = relais.reply_text("/relais testadminform", user=MEMBER)
    assert "is for Relais admins" in text
    assert relais.standin.open_views(MEMBER) == []
    relais.command("/relais testadminform", user=ADMIN)
    assert len(relais.standin.open_views(ADMIN)) == 1
