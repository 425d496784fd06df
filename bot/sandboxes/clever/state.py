"""In-memory state of the Clever Multimedias sandbox: accounts, contacts, pushes, seed data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from bot.sandboxes.clever.deliveries import DeliveryPlan
from bot.sandboxes.clever.rules import national_form
from bot.sandboxes.frame import PARIS

__all__ = [
    "CONTACT_FIELDS",
    "PHONE_FIELDS",
    "Account",
    "Company",
    "Contact",
    "Field",
    "PredefinedMessage",
    "Push",
    "seed_accounts",
    "seed_contacts",
    "seed_fields",
    "seed_predefined_messages",
]

# The contact fields in the order of the §3.9 example.
CONTACT_FIELDS: tuple[str, ...] = (
    "name",
    "last_name",
    "gsm_primary",
    "gsm_secondary",
    "landline_primary",
    "landline_secondary",
    "email",
    "fax_primary",
    "fax_secondary",
    "zip_code",
    "city",
    "street",
    "street_number",
    "longitude",
    "latitude",
)
PHONE_FIELDS = frozenset(
    {"gsm_primary", "gsm_secondary", "landline_primary", "landline_secondary", "fax_primary", "fax_secondary"}
)


@dataclass
class Company:
    company_name: str = ""
    address: str = ""
    country: str = ""
    city: str = ""
    zip_code: str = ""

    def as_json(self) -> dict[str, str | int]:
        # §3.1 example: zip_code is a number (77183).
        zip_code: str | int = int(self.zip_code) if self.zip_code.isdigit() else self.zip_code
        return {
            "company_name": self.company_name,
            "address": self.address,
            "country": self.country,
            "city": self.city,
            "zip_code": zip_code,
        }


@dataclass
class Account:
    id: int
    username: str
    password: str
    name: str
    lastname: str
    email: str
    telephone: str
    credit: int
    date_expiration: datetime
    company: Company
    manager: str | None = None  # username of the managing account; None for a top-level account
    is_manager: bool = False


@dataclass
class Contact:
    id: int
    owner: str
    values: dict[str, str | None]  # CONTACT_FIELDS → value; None when never given
    extra: dict[str, str] = field(default_factory=dict)  # additional fields (§3.24), by field name

    def lookup(self, name: str) -> str | None:
        """A field for criteria (§3.13): standard fields by snake_case name, additional ones by name."""
        if name in self.values:
            return self.values[name]
        return self.extra.get(name)

    def as_json(self) -> dict[str, str | int]:
        """The §3.7 / §3.9 shape: snake_case, integer id, never-given fields left out, +33 numbers nationally."""
        body: dict[str, str | int] = {"id": self.id}
        for name in CONTACT_FIELDS:
            value = self.values.get(name)
            if value is not None:
                body[name] = national_form(value) if name in PHONE_FIELDS else value
        return body


@dataclass(frozen=True)
class Field:
    id: int
    name: str
    label: str


@dataclass(frozen=True)
class PredefinedMessage:
    id: int
    title: str
    message: str


@dataclass
class Push:
    id: int
    reference: str
    owner: str
    family: Literal["sms", "mail"]
    route: Literal["pushs", "criterias", "broadcasts"]
    recipients: list[str]
    text: str
    created_at: datetime
    send_at: datetime
    hd_send_given: bool
    unit: int
    segments: int  # nb_sms for the sms family, 1 for mail
    duplicates: int
    filename: str
    plan: DeliveryPlan
    failure_ratio: float
    type_push: str = "sms"
    encodage: int = 3
    short_code: str = ""
    options: str = "F1"
    criteria: str = ""
    gsm_routage_mo: str = ""
    mail_routage_mo: str = ""
    all_number: int = 0
    cascade: int = 0
    time_cascade: int | None = None
    email_subject: str = ""
    type_mail: str = "brut"
    open_tag: int = 0
    mos: list[dict[str, str]] = field(default_factory=list)

    def status(self, now: datetime) -> int:
        """§3.19: 0 non traité (before hd_send), 1 en cours (acknowledgements pending), 2 push traité."""
        if now < self.send_at:
            return 0
        if now < self.send_at + timedelta(seconds=self.plan.last_offset):
            return 1
        return 2


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
