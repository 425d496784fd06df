"""Safe writes through Slack: confirmation card, one execution per card, whatever the clicks and restarts.

A test-only write ("/relais testsend") stands in for the vendor writes that the vendor
issues add; it goes through exactly the same staging, card, buttons and states.
"""

from __future__ import annotations

import copy
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from bot.core.safe_writes import WRITES, Outcome, WriteRecord, WriteState
from bot.sandboxes.frame import SandboxRequest, SandboxResponse
from bot.sandboxes.slack import Message
from bot.slack.cards import CANCEL, CONFIRM
from bot.slack.context import CommandContext
from bot.slack.registry import Blueprint, Registry
from bot.vendors.errors import Delivery, VendorError
from handlers import build_registry
from tests.conftest import ADMIN, MEMBER, Relais, RelaisFactory


class FakeVendor:
    """Counts executions; behaves as told (ok, slow, failed, unknown)."""

    def __init__(self) -> None:
        self.executions: list[dict[str, Any]] = []
        self.mode = "ok"
        self.lock = threading.Lock()
        self.follow_ups: list[str] = []

    def follow(self, kit: object, record: WriteRecord) -> None:
        self.follow_ups.append(record.id)

    def execute(self, kit: object, params: dict[str, Any]) -> Outcome:
        with self.lock:
            self.executions.append(params)
        if self.mode == "slow":
            time.sleep(0.5)
        if self.mode == "failed":
            raise VendorError("test", "the vendor refused the number", status=400, code="E42", message="bad numero")
        if self.mode == "garbled":
            # A client says an answer in no documented form may have been acted on (unrecognised_answer).
            raise VendorError(
                "test",
                "the vendor answered without the expected id",
                status=200,
                message="<html>",
                delivery=Delivery.UNKNOWN,
            )
        if self.mode == "refused in a 200":
            raise VendorError("test", "numero: 8 to 15 digits", status=200, code="0305", message="numero invalide")
        if self.mode == "unknown":
            raise VendorError("test", "the vendor did not answer within 15 s", delivery=Delivery.UNKNOWN)
        return Outcome(summary=f"sent to {params['to']}", result={"reference": "R1"})


def registry_with(vendor: FakeVendor) -> Registry:
    """The shipped registry plus test writes, declared as a family would (on Relais' own kit)."""
    tests: Blueprint[object] = Blueprint("relais")
    tests.executor("test.send", "T1 test send", button="Send")(vendor.execute)
    # Staged by anyone here, as if by an admin whose role was withdrawn before the click.
    tests.executor("test.admin", "T2 test admin write", admin_only=True, button="Send")(vendor.execute)
    tests.executor("test.follow", "T3 test write with a follow-up", follow_up=vendor.follow, button="Send")(
        vendor.execute
    )

    @tests.sub("/relais", "testsend", summary="test write", usage="/relais testsend <to>", example="/relais testsend x")
    def testsend(ctx: CommandContext, kit: object) -> None:
        ctx.stage(
            {"admin": "test.admin", "follow": "test.follow"}.get(ctx.args.partition(":")[0], "test.send"),
            {"to": ctx.args},
            command=f"/relais testsend {ctx.args}",
            title="Send a test message",
            preview=[f"Recipient: {ctx.args}", "Cost: 7 units"],
        )

    @tests.sub(
        "/relais", "testset", summary="test direct write", usage="/relais testset <x>", example="/relais testset x"
    )
    def testset(ctx: CommandContext, kit: object) -> None:
        result = ctx.audited_write("T4 test setting", lambda: vendor.execute(kit, {"to": ctx.args}), command="t")
        ctx.reply(f"set: {result.summary}")

    registry = build_registry()
    registry.include(tests)
    return registry


@pytest.fixture
def vendor() -> FakeVendor:
    return FakeVendor()


@pytest.fixture
def relais(relais_factory: RelaisFactory, vendor: FakeVendor) -> Relais:
    return relais_factory(registry=registry_with(vendor))


def stage(relais: Relais, user: str = MEMBER) -> Message:
    """The confirmation card as the user first saw it (a copy: later clicks replace the live one)."""
    [card] = relais.command("/relais testsend +33612345678", user=user)
    return copy.deepcopy(card)


def test_the_card_shows_what_will_happen_and_sends_nothing(relais: Relais, vendor: FakeVendor) -> None:
    card = stage(relais)
    text = card.all_text()
    assert "Send a test message" in text and "Recipient: +33612345678" in text and "Cost: 7 units" in text
    assert "Nothing is sent until you press Send" in text
    assert vendor.executions == []


