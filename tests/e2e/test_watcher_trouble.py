"""Watchers never die in silence: a vendor that cannot be read is told in the card's thread, retried, listed."""

from __future__ import annotations

from tests.axialys_support import call_cards, confirm, run_watchers, sandbox
from tests.clever_support import final_reports, run_watcher, send, thread
from tests.clever_support import sandbox as clever
from tests.conftest import CHANNEL, Relais

REFUSED = b'{"code": 401, "message": "Identifiants invalides"}'


def _thread_texts(relais: Relais, ts: str) -> list[str]:
    return [m.all_text() for m in relais.standin.thread(CHANNEL, ts)]


def test_a_campaign_watcher_that_cannot_read_clever_says_so_once_keeps_trying_and_says_when_it_recovers(
    relais: Relais,
) -> None:
    reference = send(relais, "/push sms 0612345678 Bonjour")
    clever(relais).inject_fault(401, 50, body=REFUSED, path_prefix="/api/pushs", content_type="application/json")
    for _ in range(4):
        run_watcher(relais, reference)
    texts = [m.all_text() for m in thread(relais, reference)]
    trouble = [t for t in texts if t.startswith(":hourglass:")]
    assert len(trouble) == 1, texts
    assert "Relais cannot read Clever Multimedias' delivery reports since" in trouble[0]
    assert "refused our credentials" in trouble[0] and "Identifiants invalides" in trouble[0]
    assert "It keeps trying" in trouble[0]
    status = relais.reply_text("/relais status")
    assert "Watchers in trouble" in status
    assert f"Clever Multimedias' delivery reports (reference {reference}): still trying, failing since" in status

    clever(relais).clear_faults()
    clever(relais).clock.advance(3600)
    for _ in range(3):
        run_watcher(relais, reference)
    texts = [m.all_text() for m in thread(relais, reference)]
    assert len([t for t in texts if t.startswith(":white_check_mark: Relais can read Clever")]) == 1, texts
    assert len(final_reports(relais, reference)) == 1, "nothing lost: the campaign is reported once"
    assert "Watchers in trouble" not in relais.reply_text("/relais status")


def test_a_call_watcher_that_cannot_read_axialys_tells_the_call_cards_thread_and_the_call_still_gets_its_summary(
    relais: Relais,
) -> None:
    confirm(relais, "/callback 06 12 34 56 79 popup=77")
    [card] = call_cards(relais)
    id_tracking = int(card.text.split("#")[1].split()[0])
    sandbox(relais).inject_fault(401, 50, body=b"KO;AUTH_INVALIDE;mot de passe incorrect", path_prefix="/get")
    for _ in range(3):
        run_watchers(relais)
    trouble = [t for t in _thread_texts(relais, card.ts) if t.startswith(":hourglass:")]
    assert len(trouble) == 1
    assert "Relais cannot read Axialys WebAppel's call listing since" in trouble[0]
    assert "mot de passe incorrect" in trouble[0]
    assert "Axialys WebAppel's call listing (id_popup 77): still trying" in relais.reply_text("/relais status")

    sandbox(relais).clear_faults()
    sandbox(relais).set_call_outcome(id_tracking, "answered", ring_seconds=7, talk_seconds=65)
    sandbox(relais).clock.advance(3600)
    run_watchers(relais)
    run_watchers(relais)
    texts = _thread_texts(relais, card.ts)
    assert len([t for t in texts if t.startswith(":white_check_mark: Relais can read Axialys")]) == 1, texts
    assert len([t for t in texts if "answered" in t and "1 min 5 s" in t]) == 1, texts
