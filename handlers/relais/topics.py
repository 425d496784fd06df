"""The help topics of ``/relais help <topic>``: formats and options explained, with examples. One table.

Six topics explain what people type everywhere: dates and times, phone numbers and recipient
lists, options and quoting, SMS encoding and segments, CSV exports, the French marketing rules
(``handlers.relais.rules_topic``). The readings they show are computed by
the rules that read them (bot/rules/dates.py, bot/rules/sms.py) when the card is drawn, so a
topic never says one thing while Relais does another. Then one topic per command lists the
options its usage lines show, each with its meaning (``OPTION_MEANINGS``); a test checks the two
agree, so a renamed or new option cannot leave its topic behind.

Every whole command line in ``examples`` is pasted into a fresh Relais by
tests/e2e/test_help_examples.py, as the subcommands' examples are.
"""

from __future__ import annotations

import re
from datetime import datetime

from bot.rules.dates import read_clock, read_day, read_moment, read_period, say_day, say_moment, say_period
from bot.rules.names import closest, fold
from bot.rules.sms import analyse_sms
from bot.slack.help import Topic
from bot.slack.registry import Command, Registry
from handlers.relais.rules_topic import rules_topic

__all__ = [
    "CLOCK_FORMS",
    "DAY_FORMS",
    "EXPORTS",
    "MOMENT_FORMS",
    "OPTION_MEANINGS",
    "PERIOD_FORMS",
    "SMS_SAMPLES",
    "find_topic",
    "nearest_topics",
    "options_in",
    "topics",
]

# -- dates and times -------------------------------------------------------------------------------
MOMENT_FORMS = (
    "10/12/2026 09:00",
    "10/12 9h",
    "demain 9h",
    "lundi 14h",
    "tomorrow 9am",
    "dans 2 heures",
    "in 2 hours",
    "2026-12-10T09:00",
)
DAY_FORMS = ("hier", "yesterday", "lundi", "10/12", "2026-12-10")
PERIOD_FORMS = ("today", "hier", "cette semaine", "last week", "ce mois-ci", "01/12 05/12")
CLOCK_FORMS = ("9h", "9h30", "14h", "09:30")


def _dates(now: datetime) -> Topic:
    moments = "\n".join(f"• `{form}` → {say_moment(read_moment('at', form, now=now))}" for form in MOMENT_FORMS)
    days = "\n".join(f"• `{form}` → {say_day(read_day('day', form, now=now))}" for form in DAY_FORMS)
    periods = "\n".join(f"• `{form}` → {say_period(*read_period('period', form, now=now))}" for form in PERIOD_FORMS)
    clocks = ", ".join(f"`{form}` ({read_clock('time', form):%H:%M})" for form in CLOCK_FORMS)
    return Topic(
        name="dates",
        title="Dates and times",
        summary="`demain 9h`, `10/12/2026 09:00`, `cette semaine`: what Relais reads, in Paris time",
        sections=(
            "Relais reads dates as they are typed in French or English, *day first* (`10/12` is 10 December), "
            "always in *Paris time*, and answers with the reading it chose so nothing passes silently.",
            f"*A moment* (`at=` of `/push`: when to send; without a year, the next one to come):\n{moments}",
            f"*A day* (a listing's dates: without a year, the last one gone by; a closing day or a forwarding "
            f"period: the next one to come):\n{days}",
            f"*A period* (call listings and summaries):\n{periods}",
            f"*A time of day*: {clocks}. A date option needs no quotes: `at=lundi 14h` reads on while the "
            'words read as a date; quotes (`at="demain 9h"`, curly ones too) work as well.',
        ),
        examples=(
            '/push sms 0612345678 at="demain 9h" Bonjour, à demain',
            "/push sms 0612345678 at=lundi 14h Bonjour",
            "/push sms 06 12 34 56 78 at=dans 2 heures Rappel : votre rendez-vous",
            "/callback calls 01/11/2026 30/11/2026 popup=77",
            "/callback planning add-closing bureau 24/12/2027",
        ),
        aliases=("date", "time", "times", "when", "heure", "quand", "schedule"),
    )


