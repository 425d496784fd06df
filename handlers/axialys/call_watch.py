"""The call watcher: ONE job per pop-up follows all its pending calls, so polling does not grow per call.

Each cycle lists the pop-up's calls once (A26, a date range covering every pending call)
and updates each pending call's card from that listing; a call that ended gets its
summary in the card's thread exactly once (``post_once``). The job ends when the pop-up
has no pending call; the next call starts a new one.

Who watches a pop-up is written in the store (``axialys.watcher:<id_popup>`` →
{job_id, state}). Ending is a compare-and-set to "ended" *followed by* a last look at the
pending calls, and a new call is marked pending *before* its placer looks at that record:
so either the ending job sees the new call (and carries on), or the placer sees "ended"
(and starts a new job). No call is left unwatched.
"""

from __future__ import annotations

import logging
import secrets
import time
from datetime import date, datetime, timedelta
from typing import Any

from bot.core.jobs import Job, Place
from bot.core.store import MISSING
from bot.core.timezone import PARIS
from bot.services import Services
from bot.slack.blockkit import context, section
from bot.vendors.axialys.models import CallRow, is_known_state
from handlers.axialys.calls import (
    CallRecord,
    call_card,
    load_call,
    pending_key,
    recent_calls,
    save_call,
    state_words,
    summary_message,
)

__all__ = ["POLL_SECONDS", "WATCH_KIND", "ensure_watcher", "home_section", "poll_delay", "watch", "watcher_places"]

WATCH_KIND = "axialys.watch"
#: Polling starts every 5 s and slows down as the youngest pending call ages, up to every 5 minutes.
POLL_SECONDS = 5.0
FAST_POLL_SECONDS = 180.0
MAX_POLL_SECONDS = 300.0
log = logging.getLogger(__name__)
#: A call lasts at most dureemaxi (10,000 s) after its delays and retries: a day is far beyond.
WATCH_LIMIT_SECONDS = 24 * 3600


def _pointer_key(id_popup: int) -> str:
    return f"axialys.watcher:{id_popup}"


def ensure_watcher(services: Services, id_popup: int) -> str:
    """The id of the job watching ``id_popup``, started if none is running, woken if it sleeps.

    A watcher of older calls may be minutes from its next look (``poll_delay``): a new call's
    card must not wait that long for its first state.
    """
    key = _pointer_key(id_popup)
    while True:
        current = services.store.get(key)
        if current is not None and current.get("state") == "running" and _alive(services, str(current["job_id"])):
            services.scheduler.wake(str(current["job_id"]))
            return str(current["job_id"])
        job_id = f"{WATCH_KIND}:{id_popup}:{secrets.token_hex(4)}"
        if services.store.compare_and_set(key, MISSING if current is None else current, _running(job_id)):
            services.scheduler.add(WATCH_KIND, {"id_popup": id_popup}, job_id=job_id)
            return job_id


def _running(job_id: str) -> dict[str, str]:
    return {"job_id": job_id, "state": "running"}


def _ended(job_id: str) -> dict[str, str]:
    return {"job_id": job_id, "state": "ended"}


def _alive(services: Services, job_id: str) -> bool:
    """A job that died with the pointer still "running" (a crash between the two writes) is replaced."""
    job = services.scheduler.get(job_id)
    return job is not None and job.state == "active"


def _pending(services: Services, id_popup: int) -> list[CallRecord]:
    calls = []
    for key, id_tracking in services.store.scan(pending_key(id_popup)):
        call = load_call(services, int(id_tracking))
        if call is None:
            services.store.delete(key)
        else:
            calls.append(call)
    return calls


def watch(services: Services, job: Job) -> float | None:
    id_popup = int(job.params["id_popup"])
    key = _pointer_key(id_popup)
    if services.store.get(key) != _running(job.id):
        return None  # superseded: another job watches this pop-up
    pending = _pending(services, id_popup)
    if not pending:
        if not services.store.compare_and_set(key, _running(job.id), _ended(job.id)):
            return None
        if not _pending(services, id_popup) or not services.store.compare_and_set(
            key, _ended(job.id), _running(job.id)
        ):
            return None
        return 0.0  # a call arrived while we were ending: carry on
    rows = _listing(services, id_popup, pending)
    for call in pending:
        _follow(services, call, rows.get(call.id_tracking))
    job.data["cycles"] = int(job.data.get("cycles", 0)) + 1
    # Pending calls read again: one placed during this cycle sets the pace (its wake-up was overwritten).
    youngest = max(call.placed_at for call in _pending(services, id_popup) or pending)
    return poll_delay(time.time() - youngest)


def poll_delay(age_seconds: float) -> float:
    """5 s while the youngest pending call is under 3 minutes old, then a twentieth of its age, at most 5 min.

    A call placed with a delay, retries or a long conversation stays pending a while: ≈ 30 s
    between looks at 10 minutes, 3 minutes at an hour, instead of 5 s for a day.
    """
    if age_seconds < FAST_POLL_SECONDS:
        return POLL_SECONDS
    return min(MAX_POLL_SECONDS, max(POLL_SECONDS, age_seconds / 20))


