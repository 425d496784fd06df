"""The one time zone of Relais: every vendor is French and documents Paris wall-clock times.

The vendor simulators keep their own (``bot.sandboxes.frame.PARIS``): they import nothing of the product.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

__all__ = ["PARIS", "parse_vendor_date"]

PARIS = ZoneInfo("Europe/Paris")


def parse_vendor_date(value: str | None) -> datetime | None:
    """A vendor's date → an aware datetime: ``"2017-10-12 12:42:47"`` (Paris wall time, as Clever and Axialys
    list them), ``"2017-10-12T18:05:30+0200"``, or ISO 8601 with ``Z`` (Axialys' Centrex registrations); None
    when unreadable."""
    if not value:
        return None
    text = value.strip()
    parsed: datetime | None = None
    for layout in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S%z"):
        try:
            parsed = datetime.strptime(text, layout)
            break
        except ValueError:
            continue
    if parsed is None:
        try:  # other ISO 8601 spellings ("2017-10-12T18:05:30+02:00", "…Z", no seconds)
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=PARIS)
