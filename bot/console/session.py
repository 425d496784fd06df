"""``relais console``: Relais with a local stand-in Slack and the vendor sandboxes, in a terminal.

Everything goes the way it goes in production: what you type becomes a signed slash
command sent over HTTP to the real app; its answers go to the stand-in Slack's Web API;
the console shows what a Slack user would see (ephemerals, channel messages, threads,
modals), and lets you press buttons and fill modals from the keyboard.
"""

from __future__ import annotations

import io
import secrets
import shlex
import sys
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from bot.console.driver import SlackDriver
from bot.console.render import Button, render_blocks
from bot.core.config import VENDOR_VARIABLES, Settings, VendorName
from bot.runtime import Runtime, start_sandbox
from bot.sandboxes.frame import SandboxServer
from bot.sandboxes.slack import Message, SlackStandIn, View
from bot.slack.registry import Registry

__all__ = ["ConsoleSession"]

CONSOLE_CHANNEL = "CGENERAL"

HELP = """Type a slash command as in Slack, e.g. /relais help, /relais status, /contact account.
Other console commands:
  press N          press button N of the last output
  home             open the App Home tab
  channel NAME     type in another channel (default: general)
  as USER          type as another user: UALICE (admin) or UBOB (member)
  help             this text
  quit             leave (Ctrl-D works too)"""


_MODAL_LEFT_OPEN = "(a modal is open: fill it in the interactive console, `relais console`)"


