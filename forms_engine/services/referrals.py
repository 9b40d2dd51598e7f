"""Use cases for referrals: start, save answers page by page, groups, attachments, signature and submission."""

import hashlib
import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Membership, Role
from accounts.services import audit_record
from accounts.types import Actor
from documents.attachments import AttachmentLimits, validate_pdf
from ops.notifications import notification_send

from ..journey import SectionState, Status, all_complete, answered, task_list, visible, visible_questions
from ..models import FormVersion, Referral, ReferralAttachment
from ..rules import ERROR, referral_rule_results
from ..schema import iter_questions
from . import storage
from .amendments import effective_answers

# No 0/O, 1/I/L, 5/S, 2/Z or 8/B: references are read out on the phone and copied by hand.
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
MAX_ATTACHMENTS_PER_REFERRAL = 30
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ReferralNotReady(Exception):
    """The referral cannot move on yet; problems say what to do."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class AttachmentRefused(Exception):
    """An upload was refused; the message is for the user."""


class AnswersChanged(Exception):
    """The stored answers to a page changed since it was shown: nothing was saved. `referral` is as stored now."""

    message = "Someone else changed these answers while you were editing. Check them and save again"

    def __init__(self, referral: Referral) -> None:
        super().__init__(self.message)
        self.referral = referral


def new_reference() -> str:
    """A reference like SW-7KQD-93HX."""
    first, second = ("".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(4)) for _ in range(2))
    return f"SW-{first}-{second}"


@transaction.atomic
def referral_start(*, membership: Membership, version: FormVersion) -> Referral:
    """A new draft for the member's local authority, with the referrer's own details filled in."""
    user, organisation = membership.user, membership.organisation
    answers = {
        "referring_officer_name": user.get_full_name(),
        "referring_officer_job_title": membership.job_title,
        "referrer_email": user.email,
        "referring_local_authority": organisation.ons_code,
    }
    keys = {question["key"] for _, _, question in iter_questions(version.schema)}
    referral = Referral(
        version=version,
        local_authority=organisation,
        created_by=user,
        answers={k: v for k, v in answers.items() if k in keys and v},
    )
    referral.full_clean()
    referral.save()
    audit_record(actor=user, action="referral.start", outcome=AuditEvent.Outcome.SUCCEEDED, obj=referral)
    return referral


def _refuse_unless_draft(referral: Referral) -> None:
    if not referral.is_editable:
        raise ReferralNotReady(["This referral has been sent for signature and can no longer be changed"])


# What a locked save copies back to the caller's referral, so the view goes on with the answers as stored.
_ADOPTED = (
    "answers",
    "needs_checking",
    "sections_to_confirm",
    "status",
    "sent_for_signature_at",
    "sanctioning_officer",
    "updated_at",
)


@contextmanager
def _locked(referral: Referral, *, drafts_only: bool = True) -> Iterator[Referral]:
    """The referral's row, locked and read afresh, for a read-merge-write of its answers in one transaction.

    Every writer of a draft's answers goes through here: concurrent saves of one draft wait for each other and each
    merges its own keys into the answers as the one before left them, so none is lost. (PostgreSQL locks the row;
    SQLite's IMMEDIATE transactions take the database's write lock when the transaction begins.) When the block
    ends without an error, the caller's `referral` is given the stored state.
    """
    with transaction.atomic():
        fresh = Referral.objects.select_for_update().get(pk=referral.pk)
        if drafts_only:
            _refuse_unless_draft(fresh)
        yield fresh
    for name in _ADOPTED:
        setattr(referral, name, getattr(fresh, name))
    if fresh.version_id != referral.version_id:  # moved to a newer version meanwhile
        referral.version = fresh.version


def page_answers_version(page: dict[str, Any], answers: dict[str, Any]) -> str:
    """The version of a page's stored answers (every question of the page, shown or not): the page form carries
    it, so a save can tell whether someone else changed these answers since the page was shown."""
    return answers_hash({question["key"]: answers.get(question["key"]) for question in page["questions"]})


def group_answers_version(question: dict[str, Any], answers: dict[str, Any]) -> str:
    """The version of a repeating group's stored items, carried by its change and remove forms."""
    return page_answers_version({"questions": [question]}, answers)


