"""``/callback file get / upload / delete``: a pop-up's sounds, header image and style sheet (A21–A23)."""

from __future__ import annotations

from typing import Any

from bot.rules.fields import FieldError, FieldErrors
from bot.slack.blockkit import file_input, input_block, static_select
from bot.slack.context import BaseContext, CommandContext
from bot.slack.files import download_file, upload_file
from bot.slack.forms import Values, WriteForm, as_list, as_text, checked
from bot.vendors.axialys.client import AxialysClient
from handlers.axialys.audited import audited
from handlers.axialys.command import COMMAND, word_then_rest
from handlers.axialys.confirmed import ConfirmedWrite
from handlers.axialys.kit import AxialysKit, axialys
from handlers.axialys.popup_fields import popup_select
from handlers.axialys.popup_lookup import check_popup_ref, popup_id
from handlers.axialys.rules import FILE_TYPES, check_file, check_file_type, size_warning

__all__ = ["DELETE_FILE", "UPLOAD_FILE", "file_get"]

#: Relais's own guard on what it downloads from Slack (memory), not a vendor rule: Axialys sets no limit.
MAX_DOWNLOAD_BYTES = 25 * 1024 * 1024
Block = dict[str, Any]
_TYPES = " | ".join(FILE_TYPES)


#: ``<popup> <type>``: the type is the rest of the line.
_parse_file_ref = word_then_rest("popup", "type")


def _check_file_ref(values: Values) -> Values:
    return checked(
        ("popup", lambda: check_popup_ref("popup", as_text(values, "popup"))),
        ("type", lambda: check_file_type("type", as_text(values, "type"))),
    )


@axialys.sub(
    COMMAND,
    "file get",
    summary="Post a pop-up's file into the channel",
    usage=f"/callback file get <popup id or name> <{_TYPES}>",
    example="/callback file get 77 css_popup",
    operations=("A21",),
)
def file_get(ctx: CommandContext, kit: AxialysKit) -> None:
    """``file get <popup> <type>`` (A21): the file is posted into the channel."""
    ref = popup_id(kit.client, _check_file_ref(_parse_file_ref(ctx.args)))
    got = kit.client.get_file(ref["id_popup"], ref["type"])
    upload_file(
        kit.slack,
        ctx.channel_id,
        got.filename,
        got.content,
        comment=f"{ref['type']} of pop-up {ref['id_popup']}: {got.filename} ({len(got.content):,} bytes)",
    )


def _file_fields(kit: AxialysKit, *, with_file: bool) -> list[Block]:
    types = [(kind, kind) for kind in FILE_TYPES]
    blocks = [*popup_select(kit.client), input_block("type", "Type", static_select("type", types))]
    if with_file:
        extensions = sorted({ext for exts in FILE_TYPES.values() for ext in exts})
        blocks.append(input_block("file", "File", file_input("file", extensions)))
    return blocks


# -- upload (A22) ------------------------------------------------------------------------------------
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


def _upload(ctx: BaseContext, kit: AxialysKit, params: Values) -> None:
    params = popup_id(kit.client, params)
    shared = download_file(kit.slack, params["file_id"], max_bytes=MAX_DOWNLOAD_BYTES)
    filename = check_file("file", params["type"], shared.name, len(shared.content))
    audited(
        ctx,
        "A22 upload file",
        lambda: kit.client.upload_file(params["id_popup"], params["type"], filename, shared.content),
    )
    warning = size_warning(filename, len(shared.content))
    note = f" ({warning}; it accepted this one)" if warning else ""
    ctx.reply(f":white_check_mark: {filename} is now the {params['type']} of pop-up {params['id_popup']}.{note}")


#: The file comes from Slack's file input: the command door always opens the form (no command line).
UPLOAD_FILE: WriteForm[AxialysKit] = WriteForm(
    "axialys.file.upload",
    "Upload a file",
    lambda kit: _file_fields(kit, with_file=True),
    None,
    _check_upload,
    _upload,
    submit_label="Upload",
)
UPLOAD_FILE.declare(
    axialys,
    COMMAND,
    "file upload",
    summary="Replace a pop-up's file with one shared in Slack (opens the form)",
    usage="/callback file upload",
    example="/callback file upload",
    operations=("A22",),
)


# -- delete (A23) ------------------------------------------------------------------------------------
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
    button="Delete file",
).declare(axialys)
DELETE_FILE: WriteForm[AxialysKit] = WriteForm(
    "axialys.file.delete",
    "Delete a file",
    lambda kit: _file_fields(kit, with_file=False),
    _parse_file_ref,
    _check_file_ref,
    lambda ctx, kit, params: DELETE_FILE_CARD.stage(ctx, kit, popup_id(kit.client, params)),
    submit_label="Review",
)
DELETE_FILE.declare(
    axialys,
    COMMAND,
    "file delete",
    summary="Delete a pop-up's file (confirmation card)",
    usage=f"/callback file delete <popup id or name> <{_TYPES}>",
    example="/callback file delete 77 son_internaute",
    operations=("A23",),
)
