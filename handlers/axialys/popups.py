"""``/callback popup list / create / update / delete``: the pop-ups (A14, A15, A16, A20).

Creating and updating are made at once and audited; the update form opens filled with the
pop-up's current settings, and only what differs is sent. Deleting goes through a confirmation card.
"""

from __future__ import annotations

from typing import Any

from bot.rules.fields import FieldError, FieldErrors
from bot.rules.grammar import parse_command_line
from bot.slack.blockkit import input_block, section, static_select
from bot.slack.context import ActionContext, BaseContext, CommandContext, ViewContext
from bot.slack.exports import Table, take_export
from bot.slack.forms import NoCatalogForm, Values, WriteForm, as_text, checked
from bot.vendors.axialys.client import AxialysClient
from bot.vendors.axialys.models import Popup, PopupSettings
from handlers.axialys.audited import audited
from handlers.axialys.command import COMMAND
from handlers.axialys.confirmed import ConfirmedWrite
from handlers.axialys.kit import AxialysKit, axialys
from handlers.axialys.named import find_group, find_planning
from handlers.axialys.popup_buttons import UPDATE_POPUP_BUTTON, popup_buttons
from handlers.axialys.popup_fields import popup_fields, popup_select
from handlers.axialys.popup_lookup import check_popup_ref, find_popup, popup_id
from handlers.axialys.popup_settings import (
    CLEARABLE,
    KEEP,
    NONE,
    POPUP_ALIASES,
    POPUP_FIELDS,
    check_popup_settings,
    current_values,
    flag_text,
    popup_value_check,
    settings_text,
    voice_text,
)

__all__ = ["CREATE_POPUP", "DELETE_POPUP", "PICK_POPUP", "UPDATE_POPUP", "popup_list"]

Block = dict[str, Any]
PICK_POPUP = "axialys.popup.update.pick"
UPDATE_VIEW = "axialys.popup.update"
_CREATE_EXAMPLE = "/callback popup create name=Salon planning=bureau open=support"
_UPDATE_EXAMPLE = "/callback popup update 197 voice=male locale=en"


@axialys.sub(
    COMMAND,
    "popup list",
    summary="Every pop-up and its settings",
    usage="/callback popup list [export [sep=;]]",
    example="/callback popup list",
    operations=("A14",),
)
def popup_list(ctx: CommandContext, kit: AxialysKit) -> None:
    _, export = take_export(ctx.args)
    popups = kit.client.popups()
    admin = ctx.is_admin
    items = [
        [
            section(
                f"*{p.name}* (#{p.id}) · {p.direction or '—'} · {p.locale or '—'}, {voice_text(p.voice)} voice · "
                f"planning {p.planning or '—'} · open → {p.open_group or '—'} · closed → {p.closed_group or '—'}"
                f"{' · immediate' if p.immediate else ''}"
            ),
            *popup_buttons(p.id, admin=admin),
        ]
        for p in popups
    ]
    columns = ["id", "name", "direction", "locale", "voice", "planning", "open group", "closed group", "immediate"]
    rows = [
        [
            str(p.id),
            p.name,
            p.direction or "",
            p.locale or "",
            voice_text(p.voice),
            p.planning or "",
            p.open_group or "",
            p.closed_group or "",
            "yes" if p.immediate else "no",
        ]
        for p in popups
    ]
    table = Table(filename="axialys-popups.csv", columns=columns, rows=rows)
    ctx.paginate("Pop-ups", items, summary=f"{len(popups)} pop-ups", table=table, export=export)


def _words_and_settings(args: str, example: str) -> tuple[str, dict[str, str]]:
    """``[words] key=value …``: the words before the settings (a name, a pop-up), and the settings."""
    line = parse_command_line(
        args,
        positional=len(args.split()),
        known=set(POPUP_FIELDS),
        free_text=False,
        example=example,
        aliases=POPUP_ALIASES,
    )
    return " ".join(line.positional), line.options


# -- create (A15) ------------------------------------------------------------------------------------
def _parse_create(args: str) -> Values:
    name, found = _words_and_settings(args, _CREATE_EXAMPLE)
    values: Values = dict(found)
    if name:
        values.setdefault("name", name)  # name= given as well wins
    return values


