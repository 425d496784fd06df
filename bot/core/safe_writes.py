"""Safe writes: stage → confirm → execute, never twice.

A write that costs money or reaches people is staged as a pending action in the store
and shown as a confirmation card. It then moves

    pending → sending → done | failed | unknown        (or pending → cancelled | expired)

and every move is a compare-and-set in the store, made *before* the vendor call
(pending → sending) and *after* it (sending → outcome). So a double click, a retried
request or a second process sees "sending" or the outcome and sends nothing; a restart
finds "sending" with no outcome and turns it into "unknown" (the vendor may have acted):
it is shown with what to check and never retried blindly.

A write whose executor declares a ``fingerprint`` asks before sending the same thing again
within 10 minutes (``bot.core.recent_sends``): its card says so when staged, and a click that
finds a send the card has not told about puts the card back to pending, asking, instead of
sending.

An executor may declare a ``gate``, run at each click before anything is noted or sent: it refuses
(raises UserError: the write fails, nothing reaches the vendor) or asks for a second click (a
``Caution``: the card stays pending, its button now says "Send anyway (Sunday)"; the next click
sends), or refuses it for now (a ``Refusal``: the card is pending again, ``held``, e.g. over budget).
A write staged ``blocked`` (a rule), ``held`` (a limit) or waiting for an ``approval`` has no Send
button (its card says why: ``withheld``), and a click on it sends nothing.

This module knows no Slack: the confirmation card and the result are rendered by
``bot.slack.cards`` from the record.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

from bot.core.approvals import Approval
from bot.core.audit import AuditLog
from bot.core.errors import Delivery, OutcomeUnknown, UserError, VendorError
from bot.core.recent_sends import Fingerprint, RecentSendLog, Repeat, Sent
from bot.core.records import Collection, RecordKind
from bot.core.store import StoreUnavailable

__all__ = [
    "SENDING_GRACE",
    "UNKNOWN_CHECK",
    "WRITES",
    "Caution",
    "Executor",
    "Outcome",
    "Refusal",
    "SafeWrites",
    "WriteRecord",
    "WriteState",
    "may_have_acted",
    "recover_interrupted",
    "withheld",
]

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


class Caution(BaseModel):
    """What a gate asks a second click for: ``key`` names it (acknowledged once), ``button`` is the confirm
    button's new words, ``line`` what the card says above it."""

    key: str
    button: str
    line: str


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
    #: The card's buttons, as its executor declares them ("Delete contact" / "Cancel", "Cancel campaign" / "Keep it").
    labels: tuple[str, str] = ("Send", "Cancel")
    #: The confirm button is red: the write deletes, removes, blacklists or cancels.
    danger: bool = False
    #: Other ways to do it, offered as buttons while pending: (label, action id); the button's value is the
    #: record's id, and its handler stages the other way (e.g. the same SMS with GSM equivalents).
    alternatives: list[tuple[str, str]] = Field(default_factory=list)
    #: For an executor with a fingerprint: what makes it "the same", and the earlier send the card tells about.
    repeat: Repeat | None = None
    #: Why Send is withheld while pending ("": it is not); the card says why and has no confirm button.
    #: ``blocked``: the draft itself breaks a rule (a promotional SMS without its opt-out text): only a new
    #: card fixes it (the card's buttons redraw it). ``held``: a limit outside the draft (the channel's budget),
    #: which the card's alternatives may lift on this same card (``amend``).
    blocked: str = ""
    held: str = ""
    #: The caution the card asks a second click for, and the cautions already acknowledged (their keys).
    caution: Caution | None = None
    acknowledged: list[str] = Field(default_factory=list)
    #: For a write that an admin other than its author must approve first (``bot.core.approvals``).
    approval: Approval | None = None


#: Every staged write, with its state and outcome (kept: it is what a late click on an old card reads).
WRITES = RecordKind("action:", WriteRecord, "safe writes: staged, sent, and their outcome")

K = TypeVar("K")


