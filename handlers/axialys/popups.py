"""/callback popup and file: pop-ups, their destinations and files (A14–A23)."""

from __future__ import annotations

from typing import Any

from bot.rules.fields import FieldError, FieldErrors, check_choice, check_email, check_int
from bot.rules.grammar import parse_yes_no
from bot.services import Services
from bot.slack.blockkit import (
    checkboxes,
    file_input,
    input_block,
    modal,
    section,
    static_select,
    text_input,
)
from bot.slack.context import ActionContext, BaseContext, CommandContext
from bot.slack.files import download_file, upload_file
from bot.slack.registry import Registry, Subcommand
from bot.vendors.axialys.client import AxialysClient
from bot.vendors.axialys.models import Popup, PopupSettings
from handlers.axialys.common import ConfirmedWrite, audited, find_popup, options
from handlers.axialys.forms import Values, WriteForm, as_list, as_text, checked, first_and_rest
from handlers.axialys.rules import (
    DIRECTIONS,
    FILE_TYPES,
    LOCALES,
    VOICES,
    check_destination_codes,
    check_digits,
    check_file,
    check_file_type,
    check_id_popup,
    check_label,
    check_name_field,
    size_warning,
)

__all__ = ["file_subcommands", "popup_subcommands", "register_popups"]

#: Relais's own guard on what it downloads from Slack (memory), not a vendor rule: Axialys sets no limit.
MAX_DOWNLOAD_BYTES = 25 * 1024 * 1024

Block = dict[str, Any]
NONE = "-"
#: The option of a select whose current value is not among those offered: leave the setting as it is.
KEEP = "(unchanged)"

#: Option / modal field → the A15/A16 parameter (§1 names, decisions "Pop-up parameter spellings").
POPUP_FIELDS: dict[str, str] = {
    "name": "nom_popup",
    "direction": "direction",
    "planning": "nom_plage",
    "client_wait": "internaute_delais_attente",
    "operator_wait": "op_delais_attente",
    "locale": "locale",
    "voice": "voix",
    "open": "ouvert_dest",
    "closed": "ferm_dest",
    "open_message": "ouvert_message",
    "closed_message": "ferm_message",
    "immediate": "immediat",
    "client_number": "internaute_presentation",
    "operator_number": "op_presentation",
    "answering": "repondeur",
    "usr1": "usr1_nom",
    "usr2": "usr2_nom",
    "usr3": "usr3_nom",
    "show_name": "afficher_nom",
}


def _popup_value_check(field: str, text: str) -> Any:
    """One pop-up setting, checked by its §1 rule."""
    checks: dict[str, Any] = {
        "name": lambda: check_name_field("name", text),
        "direction": lambda: check_choice("direction", text, DIRECTIONS),
        "planning": lambda: check_name_field("planning", text),
        "client_wait": lambda: check_int("client_wait", text, minimum=5, maximum=1000),
        "operator_wait": lambda: check_int("operator_wait", text, minimum=5, maximum=1000),
        "locale": lambda: check_choice("locale", text, LOCALES, case_sensitive=False).lower(),
        "voice": lambda: check_choice("voice", text, VOICES).lower(),
        "open": lambda: check_name_field("open", text),
        "closed": lambda: check_name_field("closed", text),
        "open_message": lambda: check_label("open_message", text, maximum=None),
        "closed_message": lambda: check_label("closed_message", text, maximum=None),
        "immediate": lambda: int(parse_yes_no("immediate", text)),
        "client_number": lambda: check_digits("client_number", text),
        "operator_number": lambda: check_digits("operator_number", text),
        "answering": lambda: check_email("answering", text),
        "usr1": lambda: check_name_field("usr1", text),
        "usr2": lambda: check_name_field("usr2", text),
        "usr3": lambda: check_name_field("usr3", text),
        "show_name": lambda: int(parse_yes_no("show_name", text)),
    }
    return checks[field]()


def _flag_text(values: Values, key: str) -> str:
    """Checkboxes give a list ([] = unticked), commands give text."""
    value = values.get(key)
    if isinstance(value, list):
        return "1" if value else "0"
    return as_text(values, key)


