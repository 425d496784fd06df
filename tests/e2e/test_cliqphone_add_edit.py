"""/number add and /number edit through signed HTTP, the stand-in Slack and the Cliqphone sandbox (C6, C7)."""

from __future__ import annotations

import copy
from datetime import date, timedelta

from bot.sandboxes.slack import Message, View
from bot.slack.cards import CONFIRM
from handlers.cliqphone.cards import EDIT_BUTTON
from tests.cliqphone_support import ADD_PATH, EDIT_PATH, FREE_NUMBER, cliqphone, json_body, texts
from tests.conftest import ADMIN, CHANNEL, MEMBER, Relais


def open_form(relais: Relais, line: str) -> View:
    relais.command(line, user=ADMIN)
    views = relais.standin.open_views(ADMIN)
    assert views, texts(relais.standin.ephemerals(ADMIN))
    return views[-1]


def confirmation_card(relais: Relais) -> Message:
    return copy.deepcopy(relais.standin.ephemerals(ADMIN)[-1])


def block_ids(view: View) -> list[str]:
    return [str(b.get("block_id")) for b in view.view["blocks"] if b.get("type") == "input"]


def select_values(view: View, block_id: str) -> list[str]:
    [block] = [b for b in view.view["blocks"] if b.get("block_id") == block_id]
    return [o["value"] for o in block["element"]["options"]]


# -- add ---------------------------------------------------------------------------------------------
def test_the_add_form_holds_every_c6_field_in_sections_with_vendor_choices(relais: Relais) -> None:
    view = open_form(relais, "/number add")
    c6_fields = {
        "numero", "messageIntroduction", "messageEnregistrement", "musicAattente", "playback", "repondeur",
        "emailPorteur", "nomPorteur", "info", "sonnerie", "type", "typeRenvoi", "hourDebut", "hourFin", "jours",
        "numRenvoi", "etat", "dateDebut", "dateFin", "activeAppelEntrant", "activeAppelSortant",
        "activerEnregistrement", "code", "notificationEmail",
    }  # fmt: skip
    assert set(block_ids(view)) == c6_fields
    headers = [b["text"]["text"] for b in view.view["blocks"] if b["type"] == "header"]
    assert headers == ["Number and zone", "Routing", "Schedule", "Media", "Options"]
    assert select_values(view, "code") == ["fr_01", "fr_02", "fr_03", "fr_04", "fr_05"]
    assert select_values(view, "musicAattente") == ["232", "233"]
    assert select_values(view, "playback") == ["231"]
    assert select_values(view, "jours") == ["All", "Lu", "Ma", "Me", "Je", "Ve", "Sa", "Di"]
    kinds = {b["block_id"]: b["element"]["type"] for b in view.view["blocks"] if b["type"] == "input"}
    assert kinds["hourDebut"] == "timepicker" and kinds["dateFin"] == "datepicker"


def test_the_forwarding_hint_says_what_the_form_accepts_an_extension_included(relais: Relais) -> None:
    view = open_form(relais, "/number add")
    [block] = [b for b in view.view["blocks"] if b.get("block_id") == "numRenvoi"]
    hint = block["hint"]["text"]
    assert "8 to 15" not in hint and "extension of 1 to 7 digits" in hint
    reply = relais.driver.submit(view, {"numero": FREE_NUMBER, "numRenvoi": "204"}, user=ADMIN)
    assert reply.body == ""  # accepted, as the hint says
    relais.settle()
    card = confirmation_card(relais).all_text()
    assert "Forward to (forward_to): 204" in card and "forward_to: 204 has fewer than 8 digits" in card


def test_bad_form_values_are_shown_under_their_fields_and_nothing_is_sent(relais: Relais) -> None:
    view = open_form(relais, "/number add")
    values = {
        "numero": "12",
        "hourDebut": "25:00",
        "jours": ["All", "Lu"],
        "dateFin": "2026-02-30",
        "sonnerie": "vingt",
        "emailPorteur": "pas-une-adresse",
        "numRenvoi": "+33 6 12",
        "musicAattente": "231",
    }
    with cliqphone(relais).recording() as sent:
        reply = relais.driver.submit(view, values, user=ADMIN)
        relais.settle()
    errors = reply.json()["errors"]
    assert set(errors) == set(values)
    assert "`25:00` is not a time of day" in errors["hourDebut"]
    assert "`All` already means every day" in errors["jours"]
    assert "`2026-02-30` is not a day that exists" in errors["dateFin"]
    assert "is not a whole number" in errors["sonnerie"]
    assert "is a Play-back (PB), not MA" in errors["musicAattente"]
    assert sent == [] and not view.closed


