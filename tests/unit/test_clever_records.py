"""The Clever Multimedias records keep the stored shape of the previous version (plain dicts under the same keys)."""

from __future__ import annotations

from typing import Any

from bot.core.records import Records
from bot.core.store import MemoryStore
from handlers.clever.records import CAMPAIGNS, CRITERIA_FIELDS, CRITERIA_FIELDS_ID, Campaign, FieldNames

#: A campaign as the previous version stored it (``campaign:<reference>``), before any cancel or 404.
OLD_CAMPAIGN: dict[str, Any] = {
    "reference": "Push20261201090000",
    "family": "sms",
    "channel": "sms",
    "audience": "list",
    "channel_id": "C1",
    "user_id": "U1",
    "created_at": 1764579600.0,
    "units": 14,
    "recipients": 2,
    "hd_send": "",
    "summary": "GSM 03.38 · 1 SMS per message",
    "state": "sending",
    "counts": {"total": 2, "delivered": 1, "failed": 0, "sent": 1},
    "ts": "1764579601.000100",
}


def test_an_old_campaign_reads_and_is_stored_with_the_same_fields() -> None:
    store = MemoryStore()
    store.put("campaign:Push20261201090000", OLD_CAMPAIGN)
    campaigns = Records(store, [CAMPAIGNS]).of(CAMPAIGNS)
    found = campaigns.get("Push20261201090000")
    assert found is not None and found.counts.pending == 1 and found.cancelled_by is None
    changed = campaigns.update("Push20261201090000", lambda c: c.model_copy(update={"state": "done"}) if c else None)
    assert changed is not None and changed.state == "done"
    stored = store.get("campaign:Push20261201090000")
    assert {key: value for key, value in stored.items() if value is not None} == {**OLD_CAMPAIGN, "state": "done"}


def test_a_missing_campaign_is_not_created_by_an_update() -> None:
    campaigns = Records(MemoryStore(), [CAMPAIGNS]).of(CAMPAIGNS)
    assert campaigns.update("Push1", lambda c: c.model_copy(update={"state": "done"}) if c else None) is None
    assert campaigns.get("Push1") is None


def test_the_criteria_field_names_are_one_list() -> None:
    store = MemoryStore()
    names = Records(store, [CRITERIA_FIELDS]).of(CRITERIA_FIELDS)
    names.put(CRITERIA_FIELDS_ID, FieldNames(["city", "diffusion"]))
    assert [value for _, value in store.scan("clever.criteria_fields:")] == [["city", "diffusion"]]
    assert Campaign.model_validate(OLD_CAMPAIGN).model_dump(mode="json")["counts"] == OLD_CAMPAIGN["counts"]
