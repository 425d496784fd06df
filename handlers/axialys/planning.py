"""``/callback planning``: plannings, their weekly opening hours and closing days (A8–A13).

Reads are open to all; changes are for admins. Deleting hours or a closing day goes through a
confirmation card; adding them is made at once and audited. Plannings are named as typed, any case
(``named.find_planning``); opening hours for a planning that does not exist yet take the word ``new``.

Days and hours are read as people type them (``bot.rules.dates``): a closing day ``24/12``,
``24/12/2027``, ``demain``, ``lundi prochain`` or ISO, a day without a year being the next one;
hours ``9h``, ``9h30``, ``14h``, ``09:00``. Answers and cards say the day read, in words.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.core.errors import VendorError
from bot.core.timezone import PARIS
from bot.rules.dates import check_hour_window, read_day, say_day
from bot.rules.fields import FieldError
from bot.rules.grammar import parse_command_line
from bot.slack.blockkit import checkboxes, datepicker, input_block, multi_static_select, section, text_input, timepicker
from bot.slack.context import BaseContext, CommandContext
from bot.slack.forms import Values, WriteForm, as_list, as_text, checked
from bot.vendors.axialys.client import AxialysClient
from bot.vendors.axialys.models import PlanningSlot
from handlers.axialys.audited import audited
from handlers.axialys.command import COMMAND, word_then_rest
from handlers.axialys.confirmed import ConfirmedWrite
from handlers.axialys.kit import AxialysKit, axialys
from handlers.axialys.named import NEW, find_planning, split_new
from handlers.axialys.rules import DAYS, check_day, check_name_field

__all__ = ["ADD_CLOSING", "ADD_HOURS", "DEL_CLOSING", "DEL_HOURS", "planning_list", "planning_show"]

Block = dict[str, Any]
_CREATE_PLANNING = "Create the planning if none has this name"


@axialys.sub(
    COMMAND,
    "planning list",
    summary="The plannings",
    usage="/callback planning list",
    example="/callback planning list",
    operations=("A12",),
)
def planning_list(ctx: CommandContext, kit: AxialysKit) -> None:
    names = kit.client.plannings()
    items = [[section(f"*{name}* · `/callback planning show {name}`")] for name in names]
    ctx.paginate("Plannings", items, summary=f"{len(names)} plannings")


@axialys.sub(
    COMMAND,
    "planning show",
    summary="A planning's weekly hours and closing days",
    usage="/callback planning show <planning>",
    example="/callback planning show bureau",
    operations=("A13",),
)
def planning_show(ctx: CommandContext, kit: AxialysKit) -> None:
    name = find_planning(kit.client, check_name_field("planning", ctx.args))
    details = kit.client.planning_details(name)
    items = [[section(f"{slot.day} {slot.start}–{slot.end}")] for slot in details.slots]
    items.extend([section(f":lock: closed on {_day_words(day)}")] for day in details.closures)
    summary = f"{len(details.slots)} weekly slots · {len(details.closures)} closing days"
    ctx.paginate(f"Planning {name}", items, per_page=40, summary=summary)


# -- opening hours (A8, A9) ----------------------------------------------------------------------------
def _hours_fields(kit: AxialysKit) -> list[Block]:
    return [
        input_block("planning", "Planning", text_input("planning", placeholder="bureau")),
        input_block(
            "new",
            "New planning",
            checkboxes("new", [("Create the planning if none has this name", NEW)]),
            optional=True,
        ),
        input_block("days", "Days", multi_static_select("days", [(d.capitalize(), d) for d in DAYS])),
        input_block("start", "Opens at", timepicker("start", initial="09:00")),
        input_block("end", "Closes at", timepicker("end", initial="18:00")),
    ]


def _parse_hours(args: str) -> Values:
    """``[new] <planning> <days> <start>-<end>``: the hours are the rest of the line."""
    new, words = split_new(args.split(maxsplit=1))
    line = parse_command_line(" ".join(words), positional=2, known=())
    planning, days = [*line.positional, "", ""][:2]
    start, _, end = line.text.partition("-")
    return {"planning": planning, "days": days, "start": start, "end": end, "new": [NEW] if new else []}


def _check_hours(values: Values) -> Values:
    def days() -> list[str]:
        given = as_list(values, "days")
        if not given:
            raise FieldError("days", "at least one day is needed", "e.g. `lundi,mardi`")
        return [check_day("days", day) for day in given]

    def window() -> list[str]:
        start, end = check_hour_window("start", as_text(values, "start"), "end", as_text(values, "end"))
        return [f"{start:%H:%M}", f"{end:%H:%M}"]

    params = checked(
        ("planning", lambda: check_name_field("planning", as_text(values, "planning"))),
        ("days", days),
        ("window", window),
    )
    hours: list[str] = params.pop("window")
    params["slots"] = [[day, *hours] for day in params.pop("days")]
    return {**params, "new": bool(values.get("new"))}


def _slots(params: Values) -> list[PlanningSlot]:
    return [PlanningSlot(day=day, start=start, end=end) for day, start, end in params["slots"]]


def _slots_text(params: Values) -> str:
    return ", ".join(f"{day} {start}–{end}" for day, start, end in params["slots"])


def _add_hours(ctx: BaseContext, kit: AxialysKit, params: Values) -> None:
    params = {**params, "planning": find_planning(kit.client, params["planning"], new=params.get("new", False))}
    try:
        audited(ctx, "A8 add opening hours", lambda: kit.client.add_hours(params["planning"], _slots(params)))
    except VendorError as exc:
        if exc.code != "CONFLIT":
            raise
        raise exc.reworded(
            f"these hours overlap opening hours planning {params['planning']} already has: "
            f"`/callback planning show {params['planning']}` lists them; pick other hours or delete those first"
        ) from None
    ctx.reply(f":white_check_mark: {params['planning']} now opens {_slots_text(params)}.")


def _delete_hours(client: AxialysClient, params: dict[str, Any]) -> str:
    client.delete_hours(params["planning"], _slots(params))
    return f"{_slots_text(params)} removed from {params['planning']}"


DELETE_HOURS_CARD = ConfirmedWrite(
    "axialys.hours.delete",
    "A9 delete opening hours",
    "Delete opening hours",
    lambda params: f"/callback planning del-hours {params['planning']} {_slots_text(params)}",
    lambda params: [f"Planning: {params['planning']}", f"Slots: {_slots_text(params)}"],
    _delete_hours,
    button="Delete hours",
).declare(axialys)


# -- closing days (A10, A11) ----------------------------------------------------------------------------
def _closing_fields(kit: AxialysKit) -> list[Block]:
    return [
        input_block("planning", "Planning", text_input("planning", placeholder="bureau")),
        input_block("date", "Closed on", datepicker("date")),
    ]


#: ``<planning> <day>``: the day is the rest of the line (``lundi prochain``, ``24/12``).
_parse_closing = word_then_rest("planning", "date")


def _check_closing(values: Values) -> Values:
    return checked(
        ("planning", lambda: check_name_field("planning", as_text(values, "planning"))),
        ("date", lambda: _future_day(as_text(values, "date")).isoformat()),
    )


def _future_day(text: str) -> date:
    """A closing day to come, as typed (without a year, the next one); one already past would change nothing."""
    today = datetime.now(PARIS)
    day = read_day("date", text, now=today, direction="future")
    if day < today.date():
        raise FieldError(
            "date", f"{say_day(day)} is already past (today is {say_day(today.date())})", "give today or a day to come"
        )
    return day


def _day_words(iso: str) -> str:
    """A day Axialys lists (``2026-12-25``) in words; one it wrote otherwise, as written."""
    try:
        return say_day(date.fromisoformat(iso.strip()))
    except ValueError:
        return iso


def _add_closing(ctx: BaseContext, kit: AxialysKit, params: Values) -> None:
    params = {**params, "planning": find_planning(kit.client, params["planning"])}
    day = date.fromisoformat(params["date"])
    try:
        audited(ctx, "A10 add closing day", lambda: kit.client.add_closing(params["planning"], day))
    except VendorError as exc:
        if exc.code != "CONFLIT":
            raise
        raise exc.reworded(
            f"this closing day overlaps another one on planning {params['planning']}: "
            "delete it first (`/callback planning del-closing`) or pick other dates"
        ) from None
    ctx.reply(f":white_check_mark: {params['planning']} is closed on {say_day(day, ctx.language)}.")


def _delete_closing(client: AxialysClient, params: dict[str, Any]) -> str:
    client.delete_closing(params["planning"], date.fromisoformat(params["date"]))
    return f"{params['planning']} is no longer closed on {_day_words(params['date'])}"


DELETE_CLOSING_CARD = ConfirmedWrite(
    "axialys.closing.delete",
    "A11 delete closing day",
    "Delete a closing day",
    lambda params: f"/callback planning del-closing {params['planning']} {params['date']}",
    lambda params: [f"Planning: {params['planning']}", f"Open again on {_day_words(params['date'])}"],
    _delete_closing,
    button="Delete closing day",
).declare(axialys)


def _existing(kit: AxialysKit, params: Values) -> Values:
    """The parameters with the planning as Axialys names it (a delete never creates one)."""
    found = {key: value for key, value in params.items() if key != "new"}
    return {**found, "planning": find_planning(kit.client, params["planning"])}


ADD_HOURS: WriteForm[AxialysKit] = WriteForm(
    "axialys.planning.add-hours", "Add opening hours", _hours_fields, _parse_hours, _check_hours, _add_hours
)
DEL_HOURS: WriteForm[AxialysKit] = WriteForm(
    "axialys.planning.del-hours",
    "Delete opening hours",
    lambda kit: [block for block in _hours_fields(kit) if block.get("block_id") != "new"],
    _parse_hours,
    _check_hours,
    lambda ctx, kit, params: DELETE_HOURS_CARD.stage(ctx, kit, _existing(kit, params)),
    submit_label="Review",
)
ADD_CLOSING: WriteForm[AxialysKit] = WriteForm(
    "axialys.planning.add-closing", "Add a closing day", _closing_fields, _parse_closing, _check_closing, _add_closing
)
DEL_CLOSING: WriteForm[AxialysKit] = WriteForm(
    "axialys.planning.del-closing",
    "Delete a closing day",
    _closing_fields,
    _parse_closing,
    _check_closing,
    lambda ctx, kit, params: DELETE_CLOSING_CARD.stage(ctx, kit, _existing(kit, params)),
    submit_label="Review",
)

ADD_HOURS.declare(
    axialys,
    COMMAND,
    "planning add-hours",
    summary="Open on some days between two hours; `new` before the name creates a planning none has",
    usage="/callback planning add-hours [new] <planning> <days> <start>-<end>",
    example="/callback planning add-hours boutique dimanche 10:00-13:00",
    operations=("A8",),
)
DEL_HOURS.declare(
    axialys,
    COMMAND,
    "planning del-hours",
    summary="Remove opening hours (confirmation card)",
    usage="/callback planning del-hours <planning> <days> <start>-<end>",
    example="/callback planning del-hours boutique samedi 10:00-19:00",
    operations=("A9",),
)
ADD_CLOSING.declare(
    axialys,
    COMMAND,
    "planning add-closing",
    summary="Close a planning on one day",
    usage="/callback planning add-closing <planning> <day>",
    example="/callback planning add-closing bureau 24/12/2027",
    operations=("A10",),
)
DEL_CLOSING.declare(
    axialys,
    COMMAND,
    "planning del-closing",
    summary="Reopen a closing day (confirmation card)",
    usage="/callback planning del-closing <planning> <day>",
    example="/callback planning del-closing bureau 2026-12-25",
    operations=("A11",),
)
