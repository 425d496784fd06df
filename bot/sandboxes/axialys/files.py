"""§5 of the Axialys WebAppel document: a pop-up's files (A21–A23), and call recordings (A21 type=rec)."""

from __future__ import annotations

import re

from bot.sandboxes.axialys.popups import popup_of
from bot.sandboxes.axialys.rules import (
    MISSING,
    TOO_LARGE,
    ApiError,
    digits,
    int_in_range,
    invalid,
    missing,
    not_found,
    one_of,
)
from bot.sandboxes.axialys.state import (
    ANSWERED,
    FILE_TYPES,
    MAX_POPUP_ID,
    Context,
    StoredFile,
    call_progress,
)
from bot.sandboxes.axialys.wire import OK, binary, multipart_files, text, tiny_wav
from bot.sandboxes.frame import SandboxResponse

MAX_FILE_BYTES = 5 * 1024 * 1024


_EXTENSIONS = {
    "son_internaute": ("wav", "mp3"),
    "son_operateur": ("wav", "mp3"),
    "son_repondeur": ("wav", "mp3"),
    "entete_popup": ("jpg", "jpeg", "png", "gif"),
    "css_popup": ("css",),
}


_FILENAME = re.compile(r"^[a-zA-Z0-9]+\.(?P<ext>[a-zA-Z0-9]+)$")


def file_type(ctx: Context, allowed: tuple[str, ...] = FILE_TYPES) -> str:
    return one_of("type", ctx.params.required("type"), allowed)


def fichier_recuperer(ctx: Context) -> SandboxResponse:
    """A21 — the pop-up's file of that type, as binary; type=rec (+ id_tracking) is a call recording."""
    p = ctx.params
    p.require_all(("id_popup", "type"))
    int_in_range("id_popup", p.required("id_popup"), 1, MAX_POPUP_ID)
    kind = file_type(ctx, (*FILE_TYPES, "rec"))
    if kind == "rec":
        return _recording(ctx)
    popup = popup_of(ctx)
    stored = popup.files.get(kind)
    if stored is None:
        raise not_found(f"fichier {kind} de la pop-up {popup.id}")
    return binary(stored)


def _recording(ctx: Context) -> SandboxResponse:
    """§5: "l'enregistrement des conversations si l'option a été souscrite" (appel with rec=1, answered)."""
    tracking = ctx.params.optional("id_tracking")
    if tracking is None:
        raise ApiError(400, MISSING, "id_tracking : paramètre obligatoire absent pour type=rec")
    tracking_id = int(digits("id_tracking", tracking))
    popup = popup_of(ctx)
    call = ctx.state.calls.get(tracking_id)
    if call is None or call.popup_id != popup.id:
        raise not_found(f"appel {tracking_id} de la pop-up {popup.id}")
    progress = call_progress(call, ctx.now)
    if not call.record or progress.state != ANSWERED:
        raise not_found(f"enregistrement de l'appel {tracking_id}")
    return binary(StoredFile(f"rec{tracking_id}.wav", tiny_wav(min(progress.talk_seconds, 5) / 10)))


def fichier_deposer(ctx: Context) -> SandboxResponse:
    """A22 — multipart POST: the file part is named after `type` (son_internaute|…|css_popup)."""
    ctx.params.require_all(("id_popup", "type"))
    int_in_range("id_popup", ctx.params.required("id_popup"), 1, MAX_POPUP_ID)
    kind = file_type(ctx)
    parts = multipart_files(ctx.request)
    if kind not in parts:
        raise missing(kind)
    filename, content = parts[kind]
    match = _FILENAME.match(filename)
    if match is None or match.group("ext").lower() not in _EXTENSIONS[kind]:
        raise invalid(kind, f"un fichier [a-zA-Z0-9]+.({'|'.join(_EXTENSIONS[kind])})")
    if not content:
        raise invalid(kind, "un fichier non vide")
    if len(content) > MAX_FILE_BYTES:
        raise ApiError(400, TOO_LARGE, f"{kind} : fichier de plus de {MAX_FILE_BYTES // (1024 * 1024)} Mo")
    popup_of(ctx).files[kind] = StoredFile(filename, content)
    return text(OK)


def fichier_supprimer(ctx: Context) -> SandboxResponse:
    """A23 — deletes the pop-up's file of that type."""
    ctx.params.require_all(("id_popup", "type"))
    int_in_range("id_popup", ctx.params.required("id_popup"), 1, MAX_POPUP_ID)
    kind = file_type(ctx)
    popup = popup_of(ctx)
    if popup.files.pop(kind, None) is None:
        raise not_found(f"fichier {kind} de la pop-up {popup.id}")
    return text(OK)
