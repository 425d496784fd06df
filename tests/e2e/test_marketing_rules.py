"""The French marketing rules on the push card and at Send (issue 14, items 2 and 3), through signed requests.

Typed in a channel left at the defaults (promotional, af2m charter 2026), with Relais' clock and the
Clever sandbox's set to the same moment: each rule at its edge, whatever the hour the suite runs at.
"""

from __future__ import annotations

from datetime import datetime

from bot.core.audit import AUDIT
from bot.core.channel_settings import CHANNEL_SETTINGS, ChannelSettings
from bot.core.safe_writes import WRITES, WriteState
from bot.core.timezone import PARIS
from bot.sandboxes.frame import SandboxClock
from bot.sandboxes.slack import Message
from bot.slack.cards import CONFIRM
from handlers.clever.push_marketing import OPTOUT_ACTION, SCHEDULE_ACTION
from tests.clever_support import as_it_stands, campaign, campaign_reference, card_as_shown, sandbox
from tests.conftest import MEMBER, Relais

MARKETING = "CMKT"  # nobody set its settings: promotional, af2m charter 2026
PROMO = "/push sms 0612345678 from=RELAIS Soldes -20 % ce week-end STOP au 36111"


def at(relais: Relais, clock: SandboxClock, *parts: int) -> None:
    """Relais' clock and the sandbox's at this Paris moment."""
    moment = datetime(*parts, tzinfo=PARIS)  # type: ignore[misc]
    relais.runtime.services.slack_kit.clock.freeze(moment)
    clock.set(moment)


def card(relais: Relais, line: str) -> Message:
    return card_as_shown(relais, line, channel=MARKETING)


def posts(relais: Relais) -> int:
    return len([r for r in sandbox(relais).requests("/api/pushs") if r.method == "POST"])


def test_a_promotional_sms_at_21_29_is_sent(relais: Relais, clock: SandboxClock) -> None:
    at(relais, clock, 2026, 12, 7, 21, 29)  # a Monday
    first = card(relais, PROMO)
    assert "Promotional · French marketing rules: af2m charter 2026" in first.all_text()
    relais.click(first, CONFIRM)
    assert posts(relais) == 1
    assert campaign(relais, campaign_reference(relais)).nature == "promotional"
    [sent] = [e for _, e in relais.records(AUDIT).scan() if e.operation.startswith("M11") and e.outcome == "done"]
    assert sent.detail.startswith(  # the audit line of the send: nature, rules set and each rule's verdict
        "nature promotional; rules charter-2026: sender allowed, opt-out allowed, SMS hours allowed at Mon 07 Dec 21:29"
    )


def test_at_21_31_it_is_refused_and_one_click_schedules_it_for_8_the_next_day(
    relais: Relais, clock: SandboxClock
) -> None:
    at(relais, clock, 2026, 12, 7, 21, 31)
    refused = card(relais, PROMO)
    text = refused.all_text()
    assert "cannot be sent as it stands" in refused.text and "21:31 on Monday 7 December 2026 is outside" in text
    assert "Send campaign" not in refused.button_labels()
    assert "Schedule for Tuesday 08:00" in refused.button_labels()
    relais.click(refused, SCHEDULE_ACTION)
    scheduled = as_it_stands(relais, refused)
    assert "Schedule: Tuesday 8 December 2026 at 08:00" in scheduled.all_text()
    relais.click(scheduled, CONFIRM)
    assert posts(relais) == 1
    assert sandbox(relais).push(campaign_reference(relais))["hd_send"] == "2026-12-08 08:00:00"


def test_on_a_sunday_the_card_warns_and_the_second_click_sends(relais: Relais, clock: SandboxClock) -> None:
    at(relais, clock, 2026, 12, 13, 10, 0)
    warned = card(relais, PROMO)
    assert "it is a Sunday (Sunday 13 December 2026)" in warned.all_text()
    relais.click(warned, CONFIRM)
    assert posts(relais) == 0
    asked = as_it_stands(relais, warned)
    assert "Send anyway (Sunday)" in asked.button_labels()
    relais.click(asked, CONFIRM)
    assert posts(relais) == 1
    [write] = [w for _, w in relais.records(WRITES).scan() if w.state is WriteState.DONE]
    assert write.acknowledged == ["closed-day:2026-12-13"]


