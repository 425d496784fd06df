"""The HTTP boundary as Slack (and an attacker) meets it: signatures, body shapes, health, load."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.console.driver import sign
from tests.conftest import CHANNEL, MEMBER, SIGNING_SECRET, Relais


def _command_body(relais: Relais, text: str = "help") -> bytes:
    fields = {
        "command": "/relais",
        "text": text,
        "user_id": MEMBER,
        "channel_id": CHANNEL,
        "team_id": "TRELAIS",
        "response_url": relais.standin.new_response_url(CHANNEL, MEMBER),
        "trigger_id": relais.standin.new_trigger(MEMBER),
    }
    return urlencode(fields).encode()


def _nothing_reached_slack(relais: Relais) -> bool:
    relais.settle()
    return not relais.standin.calls_to("response_url") and not relais.standin.ephemerals(MEMBER)


def test_forged_signature_gets_401_and_reaches_no_handler(relais: Relais) -> None:
    body = _command_body(relais)
    forged = {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=" + "0" * 64}
    reply = relais.driver.post(body, "application/x-www-form-urlencoded", headers=forged, signed=False)
    assert reply.status == 401
    assert _nothing_reached_slack(relais)


def test_unsigned_request_gets_401(relais: Relais) -> None:
    reply = relais.driver.post(_command_body(relais), "application/x-www-form-urlencoded", signed=False)
    assert reply.status == 401
    assert _nothing_reached_slack(relais)


def test_stale_request_over_five_minutes_gets_401(relais: Relais) -> None:
    stale = int(time.time()) - 6 * 60
    reply = relais.driver.post(_command_body(relais), "application/x-www-form-urlencoded", timestamp=stale)
    assert reply.status == 401
    assert _nothing_reached_slack(relais)


def test_body_signed_with_another_secret_gets_401(relais: Relais) -> None:
    relais.driver.signing_secret = "not-the-secret"
    reply = relais.driver.post(_command_body(relais), "application/x-www-form-urlencoded")
    assert reply.status == 401
    assert _nothing_reached_slack(relais)


def test_signed_but_malformed_bodies_get_400(relais: Relais) -> None:
    cases = [
        (b"{not json", "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (b"payload=%7Bbroken", "application/x-www-form-urlencoded"),
        (b"hello=world", "application/x-www-form-urlencoded"),
        (b"\xff\xfe\xfa", "application/x-www-form-urlencoded"),
        (b"<xml/>", "text/xml"),
    ]
    for body, content_type in cases:
        reply = relais.driver.post(body, content_type)
        assert reply.status == 400, (body, reply.body)
        assert "malformed" in reply.json()["error"]
    assert _nothing_reached_slack(relais)


def test_url_verification_challenge_is_echoed(relais: Relais) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "x"}).encode()
    reply = relais.driver.post(body, "application/json")
    assert reply.status == 200
    assert "c-123" in reply.body


def test_healthz_says_which_vendors_are_sandboxed(relais: Relais) -> None:
    response = httpx.get(relais.url + "/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "vendors": {"clever": "sandbox", "cliqphone": "sandbox", "axialys": "sandbox"},
        "store": {"mode": "embedded", "status": "ok"},
    }


def test_other_paths_and_methods(relais: Relais) -> None:
    assert httpx.get(relais.url + "/nope").status_code == 404
    assert httpx.get(relais.url + "/slack/events").status_code == 405


def test_fifty_concurrent_commands_are_all_acknowledged_and_answered(relais: Relais) -> None:
    def send(_: int) -> int:
        return relais.driver.command("/relais whoami", user=MEMBER, channel=CHANNEL).status

    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(send, range(50)))
    assert statuses == [200] * 50
    relais.settle()
    answers = [m for m in relais.standin.ephemerals(MEMBER) if "role: member" in m.all_text()]
    assert len(answers) == 50


def test_commands_are_acknowledged_before_the_vendor_answers(relais: Relais) -> None:
    clever = relais.sandboxes["clever"]
    clever.inject_fault(None, delay=1.0)  # the vendor takes a second to answer
    reply = relais.driver.command("/contact account", user=MEMBER, channel=CHANNEL)
    assert reply.status == 200
    # Slack has its ack while the vendor call is still in flight: nothing answered, nothing journaled yet.
    assert relais.standin.ephemerals(MEMBER) == []
    assert clever.requests("/api/account/me") == []
    relais.settle()
    assert "units" in relais.standin.ephemerals(MEMBER)[-1].all_text()
    assert len(clever.requests("/api/account/me")) == 1


MALFORMED_SIGNATURE_HEADERS = [
    pytest.param({"X-Slack-Request-Timestamp": "abc"}, id="timestamp-not-a-number"),
    pytest.param({"X-Slack-Request-Timestamp": "1e9"}, id="timestamp-in-exponent-form"),
    pytest.param({"X-Slack-Request-Timestamp": "12.5"}, id="timestamp-fractional"),
    pytest.param({"X-Slack-Request-Timestamp": "-1"}, id="timestamp-negative"),
    pytest.param({"X-Slack-Request-Timestamp": "9" * 5000}, id="timestamp-huge"),
    pytest.param({"X-Slack-Request-Timestamp": "99999999999999999999"}, id="timestamp-far-future"),
    pytest.param({"X-Slack-Request-Timestamp": ""}, id="timestamp-empty"),
    pytest.param({"X-Slack-Signature": ""}, id="signature-empty"),
    pytest.param({"X-Slack-Signature": "sha256=" + "0" * 64}, id="signature-foreign-scheme"),
    pytest.param({"X-Slack-Signature": "v0=xyz"}, id="signature-not-hex"),
    pytest.param({"X-Slack-Signature": "v1=" + "a" * 64}, id="signature-other-version"),
    pytest.param({"X-Slack-Signature": "v0=" + "A" * 64}, id="signature-upper-case"),
]


@pytest.mark.parametrize("bad", MALFORMED_SIGNATURE_HEADERS)
def test_malformed_signature_headers_get_401_never_500(relais: Relais, bad: dict[str, str]) -> None:
    body = _command_body(relais)
    reply = relais.driver.post(body, "application/x-www-form-urlencoded", headers=bad)
    assert reply.status == 401, reply.body
    assert _nothing_reached_slack(relais)


@pytest.mark.parametrize("missing", ["X-Slack-Request-Timestamp", "X-Slack-Signature"])
def test_a_missing_signature_header_gets_401(relais: Relais, missing: str) -> None:
    body = _command_body(relais)
    headers = {k: v for k, v in sign(SIGNING_SECRET, body).items() if k != missing}
    reply = relais.driver.post(body, "application/x-www-form-urlencoded", headers=headers, signed=False)
    assert reply.status == 401, reply.body
    assert _nothing_reached_slack(relais)


# Header values as HTTP can carry them (h11 refuses leading or trailing blanks).
_HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=80).map(str.strip)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(timestamp=_HEADER_TEXT, signature=_HEADER_TEXT)
def test_any_signature_header_values_get_a_4xx(relais: Relais, timestamp: str, signature: str) -> None:
    body = _command_body(relais)
    headers = {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}
    reply = relais.driver.post(body, "application/x-www-form-urlencoded", headers=headers, signed=False)
    assert 400 <= reply.status < 500, (timestamp, signature, reply.status)