def watcher_places(services: Services, job: Job) -> list[Place]:
    """A pop-up watcher's trouble is told in the thread of each call card it follows."""
    calls = _pending(services, int(job.params["id_popup"]))
    return sorted({(call.channel_id, call.card_ts) for call in calls})


def _listing(services: Services, id_popup: int, pending: list[CallRecord]) -> dict[int, CallRow]:
    """One A26 request for the whole pop-up: from the day before the oldest pending call to tomorrow.

    The margins cover the difference between our clock and the vendor's (dates are the
    vendor's Paris dates; decisions: ranges include both ends).
    """
    start = min(_paris_day(call.placed_at) for call in pending) - timedelta(days=1)
    end = datetime.now(PARIS).date() + timedelta(days=1)
    return {row.id_tracking: row for row in services.axialys.calls(id_popup, start=start, end=end)}


def _paris_day(timestamp: float) -> date:
    return datetime.fromtimestamp(timestamp, PARIS).date()


def _follow(services: Services, call: CallRecord, row: CallRow | None) -> None:
    """One call's cycle. A Slack failure for this call (its card, its summary) is logged and the call stays
    pending, tried again next cycle: the other calls go on, and Axialys is not blamed for Slack's refusal."""
    try:
        if row is not None:
            _apply(services, call, row)
        if (row is None or not row.final) and time.time() - call.placed_at > WATCH_LIMIT_SECONDS:
            _give_up(services, call, listed=row is not None)
    except Exception:
        log.exception(
            "Axialys call #%s: could not update its card or post its summary; tried again next cycle", call.id_tracking
        )


def _apply(services: Services, call: CallRecord, row: CallRow) -> None:
    if not row.final:
        if row.state != call.state:
            call.state = row.state
            _update_card(services, call)
            save_call(services, call)  # after the card: a card Slack refused is updated again next cycle
        return
    if not is_known_state(row.state):
        # Logged once: the call leaves the pending list below.
        log.warning("Axialys call #%s ended in a state Relais does not know: %r", call.id_tracking, row.state)
    call.state, call.ring_seconds, call.talk_seconds, call.price = (
        row.state,
        row.ring_seconds,
        row.talk_seconds,
        str(row.price),
    )
    save_call(services, call)
    text, blocks = summary_message(call)
    services.out.post_once(
        f"axialys.summary:{call.id_tracking}", call.channel_id, text, blocks, thread_ts=call.card_ts or None
    )
    _update_card(services, call)
    services.store.delete(pending_key(call.id_popup, call.id_tracking))


def _give_up(services: Services, call: CallRecord, *, listed: bool) -> None:
    """A call still not ended a day later (a waiting state, or no line Relais could read for it): say so, once.

    Missing from the listing may mean Axialys wrote its line in a form Relais cannot read (skipped and
    logged), so it is never said "never listed by Axialys".
    """
    state = state_words(call.state) if call.state.strip() else "not given by Axialys"
    if listed:
        why = f"its last state is {state}"
    else:
        why = (
            "Axialys' call listing has not shown it in a form Relais can read (the log has the lines it skipped); "
            f"the last state Relais saw is {state}"
        )
    text = (
        f":grey_question: Relais stopped following call #{call.id_tracking} after {WATCH_LIMIT_SECONDS // 3600} hours: "
        f"{why}. `/callback calls popup={call.id_popup}` shows what Axialys knows of it."
    )
    services.out.post_once(f"axialys.summary:{call.id_tracking}", call.channel_id, text, thread_ts=call.card_ts or None)
    services.store.delete(pending_key(call.id_popup, call.id_tracking))


def _update_card(services: Services, call: CallRecord) -> None:
    if call.card_ts:
        services.out.update(call.channel_id, call.card_ts, *call_card(call))


def home_section(services: Services, user_id: str) -> list[dict[str, Any]]:
    """App Home: the last 10 calls placed from Relais, with their state (store only, no vendor call).

    Admins see everyone's; a member sees the calls they asked for (others' may be in private channels).
    """
    admin = services.roles.is_admin(user_id)
    calls = recent_calls(services, 10, asked_by=None if admin else user_id)
    if not calls:
        return [section("*Recent callbacks*\nNo call placed from Relais yet: try `/callback 06 12 34 56 78`.")]
    lines = [
        f"• `#{call.id_tracking}` {call.number} · {call.popup_name} · {call.state_shown} · "
        f"{datetime.fromtimestamp(call.placed_at, PARIS):%Y-%m-%d %H:%M}"
        for call in calls
    ]
    whose = "everyone's (you are an admin)" if admin else "the ones you asked for"
    return [section("*Recent callbacks*\n" + "\n".join(lines)), context(f"Axialys WebAppel · last 10 calls: {whose}")]
