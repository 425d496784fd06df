"""``relais console``: Relais with a local stand-in Slack and the vendor sandboxes, in a terminal.

Everything goes the way it goes in production: what you type becomes a signed slash
command sent over HTTP to the real app; its answers go to the stand-in Slack's Web API;
the console shows what a Slack user would see (ephemerals, channel messages, threads,
modals), lets you press buttons and fill modals from the keyboard, and shares files as
a Slack user would (``attach PATH``). What arrives later (a watcher's card updates)
appears by itself; log lines go to a file (``data.py``), never to the prompt.

A run starts afresh, or with ``keep`` where the last one stopped: store and simulators
together (``data.py`` says why).
"""

from __future__ import annotations

import io
import logging
import mimetypes
import secrets
import sys
import threading
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

from bot.console.buttons import ButtonNumbers
from bot.console.data import ConsoleData, FileLog
from bot.console.driver import SlackDriver
from bot.console.forms import ModalPrompt, initial_value
from bot.console.printer import UpdatePrinter
from bot.console.render import render_blocks
from bot.console.simulators import NAMES as SIMULATOR_NAMES
from bot.console.simulators import Simulators
from bot.core.config import VENDOR_VARIABLES, Settings, VendorName
from bot.core.store import Store
from bot.rules.fields import FieldError
from bot.rules.names import pick_name
from bot.runtime import Runtime
from bot.sandboxes.frame import SandboxServer
from bot.sandboxes.slack import Message, SlackStandIn, View
from bot.slack.registry import Registry

__all__ = ["ConsoleSession"]

log = logging.getLogger(__name__)

CONSOLE_CHANNEL = "CGENERAL"

HELP = """Type a slash command as in Slack, e.g. /relais help, /relais status, /contact account.
Other console commands:
  press N          press button N (a button keeps its number for as long as it is shown)
  attach PATH      share a file into the next command's form (a recipients CSV, a sound to upload)
  home             open the App Home tab (its buttons are pressed like any other)
  shortcut NAME    choose a global shortcut: "New campaign", "Place a callback"
  channel NAME     type in another channel (default: general)
  as USER          type as another user: UALICE (admin) or UBOB (member)
  help             this text
  quit             leave (Ctrl-D works too)
In a form: Enter keeps what a field holds (its prefilled value), - empties it; a file field takes a path.
New messages and card updates appear by themselves."""


_MODAL_LEFT_OPEN = "(a modal is open: fill it in the interactive console, `relais console`)"


