"""Logging set-up with a filter that removes secrets from every line.

Secrets reach log lines by many roads: an Authorization header in a debug dump, a
password in an Axialys query string (its API takes ``pass=`` in the URL), a Slack token
in an exception message. The filter scrubs the formatted message of every record, and
also removes the exact values of the configured secrets wherever they appear.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable

__all__ = ["REDACTED", "OncePerInterval", "RedactingFilter", "redact", "setup_logging"]

REDACTED = "[redacted]"

_PATTERNS: tuple[re.Pattern[str], ...] = (
    # Slack tokens: bot, user, app-level, config, refresh.
    re.compile(r"\bx(?:ox[abposre]|app)-[A-Za-z0-9-]+"),
    # Authorization / token headers, in dict reprs or raw HTTP dumps.
    re.compile(
        r"(?i)(['\"]?(?:authorization|proxy-authorization|token|x-slack-signature)['\"]?\s*(?::|=(?!>))\s*['\"]?)"
        r"(?:basic |bearer )?[^'\"\s,}&]+"
    ),
    # Query-string and form secrets: pass=, pwd=, password=, token=, secret=.
    re.compile(r"(?i)\b((?:pass|pwd|password|passwd|secret|client_secret|token)=)[^&\s'\"]+"),
    # JSON secrets: "password": "…", "pwd": "…", "token": "…", also as PHP prints them ("token" => "…").
    re.compile(r"(?i)(\"(?:pass|pwd|password|token|secret)\"\s*(?::|=>)\s*\")[^\"]*"),
    # URL user-info: https://user:password@host
    re.compile(r"(?<=://)([^/\s:@]+:)[^/\s@]+(?=@)"),
)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every known secret shape and every value of ``secrets`` replaced."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, REDACTED)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + REDACTED, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (args merged) and exception text with secrets removed."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        message = redact(record.getMessage(), self.secrets)
        if record.exc_info:
            formatter = logging.Formatter()
            record.exc_text = redact(formatter.formatException(record.exc_info), self.secrets)
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        record.msg, record.args = message, None
        return True


def setup_logging(level: int = logging.INFO, secrets: Iterable[str] = (), stream: object = None) -> RedactingFilter:
    """Install one handler on the root logger whose filter scrubs every record that reaches it."""
    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    redacting = RedactingFilter(secrets)
    handler.addFilter(redacting)
    root = logging.getLogger()
    for existing in list(root.handlers):
        if getattr(existing, "_relais", False):
            root.removeHandler(existing)
    handler._relais = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    # waitress warns "Task queue depth is N" on every burst larger than its thread count:
    # expected under Slack's bursts, and a flood in the logs.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    # Huey (the job queue) says "Executing …" and "Added task … to schedule" for every watcher's every poll.
    logging.getLogger("huey").setLevel(logging.WARNING)
    # Its scheduler and workers retry their database every second while it is down, each time with a traceback:
    # the first of each minute says it (the keeper's "jobs wait" says the outage in words).
    for name in ("huey.consumer.Scheduler", "huey.consumer.Worker"):
        logger = logging.getLogger(name)
        for old in [f for f in logger.filters if isinstance(f, OncePerInterval)]:
            logger.removeFilter(old)
        logger.addFilter(OncePerInterval(60.0))
    return redacting


class OncePerInterval(logging.Filter):
    """Lets one record through per ``seconds`` (per logger it is on): a loop's repeated failure, said once."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds
        self._next = 0.0

    def filter(self, record: logging.LogRecord) -> bool:
        if record.created < self._next:
            return False
        self._next = record.created + self.seconds
        return True
