"""The sending subcommands of ``/push``: sms, tts, voice and mail to a list, criteria and broadcast.

Each is a push form (``handlers.clever.push_form``): a command line is read by the one
grammar (recipients first for a list, then ``key=value`` options, then the message) into
a draft (``handlers.clever.push_draft``); given no arguments, the subcommand opens the push
modal instead (``handlers.clever.push_modal``). A broadcast is for admins only.
"""

from __future__ import annotations

from handlers.clever.kit import clever
from handlers.clever.push_form import PushForm

__all__: list[str] = []


def _sending(form: PushForm, *, summary: str, usage: str, example: str, operations: tuple[str, ...]) -> None:
    """Declare ``/push <channel>`` (to a list) or ``/push criteria|broadcast``: the form names its subcommand."""
    name = form.channel if form.audience == "list" else form.audience
    form.declare(clever, "/push", name, summary=summary, usage=usage, example=example, operations=operations)


_sending(
    PushForm("list", "sms"),
    summary="Send an SMS campaign (confirmation card first; no arguments: a form with a file input)",
    usage="/push sms <numbers> [nature=…] [at=…] [from=…] [flash=yes] [duplicates=yes] [encoding=…] [template=…] "
    "<text>",
    example="/push sms +33612345678,0698765432 nature=transactional from=RELAIS Votre colis arrive demain",
    operations=("M11",),
)
_sending(
    PushForm("list", "tts"),
    summary="Send a text-to-speech voice campaign",
    usage="/push tts <numbers> [nature=…] [at=…] [template=…] <text>",
    example="/push tts +33612345678 nature=transactional Bonjour, ceci est un message vocal de Relais",
    operations=("M11",),
)
_sending(
    PushForm("list", "voice"),
    summary="Send a recorded voice message (wav or mp3 file name)",
    usage="/push voice <numbers> file=<name.mp3> [nature=…] [at=…] <text>",
    example="/push voice +33612345678 file=annonce.mp3 nature=transactional Annonce du jour",
    operations=("M11",),
)
_sending(
    PushForm("list", "mail"),
    summary="Send a mail campaign",
    usage='/push mail <addresses> subject="…" [nature=…] [format=html] [file=x.pdf] [open_tag=yes] [at=…] <text>',
    example='/push mail marie.dupont@example.fr subject="Lettre" Bonjour, voici nos nouvelles',
    operations=("M12",),
)
_sending(
    PushForm("criteria"),
    summary="Send to the contacts matching criteria (sms or mail)",
    usage='/push criteria sms|mail criteria="field=value AND …" [nature=…] [subject=…] [to=…] <text>',
    example='/push criteria sms criteria="diffusion=on AND BRINGUP=oui" nature=trans Rappel : réunion demain 9h',
    operations=("M13", "M14", "M24"),
)
_sending(
    PushForm("broadcast"),
    summary="Send to every contact of the account (sms or mail)",
    usage="/push broadcast sms|mail [nature=…] [subject=…] [template=…] <text>",
    example="/push broadcast sms nature=transactional Coupure prévue demain de 9h à 12h",
    operations=("M15", "M16", "M9"),
)