# -- phone numbers and recipient lists -----------------------------------------------------------
PHONES = Topic(
    name="phones",
    title="Phone numbers and recipient lists",
    summary="`06 12 34 56 78`, `+33…`, lists and CSV files: how numbers are read",
    sections=(
        "*One number*, as people write it: `0612345678`, `06 12 34 56 78`, `06.12.34.56.78`, "
        "`+33 6 12 34 56 78`, `0033612345678`. Without a country it is French; another country starts "
        "with `+` and its code (`+32 470 12 34 56`). Relais shows each as `+33612345678`.",
        "*A list* (`/push sms`, `tts`, `voice`): numbers separated by commas, semicolons or new lines. "
        "French numbers written in groups of two digits are split into whole numbers: "
        "`06 12 34 56 78 06 98 76 54 32` is two numbers. A number given twice is sent once "
        "(`duplicates=yes` keeps both); an invalid one is named on the card and left out.",
        "*A file*: `/push sms` alone opens a form with a file input — a CSV or text file, one recipient "
        "per line or a column of numbers (or addresses for mail). The card counts the valid, invalid "
        "and duplicate entries before anything is sent.",
    ),
    examples=(
        "/push sms 06 12 34 56 78 06 98 76 54 32 Bonjour, votre colis arrive demain",
        "/push sms +33612345678;0698765432 Bonjour",
        "/callback 06 12 34 56 78 popup=77",
    ),
    aliases=("phone", "numéros", "recipients", "csv", "list"),
)

# -- options and quoting ---------------------------------------------------------------------------
OPTIONS = Topic(
    name="options",
    title="Options and quoting",
    summary="`key=value`, quotes (curly ones too) and apostrophes",
    sections=(
        "*A command line* is: the subcommand's words (a number, an id, a name), then `key=value` options, "
        'then free text (a message), kept exactly as typed:\n`/push sms 0612345678 from=RELAIS at="demain 9h" '
        "Bonjour l'équipe !`",
        '*Quotes* wrap a value with spaces: `subject="Lettre de décembre"`. Curly quotes work too, as Slack '
        "on a Mac and word processors send them: `“…”`, `«…»`, `'…'`, `‘…’`. An apostrophe inside a word "
        "(`L'offre`, `O'Brien`, `d’information`) is a letter, never a quote.",
        "*Names* of options match whatever their case (`FROM=` is `from=`). An unknown option is refused with "
        "the known ones and the one you probably meant. *Yes or no*: `yes`, `oui`, `true`, `1`, `on` — "
        "or `no`, `non`, `false`, `0`, `off`.",
        "Each command's options, with their meaning: `/relais help push`, `contact`, `number`, `callback`.",
    ),
    examples=(
        '/contact edit 214906 city="Saint-Étienne"',
        "/contact edit 214906 city=“Saint-Étienne”",
        "/push mail marie.dupont@example.fr subject=“Lettre d’information” Bonjour, voici nos nouvelles",
        "/push sms 0612345678 FROM=RELAIS L'équipe vous remercie",
    ),
    aliases=("option", "quotes", "quoting", "key=value", "syntax", "apostrophe"),
)

# -- exports ---------------------------------------------------------------------------------------
EXPORTS = Topic(
    name="exports",
    title="CSV exports",
    summary="every listing as a file Excel opens: the Export CSV button, `… export`, `sep=;`",
    sections=(
        "*Every listing* that shows things (contacts and searches, campaigns, deliveries and replies, calls, "
        "numbers, the audit log) has an *Export CSV* button: the file holds every row listed, not only the page "
        "shown.",
        "*Typed*: `export` as the last word of the command posts the file instead of the listing, "
        "e.g. `/contact list export`. `sep=;` or `sep=,` (or `sep=tab`) after it chooses the separator.",
        "*The file* is UTF-8 with a byte-order mark, so Excel shows accents right; its columns are separated by "
        "`;` for users whose Slack language is French (French Excel expects them) and `,` for the others. "
        "A file cannot be shown to one person only: it is posted in the channel (a campaign's report in its "
        "thread), saying who asked — export personal data only in a channel where it belongs.",
    ),
    examples=("/contact list export", "/contact search martin export sep=;"),
    aliases=("export", "excel", "sep", "separator", "file", "fichier"),
)

# -- SMS encoding and segments ----------------------------------------------------------------------
SMS_SAMPLES = (
    "Bonjour, votre colis arrive demain",
    "Prêt ? Rendez-vous à 9h",
    "Café crème à 2€ : c’est « offert »",
)


