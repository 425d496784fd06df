"""Previous / Next buttons of every paginated listing (``bot.slack.pages``)."""

from __future__ import annotations

from bot.slack.context import ActionContext
from bot.slack.pages import EXPORT
from handlers.relais.kit import RelaisKit, relais

__all__ = ["export_listing", "turn_page"]


@relais.action("relais.page:")
def turn_page(ctx: ActionContext, kit: RelaisKit) -> None:
    listing_id, _, page = ctx.value.rpartition(":")
    rendered = kit.pages.render(listing_id, int(page) if page.isdigit() else 1)
    if rendered is None:
        ctx.reply("This listing has expired (listings are kept 24 hours): run the command again.")
        return
    text, blocks = rendered
    ctx.reply(text, blocks, replace=True)


@relais.action(EXPORT)
def export_listing(ctx: ActionContext, kit: RelaisKit) -> None:
    """Export CSV under a listing: the rows it showed, as a file in the channel."""
    table = kit.pages.table(ctx.value)
    if table is None:
        ctx.reply("This listing has expired (listings are kept 24 hours): run the command again with `export`.")
        return
    ctx.export(table)
