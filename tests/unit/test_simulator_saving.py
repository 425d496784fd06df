"""The simulators' data saved as bytes and restored in another instance (``relais console --keep``)."""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field

import pytest
from slack_sdk import WebClient

from bot.runtime import start_sandbox
from bot.sandboxes.axialys.server import AxialysSandbox
from bot.sandboxes.clever.server import CleverSandbox
from bot.sandboxes.cliqphone.server import CliqphoneSandbox
from bot.sandboxes.frame import has_all_fields
from bot.sandboxes.slack import SlackStandIn


def test_each_sandbox_restores_its_data_in_a_new_instance() -> None:
    clever, cliqphone, axialys = CleverSandbox(), CliqphoneSandbox(), AxialysSandbox()
    clever.set_credit(1234)
    number_id = cliqphone.add_available_number("0199000001", "01")
    call_id = axialys.add_call(77, "+33612345678", seconds_ago=10)
    again = [CleverSandbox(), CliqphoneSandbox(), AxialysSandbox()]
    for original, restored in zip((clever, cliqphone, axialys), again, strict=True):
        restored.restore_state(original.saved_state())
    restored_clever, restored_cliqphone, restored_axialys = again
    assert isinstance(restored_clever, CleverSandbox) and restored_clever.credit() == 1234
    assert isinstance(restored_cliqphone, CliqphoneSandbox)
    assert any(n["id"] == number_id for n in restored_cliqphone.available_numbers())
    assert isinstance(restored_axialys, AxialysSandbox) and restored_axialys.call(call_id)["e164"] == "+33612345678"


def test_start_sandbox_serves_the_restored_data() -> None:
    original = CleverSandbox()
    original.set_credit(4321)
    with start_sandbox("clever", saved=original.saved_state()) as restored:
        assert isinstance(restored, CleverSandbox) and restored.credit() == 4321 and restored.url


def test_a_sandbox_refuses_another_sandboxs_data_or_garbage() -> None:
    with pytest.raises(ValueError, match="written by another version"):
        CleverSandbox().restore_state(CliqphoneSandbox().saved_state())
    with pytest.raises(ValueError, match="cannot be read"):
        AxialysSandbox().restore_state(b"not a pickle")


@dataclass
class Record:
    name: str
    tags: list[str] = field(default_factory=list)
    note: str = ""


def test_a_record_saved_before_a_field_was_added_is_noticed() -> None:
    complete = Record("a")
    older = Record.__new__(Record)
    older.__dict__.update({"name": "a", "note": ""})  # no tags: pickled before the field existed
    assert has_all_fields({"x": [complete]}) and not has_all_fields({"x": [older]})
    no_note = Record.__new__(Record)
    no_note.__dict__.update({"name": "a", "tags": []})
    assert has_all_fields(no_note)  # a plain default is supplied by the class


def test_the_stand_in_restores_messages_files_and_numbering_and_closes_open_modals() -> None:
    with SlackStandIn(bot_token="xoxb-t") as first:
        client = WebClient(token="xoxb-t", base_url=first.api_url)
        ts = client.chat_postMessage(channel="C1", text="card")["ts"]
        file_id = first.add_file("list.csv", b"+33612345678\n", mimetype="text/csv")
        client.views_open(
            trigger_id=first.new_trigger("UALICE"),
            view={"type": "modal", "title": {"type": "plain_text", "text": "Form"}, "blocks": []},
        )
        saved = first.saved_state()
    with SlackStandIn(bot_token="xoxb-t") as second:
        second.restore_state(saved)
        client = WebClient(token="xoxb-t", base_url=second.api_url)
        assert client.chat_update(channel="C1", ts=ts, text="card, edited")["ok"]  # no message_not_found
        newer = client.chat_postMessage(channel="C1", text="later")["ts"]
        assert float(newer) > float(ts)
        info = client.files_info(file=file_id)["file"]
        assert info["url_private_download"].startswith(second.url)  # this run's port, not the last one's
        assert second.open_views("UALICE") == []
    with pytest.raises(ValueError, match="another version"):
        SlackStandIn().restore_state(pickle.dumps({"messages": []}))
