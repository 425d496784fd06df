"""/callback operators, planning, block and centrex (A1–A13, A28).

Reads are open to all; changes are for admins (declared on their two-word subcommands). Deletes go
through a confirmation card; other changes are made at once and audited.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.core.timezone import PARIS
from bot.rules.fields import (
    FieldError,
    check_choice,
    check_date,
    check_hour_window,
    check_int,
    check_ipv4,
)
from bot.rules.phones import parse_phone
from bot.services import Services
from bot.slack.blockkit import (
    datepicker,
    fields_section,
    input_block,
    multi_static_select,
    section,
    static_select,
    text_input,
    timepicker,
)
from bot.slack.context import BaseContext, CommandContext
from bot.slack.registry import Registry, Subcommand
from bot.vendors.axialys.client import AxialysClient
from bot.vendors.axialys.models import CentrexFilters, PlanningSlot
from handlers.axialys.common import ConfirmedWrite, audited, options
from handlers.axialys.forms import Values, WriteForm, as_list, as_text, checked, first_and_rest
from handlers.axialys.rules import (
    DAYS,
    ORDERINGS,
    check_day,
    check_name_field,
    check_ordering,
    check_registration,
)

__all__ = [
    "block_subcommands",
    "centrex_command",
    "operators_subcommands",
    "planning_subcommands",
    "register_admin",
]

Block = dict[str, Any]
DEFAULT_RING_SECONDS = 30


# -- operators (A1–A5) -------------------------------------------------------------------------------
def operators_list(ctx: CommandContext) -> None:
    """``operators list [group]``: the groups (A1), or one group's operators in calling order (A4)."""
    client = ctx.services.axialys
    if ctx.args.strip():
        group = check_name_field("group", ctx.args)
        rows = client.operators(group)
        items = [
            [section(f"{row.rank or '—'}. `+{row.e164}` · rings {row.ring_seconds} s · position {row.position}")]
            for row in rows
        ]
        text, blocks = ctx.services.pages.show(f"Operators of {group}", items, summary=f"{len(rows)} operators")
    else:
        groups = client.operator_groups()
        items = [[section(f"*{g.name}* · ordering {g.ordering}")] for g in groups]
        text, blocks = ctx.services.pages.show("Operator groups", items, summary=f"{len(groups)} groups")
    ctx.reply(text, blocks)


def _operator_fields(services: Services) -> list[Block]:
    return [
        input_block("group", "Group", text_input("group", placeholder="support"), hint="letters and digits"),
        input_block("number", "Operator's number", text_input("number", placeholder="01 70 20 02 58")),
        input_block("ring", "Ring time, seconds (10–1000)", text_input("ring", initial="30"), optional=True),
        input_block("position", "Position (1–1000)", text_input("position", placeholder="10"), optional=True),
    ]


def _parse_operator(args: str) -> Values:
    found, rest = options(args, {"ring", "position"})
    group, number = first_and_rest(rest)
    return {"group": group, "number": number, **found}


def _check_operator(values: Values) -> Values:
    steps: list[tuple[str, Any]] = [
        ("group", lambda: check_name_field("group", as_text(values, "group"))),
        ("number", lambda: parse_phone("number", as_text(values, "number")).digits),
        ("ring", lambda: check_int("ring", as_text(values, "ring") or DEFAULT_RING_SECONDS, minimum=10, maximum=1000)),
    ]
    if as_text(values, "position").strip():
        steps.append(("position", lambda: check_int("position", as_text(values, "position"), minimum=1, maximum=1000)))
    return checked(*steps)


def _add_operator(ctx: BaseContext, params: Values) -> None:
    audited(
        ctx,
        "A2 add operator",
        lambda: ctx.services.axialys.add_operator(
            params["group"], params["number"], params["ring"], params.get("position")
        ),
    )
    ctx.reply(f":white_check_mark: +{params['number']} added to {params['group']} (rings {params['ring']} s).")


