"""The console's simulators: the stand-in Slack and the three vendor sandboxes, started and saved together.

They are the console's own (it starts, saves and stops them; the runtime only connects to
them), so that a run that keeps its store can keep them too (``data.py`` says why both go
together).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import ExitStack

from bot.core.config import VENDORS, VendorName
from bot.runtime import start_sandbox
from bot.sandboxes.frame import SandboxServer
from bot.sandboxes.slack import SlackStandIn

__all__ = ["NAMES", "Simulators"]

#: What a kept run restores, all or none: the stand-in Slack and the three sandboxes.
NAMES = ("slack", *VENDORS)


class Simulators:
    """Started by the constructor (with ``saved`` data where given); ``stop`` stops them all.

    ValueError (nothing left running) when some ``saved`` data cannot be restored.
    """

    def __init__(
        self, bot_token: str, dialects: Mapping[VendorName, Sequence[str]], saved: Mapping[str, bytes]
    ) -> None:
        self._started = ExitStack()
        self.sandboxes: dict[VendorName, SandboxServer] = {}
        try:
            standin = SlackStandIn(bot_token=bot_token)
            if "slack" in saved:
                standin.restore_state(saved["slack"])
            self.standin = standin.start()
            self._started.callback(standin.stop)
            for vendor in VENDORS:
                sandbox = start_sandbox(vendor, dialect=dialects.get(vendor, ()), saved=saved.get(vendor))
                self._started.callback(sandbox.stop)
                self.sandboxes[vendor] = sandbox
        except BaseException:
            self._started.close()
            raise

    def saved(self) -> dict[str, bytes]:
        """Each one's data by name: what the constructor's ``saved`` takes back."""
        saved = {"slack": self.standin.saved_state()}
        saved.update({vendor: sandbox.saved_state() for vendor, sandbox in self.sandboxes.items()})
        return saved

    def stop(self) -> None:
        self._started.close()