def test_send_executes_once_and_the_card_shows_the_outcome(relais: Relais, vendor: FakeVendor) -> None:
    card = stage(relais)
    relais.click(card, CONFIRM)
    assert len(vendor.executions) == 1
    shown = relais.shown(card.ts)
    assert "Done" in shown and "sent to +33612345678" in shown
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.operation, entry.outcome, entry.user_id) == ("T1 test send", "done", MEMBER)


def test_a_second_click_shows_the_outcome_and_sends_nothing(relais: Relais, vendor: FakeVendor) -> None:
    card = stage(relais)
    relais.click(card, CONFIRM)
    relais.click(card, CONFIRM)
    assert len(vendor.executions) == 1
    assert any("Already handled" in m.all_text() and "Done" in m.all_text() for m in relais.standin.ephemerals(MEMBER))


def test_simultaneous_clicks_send_once(relais: Relais, vendor: FakeVendor) -> None:
    vendor.mode = "slow"
    card = stage(relais)
    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(lambda _: relais.driver.click(card, CONFIRM).status, range(10)))
    assert statuses == [200] * 10
    relais.settle()
    assert len(vendor.executions) == 1


def test_only_the_author_or_an_admin_may_confirm(relais: Relais, vendor: FakeVendor) -> None:
    card = stage(relais, user=MEMBER)
    relais.click(card, CONFIRM, user="UBOB")
    assert vendor.executions == []
    assert "Only <@UALICE>" in relais.standin.ephemerals("UBOB")[-1].all_text()
    relais.click(card, CONFIRM, user=ADMIN)
    assert len(vendor.executions) == 1


def test_an_admin_only_write_is_confirmed_by_admins_only_and_the_refusal_audited(
    relais: Relais, vendor: FakeVendor
) -> None:
    [card] = relais.command("/relais testsend admin:+33612345678", user=MEMBER)
    card = copy.deepcopy(card)
    relais.click(card, CONFIRM, user=MEMBER)
    assert vendor.executions == []
    assert "Only admins can confirm this" in relais.standin.ephemerals(MEMBER)[-1].all_text()
    [refusal] = relais.runtime.services.audit.last(1)
    assert (refusal.user_id, refusal.operation, refusal.outcome) == (
        MEMBER,
        "T2 test admin write",
        "refused: admins only",
    )
    relais.click(card, CONFIRM, user=ADMIN)
    assert len(vendor.executions) == 1


def test_cancel_then_send_sends_nothing(relais: Relais, vendor: FakeVendor) -> None:
    card = stage(relais)
    relais.click(card, CANCEL)
    assert "Cancelled" in relais.shown(card.ts)
    relais.click(card, CONFIRM)
    assert vendor.executions == []
    assert relais.runtime.services.audit.last(1)[0].outcome == "cancelled"


def test_a_refused_write_is_failed_with_the_vendor_code_kept(relais: Relais, vendor: FakeVendor) -> None:
    vendor.mode = "failed"
    card = stage(relais)
    relais.click(card, CONFIRM)
    text = relais.shown(card.ts)
    assert "Failed — nothing was done" in text and "the vendor refused the number" in text
    assert "code E42" in text and "bad numero" in text
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.outcome, entry.vendor_code) == ("failed", "E42")


def test_an_unknown_outcome_says_what_to_check_and_is_never_resent(relais: Relais, vendor: FakeVendor) -> None:
    vendor.mode = "unknown"
    card = stage(relais)
    relais.click(card, CONFIRM)
    text = relais.shown(card.ts)
    assert "Outcome unknown" in text and "will not resend it" in text
    vendor.mode = "ok"
    relais.click(card, CONFIRM)
    assert len(vendor.executions) == 1


def test_a_restart_during_a_send_leaves_it_unknown_and_not_resent(
    relais_factory: RelaisFactory, vendor: FakeVendor, tmp_path: Any
) -> None:
    first = relais_factory(registry=registry_with(vendor), data_dir=tmp_path / "shared")
    card = stage(first)
    [(write_id, write)] = list(first.records(WRITES).scan())
    # The process dies after pending → sending was persisted, before the outcome was.
    first.records(WRITES).put(write_id, write.model_copy(update={"state": WriteState.SENDING, "decided_by": MEMBER}))
    first.runtime.stop()
    second = relais_factory(registry=registry_with(vendor), data_dir=tmp_path / "shared")
    record = second.runtime.services.safe_writes.get(write_id)
    assert record is not None and record.state is WriteState.UNKNOWN
    second.click(card, CONFIRM)
    assert vendor.executions == []
    assert "Outcome unknown" in second.standin.ephemerals(MEMBER)[-1].all_text()


