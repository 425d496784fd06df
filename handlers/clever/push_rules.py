"""A Clever Multimedias push, checked and costed before anything is sent. Pure: no I/O.

``plan_push`` takes what the user gave (a command's options or a modal's fields, already
read into one ``PushDraft`` by ``handlers.clever.push_draft``) and returns a ``PushPlan``:
the typed vendor request and the estimate, or one ``FieldErrors`` with every broken rule.
The rules are the document's (§3.11–§3.16) and docs/decisions.md's ("Units", "SMS length",
"filename", "hd_send", "Criteria"). The card's words are ``handlers.clever.push_preview``'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal

from bot.rules.dates import check_schedule
from bot.rules.fields import FieldError, FieldErrors, check_email, check_int, collect
from bot.rules.grammar import parse_yes_no
from bot.rules.marketing import Nature, read_nature
from bot.rules.names import pick_name
from bot.rules.phones import parse_phone
from bot.rules.recipients import RecipientList, is_landline, parse_email_list, parse_phone_list, split_entries
from bot.rules.sms import Encoding, SmsText, analyse_sms, read_encoding
from bot.vendors.clever.models import MailPushRequest, SmsPushRequest
from handlers.clever.push_criteria import check_criteria

__all__ = [
    "CHANNELS",
    "Audience",
    "Channel",
    "PushDraft",
    "PushPlan",
    "check_filename",
    "check_sender",
    "estimate_units",
    "plan_push",
]

Channel = Literal["sms", "tts", "voice", "mail"]
Audience = Literal["list", "criteria", "broadcast"]
CHANNELS: tuple[Channel, ...] = ("sms", "tts", "voice", "mail")

# docs/decisions.md "Units": sms 7 per SMS per mobile, a landline goes as tts at 9; voice 9; mail 2.
UNITS_SMS, UNITS_TTS, UNITS_VOICE, UNITS_MAIL = 7, 9, 9, 2
MAX_SENDER = 11  # §3.11 "short_code: 11 caractères maximum"
MAX_SUBJECT = 255
MAX_MAIL_TEXT = 100_000
MAX_CASCADE_MINUTES = 1440
_SENDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .\-]*")
_FORBIDDEN_IN_FILENAME = set('<>:"/\\|?*')


@dataclass
class PushDraft:
    """What the user asked for, as typed (strings) or read from the modal."""

    channel: Channel
    audience: Audience = "list"
    recipients: str = ""  # typed or pasted
    file_entries: list[tuple[int, str]] | None = None  # (line, value) from a CSV / text file
    text: str = ""
    template: str = ""  # a predefined message's title (M25)
    subject: str = ""
    sender: str = ""
    at: str = ""
    filename: str = ""
    flash: str = ""
    keep_duplicates: str = ""
    encoding: str = "auto"
    type_mail: str = ""
    open_tag: str = ""
    criteria: str = ""
    mo_gsm: str = ""
    mo_mail: str = ""
    all_numbers: str = ""
    cascade: str = ""
    nature: str = ""  # promotional or transactional ("": the channel's default)


@dataclass
class PushPlan:
    family: Literal["sms", "mail"]
    audience: Audience
    channel: Channel
    request: SmsPushRequest | MailPushRequest  # the ``datas`` object, ready to send
    #: Units: the listed recipients, plus the contacts the vendor picks (at their rates) when counted.
    estimate: int
    recipients: RecipientList | None
    sms: SmsText | None
    schedule: datetime | None
    text: str = ""  # what recipients will read (a predefined message resolved), whatever the request carries
    template: str = ""  # the predefined message's title as Clever writes it ("" when none)
    nature: Nature | None = None  # as asked (None: the channel's default, read when the card is staged)
    #: Listed numbers left out because they opted out of promotional messages (``plan_push(dropped=…)``).
    opted_out: list[str] = field(default_factory=list)


def check_sender(field_name: str, value: str) -> str:
    """§3.11 short_code: at most 11 characters; letters, digits, spaces, dots and dashes (what handsets show)."""
    text = value.strip()
    if len(text) > MAX_SENDER:
        raise FieldError(field_name, f"`{text}` is {len(text)} characters, the limit is {MAX_SENDER}", "e.g. `RELAIS`")
    if text and not _SENDER.fullmatch(text):
        raise FieldError(
            field_name, f"`{text}`: letters, digits, spaces, dots and dashes only", "e.g. `RELAIS` or `Relais-75`"
        )
    return text


def check_filename(field_name: str, value: str, extensions: tuple[str, ...]) -> str:
    """§3.11 / §3.12 filename: the given extensions, none of < > : " / \\ | ? * (decisions: the blank is |)."""
    text = value.strip()
    bad = sorted(_FORBIDDEN_IN_FILENAME.intersection(text))
    if bad:
        raise FieldError(field_name, f"`{text}` contains {' '.join(bad)}", 'remove < > : " / \\ | ? * from the name')
    stem, dot, extension = text.rpartition(".")
    if not dot or not stem or extension.lower() not in extensions:
        wanted = " or ".join(f".{ext}" for ext in extensions)
        raise FieldError(field_name, f"`{text}` is not a {wanted} file name", f"e.g. `message{'.' + extensions[0]}`")
    return text


