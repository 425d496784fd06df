"""Axialys WebAppel errors: ``KO;<CODE>;<message>`` answers (see docs/decisions.md: the document shows only OK)."""

from __future__ import annotations

import re

import httpx

from bot.vendors.errors import VendorError, status_error

__all__ = ["WIRE_FIELDS", "AxialysError", "error_from_response", "is_error_line"]

VENDOR = "axialys"
DISPLAY = "Axialys WebAppel"

_PLAIN = {
    "AUTH_MANQUANTE": "Axialys needs our credentials: set AXIALYS_EMAIL and AXIALYS_PASSWORD",
    "AUTH_INVALIDE": "Axialys refused our credentials: check AXIALYS_EMAIL and AXIALYS_PASSWORD",
    "API_DESACTIVEE": "the Axialys API is not enabled for this account: ask your Axialys sales contact",
    "METHODE_INCONNUE": "Axialys does not know this operation",
    "PARAMETRE_MANQUANT": "Axialys says a required value is missing",
    "PARAMETRE_INVALIDE": "Axialys refused a value",
    "FICHIER_TROP_GROS": "the file is too large for Axialys (5 MB at most)",
    "BLACKLISTE": "this number or IP address is blacklisted at Axialys",
    "DESTINATION_INTERDITE": "this destination is not allowed for the pop-up",
    "INTROUVABLE": "Axialys has no such item",
    "EXISTE_DEJA": "this already exists at Axialys",
    "CONFLIT": "this conflicts with an existing setting at Axialys",
    "ETAT_INCOMPATIBLE": "Axialys cannot do this in the item's current state",
}


#: The vendor's parameter names → the names Relais users type (options, modal fields).
WIRE_FIELDS = {
    "e164": "number",
    "nbressais": "retries",
    "rec": "record",
    "dureemaxi": "max",
    "delais": "delay",
    "nom": "name",
    "id_popup": "pop-up",
    "id_tracking": "tracking id",
    "id_contact": "tracking id",
    "nom_liste_op": "group",
    "duree_sonnerie_op": "ring",
    "priorite": "position",
    "ordonnancement": "ordering",
    "nom_plage": "planning",
    "jour": "day",
    "h_debut": "start",
    "h_fin": "end",
    "nom_popup": "name",
    "liste_destination": "destinations",
    "id_destination": "destinations",
    "type": "type",
    "ip": "ip",
    "client_ip": "ip",
}

_NAMED_FIELD = re.compile(r"^\s*([A-Za-z_0-9\[\]]+)\s*:")


class AxialysError(VendorError):
    """Any failed Axialys WebAppel call."""


def is_error_line(line: str) -> bool:
    return line.strip().upper().startswith("KO;") or line.strip().upper() == "KO"


def error_from_response(response: httpx.Response) -> AxialysError:
    status = response.status_code
    text = response.text.strip()
    if is_error_line(text.splitlines()[0] if text else ""):
        _, _, rest = text.splitlines()[0].partition(";")
        code, _, message = rest.partition(";")
        code = code.strip().upper()
        plain = _PLAIN.get(code, f"Axialys refused the request ({code or 'no code'})")
        field = _field_named(message)
        if field and code in {"PARAMETRE_MANQUANT", "PARAMETRE_INVALIDE"}:
            plain = f"{field}: {plain[0].lower()}{plain[1:]}"
        if message and code in {"PARAMETRE_MANQUANT", "PARAMETRE_INVALIDE", "INTROUVABLE", "CONFLIT", "EXISTE_DEJA"}:
            plain = f"{plain} ({message.strip()})"
        return AxialysError(VENDOR, plain, status=status, code=code or None, message=message.strip()[:300])
    return status_error(AxialysError, VENDOR, DISPLAY, status, text)


def _field_named(message: str) -> str | None:
    """The Relais name of the parameter a KO message starts with ("rec : valeur invalide" → "record")."""
    match = _NAMED_FIELD.match(message)
    if not match:
        return None
    wire = match.group(1).removesuffix("[]")
    return WIRE_FIELDS.get(wire, wire)
