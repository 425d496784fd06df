"""Clever Multimedias request and response models (wire names as aliases).

Answers are read tolerantly where the document's examples differ (docs/decisions.md):
camelCase or snake_case (``lastName`` / ``last_name``, ``gsmPrimary`` / ``gsm_primary``),
numbers as strings (``"id": "155576"``, ``"duplicates": "0"``), ``status`` / ``statut``,
flags as 0/1, "0"/"1" or true/false, dates as ``Y-m-d H:i:s`` or ISO 8601 with an offset,
lists as arrays or ``;`` / ``,`` strings. Requests are sent as the captured examples send them
(recipient lists as one ``;`` string, §3.11–§3.16) and, where a table spells a field otherwise
than the working example, under both spellings (§3.2, §3.5, §3.6).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from pydantic import AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field

from bot.core.timezone import parse_vendor_date

__all__ = [
    "Account",
    "Acknowledgement",
    "Company",
    "Contact",
    "ContactInput",
    "MailPushRequest",
    "Mo",
    "PredefinedMessage",
    "Push",
    "SmsPushRequest",
    "User",
    "UserInput",
    "VendorField",
    "parse_vendor_date",
]


def _text_or_none(value: Any) -> Any:
    return None if value is None else str(value).strip()


_TRUE, _FALSE = frozenset({"true", "yes", "on"}), frozenset({"false", "no", "off"})


def _int_or_zero(value: Any) -> Any:
    """Counts and flags: 12, "12", 1.0; flags also as true/false or "true"/"false"."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip().lower()
    if text in _TRUE | _FALSE:
        return int(text in _TRUE)
    return int(text)


