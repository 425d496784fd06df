"""App Home: the last 8 callbacks with their state, published when the user opens the tab (signed event)."""

from __future__ import annotations

from typing import Any

from tests.axialys_support import call_cards, confirm, run_watchers, sandbox
from tests.conftest import ADMIN, MEMBER, Relais


def _open_home(relais: Relais, user: str) -> str:
    """Open the Home tab the way Slack does (signed ``app_home_opened``); the published view's text."""
    before = len(relais.standin.calls_to("views.publish"))
    reply = relais.driver.open_home(user)
    assert reply.status == 200, reply.body
    relais.settle()
    [publish] = relais.standin.calls_to("views.publish")[before:]
    assert publish.args["user_id"] == user
    view: dict[str, Any] = publish.args["view"]
    assert view["type"] == "home"
    texts = [str((block.get("text") or {}).get("text", "")) for block in view["blocks"]]
    texts += [str(e.get("text", "")) for block in view["blocks"] for e in block.get("elements", [])]
    return "\n".join(texts)


def _tracking(card_text: str) -> int:
    return int(card_text.split("#")[1].split()[0].rstrip("`"))


def test_a_new_install_says_no_call_was_placed_yet(relais: Relais) -> None:
    text = _open_home(relais, MEMBER)
    assert "*Recent callbacks*\nNo call placed from Relais yet" in text


def test_the_home_tab_shows_the_last_eight_calls_newest_first_with_their_state(relais: Relais) -> None:
    numbers = [f"06123456{n:02d}" for n in range(9)]
    for number in numbers:
        confirm(relais, f"/callback {number} popup=77")
    cards = call_cards(relais)
    assert len(cards) == 9
    answered = _tracking(cards[-1].text)
    sandbox(relais).set_call_outcome(answered, "answered", ring_seconds=4, talk_seconds=30)
    relais.sandboxes["axialys"].clock.advance(3600)
    run_watchers(relais)

    text = _open_home(relais, ADMIN)
    lines = [line for line in text.splitlines() if line.startswith("`#")]
    assert len(lines) == 8
    shown = [_tracking(line) for line in lines]
    assert shown == sorted((_tracking(card.text) for card in cards[1:]), reverse=True)
    assert "+33612345600" not in text  # the oldest of the 9
    [newest] = [line for line in lines if f"#{answered}`" in line]
    assert "+33612345608" in newest and "Accueil" in newest and "answered (REPONDU)" in newest
    assert "*Recent callbacks* — last 8, everyone's (you are an admin)" in text


def test_a_cancelled_call_is_shown_cancelled(relais: Relais) -> None:
    confirm(relais, "/callback 0612345679 popup=77")
    [card] = call_cards(relais)
    assert "waiting (EN_ATTENTE)" in _open_home(relais, MEMBER)
    relais.click(card, "Cancel call")
    assert f"`#{_tracking(card.text)}` +33612345679 · Accueil · :no_entry_sign: cancelled (ANNULE)" in _open_home(
        relais, MEMBER
    )


def test_members_see_the_calls_they_asked_for_and_admins_all(relais: Relais) -> None:
    confirm(relais, "/callback 0612345601 popup=77", user=MEMBER)
    confirm(relais, "/callback 0612345602 popup=77", user="UBOB")
    member_home = _open_home(relais, MEMBER)
    assert "+33612345601" in member_home and "+33612345602" not in member_home
    admin_home = _open_home(relais, ADMIN)
    assert "+33612345601" in admin_home and "+33612345602" in admin_home