def _remove_operator(client: AxialysClient, params: dict[str, Any]) -> str:
    client.remove_operator(params["group"], params["number"])
    return f"+{params['number']} removed from {params['group']}"


REMOVE_OPERATOR_CARD = ConfirmedWrite(
    "axialys.operator.remove",
    "A3 remove operator",
    "Remove an operator",
    lambda params: f"/callback operators remove {params['group']} +{params['number']}",
    lambda params: [f"Group: {params['group']}", f"Operator: +{params['number']}", "Calls no longer ring this number"],
    _remove_operator,
)


def _mode_fields(services: Services) -> list[Block]:
    groups = [(g.name, g.name) for g in services.axialys.operator_groups()]
    return [
        input_block("group", "Group", static_select("group", groups)),
        input_block("ordering", "Ordering", static_select("ordering", [(o, o) for o in ORDERINGS])),
    ]


def _parse_mode(args: str) -> Values:
    group, ordering = first_and_rest(args)
    return {"group": group, "ordering": ordering}


def _check_mode(values: Values) -> Values:
    return checked(
        ("group", lambda: check_name_field("group", as_text(values, "group"))),
        ("ordering", lambda: check_ordering("ordering", as_text(values, "ordering"))),
    )


def _set_mode(ctx: BaseContext, params: Values) -> None:
    audited(ctx, "A5 operator ordering", lambda: ctx.services.axialys.set_ordering(params["group"], params["ordering"]))
    ctx.reply(f":white_check_mark: {params['group']} now calls its operators in {params['ordering']} order.")


ADD_OPERATOR = WriteForm(
    "axialys.operators.add", "Add an operator", _operator_fields, _parse_operator, _check_operator, _add_operator
)
REMOVE_OPERATOR = WriteForm(
    "axialys.operators.remove",
    "Remove an operator",
    lambda services: _operator_fields(services)[:2],
    _parse_operator,
    lambda values: {k: v for k, v in _check_operator({**values, "ring": "30"}).items() if k in {"group", "number"}},
    REMOVE_OPERATOR_CARD.stage,
    submit_label="Review",
)
SET_MODE = WriteForm("axialys.operators.mode", "Operator ordering", _mode_fields, _parse_mode, _check_mode, _set_mode)


def operators_subcommands() -> list[Subcommand]:
    return [
        Subcommand(
            "operators list",
            "The operator groups, or one group's operators in calling order",
            "/callback operators list [group]",
            "/callback operators list support",
            operators_list,
            operations=("A1", "A4"),
        ),
        Subcommand(
            "operators add",
            "Add a number to a group (created if missing); alone, opens the form",
            "/callback operators add <group> <number> [ring=30] [position=10]",
            "/callback operators add support 01 70 20 02 59 ring=25",
            ADD_OPERATOR.command,
            admin_only=True,
            operations=("A2",),
        ),
        Subcommand(
            "operators remove",
            "Remove a number from a group (confirmation card)",
            "/callback operators remove <group> <number>",
            "/callback operators remove support +33612345678",
            REMOVE_OPERATOR.command,
            admin_only=True,
            operations=("A3",),
        ),
        Subcommand(
            "operators mode",
            "How a group calls its operators: FIXE, RANDOM or TOURNANTE",
            "/callback operators mode <group> <FIXE|RANDOM|TOURNANTE>",
            "/callback operators mode commercial RANDOM",
            SET_MODE.command,
            admin_only=True,
            operations=("A5",),
        ),
    ]


# -- planning (A8–A13) ---------------------------------------------------------------------------------
def planning_list(ctx: CommandContext) -> None:
    names = ctx.services.axialys.plannings()
    items = [[section(f"*{name}* · `/callback planning show {name}`")] for name in names]
    text, blocks = ctx.services.pages.show("Plannings", items, summary=f"{len(names)} plannings")
    ctx.reply(text, blocks)


