"""/callback <number>: confirmation card, call card, watcher, summary, cancel, restart, 503."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from handlers.axialys.records import CALLS
from tests.axialys_support import call_cards, confirm, methods, rewrite_body, run_watchers, sandbox
from tests.conftest import ADMIN, CHANNEL, MEMBER, Relais, RelaisFactory


def test_a_call_is_followed_from_placement_to_its_summary(relais: Relais) -> None:
    card = confirm(relais, "/callback 06 12 34 56 79 popup=77")
    assert "€0.0450 per minute" in card.all_text() and "France mobile" in card.all_text()
    [call_card] = call_cards(relais)
    assert "Tracking id" in call_card.all_text() and "waiting" in call_card.all_text()
    assert "Cancel call" in call_card.all_text()
    [entry] = [e for e in sandbox(relais).requests("/get") if e.query["methode"] == ["appel"]]
    assert entry.query["e164"] == ["33612345679"]
    id_tracking = int(call_card.text.split("#")[1].split()[0])
    sandbox(relais).set_call_outcome(id_tracking, "answered", ring_seconds=7, talk_seconds=65)
    relais.sandboxes["axialys"].clock.advance(3600)
    run_watchers(relais)
    run_watchers(relais)
    shown = relais.standin.find(call_card.ts)
    assert shown is not None and "answered" in shown.all_text() and "Cancel call" not in shown.all_text()
    [summary] = relais.standin.thread(CHANNEL, call_card.ts)
    text = summary.all_text()
    assert "answered" in text and "7 s" in text and "1 min 5 s" in text and "FR_Mobile" in text and "€0.0488" in text


def _tracking(card_text: str) -> int:
    return int(card_text.split("#")[1].split()[0])


def test_bad_input_is_refused_field_by_field_and_never_reaches_axialys(relais: Relais) -> None:
    with sandbox(relais).recording() as seen:
        text = relais.reply_text("/callback 06 12 retries=12 record=maybe max=5 delay=5000 ip=1.2.3")
    assert "number: `06 12` is too short" in text
    assert "retries: 12 is out of range" in text and "record: `maybe` is not yes or no" in text
    assert "max: 5 is out of range" in text and "delay: 5000 is out of range" in text
    assert "ip: `1.2.3` is not an IPv4 address" in text
    assert seen == []


def test_an_unknown_option_is_named(relais: Relais) -> None:
    with sandbox(relais).recording() as seen:
        text = relais.reply_text("/callback 0612345679 colour=red")
    assert "colour: unknown option" in text and seen == []


def test_a_destination_the_popup_does_not_allow_is_refused_before_calling(relais: Relais) -> None:
    text = relais.reply_text("/callback +32 470 12 34 56 popup=77")
    assert "Belgique mobile number (BE_Mobile), not allowed for pop-up Accueil (#77)" in text
    assert "/callback popup allow 77 BE_Mobile" in text
    assert methods(relais, "appel") == []


def test_the_popup_can_be_named_and_an_unknown_one_is_refused(relais: Relais) -> None:
    card = confirm(relais, "/callback +32470123456 popup=boutique")
    assert "Boutique (#197)" in card.all_text() and "€0.1200 per minute" in card.all_text()
    text = relais.reply_text("/callback 0612345679 popup=nope")
    assert "popup: there is no pop-up named `nope` (known: `Accueil`, `Boutique`)" in text


def test_cancel_while_waiting_then_refused_once_started(relais: Relais) -> None:
    confirm(relais, "/callback 0612345679 popup=77")
    [card] = call_cards(relais)
    relais.click(card, "Cancel call")
    assert "cancelled before it started" in relais.standin.ephemerals(MEMBER)[-1].all_text()
    assert methods(relais, "appel_annuler") != []
    run_watchers(relais)
    shown = relais.standin.find(card.ts)
    assert shown is not None and "cancelled" in shown.all_text() and "Cancel call" not in shown.all_text()
    assert len(relais.standin.thread(CHANNEL, card.ts)) == 1
    [entry] = [e for e in relais.runtime.services.audit.last(5) if e.operation == "A25 cancel call"]
    assert entry.outcome == "done"

    confirm(relais, "/callback 0612345670 popup=77")
    second = call_cards(relais)[-1]
    relais.sandboxes["axialys"].clock.advance(600)
    text = relais.reply_text(f"/callback cancel {_tracking(second.text)}")
    assert "can no longer be cancelled: it has already started or ended" in text
    assert "ETAT_INCOMPATIBLE" in text


def test_a_restart_while_a_call_is_followed_posts_one_summary(relais_factory: RelaisFactory, tmp_path: Path) -> None:
    first = relais_factory(data_dir=tmp_path / "d")
    confirm(first, "/callback 0612345679 popup=77")
    [card] = call_cards(first)
    run_watchers(first)
    first.runtime.stop()
    second = relais_factory(data_dir=tmp_path / "d")
    sandbox(second).set_call_outcome(_tracking(card.text), "busy")
    second.sandboxes["axialys"].clock.advance(3600)
    run_watchers(second)
    run_watchers(second)
    [summary] = second.standin.thread(CHANNEL, card.ts)
    assert "busy" in summary.all_text()


def test_a_503_during_placement_fails_cleanly_and_places_no_second_call(relais: Relais) -> None:
    card = relais.command("/callback 0612345679 popup=77")[-1]
    sandbox(relais).inject_fault(503, count=1, path_prefix="/get")
    relais.click(card, "Place call")
    shown = relais.standin.find(card.ts)
    assert shown is not None and "Failed" in shown.all_text() and "temporarily unavailable" in shown.all_text()
    assert len(methods(relais, "appel")) == 1
    assert call_cards(relais) == []


def test_a_placement_whose_answer_is_lost_is_unknown_says_what_to_check_and_is_not_resent(relais: Relais) -> None:
    card = copy.deepcopy(relais.command("/callback 0612345679 popup=77")[-1])
    sandbox(relais).inject_fault(502, count=1, path_prefix="/get")  # the request left; no answer came back
    relais.click(card, "Place call")
    relais.click(card, "Place call")  # a second click on the card as first seen: shows the outcome, sends nothing
    shown = relais.standin.find(card.ts)
    assert shown is not None and "Outcome unknown" in shown.all_text()
    assert "`/callback calls popup=77` lists today's calls: look for +33612345679" in shown.all_text()
    assert len(methods(relais, "appel")) == 1
    assert call_cards(relais) == []


def test_one_watcher_and_one_listing_per_cycle_for_many_calls_of_a_popup(relais: Relais) -> None:
    for number in ("0612345671", "0612345672", "0612345673"):
        confirm(relais, f"/callback {number} popup=77")
    jobs = [j for j in relais.runtime.services.scheduler.active() if j.kind == "axialys.watch"]
    assert len(jobs) == 1
    before = len(methods(relais))
    run_watchers(relais)
    assert methods(relais)[before:] == ["appel_listing"]


def test_the_form_opens_without_arguments_and_shows_inline_errors(relais: Relais) -> None:
    relais.command("/callback call")
    [view] = relais.standin.open_views(MEMBER)
    reply = relais.driver.submit(view, {"number": "12", "popup": "77", "retries": "x"})
    errors = reply.json()["errors"]
    assert set(errors) == {"number", "retries"}
    reply = relais.driver.submit(view, {"number": "0612345679", "popup": "197", "record": ["1"]})
    assert reply.body == ""
    relais.settle()
    card = relais.standin.ephemerals(MEMBER)[-1]
    assert "Boutique (#197)" in card.all_text() and "Recording: yes" in card.all_text()


def test_the_card_follows_each_state_and_the_summary_is_posted_once(relais: Relais) -> None:
    confirm(relais, "/callback 0612345679 popup=77")
    [card] = call_cards(relais)
    sandbox(relais).set_call_outcome(_tracking(card.text), "answered", ring_seconds=10, talk_seconds=60)
    clock = relais.sandboxes["axialys"].clock
    seen = []
    for seconds in (5, 20, 100):
        clock.advance(seconds)
        before = len(methods(relais))
        run_watchers(relais)
        assert methods(relais)[before:] == ["appel_listing"]
        shown = relais.standin.find(card.ts)
        assert shown is not None
        seen.append((shown.all_text(), len(relais.standin.thread(CHANNEL, card.ts))))
    assert "ringing (SONNERIE)" in seen[0][0] and seen[0][1] == 0
    assert "in progress (EN_COURS)" in seen[1][0] and seen[1][1] == 0
    assert "answered (REPONDU)" in seen[2][0] and seen[2][1] == 1
    run_watchers(relais)
    run_watchers(relais)
    assert len(relais.standin.thread(CHANNEL, card.ts)) == 1
    watchers = [j for j in relais.runtime.services.scheduler.active() if j.kind == "axialys.watch"]
    assert watchers == []  # nothing left to follow: the pop-up's watcher ended


def test_a_call_never_ending_is_given_up_after_a_day_with_one_note_in_its_thread(relais: Relais) -> None:
    confirm(relais, "/callback 0612345679 popup=77")
    [card] = call_cards(relais)
    services = relais.runtime.services
    calls = services.records.of(CALLS)
    [(id_tracking, call)] = list(calls.scan())
    calls.put(id_tracking, call.model_copy(update={"placed_at": call.placed_at - 25 * 3600}))  # Axialys says waiting
    run_watchers(relais)
    [note] = relais.standin.thread(CHANNEL, card.ts)
    assert "Relais stopped following call" in note.text and "after 24 hours" in note.text
    run_watchers(relais)
    assert len(relais.standin.thread(CHANNEL, card.ts)) == 1


def test_a_call_whose_listing_line_cannot_be_read_is_given_up_without_blaming_axialys_for_never_listing_it(
    relais: Relais, monkeypatch: pytest.MonkeyPatch
) -> None:
    confirm(relais, "/callback 0612345679 popup=77")
    [card] = call_cards(relais)
    id_tracking = _tracking(card.text)
    mine = f"{id_tracking};"

    def garbled(body: bytes) -> bytes:
        lines = body.decode().splitlines(keepends=True)
        return "".join(f"x{line}" if line.startswith(mine) else line for line in lines).encode()

    rewrite_body(relais, monkeypatch, "appel_listing", garbled)
    services = relais.runtime.services
    calls = services.records.of(CALLS)
    call = calls.get(str(id_tracking))
    assert call is not None
    calls.put(str(id_tracking), call.model_copy(update={"placed_at": call.placed_at - 25 * 3600}))
    run_watchers(relais)
    [note] = relais.standin.thread(CHANNEL, card.ts)
    assert "Relais stopped following call" in note.text and "never listed" not in note.text
    assert "not shown it in a form Relais can read (the log has the lines it skipped)" in note.text


def test_a_slack_refusal_for_one_card_leaves_that_call_pending_and_the_others_get_their_summary(
    relais: Relais,
) -> None:
    confirm(relais, "/callback 0612345671 popup=77")
    confirm(relais, "/callback 0612345672 popup=77")
    first, second = call_cards(relais)
    for card in (first, second):
        sandbox(relais).set_call_outcome(_tracking(card.text), "answered", ring_seconds=5, talk_seconds=30)
    sandbox(relais).clock.advance(3600)
    relais.standin.fail_next("chat.postMessage", "not_in_channel")  # the first call's summary
    run_watchers(relais)
    assert relais.standin.thread(CHANNEL, first.ts) == []
    [summary] = relais.standin.thread(CHANNEL, second.ts)
    assert "answered" in summary.all_text() and "30 s" in summary.all_text()
    run_watchers(relais)  # the first call stayed pending: its summary now
    [late] = relais.standin.thread(CHANNEL, first.ts)
    assert "answered" in late.all_text()
    assert len(relais.standin.thread(CHANNEL, second.ts)) == 1
    everything = " ".join(m.all_text() for m in relais.standin.channel_messages(CHANNEL))
    assert "cannot read Axialys" not in everything


def test_a_call_always_carries_retries_recording_and_longest_call_shown_on_its_card(relais: Relais) -> None:
    card = confirm(relais, "/callback 0612345679 popup=77")
    text = card.all_text()
    assert "Retries: 0" in text and "Recording: no" in text and "Longest call: 3600 s" in text
    [request] = [e for e in sandbox(relais).requests() if e.query.get("methode") == ["appel"]]
    assert (request.query["nbressais"], request.query["rec"], request.query["dureemaxi"]) == (["0"], ["0"], ["3600"])


def test_a_pop_up_name_shared_by_two_pop_ups_is_refused_naming_their_ids(relais: Relais) -> None:
    relais.reply_text("/callback popup create name=Salon", user=ADMIN)
    relais.reply_text("/callback popup create name=Salon", user=ADMIN)
    text = relais.reply_text("/callback 0612345678 popup=Salon")
    assert "2 pop-ups are named `Salon`" in text and "give the id" in text


def test_destination_names_relais_cannot_match_warn_on_the_card_and_axialys_decides(
    relais: Relais, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 10: the document does not fix A17's destination names; an unmatched name is no reason to refuse."""
    rewrite_body(
        relais, monkeypatch, "popup_destinations", lambda body: body.replace(b"France mobile", b"Mobiles (France)")
    )
    card = confirm(relais, "/callback 06 12 34 56 79 popup=77")
    assert "Price: unknown" in card.all_text() and "could not check" in card.all_text()
    assert "Axialys will decide" in card.all_text()
    assert len(methods(relais, "appel")) == 1 and len(call_cards(relais)) == 1


def test_a_new_call_wakes_a_watcher_slowed_down_by_an_older_one(relais: Relais) -> None:
    """Polling slows as calls age; a call placed meanwhile gets its first look at once, not minutes later."""
    import time

    confirm(relais, "/callback 06 12 34 56 79 popup=77")
    [first] = call_cards(relais)
    services = relais.runtime.services
    calls = services.records.of(CALLS)
    call = calls.get(str(_tracking(first.text)))
    assert call is not None
    calls.put(str(call.id_tracking), call.model_copy(update={"placed_at": time.time() - 3600}))  # an hour old
    run_watchers(relais)
    [job] = [j for j in services.scheduler.active() if j.kind == "axialys.watch"]
    assert job.next_run - time.time() > 60, "an hour-old call is looked at every few minutes"
    confirm(relais, "/callback 06 12 34 56 78 popup=77")
    [woken] = [j for j in services.scheduler.active() if j.kind == "axialys.watch"]
    assert woken.id == job.id and woken.next_run <= time.time(), "one watcher, due now for the new call"