def estimate_units(channel: Channel, recipients: list[str], segments: int) -> int:
    """docs/decisions.md "Units"; landlines in an SMS push go as TTS."""
    if channel == "mail":
        return UNITS_MAIL * len(recipients)
    if channel == "voice":
        return UNITS_VOICE * len(recipients)
    if channel == "tts":
        return UNITS_TTS * segments * len(recipients)
    landlines = sum(1 for number in recipients if is_landline(number))
    return segments * (UNITS_TTS * landlines + UNITS_SMS * (len(recipients) - landlines))


# -- the plan ---------------------------------------------------------------------------------
@dataclass
class _Checked:
    values: dict[str, Any] = field(default_factory=dict)

    def run(self, name: str, check: Any) -> None:
        self.values[name] = check()


def plan_push(
    draft: PushDraft,
    *,
    now: datetime,
    templates: dict[str, str] | None = None,
    known_fields: set[str] | None = None,
    audience_size: int | None = None,
    dropped: frozenset[str] = frozenset(),
) -> PushPlan:
    """Check every field of ``draft``; FieldErrors lists them all. ``dropped``: listed numbers (E.164) to leave
    out, the opted-out ones of a promotional push (the plan says which in ``opted_out``)."""
    family: Literal["sms", "mail"] = "mail" if draft.channel == "mail" else "sms"
    checked = _Checked()
    draft, text = _template_text(draft, templates)
    checks = [
        lambda: checked.run("recipients", lambda: _recipients(draft, family)),
        lambda: checked.run("at", lambda: check_schedule("at", draft.at, now=now) if draft.at.strip() else None),
        lambda: checked.run("keep", lambda: parse_yes_no("duplicates", draft.keep_duplicates, empty=False)),
        lambda: checked.run("nature", lambda: read_nature("nature", draft.nature) if draft.nature.strip() else None),
    ]
    if draft.audience == "criteria":
        checks.append(lambda: checked.run("criteria", lambda: check_criteria("criteria", draft.criteria, known_fields)))
    if family == "sms":
        checks += _sms_checks(draft, checked, text)
    else:
        checks += _mail_checks(draft, checked, text)
    collect(*checks)
    return _assemble(draft, family, checked.values, text, audience_size=audience_size, dropped=dropped)


def _template_text(draft: PushDraft, templates: dict[str, str] | None) -> tuple[PushDraft, str]:
    """The draft with its predefined message's title as Clever writes it, and the text recipients read."""
    if not draft.template.strip():
        return draft, draft.text
    if draft.text.strip():
        raise FieldErrors(
            [
                FieldError(
                    "template",
                    "a predefined message and a typed message were both given",
                    "keep one: remove the text, or the template",
                )
            ]
        )
    known = templates or {}
    try:  # titles matched as typed (case, accents), a typo answered with the nearest titles
        title = pick_name(
            "template", draft.template, known, what="predefined message", hint="`/push templates` lists them"
        )
    except FieldError as error:
        raise FieldErrors([error]) from None
    return replace(draft, template=title), known[title]


