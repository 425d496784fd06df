"""Typed rows of the Axialys WebAppel answers, with the document's column names as aliases.

Listings are ``;``-separated lines whose columns the document names (§2–§6); a ``Shape`` says
what a line of each listing must look like (anchors, numeric ids, names, free text) and
zips its cells with the column names. Parsing is tolerant: numbers may come as strings,
empty cells mean "not set", prices may use a decimal comma, durations may be h:m:s, booleans
0/1 or true/false, and short lines are padded (the document's own examples drop trailing empty columns).

This module holds the call states, the rows and the request parameters; ``Shape`` lives in ``_lines``
and the cell readers (``seconds``…) in ``_cells``, both re-exported here under their public names.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from bot.vendors.axialys._cells import Flag, OptionalInt, OptionalText, PhoneNumbers, Price, Seconds, seconds
from bot.vendors.axialys._lines import Shape

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


class _CallColumns(_Row):
    """The columns A26 (one line per call) and A27 (the summary) both have, with the same meaning."""

    id_tracking: int
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


class CallRow(_CallColumns):
    """A26 line: the shared columns, and when the call started, how long it rang, where it went, its price."""

    started_at: OptionalText = Field(default=None, alias="dt")
    ring_seconds: Seconds = Field(default=0, alias="duree_sonnerie")
    destination: OptionalText = Field(default=None, alias="type_dest")
    price: Price = Field(default=Decimal("0"), alias="prix")
    provenance: OptionalText = None

    @property
    def final(self) -> bool:
        """Over unless its state is a known waiting / in-progress word (``call_is_over``)."""
        return call_is_over(self.state)


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


class CallSummaryRow(_CallColumns):
    """A27 line: the shared columns and the call's pop-up."""

    id_popup: OptionalInt = None


class CentrexFilters(_Parameters):
    """A28 filters (all optional, combined with AND)."""

    centrex_account_id: int | None = None
    phone_number: str | None = None
    state: str | None = None
    site: str | None = None
    last_registration_at: str | None = None
    last_registration_at_end: str | None = None


class CentrexAccount(_Row):
    """A28 account. Its passwords (``centrex_account_pwd``, ``ldap_connection.pwd``) are not even parsed."""

    id: int = Field(alias="centrex_account_id")
    phone_numbers: PhoneNumbers = Field(default_factory=list, alias="phone_number")
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
