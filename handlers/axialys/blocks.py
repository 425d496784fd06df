"""``/callback block``: blacklisting a number (A6) or an IP address (A7).

Blacklisting has no undo in the API (§2 lists no removal): each goes through a confirmation card.
"""

from __future__ import annotations

from typing import Any

from bot.rules.fields import check_ipv4
from bot.rules.phones import parse_phone
from bot.slack.blockkit import input_block, text_input
from bot.slack.forms import WriteForm, as_text, checked
from bot.vendors.axialys.client import AxialysClient
from handlers.axialys.command import COMMAND
from handlers.axialys.confirmed import ConfirmedWrite
from handlers.axialys.kit import AxialysKit, axialys

__all__ = ["BLOCK_IP", "BLOCK_NUMBER"]


def _block_number(client: AxialysClient, params: dict[str, Any]) -> str:
    client.blacklist_number(params["number"])
    return f"+{params['number']} is blacklisted: Axialys will never call it"


def _block_ip(client: AxialysClient, params: dict[str, Any]) -> str:
    client.blacklist_ip(params["ip"])
    return f"{params['ip']} is blacklisted: call requests from it are refused"


BLOCK_NUMBER_CARD = ConfirmedWrite(
    "axialys.block.number",
    "A6 blacklist number",
    "Blacklist a number",
    lambda params: f"/callback block number +{params['number']}",
    lambda params: [f"Number: +{params['number']}", "Axialys will never call it again: there is no undo"],
    _block_number,
    button="Blacklist",
    keep="Keep calling it",
).declare(axialys)
BLOCK_IP_CARD = ConfirmedWrite(
    "axialys.block.ip",
    "A7 blacklist IP",
    "Blacklist an IP address",
    lambda params: f"/callback block ip {params['ip']}",
    lambda params: [f"IP address: {params['ip']}", "Call requests from it are refused: there is no undo"],
    _block_ip,
    button="Blacklist",
    keep="Keep it",
).declare(axialys)


BLOCK_NUMBER: WriteForm[AxialysKit] = WriteForm(
    "axialys.block.number",
    "Blacklist a number",
    lambda kit: [input_block("number", "Number", text_input("number", placeholder="+33899100200"))],
    lambda args: {"number": args},
    lambda values: checked(("number", lambda: parse_phone("number", as_text(values, "number")).digits)),
    BLOCK_NUMBER_CARD.stage,
)
BLOCK_IP: WriteForm[AxialysKit] = WriteForm(
    "axialys.block.ip",
    "Blacklist an IP",
    lambda kit: [input_block("ip", "IPv4 address", text_input("ip", placeholder="203.0.113.8"))],
    lambda args: {"ip": args},
    lambda values: checked(("ip", lambda: check_ipv4("ip", as_text(values, "ip")))),
    BLOCK_IP_CARD.stage,
)

BLOCK_NUMBER.declare(
    axialys,
    COMMAND,
    "block number",
    summary="Never call this number again (no undo: confirmation card)",
    usage="/callback block number <number>",
    example="/callback block number +33899100201",
    operations=("A6",),
)
BLOCK_IP.declare(
    axialys,
    COMMAND,
    "block ip",
    summary="Refuse call requests from this IPv4 address (no undo)",
    usage="/callback block ip <ipv4>",
    example="/callback block ip 203.0.113.8",
    operations=("A7",),
)
