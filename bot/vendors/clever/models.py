"""Clever Multimedias request and response models (wire names as aliases)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Account", "Company"]


class _Wire(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")


class Company(_Wire):
    company_name: str | None = None
    address: str | None = None
    country: str | None = None
    city: str | None = None
    zip_code: str | int | None = None


class Account(_Wire):
    """M1 ``GET /api/account/me`` → ``{"account": {...}}`` (§3.1)."""

    name: str | None = None
    lastname: str | None = None
    email: str | None = None
    telephone: str | None = None
    credit: int = 0
    date_expiration: str | None = None
    company: Company | None = Field(default=None)
