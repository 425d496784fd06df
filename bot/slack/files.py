"""Files that travel through Slack: a file a user shared (a recipients CSV, a sound) and files Relais posts back.

Download: ``files.info`` then ``url_private_download`` with the bot token, capped in size
before the body is read. Upload: slack_sdk's ``files_upload_v2`` (getUploadURLExternal,
the upload, completeUploadExternal), into a channel and optionally a thread.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.errors import UserError

__all__ = ["SlackFile", "download_file", "upload_file"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class SlackFile:
    id: str
    name: str
    mimetype: str
    content: bytes


def download_file(slack: WebClient, file_id: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SlackFile:
    """The shared file's bytes; UserError (in plain words) when Slack will not give it or it is too large."""
    try:
        info = slack.files_info(file=file_id)["file"]
    except SlackApiError as exc:
        raise UserError(
            f"file: Slack would not give Relais the file ({exc.response.get('error')})",
            hint="share the file again in the form",
        ) from None
    size = int(info.get("size") or 0)
    name = str(info.get("name") or file_id)
    if size > max_bytes:
        raise UserError(f"file: {name} is {size:,} bytes, the limit is {max_bytes:,}", hint="split it into parts")
    url = str(info.get("url_private_download") or info.get("url_private") or "")
    headers = {"Authorization": f"Bearer {slack.token}"}
    chunks: list[bytes] = []
    received = 0
    with httpx.stream("GET", url, headers=headers, timeout=30, follow_redirects=True) as response:
        if response.status_code != 200:
            raise UserError(f"file: Slack answered HTTP {response.status_code} for {name}", hint="share it again")
        for chunk in response.iter_bytes():
            received += len(chunk)
            if received > max_bytes:
                raise UserError(f"file: {name} is larger than {max_bytes:,} bytes", hint="split it into parts")
            chunks.append(chunk)
    return SlackFile(file_id, name, str(info.get("mimetype") or ""), b"".join(chunks))


def upload_file(
    slack: WebClient,
    channel: str,
    filename: str,
    content: bytes,
    *,
    thread_ts: str | None = None,
    comment: str = "",
) -> str:
    """Post ``content`` as a file in ``channel`` (in a thread when given); returns the file id."""
    kwargs: dict[str, object] = {"channel": channel, "filename": filename, "content": content, "title": filename}
    if thread_ts:
        kwargs["thread_ts"] = thread_ts
    if comment:
        kwargs["initial_comment"] = comment
    response = slack.files_upload_v2(**kwargs)  # type: ignore[arg-type]
    files = response.get("files") or [response.get("file") or {}]
    return str(files[0].get("id", ""))
