"""A pop-up's settings (A15, A16): the option and field names, each one's §1 rule, and the current settings as
the form gives them. Pure, no I/O."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.rules.fields import check_choice, check_email, check_int
from bot.rules.grammar import parse_yes_no
from bot.rules.names import pick_name
from bot.slack.forms import Values, as_text, checked
from bot.vendors.axialys.models import Popup, PopupSettings
from handlers.axialys.rules import DIRECTIONS, LOCALES, check_digits, check_label, check_name_field

__all__ = [
    "CLEARABLE",
    "KEEP",
    "NONE",
    "POPUP_ALIASES",
    "POPUP_FIELDS",
    "VOICE_NAMES",
    "check_popup_settings",
    "current_values",
    "flag_text",
    "popup_value_check",
    "settings_text",
    "voice_text",
]

#: The option of a select meaning "no value".
NONE = "-"
#: The option of a select whose current value is not among those offered: leave the setting as it is.
KEEP = "(unchanged)"

#: Option / modal field → the A15/A16 parameter (§1 names, decisions "Pop-up parameter spellings").
POPUP_FIELDS: dict[str, str] = {
    "name": "nom_popup",
    "direction": "direction",
    "planning": "nom_plage",
    "client_wait": "internaute_delais_attente",
    "operator_wait": "op_delais_attente",
    "locale": "locale",
    "voice": "voix",
    "open": "ouvert_dest",
    "closed": "ferm_dest",
    "open_message": "ouvert_message",
    "closed_message": "ferm_message",
    "immediate": "immediat",
    "client_number": "internaute_presentation",
    "operator_number": "op_presentation",
    "answering": "repondeur",
    "usr1": "usr1_nom",
    "usr2": "usr2_nom",
    "usr3": "usr3_nom",
    "show_name": "afficher_nom",
}

#: The A15/A16 parameter names, typed as options, read as the English option they stand for (``voix=`` is ``voice=``).
POPUP_ALIASES: dict[str, str] = {wire: field for field, wire in POPUP_FIELDS.items() if wire != field} | {
    "ferme_dest": "closed",
    "ferme_message": "closed_message",
}
#: The voice as people name it → the §1 ``voix`` value: ``male`` / ``female``, the vendor's ``m`` / ``f``.
VOICE_NAMES = {"female": "f", "male": "m", "f": "f", "m": "m", "femme": "f", "homme": "m"}

#: Settings an empty value clears (A16; decisions "popup_maj"): the others cannot be emptied.
CLEARABLE = {
    "planning",
    "open",
    "closed",
    "open_message",
    "closed_message",
    "client_number",
    "operator_number",
    "answering",
    "usr1",
    "usr2",
    "usr3",
}


def popup_value_check(field: str, text: str) -> Any:
    """One pop-up setting, checked by its §1 rule."""
    checks: dict[str, Callable[[], Any]] = {
        "name": lambda: check_name_field("name", text),
        "direction": lambda: check_choice("direction", text, DIRECTIONS),
        "planning": lambda: check_name_field("planning", text),
        "client_wait": lambda: check_int("client_wait", text, minimum=5, maximum=1000),
        "operator_wait": lambda: check_int("operator_wait", text, minimum=5, maximum=1000),
        "locale": lambda: check_choice("locale", text, LOCALES, case_sensitive=False).lower(),
        "voice": lambda: VOICE_NAMES[pick_name("voice", text, VOICE_NAMES, what="voice", hint="male or female")],
        "open": lambda: check_name_field("open", text),
        "closed": lambda: check_name_field("closed", text),
        "open_message": lambda: check_label("open_message", text, maximum=None),
        "closed_message": lambda: check_label("closed_message", text, maximum=None),
        "immediate": lambda: int(parse_yes_no("immediate", text)),
        "client_number": lambda: check_digits("client_number", text),
        "operator_number": lambda: check_digits("operator_number", text),
        "answering": lambda: check_email("answering", text),
        "usr1": lambda: check_name_field("usr1", text),
        "usr2": lambda: check_name_field("usr2", text),
        "usr3": lambda: check_name_field("usr3", text),
        "show_name": lambda: int(parse_yes_no("show_name", text)),
    }
    return checks[field]()


def flag_text(values: Values, key: str) -> str:
    """Checkboxes give a list ([] = unticked), commands give text."""
    value = values.get(key)
    if isinstance(value, list):
        return "1" if value else "0"
    return as_text(values, key)


def check_popup_settings(values: Values, *, require_name: bool) -> PopupSettings:
    steps: list[tuple[str, Any]] = []
    for field, wire in POPUP_FIELDS.items():
        text = flag_text(values, field).strip()
        if not text or text in {NONE, KEEP}:
            if field == "name" and require_name:
                steps.append((wire, lambda: check_name_field("name", "")))
            continue
        steps.append((wire, lambda field=field, text=text: popup_value_check(field, text)))
    return PopupSettings.model_validate(checked(*steps))


def current_values(popup: Popup) -> Values:
    """A pop-up's settings as the form gives them ({field: text}), to compare a submission with."""
    return {
        "name": popup.name,
        "direction": popup.direction or "",
        "planning": popup.planning or "",
        "client_wait": str(popup.client_timeout or ""),
        "operator_wait": str(popup.op_timeout or ""),
        "locale": popup.locale or "",
        "voice": popup.voice or "",
        "open": popup.open_group or "",
        "closed": popup.closed_group or "",
        "open_message": popup.open_message or "",
        "closed_message": popup.closed_message or "",
        "immediate": "1" if popup.immediate else "0",
        "client_number": popup.client_presentation or "",
        "operator_number": popup.op_presentation or "",
        "answering": popup.answering_email or "",
        "usr1": popup.usr1_name or "",
        "usr2": popup.usr2_name or "",
        "usr3": popup.usr3_name or "",
        "show_name": "1" if popup.show_name else "0",
    }


def voice_text(voice: str | None) -> str:
    """``f`` → "female", ``m`` → "male"; a voice Relais does not know, as Axialys wrote it."""
    return {"f": "female", "m": "male"}.get((voice or "").strip().lower(), voice or "—")


def settings_text(settings: PopupSettings) -> str:
    return ", ".join(f"{key}={value}" for key, value in settings.query().items()) or "nothing"