def _sms() -> Topic:
    samples = []
    for text in SMS_SAMPLES:
        read = analyse_sms(text)
        samples.append(
            f"• `{text}` → {read.encoding_name}, {read.segments} SMS ({read.length} characters): {read.reason}"
        )
    return Topic(
        name="sms",
        title="SMS text: encoding and segments",
        summary="GSM or UCS-2, 160 or 70 characters: what one SMS holds and what it costs",
        sections=(
            "*GSM 03.38* (the SMS alphabet: letters, digits, most French accents such as é è à ù) fits "
            "*160 characters* in one SMS, *153* per SMS beyond. `^ { } [ ] ~ | € \\` count twice.",
            "*UCS-2* is needed as soon as one character is outside it (ê, ’ curly apostrophe, « », emoji…): "
            "*70 characters* in one SMS, *67* per SMS beyond — a long text may cost twice as much.",
            "The card shows the encoding, the number of SMS per recipient, the characters that force UCS-2 "
            "and the units it will cost. `encoding=` is left out (Relais picks the cheapest that fits) or "
            "`gsm` / `ucs2`. A message holds at most 1,000 characters.",
            "\n".join(samples),
        ),
        examples=(
            "/push sms 0612345678 Bonjour, votre colis arrive demain",
            "/push sms 0612345678 Café crème à 2€ : c’est « offert »",
            "/push sms 0612345678 encoding=gsm Bonjour",
        ),
        aliases=("encoding", "gsm", "ucs2", "ucs-2", "segments", "unicode", "characters"),
    )


# -- one topic per command: its options ----------------------------------------------------------
#: ``… export sep=;``: one meaning wherever a listing can be exported.
SEP_MEANING = "after `export`: the CSV file's separator, `;` or `,` (by default `;` for French speakers, else `,`)"
#: Every option a command's usage lines show (``key=``), with what it means: one place.
OPTION_MEANINGS: dict[str, dict[str, str]] = {
    "/push": {
        "at": "when to send, Paris time (`/relais help dates`); left out: now",
        "from": "the sender name shown on phones instead of the account's default",
        "flash": "`yes`: a flash SMS, shown on the screen at once and not stored",
        "duplicates": "`yes`: a number given twice is sent (and billed) twice; by default once",
        "encoding": "`gsm` or `ucs2`; left out, the cheapest that fits (`/relais help sms`)",
        "template": "a predefined message by its title (`/push templates`), sent as the text",
        "file": "voice: the recorded message (wav or mp3); mail: the file attached",
        "subject": "the mail's subject (quoted when it has spaces)",
        "format": "`html`: the mail's text is HTML; by default plain text",
        "open_tag": "`yes`: count who opens the mail",
        "criteria": "which contacts: `field=value` joined by AND / OR, on the contact fields (`/push fields`)",
        "to": "numbers or addresses sent to as well as the contacts the criteria pick",
        "sep": SEP_MEANING,
        "nature": "`promo` or `transactional`: whether the French marketing rules apply (`/relais help rules`); "
        "left out, the channel's default",
    },
    "/contact": {
        "name": "the family name (`Durand`)",
        "lastname": "the first name (`Alice`): Clever's word for it",
        "gsm": "the mobile number (`/relais help phones`)",
        "email": "the e-mail address",
        "city": "the city",
        "duplicates": "`yes`: create it even when a contact with the same name and mobile exists",
        "reason": "why a number leaves the opt-out list (`optout remove`: required, kept in the audit log)",
    },
    "/number": {
        "zone": "the zone's code, e.g. `fr_01` (`/number zones`); Cliqphone's `code=` works too",
        "active": "active or not: `yes` or `no` (`etat=`)",
        "type": "numbers: `phone` or `fax` (`TE` / `FA`); media: `R` answering machine, `ME` recording message, "
        "`PB` playback, `MI` introduction message, `MA` music on hold",
        "number": "the number with its country code, digits only: `33187224467` (`numero=`)",
        "campaign": "the campaign a number belongs to (`compagne=`)",
        "holder": "the number's holder (`porteur=`, `nomPorteur=`)",
        "name": "the medium's name (`nom=`)",
        "description": "what the number is for, shown in listings",
        "ring": "how many seconds it rings before the forward applies",
        "forward_to": "the number calls are forwarded to",
        "sep": SEP_MEANING,
    },
    "/callback": {
        "popup": "the pop-up, by id or name (`/callback popup list`); left out: the first one",
        "retries": "how many more tries when nobody answers, 0 to 9",
        "record": "`yes`: record the conversation (`/callback recording` fetches it)",
        "max": "the longest call, in seconds (10 to 10,000)",
        "delay": "wait this many seconds before dialling (10 to 1,000)",
        "name": "the caller's name shown to operators; for a pop-up, its name",
        "ring": "how many seconds the operator's phone rings before the next is tried",
        "position": "the operator's place in the calling order (smallest first)",
        "planning": "the planning whose hours say when the pop-up is open",
        "open": "the operator group called during opening hours",
        "closed": "the operator group called outside them",
        "direction": "who is called first: `OPERATEUR` or `INTERNAUTE` (the visitor)",
        "locale": "the language of the voice messages: `fr` or `en`",
        "voice": "the voice of the messages: `f` or `m`",
        "id": "a Centrex account's id",
        "number": "a phone number of the Centrex account",
        "state": "`active` or `suspended`",
        "site": "the Centrex account's site (`Paris`)",
        "since": "last registered at or after this moment, Paris time (`hier 8h`, `01/11/2026 08:00`; a day: "
        "from its start)",
        "until": "last registered before this moment, Paris time (a day: to its end)",
        "sep": SEP_MEANING,
    },
}
#: Placeholders of usage lines, not options: `[field=value …]`, `[key=value …]`, `criteria="field=value AND …"`.
_PLACEHOLDERS = {"field", "key"}
_OPTION = re.compile(r"(?<![\w=\"])([a-z_]+)=")


