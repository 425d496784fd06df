"""Everything Relais writes to Slack goes through here, with Slack's manners.

- ``update``: chat.update of a message is coalesced: at most one edit per second per
  channel, intermediate states dropped, the latest state always delivered. With ``slots``
  (shared mode) the second is claimed in the store before each edit, so the replicas
  together keep to it.
- ``post_once``: a post that must happen exactly once (a watcher's final report),
  even across a crash: its intent is recorded before posting and its ts after; a
  restart that finds the intent without the ts looks for the message in the thread
  (by its metadata) before posting.
- 429s are honoured through slack_sdk's retry handlers (``Retry-After``).
- Messages are cut to Slack's limits (``bot.slack.blockkit.fit_message``).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from bot.core.records import Collection, RecordKind
from bot.core.store import StoreUnavailable
from bot.slack.blockkit import fit_message

__all__ = ["EDIT_SLOTS", "POSTED_ONCE", "EditSlot", "OncePost", "PostInProgress", "SlackOut", "make_web_client"]

log = logging.getLogger(__name__)

ONCE_EVENT_TYPE = "relais_once"
#: Shared mode: how long another replica's intent to post is taken as a post under way (a post takes seconds).
POSTING_GRACE = 60.0
_MAX_LOOKUP_PAGES = 50


class PostInProgress(RuntimeError):
    """A once-only post cannot be made safely now (being posted, or unverifiable): retry later."""


def make_web_client(token: str, base_url: str) -> WebClient:
    return WebClient(
        token=token,
        base_url=base_url,
        timeout=15,
        retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=2), RateLimitErrorRetryHandler(max_retry_count=3)],
    )


class OncePost(BaseModel):
    """A message posted at most once: "posting" (an intent, with the process that made it) or "posted"."""

    state: str
    channel: str
    ts: str = ""
    at: float = 0.0
    boot: str = ""


#: Kept 30 days, far beyond any watch window.
POSTED_ONCE = RecordKind("once:", OncePost, "messages posted at most once", keep=30 * 86400.0, since=lambda p: p.at)


class EditSlot(BaseModel):
    """When a replica last edited a message in a channel (epoch seconds): the next edit there waits a second."""

    at: float


#: One per channel; swept a day after its last edit.
EDIT_SLOTS = RecordKind("slack.edit:", EditSlot, "each channel's last message edit", keep=86400.0, since=lambda s: s.at)


class SlackOut:
    def __init__(
        self,
        client: WebClient,
        once: Collection[OncePost],
        *,
        min_edit_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        slots: Collection[EditSlot] | None = None,
    ) -> None:
        """``slots``: each channel's last edit, shared by the replicas (None: this process is the only one)."""
        self.client = client
        self._once = once
        self._slots = slots
        # Tells this process's own intents from those a dead process left behind.
        self._boot = secrets.token_hex(8)
        self._interval = min_edit_interval
        self._clock = clock
        self._cond = threading.Condition()
        self._pending: dict[str, OrderedDict[str, dict[str, Any]]] = {}
        self._next_allowed: dict[str, float] = {}
        self._sending = 0
        self._closed = False
        self._thread = threading.Thread(target=self._edit_loop, name="slack-edits", daemon=True)
        self._thread.start()

    # -- posts --------------------------------------------------------------------------------
    def post(
        self,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        *,
        thread_ts: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> str:
        text, blocks = fit_message(text, blocks)
        kwargs: dict[str, Any] = {"channel": channel, "text": text}
        if blocks is not None:
            kwargs["blocks"] = blocks
        if thread_ts:
            kwargs["thread_ts"] = thread_ts
        if metadata:
            kwargs["metadata"] = metadata
        response = self.client.chat_postMessage(**kwargs)
        return str(response["ts"])

    def post_ephemeral(self, channel: str, user: str, text: str, blocks: list[dict[str, Any]] | None = None) -> None:
        text, blocks = fit_message(text, blocks)
        kwargs: dict[str, Any] = {"channel": channel, "user": user, "text": text}
        if blocks is not None:
            kwargs["blocks"] = blocks
        self.client.chat_postEphemeral(**kwargs)

    def post_once(
        self,
        key: str,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        *,
        thread_ts: str | None = None,
    ) -> str:
        """Post at most once per ``key``, ever; returns the message's ts (the earlier one if already posted)."""
        intent = OncePost(state="posting", channel=channel, at=time.time(), boot=self._boot)
        if not self._once.add(key, intent):
            current = self._once.get(key) or OncePost(state="posting", channel=channel)
            if current.state == "posted":
                return current.ts
            if current.boot == self._boot:
                raise PostInProgress(f"{key} is being posted by this process")
            if self._slots is not None and current.boot and time.time() - current.at < POSTING_GRACE:
                # Shared mode: another replica's intent this recent is a post under way, not one left by a dead process.
                raise PostInProgress(f"{key} is being posted by another replica")
            # An intent left by a dead process (or a post that failed here): did it reach Slack?
            found = self._find_once(key, channel, thread_ts, since=current.at)
            if found:
                self._once.put(key, OncePost(state="posted", channel=channel, ts=found, at=time.time()))
                return found
            self._once.put(key, intent)
        metadata = {"event_type": ONCE_EVENT_TYPE, "event_payload": {"key": key}}
        try:
            ts = self.post(channel, text, blocks, thread_ts=thread_ts, metadata=metadata)
        except Exception:
            # It may have reached Slack (a timeout): the next attempt looks before posting again.
            self._once.put(key, intent.model_copy(update={"boot": ""}))
            raise
        self._once.put(key, OncePost(state="posted", channel=channel, ts=ts, at=time.time()))
        return ts

    def _find_once(self, key: str, channel: str, thread_ts: str | None, *, since: float) -> str | None:
        """The ts of the message carrying ``key`` posted since ``since``, if any.

        Reads the thread (or the channel) page by page from just before the intent. A failed
        read raises: posting anyway could post twice, so the caller's job backs off and retries.
        """
        oldest = f"{max(0.0, since - 60):.6f}"  # a minute of slack for clock skew with Slack
        cursor = ""
        for _ in range(_MAX_LOOKUP_PAGES):
            args: dict[str, Any] = {"channel": channel, "include_all_metadata": True, "limit": 200, "oldest": oldest}
            if cursor:
                args["cursor"] = cursor
            if thread_ts:
                response = self.client.conversations_replies(ts=thread_ts, **args)
            else:
                response = self.client.conversations_history(**args)
            for message in response.get("messages") or []:
                payload = (message.get("metadata") or {}).get("event_payload") or {}
                if payload.get("key") == key:
                    return str(message["ts"])
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or ""
            if not cursor:
                return None
        raise PostInProgress(f"{key}: too many messages since the intent to be sure it was not posted")

    # -- coalesced edits ----------------------------------------------------------------------
    def update(self, channel: str, ts: str, text: str, blocks: list[dict[str, Any]] | None = None) -> None:
        """Edit a message soon: at most one edit per second per channel; only the latest state is sent."""
        text, blocks = fit_message(text, blocks)
        payload: dict[str, Any] = {"channel": channel, "ts": ts, "text": text}
        if blocks is not None:
            payload["blocks"] = blocks
        with self._cond:
            queue = self._pending.setdefault(channel, OrderedDict())
            queue.pop(ts, None)  # coalesce: the newer state replaces the older, and queues behind others
            queue[ts] = payload
            self._cond.notify_all()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every queued edit has been sent."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and not self._sending, timeout=timeout)

    def close(self) -> None:
        self.flush(timeout=5.0)
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout=5.0)

    def _edit_loop(self) -> None:
        while True:
            with self._cond:
                payload = None
                while payload is None:
                    if self._closed:
                        return
                    now = self._clock()
                    ready = [c for c in self._pending if self._next_allowed.get(c, 0.0) <= now]
                    if ready:
                        channel = ready[0]
                        queue = self._pending[channel]
                        _, payload = queue.popitem(last=False)
                        if not queue:
                            del self._pending[channel]
                        self._next_allowed[channel] = now + self._interval
                        self._sending += 1
                        break
                    waits = [self._next_allowed[c] - now for c in self._pending]
                    self._cond.wait(timeout=min(waits) if waits else None)
            wait = self._claim_slot(channel)
            if wait > 0:  # another replica edited in this channel less than a second ago
                with self._cond:
                    queue = self._pending.setdefault(channel, OrderedDict())
                    if payload["ts"] not in queue:  # a newer state of the message queued meanwhile wins
                        queue[payload["ts"]] = payload
                        queue.move_to_end(payload["ts"], last=False)
                    self._next_allowed[channel] = self._clock() + wait
                    self._sending -= 1
                    self._cond.notify_all()
                continue
            try:
                self.client.chat_update(**payload)
            except SlackApiError as exc:
                log.warning("chat.update of %s failed: %s", payload.get("ts"), exc.response.get("error"))
            except Exception:
                log.exception("chat.update of %s failed", payload.get("ts"))
            finally:
                with self._cond:
                    self._sending -= 1
                    self._cond.notify_all()

    def _claim_slot(self, channel: str) -> float:
        """0 when this process may edit in ``channel`` now (its second claimed), else how long to wait."""
        if self._slots is None:
            return 0.0
        interval = self._interval
        now = time.time()

        def claim(current: EditSlot | None) -> EditSlot | None:
            return EditSlot(at=now) if current is None or current.at + interval <= now else None

        try:
            if self._slots.update(channel, claim) is not None:
                return 0.0
            current = self._slots.get(channel)
        except StoreUnavailable:
            return 0.0  # the other replicas cannot edit either (no slot to claim): Slack's 429s still hold us back
        return max(0.01, current.at + interval - now) if current is not None else 0.01
