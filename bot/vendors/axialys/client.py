"""Axialys WebAppel client: ``GET /get/webappel/api.php?methode=…&email=…&pass=…`` (A1–A28).

Reads go through ``VendorHTTP.read`` (retried), writes through ``.write`` (sent once).
Answers are ``OK``, a bare id, ``;``-separated lines (typed in ``models``), bytes (files)
or JSON (Centrex); errors are ``KO;<CODE>;<message>`` lines (docs/decisions.md).

The password travels in the query string (§1, decision "Auth"): no URL is ever put in an
exception or a message here, and httpx's own request log line is scrubbed below.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import httpx

from bot.logs import redact
from bot.vendors.axialys.errors import DISPLAY, VENDOR, AxialysError, error_from_response, is_error_line
from bot.vendors.axialys.models import (
    CALL_COLUMNS,
    POPUP_COLUMNS,
    SUMMARY_COLUMNS,
    CallRow,
    CallSummaryRow,
    CentrexAccount,
    CentrexFilters,
    Destination,
    Operator,
    OperatorGroup,
    PlanningDetails,
    PlanningSlot,
    Popup,
    PopupSettings,
    RetrievedFile,
    parse_rows,
)
from bot.vendors.http import VendorHTTP

__all__ = ["API_PATH", "CENTREX_METHOD", "RECORDING_TYPE", "AxialysClient", "CallRequest"]

API_PATH = "/get/webappel/api.php"
#: A28 has no method name in the document (docs/decisions.md "Centrex"): the one place it is written.
CENTREX_METHOD = "centrex_listing"
#: A21 ``type`` of a call recording (with ``id_tracking``): §5 "l'enregistrement des conversations".
RECORDING_TYPE = "rec"
#: A10: the heading's name; the examples' ``planning_ajout_exception`` is only an alias (decisions).
CLOSING_ADD_METHOD = "planning_exception_add"

Query = dict[str, str | list[str]]


class _ScrubPasswords(logging.Filter):
    """httpx logs every request URL at INFO: remove ``pass=`` before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = redact(record.getMessage())
        record.msg, record.args = message, None
        return True


def _install_scrubber() -> None:
    logger = logging.getLogger("httpx")
    if not any(isinstance(f, _ScrubPasswords) for f in logger.filters):
        logger.addFilter(_ScrubPasswords())


_install_scrubber()


class CallRequest:
    """A24 parameters (docs/decisions.md "appel": only id_popup and e164 are required)."""

    def __init__(
        self,
        id_popup: int,
        e164: str,
        *,
        retries: int | None = None,
        record: bool | None = None,
        max_seconds: int | None = None,
        delay: int | None = None,
        name: str | None = None,
        usr: Sequence[str | None] = (),
        client_ip: str | None = None,
    ) -> None:
        self.id_popup = id_popup
        self.e164 = e164
        self.retries = retries
        self.record = record
        self.max_seconds = max_seconds
        self.delay = delay
        self.name = name
        self.usr = list(usr)
        self.client_ip = client_ip

    def query(self) -> Query:
        query: Query = {"id_popup": str(self.id_popup), "e164": self.e164}
        optional: dict[str, object | None] = {
            "nbressais": self.retries,
            "rec": None if self.record is None else int(self.record),
            "dureemaxi": self.max_seconds,
            "delais": self.delay,
            "nom": self.name,
            "client_ip": self.client_ip,
        }
        for index, value in enumerate(self.usr[:3], start=1):
            optional[f"usr{index}"] = value
        query.update({key: str(value) for key, value in optional.items() if value not in (None, "")})
        return query


