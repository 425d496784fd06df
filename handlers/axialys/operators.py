"""``/callback operators``: operator groups and their operators (A1–A5).

Reads are open to all; changes are for admins. Removing an operator goes through a confirmation
card; adding one and setting a group's ordering are made at once and audited. Groups are named as
typed, any case (``named.find_group``); adding to a group that does not exist takes the word ``new``.
"""

from __future__ import annotations

from typing import Any

from bot.rules.fields import check_int
from bot.rules.grammar import parse_command_line
from bot.rules.phones import parse_phone
from bot.slack.blockkit import checkboxes, input_block, section, static_select, text_input
from bot.slack.context import ActionContext, BaseContext, CommandContext
from bot.slack.exports import Table, take_export
from bot.slack.forms import Values, WriteForm, as_text, checked, prefilled
from bot.vendors.axialys.client import AxialysClient
from handlers.axialys.audited import audited
from handlers.axialys.command import COMMAND, word_then_rest
from handlers.axialys.confirmed import ConfirmedWrite
from handlers.axialys.kit import AxialysKit, axialys
from handlers.axialys.named import NEW, find_group, split_new
from handlers.axialys.popup_buttons import ADD_OPERATOR_BUTTON, group_buttons
from handlers.axialys.rules import ORDERINGS, check_name_field, check_ordering, ordering_text

__all__ = ["ADD_OPERATOR", "REMOVE_OPERATOR", "SET_MODE", "add_operator_click", "operators_list"]

Block = dict[str, Any]
DEFAULT_RING_SECONDS = 30
_CREATE_GROUP = "Create the group if none has this name"


@axialys.sub(
    COMMAND,
    "operators list",
    summary="The operator groups, or one group's operators in calling order",
    usage="/callback operators list [group] [export [sep=;]]",
    example="/callback operators list support",
    operations=("A1", "A4"),
)
def operators_list(ctx: CommandContext, kit: AxialysKit) -> None:
    """``operators list [group]``: the groups (A1), or one group's operators in calling order (A4)."""
    args, export = take_export(ctx.args)
    if args.strip():
        group = find_group(kit.client, check_name_field("group", args))
        rows = kit.client.operators(group)
        items = [
            [section(f"{row.rank or '—'}. `+{row.e164}` · rings {row.ring_seconds} s · position {row.position}")]
            for row in rows
        ]
        table = Table(
            filename=f"axialys-operators-{group}.csv",
            columns=["rank", "number", "ring (s)", "position"],
            rows=[[str(r.rank or ""), f"+{r.e164}", str(r.ring_seconds), str(r.position or "")] for r in rows],
        )
        ctx.paginate(f"Operators of {group}", items, summary=f"{len(rows)} operators", table=table, export=export)
    else:
        groups = kit.client.operator_groups()
        admin = ctx.is_admin
        items = [
            [
                section(f"*{g.name}* · calls its operators {ordering_text(g.ordering)} ({g.ordering})"),
                *group_buttons(g.name, index, admin=admin),
            ]
            for index, g in enumerate(groups)
        ]
        table = Table(
            filename="axialys-operator-groups.csv",
            columns=["group", "ordering", "ordering code"],
            rows=[[g.name, ordering_text(g.ordering), g.ordering] for g in groups],
        )
        ctx.paginate("Operator groups", items, summary=f"{len(groups)} groups", table=table, export=export)


def _ordering_shown(ordering: str) -> str:
    return f"calls its operators {ordering_text(ordering)} ({ordering})"


def _operator_fields(kit: AxialysKit) -> list[Block]:
    return [
        input_block("group", "Group", text_input("group", placeholder="support"), hint="letters and digits"),
        input_block(
            "new", "New group", checkboxes("new", [("Create the group if none has this name", NEW)]), optional=True
        ),
        input_block("number", "Operator's number", text_input("number", placeholder="01 70 20 02 58")),
        input_block("ring", "Ring time, seconds (10–1000)", text_input("ring", initial="30"), optional=True),
        input_block("position", "Position (1–1000)", text_input("position", placeholder="10"), optional=True),
    ]


def _parse_operator(args: str) -> Values:
    """``[new] <group> <number, in as many words as written> [ring=…] [position=…]``."""
    line = parse_command_line(
        args,
        positional=len(args.split()),
        known={"ring", "position"},
        free_text=False,
        example="/callback operators add support 01 70 20 02 59 ring=25",
    )
    new, words = split_new(line.positional)
    group, *number = words or [""]
    return {"group": group, "number": " ".join(number), "new": [NEW] if new else [], **line.options}


