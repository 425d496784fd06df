"""Approval of large sends (issue 14, item 5) and the audit line of a send (item 7), through signed requests,
the stand-in Slack and the Clever sandbox, with Relais' clock frozen and moved."""

from __future__ import annotations

import copy
from datetime import datetime

import pytest

from bot.core.audit import AUDIT, AuditEntry
from bot.core.safe_writes import PENDING_TTL_SECONDS, WRITES, WriteState, recover_interrupted
from bot.sandboxes.slack import Message
from bot.slack.cards import CANCEL, CONFIRM
from handlers.clever.approval import APPROVE, REJECT
from handlers.clever.push_prepare import GSM_ACTION
from tests.clever_support import buttons, card_as_shown, sandbox
from tests.conftest import ADMIN, CHANNEL, MEMBER, Relais, RelaisFactory

BOB = "UBOB"  # a second admin
NUMBERS = "+33612345678,+33623456789"


@pytest.fixture
def relais(relais_factory: RelaisFactory) -> Relais:
    built = relais_factory(relais_admins=f"{ADMIN},{BOB}")
    built.runtime.services.slack_kit.clock.freeze(datetime(2026, 12, 7, 10, 0))
    # Transactional: these tests are about approval, not the marketing rules (tests/e2e/test_marketing_rules.py).
    built.command("/relais settings approval_recipients=2 budget=5000 nature=transactional", user=ADMIN)
    return built


def _requests(relais: Relais) -> list[Message]:
    return [m for m in relais.standin.channel_messages(CHANNEL) if "asks an admin to approve" in m.text]


def _thread(relais: Relais, request: Message) -> list[str]:
    return [m.all_text() for m in relais.standin.thread(CHANNEL, request.ts)]


def _posts(relais: Relais) -> int:
    return len([r for r in sandbox(relais).requests("/api/pushs") if r.method == "POST"])


def _approvals(relais: Relais) -> list[AuditEntry]:
    return [e for _, e in relais.records(AUDIT).scan() if e.operation == "approval"]


def test_a_large_send_waits_for_approval_with_no_send_and_admins_are_asked(relais: Relais) -> None:
    card = card_as_shown(relais, f"/push sms {NUMBERS} Soldes", user=ADMIN)
    assert CONFIRM not in buttons(card)
    assert "Waiting for approval (2 recipients, approval from 2)" in card.all_text()
    [request] = _requests(relais)
    assert f"<@{ADMIN}> asks an admin to approve" in request.text
    assert buttons(request) == [APPROVE, REJECT]
    assert "Recipients: 2 valid" in request.all_text() and "+33612345678" not in request.all_text()
    assert [(e.user_id, e.outcome) for e in _approvals(relais)] == [(ADMIN, "requested")]
    assert CONFIRM in buttons(
        card_as_shown(relais, "/push sms +33612345678 Soldes", user=ADMIN)
    )  # one recipient: no approval


def test_self_approval_is_refused_and_audited_then_a_second_admin_approves_and_the_author_sends(
    relais: Relais,
) -> None:
    card_as_shown(relais, f"/push sms {NUMBERS} Soldes", user=ADMIN)
    request = copy.deepcopy(_requests(relais)[0])
    relais.click(request, APPROVE, user=ADMIN)
    assert "another Relais admin approves or rejects it" in relais.standin.ephemerals(ADMIN)[-1].all_text()
    assert ("refused", ADMIN) in [(e.outcome, e.user_id) for e in _approvals(relais)]
    relais.click(request, APPROVE, user=MEMBER)  # members are refused by the admins-only filter
    assert _posts(relais) == 0

    relais.click(request, APPROVE, user=BOB)
    assert f"Approved by <@{BOB}>" in relais.shown(request.ts) and not buttons(relais.standin.find(request.ts))  # type: ignore[arg-type]
    [told] = _thread(relais, request)
    assert f"<@{ADMIN}>: <@{BOB}> approved your send" in told
    unlocked = copy.deepcopy(relais.standin.ephemerals(ADMIN)[-1])
    assert CONFIRM in buttons(unlocked) and f"Approved by <@{BOB}>" in unlocked.all_text()
    relais.click(unlocked, CONFIRM, user=ADMIN)
    assert _posts(relais) == 1
    [sent] = [e for _, e in relais.records(AUDIT).scan() if e.operation.startswith("M11") and e.outcome == "done"]
    assert f"approved by <@{BOB}>" in sent.detail
    assert "budget 0→14 of 5,000" in sent.detail


def test_a_rejection_asks_a_reason_tells_the_author_and_nothing_is_sent(relais: Relais) -> None:
    card_as_shown(relais, f"/push sms {NUMBERS} Soldes", user=MEMBER)
    request = copy.deepcopy(_requests(relais)[0])
    relais.click(request, REJECT, user=BOB)
    [view] = relais.standin.open_views(BOB)
    errors = relais.driver.submit(view, {"reason": "  "}, user=BOB).json()["errors"]
    assert "reason" in errors
    reply = relais.driver.submit(view, {"reason": "Pas avant les soldes officielles"}, user=BOB)
    assert reply.status == 200
    relais.settle()
    [told] = _thread(relais, request)
    assert f"<@{MEMBER}>: <@{BOB}> rejected your send: Pas avant les soldes officielles. Nothing was sent." in told
    assert "Rejected by" in relais.shown(request.ts)
    [(_, write)] = list(relais.records(WRITES).scan())
    assert write.state is WriteState.CANCELLED and write.approval is not None and write.approval.state == "rejected"
    assert ("rejected", BOB) in [(e.outcome, e.user_id) for e in _approvals(relais)]
    relais.click(request, APPROVE, user=ADMIN)  # too late: nothing to decide
    assert _posts(relais) == 0


