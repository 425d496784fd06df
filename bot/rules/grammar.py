"""The one grammar of every command line: positional words, then ``key=value`` options, then free text.

    /callback operators add Support 0623456789 name="Léa Martin"
              └─ positional ──────────────┘ └─ options ─────┘
    /push sms at="demain 9h" from=RELAIS 0612345678 Bonjour l'équipe !
              └─ options ──────────────┘ └─ free text (kept as typed) ─┘

Values may be quoted with straight or typographic quotes (``"…"``, ``“…”``, ``«…»``,
``'…'``, ``‘…’``): Slack on a Mac and text pasted from a word processor send the curly
ones. A quote opens only where a value starts, so an apostrophe inside a word
(``O'Brien``, ``L'offre``) is a letter, never the start of a quotation. Free text is
returned exactly as typed, spacing included: it is what recipients read.

Option names match whatever their case (``FROM=`` is ``from=``); an unknown name is
refused with the known ones and, for a typo, the one meant. A command declares its
options' other names once, as ``aliases`` (the vendor's wire names: ``etat=`` is
``active=``, ``porteur=`` is ``holder=``): they are read as the option they stand for.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from bot.core.errors import UserError
from bot.rules.dates import continues_moment
from bot.rules.fields import FieldError
from bot.rules.names import closest, offer

__all__ = ["CommandLine", "OptionsError", "only_options", "parse_command_line", "parse_options", "parse_yes_no"]

#: Opening quote → the closing quotes that end it (a typed pair is not always a matched pair).
_QUOTES = {
    '"': '"”',
    "“": '”"',
    "”": '”"',
    "«": "»",
    "'": "'’",
    "‘": "’'",
}
_OPTION_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class OptionsError(UserError):
    """Malformed options or command words; the message says what is wrong and how to write it."""


@dataclass(frozen=True)
class CommandLine:
    """A command line read by the grammar."""

    positional: list[str] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    text: str = ""


def parse_command_line(
    line: str,
    *,
    positional: int = 0,
    known: Collection[str] | None = None,
    free_text: bool = True,
    example: str = "",
    moments: Collection[str] = (),
    aliases: Mapping[str, str] | None = None,
) -> CommandLine:
    """Read ``line``: up to ``positional`` leading words, then ``key=value`` options, then free text.

    ``known``: the option names allowed (None: any name, kept as typed). Without ``free_text``,
    anything after the options is refused with ``example`` as the way to write it. ``moments``:
    options holding a date or time, whose unquoted value goes on over the following words while
    they read as a date or time (``at=10/12/2026 09:00``, ``at=demain 9h``). ``aliases``: other
    names of known options ({alias: option}, any case), read as the option they stand for.
    """
    words: list[str] = []
    options: dict[str, str] = {}
    canonical = _names_read(known, aliases or {})
    # A date option spans words under any of its names (``dateDebut=`` as ``forward_from=``).
    spanning = {name.lower() for name in moments} | {a.lower() for a, o in (aliases or {}).items() if o in moments}
    position = _skip_blanks(line, 0)
    while position < len(line):
        name, value, end = _read_option(line, position)
        if name is not None and name.lower() in spanning and not _quoted(line, end):
            value, end = _extend_moment(line, value, end)
        if name is None:
            if options or len(words) >= positional:
                break  # the free text starts here
            word, end = _read_value(line, position, "")
            words.append(word)
        else:
            typed, name = name, _known_name(name, canonical, known)
            if name in options:
                also = f" (`{typed}=` is `{name}=`)" if typed.lower() != name.lower() else ""
                raise OptionsError(f"{name}: given twice{also}; give each option once")
            options[name] = value
        position = _skip_blanks(line, end)
    text = line[position:].strip()
    if text and not free_text:
        raise OptionsError(
            f"`{text[:40]}` is not a key=value pair",
            hint=f'e.g. `{example}` (quote values with spaces: x="a b")'
            if example
            else 'quote values with spaces: x="a b"',
        )
    return CommandLine(words, options, text)


def parse_options(
    text: str,
    known: Collection[str] | None = None,
    *,
    aliases: Mapping[str, str] | None = None,
    moments: Collection[str] = (),
) -> tuple[dict[str, str], str]:
    """Leading ``key=value`` options and the free text after them (no positional words)."""
    read = parse_command_line(text, known=known, aliases=aliases, moments=moments)
    return read.options, read.text


def only_options(
    text: str,
    known: Collection[str] | None = None,
    *,
    example: str,
    aliases: Mapping[str, str] | None = None,
    moments: Collection[str] = (),
) -> dict[str, str]:
    """Text made of ``key=value`` pairs only: anything else is refused, with an example."""
    read = parse_command_line(text, known=known, free_text=False, example=example, aliases=aliases, moments=moments)
    return read.options


_YES = frozenset({"yes", "y", "oui", "o", "true", "vrai", "1", "on"})
_NO = frozenset({"no", "n", "non", "false", "faux", "0", "off"})


def parse_yes_no(field_name: str, value: str, *, empty: bool | None = None) -> bool:
    """The one reading of yes / no in every command: yes, y, oui, true, 1, on and their opposites.

    ``empty``: what a blank value means, or None when a blank is refused like any other word.
    """
    text = value.strip().lower()
    if not text and empty is not None:
        return empty
    if text in _YES:
        return True
    if text in _NO:
        return False
    shown = value.strip() or "(nothing)"
    raise FieldError(field_name, f"`{shown}` is not yes or no", f"write {field_name}=yes or {field_name}=no")


def _skip_blanks(line: str, position: int) -> int:
    while position < len(line) and line[position].isspace():
        position += 1
    return position


def _read_option(line: str, position: int) -> tuple[str | None, str, int]:
    """(name, value, end) when a ``key=value`` option starts at ``position``; (None, "", position) otherwise."""
    match = _OPTION_NAME.match(line, position)
    if match is None or line[match.end() : match.end() + 1] != "=":
        return None, "", position
    name = match.group(0)
    value, end = _read_value(line, match.end() + 1, name)
    return name, value, end


def _read_value(line: str, position: int, name: str) -> tuple[str, int]:
    """A value starting at ``position``: quoted (any quote kind) or up to the next blank."""
    opening = line[position : position + 1]
    closing = _QUOTES.get(opening)
    if closing is None:
        end = position
        while end < len(line) and not line[end].isspace():
            end += 1
        return line[position:end], end
    end = position + 1
    while end < len(line) and not (line[end] in closing and _ends_token(line, end + 1)):
        end += 1
    if end >= len(line):
        where = f"{name}=" if name else ""
        raise OptionsError(
            f'{name or line[position:][:20]}: the quote is not closed; write {where}"…" with both quotes'
        )
    return line[position + 1 : end], end + 1


def _extend_moment(line: str, value: str, end: int) -> tuple[str, int]:
    """An unquoted date value with the words after it that still read as a date or time."""
    words = value.split()
    while True:
        word, word_end = _next_word(line, _skip_blanks(line, end))
        following, _ = _next_word(line, _skip_blanks(line, word_end))
        if not word or "=" in word or not continues_moment(words, word, following):
            return " ".join(words), end
        words.append(word)
        end = word_end


def _quoted(line: str, end: int) -> bool:
    """Whether the value that ends at ``end`` was quoted (it then ends with its closing quote)."""
    return end > 0 and any(line[end - 1] in closing for closing in _QUOTES.values())


def _next_word(line: str, position: int) -> tuple[str, int]:
    end = position
    while end < len(line) and not line[end].isspace():
        end += 1
    return line[position:end], end


def _ends_token(line: str, position: int) -> bool:
    """A closing quote ends the value only before a blank or the end (``"l'offre d'été"`` stays whole)."""
    return position >= len(line) or line[position].isspace()


def _names_read(known: Collection[str] | None, aliases: Mapping[str, str]) -> dict[str, str] | None:
    """Every name an option may be typed as, lower-cased → the option: its own name, then its aliases."""
    if known is None:
        return None
    names = {name.lower(): name for name in known}
    for alias, option in aliases.items():
        if option not in known:
            raise ValueError(f"alias {alias!r} stands for {option!r}, which is no known option")  # a declaration bug
        names.setdefault(alias.lower(), option)
    return names


def _known_name(name: str, canonical: dict[str, str] | None, known: Collection[str] | None) -> str:
    if canonical is None or known is None:
        return name
    found = canonical.get(name.lower())
    if found is not None:
        return found
    # An alias found near is offered as the option it stands for ("did you mean `holder`?").
    near = [canonical[typed.lower()] for typed in closest(name, canonical)]
    suggestion = offer(list(dict.fromkeys(near)))
    meant = f" ({suggestion})" if suggestion else ""
    listed = ", ".join(sorted(known)) or "none"
    raise OptionsError(f"{name}: unknown option{meant}; known options are {listed}")
