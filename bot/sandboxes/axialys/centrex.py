"""A28 of the Axialys WebAppel document: the Centrex accounts, filtered (JSON).

The document gives the parameters and fields but no method name: server.CENTREX_METHOD is the sandbox's.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from bot.sandboxes.axialys.rules import (
    digits,
    invalid,
    missing,
    one_of,
)
from bot.sandboxes.axialys.state import (
    Context,
)
from bot.sandboxes.axialys.wire import (
    centrex_account_json,
)
from bot.sandboxes.frame import SandboxResponse

_REGISTRATION = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z?$")


def _registration(name: str, value: str) -> datetime:
    """A28: YYYY-MM-DDTHH:MM (ISO 8601, UTC); the trailing Z of the returned format is accepted too."""
    try:
        if not _REGISTRATION.match(value):
            raise ValueError(value)
        return datetime.strptime(value.removesuffix("Z"), "%Y-%m-%dT%H:%M").replace(tzinfo=UTC)
    except ValueError:
        raise invalid(name, "YYYY-MM-DDTHH:MM") from None


def centrex_accounts(ctx: Context) -> SandboxResponse:
    """A28 — JSON list of the accounts matching every filter given."""
    p = ctx.params
    account_id = p.optional("centrex_account_id")
    wanted_id = int(digits("centrex_account_id", account_id)) if account_id is not None else None
    number = p.optional("phone_number")
    wanted_number = digits("phone_number", number) if number is not None else None
    wanted_state = one_of("state", s, ("active", "suspended")) if (s := p.optional("state")) is not None else None
    wanted_site = p.optional("site")
    if wanted_site is not None and not re.match(r"^[a-zA-Z0-9 _-]+$", wanted_site):
        raise invalid("site", "un nom alphanumérique")
    start_text, end_text = p.optional("last_registration_at"), p.optional("last_registration_at_end")
    start = _registration("last_registration_at", start_text) if start_text is not None else None
    end = _registration("last_registration_at_end", end_text) if end_text is not None else None
    if start is not None and end is None:
        # "Date de début ou date du jour demandé": alone, it selects that whole (UTC) day from that time.
        end = start.replace(hour=23, minute=59) + timedelta(seconds=59)
    if start is None and end is not None:
        raise missing("last_registration_at")
    if start is not None and end is not None and end < start:
        raise invalid("last_registration_at_end", "une date postérieure à last_registration_at")
    accounts = []
    for account in sorted(ctx.state.centrex.values(), key=lambda a: a.centrex_account_id):
        registered = account.last_registration_at
        if (
            (wanted_id is not None and account.centrex_account_id != wanted_id)
            or (wanted_number is not None and wanted_number not in account.phone_numbers)
            or (wanted_state is not None and account.state != wanted_state)
            or (wanted_site is not None and account.site.lower() != wanted_site.lower())
            or (start is not None and end is not None and (registered is None or not start <= registered <= end))
        ):
            continue
        accounts.append(centrex_account_json(account))
    body = json.dumps(accounts, ensure_ascii=False).encode("utf-8")
    return SandboxResponse(status=200, body=body, content_type="application/json; charset=utf-8")
