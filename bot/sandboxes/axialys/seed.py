"""The data set a fresh Axialys WebAppel sandbox starts with: groups, plannings, pop-ups, calls, Centrex accounts.

The help cards' examples are pasted into a fresh sandbox by tests/e2e/test_help_examples.py: what they
name is here (pop-ups 77 and 197, plannings bureau and boutique, groups support and commercial, call 5
still waiting, recorded call 12, calls in November 2026). Change an example or this seed, never one alone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.sandboxes.axialys.state import Call, CentrexAccount, OperatorGroup, Outcome, Planning, Slot, State, StoredFile
from bot.sandboxes.axialys.wire import tiny_wav
from bot.sandboxes.frame import PARIS


def seed(state: State, now: datetime) -> None:
    """A small, plausible account: three operator groups, two plannings, two pop-ups, some calls."""
    _seed_groups(state)
    _seed_plannings(state, now.astimezone(PARIS).year)
    _seed_popups(state)
    _seed_calls(state, now)
    _seed_example_calls(state, now)
    _seed_centrex(state, now)
    state.blacklisted_numbers.add("33899100200")
    state.blacklisted_ips.add("203.0.113.7")


def _seed_groups(state: State) -> None:
    state.add_operator("support", "33170200258", 30, 10)
    state.add_operator("support", "33612345678", 20, 20)
    state.groups["commercial"] = OperatorGroup("commercial", "TOURNANTE")
    state.add_operator("commercial", "33478563412", 25, 10)
    state.add_operator("commercial", "33491234567", 25, 10)
    state.add_operator("commercial", "33687654321", 40, 30)
    state.groups["astreinte"] = OperatorGroup("astreinte", "FIXE")
    state.add_operator("astreinte", "33698765432", 45, 10)


def _seed_plannings(state: State, year: int) -> None:
    office = Planning("bureau")
    for weekday in range(5):
        office.slots.add(Slot(weekday, 9 * 60, 12 * 60 + 30))
        office.slots.add(Slot(weekday, 14 * 60, 18 * 60))
    office.closures.update({date(year, 5, 1), date(year, 7, 14), date(year, 12, 25)})
    state.plannings[office.name] = office
    shop = Planning("boutique")
    for weekday in range(6):
        shop.slots.add(Slot(weekday, 10 * 60, 19 * 60))
    state.plannings[shop.name] = shop


def _seed_popups(state: State) -> None:
    state.next_popup_id = 77
    welcome = state.new_popup("Accueil")
    welcome.planning = "bureau"
    welcome.open_group = "support"
    welcome.closed_group = "astreinte"
    welcome.open_message = "Pour être mis en relation, entrez votre numéro"
    welcome.closed_message = "Notre entreprise est fermée, un conseiller d'astreinte vous rappelle"
    welcome.answering_email = "accueil@relais-exemple.fr"
    welcome.op_presentation = "0820620620"
    welcome.client_presentation = "0170200258"
    welcome.usr_names = ["Client", "Commande", None]
    welcome.files["son_internaute"] = StoredFile("accueil.wav", tiny_wav())
    welcome.files["css_popup"] = StoredFile("style.css", b".popup { font-family: sans-serif; color: #003366; }\n")
    state.next_popup_id = 197
    shop = state.new_popup("Boutique")
    shop.direction = "INTERNAUTE"
    shop.open_group = "commercial"
    shop.open_message = "Un conseiller vous rappelle gratuitement"
    shop.show_name = False
    shop.immediat = True
    shop.allowed_destinations |= {1010, 1011}
    state.next_popup_id = 198


def _seed_calls(state: State, now: datetime) -> None:
    welcome = state.popups[77]
    history: tuple[tuple[str, str, int, Outcome], ...] = (
        ("33612345678", "Jade Martin", 26 * 3600, "answered"),
        ("33170200258", "Louis Bernard", 25 * 3600, "no_answer"),
        ("33687654321", "Chloé Petit", 3 * 3600, "answered"),
        ("33145678901", "Hugo Robert", 2 * 3600, "busy"),
    )
    for e164, name, seconds_ago, outcome in history:
        call = _popup_call(state, welcome.id, e164, name, now - timedelta(seconds=seconds_ago))
        call.forced_outcome = outcome
        state.calls[call.tracking_id] = call


#: Call 5 waits this long before it is dialled (§1 ``delais``, at most 1000 s), so it can still be cancelled.
WAITING_CALL_DELAY = 1000

#: November 2026, the month `/callback calls 2026-11-01 2026-11-30 popup=77` lists: ids 6 to 12 of
#: pop-up 77, on fixed days (the same in every run, whatever the clock), call 12 answered and recorded.
NOVEMBER_CALLS: tuple[tuple[str, str, datetime, Outcome, bool], ...] = (
    ("33612345678", "Jade Martin", datetime(2026, 11, 3, 9, 42, tzinfo=PARIS), "answered", False),
    ("33623456789", "Lucas Martin", datetime(2026, 11, 5, 11, 15, tzinfo=PARIS), "no_answer", False),
    ("33145678901", "Hugo Robert", datetime(2026, 11, 9, 14, 30, tzinfo=PARIS), "answered", False),
    ("33634567890", "Chloé Bernard", datetime(2026, 11, 12, 16, 5, tzinfo=PARIS), "busy", False),
    ("33756789012", "Hugo Petit", datetime(2026, 11, 17, 10, 20, tzinfo=PARIS), "answered", True),
    ("33491234567", "Léa Durand", datetime(2026, 11, 24, 15, 50, tzinfo=PARIS), "failed", False),
    ("33667890123", "Camille Moreau", datetime(2026, 11, 27, 9, 10, tzinfo=PARIS), "answered", True),
)


def _seed_example_calls(state: State, now: datetime) -> None:
    """The calls the help examples name: 5 waits to be dialled (``/callback cancel 5 popup=77``), 6–12 are
    November 2026's (``/callback calls|summary 2026-11-01 2026-11-30``), 12 recorded (``/callback recording 12``)."""
    welcome = state.popups[77]
    waiting = _popup_call(state, welcome.id, "33645678912", "Inès Garnier", now)
    waiting.delay = WAITING_CALL_DELAY
    state.calls[waiting.tracking_id] = waiting
    for e164, name, requested_at, outcome, recorded in NOVEMBER_CALLS:
        call = _popup_call(state, welcome.id, e164, name, requested_at)
        call.forced_outcome = outcome
        call.record = recorded
        if recorded:
            call.forced_ring, call.forced_talk = 6, 184
        state.calls[call.tracking_id] = call


