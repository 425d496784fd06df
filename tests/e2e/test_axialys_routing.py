"""/callback two-word subcommands (`operators add`): help cards, the bare group word, the access filter, its audit."""

from __future__ import annotations

from bot.sandboxes.slack import Message
from tests.axialys_support import card_of, methods, sandbox
from tests.conftest import ADMIN, MEMBER, Relais

#: Every admin-only verb of /callback, with a line that would be valid for an admin.
ADMIN_LINES = {
    "operators add": "/callback operators add support 0170200259",
    "operators remove": "/callback operators remove support +33170200258",
    "operators mode": "/callback operators mode support RANDOM",
    "planning add-hours": "/callback planning add-hours bureau dimanche 10:00-12:00",
    "planning del-hours": "/callback planning del-hours bureau lundi 09:00-12:30",
    "planning add-closing": "/callback planning add-closing bureau 2026-12-24",
    "planning del-closing": "/callback planning del-closing bureau 2026-12-25",
    "popup create": "/callback popup create name=Salon",
    "popup update": "/callback popup update 77 voice=m",
    "popup delete": "/callback popup delete 197",
    "popup allow": "/callback popup allow 77 BE_Mobile",
    "popup forbid": "/callback popup forbid 77 FR_Fixe",
    "file upload": "/callback file upload",
    "file delete": "/callback file delete 77 css_popup",
    "block number": "/callback block number +33899100201",
    "block ip": "/callback block ip 203.0.113.8",
}
#: The verbs open to everyone.
OPEN_VERBS = [
    "operators list",
    "planning list",
    "planning show",
    "popup list",
    "popup destinations",
    "file get",
]


def _help_lines(message: Message) -> dict[str, str]:
    """Help card sections keyed by the subcommand whose usage they start with (`/callback operators add`)."""
    found: dict[str, str] = {}
    for block in message.blocks or []:
        text = str((block.get("text") or {}).get("text", ""))
        if text.startswith("*`/callback "):
            usage = text.split("`")[1]
            words = usage.split()[1:3]
            found[" ".join(words)] = text
    return found


def test_the_callback_help_card_lists_each_two_word_verb_with_its_role(relais: Relais) -> None:
    [card] = relais.command("/callback help")
    lines = _help_lines(card)
    for verb in ADMIN_LINES:
        assert verb in lines, f"{verb} missing from the help card"
        assert "_(admins)_" in lines[verb]
    for verb in OPEN_VERBS:
        assert verb in lines and "_(admins)_" not in lines[verb]
    assert "e.g. `/callback operators add support 01 70 20 02 59 ring=25`" in lines["operators add"]


def test_relais_help_lists_the_two_word_verbs(relais: Relais) -> None:
    text = relais.reply_text("/relais help")
    assert "`/callback operators add [new] <group> <number> [ring=30] [position=10]` _(admins)_" in text
    assert "`/callback planning show <planning>` — e.g. `/callback planning show bureau`" in text
    assert "/callback block ip <ipv4>" in text


def test_a_group_word_alone_answers_the_help_card_naming_its_verbs(relais: Relais) -> None:
    with sandbox(relais).recording() as seen:
        text = relais.reply_text("/callback operators")
        unknown = relais.reply_text("/callback planning sometimes bureau")
    expected = ", ".join(f"`/callback operators {verb}`" for verb in ("list", "add", "remove", "mode"))
    assert "`/callback operators` needs one more word: " + expected in text
    assert "`/callback planning` needs one more word" in unknown and "`/callback planning del-closing`" in unknown
    assert seen == []


def test_every_admin_verb_is_refused_to_members_and_each_refusal_audited(relais: Relais) -> None:
    before = len(methods(relais))
    for verb, line in ADMIN_LINES.items():
        text = relais.reply_text(line)
        assert f"`/callback {verb}` is for Relais admins" in text, text
        [entry] = relais.runtime.services.audit.last(1)
        assert (entry.user_id, entry.operation, entry.outcome) == (MEMBER, f"/callback {verb}", "refused")
        assert entry.command == line
    assert methods(relais)[before:] == []
    assert relais.standin.open_views(MEMBER) == []


def test_members_use_the_reading_verbs_and_admins_the_writing_ones(relais: Relais) -> None:
    assert "support" in relais.reply_text("/callback operators list")
    assert "lundi 09:00–12:30" in relais.reply_text("/callback planning show bureau")
    text = relais.reply_text("/callback operators mode support RANDOM", user=ADMIN)
    assert "support now calls its operators at random (RANDOM)" in text
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.user_id, entry.operation, entry.outcome) == (ADMIN, "A5 operator ordering", "done")
    assert entry.command == "/callback operators mode support RANDOM"


def test_an_admin_s_delete_card_sent_by_a_member_is_refused_and_audited(relais: Relais) -> None:
    card = card_of(relais.command("/callback popup delete 197", user=ADMIN))
    relais.click(card, "Delete pop-up", user=MEMBER)
    assert 197 in [p["id"] for p in sandbox(relais).popups()]
    assert methods(relais, "popup_del") == []
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.user_id, entry.operation, entry.outcome) == (MEMBER, "A20 delete pop-up", "refused: admins only")


def test_an_admin_form_submitted_by_a_member_is_refused_and_audited(relais: Relais) -> None:
    relais.command("/callback block ip", user=ADMIN)
    [view] = relais.standin.open_views(ADMIN)
    relais.driver.submit(view, {"ip": "203.0.113.9"}, user=MEMBER)
    relais.settle()
    assert "203.0.113.9" not in sandbox(relais).blacklisted_ips()
    [entry] = relais.runtime.services.audit.last(1)
    assert (entry.user_id, entry.outcome, entry.operation) == (MEMBER, "refused", "axialys.block.ip")


def test_each_admin_verb_alone_opens_its_form_and_an_empty_form_is_refused_inline(relais: Relais) -> None:
    before_requests = len(methods(relais))
    for verb in ADMIN_LINES:
        before = len(relais.standin.open_views(ADMIN))
        relais.command(f"/callback {verb}", user=ADMIN)
        views = relais.standin.open_views(ADMIN)
        assert len(views) == before + 1, f"`/callback {verb}` opened no form"
        if verb == "popup update":  # opens filled in: tests/e2e/test_axialys_popup_form.py
            continue
        view = views[-1]
        inputs = [b for b in view.view["blocks"] if b["type"] == "input"]
        empty = {b["block_id"]: None for b in inputs if b["element"]["type"] != "checkboxes"}
        errors = relais.driver.submit(view, empty, user=ADMIN).json()["errors"]
        assert errors and set(errors) <= {b["block_id"] for b in inputs}, verb
    # Only the listings that fill the selects (A1, A12, A14) were read; nothing was written.
    assert set(methods(relais)[before_requests:]) == {
        "operateurs_liste_groupes",
        "planning_plages_listing",
        "popups_listing",
    }