def _recipients(draft: PushDraft, family: str) -> RecipientList | None:
    keep = parse_yes_no("duplicates", draft.keep_duplicates, empty=False)
    parse = parse_phone_list if family == "sms" else parse_email_list
    if draft.file_entries == [] and not draft.recipients.strip():
        return None  # a modal's file, read after the submission: checked then
    if draft.file_entries is not None:
        typed = [(0, value) for value in split_entries(draft.recipients)]
        result = parse([*typed, *draft.file_entries], keep_duplicates=keep, where="line")
    elif draft.recipients.strip():
        result = parse(split_entries(draft.recipients), keep_duplicates=keep)
    elif draft.audience == "list":
        example = "`+33612345678,0698765432`" if family == "sms" else "`jeanne@example.fr,paul@example.fr`"
        raise FieldError("recipients", "required", f"give at least one, e.g. {example}, or attach a file")
    else:
        return None  # criteria / broadcast: the vendor picks the contacts (decisions: a list is optional)
    if not result.valid:
        first = "; ".join(result.invalid_lines(3))
        raise FieldError("recipients", f"no valid recipient ({first})", "check the list")
    return result


def _sms_checks(draft: PushDraft, checked: _Checked, text: str) -> list[Any]:
    checks = [
        lambda: checked.run("encoding", lambda: read_encoding("encoding", draft.encoding)),
        # A bad encoding is reported once, by the line above; the text is then read as "auto".
        lambda: checked.run("sms", lambda: analyse_sms(text, encoding=_encoding_or_auto(draft.encoding))),
        lambda: checked.run("sender", lambda: check_sender("from", draft.sender)),
        lambda: checked.run("flash", lambda: parse_yes_no("flash", draft.flash, empty=False)),
    ]
    if draft.channel == "voice" or draft.filename.strip():
        checks.append(lambda: checked.run("filename", lambda: _voice_file(draft)))
    if draft.audience != "list":
        checks += [
            lambda: checked.run("mo_gsm", lambda: _mo_gsm(draft.mo_gsm)),
            lambda: checked.run("mo_mail", lambda: check_email("mo_mail", draft.mo_mail) if draft.mo_mail else None),
            lambda: checked.run("all_numbers", lambda: parse_yes_no("all_numbers", draft.all_numbers, empty=False)),
            lambda: checked.run("cascade", lambda: _cascade(draft.cascade)),
        ]
    return checks


def _encoding_or_auto(value: str) -> Encoding:
    try:
        return read_encoding("encoding", value)
    except FieldError:
        return "auto"


def _voice_file(draft: PushDraft) -> str:
    if not draft.filename.strip():
        raise FieldError("file", "a voice push needs the sound's file name", "e.g. `file=annonce.mp3` (wav or mp3)")
    return check_filename("file", draft.filename, ("wav", "mp3"))


def _mo_gsm(value: str) -> str | None:
    return parse_phone("mo_gsm", value).e164 if value.strip() else None


def _cascade(value: str) -> int | None:
    return check_int("cascade", value, minimum=1, maximum=MAX_CASCADE_MINUTES) if value.strip() else None


def _mail_checks(draft: PushDraft, checked: _Checked, text: str) -> list[Any]:
    return [
        lambda: checked.run("subject", lambda: _required("subject", draft.subject, MAX_SUBJECT)),
        lambda: checked.run("text", lambda: _required("text", text, MAX_MAIL_TEXT)),
        lambda: checked.run("type_mail", lambda: _type_mail(draft.type_mail)),
        lambda: checked.run("open_tag", lambda: parse_yes_no("open_tag", draft.open_tag, empty=False)),
        lambda: checked.run(
            "filename", lambda: check_filename("file", draft.filename, ("pdf",)) if draft.filename.strip() else None
        ),
    ]


def _required(name: str, value: str, maximum: int) -> str:
    text = value.strip()
    if not text:
        raise FieldError(name, "required", "fill it in")
    if len(text) > maximum:
        raise FieldError(name, f"{len(text):,} characters, the limit is {maximum:,}", "shorten it")
    return text


def _type_mail(value: str) -> str:
    text = value.strip().lower() or "brut"
    if text not in {"brut", "html"}:
        raise FieldError("format", f"`{value}` is not brut or html", "brut (plain text, the default) or html")
    return text