def check_popup_settings(values: Values, *, require_name: bool) -> PopupSettings:
    steps: list[tuple[str, Any]] = []
    for field, wire in POPUP_FIELDS.items():
        text = _flag_text(values, field).strip()
        if not text or text in {NONE, KEEP}:
            if field == "name" and require_name:
                steps.append((wire, lambda: check_name_field("name", "")))
            continue
        steps.append((wire, lambda field=field, text=text: _popup_value_check(field, text)))
    return PopupSettings.model_validate(checked(*steps))


def _choices(items: list[str]) -> list[tuple[str, str]]:
    return [("(none)", NONE), *[(item, item) for item in items]]


def _popup_fields(services: Services, current: Popup | None = None) -> list[Block]:
    """Every pop-up setting; plannings (A12) and operator groups (A1) as selects; ``current`` fills them in.

    Slack keeps what was typed in an input across ``views.update`` when its block_id and
    action_id are unchanged: the action ids carry the pop-up's id, so picking another
    pop-up shows that pop-up's values (the block ids, which key the values, stay put).
    """
    client = services.axialys
    groups = _choices([g.name for g in client.operator_groups()])
    plannings = _choices(client.plannings())
    c = current
    version = f":{c.id}" if c else ""

    def text(block_id: str, label: str, initial: str | None = None, **kwargs: Any) -> Block:
        element = text_input(f"{block_id}{version}", initial=initial, **kwargs)
        return input_block(block_id, label, element, optional=True)

    def select(block_id: str, label: str, options_: list[tuple[str, str]], initial: str | None) -> Block:
        if initial is not None and initial not in {value for _, value in options_}:
            # A value Axialys holds but does not list (a name A12/A1 skipped, a spelling of its own): the select
            # starts on "unchanged", so that submitting the form never clears the routing by omission.
            options_, initial = [(f"{initial} (unchanged)", KEEP), *options_], KEEP
        element = static_select(f"{block_id}{version}", options_, initial=initial)
        return input_block(block_id, label, element, optional=True)

    def flag(block_id: str, label: str, choice: str, ticked: bool) -> Block:
        element = checkboxes(f"{block_id}{version}", [(choice, "1")], initial=["1"] if ticked else None)
        return input_block(block_id, label, element, optional=True)

    def linked(value: str | None) -> str | None:
        """A planning or group select starts on the current one, or on "(none)" when editing a pop-up without."""
        return value or (NONE if c else None)

    return [
        input_block("name", "Name (letters and digits)", text_input(f"name{version}", initial=c.name if c else None)),
        select("planning", "Planning (opening hours)", plannings, linked(c.planning if c else None)),
        select("open", "Operators during opening hours", groups, linked(c.open_group if c else None)),
        select("closed", "Operators when closed", groups, linked(c.closed_group if c else None)),
        text("open_message", "Message when open", c.open_message if c else None, multiline=True),
        text("closed_message", "Message when closed", c.closed_message if c else None, multiline=True),
        select("direction", "Who is called first", [(d, d) for d in DIRECTIONS], c.direction if c else None),
        select("locale", "Language", [("Français", "fr"), ("English", "en")], c.locale if c else None),
        select("voice", "Voice", [("Female", "f"), ("Male", "m")], c.voice if c else None),
        text(
            "client_wait",
            "Caller ring time, seconds (5–1000)",
            str(c.client_timeout) if c and c.client_timeout else None,
        ),
        text(
            "operator_wait", "Operator retry time, seconds (5–1000)", str(c.op_timeout) if c and c.op_timeout else None
        ),
        text("client_number", "Number shown to the caller", c.client_presentation if c else None),
        text("operator_number", "Number shown to operators", c.op_presentation if c else None),
        text("answering", "Answering machine e-mail (empty: off)", c.answering_email if c else None),
        text("usr1", "Custom field 1 label", c.usr1_name if c else None),
        text("usr2", "Custom field 2 label", c.usr2_name if c else None),
        text("usr3", "Custom field 3 label", c.usr3_name if c else None),
        flag("immediate", "Calls", "Immediate only (no deferred calls)", bool(c and c.immediate)),
        flag("show_name", "Pop-up", "Ask for the caller's name", c is None or c.show_name),
    ]