def test_christmas_warns_under_the_2026_charter(relais: Relais, clock: SandboxClock) -> None:
    at(relais, clock, 2026, 12, 25, 10, 0)
    warned = card(relais, PROMO)
    assert "public holiday (Christmas Day)" in warned.all_text() and "until you press" in warned.all_text()


def test_christmas_is_refused_under_the_2024_charter(relais: Relais, clock: SandboxClock) -> None:
    relais.records(CHANNEL_SETTINGS).put(MARKETING, ChannelSettings(rules="charter-2024"))
    at(relais, clock, 2026, 12, 25, 10, 0)
    refused = card(relais, PROMO)
    assert "working days only" in refused.all_text() and "Schedule for Saturday 08:00" in refused.button_labels()
    assert "af2m charter 2024" in refused.all_text()


VOICE = "/push voice 0612345678 file=annonce.mp3 Nouvelle offre"


def test_a_promotional_call_on_friday_at_19_59_is_placed(relais: Relais, clock: SandboxClock) -> None:
    at(relais, clock, 2026, 12, 11, 19, 59)
    allowed = card(relais, VOICE)
    assert "prior consent (CPCE L34-5)" in allowed.all_text()
    relais.click(allowed, CONFIRM)
    assert posts(relais) == 1


def test_at_20_01_it_is_refused_with_monday_10_00_offered(relais: Relais, clock: SandboxClock) -> None:
    at(relais, clock, 2026, 12, 11, 20, 1)
    refused = card(relais, VOICE)
    assert "décret 2022-1313" in refused.all_text()
    assert "Schedule for Monday 10:00" in refused.button_labels()


def test_without_stop_it_is_refused_and_one_click_appends_the_channels_opt_out_text(
    relais: Relais, clock: SandboxClock
) -> None:
    relais.records(CHANNEL_SETTINGS).put(MARKETING, ChannelSettings(optout_text="STOP au 36111"))
    at(relais, clock, 2026, 12, 8, 10, 0)
    text = "x" * 150  # one segment; with " STOP au 36111" (14 more) two
    refused = card(relais, f"/push sms 0612345678 {text}")
    assert "opt-out text “STOP au 36111”" in refused.all_text() and "Segments per message: 1" in refused.all_text()
    relais.click(refused, OPTOUT_ACTION)
    fixed = as_it_stands(relais, refused)
    assert "Segments per message: 2 (164 GSM characters)" in fixed.all_text()
    relais.click(fixed, CONFIRM)
    assert sandbox(relais).push(campaign_reference(relais))["text"] == f"{text} STOP au 36111"


def test_a_channel_without_opt_out_text_points_to_the_settings(relais: Relais, clock: SandboxClock) -> None:
    at(relais, clock, 2026, 12, 8, 10, 0)
    refused = card(relais, "/push sms 0612345678 Soldes -20 %")
    assert "`/relais settings`" in refused.all_text() and "cannot be sent as it stands" in refused.text
    assert not any(label.startswith("Add") for label in refused.button_labels())


def test_a_mobile_sender_is_refused_naming_the_rule(relais: Relais, clock: SandboxClock) -> None:
    at(relais, clock, 2026, 12, 8, 10, 0)
    refused = card(relais, "/push sms 0612345678 from=0698765432 Soldes STOP au 36111")
    assert "French mobile number" in refused.all_text() and "ARCEP 18-0881" in refused.all_text()
    assert "cannot be sent as it stands" in refused.text


