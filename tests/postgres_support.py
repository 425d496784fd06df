"""A PostgreSQL server of the tests' own: the installed server's ``initdb`` / ``pg_ctl`` in a temporary
directory, on a free loopback port, as the ``postgres`` user when the tests run as root (PostgreSQL refuses
to run as root). One server per test session; each test that asks gets a database of its own.

On a machine without PostgreSQL the tests that need it are skipped, saying so; ``.ci/run`` checks that
PostgreSQL is installed first, so there they always run.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

__all__ = ["PostgresServer", "pg_binary", "postgres_server"]


def pg_binary(name: str) -> str | None:
    """The path of a PostgreSQL server program (``initdb``, ``pg_ctl``), on the PATH or in Debian's place."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class PostgresServer:
    """A running server: ``url(name)`` names one of its databases; ``stop`` / ``start`` cut and restore it."""

    directory: Path
    port: int
    user: str | None  # who runs the server programs (None: the tests' own user)
    pg_ctl: str
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def _run(self, *args: str) -> None:
        subprocess.run(args, check=True, capture_output=True, user=self.user, timeout=120)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database; its URL."""
        name = f"relais_test_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} -c fsync=off"
        # -l: the server's output to a file; left on the pipe it would keep run() waiting for the server's end.
        log = str(self.directory / "server.log")
        self._run(self.pg_ctl, "-D", str(self.directory / "data"), "-l", log, "-o", options, "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(self.pg_ctl, "-D", str(self.directory / "data"), "-m", mode, "-w", "stop")


@contextlib.contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """Start a throw-away server; stop it and remove its directory afterwards."""
    initdb, pg_ctl = pg_binary("initdb"), pg_binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip("PostgreSQL is not installed here (no initdb / pg_ctl): the shared-mode tests need it")
    user = "postgres" if os.geteuid() == 0 else None
    directory = Path(tempfile.mkdtemp(prefix="relais-pg-"))
    if user is not None:
        shutil.chown(directory, user, user)
    server = PostgresServer(directory, _free_port(), user, pg_ctl)
    # A run ended by SIGTERM (`timeout`, a CI runner, kill) would skip this teardown and leave the server running:
    # while it runs, SIGTERM is turned into the KeyboardInterrupt that pytest tears down from.
    terminate = signal.getsignal(signal.SIGTERM) if threading.current_thread() is threading.main_thread() else None
    if terminate is not None:
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        server._run(initdb, "-D", str(directory / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C")
        server.start()
        yield server
    finally:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            server.stop("immediate")
        shutil.rmtree(directory, ignore_errors=True)
        if terminate is not None:
            signal.signal(signal.SIGTERM, terminate)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")
