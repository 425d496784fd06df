"""Budgets per channel (issue 14, item 6), through signed requests and the Clever sandbox, Relais' clock frozen."""

from __future__ import annotations

import copy
from datetime import datetime

from bot.core.audit import AUDIT
from bot.core.channel_settings import CHANNEL_SETTINGS
from bot.sandboxes.slack import Message
from bot.slack.cards import CONFIRM
from handlers.clever.budgets import RAISE_ACTION
from handlers.clever.records import CAMPAIGNS, MONTH_UNITS, MonthUnits
from tests.clever_support import buttons, campaign, campaign_reference, card_as_shown, sandbox, send
from tests.conftest import ADMIN, CHANNEL, MEMBER, Relais

ONE, TWO, THREE, FOUR = "+33612345678", "+33623456789", "+33634567890", "+33645678901"


def _freeze(relais: Relais, at: datetime = datetime(2026, 12, 7, 10, 0)) -> None:
    relais.runtime.services.slack_kit.clock.freeze(at)


def _budget(relais: Relais, units: int) -> None:
    relais.command(f"/relais settings budget={units}", user=ADMIN)


def _posts(relais: Relais) -> int:
    return len([r for r in sandbox(relais).requests("/api/pushs") if r.method == "POST"])


def _warnings(relais: Relais) -> list[str]:
    return [m.text for m in relais.standin.channel_messages(CHANNEL) if m.text.startswith(":bar_chart:")]


def test_the_card_shows_the_months_units_from_this_channels_campaigns_of_this_month(relais: Relais) -> None:
    _freeze(relais, datetime(2026, 11, 30, 23, 0))
    _budget(relais, 5000)
    send(relais, f"/push sms {ONE},{TWO} Derniers jours")  # 14 units in November
    relais.runtime.services.slack_kit.clock.advance(3600)  # 1 December, 00:00 Paris
    assert (
        "Budget: 0 of 5,000 units used this month (this send: 7)"
        in card_as_shown(relais, f"/push sms {ONE} A").all_text()
    )
    send(relais, f"/push sms {ONE},{TWO},{THREE} Nouveau mois")  # 21 units in December
    card = card_as_shown(relais, f"/push sms {FOUR} Bonjour")
    assert "Budget: 21 of 5,000 units used this month (this send: 7)" in card.all_text()
    assert CONFIRM in buttons(card)


def test_a_channel_without_budget_shows_no_budget_line(relais: Relais) -> None:
    _freeze(relais)
    assert "Budget:" not in card_as_shown(relais, f"/push sms {ONE} Bonjour").all_text()


def _over_budget(relais: Relais, *, user: str) -> Message:
    """A budget of 20 units, 14 used, and a card of 14 more prepared by ``user``."""
    _freeze(relais)
    _budget(relais, 20)
    send(relais, f"/push sms {ONE},{TWO} Soldes")
    return card_as_shown(relais, f"/push sms {THREE},{FOUR} Soldes encore", user=user)


def test_a_send_over_the_budget_has_no_send_and_a_member_is_told_to_ask_an_admin(relais: Relais) -> None:
    _freeze(relais)
    _budget(relais, 20)
    send(relais, f"/push sms {ONE},{TWO} Soldes")  # 14 of 20
    card = card_as_shown(relais, f"/push sms {THREE},{FOUR} Soldes encore")
    text = card.all_text()
    assert "Budget: 14 of 20 units used this month (this send: 14)" in text
    assert "would take the channel to 28 of its 20 units this month (8 over): it is not sent" in text
    assert "Ask a Relais admin to raise the budget" in text
    assert CONFIRM not in buttons(card) and RAISE_ACTION not in buttons(card)
    assert _posts(relais) == 1


def test_an_admin_raises_the_budget_from_the_card_then_sends(relais: Relais) -> None:
    card = _over_budget(relais, user=ADMIN)
    assert CONFIRM not in buttons(card)
    assert "Raise the budget to 28" in card.all_text()
    relais.click(card, RAISE_ACTION, user=ADMIN)
    settings = relais.records(CHANNEL_SETTINGS).get(CHANNEL)
    assert settings is not None and (settings.monthly_budget, settings.updated_by) == (28, ADMIN)
    [raised] = [e for _, e in relais.records(AUDIT).scan() if e.operation == "channel settings" and "→ 28" in e.detail]
    assert raised.user_id == ADMIN and raised.outcome == "done"
    assert "Monthly budget: 20 units a month → 28 units a month" in raised.detail
    assert any("changed this channel's Relais settings" in m.text for m in relais.standin.channel_messages(CHANNEL))
    redrawn = copy.deepcopy(relais.standin.ephemerals(ADMIN)[-1])
    assert CONFIRM in buttons(redrawn) and RAISE_ACTION not in buttons(redrawn)
    assert "Budget: 14 of 28 units used this month (this send: 14)" in redrawn.all_text()
    relais.click(redrawn, CONFIRM, user=ADMIN)
    assert _posts(relais) == 2


