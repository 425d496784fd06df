"""A local stand-in for Slack's Web API: what the console shows and what the tests assert on.

It serves, over real loopback HTTP, the Web API methods Relais uses (chat.postMessage /
update / postEphemeral, views.open / push / update / publish, users.info,
usergroups.users.list, conversations.replies / history, files.info and file downloads, auth.test),
plus the ``response_url`` endpoints Slack hands out with commands and interactions.
It keeps what a workspace would show: channel messages and threads, ephemerals per
user, open modals, Home tabs; and records every call for assertions.

Its workspace can be saved as bytes and restored in a later process (``relais console --keep``),
so that the app's edits of cards posted in an earlier run find them.

It is deliberately strict where Slack is: unknown tokens, unknown channels, too many
blocks, modal titles over 24 characters and invalid trigger ids are refused with
Slack's error names, so a bug that Slack would reject fails here too.
"""

from __future__ import annotations

import itertools
import json
import pickle
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

from bot.sandboxes.frame import LoopbackHTTPServer, has_all_fields

__all__ = ["Call", "Message", "SlackStandIn", "View"]

BOT_USER_ID = "URELAISBOT"
BOT_ID = "BRELAIS"
TEAM_ID = "TRELAIS"

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_MODAL_TITLE = 24


@dataclass
class Message:
    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]] | None = None
    thread_ts: str | None = None
    metadata: dict[str, Any] | None = None
    ephemeral_for: str | None = None  # a user id for ephemeral messages
    in_channel_response: bool = False
    edits: int = 0
    deleted: bool = False

    def all_text(self) -> str:
        """What a reader sees: the blocks' texts when there are blocks (Slack then shows only them), else the text."""
        parts = _texts(self.blocks) if self.blocks else [self.text]
        return "\n".join(p for p in parts if p)

    def button_labels(self) -> list[str]:
        """The buttons a reader sees, in order ("Send campaign", "Cancel"): in actions blocks and beside sections."""
        return [
            str(element["text"]["text"])
            for block in self.blocks or []
            for element in [*block.get("elements", []), *([block["accessory"]] if block.get("accessory") else [])]
            if block.get("type") in {"actions", "section"} and element.get("type") == "button"
        ]


@dataclass
class View:
    id: str
    user: str
    view: dict[str, Any]
    root_id: str  # the first view of a stack (views.push adds above it)
    hash: str = field(default_factory=lambda: secrets.token_hex(6))
    closed: bool = False


@dataclass(frozen=True)
class Call:
    method: str
    args: dict[str, Any]
    at: float


