"""The confirmation card's lines for a planned push: channel, recipients, encoding, units, schedule, message.

Pure wording: the plan (``handlers.clever.push_rules``) holds every decision; this says it.
"""

from __future__ import annotations

from bot.rules.dates import Language, say_moment
from bot.rules.recipients import is_landline, numbers_in_text
from bot.rules.sms import SmsText, gsm_offer
from bot.slack.blockkit import plural
from bot.vendors.clever.models import SmsPushRequest
from handlers.clever.campaign_card import audience_words
from handlers.clever.push_rules import PushPlan

__all__ = ["preview_lines", "summary_line", "title"]


def title(plan: PushPlan) -> str:
    return f"Send {plan.channel.upper()} campaign" + audience_words(plan.audience)


def summary_line(plan: PushPlan) -> str:
    """The encoding / billing line the campaign card keeps under its fields."""
    if plan.sms is None:
        return "mail"
    if plan.channel in {"tts", "voice"}:
        return f"{plan.channel.upper()} · billed as {plan.sms.segments} SMS per recipient"
    return f"{plan.sms.encoding_name} · {plan.sms.segments} SMS per message"


def preview_lines(
    plan: PushPlan, *, template: str = "", audience_size: int | None, credit: int | None, language: Language = "en"
) -> list[str]:
    request = plan.request
    lines = [f"Channel: *{plan.channel.upper()}*{audience_words(plan.audience)}"]
    if plan.audience == "criteria":
        lines.append(f"Criteria: `{request.criteria}`")
    if plan.recipients is not None:
        extra = " (added to the matching contacts)" if plan.audience != "list" else ""
        lines.append(f"Recipients: {plan.recipients.summary()}{extra}")
        lines.extend(f"   ↳ {line}" for line in plan.recipients.invalid_lines(5))
        shown = ", ".join(plan.recipients.valid[:5])
        more = f" … and {len(plan.recipients.valid) - 5:,} more" if len(plan.recipients.valid) > 5 else ""
        lines.append(f"   ↳ {shown}{more}")
        if plan.opted_out:
            left_out = plural(len(plan.opted_out), "opted-out number")
            lines.append(f":no_bell: {left_out} left out: they replied STOP to a campaign (the button lists them)")
        lines.extend(_other_channel_lines(plan))
    if plan.audience != "list":
        count = f"up to {audience_size:,} contacts" if audience_size is not None else "the matching contacts"
        lines.append(f"Contacts reached: {count} (the vendor picks them when sending)")
    if plan.sms is not None and plan.channel in {"tts", "voice"}:
        # Read out (or played) rather than texted, but billed per SMS of text (decisions "Units").
        lines.append(f"Billed as {plan.sms.segments} SMS per recipient ({plan.sms.length:,} characters of text)")
    elif plan.sms is not None:
        lines.append(f"Encoding: {plan.sms.encoding_name} — {plan.sms.reason}")
        lines.append(f"Segments per message: {plan.sms.segments} ({plan.sms.length:,} {_unit_name(plan.sms)})")
        offer = gsm_offer(plan.sms)
        if offer is not None:
            lines.append(f":bulb: With GSM equivalents, {offer.summary()}")
    elif not isinstance(request, SmsPushRequest):
        mail_format = {"brut": "plain text", "html": "HTML"}.get(request.type_mail or "", request.type_mail)
        opens = " · opens tracked" if request.open_tag else ""
        lines.append(f"Subject: {request.email_subject} · {mail_format}{opens}")
    lines.append(_units_line(plan, credit))
    when = say_moment(plan.schedule, language) if plan.schedule else "now"
    lines.append(f"Schedule: {when}")
    if isinstance(request, SmsPushRequest):
        flash = " · flash" if request.options == "F0" else ""
        lines.append(f"Sender: {request.short_code or 'the account default'}" + flash)
    if request.filename:
        lines.append(f"File: {request.filename}")
    named = f" (predefined message «{template.strip()}»)" if template.strip() else ""
    lines.append(f"Message{named}: {_excerpt(plan.text)}")
    lines.extend(
        f":mag: `{number}` in the message looks like a phone number: it is sent as text, to nobody. "
        "Recipients go before the options and the text."
        for number in numbers_in_text(plan.text)[:3]
    )
    return lines


def _other_channel_lines(plan: PushPlan) -> list[str]:
    """Recipients who will not get what the channel says: a landline cannot receive an SMS, it rings."""
    if plan.channel != "sms" or plan.recipients is None:
        return []
    landlines = [number for number in plan.recipients.valid if is_landline(number)]
    if not landlines:
        return []
    shown = ", ".join(landlines[:5]) + (f" … and {len(landlines) - 5:,} more" if len(landlines) > 5 else "")
    calls = "landline gets a voice call" if len(landlines) == 1 else "landlines get a voice call"
    return [f":telephone_receiver: {len(landlines):,} {calls} reading the message aloud (billed as TTS): {shown}"]


def _unit_name(sms: SmsText) -> str:
    return "GSM characters" if sms.encodage == 3 else "UCS-2 characters"


def _units_line(plan: PushPlan, credit: int | None) -> str:
    estimate = plan.estimate
    line = f"Estimated units: ≈ {estimate:,}"
    if isinstance(plan.request, SmsPushRequest) and plan.request.all_number == 1:
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
