"""State of the Cliqphone sandbox: zones, numbers and media, their wire shapes and the seed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "COMPANY",
    "MEDIA_TYPE_NAMES",
    "Media",
    "NumberRecord",
    "Zone",
    "seed_available",
    "seed_media",
    "seed_numbers",
    "seed_zones",
]

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


def _active_label(active: bool) -> str:
    return "Actif" if active else "Inactif"


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

    def wire(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "code": self.code,
            "pays": self.pays,
            "nom": self.nom,
            "prefix": self.prefix,
            "type": self.type,
            "etat": _active_label(self.active),
        }


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

    def wire(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "nom": self.nom,
            "url": self.url,
            "type": self.type,
            "typeName": MEDIA_TYPE_NAMES[self.type],
            "entreprise": COMPANY,
            "info": self.info,
            "etat": _active_label(self.active),
        }

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
        """Store accepted C6/C7 values (see _sandbox_rules.validate_number_fields)."""
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

    def wire_by_zone(self) -> dict[str, Any]:
        """§3 (C4) number object."""
        return {
            "id": str(self.id),
            "code": self.code,
            "numero": self.numero,
            "type": "2" if self.fax else "1",
            "entreprise": COMPANY if self.owned else None,
            "etat": _active_label(self.active),
            "info": self.info,
            # §3 'telephon: Type de téléphone (0:Fax,1:téléphone)'.
            "telephon": "0" if self.fax else "1",
            "nomPorteur": self.nom_porteur,
        }

    def wire_listing(self) -> dict[str, Any]:
        """§4 (C5) number object: the C4 one plus "Compagne" (capitalised, as documented)."""
        return {**self.wire_by_zone(), "Compagne": self.compagne}

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


def seed_zones() -> list[Zone]:
    """§III 'Liste des codes zone' and 'Liste des codes préfixe'."""
    return [
        Zone(1, "fr_01", "France", "Île-de-France", "01"),
        Zone(2, "fr_02", "France", "Nord-Ouest", "02"),
        Zone(3, "fr_03", "France", "Nord-Est", "03"),
        Zone(4, "fr_04", "France", "Sud-Est", "04"),
        Zone(5, "fr_05", "France", "Sud-Ouest", "05"),
    ]


def seed_numbers(first_id: int) -> list[NumberRecord]:
    """The company's numbers: a plausible small portfolio across zones, states and campaigns."""
    rows = [
        ("33187224465", "fr_01", False, True, "Standard Paris", "Jean Dupont", "Soldes Printemps"),
        ("33187224464", "fr_01", True, False, "Fax siège", None, None),
        ("33298765432", "fr_02", False, True, "Agence Rennes", "Marie Le Gall", "Bretagne Pro"),
        ("33388123456", "fr_03", False, False, None, "Paul Schmitt", "Bretagne Pro"),
        ("33478123456", "fr_04", False, True, "Agence Lyon", "Lucie Martin", "Soldes Printemps"),
        ("33556789012", "fr_05", False, False, None, None, None),
    ]
    return [
        NumberRecord(
            id=first_id + offset,
            numero=numero,
            code=code,
            fax=fax,
            owned=True,
            active=active,
            info=info,
            nom_porteur=porteur,
            compagne=compagne,
        )
        for offset, (numero, code, fax, active, info, porteur, compagne) in enumerate(rows)
    ]


def seed_available(first_id: int) -> list[NumberRecord]:
    """Free numbers offered in each zone (C4): inactive, as in the §3 example."""
    rows = [
        ("33187224466", "fr_01", False),
        ("33187224467", "fr_01", False),
        ("33187224470", "fr_01", True),
        ("33299112233", "fr_02", False),
        ("33299112234", "fr_02", False),
        ("33389445566", "fr_03", False),
        ("33481223344", "fr_04", False),
        ("33481223345", "fr_04", True),
        ("33557001122", "fr_05", False),
    ]
    return [
        NumberRecord(id=first_id + offset, numero=numero, code=code, fax=fax)
        for offset, (numero, code, fax) in enumerate(rows)
    ]


def seed_media(first_id: int) -> list[Media]:
    """One media of each §7 type, plus an inactive one."""
    rows = [
        ("Message introduction Relais", "MI", True, "20201001081813"),
        ("Message enregistrement Relais", "ME", True, "20201001081953"),
        ("Répondeur heures de fermeture", "R", True, "20201002093010"),
        ("Play-back accueil", "PB", True, "20201002093245"),
        ("Musique d'attente jazz", "MA", True, "20201003101500"),
        ("Musique d'attente Noël", "MA", False, "20201204160000"),
    ]
    return [
        Media(id=first_id + offset, nom=nom, type=kind, active=active, stamp=stamp)
        for offset, (nom, kind, active, stamp) in enumerate(rows)
    ]
