"""Cliqphone client: login for a token (§II), then the ``token`` header on every call."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from bot.vendors.cliqphone.errors import DISPLAY, VENDOR, CliqphoneError, error_from_body, error_from_status
from bot.vendors.http import VendorHTTP

__all__ = ["CliqphoneClient"]


class CliqphoneClient:
    def __init__(
        self,
        base_url: str,
        login: str,
        password: str,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 15.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._http = VendorHTTP(VENDOR, DISPLAY, base_url, transport=transport, timeout=timeout, sleep=sleep)
        self._login = login
        self._password = password

    def close(self) -> None:
        self._http.close()

    def authenticate(self) -> str:
        """C1 ``POST /api/auto`` (login, pwd as the document's curl -d form fields) → token."""
        response = self._http.read("POST", "/api/auto", data={"login": self._login, "pwd": self._password})
        if response.status_code != 200:
            raise error_from_status(response)
        try:
            body = response.json()
        except ValueError:
            raise CliqphoneError(VENDOR, "Cliqphone answered something that is not JSON", status=200) from None
        if not isinstance(body, dict) or str(body.get("state", "")).lower() != "ok" or not body.get("token"):
            raise error_from_body(body if isinstance(body, dict) else {})
        return str(body["token"])

    def probe(self) -> str:
        self.authenticate()
        return "login accepted"