class ConsoleSession:
    def __init__(
        self,
        user: str = "UALICE",
        *,
        settings: Settings | None = None,
        registry: Registry | None = None,
        dialects: Mapping[VendorName, Sequence[str]] | None = None,
    ) -> None:
        """``dialects``: vendor → the sandbox readings to switch on (``relais console --dialect``)."""
        # Sandboxes in another reading are started here (and stopped by close); the runtime starts the others.
        self._sandboxes: dict[VendorName, SandboxServer] = {}
        try:
            for vendor, names in (dialects or {}).items():
                if names:
                    self._sandboxes[vendor] = start_sandbox(vendor, dialect=names)
        except Exception:
            self._stop_sandboxes()
            raise
        self.standin = SlackStandIn(bot_token="xoxb-console-" + secrets.token_hex(8)).start()
        signing_secret = secrets.token_hex(16)
        base = settings or Settings()
        overrides: dict[str, Any] = {
            "slack_bot_token": self.standin.bot_token,
            "slack_signing_secret": signing_secret,
            "slack_api_url": self.standin.api_url,
            # The console keeps its own store: its test campaigns never mix with a real deployment's.
            "relais_data_dir": base.relais_data_dir / "console",
            "relais_admins": "UALICE",
            # Always the sandboxes: a newcomer trying the console in a shell that holds production
            # credentials must not send real SMS or place real calls as the console's admin.
            **{name.lower(): None for names in VENDOR_VARIABLES.values() for name in names},
        }
        self.settings = Settings.model_validate({**base.model_dump(), **overrides})
        try:
            self.runtime = Runtime(self.settings, registry=registry, sandboxes=self._sandboxes)
        except Exception:
            self.standin.stop()
            self._stop_sandboxes()
            raise
        self.driver = SlackDriver(self.runtime.start(), signing_secret, self.standin)
        self.user = user
        self.channel = CONSOLE_CHANNEL
        self.buttons: list[tuple[Button, Message | View]] = []
        self._seen_edits: dict[str, int] = {}
        self._seen_views: set[str] = set()
        self._seen_home: dict[str, Any] = {}

    def __enter__(self) -> ConsoleSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.driver.close()
        self.runtime.stop()
        self.standin.stop()
        self._stop_sandboxes()

    def _stop_sandboxes(self) -> None:
        for sandbox in self._sandboxes.values():
            sandbox.stop()

    # -- running ------------------------------------------------------------------------------
    def settle(self) -> None:
        self.runtime.settle()

    def send(self, line: str) -> tuple[bool, str]:
        """Send one slash command; returns (accepted, what the user sees)."""
        reply = self.driver.command(line, user=self.user, channel=self.channel)
        if reply.status != 200:
            return False, f"Slack would show: the app answered HTTP {reply.status}"
        self.settle()
        return True, self.news()

    def press(self, number: int) -> str:
        if not 1 <= number <= len(self.buttons):
            return f"There is no button {number}: the last output has {len(self.buttons)} button(s)."
        button, where = self.buttons[number - 1]
        if isinstance(where, View):
            reply = self.driver.click_in_view(where, button.action_id, user=self.user, value=button.value)
        else:
            reply = self.driver.click(where, button.action_id, user=self.user, value=button.value)
        if reply.status != 200:
            return f"Slack would show: the app answered HTTP {reply.status}"
        self.settle()
        return self.news()

    def home(self) -> str:
        self.driver.open_home(self.user)
        self.settle()
        view = self.standin.home.get(self.user)
        if view is None:
            return "(the Home tab is empty)"
        text, _ = render_blocks(view.get("blocks", []), user_name=self._user_name)
        self.buttons = []
        return "── App Home ──\n" + text

    # -- what the user sees -------------------------------------------------------------------
    def _user_name(self, user_id: str) -> str:
        return str(self.standin.users.get(user_id, {}).get("name", user_id))

    def news(self) -> str:
        """Everything that appeared or changed for this user since the last call, rendered."""
        parts: list[str] = []
        self.buttons = []
        with self.standin.lock:
            messages = list(self.standin.messages)
            views = [v for v in self.standin.views.values() if v.user == self.user and not v.closed]
        for message in messages:
            if message.ephemeral_for not in (None, self.user) or message.deleted:
                continue
            seen = self._seen_edits.get(message.ts)
            if seen is not None and seen == message.edits:
                continue
            self._seen_edits[message.ts] = message.edits
            parts.append(self._render_message(message, updated=seen is not None))
        for view in views:
            if view.id in self._seen_views:
                continue
            self._seen_views.add(view.id)
            parts.append(self._render_view(view))
        return "\n\n".join(parts) if parts else "(nothing new)"

    def _where(self, message: Message) -> str:
        if message.ephemeral_for:
            return "only visible to you"
        where = f"#{message.channel.lower().removeprefix('c')}"
        return f"in a thread of {where}" if message.thread_ts and message.thread_ts != message.ts else where

    def _render_message(self, message: Message, *, updated: bool) -> str:
        tag = "updated" if updated else "new"
        head = f"── Relais ({self._where(message)}, {tag}) ──"
        if message.blocks:
            text, buttons = render_blocks(message.blocks, first_number=len(self.buttons) + 1, user_name=self._user_name)
            self.buttons.extend((b, message) for b in buttons)
        else:
            text = message.text
        return f"{head}\n{text}"

    def _render_view(self, view: View) -> str:
        title = (view.view.get("title") or {}).get("text", "")
        text, buttons = render_blocks(
            view.view.get("blocks", []), first_number=len(self.buttons) + 1, user_name=self._user_name
        )
        self.buttons.extend((b, view) for b in buttons)
        return f"── Modal: {title} ──\n{text}"

    # -- modes --------------------------------------------------------------------------------
    def run_script(self, commands: list[str], out: TextIO = sys.stdout) -> int:
        """Each line as typed in the console (``/…``, ``press N``, ``home``, ``as U``…); modals stay unfilled."""
        status = 0
        no_input = io.StringIO("")
        for line in commands:
            out.write(f"> {line}\n")
            if line.strip().startswith("/"):
                ok, shown = self.send(line)
                status = status if ok else 1
            else:
                answer = self._interpret(line.strip(), no_input, out)
                if answer is None:
                    break
                shown = answer
                if answer.startswith(("Not understood", "Unknown user")):
                    status = 2
            open_views = [v for v in self.standin.views.values() if v.user == self.user and not v.closed]
            if open_views and _MODAL_LEFT_OPEN not in shown:
                shown += f"\n{_MODAL_LEFT_OPEN}"
            out.write(shown + "\n\n")
        return status

    def interact(self, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> int:
        out.write("Relais console — a local Slack with the vendor sandboxes. Type `help`, or /relais help.\n")
        out.write(self._vendor_line() + "\n")
        while True:
            out.write(f"[{self.user} #{self.channel.lower().removeprefix('c')}] > ")
            out.flush()
            line = stdin.readline()
            if not line:
                out.write("\n")
                return 0
            line = line.strip()
            if not line:
                continue
            try:
                answer = self._interpret(line, stdin, out)
            except Exception as exc:  # the console must survive anything the user types
                answer = f"console error: {exc}"
            if answer is None:
                return 0
            out.write(answer + "\n")

    def _vendor_line(self) -> str:
        return "Vendors: " + ", ".join(f"{h.display_name} ({h.mode})" for h in self.runtime.services.vendors.values())

    def _interpret(self, line: str, stdin: TextIO, out: TextIO) -> str | None:
        if line.startswith("/"):
            _, shown = self.send(line)
            return self._maybe_fill_modal(shown, stdin, out)
        word, _, rest = line.partition(" ")
        word = word.lower()
        if word in {"quit", "exit"}:
            return None
        if word == "help":
            return HELP
        if word == "home":
            return self.home()
        if word in {"press", "click"} and rest.strip().isdigit():
            return self._maybe_fill_modal(self.press(int(rest)), stdin, out)
        if word == "channel" and rest.strip():
            self.channel = "C" + rest.strip().lstrip("#").upper()
            return f"Now typing in #{rest.strip().lstrip('#').lower()}."
        if word == "as" and rest.strip():
            user = rest.strip().upper()
            if user not in self.standin.users:
                return f"Unknown user {user}; known: {', '.join(self.standin.users)}"
            self.user = user
            return f"Now typing as {user} ({self.runtime.services.roles.role(user)})."
        return "Not understood. Type `help`."

    def _maybe_fill_modal(self, shown: str, stdin: TextIO, out: TextIO) -> str:
        views = [v for v in self.standin.views.values() if v.user == self.user and not v.closed]
        if not views:
            return shown
        try:
            return self._fill_modal(views[-1], shown, stdin, out)
        except EOFError:  # input ended mid-modal: leave it open rather than submit blanks forever
            return f"{shown}\n{_MODAL_LEFT_OPEN}"

    def _fill_modal(self, view: View, shown: str, stdin: TextIO, out: TextIO) -> str:
        out.write(shown + "\n")
        values: dict[str, Any] = {}
        inputs = [b for b in view.view.get("blocks", []) if b.get("type") == "input"]
        pending = [b["block_id"] for b in inputs]
        while True:
            for block in inputs:
                if block["block_id"] not in pending:
                    continue
                values[block["block_id"]] = self._ask(block, stdin, out)
            reply = self.driver.submit(
                view, {k: v for k, v in values.items() if v not in (None, "", [])}, user=self.user
            )
            answer = reply.json() if reply.body else None
            if isinstance(answer, dict) and answer.get("response_action") == "errors":
                errors: dict[str, str] = answer.get("errors", {})
                for block_id, error in errors.items():
                    out.write(f"  ✗ {block_id}: {error}\n")
                pending = list(errors)
                continue
            self.settle()
            return self.news()

    def _ask(self, block: dict[str, Any], stdin: TextIO, out: TextIO) -> Any:
        element = block.get("element") or {}
        label = (block.get("label") or {}).get("text", block["block_id"])
        kind = element.get("type")
        options = element.get("options") or []
        if options:
            for index, option in enumerate(options, 1):
                out.write(f"    {index}. {(option.get('text') or {}).get('text', option.get('value'))}\n")
        optional = " (optional, Enter to skip)" if block.get("optional") else ""
        out.write(f"  {label}{optional}: ")
        out.flush()
        line = stdin.readline()
        if not line:
            raise EOFError
        raw = line.rstrip("\n")
        if options:
            chosen = [
                options[int(i) - 1]["value"]
                for i in shlex.split(raw.replace(",", " "))
                if i.isdigit() and 1 <= int(i) <= len(options)
            ]
            return chosen if kind in {"multi_static_select", "checkboxes"} else (chosen[0] if chosen else None)
        return raw
