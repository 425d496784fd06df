"""Typed rows of the Axialys WebAppel answers, with the document's column names as aliases.

Listings are ``;``-separated lines whose columns the document names (§2–§6); a ``Shape`` says
what a line of each listing must look like (anchors, numeric ids, names, free text) and
zips its cells with the column names. Parsing is tolerant: numbers may come as strings,
empty cells mean "not set", prices may use a decimal comma, durations may be h:m:s, booleans
0/1 or true/false, and short lines are padded (the document's own examples drop trailing empty columns).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

__all__ = [
    "ANSWERED_STATES",
    "CALL_COLUMNS",
    "PENDING_STATES",
    "POPUP_COLUMNS",
    "SUMMARY_COLUMNS",
    "UNANSWERED_STATES",
    "VOICEMAIL_STATES",
    "WAITING_STATES",
    "CallRow",
    "CallSummaryRow",
    "CentrexAccount",
    "CentrexFilters",
    "Destination",
    "Operator",
    "OperatorGroup",
    "PlanningDetails",
    "PlanningSlot",
    "Popup",
    "PopupSettings",
    "RetrievedFile",
    "Shape",
    "call_answered",
    "call_is_over",
    "is_known_state",
    "seconds",
    "state_key",
]

# Call states (docs/decisions.md "Call states"). The document names none ("l'état correspond à l'état
# final de l'appel"): a call is over when its state is anything but one of these waiting / in-progress
# words (THE list, compared by ``state_key``: no accents, upper case, spaces and dashes as ``_``).
#: The waiting words among them: the call has not started, so it can still be cancelled (A25: "pas encore été
#: initiée"); the others say it is ringing or talking.
WAITING_STATES = frozenset({"EN_ATTENTE", "ATTENTE", "PLANIFIE", "PROGRAMME"})
PENDING_STATES = WAITING_STATES | frozenset({"SONNERIE", "EN_SONNERIE", "EN_COURS", "EN_COMMUNICATION"})
#: Final words Relais knows the meaning of; any other word is told answered / not by the talk time.
ANSWERED_STATES = frozenset({"REPONDU"})
#: Voicemail: the answering machine took a message (it has talk time, yet nobody answered).
VOICEMAIL_STATES = frozenset({"REPONDEUR", "MESSAGERIE", "MESSAGERIE_VOCALE", "BOITE_VOCALE", "VOICEMAIL"})
UNANSWERED_STATES = frozenset({"NON_REPONDU", "OCCUPE", "ECHEC", "ANNULE", "FERME"}) | VOICEMAIL_STATES


def state_key(state: str) -> str:
    """``"en attente"``, ``"En-Attente"``, ``"EN_ATTENTE"`` → ``EN_ATTENTE``; ``"Répondu"`` → ``REPONDU``."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", state) if not unicodedata.combining(c))
    return re.sub(r"[\s\-]+", "_", bare.strip()).upper()


def call_is_over(state: str) -> bool:
    """Over unless the state is a known waiting / in-progress word; an empty state is not an end (decisions)."""
    key = state_key(state)
    return bool(key) and key not in PENDING_STATES


def is_known_state(state: str) -> bool:
    key = state_key(state)
    return key in PENDING_STATES or key in ANSWERED_STATES or key in UNANSWERED_STATES


