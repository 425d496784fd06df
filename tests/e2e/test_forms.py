"""The one form abstraction (bot/slack/forms.Form) through Slack: a form about an item, its command door
(arguments, or the item alone to open the modal pre-filled), its modal door (inline errors from the same
check, against what the modal offered), and a form with no command line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from bot.rules.fields import FieldError
from bot.rules.grammar import only_options
from bot.slack.blockkit import input_block, static_select, text_input
from bot.slack.context import BaseContext, ViewContext
from bot.slack.forms import Form, Values
from bot.slack.registry import Blueprint, Registry
from handlers import build_registry
from tests.conftest import ADMIN, Relais, RelaisFactory

#: The "vendor": what it offers now, and the items it holds.
OFFERED = ["red", "blue"]
ITEMS = {7: "red"}


@dataclass(frozen=True)
class Item:
    id: int
    colour: str


class Paint(Form[object, Item, frozenset[str], str]):
    callback_id = "test.paint"
    title = "Paint an item"

    def subject(self, kit: object, text: str) -> tuple[Item, str]:
        word, _, rest = text.strip().partition(" ")
        item_id = int(word)
        if item_id not in ITEMS:
            raise FieldError("id", f"no item {item_id}")
        return Item(item_id, ITEMS[item_id]), rest

    def restore(self, ctx: ViewContext) -> Item:
        return Item(int(ctx.metadata["id"]), str(ctx.metadata["was"]))

    def title_for(self, subject: Item) -> str:
        return f"Paint item {subject.id}"

    def metadata(self, subject: Item) -> dict[str, Any]:
        return {"id": subject.id, "was": subject.colour}

    def fields(self, kit: object, subject: Item) -> list[dict[str, Any]]:
        options = [(colour, colour) for colour in OFFERED]
        return [input_block("colour", "Colour", static_select("colour", options, initial=subject.colour))]

    def parse(self, kit: object, subject: Item, line: str) -> Values:
        return dict(only_options(line, {"colour"}, example="/relais paint 7 colour=blue"))

    def listed(self, kit: object, subject: Item, values: Values) -> frozenset[str]:
        return frozenset(OFFERED)

    def offered(self, kit: object, ctx: ViewContext) -> frozenset[str]:
        [block] = [b for b in ctx.view["blocks"] if b.get("block_id") == "colour"]
        return frozenset(str(o["value"]) for o in block["element"]["options"])

    def check(self, values: Values, catalog: frozenset[str]) -> str:
        colour = str(values.get("colour") or "")
        if colour not in catalog:
            raise FieldError("colour", f"{colour} is not offered")
        return colour

    def perform(self, ctx: BaseContext, kit: object, subject: Item, params: str) -> None:
        ITEMS[subject.id] = params
        ctx.reply(f"Item {subject.id}: {subject.colour} → {params}")


class Secret(Form[object, None, None, str]):
    """No command line: the command always opens the modal."""

    callback_id = "test.secret"
    title = "A secret"
    typed = False

    def subject(self, kit: object, text: str) -> tuple[None, str]:
        return None, text

    def restore(self, ctx: ViewContext) -> None:
        return None

    def fields(self, kit: object, subject: None) -> list[dict[str, Any]]:
        return [input_block("secret", "Secret", text_input("secret"))]

    def listed(self, kit: object, subject: None, values: Values) -> None:
        return None

    def offered(self, kit: object, ctx: ViewContext) -> None:
        return None

    def check(self, values: Values, catalog: None) -> str:
        return str(values.get("secret") or "")

    def perform(self, ctx: BaseContext, kit: object, subject: None, params: str) -> None:
        ctx.reply(f"{len(params)} characters kept")


def registry_with_forms() -> Registry:
    tests: Blueprint[object] = Blueprint("relais")
    Paint().declare(tests, "/relais", "paint", summary="paint", usage="/relais paint <id>", example="/relais paint 7")
    Secret().declare(tests, "/relais", "secret", summary="secret", usage="/relais secret", example="/relais secret")
    registry = build_registry()
    registry.include(tests)
    return registry


@pytest.fixture
def relais(relais_factory: RelaisFactory) -> Relais:
    OFFERED[:] = ["red", "blue"]
    ITEMS.clear()
    ITEMS[7] = "red"
    return relais_factory(registry=registry_with_forms())


def test_the_command_door_checks_against_what_the_vendor_lists_now(relais: Relais) -> None:
    assert "colour: pink is not offered" in relais.reply_text("/relais paint 7 colour=pink", user=ADMIN)
    OFFERED.append("pink")
    assert "Item 7: red → pink" in relais.reply_text("/relais paint 7 colour=pink", user=ADMIN)
    assert ITEMS == {7: "pink"}


def test_the_item_alone_opens_the_modal_about_it_prefilled(relais: Relais) -> None:
    relais.command("/relais paint 7", user=ADMIN)
    [view] = relais.standin.open_views(ADMIN)
    assert view.view["callback_id"] == "test.paint"
    assert view.view["title"]["text"] == "Paint item 7"
    metadata = json.loads(view.view["private_metadata"])  # Relais adds where to answer
    assert {key: metadata[key] for key in ("id", "was")} == {"id": 7, "was": "red"}
    [block] = [b for b in view.view["blocks"] if b.get("block_id") == "colour"]
    assert block["element"]["initial_option"]["value"] == "red"


def test_the_modal_door_checks_against_what_it_offered_then_writes_about_its_item(relais: Relais) -> None:
    relais.command("/relais paint 7", user=ADMIN)
    [view] = relais.standin.open_views(ADMIN)
    OFFERED.append("pink")  # offered by the vendor after the modal opened: not by this modal
    reply = relais.driver.submit(view, {"colour": "pink"}, user=ADMIN)
    assert reply.json() == {"response_action": "errors", "errors": {"colour": "pink is not offered"}}
    reply = relais.driver.submit(view, {"colour": "blue"}, user=ADMIN)
    assert reply.status == 200 and reply.body == ""
    relais.settle()
    assert "Item 7: red → blue" in relais.standin.ephemerals(ADMIN)[-1].all_text()
    assert ITEMS == {7: "blue"}


def test_a_form_with_no_command_line_always_opens_its_modal(relais: Relais) -> None:
    relais.command("/relais secret whatever was typed", user=ADMIN)
    [view] = relais.standin.open_views(ADMIN)
    assert view.view["callback_id"] == "test.secret"
    relais.driver.submit(view, {"secret": "Agence2026"}, user=ADMIN)
    relais.settle()
    assert "10 characters kept" in relais.standin.ephemerals(ADMIN)[-1].all_text()
