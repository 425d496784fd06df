"""``/push fields`` and ``/push templates``: the additional contact fields (M24) and predefined messages (M25).

Both are marked "à venir" by the document (§3.24, §3.25): a 404 says they are not offered yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from bot.slack.blockkit import problem
from bot.slack.context import CommandContext
from bot.vendors.clever.errors import CleverError
from handlers.clever.kit import CleverKit, clever
from handlers.clever.push_status import line_listing

__all__ = ["fields", "templates"]

T = TypeVar("T")


def _offered_listing(
    ctx: CommandContext,
    read: Callable[[], list[T]],
    line: Callable[[T], str],
    *,
    what: str,
    title: str,
    empty: str,
) -> None:
    """What ``read`` returns, one ``line`` each; a 404 says the list is not offered yet.

    M24 / M25 answered 404: the document marks both "(à venir)" (§3.24, §3.25), so it is no missing item.
    """
    try:
        found = read()
    except CleverError as exc:
        if exc.status != 404:
            raise
        ctx.reply(
            *problem(
                f':information_source: Clever Multimedias does not offer {what} yet (the document marks it "à venir"). '
                "Pushes by criteria still work: Clever checks the fields and the template titles "
                "when it receives them.",
                exc.detail,
            )
        )
        return
    line_listing(ctx, title, [line(item) for item in found], empty=empty)


@clever.sub(
    "/push",
    "fields",
    summary="The additional contact fields",
    usage="/push fields",
    example="/push fields",
    operations=("M24",),
)
def fields(ctx: CommandContext, kit: CleverKit) -> None:
    _offered_listing(
        ctx,
        kit.client.fields,
        lambda f: f"`{f.name}` — {f.label or ''}",
        what="the list of its additional contact fields",
        title="Additional contact fields (usable in criteria)",
        empty="The account has no additional contact field.",
    )


@clever.sub(
    "/push",
    "templates",
    summary="The predefined messages, usable as template=<title>",
    usage="/push templates",
    example="/push templates",
    operations=("M25",),
)
def templates(ctx: CommandContext, kit: CleverKit) -> None:
    _offered_listing(
        ctx,
        kit.client.predefined_messages,
        lambda m: f"*{m.title}* — `template={_quoted(m.title)}`\n{m.message}",
        what="the list of its predefined messages",
        title="Predefined messages",
        empty="The account has no predefined message.",
    )


def _quoted(title: str) -> str:
    return f'"{title}"' if " " in title else title
