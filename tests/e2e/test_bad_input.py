"""Bad input, across every command: an answer in words, never a crash, never a paid write.

Each registered subcommand (one- and two-word names, and each command's fallback) is typed
with hostile argument text through signed HTTP, as an admin (so that the access filter lets
every handler run). Whatever the text, Slack gets 200, the user gets an answer (an
ephemeral message, a modal or a card), no handler crashes into "internal error", and no
typed command reaches a vendor's paid write without a confirmation card.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.sandboxes.frame import JournalEntry
from handlers import build_registry
from tests.conftest import ADMIN, Relais

HOSTILE = [
    "",
    "   ",
    '"unclosed',
    "=",
    "a=",
    "=b",
    "x" * 4000,
    "-1 0 99999999999999999999",
    "+33 6 12 34 56 78 0033612345678 06.12.34.56.78",
    "2026-02-30 25:61",
    "id=abc popup=-5 retries=99 max=0 delay=x record=peut-être",
    "code=ZZ etat=maybe type=?? numero=+12 compagne= porteur=x",
    "\u0000\u202e\ufeff😀 ç € [ ] ~",
    "<script>alert(1)</script> *bold* `code` <!channel>",
    "at=yesterday from=TOO-LONG-SENDER-ID Bonjour",
    'template="no such template" Hello',
    "0612345678 popup=999999",
]


def _command_lines() -> list[str]:
    lines = []
    for name, command in build_registry().commands.items():
        lines.append(name)
        lines.extend(f"{name} {sub}" for sub in command.subcommands)
    return sorted(lines)


COMMAND_LINES = _command_lines()


def _paid_writes(relais: Relais) -> list[JournalEntry]:
    """Vendor requests that cost money or reach people (what only a confirmation card may cause)."""
    sandboxes = relais.sandboxes
    paid = [e for e in sandboxes["clever"].requests("/api/push") if e.method == "POST"]
    paid += sandboxes["cliqphone"].requests("/numeroapi/addNumero")
    paid += [e for e in sandboxes["axialys"].requests() if e.query.get("methode") == ["appel"]]
    return paid


def _answer_seen(relais: Relais, ephemerals_before: int, views_before: int, messages_before: int) -> bool:
    standin = relais.standin
    return (
        len(standin.ephemerals(ADMIN)) > ephemerals_before
        or len(standin.views) > views_before
        or len(standin.messages) > messages_before
    )


def _type(relais: Relais, line: str) -> str:
    standin = relais.standin
    before = (len(standin.ephemerals(ADMIN)), len(standin.views), len(standin.messages))
    reply = relais.driver.command(line, user=ADMIN)
    assert reply.status == 200, (line, reply.body)
    relais.settle()
    assert _answer_seen(relais, *before), f"no answer to {line!r}"
    shown = "\n".join(m.all_text() for m in standin.ephemerals(ADMIN)[before[0] :])
    assert "internal error" not in shown, (line, shown)
    return shown


@pytest.mark.parametrize("command_line", COMMAND_LINES)
def test_every_subcommand_answers_hostile_text_in_words(relais: Relais, command_line: str) -> None:
    for text in HOSTILE:
        _type(relais, f"{command_line} {text}".strip())
    assert _paid_writes(relais) == []


TOKENS = st.sampled_from(
    [
        "0612345678",
        "+33612345678",
        "+1",
        "0033",
        "12",
        "-3",
        "abc",
        "=",
        "x=",
        "id=7",
        "popup=77",
        "at=tomorrow",
        'name="a b',
        "😀",
        "ç",
        "\n",
        "2026-12-01",
        "09:00",
        "all",
        "add",
        "list",
    ]
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    command_line=st.sampled_from(COMMAND_LINES),
    words=st.lists(st.one_of(TOKENS, st.text(max_size=12)), max_size=6),
)
def test_random_argument_text_never_crashes(relais: Relais, command_line: str, words: list[str]) -> None:
    _type(relais, f"{command_line} {' '.join(words)}".strip())
    assert _paid_writes(relais) == []
