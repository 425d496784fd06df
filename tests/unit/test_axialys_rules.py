"""Every Axialys field rule at its limits: the message names the field and the rule; the limit itself passes."""

from __future__ import annotations

import pytest

from bot.rules.fields import FieldError, FieldErrors
from handlers.axialys.call_input import check_call_input
from handlers.axialys.popup_settings import check_popup_settings
from handlers.axialys.rules import check_file_type, check_ordering


@pytest.mark.parametrize(
    ("field", "bad", "message", "good"),
    [
        ("name", "Sa lon", "name: `Sa lon` is not allowed", "Salon2"),
        ("direction", "BOTH", "direction: `BOTH` is not one of OPERATEUR, INTERNAUTE", "INTERNAUTE"),
        ("planning", "plan-b", "planning: `plan-b` is not allowed", "planB"),
        ("client_wait", "4", "client_wait: 4 is out of range", "5"),
        ("client_wait", "1001", "client_wait: 1001 is out of range", "1000"),
        ("operator_wait", "4", "operator_wait: 4 is out of range", "5"),
        ("operator_wait", "1001", "operator_wait: 1001 is out of range", "1000"),
        ("locale", "de", "locale: `de` is not one of", "EN"),
        ("voice", "x", "voice: there is no voice named `x`", "m"),
        ("voice", "mael", "voice: there is no voice named `mael`: did you mean `male`?", "Female"),
        ("open", "sup port", "open: `sup port` is not allowed", "support"),
        ("closed", "a;b", "closed: `a;b` is not allowed", "astreinte"),
        ("closed_message", "a;b", "closed_message: `;` is not allowed", "a, b"),
        ("immediate", "perhaps", "immediate: `perhaps` is not yes or no", "yes"),
        ("client_number", "+33 1", "client_number: `+33 1` is not a number made of digits", "0170200258"),
        ("operator_number", "0820x", "operator_number: `0820x` is not a number made of digits", "08 20 62 06 20"),
        ("answering", "nope@", "answering: `nope@` is not a valid e-mail address", "a@b.fr"),
        ("usr1", "Num commande", "usr1: `Num commande` is not allowed", "Commande"),
        ("show_name", "2", "show_name: `2` is not yes or no", "no"),
    ],
)
def test_each_popup_setting_rule(field: str, bad: str, message: str, good: str) -> None:
    with pytest.raises(FieldErrors) as caught:
        check_popup_settings({field: bad}, require_name=False)
    [error] = caught.value.errors
    assert message in str(error)
    assert check_popup_settings({field: good}, require_name=False).query() != {}


@pytest.mark.parametrize(
    ("field", "bad", "message", "good"),
    [
        ("number", "12", "number: `12` is too short", "+32 470 12 34 56"),
        ("number", "06 12 34 56 78 90 12 34", "number:", "0612345678"),
        ("number", "call me", "number:", "01 70 20 02 58"),
        ("retries", "-1", "retries: -1 is out of range", "0"),
        ("retries", "10", "retries: 10 is out of range", "9"),
        ("record", "2", "record: `2` is not yes or no", "no"),
        ("max", "9", "max: 9 is out of range", "10"),
        ("max", "10001", "max: 10001 is out of range", "10000"),
        ("delay", "9", "delay: 9 is out of range", "10"),
        ("delay", "1001", "delay: 1001 is out of range", "1000"),
        ("usr3", "y" * 33, "usr3: 33 characters, the limit is 32", "y" * 32),
        ("usr1", "a;b", "usr1: `;` is not allowed", "a,b"),
        ("ip", "192.168.1.256", "ip: `192.168.1.256` is not an IPv4 address", "192.168.1.255"),
    ],
)
def test_each_call_rule(field: str, bad: str, message: str, good: str) -> None:
    number = {"number": "0612345678"}
    with pytest.raises(FieldErrors) as caught:
        check_call_input({**number, field: bad})
    [error] = caught.value.errors
    assert message in str(error)
    check_call_input({**number, field: good})


def test_file_types_are_the_documented_five() -> None:
    for kind in ("son_internaute", "son_operateur", "son_repondeur", "entete_popup", "css_popup"):
        assert check_file_type("type", kind) == kind
    with pytest.raises(FieldError) as caught:
        check_file_type("type", "rec")
    assert "type: `rec` is not one of" in str(caught.value)


def test_polling_slows_down_as_the_youngest_pending_call_ages() -> None:
    from handlers.axialys.call_watch import MAX_POLL_SECONDS, POLL_SECONDS, poll_delay

    assert poll_delay(0) == poll_delay(179) == POLL_SECONDS
    assert poll_delay(600) == 30.0 and poll_delay(3600) == 180.0
    assert poll_delay(6 * 3600) == poll_delay(24 * 3600) == MAX_POLL_SECONDS == 300.0
    # A day of polling: about 300 looks instead of 17,280.
    looks, age = 0, 0.0
    while age < 24 * 3600:
        age += poll_delay(age)
        looks += 1
    assert looks < 400


def test_texts_the_document_leaves_open_are_not_limited_by_relais() -> None:
    """Changed (issue 10): the 255-character messages and the 64-character caller's name were Relais's own limits
    (§1: ouvert_message and nom are "*"); a ``;`` in the caller's name is read back (decisions "Listings")."""
    assert (
        check_popup_settings({"open_message": "x" * 1000}, require_name=False).query()["ouvert_message"] == "x" * 1000
    )
    call = check_call_input({"number": "0612345678", "name": "Dupont; Jean-Édouard " + "x" * 100})
    assert call.name is not None and call.name.startswith("Dupont; Jean")


@pytest.mark.parametrize(("typed", "sent"), [("male", "m"), ("Female", "f"), ("m", "m"), ("F", "f"), ("femme", "f")])
def test_the_voice_is_male_or_female_with_the_vendors_letters_read_too(typed: str, sent: str) -> None:
    assert check_popup_settings({"voice": typed}, require_name=False).query() == {"voix": sent}


@pytest.mark.parametrize(
    ("typed", "code"), [("FIXE", "FIXE"), ("in order", "FIXE"), ("At Random", "RANDOM"), ("round-robin", "TOURNANTE")]
)
def test_an_ordering_is_read_by_its_code_or_its_words(typed: str, code: str) -> None:
    assert check_ordering("ordering", typed) == code