def _split_list(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[;,]", value) if part.strip()]
    return [str(item).strip() for item in value]


Text = Annotated[str | None, BeforeValidator(_text_or_none)]
Count = Annotated[int, BeforeValidator(_int_or_zero)]
Code = Annotated[str, BeforeValidator(lambda value: "" if value is None else str(value).strip())]
Items = Annotated[list[str], BeforeValidator(_split_list)]


def _names(*names: str, default: Any = None) -> Any:
    return Field(default=default, validation_alias=AliasChoices(*names))


class _Wire(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")


class Company(_Wire):
    company_name: Text = _names("company_name", "companyName")
    address: Text = None
    country: Text = None
    city: Text = None
    zip_code: Text = _names("zip_code", "zipCode")


class Account(_Wire):
    """M1 ``GET /api/account/me`` → ``{"account": {...}}`` (§3.1)."""

    name: Text = None
    lastname: Text = _names("lastname", "lastName", "last_name")
    email: Text = None
    telephone: Text = None
    credit: Count = 0
    date_expiration: Text = _names("date_expiration", "dateExpiration")
    company: Company | None = Field(default=None)

    @property
    def expires_at(self) -> datetime | None:
        return parse_vendor_date(self.date_expiration)


class User(_Wire):
    """M2–M4 ``{"user": {id, username, account: {…}}}``; a password in the answer is never read."""

    id: Text = None
    username: Text = None
    account: Account = Field(default_factory=Account)


class Contact(_Wire):
    """§3.5 (camelCase, string id) and §3.7 / §3.9 (snake_case, national numbers) answers."""

    id: Text = None
    name: Text = None
    last_name: Text = _names("last_name", "lastName", "lastname")
    gsm_primary: Text = _names("gsm_primary", "gsmPrimary")
    gsm_secondary: Text = _names("gsm_secondary", "gsmSecondary")
    landline_primary: Text = _names("landline_primary", "landlinePrimary")
    landline_secondary: Text = _names("landline_secondary", "landlineSecondary")
    fax_primary: Text = _names("fax_primary", "faxPrimary")
    fax_secondary: Text = _names("fax_secondary", "faxSecondary")
    email: Text = None
    zip_code: Text = _names("zip_code", "zipCode")
    city: Text = None
    street: Text = None
    street_number: Text = _names("street_number", "streetNumber")


class VendorField(_Wire):
    """M24 ``{"fields": [{id, name, label}]}``."""

    id: Text = None
    name: Code = ""
    label: Text = None


class PredefinedMessage(_Wire):
    """M25 ``{"predefined_messages": [{id, title, message}]}``."""

    id: Text = None
    title: Code = ""
    message: Code = ""


class Push(_Wire):
    """Any push answer (§3.11–§3.16 creation, §3.19 / §3.20 information), SMS or mail."""

    id: Text = None
    reference: Code
    type_push: Text = _names("type_push", "typePush")
    status: Count = Field(default=0, validation_alias=AliasChoices("status", "statut"))
    text: Text = None
    hd_send: Text = _names("hd_send", "hdSend")
    unit: Count = 0
    filename: Text = None
    duplicates: Count = 0
    # SMS family
    nb_destination: Count = _names("nb_destination", "nbDestination", default=0)
    number_list: Items = Field(default_factory=list, validation_alias=AliasChoices("number_list", "numberList"))
    encodage: Count = 0
    nb_sms: Count = _names("nb_sms", "nbSms", default=0)
    short_code: Text = _names("short_code", "shortCode")
    options: Text = None
    # mail family
    email_list: Items = Field(default_factory=list, validation_alias=AliasChoices("email_list", "emailList"))
    email_subject: Text = _names("email_subject", "emailSubject")
    nb_mail: Count = _names("nb_mail", "nbMail", default=0)
    type_mail: Text = _names("type_mail", "typeMail")
    open_tag: Count = _names("open_tag", "openTag", default=0)

    @property
    def reference_clean(self) -> str:
        return self.reference.strip()  # §3.13's example has a leading blank

    @property
    def recipients(self) -> int:
        return self.nb_mail if self.type_push == "mail" or self.email_list else self.nb_destination

    @property
    def send_at(self) -> datetime | None:
        return parse_vendor_date(self.hd_send)


class Acknowledgement(_Wire):
    """One acknowledgement (§3.21 SMS / §3.22 mail)."""

    recipient: Code = ""
    status: Code = ""
    date_send: Text = _names("date_send", "dateSend")
    date_receive: Text = _names("date_receive", "dateReceive")
    typemessage: Text = _names("typemessage", "typeMessage", "type_message")
    message: Text = None
    subject: Text = None


class Mo(_Wire):
    """A reply to an SMS push (§3.23)."""

    recipient: Code = ""
    message: Code = ""
    date_receive: Text = _names("date_receive", "dateReceive")
    status: Text = None


# -- requests ---------------------------------------------------------------------------------
class _Request(_Wire):
    def wire(self) -> dict[str, Any]:
        """The ``datas`` object: the tables' names, unset fields left out."""
        return self.model_dump(by_alias=True, exclude_none=True)


#: The table's name → the working example's spelling (§3.5 / §3.6 "lastName", "gsmPrimary").
_EXAMPLE_SPELLINGS = {"lastname": "lastName", "gsm_primary": "gsmPrimary"}


def _joined(items: list[str] | None) -> str | None:
    """§3.11–§3.16 examples: "+33600000001;+33600000002" (the tables say "Tableau")."""
    return ";".join(items) if items else None


class ContactInput(_Request):
    """M5 / M6 (§3.5 / §3.6 tables); additional fields (§3.24) go in ``extra`` under their names."""

    name: str
    lastname: str
    gsm_primary: str
    gsm_secondary: str | None = None
    landline_primary: str | None = None
    landline_secondary: str | None = None
    fax_primary: str | None = None
    fax_secondary: str | None = None
    email: str | None = None
    zip_code: str | None = Field(default=None, serialization_alias="zipCode")
    city: str | None = None
    street: str | None = None
    street_number: str | None = Field(default=None, serialization_alias="streetNumber")
    duplicates: int | None = None
    extra: dict[str, str] = Field(default_factory=dict, exclude=True)

    def wire(self) -> dict[str, Any]:
        """The table's names, plus the §3.5 / §3.6 example's spellings of the same fields (``lastName``,
        ``gsmPrimary``): a server that reads either finds them."""
        datas = super().wire()
        datas |= {example: datas[table] for table, example in _EXAMPLE_SPELLINGS.items() if table in datas}
        return {**datas, **self.extra}


class UserInput(_Request):
    """M2 / M3 (§3.2 / §3.3 tables, flat)."""

    name: str
    lastname: str
    telephone: str
    email: str
    username: str
    password: str
    address: str
    zip_code: str | None = Field(default=None, serialization_alias="zipCode")
    city: str | None = None
    country: str | None = None
    company_name: str | None = None
    credit: int | None = None

    def wire(self) -> dict[str, Any]:
        """The table's flat fields, plus the §3.2 example's nesting (``account`` → ``company``)."""
        datas = super().wire()
        company = {key: datas[key] for key in ("address", "company_name", "zipCode", "city", "country") if key in datas}
        account = {key: datas[key] for key in ("name", "lastname", "email", "telephone") if key in datas}
        return {**datas, "account": {**account, "company": company}}


class SmsPushRequest(_Request):
    """M11 / M13 / M15 (§3.11, §3.13, §3.15): SMS, TTS or voice."""

    number_list: list[str] | None = None
    text: str
    encodage: int
    criteria: str | None = None
    short_code: str | None = None
    hd_send: str | None = None
    filename: str | None = None
    type_push: str | None = None
    options: str | None = None
    # M13 / M15 only (§3.13, §3.15): where replies are forwarded, every number of a contact, cascade.
    gsm_routage_mo: str | None = None
    mail_routage_mo: str | None = None
    all_number: int | None = None
    cascade: int | None = None
    time_cascade: int | None = None
    predefined_message: int | None = None
    duplicates: int | None = None

    def wire(self) -> dict[str, Any]:
        datas = super().wire()
        if self.number_list:
            datas["number_list"] = _joined(self.number_list)
        return datas


class MailPushRequest(_Request):
    """M12 / M14 / M16 (§3.12, §3.14, §3.16)."""

    email_list: list[str] | None = None
    text: str
    email_subject: str
    criteria: str | None = None
    type_mail: str | None = None
    hd_send: str | None = None
    filename: str | None = None
    type_push: str | None = None
    open_tag: int | None = None
    predefined_message: int | None = None
    duplicates: int | None = None

    def wire(self) -> dict[str, Any]:
        datas = super().wire()
        if self.email_list:
            datas["email_list"] = _joined(self.email_list)
        return datas
