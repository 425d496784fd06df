"""/callback calls and summary: a pop-up's call listing (A26) and call statistics (A27), paginated, with totals,
each call with its buttons (``call_buttons``), and both as CSV files (``… export`` or the Export CSV button).

The period is typed as people type it (``hier``, ``cette semaine``, ``last week``, ``01/11 30/11``,
``01/11/2026 au 30/11/2026``, ISO; days without a year look back) and the title says the period read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

from bot.core.timezone import PARIS
from bot.rules.dates import read_period, say_period, say_vendor_moment
from bot.slack.blockkit import section
from bot.slack.context import CommandContext
from bot.slack.exports import ExportRequest, Table, take_export
from bot.vendors.axialys.models import CallRow, CallSummaryRow, state_key
from handlers.axialys.call_buttons import call_buttons
from handlers.axialys.command import COMMAND, words_then_options
from handlers.axialys.kit import AxialysKit, axialys
from handlers.axialys.popup_lookup import find_popup
from handlers.axialys.wording import duration, state_plain, state_words

__all__ = ["calls_command", "summary_command"]

T = TypeVar("T")


def _listing(
    ctx: CommandContext, kit: AxialysKit, what: str, read: Callable[[int, date, date], list[T]]
) -> tuple[str, int, list[T], ExportRequest | None]:
    """``[period] [popup=…] [export [sep=;]]`` → the title, the pop-up's id, the rows ``read`` returns, and
    whether a CSV file was asked for instead of the listing."""
    example = f"/callback {ctx.subcommand} 01/11/2026 30/11/2026 popup=77"
    text, export = take_export(ctx.args)
    # Every word before the options is the period (`last week`, `01/11 au 30/11`); left out, today.
    line = words_then_options(text, {"popup"}, example=example)
    start, end = read_period("period", " ".join(line.positional) or "today", now=datetime.now(PARIS))
    popup = find_popup(kit.client, line.options.get("popup"))
    rows = read(popup.id, start, end)
    return f"{what} of {popup.name} (#{popup.id}), {say_period(start, end, ctx.language)}", popup.id, rows, export


#: The columns of both call files; A26's extra ones follow in ``_CALL_COLUMNS``.
_COMMON_COLUMNS = ["tracking id", "requested (Paris time)", "name", "state", "state code", "talk (s)"]
_CALL_COLUMNS = [*_COMMON_COLUMNS, "ring (s)", "destination", "price (€)", "provenance", "usr1", "usr2", "usr3"]


def _common_cells(row: CallRow | CallSummaryRow) -> list[str]:
    return [
        str(row.id_tracking),
        row.requested_at,
        row.name or "",
        state_plain(row.state, row.talk_seconds),
        row.state,
        str(row.talk_seconds),
    ]


@axialys.sub(
    COMMAND,
    "calls",
    summary="A pop-up's calls over a period (default today: `hier`, `last week`, `01/11 30/11`), with totals; "
    "`export` posts them as a CSV file",
    usage="/callback calls [period] [popup=…] [export [sep=;]]",
    example="/callback calls 01/11/2026 30/11/2026 popup=77",
    operations=("A26",),
)
def calls_command(ctx: CommandContext, kit: AxialysKit) -> None:
    """``/callback calls [period] [popup=…]`` (A26), each call with its buttons (``call_buttons``)."""
    language = ctx.language
    client = kit.client
    title, id_popup, rows, export = _listing(
        ctx, kit, "Calls", lambda id_popup, start, end: client.calls(id_popup, start=start, end=end)
    )
    items = [
        [
            section(
                f"`#{row.id_tracking}` {say_vendor_moment(row.requested_at, language=language)} · "
                f"{row.name or 'anonymous'} · "
                f"{row.destination or '—'}\n"
                f"{state_words(row.state, row.talk_seconds)} · ring {duration(row.ring_seconds)} · "
                f"talk {duration(row.talk_seconds)} · "
                f"€{row.price} · {row.provenance or ''}"
            ),
            *call_buttons(
                row.id_tracking,
                id_popup,
                row.state,
                answered=row.answered,
                placed_here=kit.calls.get(str(row.id_tracking)) is not None,
            ),
        ]
        for row in rows
    ]
    table = Table(
        filename=f"calls-popup-{id_popup}.csv",
        columns=_CALL_COLUMNS,
        rows=[
            [
                *_common_cells(row),
                str(row.ring_seconds),
                row.destination or "",
                str(row.price),
                row.provenance or "",
                row.usr1 or "",
                row.usr2 or "",
                row.usr3 or "",
            ]
            for row in rows
        ],
    )
    answered = sum(1 for row in rows if row.answered)
    talk = sum(row.talk_seconds for row in rows)
    cost = sum((row.price for row in rows), Decimal("0"))
    totals = f"{len(rows)} calls · {answered} answered · talk {duration(talk)} · €{cost}"
    ctx.paginate(title, items, per_page=15, summary=totals, empty=f"{title}: no call.", table=table, export=export)


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
    summary="Call statistics of a pop-up over a period (default today: `hier`, `cette semaine`, `01/11 30/11`); "
    "`export` posts the calls as a CSV file",
    usage="/callback summary [period] [popup=…] [export [sep=;]]",
    example="/callback summary 01/11/2026 au 30/11/2026 popup=77",
    operations=("A27",),
)
def summary_command(ctx: CommandContext, kit: AxialysKit) -> None:
    """``/callback summary [period] [popup=…]`` (A27)."""
    language = ctx.language
    client = kit.client
    title, id_popup, rows, export = _listing(
        ctx, kit, "Call summary", lambda id_popup, start, end: client.call_summaries(id_popup, start=start, end=end)
    )
    talk = sum(row.talk_seconds for row in rows)
    per_state = _per_state(rows)
    answered = sum(1 for row in rows if row.answered)
    items = [
        [
            section(
                f"`#{row.id_tracking}` {say_vendor_moment(row.requested_at, language=language)} · "
                f"{row.name or 'anonymous'} · "
                f"{state_words(row.state, row.talk_seconds)} · talk {duration(row.talk_seconds)}"
            )
        ]
        for row in rows
    ]
    table = Table(
        filename=f"call-summary-popup-{id_popup}.csv",
        columns=_COMMON_COLUMNS,
        rows=[_common_cells(row) for row in rows],
    )
    lead = f"*Totals*: {len(rows)} calls, {answered} answered, talk {duration(talk)}\n{per_state}"
    ctx.paginate(title, items, per_page=15, lead=lead, empty=f"{title}: no call.", table=table, export=export)
