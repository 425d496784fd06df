"""Secrets never reach a log line or the audit log."""

from __future__ import annotations

import io
import logging

import httpx
import pytest

from bot.core.audit import AUDIT, AuditLog, scrub
from bot.core.logs import REDACTED, redact, setup_logging
from bot.core.records import Records
from bot.core.store import MemoryStore

SECRETS_IN_LINES = [
    ("token xoxb-1234-5678-abcdef in a message", "xoxb-1234-5678-abcdef"),
    ("app token xapp-1-A0-123-abc", "xapp-1-A0-123-abc"),
    ("headers {'Authorization': 'Basic cmVsYWlzOnNlY3JldA=='}", "cmVsYWlzOnNlY3JldA=="),
    ("Authorization: Bearer xyz-very-secret", "xyz-very-secret"),
    ("GET /get/webappel/api.php?methode=appel&email=a@b.fr&pass=hunter22&e164=33", "hunter22"),
    ('body {"login": "relais", "pwd": "cliq-pass-1"}', "cliq-pass-1"),
    ('{"token": "o7ocJsY1bKl8jt5zTkDiHOG4"}', "o7ocJsY1bKl8jt5zTkDiHOG4"),
    ("token: o7ocJsY1bKl8jt5zTkDiHOG4", "o7ocJsY1bKl8jt5zTkDiHOG4"),
    ("https://user:p4ssw0rd@vendor.example/api", "p4ssw0rd"),
    ("login=relais&pwd=abc123&x=1", "abc123"),
]


@pytest.mark.parametrize(("line", "secret"), SECRETS_IN_LINES)
def test_redact_removes_every_known_secret_shape(line: str, secret: str) -> None:
    cleaned = redact(line)
    assert secret not in cleaned and REDACTED in cleaned


def test_configured_secret_values_are_removed_wherever_they_appear() -> None:
    assert redact("signing secret is abc-def-ghi here", ["abc-def-ghi"]) == f"signing secret is {REDACTED} here"


def test_every_log_line_is_scrubbed_including_arguments_and_tracebacks() -> None:
    stream = io.StringIO()
    setup_logging(logging.DEBUG, secrets=["my-signing-secret"], stream=stream)
    log = logging.getLogger("relais.test")
    log.info("calling %s", "https://x/api.php?methode=a&email=e&pass=hunter22")
    log.warning("secret %s", "my-signing-secret")
    try:
        raise RuntimeError("failed with token xoxb-999-888")
    except RuntimeError:
        log.exception("boom")
    # httpx's own logger writes request URLs: they go through the same filter.
    logging.getLogger("httpx").info('HTTP Request: GET http://h/get/webappel/api.php?pass=hunter22 "HTTP/1.1 200"')
    output = stream.getvalue()
    for secret in ("hunter22", "my-signing-secret", "xoxb-999-888"):
        assert secret not in output
    assert "calling" in output and "boom" in output and "RuntimeError" in output


def test_httpx_request_urls_with_passwords_are_scrubbed_end_to_end() -> None:
    stream = io.StringIO()
    setup_logging(logging.INFO, stream=stream)
    transport = httpx.MockTransport(lambda request: httpx.Response(200, text="OK"))
    with httpx.Client(transport=transport) as client:
        client.get("http://vendor/get/webappel/api.php", params={"methode": "x", "pass": "hunter22"})
    assert "hunter22" not in stream.getvalue()


def test_audit_entries_carry_no_secrets() -> None:
    audit = AuditLog(Records(MemoryStore(), [AUDIT]).of(AUDIT))
    entry = audit.record(
        user_id="U1",
        channel_id="C1",
        command="/number add pwd=abc123 token=xoxb-1-2",
        operation="C6",
        outcome="done",
        detail="answer had pass=hunter22",
    )
    assert "abc123" not in entry.command and "xoxb-1-2" not in entry.command
    assert "hunter22" not in entry.detail
    assert scrub({"password": "x", "nested": [{"token": "y"}], "ok": "fine"}) == {
        "password": "[redacted]",
        "nested": [{"token": "[redacted]"}],
        "ok": "fine",
    }


def test_a_token_printed_as_php_prints_it_is_masked() -> None:
    """Cliqphone's §II prints its login answer as PHP does: ``"token" => "…"``."""
    from bot.core.logs import REDACTED, redact

    assert redact('{"state" => "ok", "token" => "abc123secret"}') == f'{{"state" => "ok", "token" => "{REDACTED}"}}'


def test_the_job_queues_retries_while_its_database_is_down_are_logged_once_a_minute() -> None:
    stream = io.StringIO()
    setup_logging(logging.INFO, stream=stream)
    scheduler = logging.getLogger("huey.consumer.Scheduler")
    for _ in range(30):  # Huey's scheduler, once a second for half a minute, with its traceback each time
        try:
            raise ConnectionError("connection refused")
        except ConnectionError:
            scheduler.exception("Error reading schedule.")
    logging.getLogger("huey").info("Executing relais_run_job: 1")  # every run of every watcher: not a log line
    output = stream.getvalue()
    assert output.count("Error reading schedule.") == 1 and "ConnectionError" in output
    assert "Executing" not in output
