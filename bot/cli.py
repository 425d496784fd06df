"""``relais serve | console | sandbox | db`` (and ``python -m bot``)."""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from bot.core.config import (
    POSTGRES_SCHEMES,
    VENDOR_VARIABLES,
    VENDORS,
    ConfigError,
    Settings,
    VendorName,
    load_settings,
)
from bot.core.logs import setup_logging
from bot.core.store import StoreError

__all__ = ["main"]

log = logging.getLogger("relais")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="relais", description="Drive telecom vendors from Slack.")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve Slack requests (HTTP on /slack/events, or Socket Mode)")
    serve.add_argument("--port", type=int, default=None, help="HTTP port (default: $PORT or 3000)")
    serve.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    serve.add_argument("--socket", action="store_true", help="Socket Mode instead of HTTP (needs SLACK_APP_TOKEN)")
    serve.add_argument("--threads", type=int, default=16, help="HTTP worker threads (default 16)")

    console = commands.add_parser("console", help="try Relais locally: a stand-in Slack, the vendor sandboxes")
    console.add_argument(
        "-c",
        dest="commands",
        action="append",
        metavar="COMMAND",
        help='run a slash command and print what a user would see (repeatable), e.g. -c "/relais help"',
    )
    console.add_argument("--user", default="UALICE", help="who types (UALICE is an admin in the console)")
    console.add_argument(
        "--keep",
        action="store_true",
        help="continue where the last console run stopped: its store, sandboxes and Slack messages "
        "(default: start afresh)",
    )
    _dialect_option(console)

    db = commands.add_parser("db", help="the shared store on PostgreSQL (RELAIS_DATABASE_URL)")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="create or migrate the schema of the database RELAIS_DATABASE_URL names")
    copy = db_commands.add_parser(
        "copy", help="move the embedded store (RELAIS_DATA_DIR) into an empty PostgreSQL database, schema included"
    )
    copy.add_argument("--to", required=True, metavar="postgresql://…", help="the database to copy into")

    sandbox = commands.add_parser("sandbox", help="run the vendor sandboxes alone")
    sandbox.add_argument("--vendor", choices=VENDORS, help="one vendor only (default: all three)")
    sandbox.add_argument("--port", type=int, default=0, help="port (one vendor only; default: any free port)")
    _dialect_option(sandbox)
    return parser


def _dialect_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dialect",
        action="append",
        default=[],
        metavar="VENDOR=NAME",
        help="the sandbox answers in another reading of its vendor's document (repeatable), e.g. axialys=sentences",
    )


def _dialects(items: Sequence[str]) -> dict[VendorName, list[str]]:
    """``--dialect VENDOR=NAME`` values by vendor; raises ValueError naming the known ones otherwise."""
    from bot.runtime import sandbox_class

    dialects: dict[VendorName, list[str]] = {}
    for item in items:
        vendor, _, name = item.partition("=")
        if vendor not in VENDORS or not name:
            raise ValueError(f"--dialect {item}: expected VENDOR=NAME with VENDOR one of {', '.join(VENDORS)}")
        known = sandbox_class(vendor).DIALECTS
        if name not in known:
            raise ValueError(
                f"--dialect {item}: the {vendor} sandbox has no dialect {name} (known: {', '.join(known)})"
            )
        dialects.setdefault(vendor, []).append(name)
    return dialects


def _secrets(settings: Settings) -> list[str]:
    database = [settings.database_url, urlsplit(settings.database_url).password] if settings.database_url else []
    values = [
        settings.slack_bot_token,
        settings.slack_signing_secret,
        settings.slack_app_token,
        settings.clever_password,
        settings.cliqphone_password,
        settings.axialys_password,
    ]
    return [v.get_secret_value() for v in values if v is not None] + [v for v in database if v]


def _fail(message: str) -> int:
    print(f"relais: {message}", file=sys.stderr)
    return 2


