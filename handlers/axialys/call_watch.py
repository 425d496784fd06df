"""The call watcher: ONE job per pop-up follows all its pending calls, so polling does not grow per call.

Each cycle lists the pop-up's calls once (A26, a date range covering every pending call)
and updates each pending call's card from that listing; a call that ended gets its
summary in the card's thread exactly once (``post_once``). The job ends when the pop-up
has no pending call; the next call starts a new one.

Who watches a pop-up is a ``WatcherMarker`` ({job_id, state}). Ending switches it to "ended"
(one ``Collection.update``) *followed by* a last look at the pending calls, and a new call is
marked pending *before* its placer looks at the marker: so either the ending job sees the new
call (and carries on), or the placer sees "ended" (and starts a new job). No call is left unwatched.
"""

from __future__ import annotations

import logging
import secrets
import time
from datetime import date, datetime, timedelta
from typing import Literal

from bot.core.jobs import Job, Place
from bot.core.timezone import PARIS
from bot.vendors.axialys.models import CallRow, is_known_state
from handlers.axialys.call_cards import call_card, summary_message
from handlers.axialys.kit import AxialysKit, axialys
from handlers.axialys.records import CallRecord, WatcherMarker, pending_id
from handlers.axialys.wording import state_words

__all__ = ["POLL_SECONDS", "WATCH_KIND", "ensure_watcher", "pending_calls", "poll_delay", "watch", "watcher_places"]

WATCH_KIND = "axialys.watch"
#: Polling starts every 5 s and slows down as the youngest pending call ages, up to every 5 minutes.
POLL_SECONDS = 5.0
FAST_POLL_SECONDS = 180.0
MAX_POLL_SECONDS = 300.0
log = logging.getLogger(__name__)
#: A call lasts at most dureemaxi (10,000 s) after its delays and retries: a day is far beyond.
WATCH_LIMIT_SECONDS = 24 * 3600


def ensure_watcher(kit: AxialysKit, id_popup: int) -> str:
    """The id of the job watching ``id_popup``, started if none is running, woken if it sleeps.

    A watcher of older calls may be minutes from its next look (``poll_delay``): a new call's
    card must not wait that long for its first state.
    """
    new_job = f"{WATCH_KIND}:{id_popup}:{secrets.token_hex(4)}"
    watching: list[str] = []

    def claim(current: WatcherMarker | None) -> WatcherMarker | None:
        watching.clear()
        if current is not None and current.state == "running" and _alive(kit, current.job_id):
            watching.append(current.job_id)
            return None  # watched already: leave the marker as it is
        return WatcherMarker(job_id=new_job, state="running")

    if kit.watchers.update(str(id_popup), claim) is None:
        kit.scheduler.wake(watching[0])
        return watching[0]
    kit.scheduler.add(WATCH_KIND, {"id_popup": id_popup}, job_id=new_job)
    return new_job


def _switch(
    kit: AxialysKit, id_popup: int, job_id: str, before: Literal["running", "ended"], after: Literal["running", "ended"]
) -> bool:
    """Compare-and-set of the pop-up's marker: ``job_id`` from ``before`` to ``after``; False if another wrote it."""
    expected = WatcherMarker(job_id=job_id, state=before)

    def change(current: WatcherMarker | None) -> WatcherMarker | None:
        return WatcherMarker(job_id=job_id, state=after) if current == expected else None

    return kit.watchers.update(str(id_popup), change) is not None


def _alive(kit: AxialysKit, job_id: str) -> bool:
    """A job that died with the marker still "running" (a crash between the two writes) is replaced."""
    job = kit.scheduler.get(job_id)
    return job is not None and job.state == "active"


def pending_calls(kit: AxialysKit, id_popup: int) -> list[CallRecord]:
    """The calls of ``id_popup`` still followed; a marker whose call is gone is dropped."""
    calls = []
    for marker_id, id_tracking in kit.pending_calls.scan(start=pending_id(id_popup)):
        call = kit.calls.get(str(id_tracking.root))
        if call is None:
            kit.pending_calls.delete(marker_id)
        else:
            calls.append(call)
    return calls


def watcher_places(kit: AxialysKit, job: Job) -> list[Place]:
    """A pop-up watcher's trouble is told in the thread of each call card it follows."""
    calls = pending_calls(kit, int(job.params["id_popup"]))
    return sorted({(call.channel_id, call.card_ts) for call in calls})


