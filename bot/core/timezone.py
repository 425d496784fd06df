"""The one time zone of Relais: every vendor is French and documents Paris wall-clock times.

The vendor simulators keep their own (``bot.sandboxes.frame.PARIS``): they import nothing of the product.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

__all__ = ["PARIS"]

PARIS = ZoneInfo("Europe/Paris")
