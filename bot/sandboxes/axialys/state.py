"""What the Axialys WebAppel sandbox holds, and the clock-driven life of a call.

Operator groups (§2), plannings (§3), destinations and pop-ups (§4, §5), calls (§6) and Centrex
accounts (A28), held by ``State``; ``Context`` is one request as the operations see it. Calls are
never driven by timers: a call stores when it was requested and what will happen to it, and its
state at any instant is computed from the sandbox clock (``call_progress``), so any number of
simultaneous calls costs nothing until someone looks at them. The initial data set is in seed.py.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from bot.sandboxes.axialys.rules import Params
from bot.sandboxes.frame import PARIS, SandboxRequest

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


# -- the whole state --------------------------------------------------------------------------------

# The destination catalogue (§4 popup_destinations: id_destination;destination;prix). The table of
# §1 gives id 1004 = "France mobile"; the rest is the sandbox's. Prices are € per minute.
CATALOGUE: tuple[Destination, ...] = (
    Destination(1003, "FR_Fixe", "France fixe", Decimal("0.0150")),
    Destination(1004, "FR_Mobile", "France mobile", Decimal("0.0450")),
    Destination(1010, "BE_Fixe", "Belgique fixe", Decimal("0.0250")),
    Destination(1011, "BE_Mobile", "Belgique mobile", Decimal("0.1200")),
    Destination(1020, "CH_Fixe", "Suisse fixe", Decimal("0.0300")),
    Destination(1021, "CH_Mobile", "Suisse mobile", Decimal("0.1800")),
    Destination(1030, "LU_Fixe", "Luxembourg fixe", Decimal("0.0300")),
    Destination(1031, "LU_Mobile", "Luxembourg mobile", Decimal("0.1500")),
    Destination(1040, "DE_Fixe", "Allemagne fixe", Decimal("0.0250")),
    Destination(1041, "DE_Mobile", "Allemagne mobile", Decimal("0.1400")),
    Destination(1050, "ES_Fixe", "Espagne fixe", Decimal("0.0250")),
    Destination(1051, "ES_Mobile", "Espagne mobile", Decimal("0.1300")),
    Destination(1060, "IT_Fixe", "Italie fixe", Decimal("0.0250")),
    Destination(1061, "IT_Mobile", "Italie mobile", Decimal("0.1300")),
    Destination(1070, "GB_Fixe", "Royaume-Uni fixe", Decimal("0.0250")),
    Destination(1071, "GB_Mobile", "Royaume-Uni mobile", Decimal("0.1100")),
)
# A new pop-up may call French numbers (fixed and mobile) until told otherwise.
DEFAULT_DESTINATIONS = frozenset({1003, 1004})
MAX_POPUP_ID = 1000  # §1 id_popup: 5 -> 1000


@dataclass
class State:
    groups: dict[str, OperatorGroup] = field(default_factory=dict)
    plannings: dict[str, Planning] = field(default_factory=dict)
    popups: dict[int, Popup] = field(default_factory=dict)
    destinations: dict[int, Destination] = field(default_factory=lambda: {d.id: d for d in CATALOGUE})
    calls: dict[int, Call] = field(default_factory=dict)
    blacklisted_numbers: set[str] = field(default_factory=set)
    blacklisted_ips: set[str] = field(default_factory=set)
    centrex: dict[int, CentrexAccount] = field(default_factory=dict)
    next_popup_id: int = 5  # §1 id_popup starts at 5
    next_tracking_id: int = 1
    operator_sequence: int = 0
    api_enabled: bool = True
    dos_protect: bool = False

    def destination_by_code(self, code: str) -> Destination | None:
        return next((d for d in self.destinations.values() if d.code == code), None)

    def add_operator(self, group_name: str, e164: str, ring_seconds: int, position: int | None) -> Operator:
        """Adds to the group, creating it (§2 operateur_ajout: "Si la liste n'existe pas, elle est créée")."""
        group = self.groups.setdefault(group_name, OperatorGroup(group_name))
        if position is None:
            position = min(1000, max((op.position for op in group.operators), default=0) + 10)
        self.operator_sequence += 1
        operator = Operator(e164, ring_seconds, position, self.operator_sequence)
        group.operators.append(operator)
        return operator

    def new_popup(self, name: str) -> Popup:
        popup = Popup(self.next_popup_id, name, allowed_destinations=set(DEFAULT_DESTINATIONS))
        self.popups[popup.id] = popup
        self.next_popup_id += 1
        return popup

    def next_tracking(self) -> int:
        tracking_id = self.next_tracking_id
        self.next_tracking_id += 1
        return tracking_id

    def popup_view(self, popup_id: int) -> dict[str, object]:
        """A pop-up with all its settings, allowed destination codes and file names (for the tests)."""
        popup = self.popups[popup_id]
        codes = sorted(self.destinations[d].code for d in popup.allowed_destinations)
        view: dict[str, object] = {k: v for k, v in vars(popup).items() if k not in ("files", "allowed_destinations")}
        view["usr_names"] = list(popup.usr_names)
        view["allowed_destinations"] = codes
        view["files"] = {kind: stored.filename for kind, stored in popup.files.items()}
        return view


def call_view(call: Call, now: datetime) -> dict[str, object]:
    """A call with its state at ``now`` (for the tests)."""
    progress = call_progress(call, now)
    return {
        "id_tracking": call.tracking_id,
        "id_popup": call.popup_id,
        "e164": call.e164,
        "state": progress.state,
        "final": progress.final,
        "ring_seconds": progress.ring_seconds,
        "talk_seconds": progress.talk_seconds,
        "price": str(progress.price),
        "destination": call.destination.code,
        "delay": call.delay,
        "requested_at": call.requested_at,
        "starts_at": call.starts_at,
        "client_ip": call.client_ip,
        "name": call.name,
        "usr": list(call.usr),
        "record": call.record,
        "max_duration": call.max_duration,
        "provenance": call.provenance,
        "routing": call.routing,
        "forced_outcome": call.forced_outcome,
    }


@dataclass(frozen=True)
class Context:
    state: State
    params: Params
    now: datetime
    request: SandboxRequest
    #: The sandbox's dialects switched on (``AxialysSandbox.DIALECTS``); the handlers that answer differently look.
    dialect: frozenset[str] = frozenset()