def current_values(popup: Popup) -> Values:
    """A pop-up's settings as the form gives them ({field: text}), to compare a submission with."""
    return {
        "name": popup.name,
        "direction": popup.direction or "",
        "planning": popup.planning or "",
        "client_wait": str(popup.client_timeout or ""),
        "operator_wait": str(popup.op_timeout or ""),
        "locale": popup.locale or "",
        "voice": popup.voice or "",
        "open": popup.open_group or "",
        "closed": popup.closed_group or "",
        "open_message": popup.open_message or "",
        "closed_message": popup.closed_message or "",
        "immediate": "1" if popup.immediate else "0",
        "client_number": popup.client_presentation or "",
        "operator_number": popup.op_presentation or "",
        "answering": popup.answering_email or "",
        "usr1": popup.usr1_name or "",
        "usr2": popup.usr2_name or "",
        "usr3": popup.usr3_name or "",
        "show_name": "1" if popup.show_name else "0",
    }


def _settings_text(settings: PopupSettings) -> str:
    return ", ".join(f"{key}={value}" for key, value in settings.query().items()) or "nothing"


# -- create / update / delete --------------------------------------------------------------------------
def _parse_create(args: str) -> Values:
    found, rest = options(args, set(POPUP_FIELDS))
    if rest:
        found.setdefault("name", rest)
    return found


def _create(ctx: BaseContext, params: Values) -> None:
    settings = PopupSettings.model_validate(params)
    new_id = audited(ctx, "A15 create pop-up", lambda: ctx.services.axialys.create_popup(settings))
    ctx.reply(f":white_check_mark: Pop-up {settings.nom_popup} created: id {new_id}.")


CREATE_POPUP = WriteForm(
    "axialys.popup.create",
    "Create a pop-up",
    _popup_fields,
    _parse_create,
    lambda values: check_popup_settings(values, require_name=True).model_dump(exclude_none=True),
    _create,
)


PICK_POPUP = "axialys.popup.update.pick"
#: Settings an empty value clears (A16; decisions "popup_maj"): the others cannot be emptied.
CLEARABLE = {
    "planning",
    "open",
    "closed",
    "open_message",
    "closed_message",
    "client_number",
    "operator_number",
    "answering",
    "usr1",
    "usr2",
    "usr3",
}


def _update_modal(services: Services, popups: list[Popup], current: Popup) -> Block:
    """The update form, filled with ``current``'s settings as Axialys has them (A14); picking another refills it."""
    choices = [(f"{p.name} (#{p.id})", str(p.id)) for p in popups]
    pick = input_block("popup", "Pop-up", static_select(PICK_POPUP, choices, initial=str(current.id)))
    pick["dispatch_action"] = True
    return modal("Update a pop-up", [pick, *_popup_fields(services, current)], callback_id=UPDATE_VIEW, submit="Save")


def _open_update(ctx: CommandContext, value: str | None) -> None:
    popups = ctx.services.axialys.popups()
    ctx.open_modal(_update_modal(ctx.services, popups, find_popup(ctx.services, value, popups=popups)))


def pick_popup(ctx: ActionContext) -> None:
    """Another pop-up picked in the update form: the form is refilled with its settings."""
    popups = ctx.services.axialys.popups()
    ctx.update_modal(_update_modal(ctx.services, popups, find_popup(ctx.services, ctx.value, popups=popups)))


def popup_update(ctx: CommandContext) -> None:
    """``popup update <id> key=value …``; with the pop-up alone (or nothing), the form filled with its settings."""
    values = _parse_update(ctx.args)
    if set(values) == {"popup"}:
        _open_update(ctx, values["popup"] or None)
        return
    _update(ctx, _check_update(values))


def _parse_update(args: str) -> Values:
    found, rest = options(args, set(POPUP_FIELDS))
    return {"popup": rest, **found}


def _check_update(values: Values) -> Values:
    """The settings given, checked; those given empty (or "(none)") that may be cleared are listed apart."""
    errors: list[FieldError] = []
    popup = as_text(values, "popup").strip()
    try:
        popup = str(check_id_popup("popup", popup)) if popup.isdigit() else check_name_field("popup", popup)
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
    given = {field: _flag_text(values, field).strip() for field in POPUP_FIELDS if field in values}
    return {field: text for field, text in given.items() if text and text not in {NONE, KEEP}}


