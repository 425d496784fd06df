"""/callback: Axialys WebAppel click-to-call (A1–A28).

``/callback <number>`` places a call (confirmation card, then a live call card and its
summary); ``cancel``, ``calls``, ``summary`` and ``centrex`` are one-word subcommands;
``operators``, ``planning``, ``popup``, ``file`` and ``block`` group two-word subcommands
(``operators add``), each with its own ``admin_only`` and operations.
"""

from __future__ import annotations

from bot.slack.registry import Registry, Subcommand
from handlers.axialys import admin, call_watch, calls, popups, stats
from handlers.axialys.common import COMMAND

__all__ = ["register"]


def register(registry: Registry) -> None:
    registry.command(
        COMMAND,
        "Click-to-call callbacks, operators, plannings, pop-ups (Axialys WebAppel)",
        "<number> | cancel | recording | calls | summary | operators … | planning … | popup … | file … | block … "
        "| centrex",
        vendor="axialys",
    )
    _register_calls(registry)
    for subcommand in (
        *admin.operators_subcommands(),
        *admin.planning_subcommands(),
        *popups.popup_subcommands(),
        *popups.file_subcommands(),
        *admin.block_subcommands(),
    ):
        registry.sub(COMMAND, subcommand)
    registry.sub(
        COMMAND,
        Subcommand(
            "centrex",
            "Centrex accounts, filtered by id, number, state, site or last registration (passwords never shown)",
            "/callback centrex [id=… number=… state=active|suspended site=… since=YYYY-MM-DDTHH:MM until=…]",
            "/callback centrex state=active site=Paris",
            admin.centrex_command,
            operations=("A28",),
        ),
    )
    admin.register_admin(registry)
    popups.register_popups(registry)


def _register_calls(registry: Registry) -> None:
    summary = "Place a callback (confirmation card with the price per minute)"
    operations = ("A24", "A17", "A14")
    usage = "<number> [popup=… retries=0-9 record=yes|no max=10-10000 delay=10-1000 name=…]"
    fallback = Subcommand(
        "call",
        summary,
        f"/callback {usage}",
        "/callback 06 12 34 56 78 popup=77 retries=2",
        calls.place_command,
        operations=operations,
    )
    registry.sub(COMMAND, fallback, fallback=True)
    registry.sub(
        COMMAND,
        Subcommand(
            "call",
            f"{summary}; alone, opens the form with every field",
            f"/callback call [{usage}]",
            "/callback call 0612345678 popup=Accueil",
            calls.place_command,
            operations=operations,
        ),
    )
    registry.sub(
        COMMAND,
        Subcommand(
            "cancel",
            "Cancel a call that has not started yet",
            "/callback cancel <tracking id> [popup=…]",
            "/callback cancel 5 popup=77",
            calls.cancel_command,
            operations=("A25",),
        ),
    )
    registry.sub(
        COMMAND,
        Subcommand(
            "calls",
            "A pop-up's calls over a date range (default today), with totals",
            "/callback calls [from] [to] [popup=…]",
            "/callback calls 2026-11-01 2026-11-30 popup=77",
            stats.calls_command,
            operations=("A26",),
        ),
    )
    registry.sub(
        COMMAND,
        Subcommand(
            "summary",
            "Call statistics of a pop-up over a date range (default today)",
            "/callback summary [from] [to] [popup=…]",
            "/callback summary 2026-11-01 2026-11-30 popup=77",
            stats.summary_command,
            operations=("A27",),
        ),
    )
    registry.sub(
        COMMAND,
        Subcommand(
            "recording",
            "The recording of an answered call placed with record=yes, posted into the channel",
            "/callback recording <tracking id> [popup=…]",
            "/callback recording 12 popup=77",
            calls.recording_command,
            operations=("A21",),
        ),
    )
    registry.action(calls.CANCEL_ACTION, calls.cancel_click, operation="A25")
    registry.view(calls.CALL_VIEW, calls.validate_call_modal, calls.submit_call_modal)
    registry.executor(calls.call_executor())
    registry.job(
        call_watch.WATCH_KIND,
        call_watch.watch,
        reading="Axialys WebAppel's call listing",
        places=call_watch.watcher_places,
    )
    registry.home_section(call_watch.home_section)
