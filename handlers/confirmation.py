"""Staging and audited writes as functions, for the handlers written before ``BaseContext.stage`` and
``BaseContext.audited_write`` (issue 11 transition: removed once every family uses the verbs)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from bot.core.safe_writes import WriteRecord
from bot.slack.context import BaseContext

__all__ = ["audited_write", "stage_and_confirm"]

log = logging.getLogger(__name__)
T = TypeVar("T")


def audited_write(
    ctx: BaseContext,
    operation: str,
    write: Callable[[], T],
    *,
    command: str,
    detail: str = "",
    done_code: str | Callable[[T], str | None] | None = None,
    check: str = "",
) -> T:
    """``ctx.audited_write``, for the handlers written before it (issue 11 transition)."""
    return ctx.audited_write(operation, write, command=command, detail=detail, done_code=done_code, check=check)


def stage_and_confirm(
    ctx: BaseContext,
    kind: str,
    params: dict[str, Any],
    *,
    command: str,
    title: str,
    preview: list[str],
    labels: tuple[str, str] = ("Send", "Cancel"),
) -> WriteRecord:
    """``ctx.stage``, for the handlers written before it (issue 11 transition)."""
    return ctx.stage(kind, params, command=command, title=title, preview=preview, labels=labels)
