"""Paginated listings: any number of items, each page within Slack's block limits, Previous / Next buttons.

A listing is stored once (``pages:<id>``, kept 24 hours) as a list of items, each item a
short list of blocks (a row, maybe with an Edit button). A page holds as many whole items
as fit in ``MAX_ITEM_BLOCKS`` blocks and ``per_page`` items; the buttons carry the listing
id and the page to show, and ``handlers.pages`` answers them by replacing the message.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from bot.core.records import Collection, RecordKind
from bot.slack.blockkit import MAX_MESSAGE_BLOCKS, actions, button, context, header, section
from bot.slack.exports import Table

__all__ = ["EXPORT", "LISTINGS", "NEXT", "PREVIOUS", "Listing", "Pager"]

Block = dict[str, Any]
PREVIOUS, NEXT = "relais.page:previous", "relais.page:next"
#: The Export CSV button under a listing that has a table; its value is the listing id.
EXPORT = "relais.export"
PAGES_TTL_SECONDS = 24 * 3600
# Room left on a page for the header, the lead, the page line and the buttons.
MAX_ITEM_BLOCKS = MAX_MESSAGE_BLOCKS - 4


class Listing(BaseModel):
    title: str
    summary: str = ""
    lead: str = ""
    pages: list[list[Block]]
    count: int
    created: float
    #: What the listing shows as columns and rows, when it can be exported (the Export CSV button).
    table: Table | None = None


#: Kept two days: their buttons stop working after PAGES_TTL_SECONDS anyway.
LISTINGS = RecordKind("pages:", Listing, "paginated listings", keep=2 * 86400.0, since=lambda listing: listing.created)


class Pager:
    def __init__(self, listings: Collection[Listing], *, clock: Callable[[], float] = time.time) -> None:
        self._listings = listings
        self._clock = clock

    def create(
        self,
        title: str,
        items: list[list[Block]],
        *,
        per_page: int = 10,
        summary: str = "",
        lead: str = "",
        table: Table | None = None,
    ) -> str:
        """Store a listing; returns its id. ``lead``: a section above the items on every page (totals), not counted;
        ``table``: the same items as rows, for its Export CSV button."""
        listing_id = secrets.token_urlsafe(8)
        pages = _paginate(items, per_page)
        listing = Listing(
            title=title, summary=summary, lead=lead, pages=pages, count=len(items), created=self._clock(), table=table
        )
        self._listings.put(listing_id, listing)
        return listing_id

    def render(self, listing_id: str, page: int = 1) -> tuple[str, list[Block]] | None:
        """Page ``page`` (1-based, clamped) of a listing, or None when it has expired."""
        listing = self._listings.get(listing_id)
        if listing is None or self._clock() - listing.created > PAGES_TTL_SECONDS:
            return None
        pages: list[list[Block]] = listing.pages or [[]]
        page = min(max(page, 1), len(pages))
        blocks: list[Block] = [header(listing.title)]
        if listing.lead:
            blocks.append(section(listing.lead))
        blocks.extend(pages[page - 1])
        where = f"Page {page} of {len(pages)} · {listing.count} in all"
        blocks.append(context(f"{listing.summary} · {where}" if listing.summary else where))
        nav = []
        if page > 1:
            nav.append(button("◀ Previous", PREVIOUS, f"{listing_id}:{page - 1}"))
        if page < len(pages):
            nav.append(button("Next ▶", NEXT, f"{listing_id}:{page + 1}"))
        if listing.table is not None and listing.table.rows:
            nav.append(button("Export CSV", EXPORT, listing_id))
        if nav:
            blocks.append(actions(*nav))
        return f"{listing.title} ({where})", blocks

    def table(self, listing_id: str) -> Table | None:
        """The rows behind a listing still kept, for its Export CSV button; None when expired or not exportable."""
        listing = self._listings.get(listing_id)
        if listing is None or self._clock() - listing.created > PAGES_TTL_SECONDS:
            return None
        return listing.table

    def show(
        self,
        title: str,
        items: list[list[Block]],
        *,
        per_page: int = 10,
        summary: str = "",
        lead: str = "",
        table: Table | None = None,
    ) -> tuple[str, list[Block]]:
        """Store a listing and render its first page."""
        rendered = self.render(self.create(title, items, per_page=per_page, summary=summary, lead=lead, table=table))
        assert rendered is not None
        return rendered


def _paginate(items: list[list[Block]], per_page: int) -> list[list[Block]]:
    pages: list[list[Block]] = []
    current: list[Block] = []
    count = 0
    for item in items:
        item = item[:MAX_ITEM_BLOCKS]
        if current and (count >= per_page or len(current) + len(item) > MAX_ITEM_BLOCKS):
            pages.append(current)
            current, count = [], 0
        current.extend(item)
        count += 1
    if current or not pages:
        pages.append(current)
    return pages
