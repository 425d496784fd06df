"""Days, periods and times typed as people type them after /push (issue 12): call listings, closing days,
opening hours, Cliqphone forwarding, Centrex registrations; the answers say the reading, in Paris time."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from bot.core.timezone import PARIS, parse_vendor_date
from bot.rules.dates import say_day, say_moment, say_period
from tests.axialys_support import API, card_of, sandbox
from tests.cliqphone_support import EDIT_PATH, cliqphone, json_body
from tests.conftest import ADMIN, Relais


def _today() -> date:
    return datetime.now(PARIS).date()


def _sent(relais: Relais, methode: str) -> dict[str, str]:
    """The parameters of the last ``methode`` request the Axialys sandbox received."""
    found = [e.query for e in sandbox(relais).requests(API) if e.query.get("methode", [""])[0] == methode]
    assert found, f"no {methode} request"
    return {name: values[0] for name, values in found[-1].items()}


def _next(day: int, month: int) -> date:
    """The next such day, today included (a day typed without its year, looking ahead)."""
    today = _today()
    this_year = date(today.year, month, day)
    return this_year if this_year >= today else this_year.replace(year=today.year + 1)


def _next_monday() -> date:
    today = _today()
    return today + timedelta(days=(0 - today.weekday()) % 7 or 7)


# -- call listings and summaries: a period ------------------------------------------------------------------
def test_a_listing_reads_yesterday_and_its_title_says_the_day(relais: Relais) -> None:
    yesterday = _today() - timedelta(days=1)
    text = relais.reply_text("/callback calls hier popup=77")
    assert f"Calls of Accueil (#77), {say_day(yesterday)}" in text
    sent = _sent(relais, "appel_listing")
    assert (sent["date_debut"], sent["date_fin"]) == (yesterday.isoformat(), yesterday.isoformat())


def test_a_summary_reads_last_week_in_french_and_english(relais: Relais) -> None:
    monday = _today() - timedelta(days=_today().weekday())
    start, end = monday - timedelta(days=7), monday - timedelta(days=1)
    for typed in ("last week", "la semaine dernière"):
        text = relais.reply_text(f"/callback summary {typed} popup=77")
        assert f"Call summary of Accueil (#77), {say_period(start, end)}" in text
        sent = _sent(relais, "appels_resume")
        assert (sent["date_debut"], sent["date_fin"]) == (start.isoformat(), end.isoformat())


def test_a_listing_over_french_days_shows_each_call_s_time_in_words(relais: Relais) -> None:
    text = relais.reply_text("/callback calls 01/11/2026 au 30/11/2026 popup=77")
    assert "Calls of Accueil (#77), from Sunday 1 November to Monday 30 November 2026" in text
    assert "November 2026 at " in text and ", Paris time" in text
    assert not re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", text)  # the vendor's form is not shown
    sent = _sent(relais, "appel_listing")
    assert (sent["date_debut"], sent["date_fin"]) == ("2026-11-01", "2026-11-30")


def test_a_period_that_is_not_one_is_refused_with_forms_that_work(relais: Relais) -> None:
    with sandbox(relais).recording() as seen:
        text = relais.reply_text("/callback calls bientôt popup=77")
    assert "period: `bientôt` is not a day or a span of days" in text and "cette semaine" in text
    assert [e for e in seen if e.query.get("methode", [""])[0] == "appel_listing"] == []


# -- closing days and opening hours ----------------------------------------------------------------------
def test_a_closing_day_without_a_year_is_the_next_one_and_the_answer_says_it(relais: Relais) -> None:
    christmas_eve = _next(24, 12)
    text = relais.reply_text("/callback planning add-closing bureau 24/12", user=ADMIN)
    assert f"bureau is closed on {say_day(christmas_eve)}." in text
    assert christmas_eve.isoformat() in sandbox(relais).plannings()["bureau"]["closures"]
    shown = relais.reply_text("/callback planning show bureau")
    assert f"closed on {say_day(christmas_eve)}" in shown


def test_a_closing_day_typed_in_words_reaches_the_card_in_words(relais: Relais) -> None:
    monday = _next_monday()
    assert say_day(monday) in relais.reply_text("/callback planning add-closing bureau lundi prochain", user=ADMIN)
    card = card_of(relais.command("/callback planning del-closing bureau lundi prochain", user=ADMIN))
    assert f"Open again on {say_day(monday)}" in card.all_text()
    relais.click(card, "Delete closing day", user=ADMIN)
    assert monday.isoformat() not in sandbox(relais).plannings()["bureau"]["closures"]


def test_a_past_closing_day_is_refused_with_the_day_read(relais: Relais) -> None:
    yesterday = _today() - timedelta(days=1)
    text = relais.reply_text("/callback planning add-closing bureau hier", user=ADMIN)
    assert f"date: {say_day(yesterday)} is already past (today is {say_day(_today())})" in text


def test_the_closing_form_s_date_picker_goes_through_the_same_check(relais: Relais) -> None:
    relais.command("/callback planning add-closing", user=ADMIN)
    [view] = relais.standin.open_views(ADMIN)
    [picker] = [b for b in view.view["blocks"] if b.get("block_id") == "date"]
    assert picker["element"]["type"] == "datepicker"
    past = (_today() - timedelta(days=3)).isoformat()
    errors = relais.driver.submit(view, {"planning": "bureau", "date": past}, user=ADMIN).json()["errors"]
    assert "is already past" in errors["date"]
    day = _today() + timedelta(days=40)
    assert relais.driver.submit(view, {"planning": "bureau", "date": day.isoformat()}, user=ADMIN).body == ""
    relais.settle()
    assert f"bureau is closed on {say_day(day)}." in relais.standin.ephemerals(ADMIN)[-1].all_text()


def test_opening_hours_in_french_clock_times(relais: Relais) -> None:
    text = relais.reply_text("/callback planning add-hours boutique dimanche 7h-8h30", user=ADMIN)
    assert "boutique now opens dimanche 07:00–08:30" in text
    assert "dimanche 07:00-08:30" in sandbox(relais).plannings()["boutique"]["slots"]
    refused = relais.reply_text("/callback planning add-hours boutique dimanche 14h-9h", user=ADMIN)
    assert "end: 09:00 is not after start 14:00" in refused


# -- Cliqphone forwarding days and hours ---------------------------------------------------------------
def test_cliqphone_days_and_hours_typed_as_people_type_them(relais: Relais) -> None:
    line = "/number edit 141 forward_from=lundi prochain forward_until=24/12 from=9h until=18h30"
    relais.reply_text(line, user=ADMIN)
    [request] = cliqphone(relais).requests(EDIT_PATH)
    sent = json_body(request)
    assert (sent["dateDebut"], sent["dateFin"]) == (_next_monday().isoformat(), _next(24, 12).isoformat())
    assert (sent["hourDebut"], sent["hourFin"]) == ("09:00", "18:30")
    # The document's names span the words too.
    relais.reply_text("/number edit 141 dateDebut=lundi prochain dateFin=31/12 hourDebut=8h", user=ADMIN)
    sent = json_body(cliqphone(relais).requests(EDIT_PATH)[-1])
    assert (sent["dateDebut"], sent["dateFin"]) == (_next_monday().isoformat(), _next(31, 12).isoformat())


# -- Centrex: registrations typed in Paris time, sent in UTC, shown in words -------------------------------
def test_centrex_last_registration_is_shown_in_words_in_paris_time(relais: Relais) -> None:
    text = relais.reply_text("/callback centrex")
    [camille] = [a for a in sandbox(relais).centrex_accounts() if a["user_name"] == "Camille Martin"]
    registered = parse_vendor_date(str(camille["last_registration_at"]))
    assert registered is not None and str(camille["last_registration_at"]).endswith("Z")
    assert say_moment(registered) in text and str(camille["last_registration_at"]) not in text
    assert "never" in text  # Sophie Durand's account never registered


def test_centrex_registration_filters_are_typed_in_paris_time_and_sent_in_utc(relais: Relais) -> None:
    yesterday = _today() - timedelta(days=1)
    before = _today() - timedelta(days=3)
    text = relais.reply_text(f"/callback centrex since={before:%d/%m/%Y} 08:00 until=hier state=active")
    sent = _sent(relais, "centrex_listing")
    start = datetime.combine(before, datetime.min.time().replace(hour=8), PARIS).astimezone(UTC)
    end = datetime.combine(yesterday, datetime.min.time().replace(hour=23, minute=59), PARIS).astimezone(UTC)
    assert sent["last_registration_at"] == f"{start:%Y-%m-%dT%H:%M}"
    assert sent["last_registration_at_end"] == f"{end:%Y-%m-%dT%H:%M}"
    # Julien registered two days ago; Camille an hour ago, which is still yesterday in Paris just after midnight.
    camille_yesterday = (datetime.now(PARIS) - timedelta(hours=1)).date() < _today()
    assert "Julien Bernard" in text and ("Camille Martin" in text) == camille_yesterday
    refused = relais.reply_text("/callback centrex since=bientôt")
    assert "since: `bientôt` is not a date and time" in refused