def options_in(command: Command) -> dict[str, list[str]]:
    """The options the usage lines of ``command`` show: option → the subcommands that take it, in order."""
    found: dict[str, list[str]] = {}
    subs = [*command.subcommands.values(), *([command.fallback] if command.fallback else [])]
    for sub in subs:
        # A quoted value's inside (`criteria="field=value AND …"`) holds no option of its own.
        usage = re.sub(r'"[^"]*"', '""', sub.usage)
        for option in _OPTION.findall(usage):
            if option not in _PLACEHOLDERS and sub.name not in found.setdefault(option, []):
                found[option].append(sub.name)
    return found


def _command_topic(command: Command) -> Topic:
    meanings = OPTION_MEANINGS.get(command.name, {})
    lines = [
        f"• `{option}=` — {meanings.get(option, '')} _({', '.join(subs)})_"
        for option, subs in options_in(command).items()
    ]
    word = command.name.lstrip("/")
    return Topic(
        name=word,
        title=f"{command.name} options",
        summary=f"the options of {command.name}, with their meaning",
        sections=(
            f"{command.description}. Options are `key=value` after the subcommand's words "
            f"(`/relais help options`); in brackets, the subcommands that take each. `{command.name} help` "
            "lists the subcommands.",
            "\n".join(lines) or "_no options_",
        ),
    )


def topics(registry: Registry, now: datetime) -> list[Topic]:
    """Every topic, in the order `/relais help` lists them; ``now`` (Paris) for the dates' readings."""
    commands = [command for command in registry.commands.values() if command.name in OPTION_MEANINGS]
    return [
        _dates(now),
        PHONES,
        OPTIONS,
        _sms(),
        EXPORTS,
        rules_topic(),
        *(_command_topic(command) for command in commands),
    ]


def find_topic(all_topics: list[Topic], typed: str) -> Topic | None:
    """The topic ``typed`` names (by name, else by alias; whatever the case and accents; `/push` as `push`)."""
    wanted = fold(typed.strip().lstrip("/"))
    named = [topic for topic in all_topics if fold(topic.name) == wanted]
    aliased = [topic for topic in all_topics if wanted in {fold(alias) for alias in topic.aliases}]
    return next(iter(named + aliased), None)


def nearest_topics(all_topics: list[Topic], typed: str) -> list[str]:
    """The topic names nearest to a mistyped one (its aliases count, the topic's name is offered)."""
    by_word = {word: topic.name for topic in all_topics for word in (topic.name, *topic.aliases)}
    near = closest(typed.strip().lstrip("/"), by_word)
    return list(dict.fromkeys(by_word[word] for word in near))
