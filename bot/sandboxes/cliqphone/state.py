"""What the Cliqphone sandbox holds: the account, its tokens, zones, numbers and media.

The records are plain dataclasses; ``State`` holds them for one sandbox with the counters that
number new ones and the lookups the operations share. A token's life follows the sandbox clock
(24 h, §II): nothing runs on timers. The initial data set is in seed.py.
"""

from __future__ import annotations

import re
import secrets
import string
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from bot.sandboxes.cliqphone.number_fields import NumberContext

__all__ = [
    "COMPANY",
    "MEDIA_TYPE_NAMES",
    "TOKEN_LIFETIME",
    "Media",
    "NumberRecord",
    "State",
    "Zone",
    "geographic_zone",
]

#: §II "expire après 24 h".
TOKEN_LIFETIME = timedelta(hours=24)
_TOKEN_ALPHABET = string.ascii_letters + string.digits
_TOKEN_LENGTH = 64  # the §II example token is 63–64 letters and digits
# §III 'Liste des codes préfixe': 33 + 1…5 is the geographic zone fr_01…fr_05.
_GEOGRAPHIC = re.compile(r"^33([1-5])\d+$")

#: The sandbox account's company key, shown as "entreprise" (§4 and §7 examples: "cliqeo").
COMPANY = "relais"

#: §7 'Liste de type media': code → typeName.
MEDIA_TYPE_NAMES = {
    "R": "Repondeur",
    "ME": "Message Enregistrement",
    "PB": "play-back",
    "MI": "Message introduction",
    "MA": "Musique Attente",
}

# Folders of the media URLs, after the §7 example (".../Media_Voip/introduction/intro-….mp3").
_MEDIA_FOLDERS = {
    "R": "repondeur",
    "ME": "sounds/fr/predecroche",
    "PB": "playback",
    "MI": "introduction",
    "MA": "attente",
}


@dataclass(frozen=True)
class Zone:
    """§III 'Objet Zone'."""

    id: int
    code: str  # lower case, as in every response example ("fr_01")
    pays: str
    nom: str
    prefix: str
    type: str = "Géographique"
    active: bool = True


@dataclass
class Media:
    """§7 media object."""

    id: int
    nom: str
    type: str  # one of MEDIA_TYPE_NAMES
    active: bool = True
    info: str | None = None
    stamp: str = "20201001081813"

    @property
    def url(self) -> str:
        prefix = self.type.lower()
        return f"https://cliqphone.com/assets/Media_Voip/{_MEDIA_FOLDERS[self.type]}/{prefix}-{self.stamp}.mp3"

    def snapshot(self) -> dict[str, Any]:
        return {"id": self.id, "nom": self.nom, "type": self.type, "active": self.active, "info": self.info}


@dataclass
class NumberRecord:
    """A phone number: either free in a zone (C4) or one of the company's (C5, C6, C7)."""

    id: int
    numero: str
    code: str | None
    fax: bool = False  # §3 'type (1:téléphone, 2:fax)'
    owned: bool = False
    active: bool = False
    info: str | None = None
    nom_porteur: str | None = None
    compagne: str | None = None
    #: The other C6/C7 fields by their documented names (media ids, hours, days, …).
    settings: dict[str, Any] = field(default_factory=dict)

    def field_values(self) -> dict[str, Any]:
        """Every C6/C7 field by its documented name (what C7 compares new values with)."""
        values = dict(self.settings)
        values.update(
            numero=self.numero,
            code=self.code,
            etat=self.active,
            info=self.info,
            nomPorteur=self.nom_porteur,
        )
        return {name: value for name, value in values.items() if value is not None}

    def apply(self, values: dict[str, Any]) -> None:
        """Store accepted C6/C7 values (see number_fields.validate_number_fields)."""
        for name, value in values.items():
            if name == "numero":
                self.numero = value
            elif name == "code":
                self.code = value
            elif name == "etat":
                self.active = value
            elif name == "info":
                self.info = value
            elif name == "nomPorteur":
                self.nom_porteur = value
            else:
                self.settings[name] = value

    def snapshot(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "numero": self.numero,
            "code": self.code,
            "fax": self.fax,
            "owned": self.owned,
            "etat": self.active,
            "info": self.info,
            "nomPorteur": self.nom_porteur,
            "compagne": self.compagne,
            "settings": dict(self.settings),
        }


def geographic_zone(numero: str) -> str | None:
    match = _GEOGRAPHIC.match(numero)
    return f"fr_0{match.group(1)}" if match else None


@dataclass
class State:
    """Everything one Cliqphone sandbox holds: the account, its tokens and its data, by id."""

    login: str
    password: str
    zones: dict[str, Zone]  # by lower-case code
    numbers: dict[int, NumberRecord]
    media: dict[int, Media]
    account_active: bool = True
    logins: int = 0  # successful C1 logins
    tokens: dict[str, datetime] = field(default_factory=dict)  # token → expiry instant (UTC)
    next_number_id: int = 0
    next_media_id: int = 0

    def __post_init__(self) -> None:
        self.next_number_id = max(self.numbers) + 1
        self.next_media_id = max(self.media) + 1

    def new_token(self, now: datetime) -> tuple[str, datetime]:
        token = "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(_TOKEN_LENGTH))
        expires = now + TOKEN_LIFETIME
        self.tokens[token] = expires
        return token, expires

    def sorted_numbers(self, *, owned: bool) -> list[NumberRecord]:
        return sorted((r for r in self.numbers.values() if r.owned == owned), key=lambda r: r.id)

    def owned_number(self, numero: str) -> NumberRecord | None:
        return next((r for r in self.numbers.values() if r.owned and r.numero == numero), None)

    def free_record(self, numero: str) -> NumberRecord | None:
        return next((r for r in self.numbers.values() if not r.owned and r.numero == numero), None)

    def withdraw_free(self, numero: str) -> None:
        """A number the company takes is no longer offered in its zone (C4)."""
        free = self.free_record(numero)
        if free is not None:
            del self.numbers[free.id]

    def take_number(self, values: dict[str, Any]) -> None:
        """C6: the company takes ``values["numero"]`` (offered in a zone or not) with the accepted values."""
        record = self.free_record(values["numero"])
        if record is None:
            record = NumberRecord(id=self.next_number_id, numero=values["numero"], code=None)
            self.numbers[record.id] = record
            self.next_number_id += 1
        record.owned = True
        record.apply(values)
        record.code = record.code or geographic_zone(record.numero)

    def insert(self, record: NumberRecord) -> int:
        self.numbers[record.id] = record
        self.next_number_id = record.id + 1
        return record.id

    def add_media(self, nom: str, type: str, active: bool, info: str | None) -> int:
        media = Media(id=self.next_media_id, nom=nom, type=type, active=active, info=info)
        self.media[media.id] = media
        self.next_media_id += 1
        return media.id

    def number_context(self, editing: NumberRecord | None, today: date) -> NumberContext:
        """What the C6/C7 field rules need to know about the account (``editing``: C7's number)."""
        return NumberContext(
            media_types={media.id: media.type for media in self.media.values()},
            zone_codes=frozenset(self.zones),
            taken_numeros=frozenset(
                record.numero for record in self.numbers.values() if record.owned and record is not editing
            ),
            today=today,
            current=editing.field_values() if editing is not None else {},
            editing=editing is not None,
        )