def _check_operator(values: Values) -> Values:
    steps: list[tuple[str, Any]] = [
        ("group", lambda: check_name_field("group", as_text(values, "group"))),
        ("number", lambda: parse_phone("number", as_text(values, "number")).digits),
        ("ring", lambda: check_int("ring", as_text(values, "ring") or DEFAULT_RING_SECONDS, minimum=10, maximum=1000)),
    ]
    if as_text(values, "position").strip():
        steps.append(("position", lambda: check_int("position", as_text(values, "position"), minimum=1, maximum=1000)))
    return {**checked(*steps), "new": bool(values.get("new"))}


def _add_operator(ctx: BaseContext, kit: AxialysKit, params: Values) -> None:
    params = {**params, "group": find_group(kit.client, params["group"], new=params.get("new", False))}
    audited(
        ctx,
        "A2 add operator",
        lambda: kit.client.add_operator(params["group"], params["number"], params["ring"], params.get("position")),
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
    button="Remove operator",
).declare(axialys)


def _mode_fields(kit: AxialysKit) -> list[Block]:
    groups = [(g.name, g.name) for g in kit.client.operator_groups()]
    return [
        input_block("group", "Group", static_select("group", groups)),
        input_block(
            "ordering", "Ordering", static_select("ordering", [(f"{o} — {ordering_text(o)}", o) for o in ORDERINGS])
        ),
    ]


#: ``<group> <ordering>``: the ordering is the rest of the line.
_parse_mode = word_then_rest("group", "ordering")


def _check_mode(values: Values) -> Values:
    return checked(
        ("group", lambda: check_name_field("group", as_text(values, "group"))),
        ("ordering", lambda: check_ordering("ordering", as_text(values, "ordering"))),
    )


def _set_mode(ctx: BaseContext, kit: AxialysKit, params: Values) -> None:
    group, ordering = find_group(kit.client, params["group"]), params["ordering"]
    audited(ctx, "A5 operator ordering", lambda: kit.client.set_ordering(group, ordering))
    ctx.reply(f":white_check_mark: {group} now {_ordering_shown(ordering)}.")


ADD_OPERATOR: WriteForm[AxialysKit] = WriteForm(
    "axialys.operators.add", "Add an operator", _operator_fields, _parse_operator, _check_operator, _add_operator
)
REMOVE_OPERATOR: WriteForm[AxialysKit] = WriteForm(
    "axialys.operators.remove",
    "Remove an operator",
    lambda kit: [block for block in _operator_fields(kit) if block["block_id"] in {"group", "number"}],
    _parse_operator,
    lambda values: {k: v for k, v in _check_operator({**values, "ring": "30"}).items() if k in {"group", "number"}},
    lambda ctx, kit, params: REMOVE_OPERATOR_CARD.stage(
        ctx, kit, {**params, "group": find_group(kit.client, params["group"])}
    ),
    submit_label="Review",
)
SET_MODE: WriteForm[AxialysKit] = WriteForm(
    "axialys.operators.mode", "Operator ordering", _mode_fields, _parse_mode, _check_mode, _set_mode
)


@axialys.action(ADD_OPERATOR_BUTTON, admin_only=True, operation="A1")
def add_operator_click(ctx: ActionContext, kit: AxialysKit) -> None:
    """A listed group's Add operator button: the add form with the group filled in."""
    ctx.open_modal(prefilled(ADD_OPERATOR.build_modal(kit, None), {"group": ctx.value}))


ADD_OPERATOR.declare(
    axialys,
    COMMAND,
    "operators add",
    summary="Add a number to a group; `new` before the name creates a group none has; alone, opens the form",
    usage="/callback operators add [new] <group> <number> [ring=30] [position=10]",
    example="/callback operators add support 01 70 20 02 59 ring=25",
    operations=("A2",),
)
REMOVE_OPERATOR.declare(
    axialys,
    COMMAND,
    "operators remove",
    summary="Remove a number from a group (confirmation card)",
    usage="/callback operators remove <group> <number>",
    example="/callback operators remove support +33612345678",
    operations=("A3",),
)
SET_MODE.declare(
    axialys,
    COMMAND,
    "operators mode",
    summary="How a group calls its operators: FIXE (in order), RANDOM (at random) or TOURNANTE (round robin)",
    usage="/callback operators mode <group> <FIXE|RANDOM|TOURNANTE>",
    example="/callback operators mode commercial RANDOM",
    operations=("A5",),
)
