"""Axialys WebAppel client: ``GET /get/webappel/api.php?methode=…&email=…&pass=…``."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from bot.vendors.axialys.errors import DISPLAY, VENDOR, error_from_response, is_error_line
from bot.vendors.http import VendorHTTP

__all__ = ["API_PATH", "AxialysClient"]

API_PATH = "/get/webappel/api.php"


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

    def _read_lines(self, methode: str, **params: Any) -> list[list[str]]:
        query = {"methode": methode, "email": self._email, "pass": self._password, **params}
        response = self._http.read("GET", API_PATH, params=query)
        text = response.text.strip()
        lines = [line for line in text.splitlines() if line.strip()]
        if response.status_code != 200 or (lines and is_error_line(lines[0])):
            raise error_from_response(response)
        if text == "OK" or not lines:
            return []
        return [line.split(";") for line in lines]

    def operator_groups(self) -> list[tuple[str, str]]:
        """A1 ``operateurs_liste_groupes`` → (nom_liste_op, ordonnancement) rows."""
        return [(row[0], row[1] if len(row) > 1 else "") for row in self._read_lines("operateurs_liste_groupes")]

    def probe(self) -> str:
        groups = self.operator_groups()
        return f"{len(groups)} operator group{'s' if len(groups) != 1 else ''}"
