"""/number edit (C7): typed with its fields, or the form pre-filled with what C5 lists (from the
command with only an id, or from a number's Edit button).

Edit changes settings only: it is sent at once (no card), only the fields that differ from
the current values, and audited (``ctx.audited_write``). The summary says each change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.core.errors import UserError
from bot.rules.fields import check_int
from bot.slack.blockkit import header, section
from bot.slack.context import BaseContext, CommandContext, ViewContext
from bot.vendors.cliqphone.models import Number, NumberSettings
from handlers.cliqphone.cards import EDIT_BUTTON
from handlers.cliqphone.fields import LABELS, OPTION_NAMES, parse_fields, shown, was
from handlers.cliqphone.form import EDIT_VIEW, NumberForm, current_values, paris_today
from handlers.cliqphone.kit import CliqphoneKit, cliqphone
from handlers.cliqphone.rules import number_warnings

__all__ = ["EDIT_NUMBER", "EditedNumber", "changed_fields"]

EDIT_OPERATION = "C7 edit number"


def _number_id(text: str) -> int:
    if not text.strip():
        raise UserError("id: which number? give its id", hint="e.g. `/number edit 141`; `/number list` shows the ids")
    return check_int("id", text, minimum=1)


def _owned_number(kit: CliqphoneKit, number_id: int) -> Number:
    number = kit.client.number(number_id)
    if number is None:
        raise UserError(f"id: the account has no number {number_id}", hint="`/number list` shows the ids")
    return number


@dataclass(frozen=True)
class EditedNumber:
    """The number an edit is about: its id, and what C5 lists of it (the form's metadata carries both)."""

    id: int
    #: C5's values in C7's wire names: the form opens with them, and only what differs is sent.
    original: dict[str, Any]


class EditNumber(NumberForm[EditedNumber]):
    """The edit form: per number (its title, pre-filled values, metadata); opened by ``/number edit <id>``
    alone or by a number's Edit button."""

    callback_id = EDIT_VIEW
    title = "Edit a number"
    adding = False

    def subject(self, kit: CliqphoneKit, text: str) -> tuple[EditedNumber, str]:
        word, _, rest = text.strip().partition(" ")
        number_id = _number_id(word)
        if rest.strip():
            parse_fields(rest, adding=False)  # a mistyped field is answered before Cliqphone is asked (C5)
        number = _owned_number(kit, number_id)
        return EditedNumber(number_id, current_values(number)), rest

    def restore(self, ctx: ViewContext) -> EditedNumber:
        return EditedNumber(int(ctx.metadata.get("number_id", 0)), dict(ctx.metadata.get("original") or {}))

    def title_for(self, subject: EditedNumber) -> str:
        return f"Edit number {subject.id}"

    def initial(self, subject: EditedNumber) -> dict[str, Any]:
        return subject.original

    def metadata(self, subject: EditedNumber) -> dict[str, Any]:
        return {"number_id": subject.id, "original": subject.original}

    def perform(self, ctx: BaseContext, kit: CliqphoneKit, subject: EditedNumber, params: NumberSettings) -> None:
        if isinstance(ctx, CommandContext):
            command = f"/number edit {ctx.args}".strip()
        else:
            command = f"/number edit {subject.id} (form)"
        _apply_edit(ctx, kit, subject.id, params, subject.original, command=command)


EDIT_NUMBER = EditNumber()
EDIT_NUMBER.declare(
    cliqphone,
    "/number",
    "edit",
    summary="Change a number: a form pre-filled with its values, or key=value fields; only changes are sent",
    usage="/number edit <id> [holder= description= active=yes|no ring= forward_to= …]",
    example='/number edit 141 description="Accueil Paris"',
    operations=("C7", "C5", "C2", "C8"),
)
EDIT_NUMBER.declare_button(cliqphone, EDIT_BUTTON, operation="C7")


def changed_fields(settings: NumberSettings, original: dict[str, Any]) -> dict[str, Any]:
    """The fields whose value differs from what the number has now (only those are sent)."""
    return {name: value for name, value in settings.wire().items() if original.get(name) != value}


def _apply_edit(
    ctx: BaseContext,
    kit: CliqphoneKit,
    number_id: int,
    settings: NumberSettings,
    original: dict[str, Any],
    *,
    command: str,
) -> None:
    changes = changed_fields(settings, original)
    if not changes:
        ctx.reply(f"Number {number_id}: nothing changed, nothing was sent to Cliqphone.")
        return

    numero = original.get("numero")
    where = f"`/number list number={numero}`" if numero else "`/number list`"
    ctx.audited_write(
        EDIT_OPERATION,
        lambda: kit.client.edit_number(number_id, NumberSettings.model_validate(changes)),
        command=command,
        detail="changed: " + ", ".join(OPTION_NAMES.get(name, name) for name in changes),
        done_code=_sent_code,  # the code Cliqphone answered, as for add; none when it said "state: ok" alone
        check=f"{where} shows what Cliqphone lists for number {number_id} now; check it before editing again. "
        "Relais will not resend it",
    )
    lines = [
        f"{LABELS.get(name, name)} ({OPTION_NAMES.get(name, name)}): "
        f"{was(original.get(name), name)} → {shown(value, name)}"
        for name, value in changes.items()
    ]
    lines.extend(f":warning: {warning}" for warning in number_warnings(settings, today=paris_today(), adding=False))
    title = f"Cliqphone number {original.get('numero', number_id)} (id {number_id}) updated"
    ctx.reply(f"{title}: " + "; ".join(lines), [header(title), section("\n".join(lines))])


def _sent_code(code: str) -> str | None:
    """The success code ``edit_number`` returns ("" when Cliqphone sent none): the audit keeps only a sent one."""
    return code or None