@dataclass(frozen=True)
class Executor(Generic[K]):
    """How one kind of write is carried out, with ``K``: what it works with (its family's kit).

    ``execute`` makes the vendor call and nothing else (it raises VendorError on failure).
    ``follow_up`` runs after the outcome is persisted (post the campaign card, start the
    watcher): a failure there never changes the action's state. ``check`` says, from the
    action's parameters, how to find out whether an unknown outcome went through.
    """

    kind: str
    operation: str  # e.g. "M11 push sms"
    execute: Callable[[K, dict[str, Any]], Outcome]
    follow_up: Callable[[K, WriteRecord], None] | None = None
    admin_only: bool = False
    check: Callable[[dict[str, Any]], str] | None = None
    family: str = ""
    #: The card's confirm button says what it does ("Delete contact", "Place call"); ``keep`` is the other one.
    button: str = "Send"
    keep: str = "Cancel"
    #: Destructive (delete, remove, blacklist, cancel): the confirm button is red. The card is the
    #: confirmation, so no Slack ``confirm`` dialog is added on top.
    danger: bool = False
    #: What makes two of these writes the same (None: they are never compared); ``again`` is the confirm
    #: button of a card that asks because the same was sent within 10 minutes ("Send again", "Call again").
    fingerprint: Callable[[dict[str, Any]], Fingerprint | None] | None = None
    again: str = "Send again"
    #: Checked at each click on Send once the record is "sending" (so that clicks at the same moment see each
    #: other), before anything is noted or sent; given what the executor works with and the record. It answers
    #: None (go on), a ``Caution`` (a second click asked), a ``Refusal`` (pending again, held as it says), or
    #: raises UserError (the write fails: nothing reaches the vendor).
    gate: Callable[[K, WriteRecord], Caution | Refusal | None] | None = None
    #: What the audit line of a carried-out write says besides its outcome (budget, approver…).
    audit_detail: Callable[[K, WriteRecord], str] | None = None
    #: After a pending write is cancelled or expired (persisted, audited): tidy what points at it elsewhere (a
    #: request to approve it), given why ("" for the card's Cancel button, and for a card expired unclicked: its
    #: state says so). A failure is logged; the cancel stands.
    on_cancel: Callable[[K, WriteRecord, str], None] | None = None

    def unknown_check(self, params: dict[str, Any]) -> str:
        return self.check(params) if self.check is not None else UNKNOWN_CHECK


@dataclass(frozen=True)
class Refusal:
    """An executor's gate refusing a write at Send: why, and what its record becomes (default: held with why)."""

    why: str
    changes: dict[str, Any] | None = None


def withheld(record: WriteRecord) -> str:
    """Why a pending write's card shows no confirm button ("": it shows one): blocked by a rule, held by a
    limit, or waiting for an admin's approval. A click on such a card sends nothing."""
    approval = record.approval
    waiting = "it waits for an admin's approval" if approval is not None and approval.state != "approved" else ""
    return "; ".join(why for why in (record.blocked, record.held, waiting) if why)


@dataclass(frozen=True)
class _Registered(Generic[K]):
    executor: Executor[K]
    kit: K


