"""Helpers for the Clever tests: the sandbox, deliveries made final, the watcher made due now, campaign cards."""

from __future__ import annotations

import copy
from datetime import datetime, time, timedelta

from bot.core.channel_settings import CHANNEL_SETTINGS, ChannelSettings
from bot.core.jobs import JOBS
from bot.core.records import Collection
from bot.core.timezone import PARIS
from bot.rules.marketing import holiday_name
from bot.sandboxes.clever.server import CleverSandbox
from bot.sandboxes.slack import Message
from bot.slack.cards import CONFIRM
from handlers.clever import CleverKit
from handlers.clever.records import CAMPAIGNS, Campaign
from tests.conftest import CHANNEL, MEMBER, Relais


def sandbox(relais: Relais) -> CleverSandbox:
    found = relais.sandboxes["clever"]
    assert isinstance(found, CleverSandbox)
    return found


def card_for(relais: Relais, line: str, *, user: str = MEMBER) -> Message:
    """The confirmation card of ``line`` as first shown (a copy: a click replaces the live one)."""
    messages = relais.command(line, user=user)
    assert messages, f"no answer to {line}"
    card = messages[-1]
    assert "until you press" in card.all_text(), card.all_text()
    return copy.deepcopy(card)


def send(relais: Relais, line: str, *, user: str = MEMBER) -> str:
    """Stage ``line``, press Send; returns the campaign reference."""
    card = card_for(relais, line, user=user)
    relais.click(card, CONFIRM, user=user)
    return campaign_reference(relais)


def clever_kit(relais: Relais) -> CleverKit:
    kit = relais.runtime.kit("clever")
    assert isinstance(kit, CleverKit)
    return kit


def campaigns(relais: Relais) -> Collection[Campaign]:
    """The campaign records, through the records layer (as the handlers read them)."""
    return relais.runtime.services.records.of(CAMPAIGNS)


def campaign_reference(relais: Relais) -> str:
    found = list(campaigns(relais).scan())
    assert found, "no campaign was started"
    return max(found, key=lambda pair: pair[1].created_at)[0]


def campaign(relais: Relais, reference: str) -> Campaign:
    found = campaigns(relais).get(reference)
    assert found is not None
    return found


def deliver_all(relais: Relais, reference: str) -> None:
    """Move the shared clock one second past the campaign's last acknowledgement: every delivery is final."""
    box = sandbox(relais)
    box.clock.advance(box.seconds_to_complete(reference) + 1)


def run_watcher(relais: Relais, reference: str) -> None:
    """Make the campaign's watcher due now and run it (the scheduler itself runs on real time)."""
    due = relais.records(JOBS).update(
        f"clever.watch:{reference}",
        lambda job: job.model_copy(update={"next_run": 0, "lease_until": None}) if job else None,
    )
    if due is None:
        return
    relais.runtime.services.scheduler.run_due()
    relais.settle()


def card_message(relais: Relais, reference: str) -> Message:
    found = relais.standin.find(campaign(relais, reference).ts)
    assert found is not None
    return found


def thread(relais: Relais, reference: str) -> list[Message]:
    return relais.standin.thread(CHANNEL, campaign(relais, reference).ts)


def final_reports(relais: Relais, reference: str) -> list[str]:
    """The texts of the final reports posted in the campaign card's thread."""
    return [m.all_text() for m in thread(relais, reference) if m.all_text().startswith("Final report")]


def operations_channel(relais: Relais, channel: str = CHANNEL) -> Relais:
    """``channel`` set as an operations channel: its pushes are notices (transactional) unless they say otherwise."""
    relais.records(CHANNEL_SETTINGS).put(channel, ChannelSettings(nature="transactional"))
    return relais


def next_weekday_morning(after: datetime) -> datetime:
    """10:00 Paris on the first Monday–Friday after ``after`` that is not a public holiday: every promotional
    send is allowed then (SMS and calls), whatever the hour the suite runs at."""
    day = after.astimezone(PARIS).date() + timedelta(days=1)
    while day.weekday() >= 5 or holiday_name(day):
        day += timedelta(days=1)
    return datetime.combine(day, time(10, 0), tzinfo=PARIS)


def card_as_shown(relais: Relais, line: str, *, user: str = MEMBER, channel: str = CHANNEL) -> Message:
    """The last answer to ``line`` (a copy), whatever it is: a card with or without Send."""
    messages = relais.command(line, user=user, channel=channel)
    assert messages, f"no answer to {line}"
    return copy.deepcopy(messages[-1])


def as_it_stands(relais: Relais, message: Message) -> Message:
    """``message`` as it stands now (a copy): a click redraws a card in place."""
    found = relais.standin.find(message.ts)
    assert found is not None, f"no message at {message.ts}"
    return copy.deepcopy(found)


def buttons(message: Message) -> list[str]:
    """The action ids of ``message``'s buttons, in order."""
    return [
        element.get("action_id", "")
        for block in message.blocks or []
        if block.get("type") == "actions"
        for element in block["elements"]
    ]
