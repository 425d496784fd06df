"""SMS replies (MO, M23) posted once each in the campaign card's thread, as the watcher reads them."""

from __future__ import annotations

import hashlib

from bot.core.jobs import Job
from handlers.clever.kit import CleverKit
from handlers.clever.records import Campaign

__all__ = ["post_replies"]


def post_replies(kit: CleverKit, campaign: Campaign, job: Job) -> int:
    """Each MO (M23) once in the card's thread; the ones posted are remembered in job.data."""
    if not campaign.ts:
        return 0
    posted: list[str] = list(job.data.get("mos", []))
    new = 0
    for mo in kit.client.mos(campaign.reference):
        key = hashlib.sha256(f"{mo.recipient}|{mo.date_receive}|{mo.message}".encode()).hexdigest()[:16]
        if key in posted:
            continue
        text = f":speech_balloon: Reply from {mo.recipient} at {mo.date_receive or '?'}: {mo.message}"
        kit.out.post_once(f"clever.mo:{campaign.reference}:{key}", campaign.channel_id, text, thread_ts=campaign.ts)
        posted.append(key)
        new += 1
    job.data["mos"] = posted
    return new
