"""Every check about a send, in one place: what the push card says, offers and blocks, and what Send refuses.

``send_checks`` runs them at the card (``push_prepare.stage``) and again at Send (the executor's
gate, ``push_executor``): a card confirmed after the hour changed is refused then, with the same
words. Today the French marketing rules (``push_marketing``); opt-outs, approval and budgets plug
in here the same way, each answering a ``SendCheck`` (``handlers.clever.send_check``).
"""

from __future__ import annotations

from datetime import datetime

from bot.core.channel_settings import ChannelSettings
from handlers.clever.push_marketing import marketing_check
from handlers.clever.send_check import SendCheck, SendFacts, combine

__all__ = ["send_checks"]


def send_checks(facts: SendFacts, settings: ChannelSettings, now: datetime) -> SendCheck:
    """Every check about a send, at ``now`` under the channel's ``settings``."""
    return combine(marketing_check(facts, settings, now))