def serve(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
        settings.require_http_mode(socket_mode=args.socket)
    except ConfigError as exc:
        return _fail(str(exc))
    port = args.port if args.port is not None else settings.port
    if not 0 <= port <= 65535:
        return _fail(f"--port {port}: expected a port number from 1 to 65535")
    setup_logging(secrets=_secrets(settings))
    from bot.runtime import Runtime  # heavy imports only once the configuration is known to be sound

    try:
        runtime = Runtime(settings)
    except StoreError as exc:
        return _fail(str(exc))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        if args.socket:
            from bot.slack.server import serve_socket_mode

            runtime.start_background()
            assert settings.slack_app_token is not None
            log.info("Relais in Socket Mode")
            with contextlib.suppress(KeyboardInterrupt):
                serve_socket_mode(runtime.app, settings.slack_app_token.get_secret_value(), stop)
            return 0
        url = runtime.start(args.host, port, threads=args.threads)
        modes = ", ".join(f"{h.display_name}: {h.mode}" for h in runtime.services.vendors.values())
        log.info("Relais listening on %s/slack/events (%s)", url, modes)
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()
        return 0
    finally:
        runtime.stop()


def console(args: argparse.Namespace) -> int:
    from bot.console.session import ConsoleSession

    # No logging set-up here: the session sends every log line to its file, never to the prompt.
    try:
        dialects = _dialects(args.dialect)
    except ValueError as exc:
        return _fail(str(exc))
    try:
        session = ConsoleSession(user=args.user, dialects=dialects, keep=args.keep)
    except StoreError as exc:
        return _fail(str(exc))
    with session:
        if args.commands:
            return session.run_script(args.commands, out=sys.stdout)
        return session.interact()


def sandbox(args: argparse.Namespace) -> int:
    from bot.runtime import sandbox_class
    from bot.sandboxes.frame import SandboxClock

    if args.port and not args.vendor:
        return _fail("--port needs --vendor (each sandbox listens on its own port)")
    vendors = [args.vendor] if args.vendor else list(VENDORS)
    try:
        dialects = _dialects(args.dialect)
    except ValueError as exc:
        return _fail(str(exc))
    started: list[Any] = []
    for vendor in vendors:
        server = sandbox_class(vendor)(clock=SandboxClock(frozen=False), dialect=dialects.get(vendor, []))
        try:
            server.start(port=args.port)
        except OSError as exc:
            return _fail(f"cannot listen on port {args.port}: {exc.strerror}")
        started.append(server)
        url_var = VENDOR_VARIABLES[vendor][0]
        spoken = f" (dialect: {', '.join(sorted(server.dialect))})" if server.dialect else ""
        print(f"{vendor}: {server.url}{spoken}")
        print(f"  export {url_var}={server.url}")
        for name, value in type(server).credentials.items():
            print(f"  export {name}={value}")
    print("Sandboxes running; Ctrl-C to stop.", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    for server in started:
        server.stop()
    return 0


def db(args: argparse.Namespace) -> int:
    from bot.core.backends import copy_store
    from bot.core.migrations import HEAD, upgrade
    from bot.core.pg_store import redacted

    try:
        settings = load_settings()
    except ConfigError as exc:
        return _fail(str(exc))
    setup_logging(secrets=_secrets(settings))
    if args.db_command == "upgrade":
        if not settings.database_url:
            return _fail("RELAIS_DATABASE_URL is not set: it names the PostgreSQL database to create or migrate")
        try:
            upgrade(settings.database_url)
        except Exception as exc:  # Alembic and the driver raise their own kinds; the message says what failed
            return _fail(f"the schema could not be upgraded ({type(exc).__name__}: {_first_line(exc)})")
        print(f"{redacted(settings.database_url)}: Relais schema at revision {HEAD}")
        return 0
    if not args.to.startswith(POSTGRES_SCHEMES):
        return _fail(f"--to {redacted(args.to)}: expected a postgresql:// URL")
    try:
        copied = copy_store(settings.relais_data_dir, args.to)
    except StoreError as exc:
        return _fail(str(exc))
    print(
        f"Copied {copied:,} records from {settings.relais_data_dir} to {redacted(args.to)}. "
        "Set RELAIS_DATABASE_URL to it and start `relais serve`: campaigns and calls in flight are followed there."
    )
    return 0


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:300]


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = {"serve": serve, "console": console, "sandbox": sandbox, "db": db}[args.command]
    return handler(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
