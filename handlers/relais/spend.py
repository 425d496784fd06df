"""``/relais spend [period] [by user|channel|vendor] [export [sep=;]]``: what was spent through Relais.

Read from Relais' own records (``spending``), never from the vendors: Clever units per campaign,
Axialys calls with their price, Cliqphone numbers added. Admins see everyone's; a member sees their
own campaigns, calls and numbers. The period is read as everywhere (``bot.rules.dates.read_period``:
``this month`` by default, ``last month``, ``le mois dernier``, ``from 01/11 to 30/11``…). The answer
is a listing of totals per group (its Export CSV button gives every line), and a PNG chart of the
Clever units per day posted in the channel with it.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from bot.core.errors import UserError
from bot.core.timezone import PARIS
from bot.rules.dates import PERIOD_EXAMPLES, read_period, say_period
from bot.slack.blockkit import section
from bot.slack.context import CommandContext
from bot.slack.exports import Table, take_export
from bot.slack.files import upload_file
from handlers.relais.kit import RelaisKit, relais
from handlers.relais.spend_chart import units_chart
from handlers.relais.spending import (
    AXIALYS,
    CLEVER,
    Grouping,
    Spend,
    Totals,
    group_totals,
    spends,
    totals,
    units_per_day,
)

__all__ = ["SPEND_COLUMNS", "read_spend_line", "spend"]

SPEND_COLUMNS = ["date (Paris)", "vendor", "what", "reference", "user", "channel", "units", "price (€)"]
#: ``by user`` / ``par canal`` at the end of the line: the words people use for each grouping.
_GROUPINGS: dict[str, Grouping] = {
    **dict.fromkeys(("user", "users", "utilisateur", "utilisateurs", "person", "personne"), "user"),
    **dict.fromkeys(("channel", "channels", "canal", "canaux", "salon", "salons"), "channel"),
    **dict.fromkeys(("vendor", "vendors", "fournisseur", "fournisseurs", "service", "services"), "vendor"),
}
_BY = re.compile(r"(?:^|\s)(?:by|par)\s+(\S+)\s*$", re.I)
UNITS_MEANING = (
    "Units are Clever Multimedias' units as each campaign card showed them (what the account's credit is "
    "debited); cancelled and still scheduled campaigns are not counted. Call prices are Axialys' (A26 `prix`); "
    "Cliqphone gives no price for a number."
)


def read_spend_line(text: str, *, now: datetime) -> tuple[date, date, Grouping]:
    """``[period] [by user|channel|vendor]`` → the first and last days and the grouping (``vendor`` left out)."""
    rest = text.strip()
    grouping: Grouping = "vendor"
    by = _BY.search(rest)
    if by is not None:
        word = by.group(1).lower()
        if word not in _GROUPINGS:
            raise UserError(f"by: `{word}` is not a grouping", hint="use `by user`, `by channel` or `by vendor`")
        rest, grouping = rest[: by.start()].strip(), _GROUPINGS[word]
    start, end = read_period("period", rest or "this month", now=now)
    return start, end, grouping


def _line(key: str, summed: Totals, by: Grouping) -> str:
    name = {"user": f"<@{key}>", "channel": f"<#{key}>", "vendor": key}[by]
    return f"*{name}*: {_amounts(summed)}"


def _amounts(summed: Totals) -> str:
    parts = []
    if summed.campaigns:
        parts.append(f"{summed.units:,} units ({summed.campaigns} campaign{'s' if summed.campaigns != 1 else ''})")
    if summed.calls:
        parts.append(f"€{summed.euros} ({summed.calls} call{'s' if summed.calls != 1 else ''})")
    if summed.numbers:
        parts.append(f"{summed.numbers} number{'s' if summed.numbers != 1 else ''} added")
    return " · ".join(parts) or "nothing"


def _row(spend: Spend) -> list[str]:
    price = str(spend.euros) if spend.vendor == AXIALYS else ""
    units = str(spend.units) if spend.vendor == CLEVER else ""
    return [
        spend.day.isoformat(),
        spend.vendor,
        spend.what,
        spend.reference,
        spend.user_id,
        spend.channel_id,
        units,
        price,
    ]


@relais.sub(
    "/relais",
    "spend",
    summary="What was spent through Relais: Clever units, call prices, numbers added (yours; admins: everyone's)",
    usage="/relais spend [this month|last month|from … to …] [by user|channel|vendor] [export [sep=;]]",
    example="/relais spend last month by user",
)
def spend(ctx: CommandContext, kit: RelaisKit) -> None:
    text, export = take_export(ctx.args)
    start, end, grouping = read_spend_line(text, now=datetime.now(PARIS))
    admin = ctx.is_admin
    found = spends(
        (campaign for _, campaign in kit.campaigns.scan()),
        (call for _, call in kit.calls.scan()),
        (number for _, number in kit.numbers_added.scan()),
        start=start,
        end=end,
        user_id=None if admin else ctx.user_id,
    )
    period = say_period(start, end, ctx.language)
    whose = "everyone's" if admin else "yours"
    title = f"Spending, {period}"
    table = Table(
        filename=f"relais-spend-{start.isoformat()}-{end.isoformat()}.csv",
        columns=SPEND_COLUMNS,
        rows=[_row(s) for s in found],
    )
    items = [[section(_line(key, summed, grouping))] for key, summed in group_totals(found, grouping)]
    lead = f"*Total* ({whose}): {_amounts(totals(found))}\n_{UNITS_MEANING}_"
    empty = f"{title}: nothing spent through Relais ({whose}). Periods read: {PERIOD_EXAMPLES}."
    ctx.paginate(
        title, items, per_page=20, lead=lead, summary=f"by {grouping}", empty=empty, table=table, export=export
    )
    if export is None and any(s.units for s in found):
        last = min(end, datetime.now(PARIS).date())
        chart = units_chart(units_per_day(found, start, max(start, last)), f"Clever units per day, {period}")
        upload_file(
            ctx.slack.web,
            ctx.channel_id or ctx.user_id,
            f"relais-units-{start.isoformat()}-{end.isoformat()}.png",
            chart,
            comment=f"Clever units per day, {period} ({whose}), for <@{ctx.user_id}>.",
        )
