"""Slack output discipline: coalesced edits, 429 honoured, limits respected, Home tab, event retries."""

from __future__ import annotations

import itertools
import time

from bot.slack.blockkit import MAX_MESSAGE_BLOCKS, modal, section
from bot.slack.context import ActionContext, CommandContext
from bot.slack.output import POSTED_ONCE, SlackOut
from tests.conftest import ADMIN, CHANNEL, MEMBER, Relais


def test_rapid_edits_are_coalesced_to_one_per_second_and_the_latest_wins(relais: Relais) -> None:
    out = relais.runtime.services.out
    ts = out.post(CHANNEL, "card v0")
    start = time.monotonic()
    for version in range(1, 31):
        out.update(CHANNEL, ts, f"card v{version}")
        time.sleep(0.05)  # 30 states over ~1.5 s
    out.flush()
    elapsed = time.monotonic() - start
    updates = relais.standin.calls_to("chat.update")
    assert relais.standin.find(ts).text == "card v30"  # type: ignore[union-attr]
    assert len(updates) <= int(elapsed) + 2
    gaps = [b.at - a.at for a, b in itertools.pairwise(updates)]
    assert all(gap >= 0.95 for gap in gaps), gaps


def test_edits_in_different_channels_do_not_wait_for_each_other(relais: Relais) -> None:
    out = relais.runtime.services.out
    first, second = out.post("CONE", "a"), out.post("CTWO", "b")
    out.update("CONE", first, "a1")
    out.update("CTWO", second, "b1")
    out.flush()
    calls = relais.standin.calls_to("chat.update")
    assert len(calls) == 2 and abs(calls[1].at - calls[0].at) < 0.5


def test_a_rate_limited_post_is_retried_after_retry_after(relais: Relais) -> None:
    relais.standin.fail_next("chat.postMessage", "ratelimited", status=429, retry_after=1)
    start = time.monotonic()
    ts = relais.runtime.services.out.post(CHANNEL, "hello")
    assert time.monotonic() - start >= 0.9
    assert relais.standin.find(ts) is not None
    assert len(relais.standin.calls_to("chat.postMessage")) == 2


def test_oversized_messages_are_cut_to_slack_limits(relais: Relais) -> None:
    out = relais.runtime.services.out
    blocks = [section("x" * 5000) for _ in range(80)]
    ts = out.post(CHANNEL, "big", blocks)
    message = relais.standin.find(ts)
    assert message is not None and message.blocks is not None
    assert len(message.blocks) == MAX_MESSAGE_BLOCKS
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in message.blocks)
    assert "more blocks not shown" in message.all_text()


def test_modal_builder_respects_title_and_block_limits() -> None:
    view = modal("A title much longer than twenty-four characters", [section("x")] * 150)
    assert len(view["title"]["text"]) <= 24 and len(view["blocks"]) == 100


def test_app_home_is_published_when_opened(relais: Relais) -> None:
    reply = relais.driver.open_home(MEMBER)
    assert reply.status == 200
    relais.settle()
    home = relais.standin.home[MEMBER]
    text = " ".join(str(b) for b in home["blocks"])
    assert "Clever Multimedias" in text and "sandbox" in text and "Your role: member" in text


def test_a_retried_event_is_acknowledged_and_processed_once(relais: Relais) -> None:
    first = relais.driver.open_home(ADMIN, event_id="Ev123")
    retry = relais.driver.open_home(ADMIN, event_id="Ev123", retry=1)
    assert (first.status, retry.status) == (200, 200)
    relais.settle()
    assert len(relais.standin.calls_to("views.publish")) == 1


def test_slack_out_is_usable_on_its_own(relais: Relais) -> None:
    services = relais.runtime.services
    out = SlackOut(services.slack, services.records.of(POSTED_ONCE), min_edit_interval=0.0)
    try:
        ts = out.post(CHANNEL, "x")
        out.update(CHANNEL, ts, "y")
        assert out.flush()
        assert relais.standin.find(ts).text == "y"  # type: ignore[union-attr]
    finally:
        out.close()


def test_an_answer_through_a_spent_response_url_comes_as_an_ephemeral_instead(relais: Relais) -> None:
    url = relais.standin.new_response_url(CHANNEL, MEMBER)
    ctx = CommandContext(relais.runtime.services, MEMBER, CHANNEL, response_url=url)
    for n in range(5):  # Slack allows five uses of a response_url
        ctx.reply(f"answer {n}")
    ctx.reply("the sixth answer")
    assert [m.text for m in relais.standin.ephemerals(MEMBER)][-2:] == ["answer 4", "the sixth answer"]


def test_an_answer_with_no_channel_comes_as_a_direct_message(relais: Relais) -> None:
    # A button in a modal or in the App Home: Slack gives neither a channel nor a response_url.
    ActionContext(relais.runtime.services, MEMBER, "").reply("Only admins can do this")
    [message] = relais.standin.channel_messages(MEMBER)
    assert message.text == "Only admins can do this"
