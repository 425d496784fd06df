"""In-memory state of the Axialys WebAppel sandbox, and the clock-driven life of a call.

Calls are never driven by timers: a call stores when it was requested and what will happen to
it, and its state at any instant is computed from the sandbox clock (``call_progress``), so any
number of simultaneous calls costs nothing until someone looks at them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from bot.sandboxes.frame import PARIS

# -- operator groups (§2) -------------------------------------------------------------------

ORDERINGS = ("FIXE", "RANDOM", "TOURNANTE")


@dataclass
class Operator:
    e164: str
    ring_seconds: int
    position: int
    sequence: int  # arrival order, to break ties between equal positions


@dataclass
class OperatorGroup:
    name: str
    ordering: str = "FIXE"  # §1 ordonnancement: "FIXE par défaut"
    operators: list[Operator] = field(default_factory=list)

    def ranked(self) -> list[Operator]:
        """Operators in calling order: by position, then by arrival."""
        return sorted(self.operators, key=lambda op: (op.position, op.sequence))

    def find(self, e164: str) -> Operator | None:
        return next((op for op in self.operators if op.e164 == e164), None)


# -- planning (§3) --------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Slot:
    weekday: int  # 0 = lundi … 6 = dimanche
    start: int  # minutes since midnight
    end: int

    def overlaps(self, other: Slot) -> bool:
        return self.weekday == other.weekday and self.start < other.end and other.start < self.end


@dataclass
class Planning:
    name: str
    slots: set[Slot] = field(default_factory=set)
    closures: set[date] = field(default_factory=set)

    def is_open(self, instant: datetime) -> bool:
        """Open when a weekly slot covers the Paris wall-clock time and the day is not closed."""
        local = instant.astimezone(PARIS)
        if local.date() in self.closures:
            return False
        minute = local.hour * 60 + local.minute
        return any(s.weekday == local.weekday() and s.start <= minute < s.end for s in self.slots)


# -- destinations and pop-ups (§4, §5) ---------------------------------------------------------


@dataclass(frozen=True)
class Destination:
    id: int
    code: str  # liste_destination form: FR_Fixe, FR_Mobile…
    name: str  # destination column: "France mobile"…
    price_per_minute: Decimal


FILE_TYPES = ("son_internaute", "son_operateur", "son_repondeur", "entete_popup", "css_popup")


@dataclass
class StoredFile:
    filename: str
    content: bytes


@dataclass
class Popup:
    id: int
    name: str
    immediat: bool = False
    direction: str = "OPERATEUR"
    locale: str = "fr"
    voice: str = "f"
    planning: str | None = None
    op_presentation: str | None = None
    op_timeout: int = 30
    client_presentation: str | None = None
    client_timeout: int = 20
    open_message: str | None = None
    open_group: str | None = None
    closed_message: str | None = None
    closed_group: str | None = None
    answering_email: str | None = None
    show_name: bool = True
    usr_names: list[str | None] = field(default_factory=lambda: [None, None, None])
    files: dict[str, StoredFile] = field(default_factory=dict)
    allowed_destinations: set[int] = field(default_factory=set)


# -- calls (§6) ---------------------------------------------------------------------------------

Outcome = Literal["answered", "no_answer", "busy", "failed"]
OUTCOMES: tuple[Outcome, ...] = ("answered", "no_answer", "busy", "failed")

# Routing decided when the call is placed (planning and groups as they were then).
Routing = Literal["operators", "closed", "answering_machine", "no_operator"]

# Call states (the `etat` column of appel_listing / appels_resume).
WAITING = "EN_ATTENTE"
RINGING = "SONNERIE"
TALKING = "EN_COURS"
ANSWERED = "REPONDU"
NO_ANSWER = "NON_REPONDU"
BUSY = "OCCUPE"
FAILED = "ECHEC"
CANCELLED = "ANNULE"
CLOSED = "FERME"
VOICEMAIL = "REPONDEUR"
FINAL_STATES = (ANSWERED, NO_ANSWER, BUSY, FAILED, CANCELLED, CLOSED, VOICEMAIL)

# A request is taken by the platform this long after it arrives: until then (plus any `delais`),
# the call is waiting and can still be cancelled (§6 appel_annuler: "pas encore été initiée").
DISPATCH_SECONDS = 2
BUSY_RING_SECONDS = 2


@dataclass
class Call:
    tracking_id: int
    popup_id: int
    e164: str
    requested_at: datetime
    delay: int
    destination: Destination
    routing: Routing
    client_timeout: int
    client_ip: str = ""
    name: str = ""
    usr: tuple[str, str, str] = ("", "", "")
    attempts: int = 1
    record: bool = False
    max_duration: int | None = None
    provenance: str = "API"
    cancelled_at: datetime | None = None
    forced_outcome: Outcome | None = None
    forced_ring: int | None = None
    forced_talk: int | None = None

    @property
    def starts_at(self) -> datetime:
        return self.requested_at + timedelta(seconds=DISPATCH_SECONDS + self.delay)


@dataclass(frozen=True)
class Progress:
    """What a call looks like at one instant."""

    state: str
    ring_seconds: int
    talk_seconds: int
    price: Decimal
    final: bool


def _draw(tracking_id: int, salt: str, modulo: int) -> int:
    """A deterministic pseudo-random number per tracking id (same id → same call, every run)."""
    digest = hashlib.sha256(f"axialys:{tracking_id}:{salt}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % modulo


def natural_outcome(call: Call) -> Outcome:
    """Answered 70 %, no answer 15 %, busy 10 %, failed 5 % — fixed per tracking id."""
    roll = _draw(call.tracking_id, "outcome", 100)
    if roll < 70:
        return "answered"
    if roll < 85:
        return "no_answer"
    return "busy" if roll < 95 else "failed"


def planned_durations(call: Call, outcome: Outcome) -> tuple[int, int]:
    """(ring seconds, talk seconds) of the call once connected, per outcome."""
    if outcome == "answered":
        ring = call.forced_ring if call.forced_ring is not None else 3 + _draw(call.tracking_id, "ring", 15)
        ring = min(ring, call.client_timeout)
        talk = call.forced_talk if call.forced_talk is not None else 30 + _draw(call.tracking_id, "talk", 571)
        if call.max_duration is not None:
            talk = min(talk, call.max_duration)  # §1 dureemaxi: the platform hangs up
        return ring, talk
    if outcome == "no_answer":
        return call.client_timeout, 0  # §1 internaute_delais_attente: rings until the timeout
    if outcome == "busy":
        return BUSY_RING_SECONDS, 0
    return 0, 0


def price_of(destination: Destination, talk_seconds: int) -> Decimal:
    cost = destination.price_per_minute * Decimal(talk_seconds) / Decimal(60)
    return cost.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def call_progress(call: Call, now: datetime) -> Progress:
    """The state of ``call`` at ``now``, computed from its request time (no timers)."""
    if call.cancelled_at is not None:
        return Progress(CANCELLED, 0, 0, Decimal("0.0000"), True)
    if now < call.starts_at:
        return Progress(WAITING, 0, 0, Decimal("0.0000"), False)
    if call.routing == "closed":
        return Progress(CLOSED, 0, 0, Decimal("0.0000"), True)
    if call.routing == "no_operator":
        return Progress(FAILED, 0, 0, Decimal("0.0000"), True)
    if call.routing == "answering_machine":
        return _voicemail_progress(call, now)
    return _connected_progress(call, now)


def _voicemail_progress(call: Call, now: datetime) -> Progress:
    message = 15 + _draw(call.tracking_id, "voicemail", 46)
    elapsed = int((now - call.starts_at).total_seconds())
    if elapsed < message:
        return Progress(TALKING, 0, elapsed, Decimal("0.0000"), False)
    return Progress(VOICEMAIL, 0, message, Decimal("0.0000"), True)


def _connected_progress(call: Call, now: datetime) -> Progress:
    outcome = call.forced_outcome or natural_outcome(call)
    ring, talk = planned_durations(call, outcome)
    elapsed = int((now - call.starts_at).total_seconds())
    zero = Decimal("0.0000")
    if elapsed < ring:
        return Progress(RINGING, elapsed, 0, zero, False)
    if outcome == "answered":
        talked = elapsed - ring
        if talked < talk:
            return Progress(TALKING, ring, talked, price_of(call.destination, talked), False)
        return Progress(ANSWERED, ring, talk, price_of(call.destination, talk), True)
    final_state = {"no_answer": NO_ANSWER, "busy": BUSY, "failed": FAILED}[outcome]
    return Progress(final_state, ring, 0, zero, True)


# -- Centrex accounts (A28) -----------------------------------------------------------------------


@dataclass
class CentrexAccount:
    centrex_account_id: int
    phone_numbers: list[str]
    state: str  # active | suspended
    site: str
    last_registration_at: datetime | None  # UTC
    centrex_account_pwd: str
    server: str
    simultaneous_calls_count: str
    user_name: str
    codec_mode: str
    codec: str
    transport: str
    dial_plan: str
    short_phone_number: str
    displayed_number: str
    voicemail: dict[str, object]
    call_forwarding: dict[str, object]
    phone: dict[str, object]
    call_recording: int
    ringback_message: int
    interception_right: int
    fax_numbers_right: int
    limited_account: int
    vas_numbers_block: int
    zoiper_download_url: str
    ldap_connection: dict[str, object]

    def as_json(self) -> dict[str, object]:
        """The returned fields of A28, with the table's names and types."""
        registered = self.last_registration_at
        return {
            "centrex_account_id": self.centrex_account_id,
            "phone_number": list(self.phone_numbers),
            "state": self.state,
            "site": self.site,
            "centrex_account_pwd": self.centrex_account_pwd,
            "server": self.server,
            "simultaneous_calls_count": self.simultaneous_calls_count,
            "user_name": self.user_name,
            "codec_mode": self.codec_mode,
            "codec": self.codec,
            "transport": self.transport,
            "dial_plan": self.dial_plan,
            "short_phone_number": self.short_phone_number,
            "displayed_number": self.displayed_number,
            "voicemail": dict(self.voicemail),
            "call_forwarding": dict(self.call_forwarding),
            "phone": dict(self.phone),
            "call_recording": self.call_recording,
            "ringback_message": self.ringback_message,
            "interception_right": self.interception_right,
            "fax_numbers_right": self.fax_numbers_right,
            "limited_account": self.limited_account,
            "vas_numbers_block": self.vas_numbers_block,
            "zoiper_download_url": self.zoiper_download_url,
            "last_registration_at": registered.strftime("%Y-%m-%dT%H:%MZ") if registered else None,
            "ldap_connection": dict(self.ldap_connection),
        }