#: The settings that name a planning or a group: they must name one Axialys lists.
_LINKS = ("planning", "open", "closed")


def _linked(kit: AxialysKit, given: Values) -> Values:
    """``given`` ({field: text}) with the planning and groups as Axialys names them (any case typed);
    a name it lists nowhere is refused with the nearest ones, never sent."""
    found = dict(given)
    for field in _LINKS:
        if found.get(field):
            find = find_planning if field == "planning" else find_group
            found[field] = find(kit.client, found[field], field=field)
    return found


def _create(ctx: BaseContext, kit: AxialysKit, params: Values) -> None:
    linked = _linked(kit, {field: params[POPUP_FIELDS[field]] for field in _LINKS if params.get(POPUP_FIELDS[field])})
    params = {**params, **{POPUP_FIELDS[field]: name for field, name in linked.items()}}
    settings = PopupSettings.model_validate(params)
    new_id = audited(ctx, "A15 create pop-up", lambda: kit.client.create_popup(settings))
    ctx.reply(f":white_check_mark: Pop-up {settings.nom_popup} created: id {new_id}.")


CREATE_POPUP: WriteForm[AxialysKit] = WriteForm(
    "axialys.popup.create",
    "Create a pop-up",
    lambda kit: popup_fields(kit.client),
    _parse_create,
    lambda values: check_popup_settings(values, require_name=True).model_dump(exclude_none=True),
    _create,
)
CREATE_POPUP.declare(
    axialys,
    COMMAND,
    "popup create",
    summary="Create a pop-up; alone, opens the form (plannings and groups to pick from)",
    usage="/callback popup create name=<name> [planning=… open=… closed=… direction=… locale=fr|en "
    "voice=male|female …]",
    example=_CREATE_EXAMPLE,
    operations=("A15",),
)


# -- update (A16) ------------------------------------------------------------------------------------
def _update_fields(client: AxialysClient, popup: str) -> list[Block]:
    """The update form's blocks, filled with the named pop-up's settings as Axialys has them (A14);
    picking another in its first select refills it (``pick_popup``)."""
    popups = client.popups()
    current = find_popup(client, popup or None, popups=popups)
    choices = [(f"{p.name} (#{p.id})", str(p.id)) for p in popups]
    pick = input_block("popup", "Pop-up", static_select(PICK_POPUP, choices, initial=str(current.id)))
    pick["dispatch_action"] = True
    return [pick, *popup_fields(client, current)]


@axialys.action(PICK_POPUP, admin_only=True, operation="A14")
def pick_popup(ctx: ActionContext, kit: AxialysKit) -> None:
    """Another pop-up picked in the update form: the form is refilled with its settings."""
    ctx.update_modal(UPDATE_POPUP.build_modal(kit, ctx.value))


def _parse_update(args: str) -> Values:
    popup, found = _words_and_settings(args, _UPDATE_EXAMPLE)
    return {"popup": popup, **found}


def _check_update(values: Values) -> Values:
    """The settings given, checked; those given empty (or "(none)") that may be cleared are listed apart."""
    errors: list[FieldError] = []
    popup = as_text(values, "popup").strip()
    try:
        popup = check_popup_ref("popup", popup)
    except FieldError as error:
        errors.append(error)
    try:
        check_popup_settings(values, require_name=False)
    except FieldErrors as many:
        errors.extend(many.errors)
    if errors:
        raise FieldErrors(errors)
    cleared = sorted(field for field in CLEARABLE if field in values and as_text(values, field).strip() in {"", NONE})
    return {"popup": popup, "given": _given(values), "cleared": cleared}


def _given(values: Values) -> Values:
    """{field: text} of the settings with a value (flags as "1"/"0")."""
    given = {field: flag_text(values, field).strip() for field in POPUP_FIELDS if field in values}
    return {field: text for field, text in given.items() if text and text not in {NONE, KEEP}}


