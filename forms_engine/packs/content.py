"""What a pack says, as plain data: the referral's facts, its sections and the attachments, in the pinned version."""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.utils import timezone

from documents.safety import clean_text

from ..glance import ChildAtAGlance, child_at_a_glance
from ..journey import display_value, visible_pages, visible_questions
from ..models import FormVersion, Referral
from ..schema import iter_questions
from ..services.amendments import amendments_of, amendments_shown, effective_answers, effective_answers_hash
from ..services.storage import attachment_key
from .errors import AnswersNotPinned
from .limits import limited_text


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
    """Everything the DOCX and the PDF print, with user text already cleaned of control characters.

    example is the stamp of a mock referral's example pack ("EXAMPLE — not a real child"), empty for real packs;
    glance is the child at a glance the cover prints (forms_engine/glance.py), None for a pack made without one.
    """

    facts: PackFacts
    sections: list[PackSection]
    attachments: list[PackAttachment]
    answers: dict[str, Any]
    example: str = ""
    glance: ChildAtAGlance | None = None


@dataclass(frozen=True)
class SourceDocument:
    """An attached PDF as a pack source knows it: its question, its file name shown and where it is: for a
    referral's attachment its key in the protected storage (a relative path) until `documents_local`
    (forms_engine/packs/service.py) copies it into the build's scratch folder."""

    question_key: str
    display_name: str
    path: Path
    sha256: str


@dataclass(frozen=True)
class SourceAmendment:
    """A correction made after submission, as the pack prints it (forms_engine/services/amendments.py)."""

    label: str
    old: str
    new: str
    made: str  # who and when
    reason: str


@dataclass(frozen=True)
class PackSource:
    """What a pack is made from: a submitted referral, or a mock referral with synthetic documents.

    `answers` are the effective answers (the submitted ones with the amendments applied) and `answers_hash` the
    hash of those (the submitted answers hash while nothing was corrected).
    """

    version: FormVersion
    answers: dict[str, Any]
    documents: list[SourceDocument]
    reference: str
    answers_hash: str
    local_authority: str
    signed_by: str
    amendments: tuple[SourceAmendment, ...] = ()


AMENDMENTS_KEY, AMENDMENTS_TITLE = "amendments", "Amendments to this referral"


def _amendments_pinned(referral: Referral, answers_hash: str | None) -> list[Any]:
    """The amendments as they were when a pack was pinned to `answers_hash` (all of them when None): amendments
    are only ever added, so the pinned ones are the oldest few whose hash is the pinned one."""
    amendments = amendments_of(referral)
    if answers_hash is None:
        return amendments
    for count in range(len(amendments) + 1):
        if effective_answers_hash(referral, amendments[:count]) == answers_hash:
            return amendments[:count]
    raise AnswersNotPinned(f"The answers of {referral.reference} this pack was asked for are not known: ask again")


def source_from_referral(referral: Referral, answers_hash: str | None = None) -> PackSource:
    """A submitted referral as a pack source, with its amendments up to the pinned answers hash (all when None);
    only attachments still listed in the answers are used."""
    documents = [
        SourceDocument(a.question_key, a.display_name, Path(attachment_key(a.stored_name)), a.sha256)
        for a in referral.attachments.all()
    ]
    signed_by = ", ".join(part for part in (referral.signatory_name, referral.signatory_job_title) if part)
    amendments = _amendments_pinned(referral, answers_hash)
    return PackSource(
        version=referral.version,
        answers=effective_answers(referral, amendments),
        documents=documents,
        reference=referral.reference or "",
        answers_hash=effective_answers_hash(referral, amendments),
        local_authority=referral.local_authority.name,
        signed_by=signed_by,
        amendments=tuple(
            SourceAmendment(
                a.label, a.old, a.new, f"{a.made_by}, {timezone.localtime(a.made_at):%-d %B %Y %H:%M}", a.reason
            )
            for a in amendments_shown(referral, amendments)
        ),
    )


def _documents_for(source: PackSource, question: dict[str, Any]) -> list[SourceDocument]:
    listed = source.answers.get(question["key"])
    if question["type"] != "attachment" or not listed:
        return []
    return [d for d in source.documents if d.question_key == question["key"]]


