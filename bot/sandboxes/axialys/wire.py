"""How the Axialys WebAppel sandbox writes its answers on the wire (requests are read by rules.Params).

Success is ``OK``, an id, ``;``-separated lines each ended by ``\\n`` (listings), a binary file, or
JSON (Centrex accounts, A28); every error is one text line ``KO;<CODE>;<message>`` under a 4xx
status (the document specifies no error answer: the sandbox's decision). File uploads come as
multipart/form-data (§5), read here too.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable
from datetime import datetime

from bot.sandboxes.axialys.rules import INVALID, ApiError
from bot.sandboxes.axialys.state import CentrexAccount, StoredFile
from bot.sandboxes.frame import SandboxRequest, SandboxResponse

OK = "OK"

# -- the ';'-separated line format -----------------------------------------------------------------


def clean_field(value: object, *, keep_semicolons: bool = False) -> str:
    """One column value: ';' and line breaks would break the format, so they are replaced (§1 '*' texts)."""
    text = "" if value is None else str(value)
    if not keep_semicolons:
        text = text.replace(";", ",")
    return text.replace("\r", " ").replace("\n", " ")


def lines(rows: Iterable[Iterable[object]]) -> str:
    """Rows as ';'-separated lines, each ended by a newline (an empty listing is an empty body)."""
    return "".join(";".join(clean_field(value) for value in row) + "\n" for row in rows)


def error_line(error: ApiError) -> str:
    return f"KO;{error.code};{clean_field(error.message)}"


def text(body: str) -> SandboxResponse:
    return SandboxResponse.text(body)


def stamp(instant: datetime) -> str:
    """§1 date_time: YYYY-MM-DD HH:ii:ss (Paris wall clock)."""
    return instant.strftime("%Y-%m-%d %H:%M:%S")


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# -- files ----------------------------------------------------------------------------------------

CONTENT_TYPES = {
    "wav": "audio/wav",
    "mp3": "audio/mpeg",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "css": "text/css",
}


def binary(stored: StoredFile) -> SandboxResponse:
    extension = stored.filename.rsplit(".", 1)[-1].lower()
    return SandboxResponse(
        status=200,
        body=stored.content,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
        headers={"Content-Disposition": f'attachment; filename="{stored.filename}"'},
    )


def tiny_wav(seconds: float = 0.1) -> bytes:
    """A valid, silent 8 kHz mono PCM WAV file."""
    frames = int(8000 * seconds)
    data = b"\x00\x00" * frames
    header = struct.pack("<4sI4s4sIHHIIHH", b"RIFF", 36 + len(data), b"WAVE", b"fmt ", 16, 1, 1, 8000, 16000, 2, 16)
    return header + b"data" + struct.pack("<I", len(data)) + data


# -- multipart/form-data (stdlib has no parser any more: a small, strict one) -----------------------

_BOUNDARY = re.compile(r'boundary="?(?P<b>[^";]+)"?', re.IGNORECASE)
_DISPOSITION_PARAM = re.compile(r'(?P<key>name|filename)="(?P<value>[^"]*)"', re.IGNORECASE)


def multipart_files(request: SandboxRequest) -> dict[str, tuple[str, bytes]]:
    """Form field name → (filename, content) of the file parts of a multipart/form-data body."""
    content_type = request.header("content-type") or ""
    match = _BOUNDARY.search(content_type)
    if not content_type.lower().startswith("multipart/form-data") or match is None:
        raise ApiError(400, INVALID, "le fichier doit être envoyé en POST multipart/form-data")
    delimiter = b"--" + match.group("b").encode("latin-1")
    files: dict[str, tuple[str, bytes]] = {}
    for chunk in request.body.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, content = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        params = _part_disposition(head.decode("utf-8", "replace"))
        if "name" in params and "filename" in params:
            files[params["name"]] = (params["filename"], content.removesuffix(b"\r\n"))
    return files


def _part_disposition(head: str) -> dict[str, str]:
    for header in head.split("\r\n"):
        name, _, value = header.partition(":")
        if name.strip().lower() == "content-disposition":
            return {m.group("key").lower(): m.group("value") for m in _DISPOSITION_PARAM.finditer(value)}
    return {}


# -- JSON (A28) -----------------------------------------------------------------------------------------


def centrex_account_json(account: CentrexAccount) -> dict[str, object]:
    """The returned fields of A28, with the table's names and types."""
    registered = account.last_registration_at
    return {
        "centrex_account_id": account.centrex_account_id,
        "phone_number": list(account.phone_numbers),
        "state": account.state,
        "site": account.site,
        "centrex_account_pwd": account.centrex_account_pwd,
        "server": account.server,
        "simultaneous_calls_count": account.simultaneous_calls_count,
        "user_name": account.user_name,
        "codec_mode": account.codec_mode,
        "codec": account.codec,
        "transport": account.transport,
        "dial_plan": account.dial_plan,
        "short_phone_number": account.short_phone_number,
        "displayed_number": account.displayed_number,
        "voicemail": dict(account.voicemail),
        "call_forwarding": dict(account.call_forwarding),
        "phone": dict(account.phone),
        "call_recording": account.call_recording,
        "ringback_message": account.ringback_message,
        "interception_right": account.interception_right,
        "fax_numbers_right": account.fax_numbers_right,
        "limited_account": account.limited_account,
        "vas_numbers_block": account.vas_numbers_block,
        "zoiper_download_url": account.zoiper_download_url,
        "last_registration_at": registered.strftime("%Y-%m-%dT%H:%MZ") if registered else None,
        "ldap_connection": dict(account.ldap_connection),
    }
