"""What the Axialys client sends: the query parameters of the writes and filters that are not models.

Every method takes its parameters in the query string (§1), arrays as ``name[]`` repeated
(§3 ``jour[]``, §4 ``liste_destination[]``). ``CallRequest`` (A24) is public through
``bot.vendors.axialys.client``; the other builders are the client's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.vendors.axialys.models import PlanningSlot

__all__ = ["CallRequest", "Query", "call_filters", "closing_query", "slots_query"]

Query = dict[str, str | list[str]]


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


def slots_query(planning: str, slots: Sequence[PlanningSlot]) -> Query:
    """A8 / A9: one planning's weekly slots as the ``jour[]``, ``h_debut[]``, ``h_fin[]`` arrays (§3)."""
    return {
        "nom_plage": planning,
        "jour[]": [slot.day for slot in slots],
        "h_debut[]": [slot.start for slot in slots],
        "h_fin[]": [slot.end for slot in slots],
    }


def closing_query(planning: str, day: date) -> Query:
    """A10 / A11: a closing day as ``date`` (the day of the month), ``mois``, ``annee`` (§3)."""
    return {"nom_plage": planning, "date": str(day.day), "mois": str(day.month), "annee": str(day.year)}


def call_filters(id_popup: int, start: date | None, end: date | None, id_tracking: int | None) -> Query:
    """A26 / A27: a pop-up's calls by tracking id and / or date range (one day when ``end`` is missing)."""
    params: Query = {"id_popup": str(id_popup)}
    if id_tracking is not None:
        params["id_tracking"] = str(id_tracking)
    if start is not None:
        params["date_debut"] = start.isoformat()
        params["date_fin"] = (end or start).isoformat()
    return params
