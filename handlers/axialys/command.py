"""``/callback``: Axialys WebAppel click-to-call (A1–A28), declared first so that its subcommands can follow.

Where each subcommand lives: ``/callback <number>`` and ``call`` in ``calls`` (the confirmation card,
then ``call_executor`` places it and ``call_watch`` follows it), ``cancel`` in ``cancel``, ``calls`` and
``summary`` in ``stats``, ``recording`` in ``recording``; the two-word groups in ``operators``,
``planning``, ``popups`` and ``destinations``, ``files``, ``blocks``; ``centrex`` in ``centrex``.

Also ``words_then_options``, the one way a ``/callback`` line of words and options is read.
"""

from __future__ import annotations

from collections.abc import Collection

from bot.rules.grammar import CommandLine, parse_command_line
from handlers.axialys.kit import axialys

__all__ = ["COMMAND", "words_then_options"]

COMMAND = "/callback"

axialys.command(
    COMMAND,
    "Click-to-call callbacks, operators, plannings, pop-ups (Axialys WebAppel)",
    "<number> | cancel | recording | calls | summary | operators … | planning … | popup … | file … | block … | centrex",
    vendor="axialys",
)


def words_then_options(args: str, known: Collection[str], *, example: str) -> CommandLine:
    """Every word before the options (a number or a date may be written in several), then ``known`` options.

    Nothing may follow the options: a stray word is refused with ``example`` as the way to write the line.
    """
    return parse_command_line(args, positional=len(args.split()), known=known, free_text=False, example=example)
