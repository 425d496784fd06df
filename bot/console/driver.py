"""Slack's side of the conversation: signed HTTP requests to the app, shaped as Slack sends them.

Used by the console (what you type becomes a signed slash command; a button press a
signed block_actions payload; a shortcut a shortcut or message_action payload; a filled
modal a view_submission) and by the end-to-end tests. Payload shapes follow Slack's
documentation for slash commands, interactivity, shortcuts and the Events API.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx

from bot.sandboxes.slack import BOT_ID, TEAM_ID, Message, SlackStandIn, View

__all__ = ["Reply", "SlackDriver", "sign"]

API_APP_ID = "ARELAIS"


def sign(secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """Slack's request signature headers (v0, HMAC-SHA256 over "v0:{ts}:{body}")."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


@dataclass
class Reply:
    status: int
    body: str

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class SlackDriver:
    def __init__(self, app_url: str, signing_secret: str, standin: SlackStandIn, *, timeout: float = 10.0) -> None:
        self.events_url = app_url.rstrip("/") + "/slack/events"
        self.signing_secret = signing_secret
        self.standin = standin
        self._http = httpx.Client(timeout=timeout)

    def close(self) -> None:
        self._http.close()

    # -- raw ----------------------------------------------------------------------------------
    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        timestamp: int | None = None,
        signed: bool = True,
    ) -> Reply:
        all_headers = {"Content-Type": content_type, **(sign(self.signing_secret, body, timestamp) if signed else {})}
        all_headers.update(headers or {})
        response = self._http.post(self.events_url, content=body, headers=all_headers)
        return Reply(response.status_code, response.text)

    def _form(self, fields: dict[str, str], **kwargs: Any) -> Reply:
        return self.post(urlencode(fields).encode(), "application/x-www-form-urlencoded", **kwargs)

    def _interaction(self, payload: dict[str, Any]) -> Reply:
        return self._form({"payload": json.dumps(payload)})

    # -- slash commands -------------------------------------------------------------------------
    def command(self, line: str, *, user: str = "UALICE", channel: str = "CGENERAL") -> Reply:
        """'/push sms +336… Bonjour' as typed in Slack by ``user`` in ``channel``."""
        command, _, text = line.strip().partition(" ")
        info = self.standin.users.get(user, {"name": user.lower()})
        fields = {
            "token": "deprecated-verification-token",
            "team_id": TEAM_ID,
            "team_domain": "relais",
            "channel_id": channel,
            "channel_name": channel.lower(),
            "user_id": user,
            "user_name": str(info["name"]),
            "command": command,
            "text": text.strip(),
            "api_app_id": API_APP_ID,
            "is_enterprise_install": "false",
            "response_url": self.standin.new_response_url(channel, user),
            "trigger_id": self.standin.new_trigger(user),
        }
        return self._form(fields)

    # -- buttons ----------------------------------------------------------------------------------
    def click(self, message: Message, action_id: str, *, user: str = "UALICE", value: str | None = None) -> Reply:
        """Press the button ``action_id`` (or the button whose text is ``action_id``) in ``message``."""
        element, block_id = _find_element(message.blocks or [], action_id)
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": user, "username": self.standin.users.get(user, {}).get("name", user), "team_id": TEAM_ID},
            "api_app_id": API_APP_ID,
            "token": "deprecated-verification-token",
            "team": {"id": TEAM_ID, "domain": "relais"},
            "trigger_id": self.standin.new_trigger(user),
            "channel": {"id": message.channel, "name": message.channel.lower()},
            "container": {
                "type": "message",
                "message_ts": message.ts,
                "channel_id": message.channel,
                "is_ephemeral": bool(message.ephemeral_for),
            },
            "response_url": self.standin.new_response_url(message.channel, user, message_ts=message.ts),
            "actions": [_action_payload(element, block_id, value)],
        }
        if not message.ephemeral_for:
            payload["message"] = {"ts": message.ts, "text": message.text, "blocks": message.blocks or []}
        return self._interaction(payload)

    def click_in_view(self, view: View, action_id: str, *, user: str = "UALICE", value: str | None = None) -> Reply:
        element, block_id = _find_element(view.view.get("blocks", []), action_id)
        payload = {
            "type": "block_actions",
            "user": {"id": user, "team_id": TEAM_ID},
            "api_app_id": API_APP_ID,
            "team": {"id": TEAM_ID},
            "trigger_id": self.standin.new_trigger(user),
            "container": {"type": "view", "view_id": view.id},
            "view": {**view.view, "id": view.id, "hash": view.hash},
            "actions": [_action_payload(element, block_id, value)],
        }
        return self._interaction(payload)

    def click_in_home(self, action_id: str, *, user: str = "UALICE", value: str | None = None) -> Reply:
        """Press a button of ``user``'s Home tab as last published: no channel, no response_url (as Slack sends it)."""
        home = self.standin.home.get(user)
        if home is None:
            raise LookupError(f"{user} has no Home published")
        return self.click_in_view(View(f"VHOME{user}", user, home, f"VHOME{user}"), action_id, user=user, value=value)

    # -- shortcuts ------------------------------------------------------------------------------
    def shortcut(
        self, callback_id: str, *, user: str = "UALICE", message: Message | None = None, author: str | None = None
    ) -> Reply:
        """Choose a shortcut: from the shortcuts menu (global, no channel), or on ``message`` (a message
        shortcut: Slack sends the message, its channel and a response_url); ``author``: the user who wrote
        the message (None: Relais posted it)."""
        person = {"id": user, "username": self.standin.users.get(user, {}).get("name", user), "team_id": TEAM_ID}
        payload: dict[str, Any] = {
            "type": "shortcut" if message is None else "message_action",
            "token": "deprecated-verification-token",
            "action_ts": f"{time.time():.6f}",
            "team": {"id": TEAM_ID, "domain": "relais"},
            "user": person,
            "is_enterprise_install": False,
            "callback_id": callback_id,
            "trigger_id": self.standin.new_trigger(user),
        }
        if message is not None:
            written_by = {"user": author} if author else {"bot_id": BOT_ID}
            said = {"type": "message", "ts": message.ts, "text": message.text, **written_by}
            payload |= {
                "channel": {"id": message.channel, "name": message.channel.lower()},
                "message_ts": message.ts,
                "message": said | ({"blocks": message.blocks} if message.blocks else {}),
                "response_url": self.standin.new_response_url(message.channel, user),
            }
        return self._interaction(payload)

    # -- modals ---------------------------------------------------------------------------------
    def submit(self, view: View, values: dict[str, Any], *, user: str = "UALICE") -> Reply:
        """Submit ``view`` with ``values`` ({block_id: value}; lists for multi-selects)."""
        state = {
            block_id: {_input_action_id(view, block_id): _state_value(view, block_id, value)}
            for block_id, value in values.items()
        }
        payload = {
            "type": "view_submission",
            "team": {"id": TEAM_ID},
            "user": {"id": user, "team_id": TEAM_ID},
            "api_app_id": API_APP_ID,
            "trigger_id": self.standin.new_trigger(user),
            "view": {**view.view, "id": view.id, "hash": view.hash, "state": {"values": state}},
            "response_urls": [],
        }
        reply = self._interaction(payload)
        if reply.status == 200:
            answer = reply.json() if reply.body else None
            if not (isinstance(answer, dict) and answer.get("response_action") == "errors"):
                with self.standin.changed:
                    view.closed = True
                    self.standin.changed.notify_all()
        return reply

    # -- events ---------------------------------------------------------------------------------
    def event(self, event: dict[str, Any], *, event_id: str | None = None, retry: int | None = None) -> Reply:
        body = {
            "token": "deprecated-verification-token",
            "team_id": TEAM_ID,
            "api_app_id": API_APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or "Ev" + secrets.token_hex(5).upper(),
            "event_time": int(time.time()),
        }
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else {}
        return self.post(json.dumps(body).encode(), "application/json", headers=headers)

    def open_home(self, user: str = "UALICE", **kwargs: Any) -> Reply:
        return self.event({"type": "app_home_opened", "user": user, "channel": "D" + user[1:], "tab": "home"}, **kwargs)


