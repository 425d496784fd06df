"""/callback <number>: place a call (A24) behind a confirmation card, its live card, its summary; cancel (A25).

A placed call is kept in the store (``axialys.call:<id_tracking>``: channel, card ts,
pop-up, who, state) and marked pending (``axialys.pending:<id_popup>:<id_tracking>``).
One watcher job per pop-up (``handlers.axialys.call_watch``) lists that pop-up's calls once
per cycle and updates every pending card from that one listing.
"""

from __future__ import annotations

import time
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.core.safe_writes import Executor, Outcome, WriteRecord
from bot.rules.fields import FieldError, FieldErrors, check_int, check_ipv4, collect
from bot.rules.grammar import parse_yes_no
from bot.services import Services
from bot.slack.blockkit import (
    actions,
    button,
    checkboxes,
    context,
    fields_section,
    header,
    input_block,
    modal,
    section,
    static_select,
    text_input,
)
from bot.slack.context import ActionContext, BaseContext, CommandContext, ViewContext
from bot.slack.files import upload_file
from bot.vendors.axialys.client import RECORDING_TYPE, CallRequest
from bot.vendors.axialys.errors import VENDOR, AxialysError
from bot.vendors.axialys.models import VOICEMAIL_STATES, WAITING_STATES, call_answered, call_is_over, state_key
from bot.vendors.errors import VendorError
from handlers.axialys.common import audited, find_popup, options
from handlers.axialys.rules import (
    check_call_number,
    check_id_tracking,
    check_label,
    destination_candidates,
)
from handlers.confirmation import stage_and_confirm

__all__ = [
    "CALL_KIND",
    "CALL_VIEW",
    "CANCEL_ACTION",
    "CallRecord",
    "call_card",
    "call_executor",
    "call_modal",
    "cancel_click",
    "cancel_command",
    "duration",
    "load_call",
    "place_command",
    "recent_calls",
    "recording_command",
    "save_call",
    "state_words",
    "submit_call_modal",
    "validate_call_modal",
]

CALL_KIND = "axialys.call"
CALL_VIEW = "axialys.call"
CANCEL_ACTION = "axialys.call.cancel:"
CALL_OPTIONS = {"popup", "retries", "record", "max", "delay", "name", "usr1", "usr2", "usr3", "ip"}

#: Words for the states Relais knows; any other word is shown as Axialys wrote it (decisions "Call states").
_STATE_WORDS = {
    "EN_ATTENTE": ":hourglass_flowing_sand: waiting",
    "SONNERIE": ":bell: ringing",
    "EN_COURS": ":telephone_receiver: in progress",
    "REPONDU": ":white_check_mark: answered",
    "NON_REPONDU": ":x: not answered",
    "OCCUPE": ":no_entry: busy",
    "ECHEC": ":warning: failed",
    "ANNULE": ":no_entry_sign: cancelled",
    "FERME": ":lock: closed (outside opening hours)",
    **{key: ":mailbox: not answered: sent to the answering machine" for key in VOICEMAIL_STATES},
}


def state_words(state: str, talk_seconds: int | None = None) -> str:
    """A known state in words; an unknown one verbatim, answered or not told by the talk time when known."""
    known = _STATE_WORDS.get(state_key(state))
    if known is not None:
        return f"{known} ({state})"
    if not state.strip():
        return ":grey_question: no state given by Axialys yet"
    if talk_seconds is None or not call_is_over(state):
        return f":grey_question: Axialys says “{state}”"
    outcome = ":white_check_mark: answered" if talk_seconds > 0 else ":x: not answered"
    return f"{outcome} (Axialys says “{state}”)"


# -- the call record ------------------------------------------------------------------------------
class CallRecord(BaseModel):
    """A call placed from Relais. Keys it no longer has (``price_per_minute``) are ignored when a stored one loads."""

    model_config = ConfigDict(extra="ignore")

    id_tracking: int
    id_popup: int
    popup_name: str
    number: str  # +33612345678
    destination: str  # FR_Mobile
    destination_label: str
    user_id: str
    channel_id: str
    card_ts: str = ""
    state: str = "EN_ATTENTE"
    placed_at: float
    ring_seconds: int = 0
    talk_seconds: int = 0
    price: str = ""
    #: Placed with record=yes: once answered, ``/callback recording`` fetches the conversation (A21 type=rec).
    recorded: bool = False

    @property
    def final(self) -> bool:
        return call_is_over(self.state)

    @property
    def answered(self) -> bool:
        return call_answered(self.state, self.talk_seconds)

    @property
    def state_shown(self) -> str:
        return state_words(self.state, self.talk_seconds if self.final else None)