def planning_show(ctx: CommandContext) -> None:
    name = check_name_field("planning", ctx.args)
    details = ctx.services.axialys.planning_details(name)
    items = [[section(f"{slot.day} {slot.start}–{slot.end}")] for slot in details.slots]
    items.extend([section(f":lock: closed on {day}")] for day in details.closures)
    summary = f"{len(details.slots)} weekly slots · {len(details.closures)} closing days"
    text, blocks = ctx.services.pages.show(f"Planning {name}", items, per_page=40, summary=summary)
    ctx.reply(text, blocks)


def _hours_fields(services: Services) -> list[Block]:
    return [
        input_block("planning", "Planning", text_input("planning", placeholder="bureau")),
        input_block("days", "Days", multi_static_select("days", [(d.capitalize(), d) for d in DAYS])),
        input_block("start", "Opens at", timepicker("start", initial="09:00")),
        input_block("end", "Closes at", timepicker("end", initial="18:00")),
    ]


def _parse_hours(args: str) -> Values:
    planning, rest = first_and_rest(args)
    days, hours = first_and_rest(rest)
    start, _, end = hours.partition("-")
    return {"planning": planning, "days": days, "start": start, "end": end}


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
    return params


def _slots(params: Values) -> list[PlanningSlot]:
    return [PlanningSlot(day=day, start=start, end=end) for day, start, end in params["slots"]]


def _slots_text(params: Values) -> str:
    return ", ".join(f"{day} {start}–{end}" for day, start, end in params["slots"])


def _add_hours(ctx: BaseContext, params: Values) -> None:
    audited(ctx, "A8 add opening hours", lambda: ctx.services.axialys.add_hours(params["planning"], _slots(params)))
    ctx.reply(f":white_check_mark: {params['planning']} now opens {_slots_text(params)}.")


def _delete_hours(client: AxialysClient, params: dict[str, Any]) -> str:
    client.delete_hours(params["planning"], _slots(params))
    return f"{_slots_text(params)} removed from {params['planning']}"


def _closing_fields(services: Services) -> list[Block]:
    return [
        input_block("planning", "Planning", text_input("planning", placeholder="bureau")),
        input_block("date", "Closed on", datepicker("date")),
    ]


def _parse_closing(args: str) -> Values:
    planning, day = first_and_rest(args)
    return {"planning": planning, "date": day}


def _check_closing(values: Values) -> Values:
    return checked(
        ("planning", lambda: check_name_field("planning", as_text(values, "planning"))),
        ("date", lambda: _future_day(as_text(values, "date")).isoformat()),
    )


def _future_day(text: str) -> date:
    """A closing day to come: one already past would change nothing (Paris calendar)."""
    day = check_date("date", text)
    today = datetime.now(PARIS).date()
    if day < today:
        raise FieldError("date", f"{day} is already past (today is {today} in Paris)", "give today or a day to come")
    return day


def _add_closing(ctx: BaseContext, params: Values) -> None:
    day = check_date("date", params["date"])
    audited(ctx, "A10 add closing day", lambda: ctx.services.axialys.add_closing(params["planning"], day))
    ctx.reply(f":white_check_mark: {params['planning']} is closed on {day}.")


def _delete_closing(client: AxialysClient, params: dict[str, Any]) -> str:
    client.delete_closing(params["planning"], check_date("date", params["date"]))
    return f"{params['planning']} is no longer closed on {params['date']}"


DELETE_HOURS_CARD = ConfirmedWrite(
    "axialys.hours.delete",
    "A9 delete opening hours",
    "Delete opening hours",
    lambda params: f"/callback planning del-hours {params['planning']} {_slots_text(params)}",
    lambda params: [f"Planning: {params['planning']}", f"Slots: {_slots_text(params)}"],
    _delete_hours,
)
DELETE_CLOSING_CARD = ConfirmedWrite(
    "axialys.closing.delete",
    "A11 delete closing day",
    "Delete a closing day",
    lambda params: f"/callback planning del-closing {params['planning']} {params['date']}",
    lambda params: [f"Planning: {params['planning']}", f"Open again on {params['date']}"],
    _delete_closing,
)