def _without(recipients: RecipientList | None, dropped: frozenset[str]) -> tuple[RecipientList | None, list[str]]:
    """The list without the ``dropped`` numbers, and those left out (in the list's order)."""
    if recipients is None or not dropped:
        return recipients, []
    left_out = [number for number in recipients.valid if number in dropped]
    if not left_out:
        return recipients, []
    kept = [number for number in recipients.valid if number not in dropped]
    if not kept:
        raise FieldError(
            "recipients",
            f"every recipient ({len(left_out):,}) opted out of promotional messages (replied STOP)",
            "send a notice with `nature=transactional` if it is one, or choose other recipients",
        )
    return replace(recipients, valid=kept), left_out


def _assemble(
    draft: PushDraft,
    family: Literal["sms", "mail"],
    values: dict[str, Any],
    text: str,
    *,
    audience_size: int | None,
    dropped: frozenset[str] = frozenset(),
) -> PushPlan:
    recipients, opted_out = _without(values["recipients"], dropped)
    schedule: datetime | None = values["at"]
    numbers = recipients.valid if recipients else []
    request: dict[str, Any] = {"text": text, "duplicates": 1 if values["keep"] else 0}
    if draft.template.strip() and draft.audience != "list":
        request["text"], request["predefined_message"] = draft.template.strip(), 1  # §3.13: text is the title
    if schedule is not None:
        request["hd_send"] = f"{schedule:%Y-%m-%d %H:%M:%S}"  # §3.11 "Format Y-m-d H:i:s", Paris time
    if draft.audience == "criteria":
        request["criteria"] = values["criteria"]
    sms: SmsText | None = values.get("sms")
    typed: SmsPushRequest | MailPushRequest
    if family == "sms":
        assert sms is not None
        typed = SmsPushRequest.model_validate(request | _sms_request(draft, values, numbers, sms))
        units = estimate_units(draft.channel, numbers, sms.segments)
    else:
        typed = MailPushRequest.model_validate(request | _mail_request(values, numbers))
        units = estimate_units("mail", numbers, 1)
    if draft.audience != "list" and audience_size is not None:
        units += _contact_rate(draft.channel, sms) * audience_size
    return PushPlan(
        family,
        draft.audience,
        draft.channel,
        typed,
        units,
        recipients,
        sms,
        schedule,
        text=text,
        template=draft.template,
        nature=values["nature"],
        opted_out=opted_out,
    )


def _contact_rate(channel: Channel, sms: SmsText | None) -> int:
    """Units per contact the vendor picks: the channel's own rate (decisions "Units"): TTS and voice cost more."""
    per = {"mail": UNITS_MAIL, "voice": UNITS_VOICE}.get(channel)
    if per is None:
        per = sms.segments * (UNITS_TTS if channel == "tts" else UNITS_SMS) if sms else UNITS_MAIL
    return per


def _sms_request(draft: PushDraft, values: dict[str, Any], numbers: list[str], sms: SmsText) -> dict[str, Any]:
    request: dict[str, Any] = {"encodage": sms.encodage, "type_push": draft.channel}
    request["options"] = "F0" if values["flash"] else "F1"
    if numbers:
        request["number_list"] = numbers
    optional = {
        "short_code": values["sender"] or None,
        "filename": values.get("filename"),
        "gsm_routage_mo": values.get("mo_gsm"),
        "mail_routage_mo": values.get("mo_mail"),
    }
    request |= {key: value for key, value in optional.items() if value}
    if values.get("all_numbers"):
        request["all_number"] = 1
    if values.get("cascade"):
        request |= {"cascade": 1, "time_cascade": values["cascade"]}
    return request


def _mail_request(values: dict[str, Any], emails: list[str]) -> dict[str, Any]:
    request: dict[str, Any] = {
        "email_subject": values["subject"],
        "type_mail": values["type_mail"],
        "type_push": "mail",
    }
    request["open_tag"] = 1 if values["open_tag"] else 0
    if emails:
        request["email_list"] = emails
    if values.get("filename"):
        request["filename"] = values["filename"]
    return request
