"""A Clever Multimedias push, checked and costed before anything is sent. Pure: no I/O.

``plan_push`` takes what the user gave (a command's options or a modal's fields, already
read into a ``PushDraft``) and returns the vendor request, the estimate and the lines of
the confirmation card, or one ``FieldErrors`` with every broken rule. The rules are the
document's (§3.11–§3.16) and docs/decisions.md's ("Units", "SMS length", "filename",
"hd_send", "Criteria").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from bot.rules.fields import FieldError, FieldErrors, check_email, check_int, check_schedule, collect
from bot.rules.grammar import parse_yes_no
from bot.rules.phones import parse_phone
from bot.rules.recipients import RecipientList, is_landline, parse_email_list, parse_phone_list, split_entries
from bot.rules.sms import Encoding, SmsText, analyse_sms

__all__ = [
    "CHANNELS",
    "PushDraft",
    "PushPlan",
    "check_criteria",
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


@dataclass
class PushPlan:
    family: Literal["sms", "mail"]
    audience: Audience
    channel: Channel
    request: dict[str, Any]  # the ``datas`` object, ready to send
    estimate: int  # units
    recipients: RecipientList | None
    sms: SmsText | None
    schedule: datetime | None
    preview: list[str] = field(default_factory=list)
    text: str = ""  # what recipients will read (a predefined message resolved), whatever the request carries


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


_CRITERION = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=|!=|<>)\s*('[^']*'|\"[^\"]*\"|[^\s()]+)\s*")
_JOINER = re.compile(r"\s*(and|or)\b\s*", re.IGNORECASE)


def check_criteria(field_name: str, value: str, known: set[str] | None = None) -> str:
    """§3.13 "field='value' AND field='value' …": comparisons joined by AND / OR, parentheses allowed."""
    text = value.strip()
    if not text:
        raise FieldError(field_name, "required", "e.g. `diffusion=on AND BRINGUP=oui`")
    fields = _criteria_fields(field_name, text)
    if known is not None:
        unknown = sorted({f for f in fields if f.lower() not in {k.lower() for k in known}})
        if unknown:
            raise FieldError(
                field_name,
                f"unknown field {', '.join(unknown)}",
                f"use a contact field or an additional one: {_listed(sorted(known), 12)} (`/push fields` lists them)",
            )
    return text


def _criteria_fields(field_name: str, text: str) -> list[str]:
    fields: list[str] = []
    depth, position, expect_term = 0, 0, True
    while position < len(text):
        if text[position].isspace():
            position += 1
        elif expect_term and text[position] == "(":
            depth, position = depth + 1, position + 1
        elif not expect_term and text[position] == ")" and depth > 0:
            depth, position = depth - 1, position + 1
        elif expect_term and (match := _CRITERION.match(text, position)):
            fields.append(match.group(1))
            position, expect_term = match.end(), False
        elif not expect_term and (match := _JOINER.match(text, position)):
            position, expect_term = match.end(), True
        else:
            raise FieldError(
                field_name,
                f"cannot read `{text[position : position + 20]}` (character {position + 1})",
                "write field=value joined by AND / OR, e.g. `diffusion=on AND (city=Paris OR city=Lyon)`",
            )
    if expect_term or depth:
        raise FieldError(field_name, "the expression is incomplete", "e.g. `diffusion=on AND BRINGUP=oui`")
    return fields


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
    credit: int | None = None,
) -> PushPlan:
    """Check every field of ``draft``; FieldErrors lists them all."""
    family: Literal["sms", "mail"] = "mail" if draft.channel == "mail" else "sms"
    checked = _Checked()
    text = _template_text(draft, templates)
    checks = [
        lambda: checked.run("recipients", lambda: _recipients(draft, family)),
        lambda: checked.run("at", lambda: check_schedule("at", draft.at, now=now) if draft.at.strip() else None),
        lambda: checked.run("keep", lambda: parse_yes_no("duplicates", draft.keep_duplicates, empty=False)),
    ]
    if draft.audience == "criteria":
        checks.append(lambda: checked.run("criteria", lambda: check_criteria("criteria", draft.criteria, known_fields)))
    if family == "sms":
        checks += _sms_checks(draft, checked, text)
    else:
        checks += _mail_checks(draft, checked, text)
    collect(*checks)
    return _assemble(draft, family, checked.values, text, audience_size=audience_size, credit=credit)


def _template_text(draft: PushDraft, templates: dict[str, str] | None) -> str:
    if not draft.template.strip():
        return draft.text
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
    wanted = draft.template.strip().lower()
    for title, message in (templates or {}).items():
        if title.lower() == wanted:
            return message
    known = ", ".join(f"`{t}`" for t in templates or {}) or "none"
    raise FieldErrors(
        [FieldError("template", f"no predefined message is titled `{draft.template}`", f"known: {known}")]
    )


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
    encoding = draft.encoding.strip().lower() or "auto"
    checks = [
        lambda: checked.run("encoding", lambda: _encoding(encoding)),
        # A bad encoding is reported once, by the line above; the text is then read as "auto".
        lambda: checked.run("sms", lambda: analyse_sms(text, encoding=_encoding_or_auto(encoding))),
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


def _listed(names: list[str], most: int) -> str:
    """Names for a message: whole ones only, and how many more."""
    shown = ", ".join(names[:most])
    return f"{shown} and {len(names) - most} more" if len(names) > most else shown


def _encoding_or_auto(value: str) -> Encoding:
    return value if value in {"auto", "gsm", "ucs2"} else "auto"  # type: ignore[return-value]


def _encoding(value: str) -> Encoding:
    if value not in {"auto", "gsm", "ucs2"}:
        raise FieldError("encoding", f"`{value}` is not auto, gsm or ucs2", "leave it out: Relais picks the cheapest")
    return value  # type: ignore[return-value]


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


def _assemble(
    draft: PushDraft,
    family: Literal["sms", "mail"],
    values: dict[str, Any],
    text: str,
    *,
    audience_size: int | None,
    credit: int | None,
) -> PushPlan:
    recipients: RecipientList | None = values["recipients"]
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
    if family == "sms":
        assert sms is not None
        request |= _sms_request(draft, values, numbers, sms)
        units = estimate_units(draft.channel, numbers, sms.segments)
    else:
        request |= _mail_request(values, numbers)
        units = estimate_units("mail", numbers, 1)
    plan = PushPlan(family, draft.audience, draft.channel, request, units, recipients, sms, schedule, text=text)
    plan.preview = _preview(plan, draft, values, audience_size=audience_size, credit=credit)
    return plan


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


_AUDIENCES = {"list": "", "criteria": " by criteria", "broadcast": " to all contacts"}


def _preview(
    plan: PushPlan, draft: PushDraft, values: dict[str, Any], *, audience_size: int | None, credit: int | None
) -> list[str]:
    lines = [f"Channel: *{plan.channel.upper()}*{_AUDIENCES[plan.audience]}"]
    if plan.audience == "criteria":
        lines.append(f"Criteria: `{values['criteria']}`")
    if plan.recipients is not None:
        extra = " (added to the matching contacts)" if plan.audience != "list" else ""
        lines.append(f"Recipients: {plan.recipients.summary()}{extra}")
        lines.extend(f"   ↳ {line}" for line in plan.recipients.invalid_lines(5))
        shown = ", ".join(plan.recipients.valid[:5])
        more = f" … and {len(plan.recipients.valid) - 5:,} more" if len(plan.recipients.valid) > 5 else ""
        lines.append(f"   ↳ {shown}{more}")
    if plan.audience != "list":
        count = f"up to {audience_size:,} contacts" if audience_size is not None else "the matching contacts"
        lines.append(f"Contacts reached: {count} (the vendor picks them when sending)")
    if plan.sms is not None and plan.channel in {"tts", "voice"}:
        # Read out (or played) rather than texted, but billed per SMS of text (decisions "Units").
        lines.append(f"Billed as {plan.sms.segments} SMS per recipient ({plan.sms.length:,} characters of text)")
    elif plan.sms is not None:
        lines.append(f"Encoding: {plan.sms.encoding_name} — {plan.sms.reason}")
        lines.append(f"Segments per message: {plan.sms.segments} ({plan.sms.length:,} {_unit_name(plan.sms)})")
    else:
        mail_format = {"brut": "plain text", "html": "HTML"}.get(values["type_mail"], values["type_mail"])
        opens = " · opens tracked" if values.get("open_tag") else ""
        lines.append(f"Subject: {values['subject']} · {mail_format}{opens}")
    lines.append(_units_line(plan, audience_size, credit))
    when = f"{plan.schedule:%Y-%m-%d %H:%M} (Europe/Paris)" if plan.schedule else "now"
    lines.append(f"Schedule: {when}")
    if plan.family == "sms":
        lines.append(f"Sender: {values['sender'] or 'the account default'}" + (" · flash" if values["flash"] else ""))
    if values.get("filename"):
        lines.append(f"File: {values['filename']}")
    template = f" (predefined message «{draft.template.strip()}»)" if draft.template.strip() else ""
    lines.append(f"Message{template}: {_excerpt(plan.text)}")
    return lines


def _unit_name(sms: SmsText) -> str:
    return "GSM characters" if sms.encodage == 3 else "UCS-2 characters"


def _units_line(plan: PushPlan, audience_size: int | None, credit: int | None) -> str:
    estimate = plan.estimate
    if plan.audience != "list" and audience_size is not None:
        # The contacts' own rate per channel (decisions "Units"): TTS and voice cost more than SMS.
        per = {"mail": UNITS_MAIL, "voice": UNITS_VOICE}.get(plan.channel)
        if per is None:
            per = plan.sms.segments * (UNITS_TTS if plan.channel == "tts" else UNITS_SMS) if plan.sms else UNITS_MAIL
        estimate += per * audience_size
        plan.estimate = estimate
    line = f"Estimated units: ≈ {estimate:,}"
    if plan.request.get("all_number") == 1:
        line += " (more: second numbers and landlines are reached too)"  # each at its own rate
    elif plan.audience == "criteria":
        line += " (at most: the criteria may match fewer contacts)"
    if credit is not None:
        left = credit - estimate
        warn = " :warning: not enough credit" if left < 0 else ""
        line += f" · credit left after: {left:,} of {credit:,}{warn}"
    return line


def _excerpt(text: str, limit: int = 200) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