ADD_HOURS = WriteForm(
    "axialys.planning.add-hours", "Add opening hours", _hours_fields, _parse_hours, _check_hours, _add_hours
)
DEL_HOURS = WriteForm(
    "axialys.planning.del-hours",
    "Delete opening hours",
    _hours_fields,
    _parse_hours,
    _check_hours,
    DELETE_HOURS_CARD.stage,
    submit_label="Review",
)
ADD_CLOSING = WriteForm(
    "axialys.planning.add-closing", "Add a closing day", _closing_fields, _parse_closing, _check_closing, _add_closing
)
DEL_CLOSING = WriteForm(
    "axialys.planning.del-closing",
    "Delete a closing day",
    _closing_fields,
    _parse_closing,
    _check_closing,
    DELETE_CLOSING_CARD.stage,
    submit_label="Review",
)


def planning_subcommands() -> list[Subcommand]:
    return [
        Subcommand(
            "planning list",
            "The plannings",
            "/callback planning list",
            "/callback planning list",
            planning_list,
            operations=("A12",),
        ),
        Subcommand(
            "planning show",
            "A planning's weekly hours and closing days",
            "/callback planning show <planning>",
            "/callback planning show bureau",
            planning_show,
            operations=("A13",),
        ),
        Subcommand(
            "planning add-hours",
            "Open on some days between two hours (the planning is created if missing)",
            "/callback planning add-hours <planning> <days> <start>-<end>",
            "/callback planning add-hours boutique dimanche 10:00-13:00",
            ADD_HOURS.command,
            admin_only=True,
            operations=("A8",),
        ),
        Subcommand(
            "planning del-hours",
            "Remove opening hours (confirmation card)",
            "/callback planning del-hours <planning> <days> <start>-<end>",
            "/callback planning del-hours boutique samedi 10:00-19:00",
            DEL_HOURS.command,
            admin_only=True,
            operations=("A9",),
        ),
        Subcommand(
            "planning add-closing",
            "Close a planning on one day",
            "/callback planning add-closing <planning> <YYYY-MM-DD>",
            "/callback planning add-closing bureau 2027-12-24",
            ADD_CLOSING.command,
            admin_only=True,
            operations=("A10",),
        ),
        Subcommand(
            "planning del-closing",
            "Reopen a closing day (confirmation card)",
            "/callback planning del-closing <planning> <YYYY-MM-DD>",
            "/callback planning del-closing bureau 2026-12-25",
            DEL_CLOSING.command,
            admin_only=True,
            operations=("A11",),
        ),
    ]


# -- blacklists (A6, A7) -----------------------------------------------------------------------------------
def _block_number(client: AxialysClient, params: dict[str, Any]) -> str:
    client.blacklist_number(params["number"])
    return f"+{params['number']} is blacklisted: Axialys will never call it"


def _block_ip(client: AxialysClient, params: dict[str, Any]) -> str:
    client.blacklist_ip(params["ip"])
    return f"{params['ip']} is blacklisted: call requests from it are refused"


# Blacklisting has no undo in the API (§2 lists no removal): a confirmation card first.
BLOCK_NUMBER_CARD = ConfirmedWrite(
    "axialys.block.number",
    "A6 blacklist number",
    "Blacklist a number",
    lambda params: f"/callback block number +{params['number']}",
    lambda params: [f"Number: +{params['number']}", "Axialys will never call it again: there is no undo"],
    _block_number,
    labels=("Blacklist", "Keep calling it"),
)
BLOCK_IP_CARD = ConfirmedWrite(
    "axialys.block.ip",
    "A7 blacklist IP",
    "Blacklist an IP address",
    lambda params: f"/callback block ip {params['ip']}",
    lambda params: [f"IP address: {params['ip']}", "Call requests from it are refused: there is no undo"],
    _block_ip,
    labels=("Blacklist", "Keep it"),
)


