"""Every example a help card shows, pasted into a fresh Relais: each must work (issue 12, item 7).

The examples are read from the registry (each subcommand's ``example``) and from the help topics
(``/relais help <topic>``), so a new subcommand or topic is checked the day it is declared. Each is
typed as Slack sends it, by an admin when the subcommand is admin-only, into a Relais built afresh
on freshly seeded sandboxes: what a newcomer sees when pasting it into the console.

An example "works" as a user judges it: an answer arrives (an ephemeral, a channel message or a
modal; a confirmation card counts, pressing its button is not needed) and none of it is an error
(see ``refusals``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import pytest

from bot.core.timezone import PARIS
from bot.sandboxes.slack import Message
from handlers import build_registry
from handlers.relais.topics import OPTION_MEANINGS, options_in, topics
from tests.clever_support import next_weekday_morning
from tests.conftest import ADMIN, CHANNEL, MEMBER, Relais

#: How Relais says no, at the start of a reply: the dispatcher's guard and filter (bot/slack/app.py)
#: mark a refused input (:warning:), a vendor's refusal (:x:), an unknown outcome (:grey_question:),
#: an internal error (:boom:) and an admin-only command (:no_entry:).
ERROR_MARKS = (":warning:", ":x:", ":grey_question:", ":boom:", ":no_entry:")
#: Refusals worded inline, without a mark: an unknown subcommand or argument ("`x` is not a /push
#: subcommand", "is neither a … nor a …", "did you mean"), a missing word ("needs one more word"),
#: an unknown command ("Relais does not know"), a campaign Relais never sent ("has no record of"), a card
#: whose Send is blocked (the French marketing rules: "cannot be sent as it stands").
ERROR_PHRASES = re.compile(
    r"is not an? |is neither |needs one more word|did you mean|does not know|has no record of|has expired"
    r"|cannot be sent as it stands",
    re.IGNORECASE,
)
#: What an answer that returned nothing says: an empty listing ("…: no call.", "is empty", "0 in all").
NOTHING = re.compile(r": no \w+\.$|\bis empty\b|\b0 in all\b|^no \w+ (?:yet|found)", re.IGNORECASE | re.MULTILINE)
#: Where an empty answer is the right one in a fresh Relais: its own audit log (no write yet),
#: its campaign history (the sandbox's seeded campaigns were not sent from Relais) and its opt-out
#: list (nobody replied STOP yet).
EMPTY_WHEN_FRESH = {"/relais audit", "/push list", "/contact optout"}


@dataclass(frozen=True)
class Example:
    line: str
    admin: bool
    shown_in: str  # where a user reads it: a command's help card or a topic

    @property
    def operation(self) -> str:
        return " ".join(self.line.split()[:2])


def _examples() -> list[Example]:
    registry = build_registry()
    found: list[Example] = []
    for command in registry.commands.values():
        subs = [*command.subcommands.values(), *(s for s in (command.fallback, command.help) if s is not None)]
        found += [Example(sub.example, sub.admin_only, f"{command.name} help") for sub in subs]
    for topic in topics(registry, datetime.now(PARIS)):
        for line in topic.examples:
            name, _, text = line.partition(" ")
            command = registry.commands[name]
            sub, _, _ = command.resolve(text)
            sub = sub or (command.fallback if command.takes_fallback(text.split()[0]) else None)
            assert sub is not None, f"{line} (in /relais help {topic.name}) names no subcommand"
            found.append(Example(line, sub.admin_only, f"/relais help {topic.name}"))
    unique: dict[str, Example] = {}
    for example in found:
        unique.setdefault(example.line, example)
    return list(unique.values())


EXAMPLES = _examples()


def refusals(messages: list[Message]) -> list[str]:
    """What in the answer says no (empty: the example worked). A reply's text says what it is: the blocks
    of a listing may carry the same marks for rows (a call "not answered" is shown with :x:)."""
    return [
        m.text
        for m in messages
        if m.text.lstrip().startswith(ERROR_MARKS) or ERROR_PHRASES.search(m.text.split("\n")[0])
    ]


def paste(relais: Relais, line: str, user: str) -> tuple[list[Message], list[str]]:
    """Type ``line`` as ``user``: the messages that came back (ephemerals, then channel messages) and
    the titles of the modals it opened."""
    posted = len(relais.standin.channel_messages(CHANNEL, include_threads=True))
    views = len(relais.standin.open_views(user))
    messages = relais.command(line, user=user)
    messages += relais.standin.channel_messages(CHANNEL, include_threads=True)[posted:]
    titles = [str(view.view.get("title", {}).get("text", "")) for view in relais.standin.open_views(user)[views:]]
    return messages, titles


def _shown(messages: list[Message], titles: list[str]) -> str:
    return "\n".join([*(m.all_text() or m.text for m in messages), *(f"(modal) {t}" for t in titles)])


#: Examples that act on a campaign or call started outside Relais (seeded in the sandbox): a member may act
#: only on what they started from Relais, so these are pasted as an admin, as the console's own user is.
NOT_STARTED_FROM_RELAIS = ("/push cancel ", "/callback cancel ")


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.line for example in EXAMPLES])
def test_the_example_works_when_pasted_into_a_fresh_relais(relais: Relais, example: Example) -> None:
    # Promotional examples are valid on weekdays in the daytime (the French marketing rules): pasted then.
    relais.runtime.services.slack_kit.clock.freeze(next_weekday_morning(datetime.now(PARIS)))
    admin = example.admin or example.line.startswith(NOT_STARTED_FROM_RELAIS)
    messages, titles = paste(relais, example.line, ADMIN if admin else MEMBER)
    where = f"{example.line} (shown in {example.shown_in})"
    assert messages or titles, f"{where} got no answer"
    assert not refusals(messages), f"{where} was refused:\n{_shown(messages, titles)}"
    if example.operation not in EMPTY_WHEN_FRESH:
        empty = [m.text for m in messages if NOTHING.search(m.text)]
        assert not empty, f"{where} returned nothing (the sandbox seed lacks what it names):\n{empty}"


def test_every_subcommand_shows_an_example_of_itself() -> None:
    """An example that runs another subcommand than the one it illustrates teaches the wrong thing."""
    for command in build_registry().commands.values():
        for sub in command.subcommands.values():
            assert sub.example.startswith(f"{command.name} {sub.name}"), sub.example


@pytest.mark.parametrize(
    ("line", "user"),
    [
        ("/callback planing list", MEMBER),  # a mistyped subcommand
        ("/push status Push20000101000000", MEMBER),  # a campaign the vendor does not know
        ("/callback recording 1 popup=77", MEMBER),  # a call that was not recorded
        ("/relais audit 5", MEMBER),  # admins only
        ("/relais help dats", MEMBER),  # a mistyped topic
    ],
)
def test_the_judge_recognises_a_refusal(relais: Relais, line: str, user: str) -> None:
    """The check itself: what a user reads as "no" is never taken for success."""
    messages, _ = paste(relais, line, user)
    assert refusals(messages), line


def test_the_judge_recognises_an_answer_that_returned_nothing(relais: Relais) -> None:
    messages, _ = paste(relais, "/callback calls 2025-01-01 2025-01-31 popup=77", MEMBER)
    assert not refusals(messages) and any(NOTHING.search(m.text) for m in messages)


# -- /relais help <topic> ---------------------------------------------------------------------------
def test_relais_help_lists_every_topic(relais: Relais) -> None:
    text = relais.reply_text("/relais help")
    for topic in topics(relais.runtime.registry, datetime.now(PARIS)):
        assert f"/relais help {topic.name}" in text and topic.summary in text


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("dates", "Dates and times"),
        ("DATE", "Dates and times"),
        ("quand", "Dates and times"),
        ("phones", "Phone numbers and recipient lists"),
        ("csv", "Phone numbers and recipient lists"),
        ("options", "Options and quoting"),
        ("sms", "SMS text: encoding and segments"),
        ("ucs-2", "SMS text: encoding and segments"),
        ("push", "/push options"),
        ("/number", "/number options"),  # the command's topic, not the phone numbers'
        ("callback", "/callback options"),
    ],
)
def test_a_topic_is_found_by_its_name_or_an_alias(relais: Relais, typed: str, title: str) -> None:
    [answer] = relais.command(f"/relais help {typed}")
    assert answer.text == title


def test_the_dates_topic_shows_the_reading_of_each_form(relais: Relais) -> None:
    text = relais.reply_text("/relais help dates")
    assert "`10/12/2026 09:00` → Thursday 10 December 2026 at 09:00, Paris time" in text
    assert "`cette semaine` → from Monday" in text
    for form in ("`demain 9h` →", "`lundi 14h` →", "`tomorrow 9am` →", "`dans 2 heures` →", "`hier` →"):
        assert form in text
    assert "`9h30` (09:30)" in text


def test_the_sms_topic_says_what_forces_ucs2_and_what_it_costs(relais: Relais) -> None:
    text = relais.reply_text("/relais help sms")
    assert "*160 characters*" in text and "*70 characters*" in text
    assert "`Café crème à 2€ : c’est « offert »` → UCS-2, 1 SMS (34 characters): ’, «, » force UCS-2" in text
    assert "`Bonjour, votre colis arrive demain` → GSM 03.38, 1 SMS (34 characters)" in text


def test_a_command_topic_gives_the_meaning_of_every_option(relais: Relais) -> None:
    text = relais.reply_text("/relais help push")
    assert "• `at=` — when to send, Paris time" in text and "_(sms, tts, voice, mail)_" in text
    assert "• `encoding=` — `gsm` or `ucs2`" in text


def test_a_mistyped_topic_is_answered_with_the_one_meant(relais: Relais) -> None:
    [answer] = relais.command("/relais help dats")
    assert answer.text == ":warning: `dats` is not a help topic. did you mean `dates`?"
    [answer] = relais.command("/relais help calback")
    assert answer.text == ":warning: `calback` is not a help topic. did you mean `callback`?"


def test_an_unknown_topic_lists_the_topics(relais: Relais) -> None:
    [answer] = relais.command("/relais help frobnicate")
    assert answer.text.startswith(":warning: `frobnicate` is not a help topic. the topics are `dates`, `phones`")


@pytest.mark.parametrize("command", sorted(OPTION_MEANINGS))
def test_the_options_table_and_the_usage_lines_agree(command: str) -> None:
    """A renamed, new or removed option cannot leave its topic behind: the table says what each shown option means."""
    shown = set(options_in(build_registry().commands[command]))
    assert shown == set(OPTION_MEANINGS[command]), f"{command}: shown {sorted(shown)}"
