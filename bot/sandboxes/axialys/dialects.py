"""Other readings of the Axialys WebAppel document ("dialects"), for the sandbox, and what each changes.

Each one is what a real server could answer under the same document, switched on per sandbox
(none by default): errors as sentences, other state words, older line formats, the example's
method name and §4's list spellings. The default reading (wire.py) is unchanged.
"""

from __future__ import annotations

from bot.sandboxes.axialys.rules import AUTH_INVALID, AUTH_MISSING, INVALID, MISSING, UNKNOWN_METHOD, ApiError
from bot.sandboxes.axialys.state import Context
from bot.sandboxes.axialys.wire import clean_field, lines, text
from bot.sandboxes.frame import SandboxResponse

DIALECTS: dict[str, str] = {
    "sentences": "errors as plain French sentences under HTTP 200 ('Erreur : identifiants incorrects', "
    "'Méthode inconnue', 'Paramètre manquant : e164'): the document shows only 'OK' and no error form",
    "vocabulary": "call states in words the document never names (ABOUTI, NON ABOUTI, TERMINE, messagerie, "
    "Annulé; waiting words in lower case): it only says 'l'état correspond à l'état final de l'appel'",
    "legacy-format": "durations as h:m:s, Windows-1252 bodies, a header line on listings, ';' left inside free "
    "texts, one extra trailing column, 'OK;<id>' for popup_ajout/appel and 'OK\\r\\n' for writes: the document "
    "gives column lists, not an encoding, escaping or line ending",
    "examples-names": "only the names outside §1's table: the example's planning_ajout_exception (the "
    "heading's planning_exception_add is an unknown method) and ferme_dest / ferme_message from §4's optional-"
    "parameter lists ('Facultatifs : … ouvert_dest, ferme_dest, … ferme_message'), not §1's "
    "ferm_dest / ferm_message",
}

#: Dialect "legacy-format": the header line each listing starts with (the document's own column lists).
_HEADERS = {
    "operateurs_liste_groupes": "nom_liste_op;ordonnancement",
    "operateurs_listing": "E164;duree_sonnerie_op;ordre;position",
    "planning_plages_listing": "nom_plage",
    "popup_destinations": "id_destination;destination;prix;AUTORISE|INTERDIT",
    "appel_listing": "id_tracking;date_time;delais;dt;ip;duree_sonnerie;duree_appel;type_dest;prix;nom;usr1;usr2;usr3;"
    "provenance;etat",
    "appels_resume": "id_tracking;id_popup;date_time;delais;ip;duree_appel;nom;usr1;usr2;usr3;etat",
}
#: Dialect "legacy-format": listings with one more column than the document lists (a server may add some).
_EXTRA_COLUMN = {"operateurs_liste_groupes", "operateurs_listing", "popup_destinations"}
#: Dialect "examples-names": only the example's method name and §4's parameter spellings are known.
HEADING_ONLY_METHODS = {"planning_exception_add"}
TABLE_ONLY_PARAMETERS = ("ferm_dest", "ferm_message")


#: Dialect "vocabulary": the states in words the document never names (it names none: "l'état correspond
#: à l'état final de l'appel"); waiting words in lower case.
VOCABULARY = {
    "EN_ATTENTE": "en attente",
    "SONNERIE": "sonnerie",
    "EN_COURS": "en cours",
    "REPONDU": "ABOUTI",
    "NON_REPONDU": "NON ABOUTI",
    "OCCUPE": "Occupé",
    "ECHEC": "TERMINE",
    "ANNULE": "Annulé",
    "FERME": "Fermé",
    "REPONDEUR": "messagerie",
}


def sentence(error: ApiError) -> SandboxResponse:
    """Dialect "sentences": the error as a French sentence under HTTP 200 (the document shows no error form)."""
    if error.code in (AUTH_INVALID, AUTH_MISSING):
        words = "Erreur : identifiants incorrects"
    elif error.code == UNKNOWN_METHOD:
        words = "Méthode inconnue"
    elif error.code == MISSING:
        words = f"Paramètre manquant : {error.message.split(' :')[0]}"
    elif error.code == INVALID:
        words = f"Paramètre invalide : {error.message}"
    else:
        words = f"Erreur : {error.message}"
    return SandboxResponse.text(words)


def legacy(methode: str, response: SandboxResponse) -> SandboxResponse:
    """Dialect "legacy-format" applied to a success answer (durations and ';' are done by the listings)."""
    if not response.content_type.startswith("text/plain"):
        return response
    body = response.body.decode("utf-8")
    if body == "OK":
        body = "OK\r\n"
    elif methode in ("popup_ajout", "appel") and body.isdigit():
        body = f"OK;{body}"
    elif methode in _HEADERS:
        rows = body.splitlines()
        if methode in _EXTRA_COLUMN:
            rows = [f"{row};1" for row in rows]
        body = "".join(f"{row}\n" for row in [_HEADERS[methode], *rows])
    declared = "text/plain; charset=windows-1252" if methode in _HEADERS else "text/plain"
    return SandboxResponse(status=response.status, body=body.encode("cp1252", errors="replace"), content_type=declared)


def state_word(ctx: Context, state: str) -> str:
    return VOCABULARY.get(state, state) if "vocabulary" in ctx.dialect else state


def duration(ctx: Context, seconds: int) -> str | int:
    """Dialect "legacy-format": durations as h:m:s (§1 gives duree "[10, 10000]" with no unit)."""
    if "legacy-format" not in ctx.dialect:
        return seconds
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def listing(ctx: Context, rows: list[tuple[object, ...]]) -> SandboxResponse:
    """Dialect "legacy-format": a ';' inside a free text stays as written (the document does not say it is escaped)."""
    if "legacy-format" not in ctx.dialect:
        return text(lines(rows))
    return text("".join(";".join(clean_field(v, keep_semicolons=True) for v in row) + "\n" for row in rows))
