"""The key information for the first 72 hours: from v6's own section, or from the nearest answers of v3 to v5.

Only the home whose offer was confirmed receives it (circulation/services/first_72_hours.py keeps the PDF).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from reportlab.platypus import Flowable, Paragraph

from documents.pdf_styles import styles
from documents.safety import markup
from documents.short_pdf import short_pdf
from forms_engine.journey import display_value
from forms_engine.models import FormVersion
from forms_engine.schema import question_index

SECTION_KEY = "first_72_hours"
NONE_GIVEN = "None given"
MARKING = "OFFICIAL-SENSITIVE"
# (v6 key, heading); each v6 answer is one item
TOPICS = (
    ("key_triggers", "Triggers"),
    ("key_calming", "What helps the child calm"),
    ("key_medication_allergies", "Medication and allergies"),
    ("key_not_placed_with", "People the child must not be placed with"),
    ("key_out_of_hours_contacts", "Out-of-hours contacts"),
    ("key_language_faith", "Language and faith needs"),
)
# The nearest answers of a version without the section, per topic (v4 and v5 keys; v3 shares a few)
NEAREST = {
    "key_triggers": ("behaviour_triggers",),
    "key_calming": ("deescalation",),
    "key_medication_allergies": ("medication", "medication_details", "allergies"),
    "key_not_placed_with": ("peers_to_avoid", "contact_restrictions"),
    "key_out_of_hours_contacts": ("key_contacts",),
    "key_language_faith": ("first_language", "interpreter_needed", "religion", "cultural_needs"),
}
OUT_OF_HOURS_ROLES = ("out_of_hours", "social_worker")
CONTACT_FIELDS = ("contact_name", "contact_organisation", "contact_phone", "contact_mobile", "contact_email")


@dataclass(frozen=True)
class KeyItem:
    """One topic: its heading, the text as the sheet prints it, and the questions it came from."""

    heading: str
    text: str
    taken_from: str


@dataclass(frozen=True)
class KeyInformation:
    """The sheet's content: which version and where in it the items came from, then the items."""

    version_label: str
    source: str
    items: tuple[KeyItem, ...]


class _Reader:
    def __init__(self, version: FormVersion, answers: dict[str, Any]) -> None:
        self.questions, self.code_lists, self.answers = question_index(version.schema), version.code_lists, answers

    def label(self, key: str) -> str:
        return str(self.questions[key]["label"])

    def shown(self, key: str) -> str:
        return display_value(self.questions[key], self.answers.get(key), self.code_lists) if key in self else ""

    def shown_field(self, group: str, field: str, item: dict[str, Any]) -> str:
        key = f"{group}.{field}"
        return display_value(self.questions[key], item.get(field), self.code_lists) if key in self else ""

    def __contains__(self, key: str) -> bool:
        return key in self.questions


def _contacts(read: _Reader, key: str) -> str:
    """The out-of-hours contacts (and the social worker) of the key contacts group, one a line."""
    lines = []
    for item in read.answers.get(key) or []:
        if item.get("contact_role") in OUT_OF_HOURS_ROLES:
            role = read.shown_field(key, "contact_role", item)
            parts = [str(item.get(name)) for name in CONTACT_FIELDS if item.get(name)]
            lines.append(f"{role}: {', '.join(parts)}")
    return "\n".join(lines)


def _labelled(read: _Reader, key: str) -> str:
    if key == "key_contacts":
        return _contacts(read, key)
    value = read.shown(key)
    return f"{read.label(key)}: {value}" if value else ""


def _nearest(read: _Reader, topic: str) -> tuple[str, str]:
    """(text, questions it came from) for a topic from a version's nearest questions."""
    keys = [key for key in NEAREST[topic] if key in read]
    texts = [text for text in (_labelled(read, key) for key in keys) if text]
    return "\n".join(texts), "; ".join(read.label(key) for key in keys)


def key_information(version: FormVersion, answers: dict[str, Any]) -> KeyInformation:
    """The six topics from the version's first-72-hours section, or each from the nearest answers it asks."""
    read = _Reader(version, answers)
    own = all(key in read for key, _ in TOPICS)
    items = []
    for key, heading in TOPICS:
        text, taken_from = (read.shown(key), read.label(key)) if own else _nearest(read, key)
        items.append(KeyItem(heading, text or NONE_GIVEN, taken_from or f"Not asked in {version.label}"))
    source = (
        f"{version.label}, section 'Key information for the first 72 hours'"
        if own
        else f"{version.label}, which has no first-72-hours section: each item is taken from the nearest answers"
    )
    return KeyInformation(version.label, source, tuple(items))


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y %H:%M}"


def key_information_pdf(
    content: KeyInformation, *, reference: str, home: str, admitted_on: str, issued_at: datetime
) -> bytes:
    """A short PDF: the marking, the referral, the home and admission date, where the items came from, the items."""
    style = styles()
    story: list[Flowable] = [
        Paragraph(MARKING, style["marking"]),
        Paragraph("Key information for the first 72 hours", style["title"]),
        Paragraph(
            f"Referral {markup(reference)}, placed at {markup(home)} from {markup(admitted_on)}", style["subtitle"]
        ),
        Paragraph(f"Taken from: {markup(content.source)}.", style["body"]),
    ]
    for item in content.items:
        story += [
            Paragraph(markup(item.heading), style["h2"]),
            Paragraph(markup(item.text), style["value"] if item.text != NONE_GIVEN else style["empty"]),
            Paragraph(f"From: {markup(item.taken_from)}", style["empty"]),
        ]
    story.append(
        Paragraph(
            f"Issued to {markup(home)} only, on {_when(issued_at)}. Read it with the referral pack; do not copy or "
            "forward it.",
            style["note"],
        )
    )
    return short_pdf(story, title=f"Key information for the first 72 hours, {reference}")