def _changes(current: Popup, params: Values) -> tuple[PopupSettings, list[str]]:
    """What differs from the pop-up's current settings: the parameters to send, and the settings cleared."""
    before = current_values(current)
    old: dict[str, str] = {}
    for field, text in before.items():
        try:
            old[POPUP_FIELDS[field]] = str(_popup_value_check(field, text)) if text else ""
        except FieldError:  # a value Axialys holds that Relais would not write: any new value differs
            continue
    new = check_popup_settings(params["given"], require_name=False).query()
    send: dict[str, str] = {wire: value for wire, value in new.items() if old.get(wire) != value}
    cleared = [field for field in params["cleared"] if before.get(field)]
    send.update({POPUP_FIELDS[field]: "" for field in cleared})
    return PopupSettings.model_validate(send), cleared


def _update(ctx: BaseContext, params: Values) -> None:
    current = find_popup(ctx.services, params["popup"])
    settings, cleared = _changes(current, params)
    if not settings.query():
        ctx.reply(f"Pop-up {current.name} (#{current.id}) already has these settings: nothing was sent to Axialys.")
        return
    audited(ctx, "A16 update pop-up", lambda: ctx.services.axialys.update_popup(current.id, settings))
    changed = settings.model_copy(update={POPUP_FIELDS[f]: None for f in cleared})
    parts = [_settings_text(changed)] if changed.query() else []
    parts += [f"cleared: {', '.join(cleared)}"] if cleared else []
    ctx.reply(f":white_check_mark: Pop-up {current.name} (#{current.id}) updated: {'; '.join(parts)}.")


UPDATE_VIEW = "axialys.popup.update"
UPDATE_POPUP = WriteForm(
    UPDATE_VIEW,
    "Update a pop-up",
    lambda services: [],  # never opened by the form itself: ``popup_update`` opens it filled in
    _parse_update,
    _check_update,
    _update,
)


def _popup_select(services: Services) -> list[Block]:
    popups = [(f"{p.name} (#{p.id})", str(p.id)) for p in services.axialys.popups()]
    return [input_block("popup", "Pop-up", static_select("popup", popups))]


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
)


DELETE_POPUP = WriteForm(
    "axialys.popup.delete",
    "Delete a pop-up",
    _popup_select,
    lambda args: {"popup": args},
    lambda values: checked(("id_popup", lambda: check_id_popup("popup", as_text(values, "popup")))),
    DELETE_POPUP_CARD.stage,
    submit_label="Review",
)


# -- destinations (A17–A19) -------------------------------------------------------------------------------
def popup_list(ctx: CommandContext) -> None:
    popups = ctx.services.axialys.popups()
    items = [
        [
            section(
                f"*{p.name}* (#{p.id}) · {p.direction or '—'} · {p.locale or '—'}/{p.voice or '—'} · "
                f"planning {p.planning or '—'} · open → {p.open_group or '—'} · closed → {p.closed_group or '—'}"
                f"{' · immediate' if p.immediate else ''}"
            )
        ]
        for p in popups
    ]
    text, blocks = ctx.services.pages.show("Pop-ups", items, summary=f"{len(popups)} pop-ups")
    ctx.reply(text, blocks)


def popup_destinations(ctx: CommandContext) -> None:
    popup = find_popup(ctx.services, ctx.args or None)
    rows = ctx.services.axialys.destinations(popup.id)
    items = [
        [section(f"{':white_check_mark:' if d.allowed else ':no_entry_sign:'} {d.name} (#{d.id}) · €{d.price}/min")]
        for d in rows
    ]
    allowed = sum(1 for d in rows if d.allowed)
    text, blocks = ctx.services.pages.show(
        f"Destinations of {popup.name} (#{popup.id})", items, per_page=20, summary=f"{allowed} of {len(rows)} allowed"
    )
    ctx.reply(text, blocks)


def _destinations_fields(services: Services) -> list[Block]:
    return [
        *_popup_select(services),
        input_block(
            "destinations",
            "Destinations",
            text_input("destinations", placeholder="FR_Mobile, BE_Fixe"),
            hint="country_Fixe or country_Mobile",
        ),
    ]


