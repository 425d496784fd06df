"""The data set a fresh Clever Multimedias sandbox starts with: two accounts, contacts, fields, pushes.

A newcomer sees a delivered SMS campaign with a reply, a mail campaign and a scheduled SMS
campaign. The help cards' examples name them (tests/e2e/test_help_examples.py pastes each one
into a fresh sandbox): the SMS campaign is `Push20261201090000` (``/push status``, ``report``,
``replies``), the scheduled one `Push20261201091500` (``/push cancel``); so their references are
fixed, whatever the clock. Change an example or this seed, never one alone.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.sandboxes.clever import wire
from bot.sandboxes.clever.pushes import MailParams, SmsParams, create_mail_push, create_sms_push
from bot.sandboxes.clever.state import (
    CONTACT_FIELDS,
    Account,
    Company,
    Contact,
    Field,
    PredefinedMessage,
    State,
)
from bot.sandboxes.frame import PARIS

__all__ = ["seeded_state"]


def seeded_state(now: datetime) -> State:
    """Accounts, contacts, fields, predefined messages, then the seeded pushes as of ``now``."""
    state = State(
        accounts={account.username: account for account in seed_accounts()},
        contacts={contact.id: contact for contact in seed_contacts()},
        fields=seed_fields(),
        messages=seed_predefined_messages(),
    )
    _seed_history(state, now)
    return state


#: When the seeded campaigns were made: their references (`Push` + the Paris time) are the examples'.
EXAMPLES_SENT = datetime(2026, 12, 1, 9, 0, tzinfo=PARIS)
#: How far ahead of the sandbox's start the scheduled campaign is due: long enough to cancel it at leisure.
SCHEDULED_AHEAD = timedelta(days=7)


def _seed_history(state: State, now: datetime) -> None:
    """A delivered SMS push with a reply, a mail push and a scheduled SMS push, made on 1 December 2026
    (or an hour before ``now`` when the clock is earlier than that: a push is never made in the future)."""
    owner = state.accounts["relais-sandbox"]
    sent = min(EXAMPLES_SENT, now - timedelta(hours=1))
    numbers = ["+33612345678", "+33623456789", "+33634567890"]
    text = "Bonjour, votre colis arrive demain entre 9h et 12h. Répondez OK pour confirmer."
    sms = SmsParams(numbers, text, 3, "", "", None, "", "sms", "F1", "", "", 0, 0, None, 0)
    push = create_sms_push(state, owner, sms, numbers, "pushs", sent)
    push.mos.append(wire.mo(sent + timedelta(minutes=5), "+33612345678", "OK merci"))
    emails = ["marie.dupont@example.fr", "hugo.petit@example.fr"]
    letter = "Bonjour, voici notre lettre d'information."
    mail = MailParams(emails, letter, "Lettre d'information", "", "html", None, "", 0, 0)
    create_mail_push(state, owner, mail, emails, "pushs", sent + timedelta(seconds=2))
    reminder = "Rappel : votre rendez-vous est confirmé. Répondez STOP pour ne plus recevoir nos messages."
    later = SmsParams(numbers[:2], reminder, 3, "", "", now + SCHEDULED_AHEAD, "", "sms", "F1", "", "", 0, 0, None, 0)
    create_sms_push(state, owner, later, numbers[:2], "pushs", sent + timedelta(minutes=15))
    owner.credit = 100_000


def seed_accounts() -> list[Account]:
    expiration = datetime(2033, 2, 10, 9, 49, 21, tzinfo=PARIS)
    return [
        Account(
            id=1001,
            username="relais-sandbox",
            password="Relais2024",
            name="Martin",
            lastname="Sophie",
            email="sophie.martin@relais-demo.fr",
            telephone="+33160536053",
            credit=100_000,
            date_expiration=expiration,
            company=Company("Relais Démo SAS", "52 rue d'Emerainville", "France", "Croissy-Beaubourg", "77183"),
            is_manager=True,
        ),
        Account(
            id=1002,
            username="agence-lyon",
            password="Lyon2024",
            name="Girard",
            lastname="Thomas",
            email="thomas.girard@relais-demo.fr",
            telephone="+33478123456",
            credit=5_000,
            date_expiration=expiration,
            company=Company("Relais Démo SAS", "8 place Bellecour", "France", "Lyon", "69002"),
            manager="relais-sandbox",
        ),
    ]


def _contact(
    contact_id: int, owner: str, name: str, last_name: str, gsm: str, **others: str
) -> tuple[int, str, dict[str, str | None], dict[str, str]]:
    extra: dict[str, str] = {key: others.pop(key) for key in ("diffusion", "BRINGUP") if key in others}
    values: dict[str, str | None] = dict.fromkeys(CONTACT_FIELDS)
    values.update({"name": name, "last_name": last_name, "gsm_primary": gsm, **others})
    return contact_id, owner, values, extra


def seed_contacts() -> list[Contact]:
    rows = [
        _contact(
            214905,
            "relais-sandbox",
            "Dupont",
            "Marie",
            "+33612345678",
            email="marie.dupont@example.fr",
            city="Paris",
            zip_code="75011",
            street="rue Oberkampf",
            street_number="12",
            diffusion="on",
            BRINGUP="oui",
        ),
        _contact(214906, "relais-sandbox", "Martin", "Lucas", "+33623456789", city="Lyon", diffusion="on"),
        _contact(
            214907,
            "relais-sandbox",
            "Bernard",
            "Chloé",
            "+33634567890",
            gsm_secondary="+33745678901",
            landline_primary="+33491234567",
            email="chloe.bernard@example.fr",
            city="Marseille",
            diffusion="off",
            BRINGUP="oui",
        ),
        _contact(
            214908,
            "relais-sandbox",
            "Petit",
            "Hugo",
            "+33756789012",
            email="hugo.petit@example.fr",
            city="Toulouse",
            diffusion="on",
            BRINGUP="oui",
        ),
        _contact(214909, "relais-sandbox", "Durand", "Léa", "+33667890123", email="lea.durand@example.fr"),
        _contact(214910, "agence-lyon", "Moreau", "Camille", "+33678901234", city="Villeurbanne"),
        _contact(214911, "agence-lyon", "Laurent", "Julien", "+33689012345", email="julien.laurent@example.fr"),
    ]
    return [Contact(contact_id, owner, values, extra) for contact_id, owner, values, extra in rows]


def seed_fields() -> list[Field]:
    return [Field(1, "diffusion", "Accepte la diffusion (on/off)"), Field(2, "BRINGUP", "Relance (oui/non)")]


def seed_predefined_messages() -> list[PredefinedMessage]:
    return [
        PredefinedMessage(1, "Rappel RDV", "Bonjour, nous vous rappelons votre rendez-vous de demain. Répondez STOP."),
        PredefinedMessage(2, "Confirmation", "Votre commande est confirmée. Merci de votre confiance."),
        PredefinedMessage(3, "Alerte coupure", "Une coupure est prévue demain de 9h à 12h dans votre secteur."),
    ]