def _page_answers(page: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    return {question["key"]: answers[question["key"]] for question in page["questions"] if question["key"] in answers}


def referral_save_page(
    *, referral: Referral, page: dict[str, Any], cleaned: dict[str, Any], shown_version: str | None = None
) -> Referral:
    """Store the answers from one page; an emptied answer is removed, and the page's checks are cleared.

    The page's answers are merged into the answers as stored now, under the row lock, so a save of another page at
    the same moment is kept. `shown_version` is `page_answers_version` of the answers the page was shown with:
    if this page's stored answers have changed since, and this save would change them again, `AnswersChanged` is
    raised and nothing is saved. Without it (a page opened before versions were carried) the answers are merged.
    """
    asked = visible_questions(page, referral.answers)  # the questions the form was built with
    with _locked(referral) as fresh:
        merged = dict(fresh.answers)
        for question in asked:
            value = cleaned.get(question["key"])
            if answered(value):
                merged[question["key"]] = value
            else:
                merged.pop(question["key"], None)
        stale = shown_version is not None and shown_version != page_answers_version(page, fresh.answers)
        if stale and _page_answers(page, merged) != _page_answers(page, fresh.answers):
            raise AnswersChanged(fresh)
        page_keys = {q["key"] for q in page["questions"]}
        fresh.answers = merged
        fresh.needs_checking = [key for key in fresh.needs_checking if key not in page_keys]
        fresh.save(update_fields=["answers", "needs_checking", "updated_at"])
    return referral


def referral_section_confirm(*, referral: Referral, section_key: str) -> Referral:
    """The user has been through a pre-filled section to its end: its answers are confirmed."""
    if section_key in referral.sections_to_confirm:
        with _locked(referral, drafts_only=False) as fresh:
            fresh.sections_to_confirm = [key for key in fresh.sections_to_confirm if key != section_key]
            fresh.save(update_fields=["sections_to_confirm", "updated_at"])
    return referral


@transaction.atomic
def referral_start_from(*, membership: Membership, source: Referral, version: FormVersion) -> Referral:
    """A new draft pre-filled from this child's last referral; every pre-filled section must be confirmed."""
    from .migration import migrate_answers

    documents = {q["key"] for _, _, q in iter_questions(source.version.schema) if q["type"] == "attachment"}
    # As corrected: a correction recorded on the earlier referral carries into the new one.
    answers = {key: value for key, value in effective_answers(source).items() if key not in documents}
    if source.version.number < version.number:
        steps = list(
            FormVersion.objects.filter(form=version.form, number__gt=source.version.number, number__lte=version.number)
        )
        answers, _ = migrate_answers(answers, sorted(steps, key=lambda v: v.number))
    referral = referral_start(membership=membership, version=version)
    referral.answers = {**answers, **referral.answers}
    referral.copied_from = source
    referral.sections_to_confirm = [
        section["key"]
        for section in version.schema["sections"]
        if any(q["key"] in answers for page in section["pages"] for q in page["questions"])
    ]
    referral.save()
    return referral


def referral_group_item_save(
    *,
    referral: Referral,
    question: dict[str, Any],
    index: int | None,
    item: dict[str, Any],
    shown_version: str | None = None,
) -> Referral:
    """Add an item to a repeating group (index None) or replace one, within the group's maximum.

    An item is added to the group as stored now, so items added at the same moment are all kept. Replacing item
    `index` of a list that changed since it was shown (`shown_version`, the group question's `page_answers_version`)
    raises `AnswersChanged`: the item at that place may no longer be the one that was shown.
    """
    clean_item = {key: value for key, value in item.items() if answered(value)}
    with _locked(referral) as fresh:
        items = list(fresh.answers.get(question["key"], []))
        if index is None:
            if len(items) >= question.get("max_items", 50):
                raise ReferralNotReady([f"You can add up to {question.get('max_items', 50)} items"])
            items.append(clean_item)
        else:
            _refuse_if_group_changed(fresh, question, index, items, shown_version)
            items[index] = clean_item
        fresh.answers = {**fresh.answers, question["key"]: items}
        fresh.needs_checking = [key for key in fresh.needs_checking if key != question["key"]]
        fresh.save(update_fields=["answers", "needs_checking", "updated_at"])
    return referral


def _refuse_if_group_changed(
    fresh: Referral, question: dict[str, Any], index: int, items: list[Any], shown_version: str | None
) -> None:
    """Item `index` of the group as stored must be the one that was shown."""
    stale = shown_version is not None and shown_version != group_answers_version(question, fresh.answers)
    if stale or index >= len(items):
        raise AnswersChanged(fresh)


def referral_group_item_remove(
    *, referral: Referral, question: dict[str, Any], index: int, shown_version: str | None = None
) -> Referral:
    """Remove item `index`; refused with `AnswersChanged` if the list changed since it was shown."""
    with _locked(referral) as fresh:
        items = list(fresh.answers.get(question["key"], []))
        _refuse_if_group_changed(fresh, question, index, items, shown_version)
        del items[index]
        answers = dict(fresh.answers)
        if items:
            answers[question["key"]] = items
        else:
            answers.pop(question["key"], None)
        fresh.answers = answers
        fresh.save(update_fields=["answers", "updated_at"])
    return referral


def _write_attachment_answer(fresh: Referral, question_key: str) -> None:
    """The question's answer is the ids of its attachments, written into the locked referral's answers."""
    ids = list(fresh.attachments.filter(question_key=question_key).values_list("pk", flat=True))
    answers = dict(fresh.answers)
    if ids:
        answers[question_key] = ids
    else:
        answers.pop(question_key, None)
    fresh.answers = answers
    fresh.save(update_fields=["answers", "updated_at"])


def _refuse_if_full(referral: Referral, question: dict[str, Any]) -> None:
    if referral.attachments.count() >= MAX_ATTACHMENTS_PER_REFERRAL:
        raise AttachmentRefused(f"A referral can have up to {MAX_ATTACHMENTS_PER_REFERRAL} documents")
    if referral.attachments.filter(question_key=question["key"]).count() >= question.get("max_items", 5):
        raise AttachmentRefused(f"You can upload up to {question.get('max_items', 5)} files here")


def referral_attachment_add(
    *, referral: Referral, question: dict[str, Any], upload: Any, user: Actor
) -> ReferralAttachment:
    """Validate an uploaded PDF in the sandbox and attach it; a refusal changes nothing already saved.

    The limits are checked before the (slow) validation and again under the row lock, where the attachment and the
    question's answer are written, so uploads at the same moment neither pass a limit together nor lose an answer.
    """
    _refuse_unless_draft(referral)
    _refuse_if_full(referral, question)
    if upload.size > MAX_UPLOAD_BYTES:
        raise AttachmentRefused("The selected file must be smaller than 20MB")
    path = storage.upload_to_quarantine(upload)
    try:
        verdict = validate_pdf(path, limits=AttachmentLimits(max_bytes=MAX_UPLOAD_BYTES))
        if not verdict.ok:
            raise AttachmentRefused(verdict.message)
        stored_name = ""
        try:
            with _locked(referral) as fresh:
                _refuse_if_full(fresh, question)
                stored_name = storage.quarantine_accept(path)
                attachment = ReferralAttachment(
                    referral=fresh,
                    question_key=question["key"],
                    stored_name=stored_name,
                    display_name=_display_name(upload.name),
                    size=verdict.size,
                    pages=verdict.pages,
                    sha256=verdict.sha256,
                    uploaded_by=user,
                )
                attachment.save()
                _write_attachment_answer(fresh, question["key"])
        except BaseException:
            if stored_name:  # accepted, but not recorded: no file without its row
                storage.attachment_remove(stored_name)
            raise
    finally:
        storage.discard(path)
    audit_record(actor=user, action="referral.attachment_add", outcome=AuditEvent.Outcome.SUCCEEDED, obj=referral)
    return attachment


def _display_name(name: str) -> str:
    """Keep a short, printable file name for people to recognise; it never reaches the file system."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    printable = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*')
    return (printable or "document.pdf")[:120]


def referral_attachment_remove(*, referral: Referral, attachment: ReferralAttachment) -> None:
    """Remove the attachment and its id from the question's answer, under the row lock; the file goes on commit."""
    stored_name = attachment.stored_name
    question_key = attachment.question_key
    with _locked(referral) as fresh:
        attachment.delete()
        transaction.on_commit(lambda: storage.attachment_remove(stored_name))
        _write_attachment_answer(fresh, question_key)


def referral_tasks(referral: Referral) -> list[SectionState]:
    """The task list of a referral: each section's status."""
    return task_list(
        referral.version.journey_schema,
        referral.answers,
        set(referral.needs_checking),
        frozenset(referral.sections_to_confirm),
    )


def readiness_problems(referral: Referral, states: list[SectionState] | None = None) -> list[str]:
    """What stops the referral going to the sanctioning officer: incomplete sections and legal-rule errors.

    `states` is the referral's task list (`referral_tasks`) when the caller has it already."""
    states = referral_tasks(referral) if states is None else states
    problems = [f"Complete the section ‘{s.section['title']}’" for s in states if s.status != str(Status.COMPLETED)]
    if all_complete(states):
        results = referral_rule_results(referral.answers, today=timezone.localdate())
        problems += [r.message for r in results if r.severity == ERROR]
    return problems


def sanctioning_officers(organisation_id: int) -> QuerySet[Membership]:
    """The authority's active members who may sign a referral: those with the sanctioning officer role."""
    return (
        Membership.objects.filter(
            organisation_id=organisation_id, role=Role.SANCTIONING_OFFICER, is_active=True, user__is_active=True
        )
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")
    )


def _notify_officer(referral: Referral, officer: Any) -> None:
    """Tell the chosen sanctioning officer a referral waits for their signature: a link, never the child's details.
    Queued in the caller's transaction, so a send that rolls back e-mails no one (ops/notifications.py)."""
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("referrals:sign", args=[referral.pk])
    notification_send(
        to=[officer.email],
        subject="A secure welfare referral is waiting for your signature",
        body="\n\n".join(
            [
                f"{referral.created_by.get_full_name() or 'A social worker'} has sent you a secure welfare referral "
                "to sign. It goes to the Secure Welfare Coordination Unit only after you sign the statement of "
                "responsibility.",
                f"Sign in to read and sign it: {link}",
            ]
        ),
    )


def referral_send_for_signature(*, referral: Referral, user: Actor, officer: Actor = None) -> Referral:
    """Lock the answers and ask a sanctioning officer of the same local authority to sign.

    `officer` is the one the referrer chose from `sanctioning_officers` (the referral page requires a choice): only
    they may sign, and they are e-mailed. None leaves it to any of the authority's sanctioning officers, as for a
    referral sent before officers were chosen. Checked on the answers as stored, under the row lock: a page saved
    at the same moment is either in what is sent or refused because the referral has gone for signature."""
    with _locked(referral) as fresh:
        problems = readiness_problems(fresh)
        if officer is not None and not sanctioning_officers(fresh.local_authority_id).filter(user=officer).exists():
            problems.append("Select a sanctioning officer of your authority to sign this referral")
        if not problems:
            fresh.status, fresh.sent_for_signature_at = Referral.Status.AWAITING_SIGNATURE, timezone.now()
            fresh.sanctioning_officer = officer
            fresh.save(update_fields=["status", "sent_for_signature_at", "sanctioning_officer", "updated_at"])
            if officer is not None:
                _notify_officer(fresh, officer)
    if problems:
        raise ReferralNotReady(problems)
    audit_record(actor=user, action="referral.send_for_signature", outcome=AuditEvent.Outcome.SUCCEEDED, obj=referral)
    return referral


def referral_return_to_draft(*, referral: Referral, user: Actor) -> Referral:
    """The sanctioning officer sends the referral back for changes."""
    if referral.status != Referral.Status.AWAITING_SIGNATURE:
        raise ReferralNotReady(["Only a referral waiting for signature can be returned"])
    referral.status = Referral.Status.DRAFT
    referral.save(update_fields=["status", "updated_at"])
    audit_record(actor=user, action="referral.return_to_draft", outcome=AuditEvent.Outcome.SUCCEEDED, obj=referral)
    return referral


def visible_answers(schema: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """Only the answers to questions that are shown: hidden answers are never submitted or printed."""
    return {
        question["key"]: answers[question["key"]]
        for _, _, question in iter_questions(schema)
        if question["key"] in answers and visible(question, answers)
    }


def answers_hash(answers: dict[str, Any]) -> str:
    """The SHA-256 of the answers as canonical JSON: what a pack and a submitted referral are pinned to."""
    return hashlib.sha256(json.dumps(answers, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


@transaction.atomic
def referral_sign_and_submit(*, referral: Referral, membership: Membership, job_title: str) -> Referral:
    """Sign the statement of responsibility and submit: the answers are frozen and a reference issued."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != Referral.Status.AWAITING_SIGNATURE:
        raise ReferralNotReady(["This referral is not waiting for a signature"])
    if referral.sanctioning_officer_id not in (None, membership.user.pk):
        raise ReferralNotReady(["This referral is waiting for another sanctioning officer's signature"])
    referral.answers = visible_answers(referral.version.schema, referral.answers)
    referral.answers_hash = answers_hash(referral.answers)
    referral.signed_by, referral.signatory_name = membership.user, membership.user.get_full_name()
    referral.signatory_job_title = job_title
    referral.status, referral.submitted_at = Referral.Status.SUBMITTED, timezone.now()
    for _ in range(10):
        referral.reference = new_reference()
        try:
            with transaction.atomic():
                referral.save()
            break
        except IntegrityError:
            continue
    audit_record(actor=membership.user, action="referral.submit", outcome=AuditEvent.Outcome.SUCCEEDED, obj=referral)
    return referral
