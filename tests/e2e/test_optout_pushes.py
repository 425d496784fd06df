"""Opt-outs on the next card (issue 14, item 4): a number that replied STOP to a campaign is left out of every
later promotional push to listed numbers, the card says how many and lists them on demand, the vendor never
sees it, and the send's audit line counts it; a notice (transactional) still reaches it."""

from __future__ import annotations

import copy
import json
from datetime import datetime

from bot.core.audit import AUDIT
from bot.core.channel_settings import CHANNEL_SETTINGS, ChannelSettings
from bot.core.timezone import PARIS
from bot.sandboxes.frame import SandboxClock
from bot.sandboxes.slack import Message
from bot.slack.cards import CONFIRM
from handlers.clever.optouts import LOOKUPS
from handlers.clever.push_optouts import OPTOUT_CONTACTS, OPTOUTS_SHOWN
from tests.clever_support import as_it_stands, buttons, card_as_shown, run_watcher, sandbox, send
from tests.conftest import ADMIN, MEMBER, Relais

PROMOTIONS = "CPROMO"  # a marketing channel: promotional, af2m charter 2026, its opt-out text set
QUIT, STAY = "+33612345678", "+33623456789"


def _stopped(relais: Relais, clock: SandboxClock) -> str:
    """On a Monday at 10:00, a notice to QUIT and STAY (the operations channel), QUIT replying “Stop !”."""
    moment = datetime(2026, 12, 7, 10, 0, tzinfo=PARIS)
    relais.runtime.services.slack_kit.clock.freeze(moment)
    clock.set(moment)
    relais.records(CHANNEL_SETTINGS).put(PROMOTIONS, ChannelSettings(optout_text="STOP au 36111"))
    ref = send(relais, f"/push sms {QUIT},{STAY} Votre commande est prête")
    clock.advance(40)
    sandbox(relais).inject_mo(ref, QUIT, "Stop !")
    run_watcher(relais, ref)
    return ref


def _card(relais: Relais, line: str) -> Message:
    return card_as_shown(relais, line, channel=PROMOTIONS)


def _sent_numbers(relais: Relais) -> list[list[str]]:
    """The number lists of every push Clever received, in order."""
    bodies = [json.loads(r.body) for r in sandbox(relais).requests("/api/pushs") if r.method == "POST"]
    return [str(body["datas"].get("number_list", "")).split(";") for body in bodies]


def test_a_number_that_replied_stop_is_left_out_of_the_next_promotional_push(
    relais: Relais, clock: SandboxClock
) -> None:
    replied_to = _stopped(relais, clock)
    card = _card(relais, f"/push sms {QUIT} 06 23 45 67 89 from=RELAIS Soldes -20 % ce week-end STOP au 36111")
    text = card.all_text()
    assert "Recipients: 1 valid" in text
    assert ":no_bell: 1 opted-out number left out: they replied STOP to a campaign" in text
    assert CONFIRM in buttons(card) and OPTOUTS_SHOWN in buttons(card)

    relais.click(card, OPTOUTS_SHOWN)
    listed = relais.standin.ephemerals(MEMBER)[-1].all_text()
    assert "Left out of this promotional push: 1 opted out" in listed
    assert f"`{QUIT}` · since 2026-12-07 10:00 · replied “Stop !” to campaign `{replied_to}`" in listed
    assert CONFIRM in buttons(relais.standin.ephemerals(MEMBER)[-2])  # the card itself is unchanged

    relais.click(card, CONFIRM)
    assert _sent_numbers(relais)[-1] == [STAY]
    [sent] = [
        e
        for _, e in relais.records(AUDIT).scan()
        if e.operation.startswith("M11") and e.outcome == "done" and e.channel_id == PROMOTIONS
    ]
    assert "nature promotional" in sent.detail and "opt-outs removed 1" in sent.detail


def test_a_notice_still_reaches_a_number_that_opted_out(relais: Relais, clock: SandboxClock) -> None:
    _stopped(relais, clock)
    card = _card(relais, f"/push sms {QUIT},{STAY} nature=transactional Votre colis arrive demain")
    assert "opted-out" not in card.all_text() and OPTOUTS_SHOWN not in buttons(card)
    relais.click(card, CONFIRM)
    assert _sent_numbers(relais)[-1] == [QUIT, STAY]


def test_a_promotional_push_to_opted_out_numbers_only_is_refused_before_any_card(
    relais: Relais, clock: SandboxClock
) -> None:
    _stopped(relais, clock)
    before = len(_sent_numbers(relais))
    [answer] = relais.command(f"/push sms {QUIT} from=RELAIS Soldes STOP au 36111", channel=PROMOTIONS)
    said = answer.all_text()
    assert "recipients" in said and "every recipient (1) opted out of promotional messages" in said
    assert "`nature=transactional`" in said and CONFIRM not in buttons(answer)
    assert len(_sent_numbers(relais)) == before


def test_a_broadcast_warns_of_contacts_on_the_list_lists_them_to_delete_and_asks_a_second_click(
    relais: Relais, clock: SandboxClock
) -> None:
    _stopped(relais, clock)
    [contact_id] = [c["id"] for c in sandbox(relais).contacts() if c.get("gsm_primary") == QUIT]  # Marie Dupont
    card = copy.deepcopy(
        relais.command("/push broadcast sms from=RELAIS Soldes STOP au 36111", user=ADMIN, channel=PROMOTIONS)[-1]
    )
    assert "1 contact of this account is on the opt-out list (replied STOP)" in card.all_text()
    assert OPTOUT_CONTACTS in buttons(card) and CONFIRM in buttons(card)

    relais.click(card, OPTOUT_CONTACTS, user=ADMIN)
    listing = relais.standin.ephemerals(ADMIN)[-1]
    assert "Contacts on the opt-out list" in listing.all_text() and "Marie Dupont" in listing.all_text()
    assert f"clever.contact.delete:{contact_id}" in buttons(listing)  # each with its own Delete card

    before = len(_sent_numbers(relais))
    relais.click(card, CONFIRM, user=ADMIN)
    assert len(_sent_numbers(relais)) == before  # the first click asks again
    asked = as_it_stands(relais, card)
    assert "Send anyway (1 opted out)" in asked.button_labels()
    assert "1 contact on the opt-out list may receive this promotional push" in asked.all_text()
    relais.click(asked, CONFIRM, user=ADMIN)
    assert len(_sent_numbers(relais)) == before + 1
    [sent] = [e for _, e in relais.records(AUDIT).scan() if e.operation.startswith("M15") and e.outcome == "done"]
    assert "sent past a caution: optout-contacts" in sent.detail


def test_a_broadcast_notice_says_nothing_of_opt_outs(relais: Relais, clock: SandboxClock) -> None:
    _stopped(relais, clock)
    card = relais.command(
        "/push broadcast sms nature=transactional Coupure d'eau demain matin", user=ADMIN, channel=PROMOTIONS
    )[-1]
    assert "opt-out list" not in card.all_text() and OPTOUT_CONTACTS not in buttons(card)


def test_a_long_list_is_checked_against_the_opt_out_list_read_once(relais: Relais, clock: SandboxClock) -> None:
    _stopped(relais, clock)
    others = [f"+336700{i:05d}" for i in range(LOOKUPS + 10)]
    card = _card(relais, f"/push sms {QUIT},{','.join(others)} from=RELAIS Soldes -20 % STOP au 36111")
    assert f"Recipients: {len(others)} valid" in card.all_text()
    assert ":no_bell: 1 opted-out number left out" in card.all_text()
    relais.click(card, CONFIRM)
    assert _sent_numbers(relais)[-1] == others
