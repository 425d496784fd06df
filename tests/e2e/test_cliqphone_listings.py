"""/number reads over signed HTTP against the sandbox: zones (C2, C3), available (C4), list (C5), media (C8)."""

from __future__ import annotations

import pytest

from bot.slack.blockkit import MAX_MESSAGE_BLOCKS
from handlers import build_registry
from handlers.cliqphone.cards import EDIT_BUTTON
from tests.cliqphone_support import cliqphone, form_body, texts
from tests.conftest import ADMIN, MEMBER, Relais


def test_every_cliqphone_operation_is_reachable_from_slack() -> None:
    assert {f"C{n}" for n in range(1, 9)} <= build_registry().all_operations()


def test_help_lists_every_subcommand_with_an_example(relais: Relais) -> None:
    text = relais.reply_text("/number help")
    for usage in ("zones [code]", "available <zone>", "list [zone=]", "media [active=]", "add [number=", "edit <id>"):
        assert usage in text
    assert "e.g. `/number list active=yes type=phone`" in text


def test_zones_lists_the_zones_and_one_zone_by_code(relais: Relais) -> None:
    every = relais.reply_text("/number zones")
    assert all(f"fr_0{n}" in every for n in range(1, 6)) and "Île-de-France" in every
    one = relais.reply_text("/number zones FR_02")
    assert "fr_02" in one and "Nord-Ouest" in one and "fr_01" not in one
    [request] = cliqphone(relais).requests("/api/getallbyzone")
    assert form_body(request) == {"metadata[code]": "fr_02"}
    with cliqphone(relais).recording() as sent:
        unknown = relais.reply_text("/number zones Paris")  # not a code: a zone's name, read from the zones
    assert "code: there is no zone named `Paris` (known: `fr_01`" in unknown and "`Nord-Ouest`" in unknown
    assert [request.path for request in sent] == ["/api/getallzone"]  # C2 only: nothing asked of zone "Paris"


def test_an_unknown_zone_is_told_in_words_with_the_vendor_code(relais: Relais) -> None:
    text = relais.reply_text("/number zones fr_09")
    assert "Cliqphone does not know this zone code" in text and "code 0308" in text


def test_available_lists_the_free_numbers_of_a_zone(relais: Relais) -> None:
    text = relais.reply_text("/number available fr_01")
    assert "33187224466" in text and "fax" in text
    narrowed = relais.reply_text("/number available fr_01 24467")
    assert "33187224467" in narrowed and "33187224466" not in narrowed


def test_available_checks_its_arguments_before_asking_the_vendor(relais: Relais) -> None:
    with cliqphone(relais).recording() as sent:
        text = relais.reply_text("/number available paris 12a")
    assert "numero: `12a` is not 1 to 15 digits" in text
    assert sent == []
    wrong_code = relais.reply_text("/number available fr_1 8722")
    assert "zone: there is no zone named `fr_1`: did you mean `fr_01`?" in wrong_code


def test_available_leaves_the_digits_count_to_the_vendor(relais: Relais) -> None:
    # §3 gives C4's numero as an "integer" with no bounds (4–15 is C5's filter rule): the vendor decides.
    text = relais.reply_text("/number available fr_01 12")
    assert "numero: 4 to 15 digits of the number you look for" in text and "code 0306" in text  # the sandbox's rule


def test_list_shows_the_numbers_with_their_ids_and_applies_filters(relais: Relais) -> None:
    text = relais.reply_text("/number list")
    assert "33187224465" in text and "id `141`" in text and "Jean Dupont" in text
    filtered = relais.reply_text("/number list etat=true type=TE code=fr_01")
    assert (
        "33187224465" in filtered
        and "33187224464" not in filtered
        and "Filters: zone=fr_01, active=yes, type=phone" in filtered
    )
    request = cliqphone(relais).requests("/numeroapi/getlistnumerodispo")[-1]
    sent = form_body(request)
    # §4 i. lists ``token`` as a parameter (OUI): it travels in the form too, besides the header.
    assert sent.pop("metadata[token]") == request.headers["token"]
    assert sent == {"metadata[code]": "fr_01", "metadata[etat]": "true", "metadata[type]": "TE"}


def test_list_offers_edit_buttons_to_admins_only(relais: Relais) -> None:
    [for_member] = relais.command("/number list", user=MEMBER)
    [for_admin] = relais.command("/number list", user=ADMIN)

    def edit_buttons(blocks: list[dict[str, object]]) -> list[object]:
        return [b for b in blocks if str((b.get("accessory") or {}).get("action_id", "")).startswith(EDIT_BUTTON)]  # type: ignore[attr-defined]

    assert edit_buttons(for_member.blocks or []) == []
    assert len(edit_buttons(for_admin.blocks or [])) == 6


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("/number list etat=maybe", "active: `maybe` is not yes or no"),
        ("/number list type=XX", "type: there is no number type named `XX` (known: `phone`, `fax`, `TE`, `FA`)"),
        ("/number list number=12", "number: `12` is not 4 to 15 digits"),
        ("/number list compagne=x", "campaign: 1 characters, at least 2 are needed"),
        ("/number list colour=red", "colour: unknown option"),
        ("/number media type=XX", "type: `XX` is not one of"),
        ("/number media etat=peut-etre", "active: `peut-etre` is not yes or no"),
    ],
)
def test_bad_filters_are_refused_before_any_request(relais: Relais, line: str, shown: str) -> None:
    with cliqphone(relais).recording() as sent:
        text = relais.reply_text(line)
    assert shown in text
    assert sent == []


def test_a_filter_the_vendor_refuses_is_told_in_words(relais: Relais) -> None:
    text = relais.reply_text("/number list compagne=Inconnue")
    assert "compagne: 2 to 20 characters, the exact name of one of your campaigns" in text and "code 0306" in text


def test_a_long_listing_is_paginated_within_slack_limits(relais: Relais) -> None:
    sandbox = cliqphone(relais)
    for n in range(60):
        sandbox.add_number(f"3318800{n:04d}", "fr_01", compagne="Masse")
    [first] = relais.command("/number list compagne=Masse", user=ADMIN)
    assert first.blocks is not None and len(first.blocks) <= MAX_MESSAGE_BLOCKS
    assert "Page 1 of 6" in first.all_text()
    relais.click(first, "Next ▶", user=ADMIN)
    second = relais.standin.ephemerals(ADMIN)[-1]
    assert "Page 2 of 6" in second.all_text() and "33188000010" in second.all_text()


def test_media_lists_by_type_with_their_ids(relais: Relais) -> None:
    text = relais.reply_text("/number media type=MA")
    assert "Musique d'attente jazz" in text and "id `232`" in text and "Play-back" not in text
    every = texts(relais.command("/number media"))
    assert all(kind in every for kind in ("(R)", "(ME)", "(PB)", "(MI)", "(MA)"))