def test_an_approval_expires_after_24_hours_and_waits_again(relais: Relais) -> None:
    card_as_shown(relais, f"/push sms {NUMBERS} Soldes", user=MEMBER)
    request = copy.deepcopy(_requests(relais)[0])
    relais.click(request, APPROVE, user=BOB)
    unlocked = copy.deepcopy(relais.standin.ephemerals(MEMBER)[-1])
    relais.runtime.services.slack_kit.clock.advance(24 * 3600 + 1)
    relais.click(unlocked, CONFIRM)
    assert _posts(relais) == 0
    assert "expired (24 hours) before the send" in _thread(relais, request)[-1]
    assert buttons(relais.standin.find(request.ts)) == [APPROVE, REJECT]  # type: ignore[arg-type]
    assert CONFIRM not in buttons(relais.standin.ephemerals(MEMBER)[-1])
    assert "expired" in [e.outcome for e in _approvals(relais)]
    relais.click(request, APPROVE, user=ADMIN)  # approved again, within its 24 hours: sent
    relais.click(copy.deepcopy(relais.standin.ephemerals(MEMBER)[-1]), CONFIRM)
    assert _posts(relais) == 1


def test_a_changed_draft_resets_the_approval_and_asks_again(relais: Relais) -> None:
    text = "Fête à la boutique samedi : venez découvrir les nouveautés de la saison avec vos proches, café offert"
    card = card_as_shown(relais, f"/push sms {NUMBERS} {text}", user=MEMBER)
    [first] = _requests(relais)
    relais.click(copy.deepcopy(first), APPROVE, user=BOB)
    relais.click(card, GSM_ACTION, user=MEMBER)  # the draft changes: GSM equivalents
    assert "Void: the draft changed (GSM equivalents)" in relais.shown(first.ts)
    assert "approval request is void; the new card asks again" in _thread(relais, first)[-1]
    requests = _requests(relais)
    assert len(requests) == 2 and buttons(requests[-1]) == [APPROVE, REJECT]
    new_card = relais.standin.find(card.ts)  # in the place of the card clicked
    assert new_card is not None and "Waiting for approval" in new_card.all_text() and CONFIRM not in buttons(new_card)
    relais.click(relais.standin.ephemerals(MEMBER)[-1], CONFIRM)  # the card unlocked before the change: void
    assert _posts(relais) == 0


def test_a_card_cancelled_while_it_waits_withdraws_its_request(relais: Relais) -> None:
    card = card_as_shown(relais, f"/push sms {NUMBERS} Soldes", user=MEMBER)
    request = copy.deepcopy(_requests(relais)[0])
    relais.click(card, CANCEL, user=MEMBER)
    shown = relais.standin.find(request.ts)
    assert shown is not None and buttons(shown) == []
    assert f"Withdrawn: <@{MEMBER}> cancelled the card. Nothing was sent." in shown.all_text()
    assert ("withdrawn", MEMBER) in [(e.outcome, e.user_id) for e in _approvals(relais)]
    relais.click(request, APPROVE, user=BOB)  # an old copy of the request: nothing to decide
    assert _posts(relais) == 0


def test_a_card_left_unclicked_for_a_day_expires_and_its_request_is_closed(relais: Relais) -> None:
    card = card_as_shown(relais, f"/push sms {NUMBERS} Soldes", user=MEMBER)
    request = copy.deepcopy(_requests(relais)[0])
    [(_, write)] = list(relais.records(WRITES).scan())
    day_old = write.model_copy(update={"created_at": write.created_at - PENDING_TTL_SECONDS - 60})
    relais.records(WRITES).put(write.id, day_old)  # as a day later, nobody having clicked
    recover_interrupted(relais.runtime.services.safe_writes)  # the every-minute job
    relais.settle()
    shown = relais.standin.find(request.ts)
    assert shown is not None and buttons(shown) == []
    assert "Expired: the card was not sent within 24 hours. Nothing was sent." in shown.all_text()
    assert f"<@{MEMBER}>: the card expired unsent (24 hours), so this request is closed." in _thread(relais, request)
    assert ("expired", MEMBER) in [(e.outcome, e.user_id) for _, e in relais.records(AUDIT).scan()]
    relais.click(request, APPROVE, user=BOB)  # an old copy of the request: nothing to decide
    assert relais.standin.ephemerals(BOB)[-1].text == "Nothing to decide: the card is expired."
    assert CONFIRM not in buttons(card) and _posts(relais) == 0
    assert relais.records(WRITES).get(write.id).state is WriteState.EXPIRED  # type: ignore[union-attr]
