"""``/callback``: Axialys WebAppel click-to-call (A1–A28), declared first so that its subcommands can follow.

Where each subcommand lives: ``/callback <number>`` and ``call`` in ``calls`` (the confirmation card,
then ``call_executor`` places it and ``call_watch`` follows it), ``cancel`` in ``cancel``, ``calls`` and
``summary`` in ``stats``, ``recording`` in ``recording``; the two-word groups in ``operators``,
``planning``, ``popups`` and ``destinations``, ``files``, ``blocks``; ``centrex`` in ``centrex``.
"""

from __future__ import annotations

from handlers.axialys.kit import axialys

__all__ = ["COMMAND"]

COMMAND = "/callback"

axialys.command(
    COMMAND,
    "Click-to-call callbacks, operators, plannings, pop-ups (Axialys WebAppel)",
    "<number> | cancel | recording | calls | summary | operators … | planning … | popup … | file … | block … | centrex",
    vendor="axialys",
)
