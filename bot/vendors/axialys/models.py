"""Typed rows of the Axialys WebAppel answers, with the document's column names as aliases.

Listings are ``;``-separated lines whose columns the document names (§2–§6); ``parse_rows``
zips each line with its column names and validates it. Parsing is tolerant: numbers may
come as strings, empty cells mean "not set", prices may use a decimal comma, and short
lines are padded (the document's own examples drop trailing empty columns).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

__all__ = [
    "CALL_COLUMNS",
    "FINAL_STATES",
    "PENDING_STATES",
    "POPUP_COLUMNS",
    "SUMMARY_COLUMNS",
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
    "parse_rows",
]

# Call states (docs/decisions.md "Call states"): waiting, ringing, talking, then one final state.
PENDING_STATES = frozenset({"EN_ATTENTE", "SONNERIE", "EN_COURS"})
FINAL_STATES = frozenset({"REPONDU", "NON_REPONDU", "OCCUPE", "ECHEC", "ANNULE", "FERME", "REPONDEUR"})


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
    if isinstance(value, str):
        return value.strip() not in {"", "0"}
    return value


OptionalInt = Annotated[int | None, BeforeValidator(_blank_to_none)]
OptionalText = Annotated[str | None, BeforeValidator(_blank_to_none)]
Price = Annotated[Decimal, BeforeValidator(_price)]
Flag = Annotated[bool, BeforeValidator(_flag)]
Seconds = Annotated[int, BeforeValidator(lambda v: 0 if _blank_to_none(v) is None else v)]


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


class Destination(_Row):
    """A17 ``id_destination;destination;prix;AUTORISE|INTERDIT`` (prix: € per minute)."""

    id: int = Field(alias="id_destination")
    name: str = Field(alias="destination")
    price: Price = Field(default=Decimal("0"), alias="prix")
    status: str = Field(default="", alias="etat")

    @property
    def allowed(self) -> bool:
        return self.status.strip().upper() == "AUTORISE"


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
        """Only a known end state ends a call: an empty or unknown state is followed further."""
        return self.state.strip().upper() in FINAL_STATES


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


R = TypeVar("R", bound=BaseModel)


def parse_rows(model: type[R], columns: Sequence[str], lines: list[list[str]]) -> list[R]:
    """Each ``;``-split line zipped with ``columns`` (short lines padded with empty cells)."""
    rows = []
    for cells in lines:
        padded = [*cells, *[""] * (len(columns) - len(cells))]
        rows.append(model.model_validate({name: value.strip() for name, value in zip(columns, padded, strict=False)}))
    return rows
