"""Production HTTP serving: one WSGI app on waitress (threads, not Bolt's dev server).

``POST /slack/events``: signature checked first (forged or stale → 401, nothing parsed),
then the body must be form or JSON (else 400), then Bolt. ``GET /healthz``: 200 with
which vendors are live or sandboxed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from slack_bolt import App, BoltRequest
from slack_sdk.signature import SignatureVerifier
from waitress.server import create_server

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

__all__ = ["RelaisWSGI", "ServerThread", "serve_socket_mode"]

log = logging.getLogger(__name__)

#: Slack's header forms: Unix seconds (ASCII digits), and ``v0=`` with a hex SHA-256.
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")

MAX_BODY_BYTES = 1_000_000  # Slack payloads are far smaller; refuse anything absurd before reading it


class RelaisWSGI:
    def __init__(
        self,
        app: App,
        vendor_modes: Mapping[str, str],
        signing_secret: str,
        store_health: Callable[[], dict[str, str]] = lambda: {"mode": "embedded", "status": "ok"},
    ) -> None:
        """``vendor_modes``: vendor → "live" or "sandbox"; ``store_health``: the store's mode and state
        (``bot.core.backends.store_health``); both reported by /healthz."""
        self.app = app
        self.vendor_modes = dict(vendor_modes)
        self.store_health = store_health
        self._verifier = SignatureVerifier(signing_secret)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "")
        if path == "/healthz" and method in {"GET", "HEAD"}:
            return _respond(start_response, *self.health())
        if path != "/slack/events":
            return _respond(start_response, 404, {"error": "not found"})
        if method != "POST":
            return _respond(start_response, 405, {"error": "POST only"}, [("Allow", "POST")])
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY_BYTES:
            return _respond(start_response, 413 if length > 0 else 400, {"error": "bad content length"})
        raw = environ["wsgi.input"].read(length) if length else b""
        headers = _headers(environ)
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            # Slack only sends UTF-8; such a body cannot even be checked against its signature.
            return _respond(start_response, 400, {"error": "malformed body: not UTF-8"})
        if not self._signed(body, headers):
            # Forged, unsigned, malformed or older than five minutes (the verifier's replay window).
            return _respond(start_response, 401, {"error": "invalid signature"})
        try:
            _check_shape(body, headers.get("content-type", ""))
        except ValueError as exc:
            return _respond(start_response, 400, {"error": f"malformed body: {exc}"})
        bolt_headers: dict[str, str | Sequence[str]] = dict(headers)
        bolt_response = self.app.dispatch(BoltRequest(body=body, headers=bolt_headers))
        response_headers = [(k, v) for k, values in bolt_response.headers.items() for v in values]
        payload = bolt_response.body.encode("utf-8") if isinstance(bolt_response.body, str) else bolt_response.body
        start_response(_status_line(bolt_response.status), response_headers)
        return [payload]

    def _signed(self, body: str, headers: dict[str, str]) -> bool:
        """Slack's signature, checked only on headers of Slack's own form.

        slack_sdk's verifier calls ``int()`` on the timestamp: a non-numeric, fractional or
        4,300-digit value would raise (HTTP 500) instead of being refused.
        """
        timestamp = headers.get("x-slack-request-timestamp", "")
        signature = headers.get("x-slack-signature", "")
        if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
            return False
        return self._verifier.is_valid(body, timestamp, signature)

    def health(self) -> tuple[int, dict[str, Any]]:
        """200 and "ok" while the store answers; 503 and "degraded" when it does not (shared mode)."""
        store = self.store_health()
        healthy = store.get("status") == "ok"
        body = {"status": "ok" if healthy else "degraded", "vendors": self.vendor_modes, "store": store}
        return (200 if healthy else 503), body


def _check_shape(body: str, content_type: str) -> None:
    """Raise ValueError unless the body is what Slack sends: a form (commands, interactions) or JSON (events)."""
    if content_type.startswith("application/json"):
        parsed = json.loads(body)
        if not isinstance(parsed, dict):
            raise ValueError("expected a JSON object")
        return
    if content_type.startswith("application/x-www-form-urlencoded"):
        form = parse_qs(body, keep_blank_values=True, strict_parsing=bool(body))
        if "payload" in form:
            payload = json.loads(form["payload"][0])
            if not isinstance(payload, dict):
                raise ValueError("payload is not a JSON object")
        elif "command" not in form and "ssl_check" not in form:
            raise ValueError("neither a slash command nor an interaction payload")
        return
    raise ValueError(f"unsupported content type {content_type or 'none'}")


def _headers(environ: WSGIEnvironment) -> dict[str, str]:
    headers: dict[str, str] = {
        k[5:].replace("_", "-").lower(): str(v) for k, v in environ.items() if k.startswith("HTTP_")
    }
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = str(environ["CONTENT_TYPE"])
    return headers


_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Payload Too Large",
    500: "Internal Server Error",
}


def _status_line(status: int) -> str:
    return f"{status} {_REASONS.get(status, 'Status')}"


def _respond(
    start_response: StartResponse, status: int, payload: dict[str, Any], extra: list[tuple[str, str]] | None = None
) -> list[bytes]:
    data = json.dumps(payload).encode("utf-8")
    start_response(
        _status_line(status),
        [("Content-Type", "application/json"), ("Content-Length", str(len(data))), *(extra or [])],
    )
    return [data]


class ServerThread:
    """waitress serving a WSGI app in a background thread: for ``relais serve``, the console and tests."""

    def __init__(
        self, wsgi: Callable[..., Iterable[bytes]], host: str = "127.0.0.1", port: int = 0, threads: int = 16
    ) -> None:
        # The listen backlog matters under bursts: Bolt's dev server (backlog 5) drops connections.
        self._server = create_server(
            wsgi,
            host=host,
            port=port,
            threads=threads,
            backlog=1024,
            connection_limit=1000,
            channel_timeout=30,
            clear_untrusted_proxy_headers=True,
            ident="relais",
        )
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    @property
    def port(self) -> int:
        return int(self._server.effective_port)  # type: ignore[union-attr]

    @property
    def url(self) -> str:
        host = self._server.effective_host  # type: ignore[union-attr]
        return f"http://{host}:{self.port}"

    def start(self) -> ServerThread:
        self._thread = threading.Thread(target=self.serve_forever, name="relais-http", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """waitress's loop, in short turns so that ``stop`` can end it from another thread.

        waitress's own ``run`` cannot be stopped cleanly from outside: closing its sockets
        under a running select() makes the loop fail on a bad file descriptor.
        """
        server: Any = self._server
        try:
            while not self._stopping.is_set():
                server.asyncore.loop(timeout=0.2, map=server._map, use_poll=True, count=1)
        finally:
            for channel in list(server._map.values()):
                channel.close()
            server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)

    def stop(self) -> None:
        self._stopping.set()
        server: Any = self._server
        # Wakes the loop at once; when the loop has already ended, its trigger is closed (EBADF).
        with contextlib.suppress(OSError):
            server.pull_trigger()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None


def serve_socket_mode(app: App, app_token: str, stop: threading.Event) -> None:
    """Socket Mode: the same app and handlers, over Slack's websocket instead of HTTP, until ``stop``."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    handler = SocketModeHandler(app, app_token)
    # connect() returns once the websocket is open; start() would block forever, deaf to SIGTERM.
    handler.connect()  # type: ignore[no-untyped-call]
    try:
        stop.wait()
    finally:
        handler.close()  # type: ignore[no-untyped-call]
