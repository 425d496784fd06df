"""/push list (issue 13, item 1): filters, pages, who sees what, each item's buttons, Duplicate, export."""

from __future__ import annotations

import copy
import csv
import io
import re

from bot.sandboxes.slack import Message
from bot.slack.cards import CONFIRM
from handlers.clever.campaign_card import CANCEL
from handlers.clever.campaign_list import DUPLICATE, REPLIES, REPORT
from handlers.clever.records import Campaign
from tests.clever_support import campaign, campaigns, operations_channel, sandbox, send
from tests.conftest import ADMIN, CHANNEL, MEMBER, Relais

ELSEWHERE = "CSALES"


def _listing(relais: Relais, line: str, *, user: str = MEMBER, channel: str = CHANNEL) -> Message:
    messages = relais.command(line, user=user, channel=channel)
    assert messages, f"no answer to {line}"
    return copy.deepcopy(messages[-1])


def _send_in(relais: Relais, line: str, *, user: str, channel: str) -> str:
    before = _references(relais)
    messages = relais.command(line, user=user, channel=channel)
    card = copy.deepcopy(messages[-1])
    relais.click(card, CONFIRM, user=user)
    [new] = _references(relais) - before
    return new


def _listed(relais: Relais, line: str, *, user: str = MEMBER, channel: str = CHANNEL) -> list[str]:
    """The references a listing shows, in order."""
    return re.findall(r"`(Push[0-9A-Za-z]+)`", _listing(relais, line, user=user, channel=channel).all_text())


def _references(relais: Relais) -> set[str]:
    return {ref for ref, _ in campaigns(relais).scan()}


def test_members_see_theirs_and_the_channels_admins_see_all_newest_first(relais: Relais) -> None:
    relais.standin.add_user("UBOB", "bob", "Bob Martin")
    operations_channel(relais, ELSEWHERE)
    mine = send(relais, "/push sms +33612345678 Bonjour Alice")
    bobs_here = _send_in(relais, "/push sms +33623456789 Bonjour ici", user="UBOB", channel=CHANNEL)
    bobs_elsewhere = _send_in(relais, "/push sms +33634567890 Bonjour ailleurs", user="UBOB", channel=ELSEWHERE)

    here = _listing(relais, "/push list").all_text()
    assert "yours and this channel's" in here
    assert "SMS" in here and "units" in here and f"<#{CHANNEL}>" in here and f"<@{MEMBER}>" in here
    assert _listed(relais, "/push list") == [bobs_here, mine]  # newest first
    assert _listed(relais, "/push list", channel="COTHER") == [mine]
    assert _listed(relais, "/push list", user=ADMIN, channel="COTHER") == [bobs_elsewhere, bobs_here, mine]
    assert _listed(relais, "/push list <@UBOB|bob>", user=ADMIN) == [bobs_elsewhere, bobs_here]
    assert _listed(relais, "/push list @bob", user=ADMIN) == [bobs_elsewhere, bobs_here]
    assert "did you mean `@bob`" in relais.reply_text("/push list @bobb", user=ADMIN)
    assert _listed(relais, "/push list mine") == [mine]
    assert _listed(relais, f"/push list <#{ELSEWHERE}|sales>", user=ADMIN) == [bobs_elsewhere]


def test_state_words_in_english_or_french_and_periods(relais: Relais) -> None:
    now = send(relais, "/push sms +33612345678 Bonjour")
    later = send(relais, '/push sms +33623456789 at="tomorrow 9:00" Bonjour demain')
    assert _listed(relais, "/push list scheduled") == [later]
    assert _listed(relais, "/push list programmées") == [later]
    assert _listed(relais, "/push list envoyées") == [now]
    assert "No campaign found matching cancelled" in relais.reply_text("/push list annulées")
    assert _listed(relais, "/push list sent today") == [now]
    assert _listed(relais, "/push list from yesterday to today") == [later, now]
    assert "No campaign found" in relais.reply_text("/push list until 01/01/2020")
    answer = relais.reply_text("/push list schedulde")
    assert "did you mean `scheduled`" in answer


