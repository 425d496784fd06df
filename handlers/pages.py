"""Previous / Next buttons of every paginated listing (``bot.slack.pages``)."""

from __future__ import annotations

from bot.slack.context import ActionContext
from bot.slack.registry import Registry

__all__ = ["register"]


def register(registry: Registry) -> None:
    registry.action("relais.page:", turn_page)


def turn_page(ctx: ActionContext) -> None:
    listing_id, _, page = ctx.value.rpartition(":")
    rendered = ctx.services.pages.render(listing_id, int(page) if page.isdigit() else 1)
    if rendered is None:
        ctx.reply("This listing has expired (listings are kept 24 hours): run the command again.")
        return
    text, blocks = rendered
    ctx.reply(text, blocks, replace=True)