def _popup_call(state: State, popup_id: int, e164: str, name: str, requested_at: datetime) -> Call:
    """A call requested from the pop-up's web page, as the seeded history has them."""
    popup = state.popups[popup_id]
    return Call(
        tracking_id=state.next_tracking(),
        popup_id=popup_id,
        e164=e164,
        requested_at=requested_at,
        delay=0,
        destination=state.destinations[1004 if e164.startswith(("336", "337")) else 1003],
        routing="operators",
        client_timeout=popup.client_timeout,
        client_ip="82.64.12.34",
        name=name,
        provenance="POPUP",
    )


def _seed_centrex(state: State, now: datetime) -> None:
    utc_now = now.astimezone(UTC).replace(second=0, microsecond=0)
    people = (
        (1201, ["33170200258"], "active", "Paris", "Camille Martin", "201", utc_now - timedelta(hours=1)),
        (1202, ["33478563412", "33478563413"], "active", "Lyon", "Julien Bernard", "202", utc_now - timedelta(days=2)),
        (1203, ["33491234567"], "suspended", "Marseille", "Sophie Durand", "203", None),
    )
    for account_id, numbers, account_state, site, user, short, registered in people:
        state.centrex[account_id] = CentrexAccount(
            centrex_account_id=account_id,
            phone_numbers=numbers,
            state=account_state,
            site=site,
            last_registration_at=registered,
            centrex_account_pwd=f"sip{account_id}Secret",
            server="sip.axialys.net",
            simultaneous_calls_count="2",
            user_name=user,
            codec_mode="preferred",
            codec="G711a",
            transport="UDP",
            dial_plan="france",
            short_phone_number=short,
            displayed_number=numbers[0],
            voicemail={
                "email_address": f"{user.split()[0].lower()}@relais-exemple.fr",
                "visual_notification": 1,
                "edit_message_right": 1,
            },
            call_forwarding={
                "unconditional": "inactive",
                "unconditional_number": "caller",
                "unreachable": "voicemail",
                "unreachable_number": "caller",
                "no_answer": "voicemail",
                "no_answer_number": "caller",
                "delay": 20,
                "secretary": "inactive",
            },
            phone={
                "phone_model": "snom D735",
                "mac_address": f"00:04:13:2a:{account_id % 100:02x}:01",
                "port": 5060,
                "snom_handset_ref": "",
            },
            call_recording=0,
            ringback_message=1 if account_id == 1201 else 0,
            interception_right=1,
            fax_numbers_right=0,
            limited_account=0,
            vas_numbers_block=1,
            zoiper_download_url=f"https://www.zoiper.com/provision/axialys/{account_id}",
            ldap_connection={
                "hostname": "ldap.relais-exemple.fr",
                "user": "annuaire",
                "pwd": "ldapSandbox",
                "domain": "relais-exemple.fr",
            },
        )
