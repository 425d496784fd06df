"""Every Axialys operation (A1–A28) has a Slack path; call recordings (A21 type=rec) included."""

from __future__ import annotations

import inspect
from pathlib import Path

from bot.vendors.axialys.client import AxialysClient
from handlers import build_registry
from tests.axialys_support import call_cards, confirm, methods, run_watchers, sandbox
from tests.conftest import CHANNEL, Relais

AXIALYS_HANDLERS = Path(__file__).resolve().parents[2] / "handlers" / "axialys"


def test_each_operation_is_declared_by_a_subcommand_or_button_that_routes_to_it() -> None:
    registry = build_registry()
    command = registry.commands["/callback"]
    paths: dict[str, list[str]] = {}
    for sub in command.subcommands.values():
        resolved, _, _ = command.resolve(f"{sub.name} x")
        assert resolved is sub, f"`/callback {sub.name}` does not reach its handler"
        for operation in sub.operations:
            paths.setdefault(operation, []).append(f"/callback {sub.name}")
    for entry in registry.actions.values():
        if entry.operation.startswith("A"):
            paths.setdefault(entry.operation, []).append(f"button {entry.action_id}")
    assert command.fallback is not None and "A24" in command.fallback.operations
    missing = sorted({f"A{n}" for n in range(1, 29)} - set(paths), key=lambda op: int(op[1:]))
    assert missing == [], f"operations without a Slack path: {missing}"


def test_every_client_method_is_called_by_a_handler() -> None:
    """A client method no handler calls is a vendor capability Slack cannot reach."""
    source = "\n".join(path.read_text() for path in AXIALYS_HANDLERS.glob("*.py"))
    lifecycle = {"close", "probe"}  # used by the runtime (start-up check, shutdown), not vendor operations
    public = [
        name
        for name, _ in inspect.getmembers(AxialysClient, inspect.isfunction)
        if not name.startswith("_") and name not in lifecycle
    ]
    unused = [name for name in public if f".{name}(" not in source]
    assert unused == []
    assert "RECORDING_TYPE, id_tracking=" in source  # recordings: A21 with type=rec


def _tracking(card_text: str) -> int:
    return int(card_text.split("#")[1].split()[0])


def test_a_recorded_call_s_conversation_is_posted_in_its_card_s_thread(relais: Relais) -> None:
    card = confirm(relais, "/callback 0612345679 popup=77 record=yes")
    assert "Recording: yes" in card.all_text()
    [call_card] = call_cards(relais)
    id_tracking = _tracking(call_card.text)
    sandbox(relais).set_call_outcome(id_tracking, "answered", ring_seconds=5, talk_seconds=42)
    relais.sandboxes["axialys"].clock.advance(3600)
    run_watchers(relais)
    [summary] = relais.standin.thread(CHANNEL, call_card.ts)
    assert f"Recorded: `/callback recording {id_tracking}`" in summary.all_text()

    relais.command(f"/callback recording {id_tracking}")
    [summary, posted] = relais.standin.thread(CHANNEL, call_card.ts)
    assert posted.text.startswith(f"Recording of call {id_tracking} (pop-up 77): rec{id_tracking}.wav")
    content = relais.standin.file_content(posted.blocks[0]["file_id"])  # type: ignore[index]
    assert content is not None and content.startswith(b"RIFF")
    [entry] = [e for e in sandbox(relais).requests("/get") if e.query["methode"] == ["fichier_recuperer"]]
    assert (entry.query["type"], entry.query["id_tracking"], entry.query["id_popup"]) == (
        ["rec"],
        [str(id_tracking)],
        ["77"],
    )


def test_a_call_without_recording_says_so_in_words(relais: Relais) -> None:
    confirm(relais, "/callback 0612345679 popup=77")
    [call_card] = call_cards(relais)
    id_tracking = _tracking(call_card.text)
    sandbox(relais).set_call_outcome(id_tracking, "answered")
    relais.sandboxes["axialys"].clock.advance(3600)
    run_watchers(relais)
    [summary] = relais.standin.thread(CHANNEL, call_card.ts)
    assert "Recorded" not in summary.all_text()
    text = relais.reply_text(f"/callback recording {id_tracking}")
    assert f"Axialys has no recording of call {id_tracking} of pop-up 77" in text and "INTROUVABLE" in text
    assert len(relais.standin.thread(CHANNEL, call_card.ts)) == 1


def test_recording_arguments_are_checked_before_axialys(relais: Relais) -> None:
    before = len(methods(relais))
    assert "tracking id: required" in relais.reply_text("/callback recording")
    assert "tracking id: `abc` is not a whole number" in relais.reply_text("/callback recording abc")
    assert methods(relais)[before:] == []
    text = relais.reply_text("/callback recording 1 popup=77")  # a call of the web pop-up, not recorded
    assert "has no recording of call" in text
