"""``relais serve`` with its job leases shortened, for the replica fault tests (``python -m tests.e2e.serve_replica``).

The arguments are ``relais serve``'s own (``serve --port 0``) and go through ``bot.cli.main``: the settings from
the environment, the runtime, the HTTP server, SIGTERM, everything as an operator's replica runs it. The one
difference: with ``RELAIS_TEST_LEASE_SECONDS`` set, the scheduler's ``lease_seconds`` is set to it before the
scheduler starts, so that a watcher whose replica was killed is taken over within the test's patience instead
of the production 45 s.
"""

from __future__ import annotations

import os
import sys

from bot import cli, runtime

LEASE_VARIABLE = "RELAIS_TEST_LEASE_SECONDS"


class ShortLeases(runtime.Runtime):
    """The runtime ``relais serve`` builds, its scheduler's leases shortened before the scheduler starts."""

    def start_background(self) -> None:
        self.services.scheduler.lease_seconds = float(os.environ[LEASE_VARIABLE])
        super().start_background()


def main() -> int:
    if os.environ.get(LEASE_VARIABLE):
        runtime.Runtime = ShortLeases  # type: ignore[misc]  # what ``cli.serve`` looks up when it builds the runtime
    return cli.main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