def test_add_from_the_form_confirms_then_provisions_and_shows_the_new_id(relais: Relais) -> None:
    view = open_form(relais, "/number add")
    values = {
        "numero": "01 87 22 44 66",
        "code": "fr_01",
        "nomPorteur": "Ada",
        "emailPorteur": "ada@example.fr",
        "type": "Ren",
        "typeRenvoi": "Seq",
        "numRenvoi": "06 12 34 56 78",
        "sonnerie": "25",
        "hourDebut": "09:00",
        "hourFin": "18:00",
        "jours": ["Ma", "Lu"],
        "musicAattente": "232",
        "repondeur": "230",
        "etat": "true",
        "notificationEmail": "true",
    }
    assert relais.driver.submit(view, values, user=ADMIN).body == ""
    relais.settle()
    card = confirmation_card(relais)
    assert "Add Cliqphone number 33187224466" in card.all_text() and "Hold music (hold_music): 232" in card.all_text()
    assert cliqphone(relais).requests(ADD_PATH) == []
    relais.click(card, CONFIRM, user=ADMIN)
    [request] = cliqphone(relais).requests(ADD_PATH)
    assert json_body(request) == {
        "numero": "33187224466",
        "code": "fr_01",
        "nomPorteur": "Ada",
        "emailPorteur": "ada@example.fr",
        "type": "Ren",
        "typeRenvoi": "Seq",
        "numRenvoi": "33612345678",
        "sonnerie": 25,
        "hourDebut": "09:00",
        "hourFin": "18:00",
        "jours": "Lu,Ma",
        "musicAattente": 232,
        "repondeur": 230,
        "etat": True,
        "notificationEmail": True,
    }
    stored = cliqphone(relais).number(FREE_NUMBER)
    assert stored is not None
    posted = relais.standin.channel_messages(CHANNEL)[-1].all_text()
    assert f"id `{stored['id']}`" in posted and "33187224466" in posted and f"/number edit {stored['id']}" in posted
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.operation, entry.outcome, entry.vendor_code) == ("C6 add number", "done", "0300")


def test_what_the_document_leaves_open_is_warned_on_the_card_and_the_vendor_decides(relais: Relais) -> None:
    # Ring time, holder-name length, the hour window's order, a past period and a notice without an
    # address were local refusals; the document does not state them (§5: "integer", "String", "Time",
    # "date", "true/false"): the card warns, the form lets them through, Cliqphone answers.
    view = open_form(relais, "/number add")
    yesterday = (date.today() - timedelta(days=2)).isoformat()
    values = {
        "numero": FREE_NUMBER,
        "code": "fr_01",
        "nomPorteur": "X",
        "sonnerie": "300",
        "hourDebut": "22:00",
        "hourFin": "06:00",
        "dateFin": yesterday,
        "notificationEmail": "true",
    }
    assert relais.driver.submit(view, values, user=ADMIN).body == ""
    relais.settle()
    card = confirmation_card(relais)
    shown = card.all_text()
    for words in (
        "holder: 1 characters",
        "ring: 300 s is an unusual ring time",
        "until: 06:00 is not after from=22:00",
        f"forward_until: {yesterday} is in the past",
        "email_notifications: yes without a holder_email",
    ):
        assert words in shown, words
    relais.click(card, CONFIRM, user=ADMIN)
    [request] = cliqphone(relais).requests(ADD_PATH)
    assert json_body(request)["sonnerie"] == 300 and json_body(request)["nomPorteur"] == "X"
    shown = relais.standin.ephemerals(ADMIN)[-1].all_text()  # the sandbox's own rule answers (decisions: 0308)
    assert "Failed — nothing was done" in shown and "code 0308" in shown


def test_an_edit_outside_the_usual_bounds_is_sent_and_the_vendors_refusal_shown(relais: Relais) -> None:
    text = relais.reply_text("/number edit 141 hourdebut=22:00 hourfin=06:00", user=ADMIN)
    # The default sandbox holds hours in order (its own 0326): the vendor's refusal is shown in words.
    assert "code 0326" in text
    text = relais.reply_text("/number edit 141 sonnerie=100 nomporteur=Jo", user=ADMIN)
    assert "updated" in text and ":warning:" not in text


def test_add_with_fields_inline_goes_through_the_card_too(relais: Relais) -> None:
    [card] = relais.command('/number add numero="+33 1 87 22 44 67" code=FR_01 musicaattente=232', user=ADMIN)
    assert "Add number" in card.all_text() and cliqphone(relais).requests(ADD_PATH) == []
    relais.click(copy.deepcopy(card), CONFIRM, user=ADMIN)
    [request] = cliqphone(relais).requests(ADD_PATH)
    assert json_body(request) == {"numero": "33187224467", "code": "fr_01", "musicAattente": 232}


