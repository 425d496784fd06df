"""Shortcuts (issue 13, item 7): each one → its modal → submit → the confirmation card, through signed payloads."""

from __future__ import annotations

import copy

from bot.sandboxes.frame import SandboxClock
from bot.sandboxes.slack import Message
from bot.slack.cards import CONFIRM
from handlers.axialys.shortcuts import PLACE_CALLBACK
from handlers.clever.push_form import POST_IN
from handlers.clever.push_shortcuts import NEW_CAMPAIGN, SEND_AS_SMS
from tests.clever_support import campaign, campaign_reference, run_watcher, sandbox, send, thread
from tests.conftest import CHANNEL, MEMBER, Relais


def _shortcut(relais: Relais, callback_id: str, **kwargs: object) -> dict[str, object]:
    reply = relais.driver.shortcut(callback_id, user=MEMBER, **kwargs)  # type: ignore[arg-type]
    assert reply.status == 200, reply.body
    relais.settle()
    return relais.standin.open_views(MEMBER)[-1].view


def _initial(view: dict[str, object]) -> dict[str, object]:
    blocks = view["blocks"]
    assert isinstance(blocks, list)
    return {
        b["block_id"]: b["element"].get("initial_value") or (b["element"].get("initial_option") or {}).get("value")
        for b in blocks
        if b.get("type") == "input"
    }


def test_new_campaign_asks_where_the_card_goes_then_stages_and_sends_there(relais: Relais) -> None:
    view = _shortcut(relais, NEW_CAMPAIGN)
    assert view["callback_id"] == "clever.push.sms.list"
    first = view["blocks"][0]  # type: ignore[index]
    assert first["block_id"] == POST_IN and first["element"]["type"] == "conversations_select"
    assert "optional" not in first  # required: a global shortcut comes from no channel
    [open_view] = relais.standin.open_views(MEMBER)
    reply = relais.driver.submit(
        open_view, {POST_IN: CHANNEL, "channel": "sms", "recipients": "+33612345678", "text": "Bonjour"}
    )
    assert reply.status == 200 and not reply.body
    relais.settle()
    card = copy.deepcopy(relais.standin.ephemerals(MEMBER, CHANNEL)[-1])
    assert "until you press" in card.all_text()
    relais.click(card, CONFIRM)
    ref = campaign_reference(relais)
    assert campaign(relais, ref).channel_id == CHANNEL
    assert any(ref in m.all_text() for m in relais.standin.channel_messages(CHANNEL))


def test_send_as_sms_prefills_a_messages_text_in_its_channel(relais: Relais) -> None:
    said = Message(CHANNEL, "1733400000.000100", "Coupure prévue demain de 9h à 12h")
    view = _shortcut(relais, SEND_AS_SMS, message=said, author="UADMIN")
    assert not any(b.get("block_id") == POST_IN for b in view["blocks"])  # type: ignore[union-attr]
    assert _initial(view)["text"] == "Coupure prévue demain de 9h à 12h"
    [open_view] = relais.standin.open_views(MEMBER)
    values = {"channel": "sms", "recipients": "+33612345678", "text": "Coupure prévue demain de 9h à 12h"}
    relais.driver.submit(open_view, values)
    relais.settle()
    card = relais.standin.ephemerals(MEMBER, CHANNEL)[-1]
    assert "until you press" in card.all_text() and "+33612345678" in card.all_text()


def test_send_as_sms_on_a_reply_targets_the_one_who_replied(relais: Relais, clock: SandboxClock) -> None:
    ref = send(relais, "/push sms +33612345678,+33623456789 Répondez OUI ou NON")
    clock.advance(40)
    sandbox(relais).inject_mo(ref, "+33623456789", "NON")
    run_watcher(relais, ref)
    [mo] = [m for m in thread(relais, ref) if "Reply from" in m.all_text()]
    initial = _initial(_shortcut(relais, SEND_AS_SMS, message=mo))
    assert initial["recipients"] == "+33623456789" and not initial.get("text")


def test_place_a_callback_opens_the_callback_form_and_its_card_comes_in_the_direct_message(relais: Relais) -> None:
    view = _shortcut(relais, PLACE_CALLBACK)
    assert view["callback_id"] == "axialys.call"
    [open_view] = relais.standin.open_views(MEMBER)
    reply = relais.driver.submit(open_view, {"number": "0612345679", "popup": "197"})
    assert reply.status == 200 and not reply.body
    relais.settle()
    card = relais.standin.channel_messages(MEMBER)[-1]  # the user's direct message with Relais
    assert "Boutique (#197)" in card.all_text() and "until you press" in card.all_text()
