"""The help topic of the French marketing rules (`/relais help rules`): what applies to a send, and the sources.

Drawn from ``bot.rules.marketing`` (its version, its sources and their dates), so the help never
says one rule while the card applies another.
"""

from __future__ import annotations

from bot.rules.marketing import RULES_SETS, RULES_VERSION, SOURCES
from bot.slack.help import Topic

__all__ = ["rules_topic"]


def rules_topic() -> Topic:
    sources = "\n".join(f"• {source.title} — {source.reference} ({source.dated})" for source in SOURCES)
    sets = ", ".join(f"`{name}`: {words}" for name, words in RULES_SETS.items())
    return Topic(
        name="rules",
        title="French marketing rules",
        summary="promotional or transactional, STOP, sending hours, senders: what the push card checks",
        sections=(
            "*Every campaign is promotional or transactional*: `nature=promo` or `nature=transactional` "
            "(`promotionnel`, `marketing`, `transactionnel`, `trans` work too), or the form's Nature field; left "
            "out, the channel's default (`/relais settings`). A transactional message (a parcel notice, an "
            "appointment) is exempt from what follows, and its card says so.",
            "*Promotional SMS*: must carry a free opt-out — the channel's opt-out text (`STOP au 36111`: 36xxx "
            "short codes are promotional, 38xxx transactional), which the card offers to append; may not be sent "
            "from a French mobile number (06 / 07); go out from 08:00 to 21:30 Paris time (af2m charter 2026; "
            "outside, the card offers the next allowed time). Sundays and public holidays are tolerated but not "
            "recommended: Send asks a second click. Under the 2024 charter: working days only, 08:00–22:00.",
            "*Promotional calls* (tts, voice): Monday to Friday, 10:00–13:00 and 14:00–20:00, never on a public "
            "holiday; automated calls need each recipient's prior consent, which Relais cannot check.",
            f"*Rules sets* a channel applies: {sets}. The checks run when the card is drawn and again at Send "
            f"(a card confirmed after 21:30 is refused then). Rules version `{RULES_VERSION}`; sources:\n{sources}",
        ),
        examples=(
            "/push sms 0612345678 nature=transactional Votre colis arrive demain",
            "/push sms 0612345678 nature=promo from=RELAIS Soldes : -20 % ce week-end. STOP au 36111",
        ),
        aliases=("marketing", "stop", "hours", "horaires", "nature", "promo", "af2m", "charter"),
    )