def _parse_destinations(args: str) -> Values:
    popup, codes = first_and_rest(args)
    return {"popup": popup, "destinations": codes}


def _check_destinations(values: Values) -> Values:
    return checked(
        ("id_popup", lambda: check_id_popup("popup", as_text(values, "popup"))),
        ("codes", lambda: check_destination_codes("destinations", as_list(values, "destinations"))),
    )


def _allow(ctx: BaseContext, params: Values) -> None:
    audited(
        ctx,
        "A18 allow destinations",
        lambda: ctx.services.axialys.allow_destinations(params["id_popup"], params["codes"]),
    )
    ctx.reply(f":white_check_mark: Pop-up {params['id_popup']} may now call {', '.join(params['codes'])}.")


def _forbid(ctx: BaseContext, params: Values) -> None:
    audited(
        ctx,
        "A19 forbid destinations",
        lambda: ctx.services.axialys.forbid_destinations(params["id_popup"], params["codes"]),
    )
    ctx.reply(f":no_entry_sign: Pop-up {params['id_popup']} may no longer call {', '.join(params['codes'])}.")


ALLOW = WriteForm(
    "axialys.popup.allow", "Allow destinations", _destinations_fields, _parse_destinations, _check_destinations, _allow
)
FORBID = WriteForm(
    "axialys.popup.forbid",
    "Forbid destinations",
    _destinations_fields,
    _parse_destinations,
    _check_destinations,
    _forbid,
)


def popup_subcommands() -> list[Subcommand]:
    return [
        Subcommand(
            "popup list",
            "Every pop-up and its settings",
            "/callback popup list",
            "/callback popup list",
            popup_list,
            operations=("A14",),
        ),
        Subcommand(
            "popup create",
            "Create a pop-up; alone, opens the form (plannings and groups to pick from)",
            "/callback popup create name=<name> [planning=… open=… closed=… direction=… locale=… voice=… …]",
            "/callback popup create name=Salon planning=bureau open=support",
            CREATE_POPUP.command,
            admin_only=True,
            operations=("A15",),
        ),
        Subcommand(
            "popup update",
            "Change some settings of a pop-up; with the pop-up alone, the form filled with its current settings",
            "/callback popup update [<id or name> key=value …]",
            "/callback popup update 197 voice=m locale=en",
            popup_update,
            admin_only=True,
            operations=("A16",),
        ),
        Subcommand(
            "popup delete",
            "Delete a pop-up (confirmation card)",
            "/callback popup delete <id>",
            "/callback popup delete 197",
            DELETE_POPUP.command,
            admin_only=True,
            operations=("A20",),
        ),
        Subcommand(
            "popup destinations",
            "Destinations, prices per minute and whether each is allowed",
            "/callback popup destinations [id]",
            "/callback popup destinations 77",
            popup_destinations,
            operations=("A17",),
        ),
        Subcommand(
            "popup allow",
            "Allow destinations (country_Fixe / country_Mobile)",
            "/callback popup allow <id> <destinations>",
            "/callback popup allow 77 BE_Mobile,BE_Fixe",
            ALLOW.command,
            admin_only=True,
            operations=("A18",),
        ),
        Subcommand(
            "popup forbid",
            "Forbid destinations",
            "/callback popup forbid <id> <destinations>",
            "/callback popup forbid 197 BE_Mobile",
            FORBID.command,
            admin_only=True,
            operations=("A19",),
        ),
    ]


# -- files (A21–A23) ---------------------------------------------------------------------------------------
def _parse_file_ref(args: str) -> Values:
    popup, kind = first_and_rest(args)
    return {"popup": popup, "type": kind}


def _check_file_ref(values: Values) -> Values:
    return checked(
        ("id_popup", lambda: check_id_popup("popup", as_text(values, "popup"))),
        ("type", lambda: check_file_type("type", as_text(values, "type"))),
    )


def file_get(ctx: CommandContext) -> None:
    """``file get <popup> <type>`` (A21): the file is posted into the channel."""
    ref = _check_file_ref(_parse_file_ref(ctx.args))
    got = ctx.services.axialys.get_file(ref["id_popup"], ref["type"])
    upload_file(
        ctx.services.slack,
        ctx.channel_id,
        got.filename,
        got.content,
        comment=f"{ref['type']} of pop-up {ref['id_popup']}: {got.filename} ({len(got.content):,} bytes)",
    )