def _texts(value: Any) -> list[str]:
    found: list[str] = []
    if isinstance(value, dict):
        if value.get("type") in {"plain_text", "mrkdwn"} and isinstance(value.get("text"), str):
            found.append(value["text"])
        for key, item in value.items():
            if key != "text" or not isinstance(item, str):
                found.extend(_texts(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_texts(item))
    return found


class SlackApiRefusal(Exception):
    def __init__(self, error: str, status: int = 200, headers: dict[str, str] | None = None) -> None:
        super().__init__(error)
        self.error = error
        self.status = status
        self.headers = headers or {}


class SlackStandIn:
    """A loopback Slack: start(), then point SLACK_API_URL at ``api_url``."""

    def __init__(self, bot_token: str = "xoxb-standin-token") -> None:
        self.bot_token = bot_token
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.calls: list[Call] = []
        self.messages: list[Message] = []
        self.views: dict[str, View] = {}
        self.home: dict[str, dict[str, Any]] = {}
        self.users: dict[str, dict[str, Any]] = {}
        self.usergroups: dict[str, list[str]] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self._response_urls: dict[str, dict[str, Any]] = {}
        self._triggers: dict[str, str] = {}
        self._failures: list[tuple[str, SlackApiRefusal]] = []
        self._clock = itertools.count(1)
        self._base_ts = int(time.time())
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.add_user("UALICE", "alice", "Alice Martin")
        self.add_user("UBOB", "bob", "Bob Durand")

    # -- life cycle -------------------------------------------------------------------------
    def start(self) -> SlackStandIn:
        self._httpd = LoopbackHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="slack-standin", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> SlackStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._httpd is not None, "stand-in not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    # -- saving and restoring the workspace ----------------------------------------------------
    #: What a workspace keeps across runs; calls, triggers and planned failures are one run's.
    _SAVED: ClassVar[tuple[str, ...]] = (
        "messages",
        "views",
        "home",
        "users",
        "usergroups",
        "files",
        "_response_urls",
        "_base_ts",
    )

    def saved_state(self) -> bytes:
        """The workspace as bytes: what ``restore_state`` brings back in a later stand-in."""
        with self.lock:
            saved = {name: getattr(self, name) for name in self._SAVED}
            saved["next_number"] = next(self._clock)  # skipping one number is harmless: ts stay increasing
            return pickle.dumps(saved)

    def restore_state(self, saved: bytes) -> None:
        """The workspace of ``saved_state`` again; its open modals are closed (their triggers are gone).

        ValueError when ``saved`` is not a stand-in's workspace (or one of an older shape).
        """
        try:
            workspace = pickle.loads(saved)  # written by saved_state, in the user's own data dir
        except Exception as exc:
            raise ValueError(f"the saved Slack workspace cannot be read: {exc}") from None
        if not isinstance(workspace, dict) or not set(self._SAVED) <= set(workspace) or not has_all_fields(workspace):
            raise ValueError("the saved Slack workspace was written by another version of the stand-in")
        with self.changed:
            for name in self._SAVED:
                setattr(self, name, workspace[name])
            for view in self.views.values():
                view.closed = True
            self._clock = itertools.count(int(workspace["next_number"]))
            self.changed.notify_all()

    # -- workspace set-up (tests and console) -----------------------------------------------
    def add_user(self, user_id: str, name: str, real_name: str, *, locale: str = "en-US") -> None:
        with self.lock:
            self.users[user_id] = {
                "id": user_id,
                "name": name,
                "real_name": real_name,
                "tz": "Europe/Paris",
                "locale": locale,
            }

    def add_usergroup(self, group_id: str, members: list[str]) -> None:
        with self.lock:
            self.usergroups[group_id] = list(members)

    def add_file(self, name: str, content: bytes, *, mimetype: str = "text/plain", user: str = "UALICE") -> str:
        """A file as if the user had uploaded it to Slack; returns its id."""
        file_id = "F" + secrets.token_hex(5).upper()
        with self.lock:
            self.files[file_id] = {
                "id": file_id,
                "name": name,
                "title": name,
                "mimetype": mimetype,
                "size": len(content),
                "user": user,
                "_content": content,
            }
        return file_id

    def fail_next(self, method: str, error: str = "ratelimited", *, status: int = 200, retry_after: int = 0) -> None:
        """The next call of ``method`` fails (status 429 with Retry-After for rate limits)."""
        headers = {"Retry-After": str(retry_after)} if status == 429 else {}
        with self.lock:
            self._failures.append((method, SlackApiRefusal(error, status, headers)))

    def new_trigger(self, user: str) -> str:
        trigger = f"{next(self._clock)}.{secrets.token_hex(4)}"
        with self.lock:
            self._triggers[trigger] = user
        return trigger

    def new_response_url(self, channel: str, user: str, *, message_ts: str | None = None) -> str:
        """A response_url as Slack gives with a command (or with a click on the message ``message_ts``)."""
        token = secrets.token_urlsafe(12)
        with self.lock:
            self._response_urls[token] = {"channel": channel, "user": user, "message_ts": message_ts, "uses": 0}
        return f"{self.url}/response/{token}"

    # -- reading what a user would see --------------------------------------------------------
    def channel_messages(self, channel: str, *, include_threads: bool = False) -> list[Message]:
        with self.lock:
            return [
                m
                for m in self.messages
                if m.channel == channel
                and not m.ephemeral_for
                and not m.deleted
                and (include_threads or not m.thread_ts or m.thread_ts == m.ts)
            ]

    def thread(self, channel: str, thread_ts: str) -> list[Message]:
        with self.lock:
            return [m for m in self.messages if m.channel == channel and m.thread_ts == thread_ts and m.ts != thread_ts]

    def ephemerals(self, user: str, channel: str | None = None) -> list[Message]:
        with self.lock:
            return [
                m
                for m in self.messages
                if m.ephemeral_for == user and not m.deleted and (channel is None or m.channel == channel)
            ]

    def find(self, ts: str) -> Message | None:
        with self.lock:
            return next((m for m in self.messages if m.ts == ts), None)

    def open_views(self, user: str) -> list[View]:
        with self.lock:
            return [v for v in self.views.values() if v.user == user and not v.closed]

    def calls_to(self, method: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Wait until ``predicate()`` is truthy (re-checked on every change); returns its value."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                value = predicate()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("the stand-in Slack did not reach the expected state")
                self.changed.wait(timeout=min(remaining, 0.1))

    # -- the API --------------------------------------------------------------------------------
    def _next_ts(self) -> str:
        return f"{self._base_ts}.{next(self._clock):06d}"

    def handle_api(self, method: str, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        with self.changed:
            self.calls.append(Call(method, args, time.time()))
            for index, (failing, refusal) in enumerate(self._failures):
                if failing == method:
                    del self._failures[index]
                    raise refusal
            if token != self.bot_token:
                raise SlackApiRefusal("invalid_auth")
            handler = getattr(self, "_api_" + method.replace(".", "_"), None)
            if handler is None:
                raise SlackApiRefusal("unknown_method")
            result: dict[str, Any] = handler(args)
            self.changed.notify_all()
            return {"ok": True, **result}

    def _api_auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": f"{self.url}/",
            "team": "Relais",
            "user": "relais",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
        }

    def _check_blocks(self, blocks: Any, limit: int) -> list[dict[str, Any]] | None:
        if blocks is None:
            return None
        if isinstance(blocks, str):
            try:
                blocks = json.loads(blocks)
            except ValueError:
                raise SlackApiRefusal("invalid_blocks_format") from None
        if not isinstance(blocks, list) or len(blocks) > limit:
            raise SlackApiRefusal("invalid_blocks")
        for block in blocks:
            text = (block.get("text") or {}).get("text", "") if isinstance(block, dict) else ""
            if block.get("type") == "section" and len(text) > MAX_SECTION_TEXT:
                raise SlackApiRefusal("invalid_blocks")
        return blocks

    def _channel(self, args: dict[str, Any]) -> str:
        channel = str(args.get("channel") or "")
        if not channel:
            raise SlackApiRefusal("channel_not_found")
        return channel

    def _api_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args)
        blocks = self._check_blocks(args.get("blocks"), MAX_MESSAGE_BLOCKS)
        if not args.get("text") and not blocks:
            raise SlackApiRefusal("no_text")
        metadata = args.get("metadata")
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        thread_ts = args.get("thread_ts") or None
        if thread_ts and not self.find(str(thread_ts)):
            raise SlackApiRefusal("thread_not_found")
        message = Message(
            channel,
            self._next_ts(),
            str(args.get("text") or ""),
            blocks,
            str(thread_ts) if thread_ts else None,
            metadata,
        )
        self.messages.append(message)
        return {"channel": channel, "ts": message.ts, "message": {"text": message.text, "ts": message.ts}}

    def _api_chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args)
        if channel[:1] in {"U", "W"}:
            # chat.postMessage takes a user id for the app's direct message; an ephemeral needs a conversation.
            raise SlackApiRefusal("channel_not_found")
        user = str(args.get("user") or "")
        if user not in self.users:
            raise SlackApiRefusal("user_not_found")
        blocks = self._check_blocks(args.get("blocks"), MAX_MESSAGE_BLOCKS)
        message = Message(channel, self._next_ts(), str(args.get("text") or ""), blocks, ephemeral_for=user)
        self.messages.append(message)
        return {"message_ts": message.ts}

    def _api_chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args)
        message = self.find(str(args.get("ts") or ""))
        if message is None or message.channel != channel or message.ephemeral_for:
            raise SlackApiRefusal("message_not_found")
        blocks = self._check_blocks(args.get("blocks"), MAX_MESSAGE_BLOCKS)
        message.text = str(args.get("text") or message.text)
        if blocks is not None:
            message.blocks = blocks
        message.edits += 1
        return {"channel": channel, "ts": message.ts, "text": message.text}

    def _api_chat_getPermalink(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args)
        message = self.find(str(args.get("message_ts") or ""))
        if message is None or message.channel != channel or message.ephemeral_for:
            raise SlackApiRefusal("message_not_found")
        link = f"https://relais-standin.slack.com/archives/{channel}/p{message.ts.replace('.', '')}"
        return {"channel": channel, "permalink": link}

    def _api_conversations_replies(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args)
        ts = str(args.get("ts") or "")
        parent = self.find(ts)
        if parent is None:
            raise SlackApiRefusal("thread_not_found")
        return self._page_of([parent, *self.thread(channel, ts)], args)

    def _api_conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args)
        newest_first = sorted(self.channel_messages(channel), key=lambda m: float(m.ts), reverse=True)
        return self._page_of(newest_first, args)

    @staticmethod
    def _page_of(messages: list[Message], args: dict[str, Any]) -> dict[str, Any]:
        """Slack's cursor pagination, with ``oldest`` (exclusive) and ``limit``."""
        oldest = float(args.get("oldest") or 0)
        kept = [m for m in messages if float(m.ts) > oldest]
        start = int(args.get("cursor") or 0)
        limit = max(1, min(int(args.get("limit") or 100), 1000))
        page = kept[start : start + limit]
        more = start + limit < len(kept)
        return {
            "messages": [
                {
                    "ts": m.ts,
                    "text": m.text,
                    "thread_ts": m.thread_ts,
                    **({"metadata": m.metadata} if m.metadata else {}),
                }
                for m in page
            ],
            "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    def _view(self, args: dict[str, Any]) -> dict[str, Any]:
        view = args.get("view")
        if isinstance(view, str):
            view = json.loads(view)
        if not isinstance(view, dict) or view.get("type") not in {"modal", "home"}:
            raise SlackApiRefusal("invalid_arguments")
        if view["type"] == "modal" and len((view.get("title") or {}).get("text", "")) > MAX_MODAL_TITLE:
            raise SlackApiRefusal("invalid_arguments")
        self._check_blocks(view.get("blocks", []), MAX_VIEW_BLOCKS)
        return view

    def _api_views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self._triggers.pop(str(args.get("trigger_id") or ""), None)
        if user is None:
            raise SlackApiRefusal("invalid_trigger_id")
        view_id = "V" + secrets.token_hex(5).upper()
        record = View(view_id, user, self._view(args), view_id)
        self.views[view_id] = record
        return {"view": {"id": view_id, "hash": record.hash, **record.view}}

    def _api_views_push(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self._triggers.pop(str(args.get("trigger_id") or ""), None)
        if user is None:
            raise SlackApiRefusal("invalid_trigger_id")
        roots = [v for v in self.views.values() if v.user == user and not v.closed]
        view_id = "V" + secrets.token_hex(5).upper()
        record = View(view_id, user, self._view(args), roots[-1].root_id if roots else view_id)
        self.views[view_id] = record
        return {"view": {"id": view_id, "hash": record.hash, **record.view}}

    def _api_views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        record = self.views.get(str(args.get("view_id") or ""))
        if record is None:
            raise SlackApiRefusal("not_found")
        if args.get("hash") and args["hash"] != record.hash:
            raise SlackApiRefusal("hash_conflict")
        record.view = self._view(args)
        record.hash = secrets.token_hex(6)
        return {"view": {"id": record.id, "hash": record.hash, **record.view}}

    def _api_views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        user = str(args.get("user_id") or "")
        if user not in self.users:
            raise SlackApiRefusal("user_not_found")
        self.home[user] = self._view(args)
        return {"view": {"id": f"VHOME{user}", **self.home[user]}}

    def _api_users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(str(args.get("user") or ""))
        if user is None:
            raise SlackApiRefusal("user_not_found")
        # Slack gives the locale only when asked for it (include_locale).
        asked = str(args.get("include_locale", "")).lower() in {"true", "1"}
        return {"user": user if asked else {k: v for k, v in user.items() if k != "locale"}}

    def _api_usergroups_users_list(self, args: dict[str, Any]) -> dict[str, Any]:
        members = self.usergroups.get(str(args.get("usergroup") or ""))
        if members is None:
            raise SlackApiRefusal("no_such_subteam")
        return {"users": members}

    def _api_files_info(self, args: dict[str, Any]) -> dict[str, Any]:
        info = self.files.get(str(args.get("file") or ""))
        if info is None:
            raise SlackApiRefusal("file_not_found")
        return {"file": self._shown_file(info)}

    def _shown_file(self, info: dict[str, Any]) -> dict[str, Any]:
        """A file as the API shows it: its download URLs are this server's (the port changes between runs)."""
        url = f"{self.url}/files/{info['id']}/{info['name']}"
        return {
            **{k: v for k, v in info.items() if not k.startswith("_")},
            "url_private_download": url,
            "url_private": url,
        }

    def _api_files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        file_id = self.add_file(str(args.get("filename") or "file"), b"", user=BOT_USER_ID)
        return {"file_id": file_id, "upload_url": f"{self.url}/upload/{file_id}"}

    def _api_files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        files = args.get("files")
        if isinstance(files, str):
            files = json.loads(files)
        channel = str(args.get("channel_id") or "")
        shared = []
        for entry in files or []:
            info = self.files.get(entry.get("id", ""))
            if info is None:
                raise SlackApiRefusal("file_not_found")
            info["title"] = entry.get("title") or info["name"]
            shared.append(self._shown_file(info))
            if channel:
                text = str(args.get("initial_comment") or "") or f"shared a file: {info['name']}"
                self.messages.append(
                    Message(
                        channel,
                        self._next_ts(),
                        text,
                        [{"type": "file", "file_id": info["id"], "source": "remote"}],
                        str(args["thread_ts"]) if args.get("thread_ts") else None,
                    )
                )
        return {"files": shared}

    # -- response_url -------------------------------------------------------------------------
    def handle_response_url(self, token: str, payload: dict[str, Any]) -> None:
        with self.changed:
            target = self._response_urls.get(token)
            if target is None:
                raise SlackApiRefusal("expired_url", status=404)
            # Slack allows five uses within 30 minutes.
            target["uses"] += 1
            if target["uses"] > 5:
                raise SlackApiRefusal("used_url", status=404)
            self.calls.append(Call("response_url", payload, time.time()))
            blocks = self._check_blocks(payload.get("blocks"), MAX_MESSAGE_BLOCKS)
            original = self.find(target["message_ts"]) if target.get("message_ts") else None
            if payload.get("delete_original") and original is not None:
                original.deleted = True
            elif payload.get("replace_original") and original is not None:
                original.text = str(payload.get("text") or "")
                original.blocks = blocks
                original.edits += 1
            else:
                in_channel = payload.get("response_type") == "in_channel"
                message = Message(
                    target["channel"],
                    self._next_ts(),
                    str(payload.get("text") or ""),
                    blocks,
                    ephemeral_for=None if in_channel else target["user"],
                    in_channel_response=in_channel,
                )
                self.messages.append(message)
            self.changed.notify_all()

    def file_content(self, file_id: str) -> bytes | None:
        info = self.files.get(file_id)
        return None if info is None else bytes(info["_content"])

    def posted_files(self, channel: str, *, thread_ts: str | None = None) -> list[tuple[str, bytes, Message]]:
        """The files shared in ``channel`` (in one thread when given), oldest first: (name, content, message)."""
        found = []
        for message in self.channel_messages(channel, include_threads=True):
            if thread_ts is not None and message.thread_ts != thread_ts:
                continue
            for block in message.blocks or []:
                info = self.files.get(str(block.get("file_id") or "")) if block.get("type") == "file" else None
                if info is not None:
                    found.append((str(info["name"]), bytes(info["_content"]), message))
        return found

    def store_upload(self, file_id: str, content: bytes) -> None:
        with self.lock:
            if file_id in self.files:
                self.files[file_id]["_content"] = content
                self.files[file_id]["size"] = len(content)


def _parse_args(body: bytes, content_type: str, query: str) -> dict[str, Any]:
    args: dict[str, Any] = {k: v[0] for k, v in parse_qs(query).items()}
    if not body:
        return args
    if content_type.startswith("application/json"):
        parsed = json.loads(body.decode("utf-8"))
        if isinstance(parsed, dict):
            args.update(parsed)
    else:
        args.update({k: v[0] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()})
    return args


def _handler(standin: SlackStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # see bot.sandboxes.frame: separate header/body writes

        def _send(
            self,
            status: int,
            payload: Any,
            headers: dict[str, str] | None = None,
            content_type: str = "application/json; charset=utf-8",
        ) -> None:
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            split = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            content_type = self.headers.get("Content-Type", "")
            try:
                if split.path.startswith("/api/"):
                    method = split.path[len("/api/") :]
                    args = _parse_args(body, content_type, split.query)
                    auth = self.headers.get("Authorization", "")
                    token = auth[7:] if auth.startswith("Bearer ") else args.pop("token", None)
                    self._send(200, standin.handle_api(method, args, token))
                elif split.path.startswith("/response/"):
                    standin.handle_response_url(split.path[len("/response/") :], json.loads(body or b"{}"))
                    self._send(200, b"ok", content_type="text/plain")
                elif split.path.startswith("/upload/"):
                    standin.store_upload(split.path[len("/upload/") :], body)
                    self._send(200, b"OK", content_type="text/plain")
                else:
                    self._send(404, {"ok": False, "error": "not_found"})
            except SlackApiRefusal as refusal:
                self._send(refusal.status, {"ok": False, "error": refusal.error}, refusal.headers)
            except ValueError:
                self._send(400, {"ok": False, "error": "invalid_json"})

        def do_GET(self) -> None:
            split = urlsplit(self.path)
            parts = split.path.split("/")
            if len(parts) >= 3 and parts[1] == "files":
                auth = self.headers.get("Authorization", "")
                content = standin.file_content(parts[2])
                if auth != f"Bearer {standin.bot_token}":
                    self._send(403, b"forbidden", content_type="text/plain")
                elif content is None:
                    self._send(404, b"not found", content_type="text/plain")
                else:
                    self._send(200, content, content_type="application/octet-stream")
                return
            self._send(404, {"ok": False, "error": "not_found"})

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler
