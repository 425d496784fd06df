"""Opt-outs (issue 14, item 4): an SMS reply that says STOP puts its number on the list once, said in the
thread; `/contact optout list | add | remove` with roles and reasons; replies sent to a replies channel."""

from __future__ import annotations

from bot.core.audit import AUDIT
from bot.core.channel_settings import CHANNEL_SETTINGS, ChannelSettings
from bot.sandboxes.frame import SandboxClock
from handlers.clever.optouts import is_opted_out, opted_out
from handlers.clever.records import OPTOUTS
from tests.clever_support import campaign, clever_kit, run_watcher, sandbox, send, thread
from tests.conftest import ADMIN, CHANNEL, MEMBER, Relais

NUMBERS = "+33612345678,+33623456789,+33634567890,+33645678901"


def _replies(relais: Relais, clock: SandboxClock, *replies: tuple[str, str]) -> str:
    """A campaign to NUMBERS, then each (number, text) replied to it, read by its watcher."""
    ref = send(relais, f"/push sms {NUMBERS} Nos soldes commencent demain")
    clock.advance(40)
    for number, text in replies:
        sandbox(relais).inject_mo(ref, number, text)
    run_watcher(relais, ref)
    return ref


def _lines(relais: Relais, ref: str) -> list[str]:
    return [m.all_text() for m in thread(relais, ref)]


def test_stop_replies_put_their_numbers_on_the_list_once_said_in_the_thread(
    relais: Relais, clock: SandboxClock
) -> None:
    ref = _replies(
        relais,
        clock,
        ("+33612345678", "Stop"),
        ("+33623456789", " arrêt ! "),
        ("+33634567890", "STOP SMS"),
        ("+33645678901", "unsubscribe"),
    )
    kit = clever_kit(relais)
    numbers = NUMBERS.split(",")
    assert opted_out(kit, [*numbers, "+33699999999"]) == numbers
    said = [line for line in _lines(relais, ref) if "opt-out list" in line]
    assert said == [
        ":no_bell: +33612345678 is now on the opt-out list (replied Stop): promotional campaigns will skip it",
        ":no_bell: +33623456789 is now on the opt-out list (replied arrêt !): promotional campaigns will skip it",
        ":no_bell: +33634567890 is now on the opt-out list (replied STOP SMS): promotional campaigns will skip it",
        ":no_bell: +33645678901 is now on the opt-out list (replied unsubscribe): promotional campaigns will skip it",
    ]
    # Each announcement comes right after its reply.
    lines = _lines(relais, ref)
    first = next(i for i, line in enumerate(lines) if "Reply from +33612345678" in line)
    assert "+33612345678 is now on the opt-out list" in lines[first + 1]
    audited = [entry for _, entry in relais.records(AUDIT).scan() if entry.operation == "opt-out add"]
    assert len(audited) == 4 and all(entry.channel_id == CHANNEL and entry.outcome == "done" for entry in audited)
    assert {entry.detail for entry in audited} >= {"+33612345678 replied Stop"}


def test_a_second_stop_does_not_add_twice_and_a_sentence_is_not_an_opt_out(relais: Relais, clock: SandboxClock) -> None:
    ref = _replies(relais, clock, ("+33612345678", "STOP"), ("+33623456789", "stop calling me at night"))
    clock.advance(60)
    sandbox(relais).inject_mo(ref, "+33612345678", "stop")
    run_watcher(relais, ref)
    kit = clever_kit(relais)
    assert is_opted_out(kit, "+33612345678") and not is_opted_out(kit, "+33623456789")
    assert len(list(relais.records(OPTOUTS).scan())) == 1
    lines = _lines(relais, ref)
    assert sum("Reply from +33612345678" in line for line in lines) == 2  # both replies are posted
    assert sum("is now on the opt-out list" in line for line in lines) == 1
    assert any("stop calling me at night" in line for line in lines)
    audited = [entry for _, entry in relais.records(AUDIT).scan() if entry.operation == "opt-out add"]
    assert len(audited) == 1


