"""The ``criteria`` expressions of §3.13 / §3.14, for the sandbox.

The document: "field=value avec des opérateurs logiques (field='value' AND field1='value' ...)",
and its example ``diffusion=on and BRINGUP=oui``. Grammar accepted here::

    expr   := term (OR term)*
    term   := factor (AND factor)*
    factor := '(' expr ')' | FIELD ('=' | '!=' | '<>') VALUE
    VALUE  := 'quoted' | "quoted" | bare-word

Keywords and field names are case-insensitive; values compare case-insensitively (the
server is most plausibly a SQL WHERE under a case-insensitive collation).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

__all__ = ["Predicate", "parse_criteria"]

# A predicate reads a field (lower-cased name) of one contact and says whether it matches.
Lookup = Callable[[str], str | None]
Predicate = Callable[[Lookup], bool]

_TOKEN = re.compile(
    r"\s*(?:(?P<open>\()|(?P<close>\))|(?P<op>!=|<>|=)|'(?P<squote>[^']*)'|\"(?P<dquote>[^\"]*)\"|(?P<word>[^\s()='\"!<>]+))"
)


@dataclass(frozen=True)
class _Token:
    kind: str  # open, close, op, value, word
    text: str


class CriteriaError(ValueError):
    pass


def _tokens(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    stripped = source.rstrip()
    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if match is None:
            raise CriteriaError(f"criteria : syntaxe invalide près de {stripped[position:]!r}.")
        position = match.end()
        kind = match.lastgroup or ""
        text = match.group(kind)
        tokens.append(_Token("value" if kind in ("squote", "dquote") else kind, text))
    return tokens


class _Parser:
    def __init__(self, tokens: list[_Token], fields: Iterable[str]) -> None:
        self._tokens = tokens
        self._position = 0
        self._fields = {field.lower() for field in fields}

    def parse(self) -> Predicate:
        if not self._tokens:
            raise CriteriaError("criteria ne peut pas être vide.")
        predicate = self._expr()
        if self._position != len(self._tokens):
            raise CriteriaError(f"criteria : élément inattendu {self._tokens[self._position].text!r}.")
        return predicate

    def _peek_keyword(self, keyword: str) -> bool:
        token = self._peek()
        return token is not None and token.kind == "word" and token.text.lower() == keyword

    def _peek(self) -> _Token | None:
        return self._tokens[self._position] if self._position < len(self._tokens) else None

    def _take(self) -> _Token:
        token = self._peek()
        if token is None:
            raise CriteriaError("criteria : expression incomplète.")
        self._position += 1
        return token

    def _expr(self) -> Predicate:
        return self._joined("or", self._term, any)

    def _term(self) -> Predicate:
        return self._joined("and", self._factor, all)

    def _joined(
        self, keyword: str, operand: Callable[[], Predicate], combine: Callable[[Iterable[bool]], bool]
    ) -> Predicate:
        """Operands separated by ``keyword`` (or, and), true when ``combine`` (any, all) of them is."""
        operands = [operand()]
        while self._peek_keyword(keyword):
            self._take()
            operands.append(operand())
        return operands[0] if len(operands) == 1 else (lambda lookup: combine(each(lookup) for each in operands))

    def _factor(self) -> Predicate:
        token = self._take()
        if token.kind == "open":
            inner = self._expr()
            if self._take().kind != "close":
                raise CriteriaError("criteria : parenthèse fermante attendue.")
            return inner
        if token.kind != "word":
            raise CriteriaError(f"criteria : nom de champ attendu, reçu {token.text!r}.")
        field = token.text.lower()
        if field not in self._fields:
            raise CriteriaError(f"criteria : champ inconnu {token.text!r}.")
        operator = self._take()
        if operator.kind != "op":
            raise CriteriaError(f"criteria : opérateur attendu après {token.text!r}.")
        value = self._take()
        if value.kind not in ("value", "word"):
            raise CriteriaError(f"criteria : valeur attendue après {token.text}{operator.text}.")
        return _comparison(field, operator.text, value.text.lower())


def _comparison(field: str, operator: str, expected: str) -> Predicate:
    def equal(lookup: Lookup) -> bool:
        return (lookup(field) or "").lower() == expected

    if operator == "=":
        return equal
    return lambda lookup: not equal(lookup)


def parse_criteria(source: str, fields: Iterable[str]) -> Predicate:
    """Compile ``source`` against the known ``fields``; raises CriteriaError (a ValueError) when invalid."""
    return _Parser(_tokens(source), fields).parse()
