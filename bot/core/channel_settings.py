"""What each channel sets for the campaigns sent from it: one record per channel, with the defaults below.

Set by admins with ``/relais settings`` (audited), read by the cards they affect: the default
sender and nature of a send, the opt-out text promotional SMS must carry, where SMS replies go,
the approval threshold, the monthly budget, the marketing rules applied and the commands allowed.
A channel nobody set has ``ChannelSettings()``: promotional, the 2026 charter, no budget, no
approval, every command.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from bot.core.records import Collection, RecordKind

__all__ = ["CHANNEL_SETTINGS", "ChannelSettings", "ChannelSettingsBook", "Nature", "RulesSet"]

Nature = Literal["promotional", "transactional"]
#: The French marketing rules a channel applies (bot/rules/marketing.py): the af2m charter in force from
#: 1 March 2026, the 2024 one, or none (a channel that sends transactional messages only).
RulesSet = Literal["charter-2026", "charter-2024", "none"]


class ChannelSettings(BaseModel):
    sender: str = ""  # default `from=` of SMS pushes ("" : the account's default)
    nature: Nature = "promotional"
    optout_text: str = ""  # e.g. "STOP au 36111"
    replies_channel: str = ""  # where SMS replies go ("": the campaign's thread)
    approval_recipients: int | None = None  # a send to more recipients waits for an admin's approval
    approval_units: int | None = None  # a send costing more units waits for an admin's approval
    monthly_budget: int | None = None  # units a month (None: no budget)
    rules: RulesSet = "charter-2026"
    commands: list[str] | None = None  # the commands allowed here (None: all)
    updated_by: str = ""
    updated_at: float = 0.0


CHANNEL_SETTINGS = RecordKind("channel.settings:", ChannelSettings, "per-channel settings")


class ChannelSettingsBook:
    """Every channel's settings; a channel never set reads as the defaults."""

    def __init__(self, records: Collection[ChannelSettings]) -> None:
        self.records = records

    def of(self, channel_id: str) -> ChannelSettings:
        return self.records.get(channel_id) or ChannelSettings()