def test_replies_go_to_the_channel_the_settings_name_with_a_link_to_the_card(
    relais: Relais, clock: SandboxClock
) -> None:
    relais.records(CHANNEL_SETTINGS).put(CHANNEL, ChannelSettings(nature="transactional", replies_channel="CREPLIES"))
    ref = _replies(relais, clock, ("+33612345678", "OUI"), ("+33623456789", "Stop"))
    assert not [line for line in _lines(relais, ref) if "Reply from" in line]
    there = relais.standin.channel_messages("CREPLIES", include_threads=True)
    [oui] = [m for m in there if "Reply from +33612345678" in m.all_text()]
    card_ts = campaign(relais, ref).ts
    assert f"campaign `{ref}` in <#{CHANNEL}>" in oui.all_text()
    assert f"/archives/{CHANNEL}/p{card_ts.replace('.', '')}|campaign card>" in oui.all_text()
    assert oui.button_labels() == ["Reply"] and oui.thread_ts is None
    [stop] = [m for m in there if "Reply from +33623456789" in m.all_text()]
    [said] = relais.standin.thread("CREPLIES", stop.ts)
    assert said.all_text().startswith(":no_bell: +33623456789 is now on the opt-out list (replied Stop)")


def test_a_channel_without_a_replies_channel_keeps_replies_in_the_thread(relais: Relais, clock: SandboxClock) -> None:
    ref = _replies(relais, clock, ("+33612345678", "OUI"))
    assert any("Reply from +33612345678" in line for line in _lines(relais, ref))
    assert not relais.standin.channel_messages("CREPLIES", include_threads=True)


# -- /contact optout ------------------------------------------------------------------------------------------
def test_a_member_adds_a_number_with_a_reason_and_lists_it(relais: Relais) -> None:
    [answer] = relais.command("/contact optout add 06 12 34 56 78 asked by phone on Monday", user=MEMBER)
    assert answer.text == (
        ":white_check_mark: +33612345678 is now on the opt-out list: promotional campaigns will skip it."
    )
    assert is_opted_out(clever_kit(relais), "+33612345678")
    [again] = relais.command("/contact optout add +33612345678", user=MEMBER)
    assert again.text.startswith("+33612345678 is already on the opt-out list")
    text = relais.reply_text("/contact optout list")
    assert "+33612345678" in text and "asked by phone on Monday" in text and f"<@{MEMBER}>" in text
    audited = [entry for _, entry in relais.records(AUDIT).scan() if entry.operation == "opt-out add"]
    assert [entry.user_id for entry in audited] == [MEMBER]


def test_a_member_cannot_remove_and_an_admin_must_give_a_reason(relais: Relais) -> None:
    relais.command("/contact optout add +33612345678 asked by phone")
    [refused] = relais.command('/contact optout remove +33612345678 reason="they asked again"', user=MEMBER)
    assert refused.text.startswith(":no_entry:") and is_opted_out(clever_kit(relais), "+33612345678")
    [no_reason] = relais.command("/contact optout remove +33612345678", user=ADMIN)
    assert no_reason.text.startswith(":warning: reason: required")
    assert is_opted_out(clever_kit(relais), "+33612345678")
    [done] = relais.command('/contact optout remove 0612345678 reason="signed the form again"', user=ADMIN)
    assert done.text.startswith(":white_check_mark: +33612345678 is off the opt-out list (signed the form again)")
    assert not is_opted_out(clever_kit(relais), "+33612345678")
    removed = [entry for _, entry in relais.records(AUDIT).scan() if entry.operation == "opt-out remove"]
    assert [(entry.user_id, entry.outcome) for entry in removed] == [(ADMIN, "done")]
    assert "signed the form again" in removed[0].detail
    refusals = [entry for _, entry in relais.records(AUDIT).scan() if entry.outcome == "refused"]
    assert [entry.operation for entry in refusals] == ["/contact optout remove"]


def test_the_list_is_paginated_and_exported(relais: Relais) -> None:
    for n in range(12):
        relais.command(f"/contact optout add +336123456{n:02d}")
    [page] = relais.command("/contact optout list")
    assert "12 in all" in page.all_text() and page.button_labels() == ["Next ▶", "Export CSV"]
    relais.command("/contact optout list export")
    [(name, content, _)] = relais.standin.posted_files(CHANNEL)
    assert name == "opt-outs.csv" and content.decode("utf-8-sig").count("+336123456") == 12