def test_a_member_cannot_raise_the_budget(relais: Relais) -> None:
    admin_card = _over_budget(relais, user=ADMIN)
    relais.click(admin_card, RAISE_ACTION, user=MEMBER)  # a button that reached a member's hands
    settings = relais.records(CHANNEL_SETTINGS).get(CHANNEL)
    assert settings is not None and settings.monthly_budget == 20
    refusals = [e for _, e in relais.records(AUDIT).scan() if e.user_id == MEMBER and e.outcome.startswith("refused")]
    assert refusals


def test_two_cards_that_each_fit_cannot_both_be_sent(relais: Relais) -> None:
    _freeze(relais)
    _budget(relais, 20)
    first = card_as_shown(relais, f"/push sms {ONE},{TWO} Soldes")
    second = card_as_shown(relais, f"/push sms {THREE},{FOUR} Soldes encore")
    assert CONFIRM in buttons(first) and CONFIRM in buttons(second)  # each fits alone: 14 of 20
    relais.click(first, CONFIRM)
    relais.click(second, CONFIRM)
    assert _posts(relais) == 1
    shown = relais.standin.ephemerals(MEMBER)[-1]
    assert "28 of its 20 units this month" in shown.all_text() and CONFIRM not in buttons(shown)
    [refused] = [e for _, e in relais.records(AUDIT).scan() if e.outcome == "refused" and "Budget" in e.detail]
    assert refused.user_id == MEMBER


def test_the_channel_is_warned_once_at_80_and_once_at_100_percent(relais: Relais) -> None:
    _freeze(relais)
    _budget(relais, 35)
    send(relais, f"/push sms {ONE},{TWO},{THREE} Un")  # 21 of 35: 60 %
    assert _warnings(relais) == []
    send(relais, f"/push sms {FOUR} Deux")  # 28: 80 %
    [eighty] = _warnings(relais)
    assert "28 of its 35 units for 2026-12: 80 % of the budget is used" in eighty
    send(relais, f"/push sms {ONE} Trois")  # 35: 100 %
    assert len(_warnings(relais)) == 2 and "the whole budget is used" in _warnings(relais)[-1]
    _budget(relais, 50)
    send(relais, f"/push sms {TWO} Quatre")  # 42 of 50: past 80 % again, same month: not told again
    assert len(_warnings(relais)) == 2


def test_a_cancelled_campaign_gives_its_units_back_to_the_month(relais: Relais) -> None:
    _freeze(relais)
    _budget(relais, 5000)
    ref = send(relais, f"/push sms {ONE},{TWO} at=2026-12-20T10:00 Plus tard")
    assert campaign(relais, ref).state == "scheduled"
    assert "Budget: 14 of 5,000" in card_as_shown(relais, f"/push sms {THREE} Bonjour").all_text()
    relais.click(card_as_shown(relais, f"/push cancel {ref}"), CONFIRM)
    assert campaign(relais, ref).state == "cancelled"
    assert "Budget: 0 of 5,000" in card_as_shown(relais, f"/push sms {THREE} Bonjour").all_text()


def test_the_months_units_are_read_from_the_campaigns_once_then_kept_as_campaigns_are_written(
    relais: Relais,
) -> None:
    _freeze(relais)
    _budget(relais, 5000)
    send(relais, f"/push sms {ONE},{TWO} Premier")  # 14 units
    month = relais.records(MONTH_UNITS).get(f"{CHANNEL}:2026-12")
    assert month is not None and month.complete and sum(month.units.values()) == 14
    # A campaign record written by another way (another replica, an older Relais) is noted as it is written.
    other = campaign(relais, campaign_reference(relais)).model_copy(update={"reference": "PushOther", "units": 30})
    relais.records(CAMPAIGNS).put("PushOther", other)
    assert "Budget: 44 of 5,000" in card_as_shown(relais, f"/push sms {THREE} Bonjour").all_text()
    # The kept month is what a card reads: the campaigns are not read again.
    relais.records(MONTH_UNITS).put(f"{CHANNEL}:2026-12", MonthUnits(units={"kept": 100}, complete=True))
    assert "Budget: 100 of 5,000" in card_as_shown(relais, f"/push sms {THREE} Bonjour").all_text()


def test_a_month_noted_before_it_was_read_in_full_is_completed_from_the_campaigns(relais: Relais) -> None:
    _freeze(relais)
    send(relais, f"/push sms {ONE},{TWO} Avant le budget")  # 14 units, no budget yet
    relais.records(MONTH_UNITS).put(f"{CHANNEL}:2026-12", MonthUnits(units={"PushNoted": 7}))  # partial
    _budget(relais, 5000)
    assert "Budget: 21 of 5,000" in card_as_shown(relais, f"/push sms {THREE} Bonjour").all_text()