class ConsoleSession:
    def __init__(
        self,
        user: str = "UALICE",
        *,
        settings: Settings | None = None,
        registry: Registry | None = None,
        dialects: Mapping[VendorName, Sequence[str]] | None = None,
        keep: bool = False,
    ) -> None:
        """``dialects``: vendor → the sandbox readings to switch on (``relais console --dialect``);
        ``keep``: continue where the last run on this data dir stopped (``relais console --keep``)."""
        base = settings or Settings()
        self.data = ConsoleData(base.relais_data_dir / "console")
        self._cleanup = ExitStack()  # what close() undoes, in the reverse order of starting
        self._lock = threading.RLock()  # the prompt and the background printer both read the news
        self._numbers = ButtonNumbers()
        self._seen_edits: dict[str, int] = {}
        self._seen_views: set[str] = set()
        self._attached: str | None = None
        self.user = user
        self.channel = CONSOLE_CHANNEL
        bot_token = "xoxb-console-" + secrets.token_hex(8)
        signing_secret = secrets.token_hex(16)
        try:
            self.log = FileLog(self.data.log_path, [bot_token, signing_secret])
            self._cleanup.callback(self.log.close)
            store = self.data.open_store()
            try:
                self.notice = self._start_simulators(store, bot_token, dialects or {}, keep=keep)
                self.settings = self._settings(base, signing_secret)
                self.runtime = Runtime(
                    self.settings, registry=registry, sandboxes=self.simulators.sandboxes, store=store
                )
            except BaseException:
                store.close()
                raise
            self._cleanup.callback(self.save)  # once the app has stopped, before the simulators do
            self._cleanup.callback(self.runtime.stop)
            self.driver = SlackDriver(self.runtime.start(), signing_secret, self.standin)
            self._cleanup.callback(self.driver.close)
        except BaseException:
            self._cleanup.close()
            raise
        # A kept run shows what is new from now on: its old messages are not news.
        with self.standin.lock:
            self._seen_edits = {m.ts: m.edits for m in self.standin.messages}

    def _settings(self, base: Settings, signing_secret: str) -> Settings:
        overrides: dict[str, Any] = {
            "slack_bot_token": self.standin.bot_token,
            "slack_signing_secret": signing_secret,
            "slack_api_url": self.standin.api_url,
            # The console keeps its own store: its test campaigns never mix with a real deployment's.
            "relais_data_dir": self.data.root,
            "relais_admins": "UALICE",
            # Always the sandboxes: a newcomer trying the console in a shell that holds production
            # credentials must not send real SMS or place real calls as the console's admin.
            **{name.lower(): None for names in VENDOR_VARIABLES.values() for name in names},
        }
        return Settings.model_validate({**base.model_dump(), **overrides})

    def _start_simulators(
        self, store: Store, bot_token: str, dialects: Mapping[VendorName, Sequence[str]], *, keep: bool
    ) -> str:
        """Start the stand-in Slack and the sandboxes, restored when kept; returns what to tell the user."""
        saved = self.data.saved_simulators() if keep else {}
        if keep and set(SIMULATOR_NAMES) <= set(saved):
            try:
                self.simulators = Simulators(bot_token, dialects, saved)
                self._cleanup.callback(self.simulators.stop)
                return (
                    f"Kept from the last run: its store, the sandboxes and {len(self.standin.messages)} Slack messages."
                )
            except ValueError as exc:
                notice = f"The last run could not be restored ({exc}): starting afresh."
        else:
            notice = "Nothing was saved by a last run here: starting afresh." if keep else ""
        self.data.start_afresh(store)
        self.simulators = Simulators(bot_token, dialects, {})
        self._cleanup.callback(self.simulators.stop)
        return notice

    @property
    def standin(self) -> SlackStandIn:
        return self.simulators.standin

    @property
    def sandboxes(self) -> Mapping[VendorName, SandboxServer]:
        """The running vendor sandboxes (the console's own: it starts, saves and stops them)."""
        return self.simulators.sandboxes

    def __enter__(self) -> ConsoleSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop everything (safe to call twice); the simulators are saved for a later run that keeps them."""
        self._cleanup.close()

    def save(self) -> None:
        """Save the simulators' data in the console's data dir (after every command, so a crash loses nothing)."""
        try:
            self.data.save_simulators(self.simulators.saved())
        except OSError as exc:
            log.warning("the console could not save its sandboxes in %s: %s", self.data.root, exc)

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
        with self._lock:
            found = self._numbers.pressable(number)
            if found is None and self._numbers.ever_shown(number):
                return f"Button {number} is no longer shown: its message has changed since."
            if found is None:
                return f"There is no button {number}."
        button, where = found
        view = self.standin.views.get(where)
        message = self.standin.find(where)
        if where == f"home:{self.user}" and self.standin.home.get(self.user) is not None:
            reply = self.driver.click_in_home(button.action_id, user=self.user, value=button.value)
        elif view is not None and not view.closed:
            reply = self.driver.click_in_view(view, button.action_id, user=self.user, value=button.value)
        elif message is not None and not message.deleted:
            reply = self.driver.click(message, button.action_id, user=self.user, value=button.value)
        else:
            return f"Button {number} is no longer shown: its {'modal is closed' if view else 'message was deleted'}."
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
        with self._lock:
            number = self._numbers.numbering(f"home:{self.user}")
            text, _ = render_blocks(view.get("blocks", []), number=number, user_name=self._user_name)
        return "── App Home ──\n" + text

    def shortcut(self, name: str) -> str:
        """Choose a global shortcut by its name, as from Slack's shortcuts menu (no channel)."""
        shortcuts = {entry.name: entry for entry in self.runtime.registry.shortcuts.values() if entry.kind == "global"}
        try:
            chosen = pick_name("shortcut", name.strip().rstrip("…") or "?", shortcuts, what="shortcut")
        except FieldError as exc:
            return exc.problem[:1].upper() + exc.problem[1:] + "."
        reply = self.driver.shortcut(shortcuts[chosen].callback_id, user=self.user)
        if reply.status != 200:
            return f"Slack would show: the app answered HTTP {reply.status}"
        self.settle()
        return self.news()

    def attach(self, path: str) -> str:
        """Share ``path`` into the stand-in Slack; the next command's form with a file field gets it."""
        try:
            self._attached = self._share_file(path)
        except OSError as exc:
            return f"Cannot attach {path}: {exc.strerror or exc}."
        info = self.standin.files[self._attached]
        return f"Attached {info['name']} ({info['size']:,} bytes): the next command's form with a file field gets it."

    def _share_file(self, path: str) -> str:
        """The file at ``path`` uploaded to the stand-in Slack by the user; returns its Slack id."""
        local = Path(path.strip()).expanduser()
        content = local.read_bytes()
        mimetype = mimetypes.guess_type(local.name)[0] or "application/octet-stream"
        return self.standin.add_file(local.name, content, mimetype=mimetype, user=self.user)

    def _file_name(self, file_id: str) -> str:
        return str(self.standin.files.get(file_id, {}).get("name", file_id))

    # -- what the user sees -------------------------------------------------------------------
    def _user_name(self, user_id: str) -> str:
        return str(self.standin.users.get(user_id, {}).get("name", user_id))

    def news(self) -> str:
        """Everything that appeared or changed for this user since the last call, rendered."""
        return self.fresh_news() or "(nothing new)"

    def fresh_news(self) -> str:
        """What appeared or changed since the last call ("" when nothing): what the background printer shows."""
        parts: list[str] = []
        with self._lock:
            with self.standin.lock:
                messages = list(self.standin.messages)
                views = [v for v in self.standin.views.values() if v.user == self.user]
            for message in messages:
                if message.ephemeral_for not in (None, self.user):
                    continue
                seen = self._seen_edits.get(message.ts)
                if message.deleted:
                    self._numbers.forget(message.ts)
                    continue
                if seen is not None and seen == message.edits:
                    continue
                self._seen_edits[message.ts] = message.edits
                parts.append(self._render_message(message, updated=seen is not None))
            for view in views:
                if view.closed:
                    self._numbers.forget(view.id)
                elif view.id not in self._seen_views:
                    self._seen_views.add(view.id)
                    parts.append(self._render_view(view))
        return "\n\n".join(parts)

    def _where(self, message: Message) -> str:
        if message.ephemeral_for:
            return "only visible to you"
        where = f"#{message.channel.lower().removeprefix('c')}"
        return f"in a thread of {where}" if message.thread_ts and message.thread_ts != message.ts else where

    def _render_message(self, message: Message, *, updated: bool) -> str:
        tag = "updated" if updated else "new"
        head = f"── Relais ({self._where(message)}, {tag}) ──"
        if message.blocks:
            numbering = self._numbers.numbering(message.ts)
            text, _ = render_blocks(message.blocks, number=numbering, user_name=self._user_name)
        else:
            self._numbers.forget(message.ts)
            text = message.text
        return f"{head}\n{text}"

    def _render_view(self, view: View) -> str:
        title = (view.view.get("title") or {}).get("text", "")
        numbering = self._numbers.numbering(view.id)
        text, _ = render_blocks(view.view.get("blocks", []), number=numbering, user_name=self._user_name)
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
            self.save()
            if self.standin.open_views(self.user) and _MODAL_LEFT_OPEN not in shown:
                shown += f"\n{_MODAL_LEFT_OPEN}"
            out.write(shown + "\n\n")
        return status

    def interact(self, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> int:
        """The prompt, with a background printer for what arrives between commands (stopped on leaving)."""
        printer = UpdatePrinter(self.standin.changed, self.fresh_news, out, self._prompt).start()
        try:
            printer.write("Relais console — a local Slack with the vendor sandboxes. Type `help`, or /relais help.\n")
            printer.write(self._vendor_line() + "\n")
            printer.write(f"Log lines go to {self.data.log_path}\n")
            if self.notice:
                printer.write(self.notice + "\n")
            while True:
                printer.write(self._prompt())
                line = stdin.readline()
                if not line:
                    printer.write("\n")
                    return 0
                line = line.strip()
                if not line:
                    continue
                with printer.busy():
                    try:
                        answer = self._interpret(line, stdin, out)
                    except Exception as exc:  # the console must survive anything the user types
                        answer = f"console error: {exc}"
                    self.save()
                    if answer is None:
                        return 0
                    printer.write(answer + "\n")
        finally:
            printer.stop()

    def _prompt(self) -> str:
        return f"[{self.user} #{self.channel.lower().removeprefix('c')}] > "

    def _vendor_line(self) -> str:
        return "Vendors: " + ", ".join(f"{h.display_name} ({h.mode})" for h in self.runtime.services.vendors.values())

    def _interpret(self, line: str, stdin: TextIO, out: TextIO) -> str | None:
        if line.startswith("/"):
            _, shown = self.send(line)
            return self._after_command(shown, stdin, out)
        word, _, rest = line.partition(" ")
        word = word.lower()
        if word in {"quit", "exit"}:
            return None
        if word == "help":
            return HELP
        if word == "home":
            return self.home()
        if word == "shortcut":
            return self._after_command(self.shortcut(rest), stdin, out)
        if word == "attach" and rest.strip():
            return self.attach(rest)
        if word in {"press", "click"} and rest.strip().isdigit():
            return self._after_command(self.press(int(rest)), stdin, out)
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

    def _after_command(self, shown: str, stdin: TextIO, out: TextIO) -> str:
        """Fill the modal the command opened, if any; the attached file goes to this command only."""
        attached, self._attached = self._attached, None
        views = self.standin.open_views(self.user)
        if not views:
            return shown + ("\n(the attached file was not used: this command opened no form)" if attached else "")
        try:
            return self._fill_modal(views[-1], shown, stdin, out, attached)
        except EOFError:  # input ended mid-modal: leave it open rather than submit blanks forever
            return f"{shown}\n{_MODAL_LEFT_OPEN}"

    def _fill_modal(self, view: View, shown: str, stdin: TextIO, out: TextIO, attached: str | None) -> str:
        out.write(shown + "\n")
        prompt = ModalPrompt(stdin, out, share_file=self._share_file, file_name=self._file_name)
        inputs = [b for b in view.view.get("blocks", []) if b.get("type") == "input"]
        values: dict[str, Any] = {}
        file_fields = 0
        for block in inputs:
            element = block.get("element") or {}
            is_file = element.get("type") == "file_input"
            file_fields += is_file
            values[block["block_id"]] = ([attached] if attached else None) if is_file else initial_value(element)
        if attached and not file_fields:
            out.write("  (the attached file is not used: this form has no file field)\n")
        pending = [b["block_id"] for b in inputs]
        while True:
            for block in inputs:
                if block["block_id"] in pending:
                    values[block["block_id"]] = prompt.ask(block, values[block["block_id"]])
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