def call_answered(state: str, talk_seconds: int) -> bool:
    """A known word decides; an unknown word is answered when there was talk time (duree_appel > 0)."""
    key = state_key(state)
    if key in ANSWERED_STATES:
        return True
    if key in UNANSWERED_STATES or key in PENDING_STATES:
        return False
    return talk_seconds > 0


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _price(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        if not text:
            return Decimal("0")
        try:
            return Decimal(text)
        except InvalidOperation:
            return Decimal("0")
    return value


def _flag(value: Any) -> Any:
    """Booleans as 1/0, "1"/"0", true/false, oui/non (any case)."""
    if isinstance(value, str):
        return value.strip().lower() not in {"", "0", "false", "non", "no", "off", "faux"}
    return value


_CLOCK = re.compile(r"^(?:(?P<h>\d+):)?(?P<m>\d{1,2}):(?P<s>\d{1,2})(?:[.,]\d+)?$")
#: "83 s", "83s", "1 min 23 s", "1 h 2 min", "2mn": §1 gives durations without a unit or a form.
_WORDED = re.compile(
    r"^(?=\d)(?:(?P<h>\d+)\s*h\s*)?(?:(?P<m>\d+)\s*(?:min|mn|m)\s*)?(?:(?P<s>\d+)\s*(?:s|sec|secs|secondes?)?)?$",
    re.IGNORECASE,
)


def seconds(value: Any) -> Any:
    """Durations in seconds (``83``, ``83.0``), h:m:s / m:s (``00:01:23``, ``1:23``) or in words
    (``83 s``, ``1 min 23 s``); empty is 0."""
    if _blank_to_none(value) is None:
        return 0
    if not isinstance(value, str):
        return value
    text = value.strip()
    match = _CLOCK.match(text) or _WORDED.match(text)
    if match:
        return int(match.group("h") or 0) * 3600 + int(match.group("m") or 0) * 60 + int(match.group("s") or 0)
    try:
        return int(float(text.replace(",", ".")))
    except ValueError:
        return text  # not a duration: the row fails validation and is skipped


OptionalInt = Annotated[int | None, BeforeValidator(_blank_to_none)]
OptionalText = Annotated[str | None, BeforeValidator(_blank_to_none)]
Price = Annotated[Decimal, BeforeValidator(_price)]
Flag = Annotated[bool, BeforeValidator(_flag)]
Seconds = Annotated[int, BeforeValidator(seconds)]


class _Row(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")


class _Parameters(_Row):
    """Request parameters: ``None`` means "not sent"."""

    def query(self) -> dict[str, str]:
        return {key: str(value) for key, value in self.model_dump().items() if value is not None}


class OperatorGroup(_Row):
    """A1 ``nom_liste_op;ordonnancement``."""

    name: str = Field(alias="nom_liste_op")
    ordering: str = Field(default="", alias="ordonnancement")


class Operator(_Row):
    """A4 ``E164;duree_sonnerie_op;ordre;position`` (ordre: 1-based calling rank)."""

    e164: str = Field(alias="E164")
    ring_seconds: Seconds = Field(default=0, alias="duree_sonnerie_op")
    rank: OptionalInt = Field(default=None, alias="ordre")
    position: OptionalInt = Field(default=None, alias="position")


class PlanningSlot(_Row):
    day: str = Field(alias="jour")
    start: str = Field(alias="h_debut")
    end: str = Field(alias="h_fin")


class PlanningDetails(_Row):
    """A13: ``regulier;<jour>;<h_debut>;<h_fin>`` and ``exception;<DATE>`` lines."""

    name: str
    slots: list[PlanningSlot] = Field(default_factory=list)
    closures: list[str] = Field(default_factory=list)


#: A14 columns, in order (§4; docs/decisions.md "popups_listing columns").
POPUP_COLUMNS = (
    "id_popup",
    "nom_popup",
    "immediat",
    "direction",
    "locale",
    "voix",
    "premier_about",
    "num_pres_operateur",
    "timeout_operateur",
    "num_pres_client",
    "timeout_client",
    "message_popup",
    "id_dest_about_ouvert",
    "message_ferme",
    "id_dest_about_ferme",
    "repondeur",
    "show_name",
    "usr1_name",
    "usr2_name",
    "usr3_name",
    "son_operateur",
    "son_internaute",
    "son_repondeur",
    "entete_popup",
    "css_popup",
)


class Popup(_Row):
    id: int = Field(alias="id_popup")
    name: str = Field(alias="nom_popup")
    immediate: Flag = Field(default=False, alias="immediat")
    direction: OptionalText = None
    locale: OptionalText = None
    voice: OptionalText = Field(default=None, alias="voix")
    planning: OptionalText = Field(default=None, alias="premier_about")
    op_presentation: OptionalText = Field(default=None, alias="num_pres_operateur")
    op_timeout: OptionalInt = Field(default=None, alias="timeout_operateur")
    client_presentation: OptionalText = Field(default=None, alias="num_pres_client")
    client_timeout: OptionalInt = Field(default=None, alias="timeout_client")
    open_message: OptionalText = Field(default=None, alias="message_popup")
    open_group: OptionalText = Field(default=None, alias="id_dest_about_ouvert")
    closed_message: OptionalText = Field(default=None, alias="message_ferme")
    closed_group: OptionalText = Field(default=None, alias="id_dest_about_ferme")
    answering_email: OptionalText = Field(default=None, alias="repondeur")
    show_name: Flag = Field(default=False, alias="show_name")
    usr1_name: OptionalText = None
    usr2_name: OptionalText = None
    usr3_name: OptionalText = None
    son_operateur: OptionalText = None
    son_internaute: OptionalText = None
    son_repondeur: OptionalText = None
    entete_popup: OptionalText = None
    css_popup: OptionalText = None


class PopupSettings(_Parameters):
    """A15/A16 parameters, under the §1 names (docs/decisions.md: Relais sends the §1 names).

    ``None`` means "not sent" (A16 changes only what is sent).
    """

    nom_popup: str | None = None
    direction: str | None = None
    nom_plage: str | None = None
    internaute_delais_attente: int | None = None
    op_delais_attente: int | None = None
    locale: str | None = None
    voix: str | None = None
    ouvert_dest: str | None = None
    ferm_dest: str | None = None
    ouvert_message: str | None = None
    ferm_message: str | None = None
    immediat: int | None = None
    internaute_presentation: str | None = None
    op_presentation: str | None = None
    repondeur: str | None = None
    usr1_nom: str | None = None
    usr2_nom: str | None = None
    usr3_nom: str | None = None
    afficher_nom: int | None = None

    def query(self) -> dict[str, str]:
        """§1 names, plus the §4 spellings ``ferme_dest`` / ``ferme_message`` with the same value (decisions)."""
        sent = super().query()
        for table, method_list in (("ferm_dest", "ferme_dest"), ("ferm_message", "ferme_message")):
            if table in sent:
                sent[method_list] = sent[table]
        return sent


class Destination(_Row):
    """A17 ``id_destination;destination;prix;AUTORISE|INTERDIT`` (prix: € per minute)."""

    id: int = Field(alias="id_destination")
    name: str = Field(alias="destination")
    price: Price = Field(default=Decimal("0"), alias="prix")
    status: str = Field(default="", alias="etat")

    @property
    def allowed(self) -> bool:
        """Compared without accents or case: "Autorisé" from a server that writes French words (decisions)."""
        return state_key(self.status) == "AUTORISE"


#: A26 columns (§6).
CALL_COLUMNS = (
    "id_tracking",
    "date_time",
    "delais",
    "dt",
    "ip",
    "duree_sonnerie",
    "duree_appel",
    "type_dest",
    "prix",
    "nom",
    "usr1",
    "usr2",
    "usr3",
    "provenance",
    "etat",
)


class CallRow(_Row):
    id_tracking: int
    requested_at: str = Field(default="", alias="date_time")
    delay: Seconds = Field(default=0, alias="delais")
    started_at: OptionalText = Field(default=None, alias="dt")
    ip: OptionalText = None
    ring_seconds: Seconds = Field(default=0, alias="duree_sonnerie")
    talk_seconds: Seconds = Field(default=0, alias="duree_appel")
    destination: OptionalText = Field(default=None, alias="type_dest")
    price: Price = Field(default=Decimal("0"), alias="prix")
    name: OptionalText = Field(default=None, alias="nom")
    usr1: OptionalText = None
    usr2: OptionalText = None
    usr3: OptionalText = None
    provenance: OptionalText = None
    state: str = Field(default="", alias="etat")

    @property
    def final(self) -> bool:
        """Over unless its state is a known waiting / in-progress word (``call_is_over``)."""
        return call_is_over(self.state)

    @property
    def answered(self) -> bool:
        return call_answered(self.state, self.talk_seconds)


#: A27 columns (§6, documented under the appel_listing heading).
SUMMARY_COLUMNS = (
    "id_tracking",
    "id_popup",
    "date_time",
    "delais",
    "ip",
    "duree_appel",
    "nom",
    "usr1",
    "usr2",
    "usr3",
    "etat",
)


class CallSummaryRow(_Row):
    id_tracking: int
    id_popup: OptionalInt = None
    requested_at: str = Field(default="", alias="date_time")
    delay: Seconds = Field(default=0, alias="delais")
    ip: OptionalText = None
    talk_seconds: Seconds = Field(default=0, alias="duree_appel")
    name: OptionalText = Field(default=None, alias="nom")
    usr1: OptionalText = None
    usr2: OptionalText = None
    usr3: OptionalText = None
    state: str = Field(default="", alias="etat")

    @property
    def answered(self) -> bool:
        return call_answered(self.state, self.talk_seconds)


class CentrexFilters(_Parameters):
    """A28 filters (all optional, combined with AND)."""

    centrex_account_id: int | None = None
    phone_number: str | None = None
    state: str | None = None
    site: str | None = None
    last_registration_at: str | None = None
    last_registration_at_end: str | None = None


def _numbers(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str | int):
        return [str(value)] if str(value) else []
    return [str(item) for item in value]


class CentrexAccount(_Row):
    """A28 account. Its passwords (``centrex_account_pwd``, ``ldap_connection.pwd``) are not even parsed."""

    id: int = Field(alias="centrex_account_id")
    phone_numbers: Annotated[list[str], BeforeValidator(_numbers)] = Field(default_factory=list, alias="phone_number")
    state: OptionalText = None
    site: OptionalText = None
    server: OptionalText = None
    simultaneous_calls: OptionalText = Field(default=None, alias="simultaneous_calls_count")
    user_name: OptionalText = None
    codec_mode: OptionalText = None
    codec: OptionalText = None
    transport: OptionalText = None
    dial_plan: OptionalText = None
    short_number: OptionalText = Field(default=None, alias="short_phone_number")
    displayed_number: OptionalText = None
    call_recording: Flag = False
    last_registration_at: OptionalText = None

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> CentrexAccount:
        numeric = {k: (str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v) for k, v in raw.items()}
        numeric["centrex_account_id"] = raw.get("centrex_account_id")
        numeric["call_recording"] = str(raw.get("call_recording", "0"))
        return cls.model_validate(numeric)


class RetrievedFile(_Row):
    """A21: the bytes, with the name and type the answer's headers give."""

    filename: str
    content_type: str
    content: bytes


_ALNUM = re.compile(r"^[a-zA-Z0-9]+$")


@dataclass(frozen=True)
class Shape:
    """What a line of one listing must look like to be read as data (decisions "Listings").

    ``required``: the fewest cells a line may have (the anchor columns); ``numeric``: columns that
    must be digits (ids); ``names``: columns the document types ``[a-zA-Z0-9]+`` (``optional`` ones
    may be empty); ``free``: the contiguous run of columns holding free text (§1 ``*``) that may hold a
    ``;`` the document does not say is escaped (name columns inside the run are not free). A longer
    line is anchored on both ends and its extra cells spread over the free columns: among the splits
    whose name columns in the run fit, the one with the fewest columns starting with a space wins, then
    the one where the earlier columns take the most. Without free columns, extra trailing cells are ignored.
    """

    columns: tuple[str, ...]
    required: int = 1
    numeric: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    free: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()

    def is_header(self, line: str) -> bool:
        """A line repeating the column names (``id_tracking;date_time;…``)."""
        known = {column.lower() for column in self.columns}
        hits = sum(1 for cell in line.split(";") if cell.strip().lower().replace(" ", "") in known)
        return hits >= min(2, len(self.columns))

    def fit(self, line: str) -> dict[str, str] | None:
        """The line's cells by column name, or None when it does not have this listing's shape."""
        cells = self._aligned(line.split(";"))
        if len(cells) < self.required:
            return None
        cells = [*cells, *[""] * (len(self.columns) - len(cells))]
        row = {name: cell.strip() for name, cell in zip(self.columns, cells, strict=True)}
        if any(not row[name].isdigit() for name in self.numeric):
            return None
        if not all(self._is_name(name, row[name]) for name in self.names):
            return None
        return row

    def _is_name(self, column: str, value: str) -> bool:
        return bool(_ALNUM.match(value)) or (not value and column in self.optional)

    def _aligned(self, cells: list[str]) -> list[str]:
        width = len(self.columns)
        if len(cells) <= width:
            return cells
        if not self.free:
            return cells[:width]  # extra trailing columns
        first, last = self.columns.index(self.free[0]), self.columns.index(self.free[-1])
        after = width - 1 - last
        middle = cells[first : len(cells) - after]
        run = self.columns[first : last + 1]
        texts = [index for index, name in enumerate(run) if name not in self.names]
        checked = [index for index, name in enumerate(run) if name in self.names]
        extra = len(middle) - len(run)
        all_in_first = _spread(middle, len(run), texts, (extra, *[0] * (len(texts) - 1)))
        if not checked:
            return [*cells[:first], *all_in_first, *cells[len(cells) - after :]]
        candidates = (_spread(middle, len(run), texts, split) for split in _splits(extra, len(texts)))
        fitting = [c for c in candidates if all(self._is_name(run[i], c[i].strip()) for i in checked)]
        # Between fitting splits, the one whose columns do not start with a space ("Fermé; à demain" is
        # one text: a column the server wrote starts right after its ';'); then the earliest.
        chosen = min(fitting, key=_continued_columns, default=all_in_first)
        return [*cells[:first], *chosen, *cells[len(cells) - after :]]


def _continued_columns(columns: list[str]) -> int:
    """How many columns (after the first) start with a space: likely the rest of a text cut at its ';'."""
    return sum(1 for column in columns[1:] if column[:1].isspace())


def _splits(extra: int, slots: int) -> list[tuple[int, ...]]:
    """Every way to give ``extra`` cells to ``slots`` columns, the earlier columns taking the most first."""
    if slots == 1:
        return [(extra,)]
    return [(head, *rest) for head in range(extra, -1, -1) for rest in _splits(extra - head, slots - 1)]


def _spread(middle: list[str], width: int, texts: list[int], split: tuple[int, ...]) -> list[str]:
    """``middle``'s cells as ``width`` columns, text column ``texts[k]`` taking ``split[k]`` extra cells."""
    extra = dict(zip(texts, split, strict=True))
    out, at = [], 0
    for index in range(width):
        take = 1 + extra.get(index, 0)
        out.append(";".join(middle[at : at + take]))
        at += take
    return out
