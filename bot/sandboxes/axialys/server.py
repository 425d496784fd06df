"""Axialys WebAppel sandbox: a loopback HTTP server speaking /work/shared/specs/axialys-webappel-api.txt.

Protocol (written from the document, not from any client):

- ``GET /get/webappel/api.php?methode=…&email=…&pass=…&…``; only ``fichier_deposer`` is a
  ``POST`` (multipart/form-data file, every other variable still in the query string, §5).
- Success: ``OK``, an id (``popup_ajout``, ``appel``), ``;``-separated lines each ended by ``\\n``
  (listings), a binary file (``fichier_recuperer``), or JSON (Centrex accounts, A28).
- Errors (undocumented, the sandbox's decision): a 4xx status and one line ``KO;<CODE>;<message>``.
  Checks run in this order: path (404) → HTTP verb GET/POST (405) → email/pass (401) → API enabled
  (403) → methode (400) → HTTP verb of that methode (405) → mandatory parameters present (400) →
  formats (400) → objects exist (404) → their state (409, 403 for blacklists/destinations).
- Dialects (dialects.py, none by default): other answers a real server could give under the same
  document; the default reading above is unchanged.

This module routes requests to operations and authenticates them; the operations (one module per
section: operators, planning, popups, files, calls, centrex) read with rules.py, change state.py
and answer with wire.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar

from bot.sandboxes.axialys import calls, centrex, dialects, files, operators, planning, popups
from bot.sandboxes.axialys.rules import (
    API_DISABLED,
    AUTH_INVALID,
    AUTH_MISSING,
    NOT_FOUND,
    UNKNOWN_METHOD,
    WEEKDAYS,
    WRONG_HTTP_METHOD,
    ApiError,
    Params,
    missing,
)
from bot.sandboxes.axialys.seed import seed
from bot.sandboxes.axialys.state import OUTCOMES, Call, Context, Outcome, State, call_view
from bot.sandboxes.axialys.wire import centrex_account_json, error_line, hhmm
from bot.sandboxes.frame import PARIS, SandboxClock, SandboxRequest, SandboxResponse, SandboxServer

__all__ = ["API_PATH", "CENTREX_METHOD", "AxialysSandbox"]

API_PATH = "/get/webappel/api.php"

# A28: the document gives the Centrex parameters and fields but no method name; this is the sandbox's.
CENTREX_METHOD = "centrex_listing"

Handler = Callable[[Context], SandboxResponse]


@dataclass(frozen=True)
class _Method:
    handler: Handler
    http_verb: str = "GET"


_METHODS: dict[str, _Method] = {
    # §2 operator groups
    "operateurs_liste_groupes": _Method(operators.operateurs_liste_groupes),
    "operateur_ajout": _Method(operators.operateur_ajout),
    "operateur_supp": _Method(operators.operateur_supp),
    "operateurs_listing": _Method(operators.operateurs_listing),
    "operateur_mode": _Method(operators.operateur_mode),
    "blacklistage_numero": _Method(operators.blacklistage_numero),
    "blacklistage_IP": _Method(operators.blacklistage_ip),
    # §3 planning (aliases: the names the examples use)
    "planning_plage_add": _Method(planning.planning_plage_add),
    "planning_plage_del": _Method(planning.planning_plage_del),
    "planning_exception_add": _Method(planning.planning_exception_add),
    "planning_ajout_exception": _Method(planning.planning_exception_add),
    "planning_exception_del": _Method(planning.planning_exception_del),
    "planning_plages_listing": _Method(planning.planning_plages_listing),
    "planning_plage_details": _Method(planning.planning_plage_details),
    "planning_plages_details": _Method(planning.planning_plage_details),
    # §4 pop-ups and destinations
    "popups_listing": _Method(popups.popups_listing),
    "popup_ajout": _Method(popups.popup_ajout),
    "popup_maj": _Method(popups.popup_maj),
    "popup_destinations": _Method(popups.popup_destinations),
    "popup_destination_ajout": _Method(popups.popup_destination_ajout),
    "popup_destination_supp": _Method(popups.popup_destination_supp),
    "popup_del": _Method(popups.popup_del),
    # §5 files
    "fichier_recuperer": _Method(files.fichier_recuperer),
    "fichier_deposer": _Method(files.fichier_deposer, "POST"),
    "fichier_supprimer": _Method(files.fichier_supprimer),
    # §6 calls
    "appel": _Method(calls.appel),
    "appel_annuler": _Method(calls.appel_annuler),
    "appel_listing": _Method(calls.appel_listing),
    "appels_resume": _Method(calls.appels_resume),
    # A28
    CENTREX_METHOD: _Method(centrex.centrex_accounts),
}


def _error(error: ApiError) -> SandboxResponse:
    response = SandboxResponse.text(error_line(error), status=error.status)
    response.headers.update(error.headers)
    return response


class AxialysSandbox(SandboxServer):
    """The Axialys WebAppel sandbox (operations A1–A28); test hooks are the public methods below."""

    vendor: ClassVar[str] = "axialys"
    DIALECTS: ClassVar[dict[str, str]] = dialects.DIALECTS
    _state: State
    credentials: ClassVar[dict[str, str]] = {
        "AXIALYS_EMAIL": "relais@sandbox.test",
        "AXIALYS_PASSWORD": "webappel-sandbox-2016",
    }

    def __init__(
        self, clock: SandboxClock | None = None, *, seeded: bool = True, dialect: str | Iterable[str] = ()
    ) -> None:
        super().__init__(clock, dialect=dialect)
        self._email = self.credentials["AXIALYS_EMAIL"]
        self._password = self.credentials["AXIALYS_PASSWORD"]
        self._state = State()
        if seeded:
            seed(self._state, self.clock.now())

    # -- protocol ---------------------------------------------------------------------------------
    def route(self, request: SandboxRequest) -> SandboxResponse:
        try:
            response = self._route(request)
        except ApiError as error:
            return dialects.sentence(error) if self.speaks("sentences") else _error(error)
        if self.speaks("legacy-format"):
            return dialects.legacy(request.arg("methode") or "", response)
        return response

    def _route(self, request: SandboxRequest) -> SandboxResponse:
        if request.path != API_PATH:
            raise ApiError(404, NOT_FOUND, f"chemin inconnu, l'API est {API_PATH}")
        if request.method not in ("GET", "POST"):
            raise ApiError(405, WRONG_HTTP_METHOD, "seuls GET et POST (fichiers) sont acceptés", {"Allow": "GET, POST"})
        query = request.query
        if self.speaks("examples-names"):
            query = {k: v for k, v in query.items() if k not in dialects.TABLE_ONLY_PARAMETERS}
        params = Params(query)
        with self.lock:
            self._authenticate(params)
            method = self._method(params)
            if self.speaks("examples-names") and params.raw("methode") in dialects.HEADING_ONLY_METHODS:
                raise ApiError(400, UNKNOWN_METHOD, f"méthode inconnue : {params.raw('methode')}")
            if request.method != method.http_verb:
                raise ApiError(
                    405,
                    WRONG_HTTP_METHOD,
                    f"{params.raw('methode')} s'appelle en {method.http_verb}",
                    {"Allow": method.http_verb},
                )
            return method.handler(Context(self._state, params, self.clock.now(), request, self.dialect))

    def _authenticate(self, params: Params) -> None:
        """§1: email and pass on every request; the answer never says which of the two is wrong."""
        email, password = params.optional("email"), params.optional("pass")
        if email is None or password is None:
            raise ApiError(401, AUTH_MISSING, "email et pass sont obligatoires")
        if email != self._email or password != self._password:
            raise ApiError(401, AUTH_INVALID, "identifiants refusés")
        if not self._state.api_enabled:
            raise ApiError(403, API_DISABLED, "l'API n'est pas activée pour ce compte, contactez votre commercial")

    @staticmethod
    def _method(params: Params) -> _Method:
        name = params.optional("methode")
        if name is None:
            raise missing("methode")
        method = _METHODS.get(name)
        if method is None:
            raise ApiError(400, UNKNOWN_METHOD, f"méthode inconnue : {name[:64]}")
        return method

    # -- test hooks: account ------------------------------------------------------------------------
    def set_credentials(self, email: str, password: str) -> None:
        """Accept only this email/pass from now on."""
        with self.lock:
            self._email, self._password = email, password

    def set_api_enabled(self, enabled: bool) -> None:
        """Off: every authenticated request gets 403 KO;API_DESACTIVEE (§ intro: API not activated)."""
        with self.lock:
            self._state.api_enabled = enabled

    def set_dos_protect(self, enabled: bool) -> None:
        """On: appel requires client_ip (the account option api_DoS_protect of §1)."""
        with self.lock:
            self._state.dos_protect = enabled

    def reset(self, *, seeded: bool = False) -> None:
        """Forget everything (and reseed if asked); credentials and options are kept."""
        with self.lock:
            options = (self._state.api_enabled, self._state.dos_protect)
            self._state = State()
            self._state.api_enabled, self._state.dos_protect = options
            if seeded:
                seed(self._state, self.clock.now())

    # -- test hooks: configuration ---------------------------------------------------------------------
    def groups(self) -> dict[str, dict[str, object]]:
        """Operator groups: name → {ordering, operators: [(e164, ring_seconds, position)] in calling order}."""
        with self.lock:
            return {
                name: {
                    "ordering": group.ordering,
                    "operators": [(op.e164, op.ring_seconds, op.position) for op in group.ranked()],
                }
                for name, group in self._state.groups.items()
            }

    def plannings(self) -> dict[str, dict[str, list[str]]]:
        """Plannings: name → {slots: ["lundi 09:00-12:30", …], closures: ["2026-12-25", …]}."""
        with self.lock:
            return {
                name: {
                    "slots": [f"{WEEKDAYS[s.weekday]} {hhmm(s.start)}-{hhmm(s.end)}" for s in sorted(p.slots)],
                    "closures": [day.isoformat() for day in sorted(p.closures)],
                }
                for name, p in self._state.plannings.items()
            }

    def blacklisted_numbers(self) -> set[str]:
        """Numbers blacklisted with blacklistage_numero (and the seed)."""
        with self.lock:
            return set(self._state.blacklisted_numbers)

    def blacklisted_ips(self) -> set[str]:
        """IPs blacklisted with blacklistage_IP (and the seed)."""
        with self.lock:
            return set(self._state.blacklisted_ips)

    def popups(self) -> list[dict[str, object]]:
        """Every pop-up with all its settings, allowed destination codes and file names."""
        with self.lock:
            return [self._state.popup_view(popup_id) for popup_id in sorted(self._state.popups)]

    def files(self, id_popup: int) -> dict[str, tuple[str, bytes]]:
        """Files of one pop-up: type → (filename, content)."""
        with self.lock:
            popup = self._state.popups[id_popup]
            return {kind: (stored.filename, stored.content) for kind, stored in popup.files.items()}

    def centrex_accounts(self) -> list[dict[str, object]]:
        """The Centrex accounts, as A28 returns them."""
        with self.lock:
            return [centrex_account_json(account) for _, account in sorted(self._state.centrex.items())]

    def set_centrex_state(self, centrex_account_id: int, state: str) -> None:
        """Suspend or reactivate a Centrex account ('active' | 'suspended')."""
        if state not in ("active", "suspended"):
            raise ValueError(state)
        with self.lock:
            self._state.centrex[centrex_account_id].state = state

    # -- test hooks: calls -----------------------------------------------------------------------------
    def calls(self) -> list[dict[str, object]]:
        """Every call with its state at the sandbox clock's current instant."""
        with self.lock:
            return [call_view(call, self.clock.now()) for _, call in sorted(self._state.calls.items())]

    def call(self, id_tracking: int) -> dict[str, object]:
        """One call with its current state (KeyError when unknown)."""
        with self.lock:
            return call_view(self._state.calls[id_tracking], self.clock.now())

    def set_call_outcome(
        self, id_tracking: int, outcome: str, *, ring_seconds: int | None = None, talk_seconds: int | None = None
    ) -> None:
        """Force 'answered' | 'no_answer' | 'busy' | 'failed' (and, optionally, ring and talk times)."""
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {OUTCOMES}")
        forced: Outcome = next(o for o in OUTCOMES if o == outcome)
        with self.lock:
            call = self._state.calls[id_tracking]
            call.forced_outcome = forced
            call.forced_ring = ring_seconds
            call.forced_talk = talk_seconds

    def add_call(
        self,
        id_popup: int,
        e164: str,
        *,
        seconds_ago: float = 0,
        outcome: str | None = None,
        name: str = "",
        client_ip: str = "",
        provenance: str = "POPUP",
    ) -> int:
        """Record a call made ``seconds_ago`` (e.g. from the web pop-up) without the API's checks; returns its id."""
        with self.lock:
            popup = self._state.popups[id_popup]
            destination = self._state.destinations[1004 if e164.startswith(("336", "337")) else 1003]
            call = Call(
                tracking_id=self._state.next_tracking(),
                popup_id=popup.id,
                e164=e164,
                requested_at=self.clock.now() - timedelta(seconds=seconds_ago),
                delay=0,
                destination=destination,
                routing="operators",
                client_timeout=popup.client_timeout,
                client_ip=client_ip,
                name=name,
                provenance=provenance,
            )
            self._state.calls[call.tracking_id] = call
        if outcome is not None:
            self.set_call_outcome(call.tracking_id, outcome)
        return call.tracking_id

    def now_paris_date(self) -> str:
        """Today's date (YYYY-MM-DD) on the sandbox clock, Paris time: the default of appel_listing."""
        return self.clock.now().astimezone(PARIS).date().isoformat()
