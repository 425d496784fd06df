"""Clever Multimedias client: REST + HTTP Basic, JSON bodies wrapped in ``{"datas": …}``."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from bot.vendors.clever.errors import DISPLAY, VENDOR, CleverError, error_from_response
from bot.vendors.clever.models import Account
from bot.vendors.http import VendorHTTP

__all__ = ["CleverClient"]


class CleverClient:
    def __init__(
        self,
        base_url: str,
        username: str,
        password: str,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 15.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._http = VendorHTTP(
            VENDOR,
            DISPLAY,
            base_url,
            transport=transport,
            timeout=timeout,
            auth=httpx.BasicAuth(username, password),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            sleep=sleep,
        )

    def close(self) -> None:
        self._http.close()

    def _read_json(self, path: str) -> Any:
        response = self._http.read("GET", path)
        if response.status_code != 200:
            raise error_from_response(response)
        try:
            return response.json()
        except ValueError:
            raise CleverError(VENDOR, "Clever Multimedias answered something that is not JSON", status=200) from None

    def account(self) -> Account:
        """M1: profile and credit."""
        body = self._read_json("/api/account/me")
        return Account.model_validate((body or {}).get("account") or {})

    def probe(self) -> str:
        """A cheap authenticated read for /relais status; returns a short description."""
        account = self.account()
        return f"{account.credit:,} units of credit"
