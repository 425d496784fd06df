"""`relais` as an operator meets it: configuration errors, serve, sandbox, console."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
GOOD = {"SLACK_BOT_TOKEN": "xoxb-1-abc", "SLACK_SIGNING_SECRET": "s3cr3t-signing"}


def relais(
    args: list[str], env: dict[str, str], tmp_path: Path, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    full_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "CLEVER_", "CLIQPHONE_", "AXIALYS_", "RELAIS_"))
    }
    full_env.update({"PYTHONPATH": str(PROJECT_ROOT), "RELAIS_DATA_DIR": str(tmp_path / "data"), **env})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=full_env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"SLACK_SIGNING_SECRET": "x"}, "SLACK_BOT_TOKEN is not set"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET is not set"),
        ({**GOOD, "SLACK_BOT_TOKEN": "not-a-token"}, "SLACK_BOT_TOKEN is malformed"),
        ({**GOOD, "PORT": "eighty"}, "PORT is malformed"),
        ({**GOOD, "PORT": "70000"}, "PORT is malformed"),
        ({**GOOD, "SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL is malformed"),
        ({**GOOD, "RELAIS_ADMINS": "alice,bob"}, "RELAIS_ADMINS is malformed"),
        ({**GOOD, "CLEVER_URL": "ftp://x"}, "CLEVER_URL is malformed"),
    ],
)
def test_a_bad_setting_stops_serve_with_one_clear_line(env: dict[str, str], variable: str, tmp_path: Path) -> None:
    result = relais(["serve"], env, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and variable in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    for secret in ("s3cr3t-signing", "xoxb-1-abc"):
        assert secret not in result.stderr


def test_socket_mode_needs_an_app_token(tmp_path: Path) -> None:
    result = relais(["serve", "--socket"], {"SLACK_BOT_TOKEN": "xoxb-1"}, tmp_path)
    assert result.returncode == 2 and "SLACK_APP_TOKEN is not set" in result.stderr


def test_an_unwritable_data_dir_stops_serve_clearly(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = relais(["serve"], {**GOOD, "RELAIS_DATA_DIR": str(blocker / "data")}, tmp_path)
    assert result.returncode == 2
    assert "RELAIS_DATA_DIR" in result.stderr and "not writable" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_corrupt_store_stops_serve_clearly(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "relais.sqlite").write_bytes(b"this is not a database" * 100)
    result = relais(["serve"], GOOD, tmp_path)
    assert result.returncode == 2
    assert "cannot be opened" in result.stderr and "move it aside" in result.stderr
    assert "Traceback" not in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_healthz_and_stops_on_sigterm(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CLEVER_", "CLIQPHONE_", "AXIALYS_"))}
    env.update(
        {
            **GOOD,
            "PORT": str(port),
            "PYTHONPATH": str(PROJECT_ROOT),
            "RELAIS_DATA_DIR": str(tmp_path),
            "SLACK_API_URL": "http://127.0.0.1:9/api/",
        }
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        health = None
        while time.monotonic() < deadline and health is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            except httpx.TransportError:
                time.sleep(0.05)
        assert health is not None and health.status_code == 200
        assert health.json()["vendors"] == {"clever": "sandbox", "cliqphone": "sandbox", "axialys": "sandbox"}
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=15)
        assert process.returncode == 0
        assert "xoxb-1-abc" not in stderr and "s3cr3t-signing" not in stderr
    finally:
        process.kill()


def test_sandbox_command_prints_urls_and_test_credentials(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELAIS_")}
    env["PYTHONPATH"] = str(PROJECT_ROOT)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "sandbox", "--vendor", "cliqphone"], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(5)]
        text = "".join(lines)
        assert "export CLIQPHONE_URL=http://127.0.0.1:" in text and "export CLIQPHONE_LOGIN=" in text
        url = text.split("export CLIQPHONE_URL=")[1].split()[0]
        assert httpx.get(url + "/api/getallzone").status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)


def test_console_runs_commands_and_prints_what_a_user_sees(tmp_path: Path) -> None:
    result = relais(["console", "-c", "/relais help", "-c", "/relais status", "-c", "/contact account"], {}, tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "> /relais help" in out and "Relais — what you can ask" in out
    assert "Clever Multimedias" in out and "reachable" in out and "sandbox" in out
    assert "units" in out


def test_console_script_presses_buttons_like_a_user(tmp_path: Path) -> None:
    result = relais(["console", "-c", "/callback 0612345678", "-c", "press 1"], {}, tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Place a callback" in out and "> press 1" in out
    assert "Call card" in out or "tracking" in out.lower()


def test_console_script_explains_what_it_does_not_understand(tmp_path: Path) -> None:
    result = relais(["console", "-c", "relais help"], {}, tmp_path)
    assert result.returncode == 2 and "Not understood" in result.stdout


def test_sandbox_command_refuses_a_dialect_it_does_not_know(tmp_path: Path) -> None:
    result = relais(["sandbox", "--vendor", "axialys", "--dialect", "axialys=nonsense"], {}, tmp_path)
    assert result.returncode == 2
    assert "--dialect axialys=nonsense: the axialys sandbox has no dialect nonsense (known: sentences," in result.stderr
    result = relais(["sandbox", "--dialect", "acme=x"], {}, tmp_path)
    assert (
        result.returncode == 2 and "expected VENDOR=NAME with VENDOR one of clever, cliqphone, axialys" in result.stderr
    )


def test_console_runs_on_a_sandbox_dialect(tmp_path: Path) -> None:
    """Axialys answering its refusals as sentences: /relais status still reads it, a bad name is refused."""
    result = relais(["console", "--dialect", "axialys=sentences", "-c", "/relais status"], {}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Axialys WebAppel* — sandbox (no account configured: test data), reachable" in result.stdout
    result = relais(["console", "--dialect", "axialys=nonsense", "-c", "/relais status"], {}, tmp_path)
    assert result.returncode == 2 and "the axialys sandbox has no dialect nonsense" in result.stderr
