"""Axialys WebAppel client: ``GET /get/webappel/api.php?methode=…&email=…&pass=…`` (A1–A28).

Reads go through ``VendorHTTP.read`` (retried), writes through ``.write`` (sent once).
Answers are ``OK``, an id, ``;``-separated lines (typed in ``models``, their shape checked),
bytes (files) or JSON (Centrex). A write is done only on ``OK`` or the documented id; a refusal
in any words is failed (``errors``); anything else is unknown, verbatim (docs/decisions.md).

The password travels in the query string (§1, decision "Auth"): no URL is ever put in an
exception or a message here, and httpx's own request log line is scrubbed below.

This module holds the protocol (query, read, write) and one method per API entry; what a body is
lives in private modules: ``_answers`` (OK, an id, a refusal, a file, JSON), ``_listings`` (each
listing's shape and rows), ``_requests`` (the query parameters, ``CallRequest`` re-exported here).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from typing import Any, TypeVar, Unpack

import httpx
from pydantic import BaseModel, ValidationError

from bot.core.logs import redact
from bot.vendors.axialys._answers import (
    disposition_name,
    head,
    is_text,
    json_list,
    new_id,
    raise_on_refusal,
    unreadable,
)
from bot.vendors.axialys._listings import (
    CALLS,
    DESTINATIONS,
    GROUPS,
    OPERATORS,
    PLANNINGS,
    POPUPS,
    SUMMARIES,
    fitting_rows,
    read_planning_details,
    typed_rows,
)
from bot.vendors.axialys._requests import CallRequest, Query, call_filters, closing_query, slots_query
from bot.vendors.axialys.errors import DISPLAY, VENDOR, AxialysError, error_from_response, is_unknown_method
from bot.vendors.axialys.models import (
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
    Shape,
)
from bot.vendors.errors import Delivery, unrecognised_answer
from bot.vendors.http import Connection, HTTPVendorClient, VendorHTTP, decoded

__all__ = ["API_PATH", "CENTREX_METHOD", "RECORDING_TYPE", "AxialysClient", "CallRequest"]

API_PATH = "/get/webappel/api.php"
#: A28 has no method name in the document (docs/decisions.md "Centrex"): the one place it is written.
CENTREX_METHOD = "centrex_listing"
#: A21 ``type`` of a call recording (with ``id_tracking``): §5 "l'enregistrement des conversations".
RECORDING_TYPE = "rec"
#: A10: the heading's name first, then the examples' (decisions "Closing days"): an "unknown method"
#: answer means nothing was done, so the other name is tried once.
CLOSING_ADD_METHODS = ("planning_exception_add", "planning_ajout_exception")

R = TypeVar("R", bound=BaseModel)
log = logging.getLogger(__name__)


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


class AxialysClient(HTTPVendorClient):
    def __init__(
        self,
        base_url: str,
        email: str,
        password: str,
        **connection: Unpack[Connection],
    ) -> None:
        self._http = VendorHTTP(VENDOR, DISPLAY, base_url, **connection)
        self._email = email
        self._password = password

    # -- protocol -------------------------------------------------------------------------------
    def _query(self, methode: str, params: Query) -> Query:
        return {"methode": methode, "email": self._email, "pass": self._password, **params}

    def _read(self, methode: str, params: Query | None = None) -> tuple[httpx.Response, str]:
        """A read: a non-2xx status or a ``KO`` first line is a refusal.

        The body is decoded as text whatever its Content-Type (§2 calls listings "Le fichier retourné": a
        server may serve them as application/octet-stream); only A21's file (``get_file``) keeps its bytes.
        """
        response = self._http.read("GET", API_PATH, params=self._query(methode, params or {}))
        text = self._text(response)
        raise_on_refusal(response, text)
        return response, text

    def _write(self, methode: str, params: Query | None = None, **kwargs: Any) -> tuple[httpx.Response, str]:
        """Sent once. A 3xx may follow a server that acted (post/redirect/get): unknown, never "nothing done"."""
        verb = "POST" if "files" in kwargs else "GET"
        response = self._http.write(verb, API_PATH, params=self._query(methode, params or {}), **kwargs)
        text = self._text(response)
        if 300 <= response.status_code < 400:
            raise unrecognised_answer(AxialysError, VENDOR, DISPLAY, response.status_code, text, written=True)
        if not 200 <= response.status_code < 300:
            raise error_from_response(response, text)
        return response, text

    def _text(self, response: httpx.Response) -> str:
        """The body as text, our password masked: it travels in every query and a server may echo it."""
        return redact(decoded(response), (self._password,))

    def _listing(self, methode: str, params: Query | None, shape: Shape) -> list[dict[str, str]]:
        """The lines that fit ``shape`` (``fitting_rows``): a body where no line fits is a refusal or an error."""
        response, text = self._read(methode, params)
        rows = fitting_rows(methode, text, shape)
        if rows is None:
            raise unreadable(response, text, written=False)
        return rows

    def _rows(self, model: type[R], methode: str, params: Query | None, shape: Shape) -> list[R]:
        """Typed rows; a line whose values do not validate is skipped and logged like an unreadable one."""
        return typed_rows(model, methode, self._listing(methode, params, shape))

    def _ok(self, methode: str, params: Query | None = None, **kwargs: Any) -> None:
        """Done only on ``OK`` (any case, surrounding whitespace); a refusal is failed; anything else unknown."""
        response, text = self._write(methode, params, **kwargs)
        if text.strip().upper() != "OK":
            raise unreadable(response, text, written=True)

    def _ok_under_either(self, names: Sequence[str], params: Query) -> None:
        """A method the document names twice: an "unknown method" answer (nothing done) tries the next name once."""
        for index, methode in enumerate(names):
            try:
                self._ok(methode, params)
            except AxialysError as error:
                if index + 1 == len(names) or error.delivery is Delivery.UNKNOWN or not is_unknown_method(error):
                    raise
                log.info("%s does not know %s (%s); trying %s", DISPLAY, methode, error.detail, names[index + 1])
            else:
                if index:
                    log.info("%s accepted %s where %s is unknown", DISPLAY, methode, names[0])
                return

    def _new_id(self, methode: str, params: Query) -> int:
        """Done only on the documented id: ``123``, ``OK;123``, ``OK 123``, ``OK:123`` (whitespace tolerated)."""
        response, text = self._write(methode, params)
        created = new_id(text)
        if created is None:
            raise unreadable(response, text, written=True, returns_id=True)
        return created

    # -- §2 operator groups (A1–A7) -------------------------------------------------------------
    def operator_groups(self) -> list[OperatorGroup]:
        """A1 ``operateurs_liste_groupes``."""
        return self._rows(OperatorGroup, "operateurs_liste_groupes", None, GROUPS)

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
        return self._rows(Operator, "operateurs_listing", {"nom_liste_op": group}, OPERATORS)

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
        self._ok("planning_plage_add", slots_query(planning, slots))

    def delete_hours(self, planning: str, slots: Sequence[PlanningSlot]) -> None:
        """A9 ``planning_plage_del``."""
        self._ok("planning_plage_del", slots_query(planning, slots))

    def add_closing(self, planning: str, day: date) -> None:
        """A10 ``planning_exception_add`` (else the examples' name): ``date`` (day), ``mois``, ``annee`` (§3)."""
        self._ok_under_either(CLOSING_ADD_METHODS, closing_query(planning, day))

    def delete_closing(self, planning: str, day: date) -> None:
        """A11 ``planning_exception_del``."""
        self._ok("planning_exception_del", closing_query(planning, day))

    def plannings(self) -> list[str]:
        """A12 ``planning_plages_listing``: one name per line."""
        return [row["nom_plage"] for row in self._listing("planning_plages_listing", None, PLANNINGS)]

    def planning_details(self, planning: str) -> PlanningDetails:
        """A13 ``planning_plage_details``: weekly slots and closing days."""
        response, text = self._read("planning_plage_details", {"nom_plage": planning})
        details = read_planning_details(planning, text)
        if details is None:
            raise unreadable(response, text, written=False)
        return details

    # -- §4 pop-ups and destinations (A14–A20) ----------------------------------------------------
    def popups(self) -> list[Popup]:
        """A14 ``popups_listing``."""
        return self._rows(Popup, "popups_listing", None, POPUPS)

    def create_popup(self, settings: PopupSettings) -> int:
        """A15 ``popup_ajout`` → the new id_popup."""
        return self._new_id("popup_ajout", dict(settings.query()))

    def update_popup(self, id_popup: int, settings: PopupSettings) -> None:
        """A16 ``popup_maj``: only what is sent changes."""
        self._ok("popup_maj", {"id_popup": str(id_popup), **settings.query()})

    def destinations(self, id_popup: int) -> list[Destination]:
        """A17 ``popup_destinations``."""
        return self._rows(Destination, "popup_destinations", {"id_popup": str(id_popup)}, DESTINATIONS)

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
        response = self._http.read("GET", API_PATH, params=self._query("fichier_recuperer", params))
        ok = 200 <= response.status_code < 300
        # A file may be any bytes (a css may say "required"): only a KO line, a non-2xx or a page is an error.
        text = self._text(response) if not ok or is_text(response) else redact(head(response), (self._password,))
        raise_on_refusal(response, text)
        if response.headers.get("content-type", "").startswith("text/html"):
            # §5: "Le fichier demandé est retourné au format binaire": a page is not the file.
            raise unreadable(response, text, written=False)
        return RetrievedFile(
            filename=disposition_name(response.headers.get("content-disposition", "")) or kind,
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
        return self._rows(CallRow, "appel_listing", call_filters(id_popup, start, end, id_tracking), CALLS)

    def call_summaries(
        self, id_popup: int, *, start: date | None = None, end: date | None = None, id_tracking: int | None = None
    ) -> list[CallSummaryRow]:
        """A27 ``appels_resume`` (its own method, decisions "appels_resume")."""
        return self._rows(CallSummaryRow, "appels_resume", call_filters(id_popup, start, end, id_tracking), SUMMARIES)

    # -- A28 Centrex ---------------------------------------------------------------------------------
    def centrex_accounts(self, filters: CentrexFilters | None = None) -> list[CentrexAccount]:
        """A28: a JSON array of accounts (decisions "Centrex")."""
        response, _ = self._read(CENTREX_METHOD, dict((filters or CentrexFilters()).query()))
        try:
            body = response.json()
        except ValueError:
            raise AxialysError(VENDOR, f"{DISPLAY} answered Centrex accounts that are not JSON", status=200) from None
        items = json_list(body)
        if items is None:
            raise unreadable(response, response.text, written=False)
        accounts = []
        for item in items:
            try:
                accounts.append(CentrexAccount.from_wire(item))
            except (ValidationError, AttributeError, TypeError):
                log.warning("%s %s: skipped an account Relais cannot read", DISPLAY, CENTREX_METHOD)
        return accounts

    def probe(self) -> str:
        groups = self.operator_groups()
        return f"{len(groups)} operator group{'s' if len(groups) != 1 else ''}"
