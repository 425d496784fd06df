"""Safe writes: stage → confirm → execute, never twice.

A write that costs money or reaches people is staged as a pending action in the store
and shown as a confirmation card. It then moves

    pending → sending → done | failed | unknown        (or pending → cancelled | expired)

and every move is a compare-and-set in the store, made *before* the vendor call
(pending → sending) and *after* it (sending → outcome). So a double click, a retried
request or a second process sees "sending" or the outcome and sends nothing; a restart
finds "sending" with no outcome and turns it into "unknown" (the vendor may have acted):
it is shown with what to check and never retried blindly.

This module knows no Slack: the confirmation card and the result are rendered by
``handlers.confirmation`` from the record.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from bot.core.audit import AuditLog
from bot.core.errors import UserError
from bot.core.store import MISSING, Store
from bot.vendors.errors import Delivery, VendorError

if TYPE_CHECKING:
    from bot.services import Services

__all__ = ["UNKNOWN_CHECK", "Executor", "Outcome", "SafeWrites", "WriteRecord", "WriteState", "may_have_acted"]

log = logging.getLogger(__name__)

PENDING_TTL_SECONDS = 24 * 3600


class WriteState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    DONE = "done"
    FAILED = "failed"
    UNKNOWN = "unknown"
    CANCELLED = "cancelled"
    EXPIRED = "expired"

    @property
    def final(self) -> bool:
        return self not in {WriteState.PENDING, WriteState.SENDING}


class Outcome(BaseModel):
    """What happened, in words for the user, plus the data the follow-up needs."""

    summary: str
    result: dict[str, Any] = Field(default_factory=dict)
    vendor_code: str | None = None
    detail: str = ""  # the vendor's own words, kept for the detail line
    check: str = ""  # for unknown outcomes: what the user should check before trying again


class WriteRecord(BaseModel):
    id: str
    kind: str
    params: dict[str, Any]
    user_id: str
    channel_id: str
    command: str  # the text the user typed (or the modal it came from), for the audit log
    title: str  # "Send an SMS campaign"
    preview: list[str]  # the confirmation card's lines: recipients, segments, units, schedule…
    state: WriteState = WriteState.PENDING
    created_at: float
    updated_at: float
    decided_by: str | None = None
    outcome: Outcome | None = None
    #: Where the card is (the ephemeral confirmation has no ts: its response_url is kept instead).
    card: dict[str, str] = Field(default_factory=dict)
    #: For a done write with a follow-up (campaign card, watcher): False until the follow-up has
    #: run, so that a process killed in between runs it at the next start. None: nothing to follow.
    followed_up: bool | None = None
    #: The card's buttons: "Send" / "Cancel" unless the action reads better otherwise ("Cancel campaign" / "Keep it").
    labels: tuple[str, str] = ("Send", "Cancel")


@dataclass(frozen=True)
class Executor:
    """How one kind of write is carried out.

    ``execute`` makes the vendor call and nothing else (it raises VendorError on failure).
    ``follow_up`` runs after the outcome is persisted (post the campaign card, start the
    watcher): a failure there never changes the action's state. ``check`` says, from the
    action's parameters, how to find out whether an unknown outcome went through.
    """

    kind: str
    operation: str  # e.g. "M11 push sms"
    execute: Callable[[Services, dict[str, Any]], Outcome]
    follow_up: Callable[[Services, WriteRecord], None] | None = None
    admin_only: bool = False
    check: Callable[[dict[str, Any]], str] | None = None

    def unknown_check(self, params: dict[str, Any]) -> str:
        return self.check(params) if self.check is not None else UNKNOWN_CHECK


class SafeWrites:
    def __init__(self, store: Store, audit: AuditLog, *, clock: Callable[[], float] = time.time) -> None:
        self._store = store
        self._audit = audit
        self._clock = clock
        self._executors: dict[str, Executor] = {}

    def register(self, executor: Executor) -> None:
        if executor.kind in self._executors:
            raise ValueError(f"executor {executor.kind} registered twice")
        self._executors[executor.kind] = executor

    def executor(self, kind: str) -> Executor:
        return self._executors[kind]

    # -- records ------------------------------------------------------------------------------
    def get(self, action_id: str) -> WriteRecord | None:
        raw = self._store.get(_key(action_id))
        return WriteRecord.model_validate(raw) if raw is not None else None

    def save_card(self, action_id: str, **where: str) -> None:
        """Remember where the action's card is (channel and ts of its message)."""
        for _ in range(5):
            raw = self._store.get(_key(action_id))
            if raw is None:
                return
            updated = {**raw, "card": {**raw.get("card", {}), **where}}
            if self._store.compare_and_set(_key(action_id), raw, updated):
                return

    def stage(
        self,
        kind: str,
        params: dict[str, Any],
        *,
        user_id: str,
        channel_id: str,
        command: str,
        title: str,
        preview: list[str],
        labels: tuple[str, str] = ("Send", "Cancel"),
    ) -> WriteRecord:
        if kind not in self._executors:
            raise KeyError(f"no executor for {kind}")
        now = self._clock()
        record = WriteRecord(
            id=secrets.token_urlsafe(9),
            kind=kind,
            params=params,
            user_id=user_id,
            channel_id=channel_id,
            command=command,
            title=title,
            preview=preview,
            labels=labels,
            created_at=now,
            updated_at=now,
        )
        if not self._store.compare_and_set(_key(record.id), MISSING, _dump(record)):
            raise RuntimeError("action id collision")  # 72 random bits: never in practice
        return record

    # -- transitions --------------------------------------------------------------------------
    def confirm(
        self,
        services: Services,
        action_id: str,
        user_id: str,
        *,
        on_sending: Callable[[WriteRecord], None] | None = None,
    ) -> tuple[WriteRecord, bool]:
        """Carry out a pending action once. Returns (record, ran): ran is False when it was already handled.

        ``on_sending`` runs once "sending" is persisted, before the vendor call (to show progress).
        Raises UserError when the action does not exist or the user may not confirm it.
        """
        record, claimed = self._claim(services, action_id, user_id, WriteState.SENDING)
        if not claimed or record.state is not WriteState.SENDING:
            return record, False
        if on_sending is not None:
            try:
                on_sending(record)
            except Exception:
                log.exception("showing progress of %s failed (the send goes on)", record.id)
        executor = self._executors[record.kind]
        try:
            outcome = executor.execute(services, record.params)
            state = WriteState.DONE
        except VendorError as exc:
            state = WriteState.UNKNOWN if may_have_acted(exc) else WriteState.FAILED
            outcome = Outcome(
                summary=exc.plain,
                vendor_code=exc.audit_code,
                detail=exc.detail,
                check=executor.unknown_check(record.params) if state is WriteState.UNKNOWN else "",
            )
        except UserError as exc:
            state, outcome = WriteState.FAILED, Outcome(summary=str(exc))
        except Exception:
            # A bug after the request may have left: we cannot say it was not sent.
            log.exception("executor %s failed", record.kind)
            state = WriteState.UNKNOWN
            outcome = Outcome(
                summary="Relais failed while carrying this out", check=executor.unknown_check(record.params)
            )
        record = self._finish(record, state, outcome)
        self._audit.record(
            user_id=record.decided_by or user_id,
            channel_id=record.channel_id,
            command=record.command,
            operation=executor.operation,
            outcome=record.state.value,
            vendor_code=outcome.vendor_code,
            detail=outcome.summary if state is not WriteState.DONE else "",
        )
        if state is WriteState.DONE and executor.follow_up is not None:
            record = self._follow_up(services, record)
        return record, True

    def resume_follow_ups(self, services: Services) -> list[WriteRecord]:
        """At start-up: run the follow-ups that a stopped process had not run after a done write."""
        resumed = []
        for _, raw in self._store.scan("action:"):
            record = WriteRecord.model_validate(raw)
            recent = self._clock() - record.updated_at < PENDING_TTL_SECONDS  # a day-old card is stale news
            if record.state is WriteState.DONE and record.followed_up is False and recent:
                log.warning("resuming the follow-up of %s %s", record.kind, record.id)
                resumed.append(self._follow_up(services, record))
        return resumed

    def _follow_up(self, services: Services, record: WriteRecord) -> WriteRecord:
        executor = self._executors.get(record.kind)
        follow_up = executor.follow_up if executor is not None else None
        if follow_up is None:  # a kind no longer registered, or no longer followed
            return record
        try:
            follow_up(services, record)
        except Exception:
            log.exception("follow-up of %s %s failed (the write itself is done)", record.kind, record.id)
            return record
        return self._update(record.id, followed_up=True)

    def cancel(self, services: Services, action_id: str, user_id: str) -> tuple[WriteRecord, bool]:
        """Cancel a pending action. Returns (record, changed)."""
        record, claimed = self._claim(services, action_id, user_id, WriteState.CANCELLED)
        changed = claimed and record.state is WriteState.CANCELLED
        if changed:
            self._audit.record(
                user_id=user_id,
                channel_id=record.channel_id,
                command=record.command,
                operation=self._executors[record.kind].operation,
                outcome="cancelled",
            )
        return record, changed

    def recover(self) -> list[WriteRecord]:
        """At start-up: actions left in "sending" by a dead process become "unknown" (never resent)."""
        recovered = []
        for _, raw in self._store.scan("action:"):
            record = WriteRecord.model_validate(raw)
            if record.state is WriteState.SENDING:
                executor = self._executors.get(record.kind)
                outcome = Outcome(
                    summary="Relais stopped while this was being sent; the vendor may or may not have acted",
                    check=executor.unknown_check(record.params) if executor is not None else UNKNOWN_CHECK,
                )
                recovered.append(self._finish(record, WriteState.UNKNOWN, outcome))
        return recovered

    def _claim(self, services: Services, action_id: str, user_id: str, target: WriteState) -> tuple[WriteRecord, bool]:
        """pending → target (or expired), atomically: (the record as it stands, whether this call moved it)."""
        while True:
            raw = self._store.get(_key(action_id))
            if raw is None:
                raise UserError("This request no longer exists", hint="run the command again")
            record = WriteRecord.model_validate(raw)
            if (
                target is WriteState.SENDING
                and self._executors[record.kind].admin_only
                and not services.roles.is_admin(user_id)
            ):
                # The role is checked again at the click: it may have been withdrawn since staging.
                self._audit.record(
                    user_id=user_id,
                    channel_id=record.channel_id,
                    command=record.command,
                    operation=self._executors[record.kind].operation,
                    outcome="refused: admins only",
                )
                raise UserError("Only admins can confirm this", hint="ask an admin to press Send")
            if record.user_id != user_id and not services.roles.is_admin(user_id):
                raise UserError(
                    f"Only <@{record.user_id}> (who prepared it) or an admin can confirm or cancel this",
                    hint="ask them, or prepare your own with the same command",
                )
            if record.state is not WriteState.PENDING:
                return record, False
            now = self._clock()
            expired = now - record.created_at > PENDING_TTL_SECONDS
            state = WriteState.EXPIRED if expired else target
            claimed = record.model_copy(update={"state": state, "decided_by": user_id, "updated_at": now})
            if self._store.compare_and_set(_key(action_id), raw, _dump(claimed)):
                return claimed, True

    def _finish(self, record: WriteRecord, state: WriteState, outcome: Outcome) -> WriteRecord:
        executor = self._executors.get(record.kind)
        to_follow = state is WriteState.DONE and executor is not None and executor.follow_up is not None
        return self._update(
            record.id, state=state, outcome=outcome, followed_up=False if to_follow else None, updated_at=self._clock()
        )

    def _update(self, action_id: str, **changes: Any) -> WriteRecord:
        while True:
            raw = self._store.get(_key(action_id))
            changed = WriteRecord.model_validate(raw).model_copy(update=changes)
            if self._store.compare_and_set(_key(action_id), raw, _dump(changed)):
                return changed


UNKNOWN_CHECK = (
    "Check with the vendor (or the matching status command) whether it went through before trying again; "
    "Relais will not resend it by itself"
)


def may_have_acted(error: VendorError) -> bool:
    """Whether the vendor may have carried out the write despite the error.

    The client says so (``Delivery.UNKNOWN``): an answer in no documented form after a write
    (``vendors.errors.unrecognised_answer``), a timeout or a broken connection after sending,
    a 5xx other than 503. A refusal, in whatever words and under whatever status, is NOT_SENT.
    """
    return error.delivery is Delivery.UNKNOWN


def _key(action_id: str) -> str:
    return f"action:{action_id}"


def _dump(record: WriteRecord) -> dict[str, Any]:
    return record.model_dump(mode="json")
