"""``/contact import``: a CSV of contacts read, checked, shown on a card; confirmed, a job creates them.

A slash command carries no file, so ``/contact import`` opens a modal with a file input. The
submission downloads the file, reads it with ``contact_import_rules`` against the account's
contacts (M9) and additional fields (M24), keeps the rows to import (``contact_import_records``)
and stages the import: the card counts the valid, invalid and duplicate rows and names the first
errors; nothing is written before Import contacts is pressed. Its executor starts the job of
``contact_import_job``, which creates the contacts one by one.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from bot.core.errors import UserError
from bot.core.safe_writes import Outcome
from bot.rules.recipients import csv_rows
from bot.slack.blockkit import context, file_input, input_block, modal, plural
from bot.slack.context import CommandContext, ViewContext
from bot.slack.files import download_file
from handlers.clever.contact_calls import extra_names
from handlers.clever.contact_import_job import IMPORT_JOB
from handlers.clever.contact_import_records import (
    BLOCK,
    ROW_PENDING,
    ContactImport,
    ImportRows,
    ImportStates,
    block_id,
)
from handlers.clever.contact_import_rules import ImportPlan, account_keys, plan_import
from handlers.clever.kit import CleverKit, clever

__all__ = ["IMPORT_KIND", "IMPORT_VIEW", "execute_import", "import_contacts", "read_import_file"]

IMPORT_VIEW = "clever.contact.import"
IMPORT_KIND = "clever.contact.import"
#: 10,000 contacts of a dozen columns are about 1.5 MB.
MAX_FILE_BYTES = 5 * 1024 * 1024


@clever.sub(
    "/contact",
    "import",
    summary="Add contacts from a CSV file (a form to attach it; a card before anything is written)",
    usage="/contact import",
    example="/contact import",
    operations=("M5", "M9"),
)
def import_contacts(ctx: CommandContext, kit: CleverKit) -> None:
    blocks = [
        input_block("file", "CSV file", file_input("file", ["csv", "txt"])),
        context(
            "One contact a line; the first line names the columns, in French or English: "
            "Nom, Prénom, Téléphone (a mobile), E-mail, Code postal, Ville, Rue… (`,` or `;`). "
            "A card shows what will be imported before anything is written."
        ),
    ]
    ctx.open_modal(modal("Import contacts", blocks, callback_id=IMPORT_VIEW, submit="Read the file"))


def _file_id(ctx: ViewContext) -> str:
    files = ctx.values.get("file") or []
    return str(files[0]) if files else ""


def _needs_file(ctx: ViewContext, kit: CleverKit) -> dict[str, str]:
    return {} if _file_id(ctx) else {"file": "attach the CSV file of the contacts"}


@clever.view(IMPORT_VIEW, validate=_needs_file)
def read_import_file(ctx: ViewContext, kit: CleverKit) -> None:
    """The file read and checked against the account, kept, and its card shown (nothing written yet)."""
    shared = download_file(kit.web, _file_id(ctx), max_bytes=MAX_FILE_BYTES)
    contacts = kit.client.contacts()
    phones, emails = account_keys(contacts)
    plan = plan_import(csv_rows(shared.content), extra_names(kit.client), phones, emails)
    if not plan.rows:
        lines = _left_out(plan)
        raise UserError(
            f"file: {shared.name} has no contact to import ({'; '.join(lines[:3])})",
            hint="correct the file and import it again",
        )
    record = _keep(kit, ctx, shared.name, plan)
    ctx.stage(
        IMPORT_KIND,
        {"import": record.id},
        command=f"/contact import {shared.name}",
        title=f"Import {plural(len(plan.rows), 'contact')} from {shared.name}"[:150],
        preview=_card_lines(plan),
    )


def _keep(kit: CleverKit, ctx: ViewContext, filename: str, plan: ImportPlan) -> ContactImport:
    """The rows written once, in blocks, all pending; then the import record itself."""
    now = time.time()
    import_id = secrets.token_urlsafe(9)
    store = kit.contact_imports
    for start in range(0, len(plan.rows), BLOCK):
        part = plan.rows[start : start + BLOCK]
        number = start // BLOCK
        store.rows.put(
            block_id(import_id, number),
            ImportRows(created_at=now, lines=[line for line, _ in part], values=[values for _, values in part]),
        )
        store.states.put(block_id(import_id, number), ImportStates(created_at=now, states=ROW_PENDING * len(part)))
    record = ContactImport(
        id=import_id,
        user_id=ctx.user_id,
        channel_id=ctx.channel_id or ctx.user_id,
        filename=filename,
        fields=plan.fields,
        headers=plan.headers,
        total=len(plan.rows),
        invalid=plan.invalid,
        duplicates=plan.in_file + plan.in_account,
        created_at=now,
    )
    store.imports.put(import_id, record)
    return record


def _left_out(plan: ImportPlan) -> list[str]:
    lines = []
    if plan.invalid:
        lines.append(f"{plural(plan.invalid, 'invalid row')}, left out: " + "; ".join(e.words() for e in plan.errors))
    if plan.in_file or plan.in_account:
        lines.append(
            f"{plural(plan.in_file + plan.in_account, 'duplicate')} left out ({plan.in_file:,} within the file, "
            f"{plan.in_account:,} already in the account): " + "; ".join(plan.duplicates)
        )
    return lines


def _card_lines(plan: ImportPlan) -> list[str]:
    columns = ", ".join(f"{header} → {option.removeprefix('x_')}" for option, header in plan.headers.items())
    lines = [
        f"{len(plan.rows):,} valid · {plan.invalid:,} invalid · {plan.in_file + plan.in_account:,} duplicates",
        f"Columns: {columns}",
    ]
    if plan.ignored:
        lines.append("Not imported (no such contact field): " + ", ".join(f"`{h}`" for h in plan.ignored))
    if plan.errors:
        more = f" (first {len(plan.errors)} of the invalid rows' errors)" if plan.invalid > len(plan.errors) else ""
        lines.append(f"Errors{more}:\n" + "\n".join(f"    {error.words()}" for error in plan.errors))
    if plan.duplicates:
        lines.append("Duplicates:\n" + "\n".join(f"    {words}" for words in plan.duplicates))
    lines.append("One contact created a time, at a pace Clever accepts; a progress card follows in the channel")
    return lines


@clever.executor(IMPORT_KIND, "M5 import contacts", button="Import contacts")
def execute_import(kit: CleverKit, params: dict[str, Any]) -> Outcome:
    """Start the import's job (once: the job id is the import's); the job does the creations."""
    import_id = str(params["import"])
    record = kit.contact_imports.imports.update(
        import_id, lambda current: current.model_copy(update={"state": "running"}) if current else None
    )
    if record is None:
        raise UserError("the import's rows are no longer kept (30 days)", hint="import the file again")
    kit.scheduler.add(IMPORT_JOB, {"import": import_id}, job_id=f"{IMPORT_JOB}:{import_id}")
    return Outcome(summary=f"importing {plural(record.total, 'contact')}: the progress card is in the channel")
