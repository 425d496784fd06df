"""``/callback centrex``: the Centrex accounts (A28), filtered; passwords are never shown.

The last-registration filters are typed as people type a moment in Paris time (``since=hier 8h``,
``until=01/11/2026 08:00``, ISO; a day alone is the whole day), sent in the document's UTC form;
each account's last registration is shown in words, Paris time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.timezone import PARIS
from bot.rules.dates import say_vendor_moment
from bot.rules.fields import check_choice, check_int
from bot.rules.grammar import only_options
from bot.rules.phones import parse_phone
from bot.slack.blockkit import fields_section, section
from bot.slack.context import CommandContext
from bot.slack.forms import checked
from bot.vendors.axialys.models import CentrexFilters
from handlers.axialys.command import COMMAND
from handlers.axialys.kit import AxialysKit, axialys
from handlers.axialys.rules import check_name_field, check_registration

__all__ = ["CENTREX_FILTERS", "centrex_command"]

CENTREX_FILTERS = {"id", "number", "state", "site", "since", "until"}
_EXAMPLE = "/callback centrex state=active site=Paris"
#: The filters holding a moment: unquoted, they go on over the words that still read as one (``since=hier 8h``).
_MOMENTS = ("since", "until")


def _check_centrex(values: dict[str, str]) -> CentrexFilters:
    now = datetime.now(PARIS)
    steps: list[tuple[str, Any]] = []
    if "id" in values:
        steps.append(("centrex_account_id", lambda: check_int("id", values["id"], minimum=1)))
    if "number" in values:
        steps.append(("phone_number", lambda: parse_phone("number", values["number"]).digits))
    if "state" in values:
        steps.append(("state", lambda: check_choice("state", values["state"], ("active", "suspended"))))
    if "site" in values:
        steps.append(("site", lambda: check_name_field("site", values["site"])))
    if "since" in values:
        steps.append(("last_registration_at", lambda: check_registration("since", values["since"], now=now)))
    if "until" in values:
        until = values["until"]
        steps.append(("last_registration_at_end", lambda: check_registration("until", until, now=now, last=True)))
    return CentrexFilters.model_validate(checked(*steps))


@axialys.sub(
    COMMAND,
    "centrex",
    summary="Centrex accounts, filtered by id, number, state, site or last registration (passwords never shown)",
    usage="/callback centrex [id=… number=… state=active|suspended site=… since=… until=…]",
    example=_EXAMPLE,
    operations=("A28",),
)
def centrex_command(ctx: CommandContext, kit: AxialysKit) -> None:
    """``/callback centrex [id=… number=… state=… site=… since=… until=…]`` (A28)."""
    filters = only_options(ctx.args, CENTREX_FILTERS, example=_EXAMPLE, moments=_MOMENTS)
    accounts = kit.client.centrex_accounts(_check_centrex(filters))
    language = ctx.language
    items = [
        [
            section(f"*{account.user_name or '—'}* · account {account.id} · {account.state or '—'}"),
            fields_section(
                [
                    ("Numbers", ", ".join(f"+{n}" for n in account.phone_numbers) or "—"),
                    ("Site", account.site or "—"),
                    ("Short number", account.short_number or "—"),
                    ("Server", account.server or "—"),
                    ("Codec", f"{account.codec or '—'} ({account.codec_mode or '—'}), {account.transport or '—'}"),
                    (
                        "Last registration",
                        say_vendor_moment(account.last_registration_at, missing="never", language=language),
                    ),
                ]
            ),
        ]
        for account in accounts
    ]
    ctx.paginate("Centrex accounts", items, per_page=8, summary=f"{len(accounts)} accounts")