class SafeWrites:
    """The safe-write machine. ``is_admin`` is asked again at each click (a role may be withdrawn)."""

    def __init__(
        self,
        writes: Collection[WriteRecord],
        audit: AuditLog,
        is_admin: Callable[[str], bool],
        recent: RecentSendLog,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._writes = writes
        self._recent = recent
        self._audit = audit
        self._is_admin = is_admin
        self._clock = clock
        self._executors: dict[str, _Registered[Any]] = {}
        # Claims whose commit went unanswered (the database went away meanwhile): (record as it was, as claimed).
        # The user was told nothing was done, and nothing was: each is put back as it was once the store answers.
        self._unanswered: list[tuple[WriteRecord, WriteRecord]] = []
        self._unanswered_lock = threading.Lock()

    def register(self, executor: Executor[K], kit: K) -> None:
        """Carry out writes of ``executor.kind`` with ``kit`` (what its functions work with)."""
        if executor.kind in self._executors:
            raise ValueError(f"executor {executor.kind} registered twice")
        self._executors[executor.kind] = _Registered(executor, kit)

    def executor(self, kind: str) -> Executor[Any]:
        return self._executors[kind].executor

    # -- records ------------------------------------------------------------------------------
    def get(self, action_id: str) -> WriteRecord | None:
        return self._writes.get(action_id)

    def save_card(self, action_id: str, **where: str) -> None:
        """Remember where the action's card is (channel and ts of its message)."""
        self._writes.update(
            action_id, lambda record: record.model_copy(update={"card": {**record.card, **where}}) if record else None
        )

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
        alternatives: list[tuple[str, str]] | None = None,
        blocked: str = "",
        held: str = "",
        approval: Approval | None = None,
    ) -> WriteRecord:
        """A pending write; its card's buttons are those its executor declares, and ``alternatives``.

        ``blocked`` / ``held``: why it may not be sent as it stands (no confirm button; a click is refused);
        ``approval``: it waits for an admin's approval."""
        if kind not in self._executors:
            raise KeyError(f"no executor for {kind}")
        executor = self._executors[kind].executor
        now = self._clock()
        repeat = self._repeat(executor, params, now)
        record = WriteRecord(
            id=secrets.token_urlsafe(9),
            kind=kind,
            params=params,
            user_id=user_id,
            channel_id=channel_id,
            command=command,
            title=title,
            preview=preview,
            labels=(executor.again if repeat and repeat.told else executor.button, executor.keep),
            danger=executor.danger,
            alternatives=alternatives or [],
            created_at=now,
            updated_at=now,
            repeat=repeat,
            blocked=blocked,
            held=held,
            approval=approval,
        )
        if not self._writes.add(record.id, record):
            raise RuntimeError("action id collision")  # 72 random bits: never in practice
        return record

    def _repeat(self, executor: Executor[Any], params: dict[str, Any], now: float) -> Repeat | None:
        """The write's fingerprint, with the last send of the same within 10 minutes (what its card tells)."""
        found = executor.fingerprint(params) if executor.fingerprint is not None else None
        if found is None:
            return None
        return Repeat(key=found.key, same=found.same, done=found.done, told=self._recent.latest(found.key, now))

    def amend(self, action_id: str, change: Callable[[WriteRecord], dict[str, Any]]) -> WriteRecord | None:
        """Change a pending write (its hold, approval, lines, alternatives: never its params): the record as
        changed, or None when it is no longer pending (sent, cancelled, expired meanwhile)."""

        def amended(current: WriteRecord | None) -> WriteRecord | None:
            if current is None or current.state is not WriteState.PENDING:
                return None
            return current.model_copy(update={**change(current), "updated_at": self._clock()})

        return self._writes.update(action_id, amended)

    # -- transitions --------------------------------------------------------------------------
    def confirm(
        self,
        action_id: str,
        user_id: str,
        *,
        on_sending: Callable[[WriteRecord], None] | None = None,
    ) -> tuple[WriteRecord, bool]:
        """Carry out a pending action once. Returns (record, ran): ran is False when it was already handled,
        or when the same was sent since its card was shown (the record is then pending again, and asks), or
        when it is held, waits for approval or its executor's gate refuses it now (pending again, held).

        ``on_sending`` runs once "sending" is persisted, before the vendor call (to show progress).
        Raises UserError when the action does not exist or the user may not confirm it.
        """
        record, claimed = self._claim(action_id, user_id, WriteState.SENDING)
        if not claimed or record.state is not WriteState.SENDING:
            return record, False
        registered = self._executors[record.kind]
        executor = registered.executor
        try:
            checked = self._gated(record, user_id)
        except UserError as exc:  # refused at the click (the hour changed since the card): nothing is sent
            return self._conclude(
                record, user_id, WriteState.FAILED, Outcome(summary=str(exc), detail=exc.detail)
            ), True
        if isinstance(checked, WriteRecord):
            return checked, False
        if checked is not None and checked.key not in record.acknowledged:
            return self._ask_caution(record, checked), False
        untold = self._note_send(record)
        if untold is not None:
            return self._ask_again(record, untold), False
        if on_sending is not None:
            try:
                on_sending(record)
            except Exception:
                log.exception("showing progress of %s failed (the send goes on)", record.id)
        try:
            outcome = executor.execute(registered.kit, record.params)
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
            state, outcome = WriteState.FAILED, Outcome(summary=str(exc), detail=exc.detail)
        except Exception:
            # A bug after the request may have left: we cannot say it was not sent.
            log.exception("executor %s failed", record.kind)
            state = WriteState.UNKNOWN
            outcome = Outcome(
                summary="Relais failed while carrying this out", check=executor.unknown_check(record.params)
            )
        return self._conclude_recorded(record, user_id, state, outcome), True

    def _conclude_recorded(self, record: WriteRecord, user_id: str, state: WriteState, outcome: Outcome) -> WriteRecord:
        """After the vendor call, ``_conclude``, giving the shared store's database ``RECORD_SECONDS`` to answer:
        past that, the outcome is said as unknown (never "nothing was sent"), and the write, left "sending", is
        marked interrupted by ``recover`` once the database is back."""
        deadline = time.monotonic() + RECORD_SECONDS
        while True:
            try:
                return self._conclude(record, user_id, state, outcome)
            except StoreUnavailable:
                if time.monotonic() >= deadline:
                    break
                time.sleep(RECORD_RETRY_SECONDS)
        log.error("%s %s: the vendor answered (%s) but the store does not answer", record.kind, record.id, state)
        said = "was sent" if state is WriteState.DONE else "reached the vendor"
        raise OutcomeUnknown(
            f"It {said}, but Relais could not record the vendor's answer: its database does not answer",
            outcome.summary,
            "Do not send it again: check with the vendor (or the matching status command) what happened; "
            "Relais shows it as interrupted once its database is back",
        )

    def _conclude(self, record: WriteRecord, user_id: str, state: WriteState, outcome: Outcome) -> WriteRecord:
        """The outcome persisted and audited (with the cautions sent past), then the follow-up of a done write."""
        executor = self.executor(record.kind)
        record = self._finish(record, state, outcome)
        if state is WriteState.FAILED and record.repeat is not None:
            self._recent.withdraw(record.repeat.key, record.id)  # refused: it did not go
        self._audit.record(
            user_id=record.decided_by or user_id,
            channel_id=record.channel_id,
            command=record.command,
            operation=executor.operation,
            outcome=record.state.value,
            vendor_code=outcome.vendor_code,
            detail=self._audit_detail(record),
        )
        if state is WriteState.DONE and executor.follow_up is not None:
            record = self._follow_up(record)
        return record

    def _ask_caution(self, record: WriteRecord, caution: Caution) -> WriteRecord:
        """Sending → pending again, the card asking a second click for ``caution`` (acknowledged by that click)."""
        log.info("%s %s not sent yet: %s asks a second click", record.kind, record.id, caution.key)
        self._audit.record(
            user_id=record.decided_by or record.user_id,
            channel_id=record.channel_id,
            command=record.command,
            operation=self.executor(record.kind).operation,
            outcome="asked again",
            detail=caution.line,
        )
        return self._update(
            record.id,
            state=WriteState.PENDING,
            decided_by=None,
            updated_at=self._clock(),
            caution=caution,
            acknowledged=[*record.acknowledged, caution.key],
            labels=(caution.button, record.labels[1]),
        )

    def _gated(self, record: WriteRecord, user_id: str) -> WriteRecord | Caution | None:
        """A write being sent, checked once more before anything is noted or sent: the record pending again
        (audited "refused") when its card shows no Send (blocked, held, waiting for approval: a stale or forged
        click) or its executor's gate refuses it now; the gate's ``Caution``; None when it may go. The gate's
        UserError goes up (the write then fails: nothing was sent)."""
        registered = self._executors[record.kind]
        gate = registered.executor.gate
        why = withheld(record)
        answer: Caution | Refusal | None = None
        if not why and gate is not None:
            try:
                answer = gate(registered.kit, record)
            except UserError:
                raise
            except Exception:  # a bug in the check: nothing was sent, the card stays (never "unknown")
                log.exception("the gate of %s %s failed: not sent", record.kind, record.id)
                answer = Refusal("Relais could not check whether this may be sent now; nothing was sent")
        if not why and not isinstance(answer, Refusal):
            return answer
        self._audit.record(
            user_id=user_id,
            channel_id=record.channel_id,
            command=record.command,
            operation=registered.executor.operation,
            outcome="refused",
            detail=why or (answer.why if isinstance(answer, Refusal) else ""),
        )
        changes: dict[str, Any] = {}
        if isinstance(answer, Refusal):
            changes = {"held": answer.why} if answer.changes is None else answer.changes
        return self._update(record.id, state=WriteState.PENDING, decided_by=None, updated_at=self._clock(), **changes)

    def _audit_detail(self, record: WriteRecord) -> str:
        """The audit line's detail: what went wrong, and what the executor says of the write (never failing it)."""
        outcome = record.outcome
        parts = [outcome.summary if outcome is not None and record.state is not WriteState.DONE else ""]
        parts += [f"sent past a caution: {key}" for key in record.acknowledged if record.state is WriteState.DONE]
        registered = self._executors[record.kind]
        if registered.executor.audit_detail is not None:
            try:
                parts.append(registered.executor.audit_detail(registered.kit, record))
            except Exception:
                log.exception("the audit detail of %s %s failed", record.kind, record.id)
        return "; ".join(part for part in parts if part)

    def _note_send(self, record: WriteRecord) -> Sent | None:
        """Note this send under its fingerprint, before the vendor call (twenty cards clicked at once send
        once); or the send of the same that its card has not told about, and nothing noted."""
        if record.repeat is None:
            return None
        sent = Sent(action_id=record.id, user_id=record.decided_by or record.user_id, at=record.updated_at)
        return self._recent.note(record.repeat.key, sent, told=record.repeat.told)

    def _ask_again(self, record: WriteRecord, untold: Sent) -> WriteRecord:
        """Sending → pending again, the card now telling ``untold`` (this click owns "sending": no other moves it)."""
        assert record.repeat is not None
        log.info("%s %s not sent: the same was sent at %s; its card asks", record.kind, record.id, untold.at)
        return self._update(
            record.id,
            state=WriteState.PENDING,
            decided_by=None,
            updated_at=self._clock(),
            repeat=record.repeat.model_copy(update={"told": untold}),
            labels=(self.executor(record.kind).again, record.labels[1]),
        )

    def resume_follow_ups(self) -> list[WriteRecord]:
        """At start-up: run the follow-ups that a stopped process had not run after a done write."""
        resumed = []
        for _, record in self._writes.scan():
            recent = self._clock() - record.updated_at < PENDING_TTL_SECONDS  # a day-old card is stale news
            if record.state is WriteState.DONE and record.followed_up is False and recent:
                log.warning("resuming the follow-up of %s %s", record.kind, record.id)
                resumed.append(self._follow_up(record))
        return resumed

    def _follow_up(self, record: WriteRecord) -> WriteRecord:
        registered = self._executors.get(record.kind)
        follow_up = registered.executor.follow_up if registered is not None else None
        if registered is None or follow_up is None:  # a kind no longer registered, or no longer followed
            return record
        try:
            follow_up(registered.kit, record)
        except Exception:
            log.exception("follow-up of %s %s failed (the write itself is done)", record.kind, record.id)
            return record
        return self._update(record.id, followed_up=True)

    def cancel(self, action_id: str, user_id: str, why: str = "") -> tuple[WriteRecord, bool]:
        """Cancel a pending action (``why``: what replaced it, "" when a person just cancelled it).
        Returns (record, changed)."""
        record, claimed = self._claim(action_id, user_id, WriteState.CANCELLED)
        changed = claimed and record.state is WriteState.CANCELLED
        if changed:
            self._audit.record(
                user_id=user_id,
                channel_id=record.channel_id,
                command=record.command,
                operation=self.executor(record.kind).operation,
                outcome="cancelled",
                detail=why,
            )
            self._tidy_after(record, why)
        return record, changed

    def _tidy_after(self, record: WriteRecord, why: str) -> None:
        """The executor's ``on_cancel``, for a write cancelled or expired (its failure logged, never raised)."""
        registered = self._executors.get(record.kind)
        if registered is not None and registered.executor.on_cancel is not None:
            try:
                registered.executor.on_cancel(registered.kit, record, why)
            except Exception:
                log.exception("after %s %s was %s: tidying up failed", record.kind, record.id, record.state)

    def _expire(self, record: WriteRecord, cutoff: float) -> bool:
        """A card left pending since before ``cutoff`` with nobody's click: expired (a click would find it so
        anyway), audited, and what points at it tidied (an approval request loses its buttons)."""
        moved = self._writes.update(record.id, partial(_expired, at=self._clock(), cutoff=cutoff))
        if moved is None:
            return False  # clicked meanwhile
        registered = self._executors.get(moved.kind)
        self._audit.record(
            user_id=moved.user_id,
            channel_id=moved.channel_id,
            command=moved.command,
            operation=registered.executor.operation if registered is not None else moved.kind,
            outcome="expired",
            detail="not sent within 24 hours of its card",
        )
        self._tidy_after(moved, "")
        return True

    def recover(self, *, older_than: float = 0.0, expire: bool = False) -> list[WriteRecord]:
        """At start-up: actions left in "sending" by a dead process become "unknown" (never resent).

        ``older_than``: only those sending for longer (shared mode: a write another replica is sending right now
        is its own; a vendor call ends long before ``SENDING_GRACE``). ``expire``: in the same pass, cards left
        pending past ``PENDING_TTL_SECONDS`` are expired."""
        recovered = []
        now = self._clock()
        cutoff, stale = now - older_than, now - PENDING_TTL_SECONDS
        for _, record in self._writes.scan():
            if expire and record.state is WriteState.PENDING and record.created_at < stale:
                self._expire(record, stale)
            elif record.state is WriteState.SENDING and record.updated_at <= cutoff:
                registered = self._executors.get(record.kind)
                executor = registered.executor if registered is not None else None
                outcome = Outcome(
                    summary="Relais stopped while this was being sent; the vendor may or may not have acted",
                    check=executor.unknown_check(record.params) if executor is not None else UNKNOWN_CHECK,
                )
                recovered.append(self._finish(record, WriteState.UNKNOWN, outcome))
        return recovered

    def _claim(self, action_id: str, user_id: str, target: WriteState) -> tuple[WriteRecord, bool]:
        """pending → target (or expired), atomically: (the record as it stands, whether this call moved it)."""
        record = self._writes.get(action_id)
        if record is None:
            raise UserError("This request no longer exists", hint="run the command again")
        executor = self.executor(record.kind)
        if target is WriteState.SENDING and executor.admin_only and not self._is_admin(user_id):
            # The role is checked again at the click: it may have been withdrawn since staging.
            self._audit.record(
                user_id=user_id,
                channel_id=record.channel_id,
                command=record.command,
                operation=executor.operation,
                outcome="refused: admins only",
            )
            raise UserError("Only admins can confirm this", hint="ask an admin to press Send")
        if record.user_id != user_id and not self._is_admin(user_id):
            raise UserError(
                f"Only <@{record.user_id}> (who prepared it) or an admin can confirm or cancel this",
                hint="ask them, or prepare your own with the same command",
            )

        self.undo_unanswered_claims()
        attempt: list[tuple[WriteRecord, WriteRecord]] = []

        def claim(current: WriteRecord | None) -> WriteRecord | None:
            if current is None or current.state is not WriteState.PENDING:
                return None
            now = self._clock()
            state = WriteState.EXPIRED if now - current.created_at > PENDING_TTL_SECONDS else target
            claimed = current.model_copy(update={"state": state, "decided_by": user_id, "updated_at": now})
            attempt[:] = [(current, claimed)]
            return claimed

        try:
            claimed = self._writes.update(action_id, claim)
        except StoreUnavailable:
            # The database may have committed the claim before the connection broke: nothing was sent, so that
            # claim is undone when the database answers again (the user is told nothing was done, and can retry).
            with self._unanswered_lock:
                self._unanswered.extend(attempt)
            raise
        if claimed is not None:
            return claimed, True
        return self._writes.get(action_id) or record, False

    def undo_unanswered_claims(self) -> int:
        """Put back the claims whose commit went unanswered, each only if it stands as claimed (a claim that was
        never committed leaves nothing to undo); how many were undone. Kept for later while the store is down."""
        with self._unanswered_lock:
            unanswered, self._unanswered = self._unanswered, []
        undone = 0
        for index, (before, claimed) in enumerate(unanswered):
            try:
                put_back = self._writes.update(before.id, partial(_put_back, claimed=claimed, before=before))
            except StoreUnavailable:
                with self._unanswered_lock:
                    self._unanswered.extend(unanswered[index:])
                break
            if put_back is not None:
                log.warning("write %s: its claim was committed unanswered; put back as %s", before.id, before.state)
                undone += 1
        return undone

    def _finish(self, record: WriteRecord, state: WriteState, outcome: Outcome) -> WriteRecord:
        registered = self._executors.get(record.kind)
        to_follow = state is WriteState.DONE and registered is not None and registered.executor.follow_up is not None
        return self._update(
            record.id, state=state, outcome=outcome, followed_up=False if to_follow else None, updated_at=self._clock()
        )

    def _update(self, action_id: str, **changes: Any) -> WriteRecord:
        updated = self._writes.update(action_id, lambda record: record.model_copy(update=changes) if record else None)
        if updated is None:
            raise KeyError(f"write {action_id} vanished from the records")
        return updated