def test_a_taken_number_is_refused_in_words_with_the_vendor_code(relais: Relais) -> None:
    [card] = relais.command("/number add numero=33187224465", user=ADMIN)
    relais.click(copy.deepcopy(card), CONFIRM, user=ADMIN)
    shown = relais.standin.ephemerals(ADMIN)[-1].all_text()
    assert "numero: this number already belongs to a Cliqphone account" in shown and "code 0304" in shown


def test_vendor_503_on_add_shows_the_outcome_and_buys_nothing_twice(relais: Relais) -> None:
    sandbox = cliqphone(relais)
    [card] = relais.command(f"/number add numero={FREE_NUMBER} code=fr_01", user=ADMIN)
    card = copy.deepcopy(card)
    sandbox.inject_fault(503, path_prefix=ADD_PATH)
    relais.click(card, CONFIRM, user=ADMIN)
    shown = relais.standin.ephemerals(ADMIN)[-1].all_text()
    assert "Failed — nothing was done" in shown and "temporarily unavailable" in shown
    relais.click(card, CONFIRM, user=ADMIN)  # a second click on the old card
    assert len(sandbox.requests(ADD_PATH)) == 1
    assert sandbox.number(FREE_NUMBER) is None
    assert relais.runtime.services.audit.last(1)[0].outcome == "failed"


def test_members_may_not_add_and_the_refusal_is_audited(relais: Relais) -> None:
    text = relais.reply_text(f"/number add numero={FREE_NUMBER}", user=MEMBER)
    assert "is for Relais admins" in text
    assert relais.standin.open_views(MEMBER) == [] and cliqphone(relais).requests(ADD_PATH) == []
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.user_id, entry.operation, entry.outcome) == (MEMBER, "/number add", "refused")


# -- edit --------------------------------------------------------------------------------------------
def test_the_edit_form_is_pre_filled_and_sends_only_what_changed(relais: Relais) -> None:
    view = open_form(relais, "/number edit 141")
    blocks = {b["block_id"]: b for b in view.view["blocks"] if b.get("type") == "input"}
    assert blocks["numero"]["element"]["initial_value"] == "33187224465"
    assert blocks["code"]["element"]["initial_option"]["value"] == "fr_01"
    assert blocks["etat"]["element"]["initial_option"]["value"] == "true"
    assert "idMessage" in blocks
    # Slack sends back every input, the pre-filled ones included.
    values = {"numero": "33187224465", "code": "fr_01", "info": "Accueil", "nomPorteur": "Jean Dupont", "etat": "true"}
    values["sonnerie"] = "30"
    relais.driver.submit(view, values, user=ADMIN)
    relais.settle()
    [request] = cliqphone(relais).requests(EDIT_PATH)
    assert request.path == "/numeroapi/editnumero/141"
    # §6's table marks ``id`` required: it goes in the body too, besides the URL of the example.
    assert json_body(request) == {"id": 141, "info": "Accueil", "sonnerie": 30}
    summary = relais.standin.ephemerals(ADMIN)[-1].all_text()
    assert "Description (description): Standard Paris → Accueil" in summary and "Ring time (s) (ring)" in summary
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.operation, entry.outcome, entry.user_id) == ("C7 edit number", "done", ADMIN)


def test_edit_inline_changes_fields_and_says_when_nothing_changed(relais: Relais) -> None:
    text = relais.reply_text("/number edit 141 etat=false hourdebut=8h hourfin=12:30", user=ADMIN)
    assert "Active (active): yes → no" in text
    [request] = cliqphone(relais).requests(EDIT_PATH)
    assert json_body(request) == {"id": 141, "etat": False, "hourDebut": "08:00", "hourFin": "12:30"}
    same = relais.reply_text("/number edit 141 info='Standard Paris'", user=ADMIN)
    assert "nothing changed" in same and len(cliqphone(relais).requests(EDIT_PATH)) == 1


def test_the_edits_audit_keeps_the_code_cliqphone_sent_as_the_add_does(relais: Relais) -> None:
    text = relais.reply_text("/number edit 141 info=Accueil", user=ADMIN)
    assert "updated" in text
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.operation, entry.outcome, entry.vendor_code) == ("C7 edit number", "done", "0300")
    # "state: ok" alone (§III's separate state/code columns): no code was sent, none is recorded.
    body = b'{"state":"ok"}'
    cliqphone(relais).inject_fault(200, body=body, path_prefix=EDIT_PATH, content_type="application/json")
    assert "updated" in relais.reply_text("/number edit 141 info=Standard", user=ADMIN)
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.operation, entry.outcome, entry.vendor_code) == ("C7 edit number", "done", None)


def test_edit_of_an_unknown_number_says_so(relais: Relais) -> None:
    assert "id: the account has no number 999" in relais.reply_text("/number edit 999", user=ADMIN)
    assert "id: `abc` is not a whole number" in relais.reply_text("/number edit abc", user=ADMIN)
    assert cliqphone(relais).requests(EDIT_PATH) == []