def _find_element(blocks: list[dict[str, Any]], wanted: str) -> tuple[dict[str, Any], str]:
    for block in blocks:
        candidates = list(block.get("elements") or [])
        if block.get("accessory"):
            candidates.append(block["accessory"])
        if block.get("element"):
            candidates.append(block["element"])
        for element in candidates:
            label = (element.get("text") or {}).get("text") if isinstance(element.get("text"), dict) else None
            if element.get("action_id") == wanted or label == wanted:
                return element, str(block.get("block_id") or "")
    raise LookupError(f"no element {wanted!r} in these blocks")


def _action_payload(element: dict[str, Any], block_id: str, value: str | None) -> dict[str, Any]:
    action: dict[str, Any] = {
        "action_id": element.get("action_id"),
        "block_id": block_id,
        "type": element.get("type", "button"),
        "action_ts": f"{time.time():.6f}",
    }
    if element.get("type") in {"static_select", "radio_buttons"}:
        chosen = value or (element.get("options") or [{}])[0].get("value")
        option = next((o for o in element.get("options") or [] if o.get("value") == chosen), {"value": chosen})
        action["selected_option"] = option
    else:
        action["value"] = value if value is not None else element.get("value", "")
        if element.get("text"):
            action["text"] = element["text"]
    return action


def _input_element(view: View, block_id: str) -> dict[str, Any]:
    for block in view.view.get("blocks", []):
        if block.get("block_id") == block_id and block.get("type") == "input":
            return dict(block.get("element") or {})
    raise LookupError(f"the modal has no input block {block_id!r}")


def _input_action_id(view: View, block_id: str) -> str:
    return str(_input_element(view, block_id).get("action_id") or block_id)


def _state_value(view: View, block_id: str, value: Any) -> dict[str, Any]:
    element = _input_element(view, block_id)
    kind = element.get("type", "plain_text_input")
    if kind in {"static_select", "radio_buttons"}:
        return {"type": kind, "selected_option": {"value": value} if value is not None else None}
    if kind in {"multi_static_select", "checkboxes"}:
        return {"type": kind, "selected_options": [{"value": v} for v in value or []]}
    if kind == "datepicker":
        return {"type": kind, "selected_date": value}
    if kind == "timepicker":
        return {"type": kind, "selected_time": value}
    if kind == "datetimepicker":
        return {"type": kind, "selected_date_time": value}
    if kind == "file_input":
        return {"type": kind, "files": [{"id": f} for f in value or []]}
    if kind == "conversations_select":
        return {"type": kind, "selected_conversation": value}
    return {"type": kind, "value": value}
