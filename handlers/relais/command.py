"""/relais: help, status, whoami, audit."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from bot.core.errors import UserError
from bot.core.jobs import Scheduler
from bot.core.timezone import PARIS
from bot.rules.names import offer
from bot.slack.blockkit import context, header, problem_blocks, section
from bot.slack.context import CommandContext
from bot.slack.exports import Table, take_export
from bot.slack.help import overview_help, topic_help
from bot.vendors.connections import VendorHandle
from bot.vendors.errors import VendorError
from handlers.relais.kit import RelaisKit, relais
from handlers.relais.topics import find_topic, nearest_topics, topics

__all__ = ["audit", "help_", "status", "whoami"]

AUDIT_DEFAULT, AUDIT_MAX = 10, 50
MAX_TROUBLED = 10  # one section's worth; the rest are counted


relais.command(
    "/relais",
    "Relais itself: help, vendor status, your role, audit log, spending, channel settings",
    "help | status | whoami | audit | spend | settings",
)


@relais.sub(
    "/relais",
    "help",
    summary="Every command, with one example each, and the topics; with a topic, that topic",
    usage="/relais help [topic]",
    example="/relais help dates",
)
def help_(ctx: CommandContext, kit: RelaisKit) -> None:
    all_topics = topics(kit.registry, datetime.now(PARIS))
    typed = ctx.args.strip()
    if not typed:
        ctx.reply(*overview_help(kit.registry, all_topics))
        return
    topic = find_topic(all_topics, typed)
    if topic is None:
        names = ", ".join(f"`{known.name}`" for known in all_topics)
        raise UserError(
            f"`{typed}` is not a help topic", hint=offer(nearest_topics(all_topics, typed)) or f"the topics are {names}"
        )
    ctx.reply(*topic_help(topic))


def _probe(handle: VendorHandle) -> tuple[bool, str, str]:
    """Whether the vendor answers, what it says in plain words, and its own words when it refuses."""
    try:
        return True, handle.client.probe(), ""
    except VendorError as exc:
        return False, exc.plain, exc.detail


@relais.sub(
    "/relais",
    "status",
    summary="Each vendor: live or sandbox, reachable or not",
    usage="/relais status",
    example="/relais status",
)
def status(ctx: CommandContext, kit: RelaisKit) -> None:
    handles = list(kit.vendors)
    # Probe the vendors side by side: the answer takes as long as the slowest, not the sum.
    with ThreadPoolExecutor(max_workers=len(handles) or 1) as pool:
        results = list(pool.map(_probe, handles))
    lines = []
    blocks = [header("Relais status")]
    for handle, (ok, what, detail) in zip(handles, results, strict=True):
        mode = "live" if handle.mode == "live" else "sandbox (no account configured: test data)"
        icon = ":large_green_circle:" if ok else ":red_circle:"
        state = "reachable" if ok else "not usable"
        lines.append(f"{icon} *{handle.display_name}* — {mode}, {state}: {what}")
        blocks += problem_blocks(lines[-1], detail)
    troubled = _watchers_in_trouble(kit.scheduler)
    if troubled:
        blocks += [section("*Watchers in trouble*\n" + "\n".join(troubled[:MAX_TROUBLED]))]
        if len(troubled) > MAX_TROUBLED:
            blocks.append(context(f"…and {len(troubled) - MAX_TROUBLED} more (the log names them all)"))
    ctx.reply("Relais status\n" + "\n".join(lines + troubled), blocks)


def _watchers_in_trouble(scheduler: Scheduler) -> list[str]:
    """Watchers failing now (still trying) or parked after failing: what they read, since when, why."""
    lines = []
    for job in scheduler.in_trouble():
        what = scheduler.reading(job.kind)
        about = ", ".join(f"{name} {value}" for name, value in job.params.items())
        since = datetime.fromtimestamp(job.trouble_since or job.ended_at or 0, PARIS).strftime("%Y-%m-%d %H:%M")
        state = "still trying" if job.state == "active" else "stopped"
        icon = ":hourglass:" if job.state == "active" else ":warning:"
        lines.append(f"{icon} {what}{f' ({about})' if about else ''}: {state}, failing since {since} — {job.trouble}")
    return lines


@relais.sub(
    "/relais", "whoami", summary="Your Slack user id and Relais role", usage="/relais whoami", example="/relais whoami"
)
def whoami(ctx: CommandContext, kit: RelaisKit) -> None:
    role = kit.roles.role(ctx.user_id)
    can = (
        "You may run every command, including purchases, broadcasts, user management and the audit log."
        if role == "admin"
        else "You may send campaigns and callbacks and read listings; admin-only commands are marked in `/relais help`."
    )
    who = f"You are <@{ctx.user_id}> (`{ctx.user_id}`), role: {role}."
    ctx.reply(f"{who} {can}", [section(who), context(can)])


@relais.sub(
    "/relais",
    "audit",
    summary="The last n vendor writes and refusals (default 10, at most 50)",
    usage="/relais audit [n] [export [sep=;]]",
    example="/relais audit 20",
    admin_only=True,
)
def audit(ctx: CommandContext, kit: RelaisKit) -> None:
    text, export = take_export(ctx.args)
    arg = text.strip()
    if arg and (not arg.isdigit() or not 1 <= int(arg) <= AUDIT_MAX):
        raise UserError(
            f"n: expected a whole number from 1 to {AUDIT_MAX}, got `{arg}`", hint="e.g. `/relais audit 20`"
        )
    n = int(arg) if arg else AUDIT_DEFAULT
    entries = kit.audit.last(n)
    items = []
    rows = []
    for entry in entries:
        when = datetime.fromtimestamp(entry.at, PARIS).strftime("%Y-%m-%d %H:%M:%S")
        rows.append(
            [
                when,
                entry.user_id,
                entry.channel_id,
                entry.operation,
                entry.outcome,
                entry.vendor_code or "",
                entry.command,
                entry.detail,
            ]
        )
        code = f" · vendor code {entry.vendor_code}" if entry.vendor_code else ""
        detail = f"\n_{entry.detail}_" if entry.detail else ""
        who = f"`{when}` <@{entry.user_id}> in <#{entry.channel_id}>"
        items.append([section(f"{who} · *{entry.operation}* → *{entry.outcome}*{code}\n`{entry.command}`{detail}")])
    empty = "The audit log is empty: no vendor write or refusal yet."
    columns = ["when (Paris)", "user", "channel", "operation", "outcome", "vendor code", "command", "detail"]
    table = Table(filename="relais-audit.csv", columns=columns, rows=rows)
    ctx.paginate(f"Audit log — last {len(entries)}", items, per_page=10, empty=empty, table=table, export=export)