def test_pages_and_export(relais: Relais) -> None:
    refs = [send(relais, f"/push sms +336123456{n:02d} Message {n}") for n in range(10)]
    first = _listing(relais, "/push list")
    assert "Page 1 of 2 · 10 in all" in first.all_text()
    assert re.findall(r"`(Push[0-9A-Za-z]+)`", first.all_text()) == refs[::-1][:8]
    relais.click(first, "relais.page:next")
    second = relais.standin.ephemerals(MEMBER)[-1].all_text()
    assert re.findall(r"`(Push[0-9A-Za-z]+)`", second) == refs[::-1][8:]
    relais.command("/push list export sep=;")
    [(name, content, _)] = relais.standin.posted_files(CHANNEL)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert name == "relais-campaigns.csv" and rows[0][0] == "reference" and len(rows) == 11
    assert {row[0] for row in rows[1:]} == set(refs)


def test_item_buttons_report_replies_cancel_only_while_scheduled(relais: Relais) -> None:
    sent = send(relais, "/push sms +33612345678 Bonjour")
    later = send(relais, '/push sms +33623456789 at="tomorrow 9:00" Bonjour demain')
    listing = _listing(relais, "/push list")
    assert listing.button_labels().count("Cancel") == 1
    assert listing.button_labels().count("Duplicate") == 2
    relais.click(listing, f"{REPORT}{sent}")
    assert f"Delivery report {sent}" in relais.standin.ephemerals(MEMBER)[-1].all_text()
    relais.click(listing, f"{REPLIES}{sent}")
    assert f"No reply to {sent} yet" in relais.standin.ephemerals(MEMBER)[-1].all_text()
    relais.click(listing, f"{CANCEL}{later}")
    cancel_card = relais.standin.ephemerals(MEMBER)[-1]
    assert f"Cancel campaign {later}" in cancel_card.all_text() and "Cancel campaign" in cancel_card.button_labels()
    relais.click(copy.deepcopy(cancel_card), CONFIRM)
    assert campaign(relais, later).state == "cancelled"
    after = _listing(relais, "/push list")
    assert "Cancel" not in after.button_labels()


def test_duplicate_opens_the_form_prefilled_and_its_submission_stages_a_card(relais: Relais) -> None:
    ref = send(relais, "/push sms +33612345678,+33623456789 from=RELAIS Rappel : réunion demain")
    listing = _listing(relais, "/push list")
    relais.click(listing, f"{DUPLICATE}{ref}")
    [view] = relais.standin.open_views(MEMBER)
    assert view.view["callback_id"] == "clever.push.sms.list"
    initial = {
        b["block_id"]: b["element"].get("initial_value") or (b["element"].get("initial_option") or {}).get("value")
        for b in view.view["blocks"]
        if b.get("type") == "input"
    }
    assert initial["recipients"] == "+33612345678\n+33623456789"
    assert initial["text"] == "Rappel : réunion demain" and initial["from"] == "RELAIS" and initial["channel"] == "sms"
    reply = relais.driver.submit(
        view, {"channel": "sms", "recipients": initial["recipients"], "from": "RELAIS", "text": initial["text"]}
    )
    assert reply.status == 200 and not reply.body
    relais.settle()
    card = relais.standin.ephemerals(MEMBER)[-1]
    assert "until you press" in card.all_text()
    # The same message to the same people within 10 minutes: the repeat-send guard asks first.
    assert "Send again" in card.button_labels()
    before = len(sandbox(relais).pushes())
    relais.click(copy.deepcopy(card), "Send again")
    assert len(sandbox(relais).pushes()) == before + 1


def test_old_records_without_the_new_fields_still_list_and_duplicate(relais: Relais) -> None:
    campaigns(relais).put("Push20250101000000", _campaign_from_before())
    listing = _listing(relais, "/push list", user=ADMIN)
    assert "Push20250101000000" in listing.all_text()
    relais.click(listing, f"{DUPLICATE}Push20250101000000", user=ADMIN)
    [view] = relais.standin.open_views(ADMIN)
    assert view.view["callback_id"] == "clever.push.sms.list"


def _campaign_from_before() -> Campaign:
    # As a record written before issue 13 reads: no text, sender or recipients kept.
    return Campaign.model_validate_json(
        '{"reference": "Push20250101000000", "family": "sms", "channel": "sms", "channel_id": "COPS",'
        ' "user_id": "UALICE", "created_at": 1735689600.0, "units": 7, "recipients": 1, "state": "done"}'
    )