@axialys.job(WATCH_KIND, reading="Axialys WebAppel's call listing", places=watcher_places)
def watch(kit: AxialysKit, job: Job) -> float | None:
    id_popup = int(job.params["id_popup"])
    if kit.watchers.get(str(id_popup)) != WatcherMarker(job_id=job.id, state="running"):
        return None  # superseded: another job watches this pop-up
    pending = pending_calls(kit, id_popup)
    if not pending:
        if not _switch(kit, id_popup, job.id, "running", "ended"):
            return None
        if not pending_calls(kit, id_popup) or not _switch(kit, id_popup, job.id, "ended", "running"):
            return None
        return 0.0  # a call arrived while we were ending: carry on
    rows = _listing(kit, id_popup, pending)
    for call in pending:
        _follow(kit, call, rows.get(call.id_tracking))
    job.data["cycles"] = int(job.data.get("cycles", 0)) + 1
    # Pending calls read again: one placed during this cycle sets the pace (its wake-up was overwritten).
    youngest = max(call.placed_at for call in pending_calls(kit, id_popup) or pending)
    return poll_delay(time.time() - youngest)


def poll_delay(age_seconds: float) -> float:
    """5 s while the youngest pending call is under 3 minutes old, then a twentieth of its age, at most 5 min.

    A call placed with a delay, retries or a long conversation stays pending a while: ≈ 30 s
    between looks at 10 minutes, 3 minutes at an hour, instead of 5 s for a day.
    """
    if age_seconds < FAST_POLL_SECONDS:
        return POLL_SECONDS
    return min(MAX_POLL_SECONDS, max(POLL_SECONDS, age_seconds / 20))


def _listing(kit: AxialysKit, id_popup: int, pending: list[CallRecord]) -> dict[int, CallRow]:
    """One A26 request for the whole pop-up: from the day before the oldest pending call to tomorrow.

    The margins cover the difference between our clock and the vendor's (dates are the
    vendor's Paris dates; decisions: ranges include both ends).
    """
    start = min(_paris_day(call.placed_at) for call in pending) - timedelta(days=1)
    end = datetime.now(PARIS).date() + timedelta(days=1)
    return {row.id_tracking: row for row in kit.client.calls(id_popup, start=start, end=end)}


def _paris_day(timestamp: float) -> date:
    return datetime.fromtimestamp(timestamp, PARIS).date()


def _follow(kit: AxialysKit, call: CallRecord, row: CallRow | None) -> None:
    """One call's cycle. A Slack failure for this call (its card, its summary) is logged and the call stays
    pending, tried again next cycle: the other calls go on, and Axialys is not blamed for Slack's refusal."""
    try:
        if row is not None:
            _apply(kit, call, row)
        if (row is None or not row.final) and time.time() - call.placed_at > WATCH_LIMIT_SECONDS:
            _give_up(kit, call, listed=row is not None)
    except Exception:
        log.exception(
            "Axialys call #%s: could not update its card or post its summary; tried again next cycle", call.id_tracking
        )


def _apply(kit: AxialysKit, call: CallRecord, row: CallRow) -> None:
    if not row.final:
        if row.state != call.state:
            call.state = row.state
            _update_card(kit, call)
            kit.calls.put(str(call.id_tracking), call)  # after the card: a card Slack refused is updated again
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
    kit.calls.put(str(call.id_tracking), call)
    text, blocks = summary_message(call)
    kit.out.post_once(
        f"axialys.summary:{call.id_tracking}", call.channel_id, text, blocks, thread_ts=call.card_ts or None
    )
    _update_card(kit, call)
    kit.pending_calls.delete(pending_id(call.id_popup, call.id_tracking))


def _give_up(kit: AxialysKit, call: CallRecord, *, listed: bool) -> None:
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
    kit.out.post_once(f"axialys.summary:{call.id_tracking}", call.channel_id, text, thread_ts=call.card_ts or None)
    kit.pending_calls.delete(pending_id(call.id_popup, call.id_tracking))


def _update_card(kit: AxialysKit, call: CallRecord) -> None:
    if call.card_ts:
        kit.out.update(call.channel_id, call.card_ts, *call_card(call))