def _group(question: dict[str, Any], items: list[dict[str, Any]], code_lists: dict[str, Any]) -> PackGroup:
    fields = question["fields"]
    return PackGroup(
        label=clean_text(question["label"]),
        item_label=clean_text(question.get("item_label", "Item")),
        columns=[clean_text(sub["label"]) for sub in fields],
        items=[
            [
                PackRow(clean_text(sub["label"]), limited_text(display_value(sub, item.get(sub["key"]), code_lists)))
                for sub in fields
            ]
            for item in items
        ],
    )


def _entry(source: PackSource, question: dict[str, Any]) -> PackRow | PackGroup:
    code_lists = source.version.code_lists
    if question["type"] == "repeating_group":
        return _group(question, source.answers.get(question["key"], []), code_lists)
    if question["type"] == "attachment":
        names = ", ".join(d.display_name for d in _documents_for(source, question))
        return PackRow(clean_text(question["label"]), clean_text(names))
    value = display_value(question, source.answers.get(question["key"]), code_lists)
    return PackRow(clean_text(question["label"]), limited_text(value))


def pack_sections(source: PackSource) -> list[PackSection]:
    """Every section with the pinned version's labels and the visible answers as people read them."""
    answers, result = source.answers, []
    for section in source.version.schema["sections"]:
        entries = [
            _entry(source, question)
            for page in visible_pages(section, answers)
            for question in visible_questions(page, answers)
        ]
        result.append(PackSection(section["key"], clean_text(section["title"]), entries))
    if source.amendments:
        result.append(PackSection(AMENDMENTS_KEY, AMENDMENTS_TITLE, _amendment_entries(source.amendments)))
    return result


def _amendment_entries(amendments: tuple[SourceAmendment, ...]) -> list[PackRow | PackGroup]:
    """One row per correction, oldest first: the question, then what it was, what it is now, who, when and why."""
    return [
        PackRow(
            clean_text(f"{number}. {amendment.label}"),
            limited_text(
                f"Was: {amendment.old or 'Not answered'}\nNow: {amendment.new or 'Not answered'}\n"
                f"Corrected by {amendment.made}. Why: {amendment.reason}"
            ),
        )
        for number, amendment in enumerate(amendments, start=1)
    ]


def pack_attachments(source: PackSource) -> list[PackAttachment]:
    """Attachments of answered (visible) questions, in the order of the form, each named by its document label."""
    result = []
    for _, _, question in iter_questions(source.version.schema):
        files = _documents_for(source, question)
        label = clean_text(question.get("document_label") or question["label"])
        for number, document in enumerate(files, start=1):
            name = label if len(files) == 1 else f"{label} ({number} of {len(files)})"
            result.append(PackAttachment(name, document.path, document.sha256))
    return result


def pack_answers(source: PackSource) -> dict[str, Any]:
    """Every question key of the version as printed, so templates may use any key the schema declares.

    Unanswered questions are "" (groups []), display values are used, documents are listed by file name.
    """
    code_lists, answers = source.version.code_lists, source.answers
    result: dict[str, Any] = {}
    for _, _, question in iter_questions(source.version.schema):
        key, value = question["key"], answers.get(question["key"])
        if question["type"] == "repeating_group":
            result[key] = [
                {
                    sub["key"]: limited_text(display_value(sub, item.get(sub["key"]), code_lists))
                    for sub in question["fields"]
                }
                for item in value or []
            ]
        elif question["type"] == "attachment":
            result[key] = clean_text(", ".join(d.display_name for d in _documents_for(source, question)))
        else:
            result[key] = limited_text(display_value(question, value, code_lists))
    return result


def pack_glance(source: PackSource, on: date) -> ChildAtAGlance:
    """The child at a glance for the cover, from the pinned answers, the age as on the day of issue."""
    version = source.version
    glance = child_at_a_glance(schema=version.schema, code_lists=version.code_lists, answers=source.answers, on=on)
    return ChildAtAGlance(
        **{name: clean_text(value) for name, value in vars(glance).items() if isinstance(value, str)},
        risks=tuple(clean_text(risk) for risk in glance.risks),
    )


def pack_facts(source: PackSource, recipient: str, *, pack_id: str, issued_at: str) -> PackFacts:
    """The cover facts; the signatory is who signed the statement of responsibility."""
    return PackFacts(
        reference=source.reference,
        local_authority=clean_text(source.local_authority),
        version_label=clean_text(source.version.label),
        issued_at=issued_at,
        recipient=clean_text(recipient),
        pack_id=pack_id,
        signed_by=clean_text(source.signed_by),
    )
