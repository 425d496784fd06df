"""Each documented push rule (§3.11–§3.16, docs/decisions.md) refused by plan_push before any vendor call."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.rules.fields import FieldErrors
from handlers.clever.push_preview import preview_lines
from handlers.clever.push_rules import PushDraft, plan_push

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
SMS: dict[str, Any] = {"channel": "sms", "recipients": "+33612345678", "text": "Bonjour"}
MAIL: dict[str, Any] = {"channel": "mail", "recipients": "marie@example.fr", "text": "Bonjour", "subject": "Lettre"}
GROUP: dict[str, Any] = {"channel": "sms", "audience": "criteria", "criteria": "diffusion=on", "text": "Bonjour"}


@pytest.mark.parametrize(
    ("draft", "field", "words"),
    [
        ({**SMS, "recipients": ""}, "recipients", "required"),
        ({**SMS, "recipients": "0639;abc"}, "recipients", "no valid recipient"),
        ({**SMS, "text": "x" * 1001}, "text", "the limit is 1,000"),
        ({**SMS, "sender": "RELAIS_2026"}, "from", "letters, digits, spaces, dots and dashes only"),
        ({**SMS, "sender": "ABCDEFGHIJKL"}, "from", "the limit is 11"),
        ({**SMS, "flash": "maybe"}, "flash", "is not yes or no"),
        ({**SMS, "keep_duplicates": "perhaps"}, "duplicates", "is not yes or no"),
        ({**SMS, "encoding": "utf8"}, "encoding", "`utf8` is not one of auto, gsm, ucs2"),
        ({**SMS, "encoding": "gsm", "text": "Ça coûte"}, "text", "cannot be sent in GSM 03.38"),
        ({**SMS, "channel": "voice"}, "file", "needs the sound's file name"),
        ({**SMS, "channel": "voice", "filename": "annonce.ogg"}, "file", "is not a .wav or .mp3 file name"),
        ({**SMS, "channel": "voice", "filename": "an|nonce.mp3"}, "file", "contains |"),
        ({**SMS, "at": "2026-02-30 09:00"}, "at", ""),
        ({**SMS, "at": "2026-11-29 09:00"}, "at", "is in the past"),
        ({**SMS, "at": "2026-03-29 02:30"}, "at", "does not exist in Paris"),
        ({**SMS, "at": "2028-01-01 09:00"}, "at", "more than a year ahead"),
        ({**SMS, "text": "", "template": "Nope"}, "template", "there is no predefined message named `Nope`"),
        ({**SMS, "template": "Rappel"}, "template", "a predefined message and a typed message were both given"),
        ({**MAIL, "subject": ""}, "subject", "required"),
        ({**MAIL, "subject": "s" * 256}, "subject", "the limit is 255"),
        ({**MAIL, "recipients": "pas-une-adresse"}, "recipients", "no valid recipient"),
        ({**MAIL, "type_mail": "rtf"}, "format", "is not brut or html"),
        ({**MAIL, "filename": "lettre.docx"}, "file", "is not a .pdf file name"),
        ({**MAIL, "open_tag": "sure"}, "open_tag", "is not yes or no"),
        ({**GROUP, "criteria": ""}, "criteria", "required"),
        ({**GROUP, "criteria": "diffusion=on AND"}, "criteria", "the expression is incomplete"),
        ({**GROUP, "criteria": "(diffusion=on"}, "criteria", "the expression is incomplete"),
        ({**GROUP, "criteria": "unknown=1"}, "criteria", "unknown field unknown"),
        ({**GROUP, "mo_gsm": "12"}, "mo_gsm", ""),
        ({**GROUP, "mo_mail": "nope"}, "mo_mail", ""),
        ({**GROUP, "cascade": "0"}, "cascade", ""),
        ({**GROUP, "cascade": "1441"}, "cascade", ""),
        ({**GROUP, "all_numbers": "tous"}, "all_numbers", "is not yes or no"),
    ],
)
def test_each_rule_names_its_field(draft: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(FieldErrors) as caught:
        plan_push(
            PushDraft(**draft),
            now=NOW,
            templates={"Rappel RDV": "Bonjour"},
            known_fields={"diffusion", "city"},
        )
    found = {error.field: str(error) for error in caught.value.errors}
    assert field in found, found
    assert words in found[field]


def test_a_valid_group_push_carries_every_option_on_the_wire() -> None:
    draft = PushDraft(
        **{**GROUP, "mo_gsm": "06 12 34 56 78", "mo_mail": "ops@example.fr", "cascade": "30", "all_numbers": "yes"},
        at="2026-12-01 09:00",
        flash="yes",
        sender="RELAIS",
    )
    plan = plan_push(draft, now=NOW, known_fields={"diffusion"}, audience_size=3)
    wire = plan.request.wire()
    assert wire["gsm_routage_mo"] == "+33612345678" and wire["mail_routage_mo"] == "ops@example.fr"
    assert (wire["cascade"], wire["time_cascade"], wire["all_number"]) == (1, 30, 1)
    assert wire["hd_send"] == "2026-12-01 09:00:00" and wire["options"] == "F0"
    assert wire["short_code"] == "RELAIS" and plan.estimate == 21  # 3 contacts × 7, at most


@pytest.mark.parametrize("at", ["2026-12-01 09:00", "tomorrow 9:00", "2026-12-01T09:00:00+01:00", "01/12/2026 09:00"])
def test_schedules_in_every_accepted_form(at: str) -> None:
    plan = plan_push(PushDraft(**SMS, at=at), now=NOW)
    assert plan.schedule is not None and plan.request.wire()["hd_send"].endswith(":00")


def test_a_tts_broadcast_is_estimated_at_the_tts_rate() -> None:
    draft = PushDraft(**{**GROUP, "audience": "broadcast", "criteria": "", "channel": "tts"})
    plan = plan_push(draft, now=NOW, audience_size=100)
    assert plan.estimate == 900  # 9 units per SMS of text per contact, not the SMS rate of 7
    preview = preview_lines(plan, audience_size=100, credit=800)
    assert any("not enough credit" in line for line in preview)