BLOCK_NUMBER = WriteForm(
    "axialys.block.number",
    "Blacklist a number",
    lambda services: [input_block("number", "Number", text_input("number", placeholder="+33899100200"))],
    lambda args: {"number": args},
    lambda values: checked(("number", lambda: parse_phone("number", as_text(values, "number")).digits)),
    BLOCK_NUMBER_CARD.stage,
)
BLOCK_IP = WriteForm(
    "axialys.block.ip",
    "Blacklist an IP",
    lambda services: [input_block("ip", "IPv4 address", text_input("ip", placeholder="203.0.113.8"))],
    lambda args: {"ip": args},
    lambda values: checked(("ip", lambda: check_ipv4("ip", as_text(values, "ip")))),
    BLOCK_IP_CARD.stage,
)


def block_subcommands() -> list[Subcommand]:
    return [
        Subcommand(
            "block number",
            "Never call this number again (no undo: confirmation card)",
            "/callback block number <number>",
            "/callback block number +33899100201",
            BLOCK_NUMBER.command,
            admin_only=True,
            operations=("A6",),
        ),
        Subcommand(
            "block ip",
            "Refuse call requests from this IPv4 address (no undo)",
            "/callback block ip <ipv4>",
            "/callback block ip 203.0.113.8",
            BLOCK_IP.command,
            admin_only=True,
            operations=("A7",),
        ),
    ]


# -- Centrex (A28) ------------------------------------------------------------------------------------------
CENTREX_FILTERS = {"id", "number", "state", "site", "since", "until"}


def _check_centrex(values: dict[str, str]) -> CentrexFilters:
    steps: list[tuple[str, Any]] = []
    if "id" in values:
        steps.append(("centrex_account_id", lambda: check_int("id", values["id"], minimum=1)))
    if "number" in values:
        steps.append(("phone_number", lambda: parse_phone("number", values["number"]).digits))
    if "state" in values:
        steps.append(("state", lambda: check_choice("state", values["state"], ("active", "suspended"))))
    if "site" in values:
        steps.append(("site", lambda: check_name_field("site", values["site"])))
    if "since" in values:
        steps.append(("last_registration_at", lambda: check_registration("since", values["since"])))
    if "until" in values:
        steps.append(("last_registration_at_end", lambda: check_registration("until", values["until"])))
    return CentrexFilters.model_validate(checked(*steps))


def centrex_command(ctx: CommandContext) -> None:
    """``/callback centrex [id=… number=… state=… site=… since=… until=…]`` (A28); passwords are never shown."""
    found, rest = options(ctx.args, CENTREX_FILTERS)
    if rest:
        raise FieldError("filters", f"`{rest}` is not a filter", "write key=value, e.g. `state=active site=Paris`")
    accounts = ctx.services.axialys.centrex_accounts(_check_centrex(found))
    items = [
        [
            section(f"*{account.user_name or '—'}* · account {account.id} · {account.state or '—'}"),
            fields_section(
                [
                    ("Numbers", ", ".join(f"+{n}" for n in account.phone_numbers) or "—"),
                    ("Site", account.site or "—"),
                    ("Short number", account.short_number or "—"),
                    ("Server", account.server or "—"),
                    ("Codec", f"{account.codec or '—'} ({account.codec_mode or '—'}), {account.transport or '—'}"),
                    ("Last registration", account.last_registration_at or "never"),
                ]
            ),
        ]
        for account in accounts
    ]
    text, blocks = ctx.services.pages.show("Centrex accounts", items, per_page=8, summary=f"{len(accounts)} accounts")
    ctx.reply(text, blocks)


def register_admin(registry: Registry) -> None:
    for form in (
        ADD_OPERATOR,
        REMOVE_OPERATOR,
        SET_MODE,
        ADD_HOURS,
        DEL_HOURS,
        ADD_CLOSING,
        DEL_CLOSING,
        BLOCK_NUMBER,
        BLOCK_IP,
    ):
        form.register(registry)
    for delete in (REMOVE_OPERATOR_CARD, DELETE_HOURS_CARD, DELETE_CLOSING_CARD, BLOCK_NUMBER_CARD, BLOCK_IP_CARD):
        registry.executor(delete.executor())