def _call_key(id_tracking: int) -> str:
    return f"axialys.call:{id_tracking}"


def pending_key(id_popup: int, id_tracking: int | None = None) -> str:
    return f"axialys.pending:{id_popup}:" + ("" if id_tracking is None else f"{id_tracking:012d}")


def _recent_key(call: CallRecord) -> str:
    return f"axialys.recent:{call.placed_at:017.6f}:{call.id_tracking}"


def load_call(services: Services, id_tracking: int) -> CallRecord | None:
    raw = services.store.get(_call_key(id_tracking))
    return CallRecord.model_validate(raw) if raw is not None else None


def save_call(services: Services, call: CallRecord) -> None:
    services.store.put(_call_key(call.id_tracking), call.model_dump(mode="json"))


def recent_calls(services: Services, limit: int = 10, *, asked_by: str | None = None) -> list[CallRecord]:
    """The newest calls placed from Relais; only those ``asked_by`` asked for, when given."""
    found: list[CallRecord] = []
    for _, id_tracking in services.store.scan("axialys.recent:", reverse=True, limit=None if asked_by else limit):
        call = load_call(services, int(id_tracking))
        if call is not None and (asked_by is None or call.user_id == asked_by):
            found.append(call)
            if len(found) == limit:
                break
    return found


# -- the call card --------------------------------------------------------------------------------
def call_card(call: CallRecord) -> tuple[str, list[dict[str, Any]]]:
    fields = [
        ("Tracking id", str(call.id_tracking)),
        ("Number", call.number),
        ("Pop-up", f"{call.popup_name} (#{call.id_popup})"),
        ("State", call.state_shown),
        ("Destination", f"{call.destination_label} ({call.destination})"),
        ("Asked by", f"<@{call.user_id}>"),
    ]
    blocks: list[dict[str, Any]] = [header(f"Callback #{call.id_tracking}"), fields_section(fields)]
    if state_key(call.state) in WAITING_STATES:
        blocks.append(
            actions(button("Cancel call", f"{CANCEL_ACTION}{call.id_tracking}", str(call.id_tracking), style="danger"))
        )
    elif call.final:
        blocks.append(context(_summary_line(call)))
    return f"Callback #{call.id_tracking} to {call.number}: {call.state_shown}", blocks