def _changes(current: Popup, params: Values) -> tuple[PopupSettings, list[str]]:
    """What differs from the pop-up's current settings: the parameters to send, and the settings cleared."""
    before = current_values(current)
    old: dict[str, str] = {}
    for field, text in before.items():
        try:
            old[POPUP_FIELDS[field]] = str(popup_value_check(field, text)) if text else ""
        except FieldError:  # a value Axialys holds that Relais would not write: any new value differs
            continue
    new = check_popup_settings(params["given"], require_name=False).query()
    send: dict[str, str] = {wire: value for wire, value in new.items() if old.get(wire) != value}
    cleared = [field for field in params["cleared"] if before.get(field)]
    send.update({POPUP_FIELDS[field]: "" for field in cleared})
    return PopupSettings.model_validate(send), cleared


def _update(ctx: BaseContext, kit: AxialysKit, params: Values) -> None:
    current = find_popup(kit.client, params["popup"])
    settings, cleared = _changes(current, {**params, "given": _linked(kit, params["given"])})
    if not settings.query():
        ctx.reply(f"Pop-up {current.name} (#{current.id}) already has these settings: nothing was sent to Axialys.")
        return
    audited(ctx, "A16 update pop-up", lambda: kit.client.update_popup(current.id, settings))
    changed = settings.model_copy(update={POPUP_FIELDS[f]: None for f in cleared})
    parts = [settings_text(changed)] if changed.query() else []
    parts += [f"cleared: {', '.join(cleared)}"] if cleared else []
    ctx.reply(f":white_check_mark: Pop-up {current.name} (#{current.id}) updated: {'; '.join(parts)}.")


class UpdatePopup(NoCatalogForm[AxialysKit, str, Values]):
    """``popup update``: about the pop-up named first (an id or a name). Alone (or nothing), the form
    opens filled with its settings; with settings, they are checked and sent. The modal names the
    pop-up in its first field, so its submission is about that one."""

    callback_id = UPDATE_VIEW
    title = "Update a pop-up"

    def subject(self, kit: AxialysKit, text: str) -> tuple[str, str]:
        values = _parse_update(text)
        return values["popup"], "" if set(values) == {"popup"} else text

    def restore(self, ctx: ViewContext) -> str:
        return ""

    def fields(self, kit: AxialysKit, subject: str) -> list[Block]:
        return _update_fields(kit.client, subject)

    def parse(self, kit: AxialysKit, subject: str, line: str) -> Values:
        return _parse_update(line)

    def check(self, values: Values, catalog: None) -> Values:
        return _check_update(values)

    def perform(self, ctx: BaseContext, kit: AxialysKit, subject: str, params: Values) -> None:
        _update(ctx, kit, params)


UPDATE_POPUP = UpdatePopup()
UPDATE_POPUP.declare(
    axialys,
    COMMAND,
    "popup update",
    summary="Change some settings of a pop-up; with the pop-up alone, the form filled with its current settings",
    usage="/callback popup update [<id or name> key=value …]",
    example=_UPDATE_EXAMPLE,
    operations=("A16",),
)
UPDATE_POPUP.declare_button(axialys, UPDATE_POPUP_BUTTON, operation="A14")


# -- delete (A20) ------------------------------------------------------------------------------------
def _delete_popup(client: AxialysClient, params: dict[str, Any]) -> str:
    client.delete_popup(int(params["id_popup"]))
    return f"pop-up {params['id_popup']} deleted"


DELETE_POPUP_CARD = ConfirmedWrite(
    "axialys.popup.delete",
    "A20 delete pop-up",
    "Delete a pop-up",
    lambda params: f"/callback popup delete {params['id_popup']}",
    lambda params: [f"Pop-up #{params['id_popup']}", "No call can be placed from it afterwards"],
    _delete_popup,
    button="Delete pop-up",
).declare(axialys)
DELETE_POPUP: WriteForm[AxialysKit] = WriteForm(
    "axialys.popup.delete",
    "Delete a pop-up",
    lambda kit: popup_select(kit.client),
    lambda args: {"popup": args},
    lambda values: checked(("popup", lambda: check_popup_ref("popup", as_text(values, "popup")))),
    lambda ctx, kit, params: DELETE_POPUP_CARD.stage(ctx, kit, popup_id(kit.client, params)),
    submit_label="Review",
)
DELETE_POPUP.declare(
    axialys,
    COMMAND,
    "popup delete",
    summary="Delete a pop-up (confirmation card)",
    usage="/callback popup delete <id or name>",
    example="/callback popup delete 197",
    operations=("A20",),
)
