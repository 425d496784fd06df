"""Replying to an SMS reply (issue 13, item 5): Reply button → modal with a live count → card → one SMS."""

from __future__ import annotations

import copy

from bot.core.channel_settings import CHANNEL_SETTINGS, ChannelSettings
from bot.sandboxes.frame import SandboxClock
from bot.sandboxes.slack import Message
from bot.slack.cards import CONFIRM
from handlers.clever.mo_reply import COUNT
from handlers.clever.replies import REPLY
from tests.clever_support import campaign_reference, run_watcher, sandbox, send, thread
from tests.conftest import CHANNEL, MEMBER, Relais


def _mo_message(relais: Relais, clock: SandboxClock) -> tuple[str, Message]:
    ref = send(relais, "/push sms +33612345678,+33623456789 Venez-vous ? Répondez OUI ou NON")
    clock.advance(40)
    sandbox(relais).inject_mo(ref, "+33612345678", "OUI")
    run_watcher(relais, ref)
    [mo] = [m for m in thread(relais, ref) if "Reply from" in m.all_text()]
    return ref, copy.deepcopy(mo)


def test_reply_button_modal_live_count_card_one_sms_and_a_line_in_the_thread(
    relais: Relais, clock: SandboxClock
) -> None:
    ref, mo = _mo_message(relais, clock)
    assert mo.button_labels() == ["Reply"]
    relais.click(mo, f"{REPLY}{ref}")
    [view] = relais.standin.open_views(MEMBER)
    assert (
        view.view["callback_id"] == "clever.mo.reply"
        and "+33612345678" in Message("", "", "", view.view["blocks"]).all_text()
    )
    [text_block] = [b for b in view.view["blocks"] if b.get("block_id") == "text"]
    assert text_block["dispatch_action"] is True
    assert text_block["element"]["dispatch_action_config"] == {"trigger_actions_on": ["on_character_entered"]}

    # Typing: Slack sends the input's action on each character; the count line follows.
    assert relais.driver.click_in_view(view, COUNT, value="Merci !").status == 200
    relais.settle()
    counted = relais.standin.open_views(MEMBER)[-1]
    assert "7 characters · 1 SMS (GSM 03.38)" in Message("", "", "", counted.view["blocks"]).all_text()
    relais.driver.click_in_view(counted, COUNT, value="Merci 😀")
    relais.settle()
    counted = relais.standin.open_views(MEMBER)[-1]
    assert "1 SMS (UCS-2)" in Message("", "", "", counted.view["blocks"]).all_text()

    assert "required" in relais.driver.submit(counted, {"text": "   "}).json()["errors"]["text"]
    before = sandbox(relais).pushes()
    reply = relais.driver.submit(counted, {"text": "Merci, à demain !"})
    assert reply.status == 200 and not reply.body
    relais.settle()
    card = copy.deepcopy(relais.standin.ephemerals(MEMBER)[-1])
    assert "until you press" in card.all_text() and "+33612345678" in card.all_text()
    relais.click(card, CONFIRM)
    [new] = [p for p in sandbox(relais).pushes() if p not in before]
    pushed = sandbox(relais).push(new)
    assert pushed["recipients"] == ["+33612345678"] and pushed["text"] == "Merci, à demain !"
    answered = campaign_reference(relais)
    lines = [m.all_text() for m in thread(relais, ref) if m.all_text().startswith("↩")]
    assert lines == [f"↩ <@{MEMBER}> replied to +33612345678: Merci, à demain ! (campaign {answered})"]


def test_a_reply_to_the_same_number_again_asks_first(relais: Relais, clock: SandboxClock) -> None:
    ref, mo = _mo_message(relais, clock)
    for attempt in range(2):
        relais.click(mo, f"{REPLY}{ref}")
        view = relais.standin.open_views(MEMBER)[-1]
        relais.driver.submit(view, {"text": "Merci !"})
        relais.settle()
        card = copy.deepcopy(relais.standin.ephemerals(MEMBER)[-1])
        if attempt == 0:
            relais.click(card, CONFIRM)
    assert "Send again" in card.button_labels()


def test_a_reply_is_transactional_from_the_campaigns_sender_in_a_promotional_channel(
    relais: Relais, clock: SandboxClock
) -> None:
    ref = send(relais, "/push sms +33612345678 from=RELAIS Votre rendez-vous demain 10h: répondez OUI ou NON")
    clock.advance(40)
    sandbox(relais).inject_mo(ref, "+33612345678", "OUI")
    run_watcher(relais, ref)
    [mo] = [copy.deepcopy(m) for m in thread(relais, ref) if "Reply from" in m.all_text()]
    relais.records(CHANNEL_SETTINGS).put(CHANNEL, ChannelSettings())  # now promotional by default, charter 2026
    relais.click(mo, f"{REPLY}{ref}")
    view = relais.standin.open_views(MEMBER)[-1]
    assert "Sent as a transactional message" in Message("", "", "", view.view["blocks"]).all_text()
    relais.driver.submit(view, {"text": "Parfait, à demain"})  # no STOP: a promotional SMS would be refused
    relais.settle()
    card = copy.deepcopy(relais.standin.ephemerals(MEMBER)[-1])
    assert "Transactional: sending hours do not apply" in card.all_text()
    before = sandbox(relais).pushes()
    relais.click(card, CONFIRM)
    [new] = [p for p in sandbox(relais).pushes() if p not in before]
    assert sandbox(relais).push(new)["short_code"] == "RELAIS"