def duration(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def _summary_line(call: CallRecord) -> str:
    price = f"€{call.price}" if call.price else "—"
    return (
        f"{call.state_shown} · ring {duration(call.ring_seconds)} · talk {duration(call.talk_seconds)} · "
        f"{call.destination_label} ({call.destination}) · {price}"
    )


def summary_message(call: CallRecord) -> tuple[str, list[dict[str, Any]]]:
    pairs = [
        ("State", call.state_shown),
        ("Ring time", duration(call.ring_seconds)),
        ("Talk time", duration(call.talk_seconds)),
        ("Destination type", f"{call.destination_label} ({call.destination})"),
        ("Price", f"€{call.price}" if call.price else "—"),
    ]
    text = f"Call #{call.id_tracking} ended: {_summary_line(call)}"
    blocks = [section(f"*Call #{call.id_tracking} summary*"), fields_section(pairs)]
    if call.recorded and call.answered:
        blocks.append(context(f"Recorded: `/callback recording {call.id_tracking}` posts the conversation here."))
    return text, blocks


# -- placing a call: input, checks, confirmation ---------------------------------------------------
#: §6 lists nbressais, rec and dureemaxi as required (§1 requires rec only): Relais always sends them.
DEFAULT_RETRIES, DEFAULT_MAX_SECONDS = 0, 3600


class CallInput(BaseModel):
    number: str  # e164 with the plus
    popup: str | None = None
    retries: int = DEFAULT_RETRIES
    record: bool = False
    max_seconds: int = DEFAULT_MAX_SECONDS
    delay: int | None = None
    name: str | None = None
    usr: list[str] = []
    client_ip: str | None = None


def check_call_input(values: dict[str, str]) -> CallInput:
    """Every call field at once (command options or modal fields): FieldErrors lists all that fail."""
    found: dict[str, Any] = {}

    def set_(key: str, check: Any) -> Any:
        def run() -> None:
            found[key] = check()

        return run

    def given(key: str) -> str | None:
        value = values.get(key)
        return value if value is not None and str(value).strip() else None

    checks = [set_("number", lambda: check_call_number("number", values.get("number") or "").e164)]
    if given("retries"):
        checks.append(set_("retries", lambda: check_int("retries", values["retries"], minimum=0, maximum=9)))
    if given("record"):
        checks.append(set_("record", lambda: parse_yes_no("record", values["record"])))
    if given("max"):
        checks.append(set_("max_seconds", lambda: check_int("max", values["max"], minimum=10, maximum=10000)))
    if given("delay"):
        checks.append(set_("delay", lambda: check_int("delay", values["delay"], minimum=10, maximum=1000)))
    if given("name"):
        checks.append(set_("name", lambda: check_label("name", values["name"], maximum=None, semicolon=True)))
    if given("ip"):
        checks.append(set_("client_ip", lambda: check_ipv4("ip", values["ip"])))
    for index in (1, 2, 3):
        if given(f"usr{index}"):
            key = f"usr{index}"
            checks.append(set_(key, lambda key=key: check_label(key, values[key])))
    collect(*checks)
    usr = [found.pop(f"usr{i}", "") for i in (1, 2, 3)]
    return CallInput(popup=given("popup"), usr=usr if any(usr) else [], **found)


def place_command(ctx: CommandContext) -> None:
    """``/callback <number> [popup=… retries=… record=… max=… delay=…]``; alone, the form."""
    if not ctx.args.strip():
        open_call_modal(ctx)
        return
    found, number = options(ctx.args, CALL_OPTIONS)
    call = check_call_input({"number": number, **found})
    stage_call(ctx, call, f"/callback {ctx.args}".strip())


def stage_call(ctx: BaseContext, call: CallInput, command: str) -> None:
    """Pop-up and destination checks (A14, A17) before anything is staged: a refused number never reaches A24."""
    services = ctx.services
    popup = find_popup(services, call.popup)
    kinds = destination_candidates(check_call_number("number", call.number))
    destinations = services.axialys.destinations(popup.id)
    named = [(k, d) for k in kinds for d in destinations if k.matches(d.name)]
    allowed = [(k, d) for k, d in named if d.allowed]
    kind, match = allowed[0] if allowed else (kinds[0], None)
    if match is None and named:
        raise FieldError(
            "number",
            f"{call.number} is a {kind.label} number ({kind.code}), not allowed for pop-up {popup.name} (#{popup.id})",
            f"call another number, or ask an admin: `/callback popup allow {popup.id} {kind.code}`",
        )
    # No destination name matched (the document does not fix A17's names): Axialys decides, the card warns.
    price = (
        f"Price: €{match.price} per minute of conversation"
        if match is not None
        else f"Price: unknown. Warning: none of pop-up {popup.name}'s destinations reads as {kind.label} "
        f"({kind.code}), so Relais could not check that the pop-up allows this number: Axialys will decide"
    )
    params: dict[str, Any] = {
        **call.model_dump(mode="json"),
        "id_popup": popup.id,
        "popup_name": popup.name,
        "destination": kind.code,
        "destination_label": kind.label,
    }
    preview = [f"Number: {call.number} ({kind.label}, {kind.code})", f"Pop-up: {popup.name} (#{popup.id})", price]
    extras = [
        ("Retries", call.retries),
        ("Recording", "yes" if call.record else "no"),
        ("Longest call", f"{call.max_seconds} s"),
        ("Delay before calling", None if call.delay is None else f"{call.delay} s"),
        ("Caller's name", call.name),
    ]
    preview.extend(f"{label}: {value}" for label, value in extras if value is not None)
    stage_and_confirm(ctx, CALL_KIND, params, command=command, title="Place a callback", preview=preview)


def execute_call(services: Services, params: dict[str, Any]) -> Outcome:
    request = CallRequest(
        int(params["id_popup"]),
        str(params["number"]).lstrip("+"),  # digits only (decisions "e164")
        retries=params.get("retries"),
        record=params.get("record"),
        max_seconds=params.get("max_seconds"),
        delay=params.get("delay"),
        name=params.get("name"),
        usr=params.get("usr") or [],
        client_ip=params.get("client_ip"),
    )
    id_tracking = services.axialys.place_call(request)
    return Outcome(summary=f"call placed, tracking id {id_tracking}", result={"id_tracking": id_tracking})


def follow_call(services: Services, record: WriteRecord) -> None:
    """After A24 succeeded: the call card in the channel, the record in the store, the pop-up's watcher."""
    from handlers.axialys.call_watch import ensure_watcher  # the watcher imports this module

    assert record.outcome is not None
    params = record.params
    call = CallRecord(
        id_tracking=int(record.outcome.result["id_tracking"]),
        id_popup=int(params["id_popup"]),
        popup_name=str(params["popup_name"]),
        number=str(params["number"]),
        destination=str(params["destination"]),
        destination_label=str(params["destination_label"]),
        recorded=bool(params.get("record")),
        user_id=record.decided_by or record.user_id,
        channel_id=record.channel_id,
        placed_at=time.time(),
    )
    # Idempotent steps, so that a follow-up interrupted anywhere runs again at the next start: the
    # record (kept if already there), the watcher (before anything can fail on Slack's side),
    # then the card, posted once.
    existing = load_call(services, call.id_tracking)
    if existing is None:
        save_call(services, call)
        services.store.put(_recent_key(call), call.id_tracking)
        services.store.put(pending_key(call.id_popup, call.id_tracking), call.id_tracking)
    else:
        call = existing
    ensure_watcher(services, call.id_popup)
    if not call.card_ts:
        text, blocks = call_card(call)
        call.card_ts = services.out.post_once(f"axialys.card:{call.id_tracking}", call.channel_id, text, blocks)
        save_call(services, call)


def call_check(params: dict[str, Any]) -> str:
    """Whether an unanswered placement rang anyway: today's calls of the pop-up say so."""
    return (
        f"`/callback calls popup={params.get('id_popup', '')}` lists today's calls: look for "
        f"+{str(params.get('number', '')).lstrip('+')} before calling again; Relais will not call twice by itself"
    )


def call_executor() -> Executor[Services]:
    return Executor(CALL_KIND, "A24 place call", execute_call, follow_call, check=call_check)


# -- the form --------------------------------------------------------------------------------------
def call_modal(popups: list[tuple[str, str]]) -> dict[str, Any]:
    blocks = [
        input_block("number", "Number to call back", text_input("number", placeholder="06 12 34 56 78")),
        input_block("popup", "Pop-up", static_select("popup", popups, initial=popups[0][1] if popups else None)),
        input_block("retries", "Retries (0–9)", text_input("retries", placeholder="2"), optional=True),
        input_block("record", "Recording", checkboxes("record", [("Record the conversation", "1")]), optional=True),
        input_block("max", "Longest call, seconds (10–10000)", text_input("max", placeholder="600"), optional=True),
        input_block("delay", "Delay before calling, seconds (10–1000)", text_input("delay"), optional=True),
        input_block("name", "Caller's name", text_input("name", placeholder="Jade"), optional=True),
        input_block("usr1", "Custom field 1 (32 characters)", text_input("usr1", max_length=32), optional=True),
        input_block("usr2", "Custom field 2 (32 characters)", text_input("usr2", max_length=32), optional=True),
        input_block("usr3", "Custom field 3 (32 characters)", text_input("usr3", max_length=32), optional=True),
        input_block("ip", "Caller's IP address", text_input("ip", placeholder="192.168.0.1"), optional=True),
    ]
    return modal("Place a callback", blocks, callback_id=CALL_VIEW, submit="Review")


def open_call_modal(ctx: CommandContext) -> None:
    popups = [(f"{p.name} (#{p.id})", str(p.id)) for p in ctx.services.axialys.popups()]
    ctx.open_modal(call_modal(popups))


def _modal_values(ctx: ViewContext) -> dict[str, str]:
    values = {key: ("" if value is None else value) for key, value in ctx.values.items()}
    values["record"] = "1" if ctx.values.get("record") else ""
    return {key: str(value) for key, value in values.items()}


def validate_call_modal(ctx: ViewContext) -> dict[str, str]:
    try:
        check_call_input(_modal_values(ctx))
    except FieldErrors as errors:
        return errors.as_modal_errors()
    return {}


def submit_call_modal(ctx: ViewContext) -> None:
    stage_call(ctx, check_call_input(_modal_values(ctx)), f"modal {CALL_VIEW}")


# -- cancelling (A25) --------------------------------------------------------------------------------
def cancel_command(ctx: CommandContext) -> None:
    """``/callback cancel <tracking id> [popup=…]``: no card (a cancel stops a cost), audited."""
    cancel(ctx, *_tracking_argument(ctx))


def cancel_click(ctx: ActionContext) -> None:
    cancel(ctx, check_id_tracking("tracking id", ctx.argument or ctx.value), None)


def _tracked(ctx: BaseContext, id_tracking: int, popup: str | None) -> tuple[CallRecord | None, int]:
    """The call Relais placed (if it did) and its pop-up: the one given, else the call's, else the first."""
    call = load_call(ctx.services, id_tracking)
    id_popup = call.id_popup if call is not None and popup is None else find_popup(ctx.services, popup).id
    return call, id_popup


def _tracking_argument(ctx: CommandContext) -> tuple[int, str | None]:
    """``<tracking id> [popup=…]``."""
    found, rest = options(ctx.args, {"popup"})
    if not rest:
        raise FieldError("tracking id", "required", f"e.g. `/callback {ctx.subcommand} 12`")
    return check_id_tracking("tracking id", rest), found.get("popup")


def cancel(ctx: BaseContext, id_tracking: int, popup: str | None) -> None:
    services = ctx.services
    call, id_popup = _tracked(ctx, id_tracking, popup)
    try:
        audited(ctx, "A25 cancel call", lambda: services.axialys.cancel_call(id_popup, id_tracking))
    except VendorError as exc:
        if exc.code == "ETAT_INCOMPATIBLE":
            already = call is not None and state_key(call.state) == "ANNULE"
            raise AxialysError(
                VENDOR,
                f"call {id_tracking} is already cancelled"
                if already
                else f"call {id_tracking} can no longer be cancelled: it has already started or ended",
                status=exc.status,
                code=exc.code,
                message=exc.message,
            ) from None
        raise
    if call is not None:
        call.state = "ANNULE"
        save_call(services, call)
        if call.card_ts:
            services.out.update(call.channel_id, call.card_ts, *call_card(call))
    ctx.reply(f":no_entry_sign: Call {id_tracking} cancelled before it started; nothing is charged.")


# -- recordings (A21 type=rec) ---------------------------------------------------------------------
def recording_command(ctx: CommandContext) -> None:
    """``/callback recording <tracking id> [popup=…]``: the conversation's WAV, in the call card's thread if here."""
    id_tracking, popup = _tracking_argument(ctx)
    call, id_popup = _tracked(ctx, id_tracking, popup)
    try:
        got = ctx.services.axialys.get_file(id_popup, RECORDING_TYPE, id_tracking=id_tracking)
    except VendorError as exc:
        if exc.code == "INTROUVABLE":
            raise AxialysError(
                VENDOR,
                f"Axialys has no recording of call {id_tracking} of pop-up {id_popup}: either there is no such "
                "call, or it was not answered, or it was placed without record=yes (or without the recording option)",
                status=exc.status,
                code=exc.code,
                message=exc.message,
            ) from None
        raise
    in_thread = call is not None and call.channel_id == ctx.channel_id and bool(call.card_ts)
    upload_file(
        ctx.services.slack,
        ctx.channel_id,
        got.filename,
        got.content,
        thread_ts=call.card_ts if call is not None and in_thread else None,
        comment=f"Recording of call {id_tracking} (pop-up {id_popup}): {got.filename}, {len(got.content):,} bytes",
    )
