"""/callback calls and summary: a pop-up's call listing (A26) and call statistics (A27), paginated, with totals."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

from bot.core.timezone import PARIS
from bot.slack.blockkit import section
from bot.slack.context import CommandContext
from bot.vendors.axialys.models import CallSummaryRow, state_key
from handlers.axialys.command import COMMAND, words_then_options
from handlers.axialys.kit import AxialysKit, axialys
from handlers.axialys.popup_lookup import find_popup
from handlers.axialys.rules import check_date_range
from handlers.axialys.wording import duration, state_words

__all__ = ["calls_command", "summary_command"]

T = TypeVar("T")


def _listing(
    ctx: CommandContext, kit: AxialysKit, what: str, read: Callable[[int, date, date], list[T]]
) -> tuple[str, list[T]]:
    """``[from] [to] [popup=…]`` → the title and the rows ``read`` returns."""
    example = f"/callback {ctx.subcommand} 2026-11-01 2026-11-30 popup=77"
    # Every word before the options is a date; words after the second are not read (as before).
    line = words_then_options(ctx.args, {"popup"}, example=example)
    parts = line.positional
    today = datetime.now(PARIS).date().isoformat()
    start, end = check_date_range("from", parts[0] if parts else today, "to", parts[1] if len(parts) > 1 else "")
    popup = find_popup(kit.client, line.options.get("popup"))
    rows = read(popup.id, start, end)
    return f"{what} of {popup.name} (#{popup.id}), {start} → {end}", rows


@axialys.sub(
    COMMAND,
    "calls",
    summary="A pop-up's calls over a date range (default today), with totals",
    usage="/callback calls [from] [to] [popup=…]",
    example="/callback calls 2026-11-01 2026-11-30 popup=77",
    operations=("A26",),
)
def calls_command(ctx: CommandContext, kit: AxialysKit) -> None:
    """``/callback calls [from] [to] [popup=…]`` (A26)."""
    client = kit.client
    title, rows = _listing(ctx, kit, "Calls", lambda id_popup, start, end: client.calls(id_popup, start=start, end=end))
    items = [
        [
            section(
                f"`#{row.id_tracking}` {row.requested_at} · {row.name or 'anonymous'} · {row.destination or '—'}\n"
                f"{state_words(row.state, row.talk_seconds)} · ring {duration(row.ring_seconds)} · "
                f"talk {duration(row.talk_seconds)} · "
                f"€{row.price} · {row.provenance or ''}"
            )
        ]
        for row in rows
    ]
    answered = sum(1 for row in rows if row.answered)
    talk = sum(row.talk_seconds for row in rows)
    cost = sum((row.price for row in rows), Decimal("0"))
    totals = f"{len(rows)} calls · {answered} answered · talk {duration(talk)} · €{cost}"
    ctx.paginate(title, items, per_page=15, summary=totals, empty=f"{title}: no call.")


def _per_state(rows: list[CallSummaryRow]) -> str:
    """One bucket per state word however spelt ("en attente" = "EN_ATTENTE") and verdict, worded as the rows are.

    An unknown word is answered or not by its talk time, so the same word may make two buckets.
    """
    buckets = Counter((state_key(row.state), row.answered) for row in rows)
    first: dict[tuple[str, bool], CallSummaryRow] = {}
    for row in rows:
        first.setdefault((state_key(row.state), row.answered), row)
    return " · ".join(
        f"{state_words(first[bucket].state, first[bucket].talk_seconds)}: {count}"
        for bucket, count in buckets.most_common()
    )


@axialys.sub(
    COMMAND,
    "summary",
    summary="Call statistics of a pop-up over a date range (default today)",
    usage="/callback summary [from] [to] [popup=…]",
    example="/callback summary 2026-11-01 2026-11-30 popup=77",
    operations=("A27",),
)
def summary_command(ctx: CommandContext, kit: AxialysKit) -> None:
    """``/callback summary [from] [to] [popup=…]`` (A27)."""
    client = kit.client
    title, rows = _listing(
        ctx, kit, "Call summary", lambda id_popup, start, end: client.call_summaries(id_popup, start=start, end=end)
    )
    talk = sum(row.talk_seconds for row in rows)
    per_state = _per_state(rows)
    answered = sum(1 for row in rows if row.answered)
    items = [
        [
            section(
                f"`#{row.id_tracking}` {row.requested_at} · {row.name or 'anonymous'} · "
                f"{state_words(row.state, row.talk_seconds)} · talk {duration(row.talk_seconds)}"
            )
        ]
        for row in rows
    ]
    lead = f"*Totals*: {len(rows)} calls, {answered} answered, talk {duration(talk)}\n{per_state}"
    ctx.paginate(title, items, per_page=15, lead=lead, empty=f"{title}: no call.")
