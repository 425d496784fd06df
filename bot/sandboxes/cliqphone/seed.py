"""The data set a fresh Cliqphone sandbox starts with: the five zones, a small portfolio, free numbers, media."""

from __future__ import annotations

from bot.sandboxes.cliqphone.state import Media, NumberRecord, State, Zone

__all__ = ["SANDBOX_LOGIN", "SANDBOX_PASSWORD", "seeded_state"]

SANDBOX_LOGIN = "relais-sandbox"
SANDBOX_PASSWORD = "cliq-sandbox-2021"


def seeded_state() -> State:
    """The sandbox account (active, no tokens) with the seeded zones, numbers and media."""
    numbers = seed_numbers(first_id=141) + seed_available(first_id=147)
    return State(
        login=SANDBOX_LOGIN,
        password=SANDBOX_PASSWORD,
        zones={zone.code: zone for zone in seed_zones()},
        numbers={record.id: record for record in numbers},
        media={media.id: media for media in seed_media(first_id=228)},
    )


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
