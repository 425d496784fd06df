"""/relais spend through signed requests: Clever units, call prices and numbers added, from Relais' records;
admins see everyone's, members their own; by user, channel or vendor; the CSV and the units chart."""

from __future__ import annotations

import copy
import csv
import io

from bot.slack.cards import CONFIRM
from handlers.clever.records import CAMPAIGNS
from handlers.cliqphone.records import NUMBERS_ADDED
from tests.axialys_support import call_cards, confirm, run_watchers
from tests.axialys_support import sandbox as axialys_sandbox
from tests.clever_support import campaign, operations_channel, send
from tests.conftest import ADMIN, CHANNEL, MEMBER, Relais

PNG = b"\x89PNG\r\n\x1a\n"
OTHER_CHANNEL = "CSALES"


def _spent(relais: Relais) -> dict[str, int]:
    """A member's SMS campaign in CHANNEL, an admin's in OTHER_CHANNEL, a member's answered call, an admin's number."""
    operations_channel(relais, OTHER_CHANNEL)  # notices, like CHANNEL's: sent whatever the hour
    mine = send(relais, "/push sms +33612345678,+33623456789 Bonjour")
    card = relais.command("/push sms +33634567890 Bonjour", user=ADMIN, channel=OTHER_CHANNEL)[-1]
    relais.click(copy.deepcopy(card), CONFIRM, user=ADMIN)
    confirm(relais, "/callback 06 12 34 56 79 popup=77")
    id_tracking = int(call_cards(relais)[-1].text.split("#")[1].split()[0])
    axialys_sandbox(relais).set_call_outcome(id_tracking, "answered", ring_seconds=7, talk_seconds=65)
    axialys_sandbox(relais).clock.advance(3600)
    run_watchers(relais)
    run_watchers(relais)
    [added] = relais.command("/number add numero=33187224467 code=fr_01", user=ADMIN)
    relais.click(copy.deepcopy(added), CONFIRM, user=ADMIN)
    [(_, number)] = list(relais.records(NUMBERS_ADDED).scan())
    assert number.numero == "33187224467" and number.user_id == ADMIN
    return {"member": campaign(relais, mine).units, "total": sum(c.units for _, c in relais.records(CAMPAIGNS).scan())}


def _answer(relais: Relais, line: str, user: str) -> str:
    [answer] = relais.command(line, user=user)
    return answer.all_text()


def test_an_admin_sees_everyone_s_spending_by_vendor_user_and_channel(relais: Relais) -> None:
    units = _spent(relais)
    text = _answer(relais, "/relais spend", ADMIN)
    assert "Spending," in text and "everyone's" in text
    assert f"{units['total']:,} units (2 campaigns)" in text and "€0.0488 (1 call)" in text
    assert "1 number added" in text and "Clever Multimedias' units" in text
    by_user = _answer(relais, "/relais spend this month by user", ADMIN)
    assert f"<@{MEMBER}>*: {units['member']:,} units (1 campaign) · €0.0488 (1 call)" in by_user
    assert f"<@{ADMIN}>*: {units['total'] - units['member']:,} units (1 campaign) · 1 number added" in by_user
    by_channel = _answer(relais, "/relais spend ce mois par canal", ADMIN)
    assert f"<#{OTHER_CHANNEL}>*: {units['total'] - units['member']:,} units" in by_channel
    by_vendor = _answer(relais, "/relais spend by vendor", ADMIN)
    assert "*Axialys*: €0.0488 (1 call)" in by_vendor and "*Cliqphone*: 1 number added" in by_vendor


def test_a_member_sees_only_their_own(relais: Relais) -> None:
    units = _spent(relais)
    text = _answer(relais, "/relais spend by user", MEMBER)
    assert "yours" in text and f"{units['member']:,} units (1 campaign)" in text and "€0.0488 (1 call)" in text
    assert f"<@{ADMIN}>" not in text and "number added" not in text


def test_the_units_chart_is_posted_as_a_png_with_the_summary(relais: Relais) -> None:
    _spent(relais)
    relais.command("/relais spend", user=ADMIN)
    [(name, content, message)] = [f for f in relais.standin.posted_files(CHANNEL) if f[0].endswith(".png")]
    assert name.startswith("relais-units-") and content.startswith(PNG)
    assert "Clever units per day" in message.text and f"<@{ADMIN}>" in message.text


def test_spend_export_and_its_button_give_every_line(relais: Relais) -> None:
    units = _spent(relais)
    assert relais.command("/relais spend export sep=;", user=ADMIN) == []
    [(name, content, _)] = relais.standin.posted_files(CHANNEL)
    assert name.startswith("relais-spend-") and name.endswith(".csv")
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0] == ["date (Paris)", "vendor", "what", "reference", "user", "channel", "units", "price (€)"]
    assert sorted(row[1] for row in rows[1:]) == ["Axialys", "Clever Multimedias", "Clever Multimedias", "Cliqphone"]
    assert sum(int(row[6]) for row in rows[1:] if row[6]) == units["total"]
    [listing] = relais.command("/relais spend", user=MEMBER)
    relais.click(listing, "relais.export", user=MEMBER)
    mine = relais.standin.posted_files(CHANNEL)[-1][1].decode("utf-8")[1:]
    assert {row[4] for row in list(csv.reader(io.StringIO(mine)))[1:]} == {MEMBER}


def test_an_empty_period_and_a_bad_grouping_are_said(relais: Relais) -> None:
    _spent(relais)
    assert "nothing spent through Relais" in _answer(relais, "/relais spend last month", ADMIN)
    assert "by: `planet` is not a grouping" in _answer(relais, "/relais spend by planet", ADMIN)
    assert [f for f in relais.standin.posted_files(CHANNEL) if f[0].endswith(".png")] == []
