"""``/callback``: Axialys WebAppel click-to-call (A1–A28), declared first so that its subcommands can follow.

Where each subcommand lives: ``/callback <number>`` and ``call`` in ``calls`` (the confirmation card,
then ``call_executor`` places it and ``call_watch`` follows it), ``cancel`` in ``cancel``, ``calls`` and
``summary`` in ``stats``, ``recording`` in ``recording``; the two-word groups in ``operators``,
``planning``, ``popups`` and ``destinations``, ``files``, ``blocks``; ``centrex`` in ``centrex``.

Also the ways a ``/callback`` line is read: ``words_then_options`` (words, then options) and
``word_then_rest`` (one word, then the rest of the line).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from bot.rules.grammar import CommandLine, parse_command_line
from bot.slack.forms import Values
from handlers.axialys.kit import axialys

__all__ = ["COMMAND", "word_then_rest", "words_then_options"]

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


def word_then_rest(word: str, rest: str) -> Callable[[str], Values]:
    """The reader of ``<word> <rest…>``: one word, then the rest of the line as typed (values ``word``, ``rest``).

    No option is known: a ``key=value`` after the word is refused as an unknown option.
    """

    def read(args: str) -> Values:
        line = parse_command_line(args, positional=1, known=())
        return {word: "".join(line.positional), rest: line.text}

    return read
