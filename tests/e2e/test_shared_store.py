"""Shared mode (issue 15): Relais on PostgreSQL (``RELAIS_DATABASE_URL``), one replica and two, through signed
requests, the stand-in Slack and the sandboxes; the database is the tests' own server.

Two replicas here are two Relais runtimes in this process, each with its own HTTP server, Web API client,
workers and connections, sharing nothing but the database (as two ``relais serve`` on two machines).
"""

from __future__ import annotations

import copy
import itertools
import threading
import time

import httpx
import pytest

from bot.core import safe_writes
from bot.core.backends import MAX_CLOCK_OFFSET
from bot.core.jobs import JOBS
from bot.core.migrations import upgrade
from bot.core.pg_store import BREAK_SECONDS, PostgresStore
from bot.core.safe_writes import SENDING_GRACE, WRITES, WriteRecord, WriteState
from bot.core.store import StoreUnavailable
from bot.core.vendor_sessions import VENDOR_SESSIONS
from bot.slack.app import STORE_DOWN
from bot.slack.cards import CONFIRM
from bot.slack.output import POSTED_ONCE, POSTING_GRACE, OncePost, PostInProgress
from tests.clever_support import card_for, operations_channel, sandbox, send
from tests.cliqphone_support import cliqphone
from tests.conftest import ADMIN, CHANNEL, MEMBER, Relais, RelaisFactory
from tests.postgres_support import PostgresServer

PUSH = "/push sms 0612345678 Votre rendez-vous est confirmé"


def _posts(relais: Relais) -> int:
    return len([r for r in sandbox(relais).requests("/api/pushs") if r.method == "POST"])


