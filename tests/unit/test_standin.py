"""The stand-in Slack is as strict as Slack where Relais could go wrong."""

from __future__ import annotations

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandboxes.slack import SlackStandIn


@pytest.fixture
def slack() -> SlackStandIn:
    with SlackStandIn(bot_token="xoxb-t") as standin:
        yield standin  # type: ignore[misc]


def test_files_info_and_download_need_the_bot_token(slack: SlackStandIn) -> None:
    file_id = slack.add_file("numbers.csv", b"+33612345678\n", mimetype="text/csv")
    client = WebClient(token="xoxb-t", base_url=slack.api_url)
    info = client.files_info(file=file_id)["file"]
    assert info["name"] == "numbers.csv" and info["size"] == 13
    url = info["url_private_download"]
    assert httpx.get(url, headers={"Authorization": "Bearer xoxb-t"}).content == b"+33612345678\n"
    assert httpx.get(url).status_code == 403


def test_wrong_token_unknown_trigger_and_long_modal_title_are_refused(slack: SlackStandIn) -> None:
    with pytest.raises(SlackApiError, match="invalid_auth"):
        WebClient(token="xoxb-wrong", base_url=slack.api_url).chat_postMessage(channel="C1", text="x")
    client = WebClient(token="xoxb-t", base_url=slack.api_url)
    view = {"type": "modal", "title": {"type": "plain_text", "text": "x" * 25}, "blocks": []}
    with pytest.raises(SlackApiError, match="invalid_trigger_id"):
        client.views_open(trigger_id="nope", view=view)
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        client.views_open(trigger_id=slack.new_trigger("UALICE"), view=view)


def test_views_push_and_update(slack: SlackStandIn) -> None:
    client = WebClient(token="xoxb-t", base_url=slack.api_url)
    view = {"type": "modal", "title": {"type": "plain_text", "text": "One"}, "blocks": []}
    first = client.views_open(trigger_id=slack.new_trigger("UALICE"), view=view)["view"]
    client.views_push(
        trigger_id=slack.new_trigger("UALICE"), view={**view, "title": {"type": "plain_text", "text": "Two"}}
    )
    client.views_update(view_id=first["id"], view={**view, "title": {"type": "plain_text", "text": "Uno"}})
    titles = [v.view["title"]["text"] for v in slack.open_views("UALICE")]
    assert titles == ["Uno", "Two"]


def test_slack_files_download_and_upload_through_the_standin(slack: SlackStandIn) -> None:
    from bot.slack.files import download_file, upload_file

    client = WebClient(token="xoxb-t", base_url=slack.api_url)
    file_id = slack.add_file("list.csv", b"+33612345678\n+33698765432\n", mimetype="text/csv")
    shared = download_file(client, file_id)
    assert (shared.name, shared.content) == ("list.csv", b"+33612345678\n+33698765432\n")
    parent = client.chat_postMessage(channel="COPS", text="card")["ts"]
    uploaded = upload_file(client, "COPS", "failures.csv", b"a,b\n", thread_ts=parent, comment="Failures")
    assert slack.file_content(uploaded) == b"a,b\n"
    [message] = slack.thread("COPS", parent)
    assert message.text == "Failures"


def test_download_refuses_files_over_the_limit(slack: SlackStandIn) -> None:
    from bot.core.errors import UserError
    from bot.slack.files import download_file

    client = WebClient(token="xoxb-t", base_url=slack.api_url)
    file_id = slack.add_file("big.csv", b"x" * 2000)
    with pytest.raises(UserError, match="the limit is 1,000"):
        download_file(client, file_id, max_bytes=1000)
