"""The push form: one ``bot.slack.forms.Form`` per sending subcommand of ``/push``.

What a push form is about is its ``PushKind``: the family (sms or mail, which picks the
modal), the audience (a list, criteria, every contact) and the channel the modal opens
with. ``/push sms|tts|voice|mail`` know theirs; ``/push criteria|broadcast`` read the
family from their first word. Both doors share the one check (``push_prepare.plan``,
i.e. ``plan_push``) against what the vendor lists (``push_prepare.read_for``), then stage
the same card (``push_prepare.stage``).

Two steps differ from the plain form, on purpose: the modal's inline errors are looser
than the final check (``push_modal.loose_errors``: the predefined message and the
recipients file are only read after the submission), and the submission downloads the
recipients file, then is checked against the vendor's listings as a command line is.
Six modals (family × audience) answer: each belongs to the subcommand that owns it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from bot.slack.context import BaseContext, CommandContext, ViewContext
from bot.slack.forms import Form, Values
from handlers.clever.kit import CleverKit
from handlers.clever.push_draft import contacts_draft, contacts_family, list_draft
from handlers.clever.push_modal import (
    add_recipients_file,
    callback_id,
    draft_from_view,
    loose_errors,
    modal_fields,
    modal_title,
    stored_criteria_fields,
)
from handlers.clever.push_prepare import PreparedPush, PushReads, plan, read_for, stage
from handlers.clever.push_rules import PushDraft

__all__ = ["POST_IN", "PushForm", "PushKind", "with_default_sender"]

#: The channel picker of a push form opened where no channel is known (a global shortcut): the
#: confirmation card, then the campaign card, go to the channel picked.
POST_IN = "post_in"


@dataclass(frozen=True)
class PushKind:
    """What a push form is about: its family (the modal), its audience, the channel it opens with."""

    family: str  # "sms" or "mail"
    audience: str  # "list", "criteria" or "broadcast"
    channel: str  # sms, tts, voice or mail
    nature: str = ""  # the nature the modal starts with: the channel's default (``open``)


@dataclass(frozen=True)
class PushForm(Form[CleverKit, PushKind, PushReads, PreparedPush]):
    """``/push <channel>`` to a list (``audience="list"``), or ``/push criteria|broadcast sms|mail``."""

    audience: str
    #: The channel of ``/push <channel>`` (a list); for criteria and broadcast, read from the line.
    channel: str = ""
    submit_label: str = "Preview"

    @property
    def admin_only(self) -> bool:  # type: ignore[override]
        return self.audience == "broadcast"

    # -- what it is about ------------------------------------------------------------------------------
    def subject(self, kit: CleverKit, text: str) -> tuple[PushKind, str]:
        if self.audience == "list":
            return PushKind("mail" if self.channel == "mail" else "sms", "list", self.channel), text
        family, rest = contacts_family(self.audience, text)
        return PushKind(family or "sms", self.audience, family or "sms"), rest

    def restore(self, ctx: ViewContext) -> PushKind:
        family, audience = str(ctx.metadata.get("family", "sms")), str(ctx.metadata.get("audience", "list"))
        channel = "mail" if family == "mail" else str(ctx.values.get("channel") or "sms")
        return PushKind(family, audience, channel)

    # -- the modal -------------------------------------------------------------------------------------
    def fields(self, kit: CleverKit, subject: PushKind) -> list[dict[str, Any]]:
        return modal_fields(kit, subject.family, subject.audience, subject.channel, subject.nature)

    def title_for(self, subject: PushKind) -> str:
        return modal_title(subject.audience, subject.channel)

    def view_for(self, subject: PushKind) -> str:
        return callback_id(subject.family, subject.audience)

    def views(self) -> tuple[str, ...]:
        if self.audience != "list":
            return (callback_id("sms", self.audience), callback_id("mail", self.audience))
        # /push tts and /push voice open the SMS modal (its channel select), which /push sms answers.
        return (callback_id(self.channel, "list"),) if self.channel in {"sms", "mail"} else ()

    def metadata(self, subject: PushKind) -> dict[str, Any]:
        return {"family": subject.family, "audience": subject.audience}

    def open(self, ctx: BaseContext, kit: CleverKit, subject: PushKind) -> None:
        """The modal, its nature chosen as the channel's default (``/relais settings``)."""
        super().open(ctx, kit, replace(subject, nature=subject.nature or ctx.settings.nature))

    # -- the check -------------------------------------------------------------------------------------
    def parse(self, kit: CleverKit, subject: PushKind, line: str) -> Values:
        if subject.audience == "list":
            return {"draft": list_draft(subject.channel, line)}
        return {"draft": contacts_draft(subject.audience, subject.family, line)}

    def submitted(self, ctx: ViewContext, subject: PushKind) -> Values:
        return {"draft": draft_from_view(ctx)}

    def listed(self, kit: CleverKit, subject: PushKind, values: Values) -> PushReads:
        return read_for(kit, values["draft"])

    def offered(self, kit: CleverKit, ctx: ViewContext) -> PushReads:
        """Nothing read from the vendor: the criteria field names kept when the modal opened."""
        audience = ctx.metadata.get("audience", "list")
        return PushReads(kit.clock.now(), known_fields=stored_criteria_fields(kit) if audience == "criteria" else None)

    def check(self, values: Values, catalog: PushReads) -> PreparedPush:
        return plan(values["draft"], catalog)

    # -- the channel's default sender (``/relais settings sender=``), wherever the draft says none ---------------
    def write(self, ctx: BaseContext, kit: CleverKit, subject: PushKind, values: Values) -> None:
        super().write(ctx, kit, subject, {**values, "draft": with_default_sender(values["draft"], ctx)})

    def perform(self, ctx: BaseContext, kit: CleverKit, subject: PushKind, params: PreparedPush) -> None:
        if isinstance(ctx, CommandContext):
            stage(ctx, kit, params, command=f"/push {ctx.subcommand} {ctx.args}")
        elif isinstance(ctx, ViewContext):
            stage(ctx, kit, params, command=f"modal {ctx.callback_id}")
        else:
            raise TypeError("a push is written from its command or its modal")

    # -- the modal door: looser inline errors; the file read, then the command door's check -------------
    def validate(self, ctx: ViewContext, kit: CleverKit) -> dict[str, str]:
        catalog = self.offered(kit, ctx)
        return loose_errors(ctx, draft_from_view(ctx), lambda draft: self.check({"draft": draft}, catalog))

    def submit(self, ctx: ViewContext, kit: CleverKit) -> None:
        picked = ctx.values.get(POST_IN)
        if picked:
            ctx.channel_id = str(picked)
        subject = self.restore(ctx)
        values = self.submitted(ctx, subject)
        add_recipients_file(ctx, kit, values["draft"])
        self.write(ctx, kit, subject, values)


def with_default_sender(draft: PushDraft, ctx: BaseContext) -> PushDraft:
    """An SMS, TTS or voice draft without ``from=`` takes the channel's default sender (none set: the account's)."""
    if draft.channel == "mail" or draft.sender.strip() or not ctx.settings.sender:
        return draft
    return replace(draft, sender=ctx.settings.sender)