@pytest.fixture
def replicas(
    relais_factory: RelaisFactory, database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> list[Relais]:
    """Two replicas on one database (their data dirs apart: in shared mode nothing is kept there), its operations
    channel set once, for both."""
    first, second = (
        relais_factory(relais_database_url=database_url, data_dir=tmp_path_factory.mktemp(f"replica{n}"))
        for n in (1, 2)
    )
    return [operations_channel(first), second]


def test_one_replica_keeps_everything_in_postgresql(replicas: list[Relais]) -> None:
    first = replicas[0]
    assert isinstance(first.runtime.services.store, PostgresStore)
    health = httpx.get(first.url + "/healthz").json()
    assert health["status"] == "ok" and health["store"]["mode"] == "shared" and health["store"]["status"] == "ok"
    assert abs(float(health["store"]["clock_offset_seconds"])) < MAX_CLOCK_OFFSET  # one machine: one clock
    assert "clock" not in health["store"]
    card = card_for(first, PUSH)
    first.click(card, CONFIRM)
    assert _posts(first) == 1
    [(_, write)] = list(replicas[1].records(WRITES).scan())  # the other replica reads what the first wrote
    assert write.state is WriteState.DONE


def test_a_card_staged_on_one_replica_and_confirmed_through_the_other_sends_once(replicas: list[Relais]) -> None:
    first, second = replicas
    card = card_for(first, PUSH)
    second.click(card, CONFIRM)
    first.click(card, CONFIRM)  # the old card, clicked again through the first replica: already sent
    assert _posts(first) == 1
    [(_, write)] = list(first.records(WRITES).scan())
    assert write.state is WriteState.DONE


def test_a_double_click_split_across_replicas_sends_once(replicas: list[Relais]) -> None:
    first, second = replicas
    card = card_for(first, PUSH)
    replies = [first.driver.click(copy.deepcopy(card), CONFIRM), second.driver.click(copy.deepcopy(card), CONFIRM)]
    assert [reply.status for reply in replies] == [200, 200]
    first.settle()
    second.settle()
    assert _posts(first) == 1


def test_a_slack_retry_delivered_to_the_other_replica_is_ignored(replicas: list[Relais]) -> None:
    first, second = replicas
    assert first.driver.open_home(ADMIN, event_id="EvShared1").status == 200
    assert second.driver.open_home(ADMIN, event_id="EvShared1", retry=1).status == 200
    first.settle()
    second.settle()
    assert len(first.standin.calls_to("views.publish")) == 1


def test_healthz_says_the_database_is_unreachable_and_recovers_with_it(
    relais_factory: RelaisFactory, postgres: PostgresServer
) -> None:
    database_url = postgres.new_database()
    upgrade(database_url)
    relais = relais_factory(relais_database_url=database_url)
    postgres.stop()
    try:
        down = httpx.get(relais.url + "/healthz", timeout=10)
        assert down.status_code == 503
        assert down.json()["status"] == "degraded" and down.json()["store"]["status"] == "unreachable"
    finally:
        postgres.start()
    _until_the_database_answers(relais)
    assert httpx.get(relais.url + "/healthz", timeout=10).json()["store"]["status"] == "ok"
    assert relais.command("/relais help", user=MEMBER)  # serving again, on the database


def test_a_replica_starting_leaves_the_other_replicas_sends_and_leases_alone(
    relais_factory: RelaisFactory, database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    first = operations_channel(relais_factory(relais_database_url=database_url))
    reference = send(first, PUSH)
    now = time.time()
    # As the first replica sees them mid-flight: a write being sent, the campaign's watcher leased.
    sending = first.records(WRITES).update(
        "in-flight",
        lambda _: WriteRecord.model_validate(
            {**_any_write(first).model_dump(), "id": "in-flight", "state": "sending", "updated_at": now}
        ),
    )
    assert sending is not None
    first.records(JOBS).update(
        f"clever.watch:{reference}", lambda job: job.model_copy(update={"lease_until": now + 300}) if job else None
    )

    relais_factory(relais_database_url=database_url, data_dir=tmp_path_factory.mktemp("late"))  # a deploy

    still = first.records(WRITES).get("in-flight")
    assert still is not None and still.state is WriteState.SENDING
    job = first.records(JOBS).get(f"clever.watch:{reference}")
    assert job is not None and job.lease_until == now + 300


def test_a_send_left_sending_past_the_grace_by_a_dead_replica_is_unknown_when_a_replica_starts(
    relais_factory: RelaisFactory, database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    first = operations_channel(relais_factory(relais_database_url=database_url))
    send(first, PUSH)
    old = time.time() - SENDING_GRACE - 1
    first.records(WRITES).put(
        "dead",
        WriteRecord.model_validate(
            {**_any_write(first).model_dump(), "id": "dead", "state": "sending", "updated_at": old}
        ),
    )
    relais_factory(relais_database_url=database_url, data_dir=tmp_path_factory.mktemp("late"))
    left = first.records(WRITES).get("dead")
    assert left is not None and left.state is WriteState.UNKNOWN


def _until_the_database_answers(relais: Relais) -> None:
    """Ask /healthz, as a load balancer does, until the replica reaches its database again (it reconnects by
    itself, backing off while the database was away)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if httpx.get(relais.url + "/healthz", timeout=10).status_code == 200:
            return
        time.sleep(BREAK_SECONDS / 2)
    raise AssertionError("the replica did not reach its database again within a minute")


def _sending(relais: Relais) -> bool:
    return any(write.state is WriteState.SENDING for _, write in relais.records(WRITES).scan())


def _any_write(relais: Relais) -> WriteRecord:
    [(_, write)] = list(relais.records(WRITES).scan())
    return write


def test_without_its_database_a_replica_says_so_at_once_and_recovers_by_itself(
    relais_factory: RelaisFactory, postgres: PostgresServer
) -> None:
    url = postgres.new_database()
    upgrade(url)
    relais = operations_channel(relais_factory(relais_database_url=url))
    postgres.stop()
    try:
        reply = relais.driver.command(PUSH, user=MEMBER, channel=CHANNEL)
        assert reply.status == 200  # acknowledged: Slack is never left waiting
        relais.settle()
        [said] = relais.standin.ephemerals(MEMBER)
        assert said.text == STORE_DOWN
        assert _posts(relais) == 0
    finally:
        postgres.start()
    _until_the_database_answers(relais)
    card = card_for(relais, PUSH)
    relais.click(card, CONFIRM)
    assert _posts(relais) == 1


def test_a_database_lost_during_the_vendor_call_is_said_unknown_never_resent_then_marked_interrupted(
    relais_factory: RelaisFactory, postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safe_writes, "RECORD_SECONDS", 1.0)
    url = postgres.new_database()
    upgrade(url)
    relais = operations_channel(relais_factory(relais_database_url=url))
    card = card_for(relais, PUSH)
    sandbox(relais).inject_fault(None, delay=5.0, path_prefix="/api/pushs")  # Clever takes 5 s to answer
    clicked = threading.Thread(target=lambda: relais.driver.click(card, CONFIRM))
    clicked.start()
    deadline = time.monotonic() + 10
    while not _sending(relais) and time.monotonic() < deadline:  # "sending" stored: the push is on its way
        time.sleep(0.05)
    time.sleep(0.5)
    postgres.stop()  # while Clever takes its time
    try:
        clicked.join()
        relais.settle()
        said = relais.standin.ephemerals(MEMBER)[-1].all_text()
        assert "Outcome unknown: It was sent, but Relais could not record the vendor's answer" in said
        assert "Do not send it again" in said
    finally:
        postgres.start()
    _until_the_database_answers(relais)
    relais.click(card, CONFIRM)  # clicked again once the database is back: still never resent
    assert _posts(relais) == 1
    [(_, write)] = list(relais.records(WRITES).scan())
    assert write.state is WriteState.SENDING
    write_left = write.model_copy(update={"updated_at": write.updated_at - SENDING_GRACE - 1})
    relais.records(WRITES).put(write.id, write_left)  # as two minutes later
    safe_writes.recover_interrupted(relais.runtime.services.safe_writes)
    recovered = relais.records(WRITES).get(write.id)
    assert recovered is not None and recovered.state is WriteState.UNKNOWN
    assert _posts(relais) == 1


def test_a_click_whose_commit_went_unanswered_did_nothing_and_the_next_click_sends_once(
    replicas: list[Relais], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database commits the card's claim ("sending") and the connection breaks before it says so: the user is
    told nothing was done, which is true (no vendor call without a recorded claim), so the claim is put back and
    the card's Send works again, once."""
    relais = replicas[0]
    store = relais.runtime.services.store
    commit = store.compare_and_set
    lost: list[str] = []

    def committed_then_cut_off(key: str, expected: object, new: object) -> bool:
        done = commit(key, expected, new)
        if not lost and isinstance(new, dict) and new.get("state") == WriteState.SENDING:
            lost.append(key)
            raise StoreUnavailable("the connection broke before the commit's answer")
        return done

    monkeypatch.setattr(store, "compare_and_set", committed_then_cut_off)
    card = card_for(relais, PUSH)
    relais.click(card, CONFIRM)
    assert lost and relais.standin.ephemerals(MEMBER)[-1].text == STORE_DOWN
    assert _posts(relais) == 0
    assert _any_write(relais).state is WriteState.SENDING  # committed, though nobody heard it
    relais.click(card, CONFIRM)  # "try again in a minute": the claim is put back, then taken for real
    assert _posts(relais) == 1
    assert _any_write(relais).state is WriteState.DONE
    relais.click(card, CONFIRM)
    assert _posts(relais) == 1


def test_message_edits_in_one_channel_stay_one_a_second_across_both_replicas(replicas: list[Relais]) -> None:
    outs = [replica.runtime.services.out for replica in replicas]
    ts = outs[0].post(CHANNEL, "0")
    before = len(replicas[0].standin.calls_to("chat.update"))
    started = time.monotonic()
    step = 0
    while time.monotonic() - started < 3.0:  # both replicas edit the same card 20 times a second
        step += 1
        outs[step % 2].update(CHANNEL, ts, f"state {step}")
        time.sleep(0.05)
    for out in outs:
        assert out.flush(timeout=15)
    calls = replicas[0].standin.calls_to("chat.update")[before:]
    times = sorted(call.at for call in calls)
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert 2 <= len(calls) <= 5 and min(gaps) >= 0.8, gaps
    final = replicas[0].standin.find(ts)
    assert final is not None and final.text in {f"state {step}", f"state {step - 1}"}  # each one's latest state


def test_a_post_once_under_way_on_the_other_replica_is_not_posted_again(replicas: list[Relais]) -> None:
    first, second = replicas
    intent = OncePost(state="posting", channel=CHANNEL, at=time.time(), boot="the-other-replica")
    first.records(POSTED_ONCE).put("report:Push1", intent)
    with pytest.raises(PostInProgress, match="being posted by another replica"):
        second.runtime.services.out.post_once("report:Push1", CHANNEL, "Final report")
    assert second.standin.channel_messages(CHANNEL) == []
    # An intent older than a post can take was left by a replica that died: looked for, not found, posted once.
    first.records(POSTED_ONCE).put("report:Push1", intent.model_copy(update={"at": time.time() - POSTING_GRACE - 1}))
    ts = second.runtime.services.out.post_once("report:Push1", CHANNEL, "Final report")
    assert first.runtime.services.out.post_once("report:Push1", CHANNEL, "Final report") == ts
    assert [m.text for m in second.standin.channel_messages(CHANNEL)] == ["Final report"]


def test_the_replicas_share_one_cliqphone_login_and_one_renewal_after_a_revoked_token(
    replicas: list[Relais],
) -> None:
    first, second = replicas
    assert "fr_01" in first.reply_text("/number zones")
    assert "fr_01" in second.reply_text("/number zones")
    assert cliqphone(first).login_count() == 1  # the second replica took the first one's session
    cliqphone(first).revoke_tokens()  # 0003 "invalid token"
    assert "fr_02" in second.reply_text("/number zones")
    assert "fr_02" in first.reply_text("/number zones")
    assert cliqphone(first).login_count() == 2  # the first replica took the second's new session
    stored = first.records(VENDOR_SESSIONS).get("cliqphone")
    assert stored is not None and "token" not in repr(stored).replace("token=[redacted]", "")
