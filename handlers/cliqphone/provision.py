"""The C6 safe write: provisioning a number once its card's Send is clicked, recording it (``records``),
and showing the new id.

C6 answers no id (decisions.md): the follow-up looks the new number up with C5 and posts
it in the channel, with its id and how to change it.
"""

from __future__ import annotations

from typing import Any

from bot.core.safe_writes import Outcome, WriteRecord
from bot.vendors.cliqphone.models import NumberFilters, NumberSettings
from handlers.cliqphone.kit import CliqphoneKit, cliqphone
from handlers.cliqphone.records import AddedNumber

__all__ = ["ADD_KIND", "add_check", "execute_add", "show_added"]

ADD_KIND = "cliqphone.add"
ADD_OPERATION = "C6 add number"


def add_check(params: dict[str, Any]) -> str:
    """The one check that tells whether the number was provisioned, before anyone adds it again."""
    return f"`/number list number={params.get('numero', '')}` shows whether it was added; Relais will not resend it"


def show_added(kit: CliqphoneKit, record: WriteRecord) -> None:
    """C6 answers no id: find the new number through C5's ``numero`` filter and show it in the channel."""
    numero = str(record.params.get("numero", ""))
    added = AddedNumber(
        numero=numero,
        code=str(record.params.get("code") or ""),
        user_id=record.decided_by or record.user_id,
        channel_id=record.channel_id,
        added_at=record.updated_at,
    )
    kit.numbers_added.put(record.id, added)  # before anything that can fail: the spending counts it
    found = next((n for n in kit.client.numbers(NumberFilters(numero=numero)) if n.numero == numero), None)
    if found is None:
        text = f"Cliqphone number {numero} was added; it is not listed yet: try `/number list number={numero}`."
        kit.out.post(record.channel_id, text)
        return
    kit.numbers_added.put(record.id, added.model_copy(update={"id": str(found.id), "code": found.code or added.code}))
    state = "active" if found.is_active else "inactive"
    text = (
        f":telephone_receiver: Cliqphone number *{found.numero}* added by <@{record.decided_by or record.user_id}>: "
        f"id `{found.id}`, zone {found.code or '—'}, {state}. Change it with `/number edit {found.id}`."
    )
    kit.out.post(record.channel_id, text)


@cliqphone.executor(
    ADD_KIND, ADD_OPERATION, follow_up=show_added, admin_only=True, check=add_check, button="Add number"
)
def execute_add(kit: CliqphoneKit, params: dict[str, Any]) -> Outcome:
    settings = NumberSettings.model_validate(params)
    code = kit.client.add_number(settings)  # the success code answered, never one assumed
    return Outcome(
        summary=f"{settings.numero} added to the Cliqphone account",
        result={"numero": settings.numero},
        vendor_code=code or None,
    )