def test_a_follow_up_interrupted_by_a_restart_runs_at_the_next_start_once(
    relais_factory: RelaisFactory, vendor: FakeVendor, tmp_path: Any
) -> None:
    first = relais_factory(registry=registry_with(vendor), data_dir=tmp_path / "shared")
    [card] = first.command("/relais testsend follow:+33612345678")
    first.click(card, CONFIRM)
    assert len(vendor.follow_ups) == 1 and len(vendor.executions) == 1
    [(write_id, write)] = list(first.records(WRITES).scan())
    assert write.followed_up is True
    # The process dies after "done" was persisted, before the follow-up (card, watcher) ran.
    first.records(WRITES).put(write_id, write.model_copy(update={"followed_up": False}))
    first.runtime.stop()
    second = relais_factory(registry=registry_with(vendor), data_dir=tmp_path / "shared")
    second.settle()
    assert vendor.follow_ups == [write_id, write_id] and len(vendor.executions) == 1
    second.runtime.stop()
    relais_factory(registry=registry_with(vendor), data_dir=tmp_path / "shared").settle()
    assert len(vendor.follow_ups) == 2  # done once: not again at the start after


@pytest.mark.parametrize(
    ("mode", "state"), [("garbled", "Outcome unknown"), ("refused in a 200", "Failed — nothing was done")]
)
def test_a_success_status_with_an_unreadable_body_is_unknown_not_failed(
    relais: Relais, vendor: FakeVendor, mode: str, state: str
) -> None:
    vendor.mode = mode
    card = stage(relais)
    relais.click(card, CONFIRM)
    assert state in relais.shown(card.ts)


def test_an_old_card_expires(relais: Relais, vendor: FakeVendor) -> None:
    card = stage(relais)
    [(write_id, write)] = list(relais.records(WRITES).scan())
    relais.records(WRITES).put(write_id, write.model_copy(update={"created_at": write.created_at - 25 * 3600}))
    relais.click(card, CONFIRM)
    assert vendor.executions == []
    assert "Expired" in relais.shown(card.ts)


def test_the_card_says_sending_while_the_vendor_works(relais: Relais, vendor: FakeVendor) -> None:
    card = stage(relais)
    relais.click(card, CONFIRM)
    replacements = [c.args for c in relais.standin.calls_to("response_url") if c.args.get("replace_original")]
    texts = [" ".join(str(b) for b in r.get("blocks", [])) for r in replacements]
    assert "Sending…" in texts[0] and "Done" in texts[-1]


@pytest.mark.parametrize(
    ("mode", "outcome", "code"),
    [("ok", "done", None), ("failed", "failed", "E42"), ("unknown", "unknown", None), ("garbled", "unknown", "200")],
)
def test_direct_writes_are_audited_whatever_happens(
    relais: Relais, vendor: FakeVendor, mode: str, outcome: str, code: str | None
) -> None:
    vendor.mode = mode
    text = relais.reply_text("/relais testset +33612345678")
    assert ("set: sent to +33612345678" in text) == (mode == "ok")
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.operation, entry.outcome, entry.vendor_code) == ("T4 test setting", outcome, code)


def test_a_direct_write_left_unanswered_is_shown_as_unknown_with_what_to_check_and_is_not_resent(
    relais: Relais, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.axialys_support import methods, reanswer

    def late(request: SandboxRequest, response: SandboxResponse) -> SandboxResponse:
        """A2 answered after Relais gave up (the group look-up before it, A1, is answered at once)."""
        if request.arg("methode") == "operateur_ajout":
            time.sleep(1.0)
        return response

    relais.runtime.services.axialys.timeout = 0.5  # gives up after half a second
    reanswer(relais, monkeypatch, late)
    text = relais.reply_text("/callback operators add support 01 70 20 02 59 ring=25", user=ADMIN)
    assert text.startswith(":grey_question: Outcome unknown: Axialys WebAppel did not answer within 0.5 s")
    assert "Relais did not send it again: look at `/callback operators list <group>` before trying again" in text
    relais.standin.wait_for(lambda: methods(relais, "operateur_ajout"), timeout=5)
    assert methods(relais, "operateur_ajout") == ["operateur_ajout"]
    assert relais.runtime.services.audit.last(1)[0].outcome == "unknown"
