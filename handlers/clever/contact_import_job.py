"""The job of a confirmed contact import: one M5 per row, at a pace, with a progress card and a summary.

Each run sends rows for at most ``RUN_SECONDS`` (``ContactImports.per_second`` apart), writing
each row's state before its request and after its answer (``contact_import_records``), then
redraws the progress card (``SlackOut.update`` coalesces edits to one a second). A 429 or 503,
or a request that never left, puts the row back and waits (5 s doubling, at most 2 minutes).

After an interruption (a restart, a crash), a row found "sending" may have reached Clever: it is
created if the account's contacts (M9) show its mobile or e-mail, otherwise its outcome is
unknown; either way it is never sent again (docs/decisions.md). The summary, posted once in the
card's thread, lists the rows refused (Clever's words through the error tables) and unknown.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from bot.core.errors import VendorError
from bot.core.jobs import Job, Place
from bot.core.safe_writes import may_have_acted
from bot.rules.fields import FieldError, FieldErrors
from bot.slack.blockkit import clip, context, header, plural, section
from bot.vendors.clever.client import CleverClient
from handlers.clever.contact_import_records import (
    BLOCK,
    ROW_CREATED,
    ROW_PENDING,
    ROW_REFUSED,
    ROW_SENDING,
    ROW_UNKNOWN,
    ContactImport,
    ContactImports,
    ImportRows,
    ImportStates,
    block_id,
)
from handlers.clever.contact_import_rules import account_keys, check_row, row_input
from handlers.clever.kit import CleverKit, clever

__all__ = ["IMPORT_JOB", "run_import"]

log = logging.getLogger(__name__)

IMPORT_JOB = "clever.contact.import"
#: A run holds a worker this long at most, so that other jobs and a stop are not kept waiting.
RUN_SECONDS = 2.0
BACKOFF_FIRST, BACKOFF_MAX = 5.0, 120.0
#: Rows the summary names by kind; the counts cover all of them.
SHOWN_REFUSED, SHOWN_UNKNOWN = 20, 50
_BACK_OFF_STATUSES = {429, 503}


class _Backoff(Exception):
    """Clever asked to slow down (429, 503) or the request never left: the row waits for the next run."""


def _places(kit: CleverKit, job: Job) -> list[Place]:
    record = kit.contact_imports.imports.get(str(job.params.get("import", "")))
    return [(record.channel_id, record.card_ts)] if record is not None and record.card_ts else []


@clever.job(IMPORT_JOB, reading="Clever Multimedias' contacts", places=_places)
def run_import(kit: CleverKit, job: Job) -> float | None:
    store = kit.contact_imports
    record = store.imports.get(str(job.params["import"]))
    if record is None or record.state == "done":
        return None
    if not record.card_ts:
        text, blocks = _progress_card(record, store.per_second)
        ts = kit.out.post_once(f"{IMPORT_JOB}:{record.id}:card", record.channel_id, text, blocks)
        record = _save(store, record.model_copy(update={"card_ts": ts}))
    run = _Run(store, kit.client, record)
    try:
        run.send_for(RUN_SECONDS)
        job.data.pop("backoff", None)
    except _Backoff:
        job.data["backoff"] = min(BACKOFF_MAX, float(job.data.get("backoff", BACKOFF_FIRST / 2)) * 2)
    record = _save(store, run.counted())
    if record.cursor >= record.total:
        _finish(kit, record)
        return None
    kit.out.update(record.channel_id, record.card_ts, *_progress_card(record, store.per_second))
    return float(job.data.get("backoff", 0.0))


class _Run:
    """One run's walk through the rows from the import's cursor, one block in memory at a time."""

    def __init__(self, store: ContactImports, client: CleverClient, record: ContactImport) -> None:
        self.store, self.client, self.record = store, client, record
        self.cursor = record.cursor
        self.block = -1
        self.rows = ImportRows(created_at=0, lines=[], values=[])
        self.states = ImportStates(created_at=0, states="")
        self.marks: list[str] = []
        self.account: tuple[set[str], set[str]] | None = None  # M9, read once if a row was interrupted
        self.next_at = 0.0

    def send_for(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        interval = 1.0 / max(self.store.per_second, 0.01)
        while self.cursor < self.record.total:
            self._load(self.cursor // BLOCK)
            offset = self.cursor % BLOCK
            state = self.marks[offset]
            if state == ROW_SENDING:
                self._settle_interrupted(offset)
            elif state == ROW_PENDING:
                if time.monotonic() >= deadline:
                    return
                time.sleep(max(0.0, self.next_at - time.monotonic()))
                self.next_at = time.monotonic() + interval
                self._send(offset)
            self.cursor += 1

    def _load(self, block: int) -> None:
        if block == self.block:
            return
        key = block_id(self.record.id, block)
        rows, states = self.store.rows.get(key), self.store.states.get(key)
        if rows is None or states is None:
            raise RuntimeError(f"contact import {self.record.id}: block {block} is missing")
        self.block, self.rows, self.states, self.marks = block, rows, states, list(states.states)

    def _mark(self, offset: int, state: str, note: str = "") -> None:
        """The row's state, written before anything else happens to it."""
        self.marks[offset] = state
        notes = {**self.states.notes, str(offset): note} if note else self.states.notes
        self.states = self.states.model_copy(update={"states": "".join(self.marks), "notes": notes})
        self.store.states.put(block_id(self.record.id, self.block), self.states)

    def _send(self, offset: int) -> None:
        values = self.rows.values[offset]
        try:
            contact = row_input(self.record.fields, values)
        except (FieldError, FieldErrors) as exc:  # checked at the card: only a rule changed since
            self._mark(offset, ROW_REFUSED, f"Relais' rules: {exc}")
            return
        self._mark(offset, ROW_SENDING)
        try:
            self.client.create_contact(contact)
        except VendorError as exc:
            if may_have_acted(exc):
                self._mark(offset, ROW_UNKNOWN, f"{exc.plain} ({exc.detail})")
            elif exc.status in _BACK_OFF_STATUSES or (exc.status is None and exc.retryable):
                self._mark(offset, ROW_PENDING)
                raise _Backoff from exc
            else:
                self._mark(offset, ROW_REFUSED, f"{exc.plain} ({exc.detail})")
            return
        except Exception:
            log.exception("contact import %s: row %d failed in Relais", self.record.id, self.rows.lines[offset])
            self._mark(offset, ROW_UNKNOWN, "Relais itself failed while sending it (the error is in its log)")
            return
        self._mark(offset, ROW_CREATED)

    def _settle_interrupted(self, offset: int) -> None:
        """A row left "sending" by an interrupted run: created if M9 shows it, else unknown; never resent."""
        if self.account is None:
            self.account = account_keys(self.client.contacts())
        phones, emails = self.account
        mobile, email = check_row(self.record.fields, self.rows.values[offset])
        if mobile in phones or (email and email in emails):
            self._mark(offset, ROW_CREATED)
        else:
            self._mark(
                offset,
                ROW_UNKNOWN,
                "Relais stopped while sending it and the account's contacts do not show it: it may still "
                "appear; it was not sent again",
            )

    def counted(self) -> ContactImport:
        """The import with its cursor and counts as the row states say (they are the truth, not a tally)."""
        counts = {ROW_CREATED: 0, ROW_REFUSED: 0, ROW_UNKNOWN: 0}
        for block in range(self.record.blocks):
            states = self.states if block == self.block else self.store.states.get(block_id(self.record.id, block))
            for state in states.states if states is not None else "":
                if state in counts:
                    counts[state] += 1
        return self.record.model_copy(
            update={
                "cursor": self.cursor,
                "created": counts[ROW_CREATED],
                "refused": counts[ROW_REFUSED],
                "unknown": counts[ROW_UNKNOWN],
            }
        )


