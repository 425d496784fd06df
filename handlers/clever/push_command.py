"""The sending subcommands of ``/push``: sms, tts, voice and mail to a list, criteria and broadcast.

A command line is read by the one grammar (recipients first for a list, then ``key=value``
options, then the message) into a draft (``handlers.clever.push_draft``); given no
arguments, the subcommand opens the push modal instead (``handlers.clever.push_modal``).
"""

from __future__ import annotations

from collections.abc import Callable

from bot.core.errors import UserError
from bot.rules.grammar import parse_options
from bot.rules.recipients import leading_recipients
from bot.slack.context import CommandContext
from handlers.clever.kit import CleverKit, clever
from handlers.clever.push_draft import draft_of
from handlers.clever.push_modal import open_push_modal
from handlers.clever.push_prepare import prepare

__all__ = ["GROUP_MAIL_OPTIONS", "GROUP_SMS_OPTIONS", "MAIL_OPTIONS", "SMS_OPTIONS"]

SMS_OPTIONS = {"at", "from", "flash", "duplicates", "encoding", "template", "file"}
GROUP_SMS_OPTIONS = SMS_OPTIONS | {"to", "criteria", "type", "mo_gsm", "mo_mail", "all_numbers", "cascade"}
MAIL_OPTIONS = {"at", "subject", "format", "file", "open_tag", "duplicates", "template"}
GROUP_MAIL_OPTIONS = MAIL_OPTIONS | {"to", "criteria"}

Handler = Callable[[CommandContext, CleverKit], None]


def _to_a_list(channel: str) -> Handler:
    """``/push <channel> <recipients> [options] <text>``: a push to the recipients given."""

    def send(ctx: CommandContext, kit: CleverKit) -> None:
        if not ctx.args.strip():
            open_push_modal(ctx, kit, "mail" if channel == "mail" else "sms", "list", channel)
            return
        recipients, rest = leading_recipients(ctx.args)
        known = MAIL_OPTIONS if channel == "mail" else SMS_OPTIONS
        options, text = parse_options(rest, known)
        _refuse_misplaced_options(text, known, f"/push {ctx.subcommand} {recipients}")
        draft = draft_of(channel, "list", recipients, options, text)
        prepare(ctx, kit, draft, command=f"/push {ctx.subcommand} {ctx.args}")

    return send


def _to_contacts(audience: str) -> Handler:
    """``/push criteria|broadcast sms|mail [options] <text>``: a push to the contacts the vendor picks."""

    def send(ctx: CommandContext, kit: CleverKit) -> None:
        family, _, rest = ctx.args.strip().partition(" ")
        family = family.lower()
        if family not in {"", "sms", "mail"}:
            raise UserError(f"channel: `{family}` is not sms or mail", hint=f"e.g. `/push {audience} sms …`")
        if not rest.strip():
            open_push_modal(ctx, kit, family or "sms", audience, family or "sms")
            return
        known = GROUP_MAIL_OPTIONS if family == "mail" else GROUP_SMS_OPTIONS
        options, text = parse_options(rest, known)
        _refuse_misplaced_options(text, known, f"/push {ctx.subcommand} {family}")
        channel = "mail" if family == "mail" else options.get("type", "sms").lower()
        if channel not in {"sms", "tts", "voice", "mail"}:
            raise UserError(f"type: `{channel}` is not sms, tts or voice", hint="e.g. type=tts")
        draft = draft_of(channel, audience, options.get("to", ""), options, text)
        prepare(ctx, kit, draft, command=f"/push {ctx.subcommand} {ctx.args}")

    return send


def _refuse_misplaced_options(text: str, known: set[str], head: str) -> None:
    """``Bonjour from=RELAIS``: an option written after the message would be sent as text."""
    for word in text.split():
        name, sep, _ = word.partition("=")
        if sep and name.lower() in known:
            raise UserError(
                f"`{word}` is in the message: options go before the text, or they are sent as words",
                hint=f"e.g. `{head} {word} {text.replace(word, '').strip()[:40]}`",
            )


clever.sub(
    "/push",
    "sms",
    summary="Send an SMS campaign (confirmation card first; no arguments: a form with a file input)",
    usage="/push sms <numbers> [at=…] [from=…] [flash=yes] [duplicates=yes] [encoding=…] [template=…] <text>",
    example="/push sms +33612345678,0698765432 from=RELAIS Bonjour, votre colis arrive demain",
    operations=("M11",),
)(_to_a_list("sms"))
clever.sub(
    "/push",
    "tts",
    summary="Send a text-to-speech voice campaign",
    usage="/push tts <numbers> [at=…] [template=…] <text>",
    example="/push tts +33612345678 Bonjour, ceci est un message vocal de Relais",
    operations=("M11",),
)(_to_a_list("tts"))
clever.sub(
    "/push",
    "voice",
    summary="Send a recorded voice message (wav or mp3 file name)",
    usage="/push voice <numbers> file=<name.mp3> [at=…] <text>",
    example="/push voice +33612345678 file=annonce.mp3 Annonce du jour",
    operations=("M11",),
)(_to_a_list("voice"))
clever.sub(
    "/push",
    "mail",
    summary="Send a mail campaign",
    usage='/push mail <addresses> subject="…" [format=html] [file=x.pdf] [open_tag=yes] [at=…] <text>',
    example='/push mail marie.dupont@example.fr subject="Lettre" Bonjour, voici nos nouvelles',
    operations=("M12",),
)(_to_a_list("mail"))
clever.sub(
    "/push",
    "criteria",
    summary="Send to the contacts matching criteria (sms or mail)",
    usage='/push criteria sms|mail criteria="field=value AND …" [subject=…] [to=…] <text>',
    example='/push criteria sms criteria="diffusion=on AND BRINGUP=oui" Rappel : réunion demain 9h',
    operations=("M13", "M14", "M24"),
)(_to_contacts("criteria"))
clever.sub(
    "/push",
    "broadcast",
    summary="Send to every contact of the account (sms or mail)",
    usage="/push broadcast sms|mail [subject=…] [template=…] <text>",
    example="/push broadcast sms Coupure prévue demain de 9h à 12h",
    admin_only=True,
    operations=("M15", "M16", "M9"),
)(_to_contacts("broadcast"))
