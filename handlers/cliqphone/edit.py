"""/number edit (C7): typed with its fields, or the form pre-filled with what C5 lists (from the
command with only an id, or from a number's Edit button).

Edit changes settings only: it is sent at once (no card), only the fields that differ from
the current values, and audited (``ctx.audited_write``). The summary says each change.
"""

from __future__ import annotations

from typing import Any

from bot.core.errors import UserError
from bot.rules.fields import check_int
from bot.slack.blockkit import header, section
from bot.slack.context import ActionContext, BaseContext, CommandContext, ViewContext
from bot.vendors.cliqphone.models import Number, NumberSettings
from handlers.cliqphone.cards import EDIT_BUTTON
from handlers.cliqphone.fields import LABELS, parse_fields, shown, was
from handlers.cliqphone.form import (
    EDIT_VIEW,
    current_values,
    listed_catalog,
    open_number_form,
    paris_today,
    submitted_settings,
    validate_number_form,
)
from handlers.cliqphone.kit import CliqphoneKit, cliqphone
from handlers.cliqphone.rules import check_number_settings, number_warnings

__all__ = ["changed_fields", "edit", "edit_button", "submit_edit"]

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


@cliqphone.sub(
    "/number",
    "edit",
    summary="Change a number: a form pre-filled with its values, or key=value fields; only changes are sent",
    usage="/number edit <id> [field=value …]",
    example='/number edit 141 info="Accueil Paris"',
    admin_only=True,
    operations=("C7", "C5", "C2", "C8"),
)
def edit(ctx: CommandContext, kit: CliqphoneKit) -> None:
    word, _, rest = ctx.args.strip().partition(" ")
    number_id = _number_id(word)
    fields = parse_fields(rest, adding=False) if rest.strip() else {}
    number = _owned_number(kit, number_id)
    if not fields:
        open_number_form(ctx, kit, number=number)
        return
    settings = check_number_settings(fields, listed_catalog(kit), today=paris_today(), adding=False)
    _apply_edit(ctx, kit, number_id, settings, current_values(number), command=f"/number edit {ctx.args}".strip())


@cliqphone.action(EDIT_BUTTON, admin_only=True, operation="C7")
def edit_button(ctx: ActionContext, kit: CliqphoneKit) -> None:
    number_id = _number_id(ctx.argument or ctx.value)
    open_number_form(ctx, kit, number=_owned_number(kit, number_id))


@cliqphone.view(EDIT_VIEW, validate=validate_number_form, admin_only=True)
def submit_edit(ctx: ViewContext, kit: CliqphoneKit) -> None:
    settings = submitted_settings(ctx)
    number_id = int(ctx.metadata.get("number_id", 0))
    original = dict(ctx.metadata.get("original") or {})
    _apply_edit(ctx, kit, number_id, settings, original, command=f"/number edit {number_id} (form)")


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
    where = f"`/number list numero={numero}`" if numero else "`/number list`"
    ctx.audited_write(
        EDIT_OPERATION,
        lambda: kit.client.edit_number(number_id, NumberSettings.model_validate(changes)),
        command=command,
        detail="changed: " + ", ".join(changes),
        done_code=_sent_code,  # the code Cliqphone answered, as for add; none when it said "state: ok" alone
        check=f"{where} shows what Cliqphone lists for number {number_id} now; check it before editing again. "
        "Relais will not resend it",
    )
    lines = [
        f"{LABELS.get(name, name)} ({name}): {was(original.get(name))} → {shown(value)}"
        for name, value in changes.items()
    ]
    lines.extend(f":warning: {warning}" for warning in number_warnings(settings, today=paris_today(), adding=False))
    title = f"Cliqphone number {original.get('numero', number_id)} (id {number_id}) updated"
    ctx.reply(f"{title}: " + "; ".join(lines), [header(title), section("\n".join(lines))])


def _sent_code(code: str) -> str | None:
    """The success code ``edit_number`` returns ("" when Cliqphone sent none): the audit keeps only a sent one."""
    return code or None
