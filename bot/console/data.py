"""What the console keeps in its own data dir, and whether a run starts afresh or where the last one stopped.

``<RELAIS_DATA_DIR>/console/`` holds the console's store (``relais.sqlite``), the simulators'
data (``simulators.pickle``: the three sandboxes and the stand-in Slack's workspace, saved
after every command and on exit) and ``console.log`` (every log line of the run: the
prompt is the user's).

Store and simulators go together, both kept or both fresh: a store that remembers a
campaign the sandbox has forgotten shows it cancelled, and the app's edits of cards the
stand-in never saw fail with ``message_not_found``. A run starts afresh unless asked to
keep (``relais console --keep``); it keeps only when everything can be restored.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from bot.core.backends import JOB_QUEUE_FILE, open_store
from bot.core.logs import setup_logging
from bot.core.store import Store

__all__ = ["ConsoleData", "FileLog"]


class ConsoleData:
    """The console's data dir: its store, the simulators' saved data, its log file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.log_path = root / "console.log"
        self.simulators_path = root / "simulators.pickle"

    def open_store(self) -> Store:
        """The console's store; it holds the data dir's lock (one console per data dir) until closed."""
        return open_store(self.root)

    def saved_simulators(self) -> dict[str, bytes]:
        """Each simulator's saved data by name (empty when nothing was saved or the file is unreadable)."""
        try:
            saved = pickle.loads(self.simulators_path.read_bytes())  # written by save_simulators, just below
        except Exception:  # missing or unreadable: the caller starts afresh
            return {}
        if not isinstance(saved, dict) or not all(isinstance(v, bytes) for v in saved.values()):
            return {}
        return saved

    def save_simulators(self, saved: dict[str, bytes]) -> None:
        """Replace the saved data at once: a crash while writing leaves the previous save whole."""
        partial = self.simulators_path.with_suffix(".partial")
        partial.write_bytes(pickle.dumps(saved))
        os.replace(partial, self.simulators_path)

    def start_afresh(self, store: Store) -> None:
        """Forget the last run: the store's every record, its job queue and the simulators' saved data (under the
        store's lock, before the runtime opens the queue)."""
        for key, _ in list(store.scan("")):
            store.delete(key)
        for suffix in ("", "-wal", "-shm"):  # the queue's SQLite file and its write-ahead log
            (self.root / f"{JOB_QUEUE_FILE}{suffix}").unlink(missing_ok=True)
        self.simulators_path.unlink(missing_ok=True)


class FileLog:
    """The process's log lines go to ``path`` until ``close`` (which puts back the logging it found)."""

    def __init__(self, path: Path, secrets: Iterable[str]) -> None:
        root = logging.getLogger()
        self._handlers, self._level = list(root.handlers), root.level
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._file: IO[str] = path.open("a", encoding="utf-8")
        setup_logging(logging.INFO, secrets=secrets, stream=self._file)

    def close(self) -> None:
        root = logging.getLogger()
        for handler in list(root.handlers):
            if handler not in self._handlers:
                root.removeHandler(handler)
        for handler in self._handlers:
            if handler not in root.handlers:
                root.addHandler(handler)
        root.setLevel(self._level)
        self._file.close()