def _save(store: ContactImports, record: ContactImport) -> ContactImport:
    store.imports.put(record.id, record)
    return record


def _progress_card(record: ContactImport, per_second: float) -> tuple[str, list[dict[str, Any]]]:
    done = record.state == "done"
    title = f"Contact import: {record.filename}"
    counts = f"{record.created:,} created · {record.refused:,} refused · {record.unknown:,} unknown"
    if done:
        line = f":white_check_mark: Finished: {counts}. The summary is in the thread."
    else:
        left = record.total - record.settled
        minutes = left / max(per_second, 0.01) / 60
        eta = f"about {minutes:.0f} min left" if minutes >= 1 else "less than a minute left"
        line = f":hourglass_flowing_sand: {record.settled:,} of {record.total:,} done: {counts} ({eta})"
    blocks = [header(title[:150]), section(line), context(f"Started by <@{record.user_id}>, one contact at a time.")]
    return f"{title}: {line}", blocks


def _finish(kit: CleverKit, record: ContactImport) -> None:
    record = _save(kit.contact_imports, record.model_copy(update={"state": "done", "ended_at": time.time()}))
    kit.out.update(record.channel_id, record.card_ts, *_progress_card(record, kit.contact_imports.per_second))
    text, blocks = _summary(kit.contact_imports, record)
    kit.out.post_once(f"{IMPORT_JOB}:{record.id}:summary", record.channel_id, text, blocks, thread_ts=record.card_ts)


def _summary(store: ContactImports, record: ContactImport) -> tuple[str, list[dict[str, Any]]]:
    """Created, refused (with Clever's words), unknown (verbatim, not sent again), and what the card left out."""
    refused: list[str] = []
    unknown: list[str] = []
    for block in range(record.blocks):
        key = block_id(record.id, block)
        rows, states = store.rows.get(key), store.states.get(key)
        if rows is None or states is None:
            continue
        for offset, note in states.notes.items():
            index = int(offset)
            words = f"row {rows.lines[index]} ({_row_words(record, rows.values[index])}): {note}"
            (refused if states.states[index] == ROW_REFUSED else unknown).append(words)
    left_out = (
        f" The card left out {plural(record.invalid, 'invalid row')} and {plural(record.duplicates, 'duplicate')}."
    )
    text = (
        f"Import of {record.filename} finished: {record.created:,} created, {record.refused:,} refused, "
        f"{record.unknown:,} unknown." + (left_out if record.invalid or record.duplicates else "")
    )
    blocks = [section(text)]
    if refused:
        more = f"\n…and {len(refused) - SHOWN_REFUSED:,} more" if len(refused) > SHOWN_REFUSED else ""
        blocks.append(
            section(clip("*Refused by Clever Multimedias:*\n" + "\n".join(refused[:SHOWN_REFUSED]), 2900) + more)
        )
    if unknown:
        more = f"\n…and {len(unknown) - SHOWN_UNKNOWN:,} more" if len(unknown) > SHOWN_UNKNOWN else ""
        lines = "\n".join(unknown[:SHOWN_UNKNOWN])
        blocks.append(section(clip(f"*Outcome unknown, not sent again:*\n{lines}", 2900) + more))
        blocks.append(context("Look for them with `/contact search <mobile>` before adding any again."))
    return text, blocks


def _row_words(record: ContactImport, values: list[str]) -> str:
    """ "Marie Dupont, 06 12 34 56 78": the row as the file wrote it."""
    by_field = dict(zip(record.fields, values, strict=False))
    name = f"{by_field.get('lastname', '')} {by_field.get('name', '')}".strip()
    return ", ".join(part for part in (name, by_field.get("gsm", ""), by_field.get("email", "")) if part)