def _file_fields(services: Services, *, with_file: bool) -> list[Block]:
    types = [(kind, kind) for kind in FILE_TYPES]
    blocks = [*_popup_select(services), input_block("type", "Type", static_select("type", types))]
    if with_file:
        extensions = sorted({ext for exts in FILE_TYPES.values() for ext in exts})
        blocks.append(input_block("file", "File", file_input("file", extensions)))
    return blocks


def _check_upload(values: Values) -> Values:
    params: Values = {}
    errors: list[FieldError] = []
    try:
        params = _check_file_ref(values)
    except FieldErrors as many:
        errors.extend(many.errors)
    files = as_list(values, "file")
    if not files:
        errors.append(FieldError("file", "no file shared", "drop a file in the form"))
    if errors:
        raise FieldErrors(errors)
    return {**params, "file_id": files[0]}


def _upload(ctx: BaseContext, params: Values) -> None:
    shared = download_file(ctx.services.slack, params["file_id"], max_bytes=MAX_DOWNLOAD_BYTES)
    filename = check_file("file", params["type"], shared.name, len(shared.content))
    audited(
        ctx,
        "A22 upload file",
        lambda: ctx.services.axialys.upload_file(params["id_popup"], params["type"], filename, shared.content),
    )
    warning = size_warning(filename, len(shared.content))
    note = f" ({warning}; it accepted this one)" if warning else ""
    ctx.reply(f":white_check_mark: {filename} is now the {params['type']} of pop-up {params['id_popup']}.{note}")


UPLOAD_FILE = WriteForm(
    "axialys.file.upload",
    "Upload a file",
    lambda services: _file_fields(services, with_file=True),
    lambda args: {},
    _check_upload,
    _upload,
    submit_label="Upload",
)


def file_upload(ctx: CommandContext) -> None:
    """Always the form: the file comes from Slack's file input."""
    UPLOAD_FILE.command(CommandContext(**{**vars(ctx), "args": ""}))


def _delete_file(client: AxialysClient, params: dict[str, Any]) -> str:
    client.delete_file(int(params["id_popup"]), str(params["type"]))
    return f"{params['type']} of pop-up {params['id_popup']} deleted"


DELETE_FILE_CARD = ConfirmedWrite(
    "axialys.file.delete",
    "A23 delete file",
    "Delete a file",
    lambda params: f"/callback file delete {params['id_popup']} {params['type']}",
    lambda params: [f"Pop-up #{params['id_popup']}", f"File: {params['type']}"],
    _delete_file,
)


DELETE_FILE = WriteForm(
    "axialys.file.delete",
    "Delete a file",
    lambda services: _file_fields(services, with_file=False),
    _parse_file_ref,
    _check_file_ref,
    DELETE_FILE_CARD.stage,
    submit_label="Review",
)


def file_subcommands() -> list[Subcommand]:
    types = " | ".join(FILE_TYPES)
    return [
        Subcommand(
            "file get",
            "Post a pop-up's file into the channel",
            f"/callback file get <popup id> <{types}>",
            "/callback file get 77 css_popup",
            file_get,
            operations=("A21",),
        ),
        Subcommand(
            "file upload",
            "Replace a pop-up's file with one shared in Slack (opens the form)",
            "/callback file upload",
            "/callback file upload",
            file_upload,
            admin_only=True,
            operations=("A22",),
        ),
        Subcommand(
            "file delete",
            "Delete a pop-up's file (confirmation card)",
            f"/callback file delete <popup id> <{types}>",
            "/callback file delete 77 son_internaute",
            DELETE_FILE.command,
            admin_only=True,
            operations=("A23",),
        ),
    ]


def register_popups(registry: Registry) -> None:
    for form in (CREATE_POPUP, UPDATE_POPUP, DELETE_POPUP, ALLOW, FORBID, UPLOAD_FILE, DELETE_FILE):
        form.register(registry)
    registry.action(PICK_POPUP, pick_popup, admin_only=True, operation="A14")
    for delete in (DELETE_POPUP_CARD, DELETE_FILE_CARD):
        registry.executor(delete.executor())
