"""Previous / Next buttons of every paginated listing (``bot.slack.pages``)."""

from __future__ import annotations

from bot.slack.context import ActionContext
from handlers.relais.kit import RelaisKit, relais

__all__ = ["turn_page"]


@relais.action("relais.page:")
def turn_page(ctx: ActionContext, kit: RelaisKit) -> None:
    listing_id, _, page = ctx.value.rpartition(":")
    rendered = kit.pages.render(listing_id, int(page) if page.isdigit() else 1)
    if rendered is None:
        ctx.reply("This listing has expired (listings are kept 24 hours): run the command again.")
        return
    text, blocks = rendered
    ctx.reply(text, blocks, replace=True)
