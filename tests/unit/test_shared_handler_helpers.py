"""The small helpers several handlers share: a listing's empty sentence, a ``<word> <rest…>`` reader."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.core.records import Records
from bot.core.store import MemoryStore
from bot.rules.grammar import OptionsError
from bot.slack.blockkit import section
from bot.slack.context import BaseContext, SlackKit
from bot.slack.pages import LISTINGS, Pager
from handlers.axialys.command import word_then_rest


@dataclass
class _Replies(BaseContext):
    """A context that keeps its replies instead of sending them."""

    sent: list[tuple[str, list[dict[str, Any]] | None]] = field(default_factory=list)

    def reply(self, text: str, blocks: list[dict[str, Any]] | None = None, *, replace: bool = False) -> None:
        self.sent.append((text, blocks))


def _context() -> _Replies:
    pages = Pager(Records(MemoryStore(), [LISTINGS]).of(LISTINGS))
    none: Any = None
    slack = SlackKit(
        out=none,
        web=none,
        roles=none,
        pages=pages,
        safe_writes=none,
        audit=none,
        worker=none,
        languages=none,
        clock=none,
        channels=none,
    )
    return _Replies(slack=slack, user_id="U1", channel_id="C1")


def test_a_listing_with_no_item_is_its_empty_sentence() -> None:
    ctx = _context()
    ctx.paginate("Things", [], empty="No thing.")
    assert ctx.sent == [("No thing.", None)]


def test_a_listing_with_items_ignores_its_empty_sentence() -> None:
    ctx = _context()
    ctx.paginate("Things", [[section("a")]], empty="No thing.")
    [(text, blocks)] = ctx.sent
    assert text == "Things (Page 1 of 1 · 1 in all)"
    assert blocks is not None and blocks[1]["text"]["text"] == "a"


def test_without_an_empty_sentence_no_item_is_still_a_listing() -> None:
    ctx = _context()
    ctx.paginate("Things", [])
    assert ctx.sent[0][0] == "Things (Page 1 of 1 · 0 in all)"


def test_word_then_rest_reads_one_word_then_the_rest_as_typed() -> None:
    read = word_then_rest("popup", "destinations")
    assert read("77 BE_Mobile,  BE_Fixe") == {"popup": "77", "destinations": "BE_Mobile,  BE_Fixe"}
    assert read("") == {"popup": "", "destinations": ""}


def test_word_then_rest_knows_no_option() -> None:
    with pytest.raises(OptionsError):
        word_then_rest("group", "ordering")("support order=linear")
