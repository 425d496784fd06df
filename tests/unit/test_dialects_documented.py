"""Every sandbox dialect is settled in docs/decisions.md, in its vendor's "Sandbox dialects" line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.sandboxes.axialys.server import AxialysSandbox
from bot.sandboxes.clever.server import CleverSandbox
from bot.sandboxes.cliqphone.server import CliqphoneSandbox
from bot.sandboxes.frame import SandboxServer

DECISIONS = Path(__file__).resolve().parents[2] / "docs" / "decisions.md"
SECTIONS = {
    CleverSandbox: "## Clever Multimedias",
    CliqphoneSandbox: "## Cliqphone",
    AxialysSandbox: "## Axialys WebAppel",
}


def _dialects_line(heading: str) -> str:
    text = DECISIONS.read_text(encoding="utf-8")
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("- Sandbox dialects")]
    assert len(lines) == 1, f"{heading}: expected one '- Sandbox dialects' line"
    return lines[0]


@pytest.mark.parametrize("sandbox", list(SECTIONS), ids=lambda cls: cls.vendor)
def test_each_dialect_of_a_sandbox_is_named_in_its_vendors_decisions(sandbox: type[SandboxServer]) -> None:
    if not sandbox.DIALECTS:
        pytest.skip(f"the {sandbox.vendor} sandbox has no dialect")
    line = _dialects_line(SECTIONS[sandbox])
    for name in sandbox.DIALECTS:
        assert f"`{name}`" in line, f"{sandbox.vendor} dialect {name} is not in docs/decisions.md"
