"""The shared sandbox frame: port 0, start/stop, clock, faults, journal."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from bot.sandboxes.frame import SandboxClock, SandboxRequest, SandboxResponse, SandboxServer


class Echo(SandboxServer):
    vendor = "echo"

    def route(self, request: SandboxRequest) -> SandboxResponse:
        if request.path == "/boom":
            raise RuntimeError("bug")
        return SandboxResponse.json({"path": request.path, "q": request.query, "now": self.clock.now().isoformat()})


def test_binds_loopback_on_a_free_port_and_stops() -> None:
    with Echo() as server:
        assert server.url.startswith("http://127.0.0.1:") and not server.url.endswith(":0")
        assert httpx.get(server.url + "/x?a=1").json()["q"] == {"a": ["1"]}
        url = server.url
    try:
        httpx.get(url + "/x", timeout=1)
        raise AssertionError("still serving after stop")
    except httpx.TransportError:
        pass


def test_clock_is_frozen_until_advanced() -> None:
    clock = SandboxClock(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    assert clock.now() == clock.now()
    clock.advance(90)
    assert clock.now() == datetime(2026, 3, 10, 9, 1, 30, tzinfo=UTC)
    assert clock.now_paris().hour == 10


def test_faults_hit_the_next_requests_then_stop() -> None:
    with Echo() as server:
        server.inject_fault(503, count=2, body=b"busy", path_prefix="/a")
        assert httpx.get(server.url + "/b").status_code == 200
        assert [httpx.get(server.url + "/a").status_code for _ in range(3)] == [503, 503, 200]
        assert [e.faulted for e in server.requests("/a")] == [True, True, False]


def test_a_delay_fault_delays_then_answers_normally() -> None:
    with Echo() as server:
        server.inject_fault(None, delay=0.3)
        try:
            httpx.get(server.url + "/slow", timeout=0.1)
            raise AssertionError("no timeout")
        except httpx.ReadTimeout:
            pass
        assert httpx.get(server.url + "/fast", timeout=2).status_code == 200


def test_a_sandbox_bug_is_a_500_not_a_hang() -> None:
    with Echo() as server:
        response = httpx.get(server.url + "/boom")
        assert response.status_code == 500 and "bug" in response.text


def test_recording_collects_requests_of_a_block() -> None:
    with Echo() as server:
        httpx.get(server.url + "/before")
        with server.recording() as seen:
            httpx.post(server.url + "/inside", content=b"x")
        assert [(e.method, e.path, e.body) for e in seen] == [("POST", "/inside", b"x")]


def test_a_sandbox_refuses_a_dialect_it_does_not_speak() -> None:
    with pytest.raises(ValueError, match="has no dialect nonsense"):
        SandboxServer(dialect="nonsense")
    assert SandboxServer().dialect == frozenset()
    assert not SandboxServer().speaks("anything")
