"""What the Clever Multimedias sandbox holds: accounts, contacts, pushes, and how they change.

The records are plain dataclasses; ``State`` holds them for one sandbox with the counters that
number new ones, and the few mutations the operations share (renaming an account, numbering
pushes). A push's progress follows the sandbox clock (``Push.status`` and
deliveries.py): nothing runs on timers. The initial data set is in seed.py.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from bot.sandboxes.clever.deliveries import DeliveryPlan, paris_text
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
    "State",
    "company_of",
]

DEFAULT_FAILURE_RATIO = 0.1

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

    def snapshot(self, now: datetime) -> dict[str, Any]:
        """Every stored parameter, the recipients, the unit and the status at ``now`` (for the tests)."""
        return {
            "id": self.id,
            "reference": self.reference,
            "owner": self.owner,
            "family": self.family,
            "route": self.route,
            "type_push": self.type_push,
            "recipients": list(self.recipients),
            "text": self.text,
            "unit": self.unit,
            "segments": self.segments,
            "encodage": self.encodage,
            "short_code": self.short_code,
            "options": self.options,
            "criteria": self.criteria,
            "filename": self.filename,
            "duplicates": self.duplicates,
            "hd_send": paris_text(self.send_at),
            "hd_send_given": self.hd_send_given,
            "status": self.status(now),
            "email_subject": self.email_subject,
            "type_mail": self.type_mail,
            "open_tag": self.open_tag,
            "gsm_routage_mo": self.gsm_routage_mo,
            "mail_routage_mo": self.mail_routage_mo,
            "all_number": self.all_number,
            "cascade": self.cascade,
            "time_cascade": self.time_cascade,
            "failure_ratio": self.failure_ratio,
            "mos": [dict(mo) for mo in self.mos],
            "finished_at": paris_text(self.send_at + timedelta(seconds=self.plan.last_offset)),
        }


def company_of(fields: dict[str, str]) -> Company:
    """The company of checked user fields (rules.user_fields)."""
    return Company(fields["company_name"], fields["address"], fields["country"], fields["city"], fields["zip_code"])


@dataclass
class State:
    """Everything one Clever sandbox holds, and the counters that number new records."""

    accounts: dict[str, Account]  # by username
    contacts: dict[int, Contact]
    fields: list[Field]  # additional contact fields (§3.24)
    messages: list[PredefinedMessage]  # §3.25
    pushes: dict[str, Push] = field(default_factory=dict)  # by reference
    #: Share of recipients whose delivery fails, for pushes created from now on.
    failure_ratio: float = DEFAULT_FAILURE_RATIO
    next_user_id: int = 1003
    next_contact_id: int = 214912
    next_push_id: int = 676

    def expiration(self, account: Account) -> datetime:
        """A user's account expires with its manager's (§3.2: the user inherits it)."""
        manager = self.accounts.get(account.manager) if account.manager else None
        return manager.date_expiration if manager is not None else account.date_expiration

    def contacts_of(self, owner: str) -> list[Contact]:
        return sorted((c for c in self.contacts.values() if c.owner == owner), key=lambda c: c.id)

    def add_contact(self, owner: str, values: dict[str, str | None], extra: dict[str, str]) -> Contact:
        contact = Contact(self.next_contact_id, owner, values, extra)
        self.next_contact_id += 1
        self.contacts[contact.id] = contact
        return contact

    def has_contact(self, owner: str, gsm_primary: str, *, except_id: int | None) -> bool:
        """Whether ``owner`` already has a contact (other than ``except_id``) with this gsm_primary (§3.5)."""
        return any(
            contact.owner == owner and contact.id != except_id and contact.values["gsm_primary"] == gsm_primary
            for contact in self.contacts.values()
        )

    def store_contact(self, owner: str, name: str, lastname: str, gsm_primary: str, others: dict[str, str]) -> int:
        """A contact stored without the API's checks (``others``: contact fields or additional fields); its id."""
        field_names = {f.name.lower(): f.name for f in self.fields}
        values: dict[str, str | None] = dict.fromkeys(CONTACT_FIELDS)
        values.update(name=name, last_name=lastname, gsm_primary=gsm_primary)
        extra: dict[str, str] = {}
        for key, value in others.items():
            if key in values:
                values[key] = value
            elif key.lower() in field_names:
                extra[field_names[key.lower()]] = value
            else:
                raise ValueError(f"unknown contact field {key}")
        return self.add_contact(owner, values, extra).id

    @staticmethod
    def user_snapshot(account: Account) -> dict[str, Any]:
        """An account without its password (for the tests)."""
        return {
            "id": account.id,
            "username": account.username,
            "manager": account.manager,
            "is_manager": account.is_manager,
            "credit": account.credit,
        }

    def add_user(self, fields: dict[str, str], manager: Account) -> Account:
        """A user of ``manager`` from checked fields (rules.user_fields, §3.2); it expires with its manager."""
        user = Account(
            id=self.next_user_id,
            username=fields["username"],
            password=fields["password"],
            name=fields["name"],
            lastname=fields["lastname"],
            email=fields["email"],
            telephone=fields["telephone"],
            credit=int(fields["credit"] or 0),
            date_expiration=manager.date_expiration,
            company=company_of(fields),
            manager=manager.username,
        )
        self.next_user_id += 1
        self.accounts[user.username] = user
        return user

    def update_user(self, user: Account, fields: dict[str, str]) -> None:
        """§3.3: every field replaced (a new username keeps the user's records); credit only when given."""
        self.rename_account(user, fields["username"])
        user.password = fields["password"]
        user.name, user.lastname = fields["name"], fields["lastname"]
        user.email, user.telephone = fields["email"], fields["telephone"]
        user.company = company_of(fields)
        if fields["credit"]:
            user.credit = int(fields["credit"])

    def rename_account(self, user: Account, username: str) -> None:
        """A new username (§3.3) keeps the user's contacts and pushes."""
        old = user.username
        del self.accounts[old]
        user.username = username
        self.accounts[username] = user
        for contact in self.contacts.values():
            if contact.owner == old:
                contact.owner = username
        for push in self.pushes.values():
            if push.owner == old:
                push.owner = username

    def take_push_id(self) -> int:
        self.next_push_id += 1
        return self.next_push_id - 1

    def new_reference(self, now: datetime, *, long_form: bool) -> str:
        """'Push' + YmdHis (§3.11); §3.13 / §3.15 (and a second push in the same second) append 32 hex digits."""
        short = f"Push{now.astimezone(PARIS):%Y%m%d%H%M%S}"
        if not long_form and short not in self.pushes:
            return short
        suffix = hashlib.md5(f"{short}/{self.next_push_id}".encode(), usedforsecurity=False).hexdigest()
        return short + suffix
