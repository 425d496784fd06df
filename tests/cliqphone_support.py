"""Helpers for the Cliqphone tests: the sandbox of a running Relais, vendor-side answers, request bodies."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from bot.sandboxes.cliqphone.server import CliqphoneSandbox
from bot.sandboxes.frame import JournalEntry
from bot.sandboxes.slack import Message
from tests.conftest import Relais

ADD_PATH = "/numeroapi/addNumero"
EDIT_PATH = "/numeroapi/editnumero/"
FREE_NUMBER = "33187224466"  # offered by the sandbox in fr_01 (C4)


def cliqphone(relais: Relais) -> CliqphoneSandbox:
    sandbox = relais.sandboxes["cliqphone"]
    assert isinstance(sandbox, CliqphoneSandbox)
    return sandbox


def vendor_refuses(sandbox: CliqphoneSandbox, path: str, code: str, message: str = "refused") -> None:
    """The next request to ``path`` answers ``{"state":"ko","codeErreur":code}`` with HTTP 200, as Cliqphone does."""
    body = json.dumps({"state": "ko", "codeErreur": code, "messageErreur": message}).encode()
    sandbox.inject_fault(200, body=body, path_prefix=path, content_type="application/json")


def json_body(entry: JournalEntry) -> dict[str, Any]:
    value = json.loads(entry.body)
    assert isinstance(value, dict)
    return value


def form_body(entry: JournalEntry) -> dict[str, str]:
    return {key: values[-1] for key, values in parse_qs(entry.body.decode()).items()}


def texts(messages: list[Message]) -> str:
    return "\n".join(m.all_text() for m in messages)
