"""Pagination keeps every page within Slack's block limit, whatever the items."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.core.records import Records
from bot.core.store import MemoryStore
from bot.slack.blockkit import MAX_MESSAGE_BLOCKS, section
from bot.slack.pages import LISTINGS, MAX_ITEM_BLOCKS, Pager


@given(st.lists(st.integers(min_value=1, max_value=60), max_size=120), st.integers(min_value=1, max_value=60))
def test_every_page_fits_and_every_item_appears_once(sizes: list[int], per_page: int) -> None:
    pager = Pager(Records(MemoryStore(), [LISTINGS]).of(LISTINGS))
    items = [[section(f"item {i} part {j}") for j in range(size)] for i, size in enumerate(sizes)]
    listing = pager.create("Things", items, per_page=per_page, lead="Totals: lead")
    seen: list[str] = []
    page = 1
    while True:
        rendered = pager.render(listing, page)
        assert rendered is not None
        _, blocks = rendered
        assert len(blocks) <= MAX_MESSAGE_BLOCKS
        sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
        assert sections[0] == "Totals: lead"  # the lead heads every page
        seen.extend(sections[1:])
        if not any(e.get("action_id") == "relais.page:next" for b in blocks for e in b.get("elements", [])):
            break
        page += 1
    expected = [f"item {i} part {j}" for i, size in enumerate(sizes) for j in range(min(size, MAX_ITEM_BLOCKS))]
    assert seen == expected


def test_the_lead_is_not_counted_as_an_item() -> None:
    pager = Pager(Records(MemoryStore(), [LISTINGS]).of(LISTINGS))
    _, blocks = pager.show("Calls", [[section("a")], [section("b")]], lead="*Totals*: 2 calls")
    assert blocks[-1]["elements"][0]["text"].endswith("Page 1 of 1 · 2 in all")


def test_expired_listing() -> None:
    now = [1000.0]
    pager = Pager(Records(MemoryStore(), [LISTINGS]).of(LISTINGS), clock=lambda: now[0])
    listing = pager.create("x", [[section("a")]])
    now[0] += 25 * 3600
    assert pager.render(listing) is None