class AxialysClient:
    def __init__(
        self,
        base_url: str,
        email: str,
        password: str,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 15.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._http = VendorHTTP(VENDOR, DISPLAY, base_url, transport=transport, timeout=timeout, sleep=sleep)
        self._email = email
        self._password = password

    def close(self) -> None:
        self._http.close()

    # -- protocol -------------------------------------------------------------------------------
    def _query(self, methode: str, params: Query) -> Query:
        return {"methode": methode, "email": self._email, "pass": self._password, **params}

    def _checked(self, response: httpx.Response) -> httpx.Response:
        """200 with a non-KO body is success; anything else is an AxialysError (decisions "Error answers")."""
        if response.status_code != 200:
            raise error_from_response(response)
        first = response.text.lstrip()[:64] if _is_text(response) else ""
        if is_error_line(first.split("\n", 1)[0]):
            raise error_from_response(response)
        return response

    def _read(self, methode: str, params: Query | None = None) -> httpx.Response:
        return self._checked(self._http.read("GET", API_PATH, params=self._query(methode, params or {})))

    def _write(self, methode: str, params: Query | None = None, **kwargs: Any) -> httpx.Response:
        verb = "POST" if "files" in kwargs else "GET"
        return self._checked(self._http.write(verb, API_PATH, params=self._query(methode, params or {}), **kwargs))

    def _lines(self, methode: str, params: Query | None = None) -> list[list[str]]:
        text = self._read(methode, params).text
        return [line.split(";") for line in text.splitlines() if line.strip() and line.strip() != "OK"]

    def _ok(self, methode: str, params: Query | None = None, **kwargs: Any) -> None:
        self._write(methode, params, **kwargs)

    def _new_id(self, methode: str, params: Query) -> int:
        text = self._write(methode, params).text.strip()
        if not text.isdigit():
            raise AxialysError(VENDOR, f"{DISPLAY} answered without the expected id", status=200, message=text[:100])
        return int(text)

    # -- §2 operator groups (A1–A7) -------------------------------------------------------------
    def operator_groups(self) -> list[OperatorGroup]:
        """A1 ``operateurs_liste_groupes``."""
        return parse_rows(OperatorGroup, ("nom_liste_op", "ordonnancement"), self._lines("operateurs_liste_groupes"))

    def add_operator(self, group: str, e164: str, ring_seconds: int, position: int | None = None) -> None:
        """A2 ``operateur_ajout`` (the group is created when missing)."""
        params: Query = {"nom_liste_op": group, "e164": e164, "duree_sonnerie_op": str(ring_seconds)}
        if position is not None:
            # §1 names it priorite, §2's method list position: both carry the same value (decisions).
            params["priorite"] = params["position"] = str(position)
        self._ok("operateur_ajout", params)

    def remove_operator(self, group: str, e164: str) -> None:
        """A3 ``operateur_supp``."""
        self._ok("operateur_supp", {"nom_liste_op": group, "e164": e164})

    def operators(self, group: str) -> list[Operator]:
        """A4 ``operateurs_listing``, in calling order."""
        lines = self._lines("operateurs_listing", {"nom_liste_op": group})
        return parse_rows(Operator, ("E164", "duree_sonnerie_op", "ordre", "position"), lines)

    def set_ordering(self, group: str, ordering: str) -> None:
        """A5 ``operateur_mode`` (FIXE / RANDOM / TOURNANTE)."""
        self._ok("operateur_mode", {"nom_liste_op": group, "ordonnancement": ordering})

    def blacklist_number(self, e164: str) -> None:
        """A6 ``blacklistage_numero``."""
        self._ok("blacklistage_numero", {"e164": e164})

    def blacklist_ip(self, ip: str) -> None:
        """A7 ``blacklistage_IP``."""
        self._ok("blacklistage_IP", {"ip": ip})

    # -- §3 planning (A8–A13) --------------------------------------------------------------------
    def add_hours(self, planning: str, slots: Sequence[PlanningSlot]) -> None:
        """A8 ``planning_plage_add``: ``jour[]``, ``h_debut[]``, ``h_fin[]`` arrays (§3)."""
        self._ok("planning_plage_add", _slots_query(planning, slots))

    def delete_hours(self, planning: str, slots: Sequence[PlanningSlot]) -> None:
        """A9 ``planning_plage_del``."""
        self._ok("planning_plage_del", _slots_query(planning, slots))

    def add_closing(self, planning: str, day: date) -> None:
        """A10 ``planning_exception_add``: ``date`` (day of month), ``mois``, ``annee`` (§3)."""
        self._ok(CLOSING_ADD_METHOD, _closing_query(planning, day))

    def delete_closing(self, planning: str, day: date) -> None:
        """A11 ``planning_exception_del``."""
        self._ok("planning_exception_del", _closing_query(planning, day))

    def plannings(self) -> list[str]:
        """A12 ``planning_plages_listing``: one name per line."""
        return [cells[0].strip() for cells in self._lines("planning_plages_listing") if cells[0].strip()]

    def planning_details(self, planning: str) -> PlanningDetails:
        """A13 ``planning_plage_details``: weekly slots and closing days."""
        details = PlanningDetails(name=planning)
        for cells in self._lines("planning_plage_details", {"nom_plage": planning}):
            kind = cells[0].strip().lower()
            if kind == "regulier" and len(cells) >= 4:
                details.slots.append(PlanningSlot(day=cells[1].strip(), start=cells[2].strip(), end=cells[3].strip()))
            elif kind == "exception" and len(cells) >= 2:
                details.closures.append(cells[1].strip())
        return details

    # -- §4 pop-ups and destinations (A14–A20) ----------------------------------------------------
    def popups(self) -> list[Popup]:
        """A14 ``popups_listing``."""
        return parse_rows(Popup, POPUP_COLUMNS, self._lines("popups_listing"))

    def create_popup(self, settings: PopupSettings) -> int:
        """A15 ``popup_ajout`` → the new id_popup."""
        return self._new_id("popup_ajout", dict(settings.query()))

    def update_popup(self, id_popup: int, settings: PopupSettings) -> None:
        """A16 ``popup_maj``: only what is sent changes."""
        self._ok("popup_maj", {"id_popup": str(id_popup), **settings.query()})

    def destinations(self, id_popup: int) -> list[Destination]:
        """A17 ``popup_destinations``."""
        lines = self._lines("popup_destinations", {"id_popup": str(id_popup)})
        return parse_rows(Destination, ("id_destination", "destination", "prix", "etat"), lines)

    def allow_destinations(self, id_popup: int, codes: Sequence[str]) -> None:
        """A18 ``popup_destination_ajout`` with ``liste_destination[]`` (FR_Fixe, BE_Mobile…)."""
        self._ok("popup_destination_ajout", {"id_popup": str(id_popup), "liste_destination[]": list(codes)})

    def forbid_destinations(self, id_popup: int, codes: Sequence[str]) -> None:
        """A19 ``popup_destination_supp``."""
        self._ok("popup_destination_supp", {"id_popup": str(id_popup), "liste_destination[]": list(codes)})

    def delete_popup(self, id_popup: int) -> None:
        """A20 ``popup_del``."""
        self._ok("popup_del", {"id_popup": str(id_popup)})

    # -- §5 files (A21–A23) ----------------------------------------------------------------------
    def get_file(self, id_popup: int, kind: str, *, id_tracking: int | None = None) -> RetrievedFile:
        """A21 ``fichier_recuperer``: the bytes, the file name from Content-Disposition."""
        params: Query = {"id_popup": str(id_popup), "type": kind}
        if id_tracking is not None:
            params["id_tracking"] = str(id_tracking)
        response = self._read("fichier_recuperer", params)
        return RetrievedFile(
            filename=_disposition_name(response.headers.get("content-disposition", "")) or kind,
            content_type=response.headers.get("content-type", "application/octet-stream"),
            content=response.content,
        )

    def upload_file(self, id_popup: int, kind: str, filename: str, content: bytes) -> None:
        """A22 ``fichier_deposer``: multipart POST, the file part named after ``type`` (§5)."""
        files = {kind: (filename, content, "application/octet-stream")}
        self._ok("fichier_deposer", {"id_popup": str(id_popup), "type": kind}, files=files)

    def delete_file(self, id_popup: int, kind: str) -> None:
        """A23 ``fichier_supprimer``."""
        self._ok("fichier_supprimer", {"id_popup": str(id_popup), "type": kind})

    # -- §6 calls (A24–A27) ------------------------------------------------------------------------
    def place_call(self, request: CallRequest) -> int:
        """A24 ``appel`` → id_tracking. Sent once: a timeout after sending is "unknown", never retried."""
        return self._new_id("appel", request.query())

    def cancel_call(self, id_popup: int, id_tracking: int) -> None:
        """A25 ``appel_annuler`` with ``id_contact`` = the tracking id (decisions "Cancelling")."""
        self._ok("appel_annuler", {"id_popup": str(id_popup), "id_contact": str(id_tracking)})

    def calls(
        self, id_popup: int, *, start: date | None = None, end: date | None = None, id_tracking: int | None = None
    ) -> list[CallRow]:
        """A26 ``appel_listing`` by date range (both ends included) or tracking id."""
        lines = self._lines("appel_listing", _call_filters(id_popup, start, end, id_tracking))
        return parse_rows(CallRow, CALL_COLUMNS, lines)

    def call_summaries(
        self, id_popup: int, *, start: date | None = None, end: date | None = None, id_tracking: int | None = None
    ) -> list[CallSummaryRow]:
        """A27 ``appels_resume`` (its own method, decisions "appels_resume")."""
        lines = self._lines("appels_resume", _call_filters(id_popup, start, end, id_tracking))
        return parse_rows(CallSummaryRow, SUMMARY_COLUMNS, lines)

    # -- A28 Centrex ---------------------------------------------------------------------------------
    def centrex_accounts(self, filters: CentrexFilters | None = None) -> list[CentrexAccount]:
        """A28: a JSON array of accounts (decisions "Centrex")."""
        response = self._read(CENTREX_METHOD, dict((filters or CentrexFilters()).query()))
        try:
            body = response.json()
        except ValueError:
            raise AxialysError(VENDOR, f"{DISPLAY} answered Centrex accounts that are not JSON", status=200) from None
        items = body if isinstance(body, list) else []
        return [CentrexAccount.from_wire(item) for item in items if isinstance(item, dict)]

    def probe(self) -> str:
        groups = self.operator_groups()
        return f"{len(groups)} operator group{'s' if len(groups) != 1 else ''}"


def _is_text(response: httpx.Response) -> bool:
    kind = response.headers.get("content-type", "text/plain")
    return kind.startswith("text/") or "json" in kind


def _slots_query(planning: str, slots: Sequence[PlanningSlot]) -> Query:
    return {
        "nom_plage": planning,
        "jour[]": [slot.day for slot in slots],
        "h_debut[]": [slot.start for slot in slots],
        "h_fin[]": [slot.end for slot in slots],
    }


def _closing_query(planning: str, day: date) -> Query:
    return {"nom_plage": planning, "date": str(day.day), "mois": str(day.month), "annee": str(day.year)}


def _call_filters(id_popup: int, start: date | None, end: date | None, id_tracking: int | None) -> Query:
    params: Query = {"id_popup": str(id_popup)}
    if id_tracking is not None:
        params["id_tracking"] = str(id_tracking)
    if start is not None:
        params["date_debut"] = start.isoformat()
        params["date_fin"] = (end or start).isoformat()
    return params


def _disposition_name(header: str) -> str:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "filename":
            return value.strip().strip('"')
    return ""