#: After the vendor call, how long the outcome's recording waits for the shared store's database, and how often
#: it tries meanwhile (a worker thread: Slack was answered long before).
RECORD_SECONDS = 10.0
RECORD_RETRY_SECONDS = 0.5

#: How long a write may be "sending" before a replica starting in shared mode takes it as left by a dead one:
#: well past the longest vendor call (15 s timeouts, a few read retries).
SENDING_GRACE = 120.0


def _expired(current: WriteRecord | None, at: float, cutoff: float) -> WriteRecord | None:
    if current is None or current.state is not WriteState.PENDING or current.created_at >= cutoff:
        return None
    return current.model_copy(update={"state": WriteState.EXPIRED, "updated_at": at})


def _put_back(current: WriteRecord | None, claimed: WriteRecord, before: WriteRecord) -> WriteRecord | None:
    return before if current == claimed else None


def recover_interrupted(safe_writes: SafeWrites, job: Any = None) -> float:
    """A job: writes left "sending" past ``SENDING_GRACE`` (a replica died, or the database failed after the vendor
    call) become "unknown", every minute, not only when a process starts; the delay before the next look.

    First, this process's claims whose commit went unanswered are put back (they sent nothing); cards left
    unclicked for a day are expired."""
    safe_writes.undo_unanswered_claims()
    recovered = safe_writes.recover(older_than=SENDING_GRACE, expire=True)
    if recovered:
        log.warning("%d write(s) left sending past %d s were marked unknown, not resent", len(recovered), SENDING_GRACE)
    return 60.0


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