def test_a_transactional_sms_at_23_00_is_sent_and_the_card_says_hours_do_not_apply(
    relais: Relais, clock: SandboxClock
) -> None:
    at(relais, clock, 2026, 12, 7, 23, 0)
    notice = card(relais, "/push sms 0612345678 nature=transactionnel Votre colis arrive demain")
    assert "Transactional: sending hours do not apply" in notice.all_text()
    relais.click(notice, CONFIRM)
    assert posts(relais) == 1
    assert campaign(relais, campaign_reference(relais)).nature == "transactional"


def test_a_card_confirmed_after_the_hour_changed_is_refused_at_send(relais: Relais, clock: SandboxClock) -> None:
    at(relais, clock, 2026, 12, 7, 21, 29)
    allowed = card(relais, PROMO)
    at(relais, clock, 2026, 12, 7, 21, 31)
    relais.click(allowed, CONFIRM)
    assert posts(relais) == 0
    outcome = as_it_stands(relais, allowed).all_text()
    assert "not sent: promotional SMS may be sent from 08:00 to 21:30" in outcome
    [write] = [w for _, w in relais.records(WRITES).scan()]
    assert write.state is WriteState.FAILED


def test_a_rules_none_channel_skips_every_rule(relais: Relais, clock: SandboxClock) -> None:
    relais.records(CHANNEL_SETTINGS).put(MARKETING, ChannelSettings(rules="none"))
    at(relais, clock, 2026, 12, 13, 23, 0)
    allowed = card(relais, "/push sms 0612345678 from=0698765432 Soldes")
    assert "this channel applies none" in allowed.all_text() and "until you press" in allowed.all_text()
    relais.click(allowed, CONFIRM, user=MEMBER)
    assert posts(relais) == 1


LANDLINE_PROMO = "/push sms 0612345678,0145678901 from=RELAIS Soldes -20 % ce week-end STOP au 36111"


def test_a_promotional_sms_to_a_landline_at_20_30_is_refused_with_the_next_call_slot(
    relais: Relais, clock: SandboxClock
) -> None:
    at(relais, clock, 2026, 12, 7, 20, 30)  # a Monday: SMS hours yes, telephone canvassing no
    refused = card(relais, LANDLINE_PROMO)
    text = refused.all_text()
    assert "1 landline is called (the text read aloud)" in text and "décret 2022-1313" in text
    assert "prior consent (CPCE L34-5)" in text and "cannot be sent as it stands" in refused.text
    assert "Schedule for Tuesday 10:00" in refused.button_labels()
    relais.click(refused, SCHEDULE_ACTION)
    scheduled = as_it_stands(relais, refused)
    relais.click(scheduled, CONFIRM)
    assert sandbox(relais).push(campaign_reference(relais))["hd_send"] == "2026-12-08 10:00:00"


def test_the_same_push_without_its_landline_is_sent_at_20_30(relais: Relais, clock: SandboxClock) -> None:
    at(relais, clock, 2026, 12, 7, 20, 30)
    allowed = card(relais, PROMO)
    assert "landline" not in allowed.all_text()
    relais.click(allowed, CONFIRM)
    assert posts(relais) == 1


def test_a_promotional_sms_to_a_landline_in_a_call_slot_is_sent_and_audited(
    relais: Relais, clock: SandboxClock
) -> None:
    at(relais, clock, 2026, 12, 8, 11, 0)
    allowed = card(relais, LANDLINE_PROMO)
    relais.click(allowed, CONFIRM)
    assert posts(relais) == 1
    [sent] = [e for _, e in relais.records(AUDIT).scan() if e.operation.startswith("M11") and e.outcome == "done"]
    assert "SMS hours allowed at Tue 08 Dec 11:00, call hours (landlines) allowed at Tue 08 Dec 11:00" in sent.detail


def test_a_landline_push_confirmed_after_20_00_is_refused_at_send(relais: Relais, clock: SandboxClock) -> None:
    at(relais, clock, 2026, 12, 7, 19, 59)
    allowed = card(relais, LANDLINE_PROMO)
    at(relais, clock, 2026, 12, 7, 20, 1)
    relais.click(allowed, CONFIRM)
    assert posts(relais) == 0
    assert "décret 2022-1313" in as_it_stands(relais, allowed).all_text()
