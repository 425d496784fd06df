"""Shared frame for the vendor sandboxes: real loopback HTTP servers.

A sandbox speaks one vendor's documented protocol; this module gives every sandbox
the same mechanics so that each vendor module only holds protocol and state:

- a threaded HTTP server bound to 127.0.0.1 on a port the OS picks (port 0),
  started and stopped explicitly (or as a context manager);
- a clock that tests advance instead of sleeping (``SandboxClock``);
- fault injection: answer status N to the next k requests, or delay answers;
- a journal of every request received, so tests can assert what reached the vendor
  (and, as important, what did not);
- its data saved as bytes and restored, in this process or another (``relais console --keep``
  keeps the sandboxes across runs, as it keeps its store).

The vendor subclass implements ``route(request) -> SandboxResponse`` and keeps its
data in ``self._state`` (plain dataclasses) under ``self.lock``.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar, Self
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

__all__ = [
    "PARIS",
    "Fault",
    "JournalEntry",
    "LoopbackHTTPServer",
    "SandboxClock",
    "SandboxRequest",
    "SandboxResponse",
    "SandboxServer",
    "has_all_fields",
]

# Every vendor here is French and documents local wall-clock times.
PARIS = ZoneInfo("Europe/Paris")


class SandboxClock:
    """A clock that starts at the real time and moves only when told to (or follows real time).

    ``frozen=True`` (the tests' default) keeps time still until ``advance``; ``frozen=False``
    (the console's) follows real time plus whatever was advanced.
    """

    def __init__(self, start: datetime | None = None, *, frozen: bool = True) -> None:
        self._lock = threading.Lock()
        self._frozen = frozen
        self._base = start or datetime.now(UTC)
        self._offset = timedelta()
        self._origin_monotonic = time.monotonic()

    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        with self._lock:
            moved = timedelta() if self._frozen else timedelta(seconds=time.monotonic() - self._origin_monotonic)
            return self._base + self._offset + moved

    def now_paris(self) -> datetime:
        return self.now().astimezone(PARIS)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._offset += timedelta(seconds=seconds)

    def set(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("the sandbox clock takes timezone-aware instants")
        with self._lock:
            self._base = instant
            self._offset = timedelta()
            self._origin_monotonic = time.monotonic()


@dataclass(frozen=True)
class SandboxRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-cased names
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json(self) -> Any:
        """The body parsed as JSON; raises ValueError when it is not."""
        return json.loads(self.body.decode("utf-8"))

    def form(self) -> dict[str, list[str]]:
        """The body parsed as application/x-www-form-urlencoded."""
        return parse_qs(self.body.decode("utf-8"), keep_blank_values=True)

    def arg(self, name: str) -> str | None:
        """First value of a query parameter, or None."""
        values = self.query.get(name)
        return values[0] if values else None


@dataclass
class SandboxResponse:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    #: The status line's reason phrase, when the vendor documents its own (Clever's 430 "Account expired …").
    reason: str = ""

    @classmethod
    def json(cls, payload: Any, status: int = 200) -> SandboxResponse:
        return cls(status=status, body=json.dumps(payload, ensure_ascii=False).encode("utf-8"))

    @classmethod
    def text(cls, text: str, status: int = 200) -> SandboxResponse:
        return cls(status=status, body=text.encode("utf-8"), content_type="text/plain; charset=utf-8")

    @classmethod
    def empty(cls, status: int = 204) -> SandboxResponse:
        return cls(status=status, body=b"", content_type="")


@dataclass(frozen=True)
class JournalEntry:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    status: int
    faulted: bool


@dataclass
class Fault:
    """Answer ``status`` (with ``body``) to the next ``remaining`` requests, after ``delay`` seconds.

    ``status=None`` only delays (the request is then handled normally). A delay longer than
    the client's timeout is how tests produce a timeout after the request left.
    """

    status: int | None
    remaining: int
    body: bytes = b""
    delay: float = 0.0
    path_prefix: str = ""
    content_type: str = "text/plain; charset=utf-8"


class SandboxServer:
    """Base for a vendor sandbox. Subclasses set ``vendor`` and ``credentials`` and implement ``route``."""

    vendor: ClassVar[str] = "sandbox"
    #: The test credentials the sandbox accepts, as environment-variable names of the
    #: runtime contract → value. Printed by ``relais sandbox``; never used outside the
    #: sandboxes and the tests.
    credentials: ClassVar[dict[str, str]] = {}
    #: The other readings of the vendor's document this sandbox can play (name → what changes),
    #: each written from the document's text. None is on by default: the sandbox then answers
    #: in the reading the project's decisions settled on.
    DIALECTS: ClassVar[dict[str, str]] = {}
    #: The data the sandbox holds: each subclass sets it (and narrows its type); what save/restore carry.
    _state: Any

    def __init__(self, clock: SandboxClock | None = None, *, dialect: str | Iterable[str] = ()) -> None:
        names = {dialect} if isinstance(dialect, str) else set(dialect)
        unknown = names - set(self.DIALECTS)
        if unknown:
            known = ", ".join(sorted(self.DIALECTS)) or "none"
            raise ValueError(f"the {self.vendor} sandbox has no dialect {', '.join(sorted(unknown))} (known: {known})")
        #: The readings switched on for this sandbox.
        self.dialect = frozenset(names)
        self.clock = clock or SandboxClock()
        self.lock = threading.RLock()
        self.journal: list[JournalEntry] = []
        self._faults: list[Fault] = []
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def speaks(self, dialect: str) -> bool:
        """Whether the alternative reading ``dialect`` is switched on."""
        return dialect in self.dialect

    # -- protocol: implemented by each vendor --------------------------------------------
    def route(self, request: SandboxRequest) -> SandboxResponse:
        raise NotImplementedError

    # -- life cycle -------------------------------------------------------------------------
    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Bind and serve in a daemon thread; returns the base URL (scheme and host, no path)."""
        if self._httpd is not None:
            return self.url
        self._httpd = LoopbackHTTPServer((host, port), _make_handler(self))
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"sandbox-{self.vendor}",
            daemon=True,
        )
        self._thread.start()
        return self.url

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    @property
    def url(self) -> str:
        if self._httpd is None:
            raise RuntimeError(f"the {self.vendor} sandbox is not started")
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- faults and journal ----------------------------------------------------------------
    def inject_fault(
        self,
        status: int | None,
        count: int = 1,
        *,
        body: bytes = b"",
        delay: float = 0.0,
        path_prefix: str = "",
        content_type: str = "text/plain; charset=utf-8",
    ) -> None:
        """The next ``count`` requests (whose path starts with ``path_prefix``) get ``status``."""
        with self.lock:
            self._faults.append(Fault(status, count, body, delay, path_prefix, content_type))

    def clear_faults(self) -> None:
        with self.lock:
            self._faults.clear()

    def requests(self, path_prefix: str = "") -> list[JournalEntry]:
        with self.lock:
            return [entry for entry in self.journal if entry.path.startswith(path_prefix)]

    @contextmanager
    def recording(self) -> Iterator[list[JournalEntry]]:
        """Collect the requests received inside the ``with`` block."""
        with self.lock:
            start = len(self.journal)
        collected: list[JournalEntry] = []
        try:
            yield collected
        finally:
            with self.lock:
                collected.extend(self.journal[start:])

    # -- saving and restoring -----------------------------------------------------------------
    def saved_state(self) -> bytes:
        """The sandbox's data as bytes: what ``restore_state`` brings back, in this process or a later one."""
        with self.lock:
            return pickle.dumps(self._state)

    def restore_state(self, saved: bytes) -> None:
        """Hold the data of ``saved_state`` again; ValueError when it is not this sandbox's (or an older shape).

        Faults, journal, dialect, clock and credentials are not data: they stay as they are.
        """
        try:
            restored = pickle.loads(saved)  # written by saved_state, in the user's own data dir
        except Exception as exc:
            raise ValueError(f"the saved {self.vendor} sandbox cannot be read: {exc}") from None
        with self.lock:
            if type(restored) is not type(self._state) or not has_all_fields(restored):
                raise ValueError(f"the saved {self.vendor} sandbox was written by another version of it")
            self._state = restored

    def _take_fault(self, path: str) -> Fault | None:
        with self.lock:
            for fault in self._faults:
                if fault.remaining > 0 and path.startswith(fault.path_prefix):
                    fault.remaining -= 1
                    taken = Fault(fault.status, 1, fault.body, fault.delay, fault.path_prefix, fault.content_type)
                    self._faults = [f for f in self._faults if f.remaining > 0]
                    return taken
        return None

    def _serve(self, request: SandboxRequest) -> SandboxResponse:
        fault = self._take_fault(request.path)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if fault is not None and fault.status is not None:
            response = SandboxResponse(status=fault.status, body=fault.body, content_type=fault.content_type)
        else:
            try:
                response = self.route(request)
            except Exception as exc:  # a sandbox bug must show as a 500, as a real server would
                response = SandboxResponse.text(f"sandbox error: {exc!r}", status=500)
        with self.lock:
            self.journal.append(
                JournalEntry(
                    request.method,
                    request.path,
                    request.query,
                    request.headers,
                    request.body,
                    response.status,
                    fault is not None and fault.status is not None,
                )
            )
        return response


def has_all_fields(value: Any, seen: set[int] | None = None) -> bool:
    """Whether every dataclass in ``value`` has all its fields.

    A record pickled before a field was added lacks it (unless the field has a plain default,
    which the class then supplies): restoring it would fail later, inside a request.
    """
    seen = set() if seen is None else seen
    if id(value) in seen:
        return True
    seen.add(id(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        missing = object()
        held = [getattr(value, f.name, missing) for f in dataclasses.fields(value)]
        return all(item is not missing and has_all_fields(item, seen) for item in held)
    if isinstance(value, dict):
        return all(has_all_fields(k, seen) and has_all_fields(v, seen) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return all(has_all_fields(item, seen) for item in value)
    return True


class LoopbackHTTPServer(ThreadingHTTPServer):
    """A threaded HTTP server fit for bursts: socketserver's default backlog of 5 drops them."""

    daemon_threads = True
    request_queue_size = 1024


def _make_handler(sandbox: SandboxServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes: with Nagle's algorithm each keep-alive
        # request then waits ~40 ms for a delayed ACK.
        disable_nagle_algorithm = True

        def _handle(self) -> None:
            split = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            request = SandboxRequest(
                method=self.command,
                path=split.path,
                query=parse_qs(split.query, keep_blank_values=True),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
            )
            response = sandbox._serve(request)
            self.send_response(response.status, response.reason or None)
            if response.content_type:
                self.send_header("Content-Type", response.content_type)
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if response.body and self.command != "HEAD":
                self.wfile.write(response.body)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _handle

        def log_message(self, format: str, *args: Any) -> None:
            # Requests carry credentials in headers or query strings: never echo them.
            return

    return Handler
