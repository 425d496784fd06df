"""``/push fields`` and ``/push templates``: the additional contact fields (M24) and predefined messages (M25).

Both are marked "à venir" by the document (§3.24, §3.25): a 404 says they are not offered yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from bot.slack.blockkit import section
from bot.slack.context import CommandContext
from bot.vendors.clever.errors import CleverError
from handlers.clever.kit import CleverKit, clever

__all__ = ["fields", "templates"]

T = TypeVar("T")


def _not_offered_yet(ctx: CommandContext, what: str, exc: CleverError) -> None:
    """M24 / M25 answered 404: the document marks both "(à venir)" (§3.24, §3.25), so it is no missing item."""
    ctx.reply(
        f':information_source: Clever Multimedias does not offer {what} yet (the document marks it "à venir"). '
        "Pushes by criteria still work: Clever checks the fields and the template titles when it receives them.\n"
        f"_{exc.detail}_"
    )


def _unless_not_offered(ctx: CommandContext, what: str, read: Callable[[], list[T]]) -> list[T] | None:
    try:
        return read()
    except CleverError as exc:
        if exc.status != 404:
            raise
        _not_offered_yet(ctx, what, exc)
        return None


def _listing(ctx: CommandContext, title: str, lines: list[str], *, empty: str) -> None:
    """Rows as a paginated listing, or one sentence when there are none."""
    if not lines:
        ctx.reply(empty)
        return
    ctx.paginate(title, [[section(line)] for line in lines], per_page=20)


@clever.sub(
    "/push",
    "fields",
    summary="The additional contact fields",
    usage="/push fields",
    example="/push fields",
    operations=("M24",),
)
def fields(ctx: CommandContext, kit: CleverKit) -> None:
    found = _unless_not_offered(ctx, "the list of its additional contact fields", kit.client.fields)
    if found is None:
        return
    lines = [f"`{f.name}` — {f.label or ''}" for f in found]
    title = "Additional contact fields (usable in criteria)"
    _listing(ctx, title, lines, empty="The account has no additional contact field.")


@clever.sub(
    "/push",
    "templates",
    summary="The predefined messages, usable as template=<title>",
    usage="/push templates",
    example="/push templates",
    operations=("M25",),
)
def templates(ctx: CommandContext, kit: CleverKit) -> None:
    found = _unless_not_offered(ctx, "the list of its predefined messages", kit.client.predefined_messages)
    if found is None:
        return
    lines = [f"*{m.title}* — `template={_quoted(m.title)}`\n{m.message}" for m in found]
    _listing(ctx, "Predefined messages", lines, empty="The account has no predefined message.")


def _quoted(title: str) -> str:
    return f'"{title}"' if " " in title else title
