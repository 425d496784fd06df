"""Cliqphone request and response models, with the document's wire names as aliases.

Listings are JSON arrays whose values are strings or null even where a table says
integer (docs/decisions.md "Cliqphone"); the models accept both and expose Python types.
Field names are read in any case form (``nomPorteur``, ``nom_porteur``, ``NomPorteur``,
the tables' ``Compagne`` and OCR'd ``ld`` for ``Id``): one key whatever the spelling.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, ClassVar

from pydantic import AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from bot.vendors.errors import verbatim

__all__ = [
    "MEDIA_TYPES",
    "NUMBER_FIELDS",
    "LoginAnswer",
    "Media",
    "MediaFilters",
    "Number",
    "NumberFilters",
    "NumberSettings",
    "Zone",
    "field_of",
    "parse_expiry",
    "printed_answer",
    "squash",
]

#: §7 "Liste de type media": code → what it is.
MEDIA_TYPES = {
    "MI": "Message introduction",
    "ME": "Message enregistrement",
    "MA": "Musique d'attente",
    "PB": "Play-back",
    "R": "Répondeur",
}


def squash(name: str) -> str:
    """'nomPorteur', 'nom_porteur', 'NomPorteur', 'NOM-PORTEUR' → 'nomporteur': one key whatever the case form."""
    return "".join(ch for ch in name if ch.isalnum()).lower()


def field_of(body: Mapping[str, Any], name: str) -> Any:
    """``body[name]`` under any case form of ``name`` (the exact spelling first); None when absent."""
    if name in body:
        return body[name]
    wanted = squash(name)
    return next((value for key, value in body.items() if isinstance(key, str) and squash(key) == wanted), None)


#: The answer fields read from a body that is no valid JSON, as §II/§5/§6 print them: a value
#: after ``:`` or §II's ``=>``, quoted (a code may also come bare, as a number).
_PRINTED_FIELDS = {
    "state": re.compile(r'"state"\s*(?::|=>)\s*"([^"]*)"', re.IGNORECASE),
    "codeErreur": re.compile(r'"code_?erreur"\s*(?::|=>)\s*"?([\d ]+)"?', re.IGNORECASE),
    "messageErreur": re.compile(r'"message_?erreur"\s*(?::|=>)\s*"([^"]*)"', re.IGNORECASE),
    "token": re.compile(r'"token"\s*(?::|=>)\s*"([^"]*)"', re.IGNORECASE),
    "tokenExprid": re.compile(r'"tokenExprid"\s*(?::|=>)\s*"([^"]*)"', re.IGNORECASE),
}


#: A token value in either printed form: ``"token":"…"`` and §II's ``"token" => "…"`` (even across a line break).
def printed_answer(text: str) -> dict[str, str] | None:
    """The ``state`` / ``codeErreur`` / ``messageErreur`` (and C1's ``token`` / ``tokenExprid``) of
    an object that is no valid JSON, in the forms the document prints: §5's success row without
    its closing brace, §5/§6's 0318 refusal with its message unquoted, §II's login with
    ``"tokenExprid" =>``. None when the text is no object or shows neither a state nor a code:
    such an answer stays unrecognised. Only read when the JSON parse fails.
    """
    if not text.lstrip().startswith("{"):
        return None
    found = {name: match.group(1) for name, pattern in _PRINTED_FIELDS.items() if (match := pattern.search(text))}
    if "state" not in found and "codeErreur" not in found:
        return None
    if "token" in found:
        found["token"] = "".join(found["token"].split())  # §II prints the token across a line break
    # §5/§6's 0318 row names no message ('"0318",invalid etat appel enregistrement" }'): the whole
    # answer, verbatim, is then the vendor's words.
    found.setdefault("messageErreur", verbatim(text))
    return found


def _spellings(field_name: str, info: Any) -> set[str]:
    names = {field_name}
    if info.alias:
        names.add(info.alias)
    if isinstance(info.validation_alias, AliasChoices):
        names.update(choice for choice in info.validation_alias.choices if isinstance(choice, str))
    elif isinstance(info.validation_alias, str):
        names.add(info.validation_alias)
    return names


class _Wire(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    #: OCR spellings of the document's tables: squashed key → field name (§3's "ld" is "Id").
    OCR_NAMES: ClassVar[dict[str, str]] = {}

    @model_validator(mode="before")
    @classmethod
    def _any_case_form(cls, data: Any) -> Any:
        """Keys in any case form → the field's name; the first non-blank value of a field wins."""
        if not isinstance(data, Mapping):
            return data
        known = {squash(s): name for name, info in cls.model_fields.items() for s in _spellings(name, info)}
        known.update(cls.OCR_NAMES)
        out: dict[str, Any] = {}
        for key, value in data.items():
            name = known.get(squash(key)) if isinstance(key, str) else None
            if name is None:
                continue
            if out.get(name) in (None, "") or name not in out:
                out[name] = value
        return out


def _text(value: Any) -> str | None:
    """Strings as sent; numbers as their digits; blank → None."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _code(value: Any) -> str | None:
    # Answered "fr_01", documented "FR_01": one spelling inside Relais.
    text = _text(value)
    return text.lower() if text else None


#: The forms of an active ``etat`` the document shows: "Actif" in the listings (§3, §4, §7) and
#: true in §5's table ("true: Actif false:Inactif"); nothing else is read as active.
ACTIVE_FORMS = frozenset({"actif", "true"})


def _is_active(etat: str | None) -> bool:
    return (etat or "").strip().lower() in ACTIVE_FORMS


def _id(value: Any) -> Any:
    """Ids as strings or numbers ("147", 147, " 147 "); blank → None."""
    if isinstance(value, str):
        return value.strip() or None
    return value


#: A listing value: string or null whatever the table's type (decisions.md), blank read as null.
Text = Annotated[str | None, BeforeValidator(_text)]
ZoneCode = Annotated[str | None, BeforeValidator(_code)]
FilledText = Annotated[str, BeforeValidator(lambda value: _text(value) or "")]
Id = Annotated[int, BeforeValidator(_id)]
OptionalId = Annotated[int | None, BeforeValidator(_id)]
_OCR_ID = {"ld": "id"}  # §3's name table prints "ld" for "Id"


class LoginAnswer(_Wire):
    """C1 ``POST /api/auto`` (§II 2.): the token and its expiry, ``DD-MM-YYYY HH:MM:SS`` Paris time."""

    token: str
    # Only §II's own spelling (its Python name squashes to the same key, so no other name is read);
    # an expiry under another name is no announced expiry: the documented 24 h then (token.py).
    token_exprid: Text = Field(default=None, alias="tokenExprid")


class Zone(_Wire):
    """C2/C3 zone object (§III 1.1.1); only code, pays, nom and prefix appear in the examples."""

    OCR_NAMES: ClassVar[dict[str, str]] = _OCR_ID

    id: OptionalId = None
    code: Annotated[str, BeforeValidator(_code)]
    pays: Text = None
    nom: Text = None
    prefix: Text = None
    type: Text = None
    etat: Text = None


class Number(_Wire):
    """A C4 row (free number of a zone) or a C5 row (the company's number, with ``Compagne``).

    ``type`` is "1" telephone / "2" fax; ``telephon`` is "1" telephone / "0" fax (§3 table;
    §4's "1 / 2" for telephon is a copy of type's, decisions.md).
    """

    OCR_NAMES: ClassVar[dict[str, str]] = _OCR_ID

    id: Id
    code: ZoneCode = None
    numero: str
    type: Text = None
    entreprise: Text = None
    etat: Text = None
    info: Text = None
    telephon: Text = None
    nom_porteur: Text = Field(default=None, alias="nomPorteur")
    compagne: Text = Field(default=None, validation_alias=AliasChoices("Compagne", "compagne"))

    @field_validator("numero", mode="before")
    @classmethod
    def _digits(cls, value: Any) -> str:
        # "331872 24465" in §4's example: OCR spaces inside a number are not part of it.
        if value is None:
            raise ValueError("a number row without its numero")
        return "".join(str(value).split())

    @property
    def is_fax(self) -> bool:
        """``type`` 2 (§3, §4) or FA (§4's filter vocabulary); ``telephon`` 0 (§3) or 2 (§4)."""
        return (self.type or "").upper() in {"2", "FA", "FAX"} or self.telephon in {"0", "2"}

    @property
    def is_active(self) -> bool:
        return _is_active(self.etat)


class Media(_Wire):
    """A C8 row (§7): ``id, nom, url, type, typeName, entreprise, info, etat``."""

    OCR_NAMES: ClassVar[dict[str, str]] = _OCR_ID

    id: Id
    nom: FilledText = ""
    url: Text = None
    type: FilledText = ""
    type_name: Text = Field(default=None, alias="typeName")
    entreprise: Text = None
    info: Text = None
    etat: Text = None

    @property
    def is_active(self) -> bool:
        return _is_active(self.etat)


class NumberFilters(_Wire):
    """C5 filters (§4 i.): blank means "no filter" and is not sent."""

    code: str | None = None
    etat: bool | None = None
    type: str | None = None  # "FA" fax or "TE" telephone
    numero: str | None = None
    compagne: str | None = None
    porteur: str | None = None


class MediaFilters(_Wire):
    """C8 filters (§7 i.)."""

    etat: bool | None = None
    type: str | None = None  # R, ME, PB, MI, MA
    nom: str | None = None


class NumberSettings(_Wire):
    """Every field of C6 (§5 i.) and C7 (§6 i.); unset fields are left out of the request.

    C7 cannot clear a field: a blank value means "unchanged" (decisions.md).
    """

    numero: str | None = None
    message_introduction: int | None = Field(default=None, alias="messageIntroduction")
    message_enregistrement: int | None = Field(default=None, alias="messageEnregistrement")
    music_attente: int | None = Field(default=None, alias="musicAattente")
    playback: int | None = None
    repondeur: int | None = None
    email_porteur: str | None = Field(default=None, alias="emailPorteur")
    nom_porteur: str | None = Field(default=None, alias="nomPorteur")
    info: str | None = None
    sonnerie: int | None = None
    type: str | None = None  # "Rep" répondeur, "Ren" renvoi
    type_renvoi: str | None = Field(default=None, alias="typeRenvoi")  # "Par" / "Seq"
    hour_debut: str | None = Field(default=None, alias="hourDebut")
    hour_fin: str | None = Field(default=None, alias="hourFin")
    jours: str | None = None  # "All" or "Lu,Ma,…"
    num_renvoi: str | None = Field(default=None, alias="numRenvoi")
    etat: bool | None = None
    date_debut: str | None = Field(default=None, alias="dateDebut")
    date_fin: str | None = Field(default=None, alias="dateFin")
    active_appel_entrant: bool | None = Field(default=None, alias="activeAppelEntrant")
    active_appel_sortant: bool | None = Field(default=None, alias="activeAppelSortant")
    # The tables' spelling; §6's example writes "activeTnregistrement", a typo read too (decisions.md).
    activer_enregistrement: bool | None = Field(
        default=None,
        alias="activerEnregistrement",
        validation_alias=AliasChoices("activerEnregistrement", "activeTnregistrement"),
    )
    code: str | None = None
    notification_email: bool | None = Field(default=None, alias="notificationEmail")
    id_message: int | None = Field(default=None, alias="idMessage")  # C7 only (§6 i.)

    def wire(self) -> dict[str, Any]:
        """The JSON body: wire names, only the fields that are set."""
        return self.model_dump(by_alias=True, exclude_none=True)


#: The wire names of every C6/C7 field, in the tables' order (the modal and the diff follow it).
NUMBER_FIELDS: tuple[str, ...] = (
    "numero",
    "messageIntroduction",
    "messageEnregistrement",
    "musicAattente",
    "playback",
    "repondeur",
    "emailPorteur",
    "nomPorteur",
    "info",
    "sonnerie",
    "type",
    "typeRenvoi",
    "hourDebut",
    "hourFin",
    "jours",
    "numRenvoi",
    "idMessage",
    "etat",
    "dateDebut",
    "dateFin",
    "activeAppelEntrant",
    "activeAppelSortant",
    "activerEnregistrement",
    "code",
    "notificationEmail",
)


def parse_expiry(text: str | None) -> datetime | None:
    """ "10-02-2021 10:00:00" (§II, day first) → a naive Paris wall-clock datetime; None if unreadable."""
    if not text:
        return None
    patterns = ("%d-%m-%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d-%m-%Y %H:%M")
    for pattern in patterns:
        try:
            return datetime.strptime(text.strip(), pattern)
        except ValueError:
            continue
    return None