def test_the_edit_button_opens_the_form_for_admins_and_is_refused_to_members(relais: Relais) -> None:
    [listing] = relais.command("/number list number=24465", user=ADMIN)
    relais.click(copy.deepcopy(listing), f"{EDIT_BUTTON}141", user=ADMIN)
    [view] = relais.standin.open_views(ADMIN)
    assert view.view["callback_id"] == "number.edit"
    relais.click(copy.deepcopy(listing), f"{EDIT_BUTTON}141", user=MEMBER)  # a forged click
    assert relais.standin.open_views(MEMBER) == []
    assert "is for Relais admins" in relais.standin.ephemerals(MEMBER)[-1].all_text()
    assert relais.runtime.services.audit.last(1)[0].outcome == "refused"


def test_members_may_not_edit_and_the_refusal_is_audited(relais: Relais) -> None:
    text = relais.reply_text("/number edit 141 etat=false", user=MEMBER)
    assert "is for Relais admins" in text
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.user_id, entry.operation, entry.outcome) == (MEMBER, "/number edit", "refused")
    view = open_form(relais, "/number edit 141")
    relais.driver.submit(view, {"info": "Pirate"}, user=MEMBER)  # a forged submission of an admin's form
    relais.settle()
    assert cliqphone(relais).requests(EDIT_PATH) == []
    assert relais.runtime.services.audit.last(1)[0].outcome == "refused"


def test_the_add_form_offers_the_zones_and_media_the_vendor_lists_now(relais: Relais) -> None:
    sandbox = cliqphone(relais)
    sandbox.remove_media(232)
    added = sandbox.add_media("Annonce de Noël", "PB")
    view = open_form(relais, "/number add")
    assert select_values(view, "musicAattente") == ["233"]  # the inactive hold music is still offered
    assert select_values(view, "playback") == ["231", str(added)]
    assert select_values(view, "repondeur") == ["230"] and select_values(view, "messageIntroduction") == ["228"]
    assert select_values(view, "messageEnregistrement") == ["229"]


def test_an_add_left_unanswered_is_unknown_says_how_to_check_and_is_not_resent(relais: Relais) -> None:
    sandbox = cliqphone(relais)
    relais.runtime.services.cliqphone.timeout = 0.5  # gives up after half a second
    [shown_card] = relais.command(f"/number add numero={FREE_NUMBER} code=fr_01", user=ADMIN)
    card = copy.deepcopy(shown_card)  # the card as first shown, with its Send button
    sandbox.inject_fault(None, delay=1.0, path_prefix=ADD_PATH)  # Cliqphone answers after Relais gave up
    relais.click(copy.deepcopy(card), CONFIRM, user=ADMIN)
    relais.click(copy.deepcopy(card), CONFIRM, user=ADMIN)
    relais.standin.wait_for(lambda: sandbox.requests(ADD_PATH), timeout=5)  # journaled once the delay is over
    assert len(sandbox.requests(ADD_PATH)) == 1
    shown = relais.standin.ephemerals(ADMIN)[-1].all_text()
    assert "Outcome unknown" in shown and "did not answer within 0.5 s" in shown
    assert f"`/number list number={FREE_NUMBER}` shows whether it was added" in shown
    assert relais.runtime.services.audit.last(1)[0].outcome == "unknown"


def test_a_number_of_the_offer_keeps_its_zone(relais: Relais) -> None:
    # §5 ties C6's code to nothing: another zone than the offer's is warned on the card, not refused.
    [other] = relais.command(f"/number add numero={FREE_NUMBER} code=fr_02", user=ADMIN)
    assert f"zone: {FREE_NUMBER} is offered in zone fr_01, not fr_02; Cliqphone may refuse it" in other.all_text()
    assert "Zone (zone): fr_02" in other.all_text()
    [card] = relais.command(f"/number add numero={FREE_NUMBER}", user=ADMIN)
    assert "Zone (zone): fr_01" in card.all_text()  # filled in from the offer


def test_an_unreadable_offer_costs_only_the_zone_fill_in(relais: Relais) -> None:
    sandbox = cliqphone(relais)
    sandbox.inject_fault(200, body=b"<html>maintenance</html>", path_prefix="/numeroapi/getlistnumerodispobyzone")
    [card] = relais.command(f"/number add numero={FREE_NUMBER}", user=ADMIN)
    assert "zone: Cliqphone's offer could not be read to check the zone" in card.all_text()
    relais.click(copy.deepcopy(card), CONFIRM, user=ADMIN)
    assert ":white_check_mark: Done" in relais.standin.ephemerals(ADMIN)[-1].all_text()
