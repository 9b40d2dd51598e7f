"""What a pack says, as plain data: the referral's facts, its sections and the attachments, in the pinned version."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accounts.models import Organisation

from ..journey import display_value
from ..models import Referral
from ..presenters import Row, sections
from ..schema import iter_questions, question_index
from ..services.storage import stored_path
from .safety import clean_text


@dataclass(frozen=True)
class PackRow:
    """One question and its answer as printed."""

    label: str
    value: str


@dataclass(frozen=True)
class PackGroup:
    """A repeating group printed as a table: one row per item, one column per field."""

    label: str
    item_label: str
    columns: list[str]
    items: list[list[PackRow]]


@dataclass(frozen=True)
class PackSection:
    """A section of the form with its rows and groups in the order they were asked."""

    key: str
    title: str
    entries: list[PackRow | PackGroup] = field(default_factory=list)

    @property
    def rows(self) -> list[PackRow]:
        return [entry for entry in self.entries if isinstance(entry, PackRow)]

    @property
    def groups(self) -> list[PackGroup]:
        return [entry for entry in self.entries if isinstance(entry, PackGroup)]


@dataclass(frozen=True)
class PackAttachment:
    """A validated attachment to merge, named by its question's document label."""

    label: str
    path: Path
    sha256: str


@dataclass(frozen=True)
class PackFacts:
    """What the cover, the footer and the manifest say about the pack."""

    reference: str
    local_authority: str
    version_label: str
    issued_at: str
    recipient: str
    pack_id: str
    signed_by: str


@dataclass(frozen=True)
class PackContent:
    """Everything the DOCX and the PDF print, with user text already cleaned of control characters."""

    facts: PackFacts
    sections: list[PackSection]
    attachments: list[PackAttachment]
    answers: dict[str, Any]


def _group(question: dict[str, Any], items: list[dict[str, Any]], code_lists: dict[str, Any]) -> PackGroup:
    fields = question["fields"]
    return PackGroup(
        label=clean_text(question["label"]),
        item_label=clean_text(question.get("item_label", "Item")),
        columns=[clean_text(sub["label"]) for sub in fields],
        items=[
            [
                PackRow(clean_text(sub["label"]), clean_text(display_value(sub, item.get(sub["key"]), code_lists)))
                for sub in fields
            ]
            for item in items
        ],
    )


def _entry(referral: Referral, row: Row, questions: dict[str, dict[str, Any]]) -> PackRow | PackGroup:
    question = questions[row.key]
    if question["type"] == "repeating_group":
        return _group(question, referral.answers.get(row.key, []), referral.version.code_lists)
    return PackRow(clean_text(row.label), clean_text(row.value))


def pack_sections(referral: Referral) -> list[PackSection]:
    """Every section with the pinned version's labels and the answers as people read them."""
    questions = question_index(referral.version.schema)
    return [
        PackSection(section["key"], clean_text(section["title"]), [_entry(referral, row, questions) for row in rows])
        for section, rows in sections(referral)
    ]


def pack_attachments(referral: Referral) -> list[PackAttachment]:
    """Attachments of answered (visible) questions, in the order of the form, each named by its document label."""
    result = []
    for _, _, question in iter_questions(referral.version.schema):
        ids = referral.answers.get(question["key"]) if question["type"] == "attachment" else None
        if not ids:
            continue
        files = list(referral.attachments.filter(question_key=question["key"], pk__in=ids))
        label = clean_text(question.get("document_label") or question["label"])
        for number, attachment in enumerate(files, start=1):
            name = label if len(files) == 1 else f"{label} ({number} of {len(files)})"
            result.append(PackAttachment(name, stored_path(attachment.stored_name), attachment.sha256))
    return result


def pack_answers(referral: Referral) -> dict[str, Any]:
    """Answers by stable key as printed: display values, groups as lists of dicts, documents by file name."""
    code_lists, answers = referral.version.code_lists, referral.answers
    result: dict[str, Any] = {}
    for _, _, question in iter_questions(referral.version.schema):
        key = question["key"]
        if key not in answers:
            continue
        if question["type"] == "repeating_group":
            result[key] = [
                {
                    sub["key"]: clean_text(display_value(sub, item.get(sub["key"]), code_lists))
                    for sub in question["fields"]
                }
                for item in answers[key]
            ]
        elif question["type"] == "attachment":
            names = referral.attachments.filter(question_key=key).values_list("display_name", flat=True)
            result[key] = clean_text(", ".join(names))
        else:
            result[key] = clean_text(display_value(question, answers[key], code_lists))
    return result


def pack_facts(referral: Referral, home: Organisation, *, pack_id: str, issued_at: str) -> PackFacts:
    """The cover facts; the signatory is who signed the statement of responsibility."""
    signed_by = ", ".join(part for part in (referral.signatory_name, referral.signatory_job_title) if part)
    return PackFacts(
        reference=referral.reference or "",
        local_authority=clean_text(referral.local_authority.name),
        version_label=clean_text(referral.version.label),
        issued_at=issued_at,
        recipient=clean_text(home.name),
        pack_id=pack_id,
        signed_by=clean_text(signed_by),
    )
