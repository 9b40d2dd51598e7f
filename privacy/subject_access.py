"""Subject access: everything the service holds about one child, as one ZIP with a readable index.

Pure functions over the domain apps' records; the views (subject_access_views.py) check who asks and audit.

- `child_referrals(referral)`: the child's referrals. The same child is the same local authority, the same first
  and last name (ignoring case and spacing) and the same date of birth in the referral answers, so re-referrals
  are found; a reviewed referral of one of those searches (and the referral it was copied from) is the same
  child's too. Repeated until nothing new is found.
- `gather(referral)`: every record of those referrals, as plain rows (one list per kind), and the files still held.
- `Redactor`: names of other children known to the service (other referrals' child first, last and other names)
  and other referrals' references, replaced whole-word and case-insensitively in every free-text value.
- `export_write(subject, out, ...)`: the ZIP, entries in a fixed order with fixed times: `index.html`,
  `data/<kind>.json`, then `files/<reference>/...`; refused with `ExportTooLarge` beyond `MAX_EXPORT_BYTES`.
"""

import io
import json
import re
import shutil
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from accounts.models import AuditEvent, Organisation
from circulation.models import HomeRequest, InformationRequest, Placement, Search
from circulation.reasons import reason_label
from coordination.models import OfstedNotification, SearchReview, SearchUpdate, UpkeepReminder
from coordination.services import ofsted_notification_key
from forms_engine.models import FormVersion, PackJob, Referral, ReferralAmendment, ReferralAttachment
from forms_engine.presenters import Row, sections
from forms_engine.services.amendments import AmendmentShown, amendments_shown, effective_answers
from forms_engine.services.packs import pack_key
from forms_engine.services.storage import attachment_key
from ops import storage
from outcomes.models import Checkpoint, Exit, FollowUp, PlacementEpisode
from vocabulary.dates import iso_date

MAX_EXPORT_BYTES = 500 * 1024 * 1024
REDACTED = "[another child]"
REDACTED_REFERENCE = "[another child's referral]"
FIRST_NAME, LAST_NAME, OTHER_NAMES, DATE_OF_BIRTH = (
    "child_first_name",
    "child_last_name",
    "child_other_names",
    "child_date_of_birth",
)
IDENTIFIERS = (("social_care_id", "Social care system ID"), ("child_upn", "UPN"), ("child_nhs_number", "NHS number"))

SAME_CHILD_RULE = (
    "A referral is this child's when it is from the same local authority and its answers (as submitted, or as "
    "corrected after submission) give the same first name, the same last name (capital letters and spaces are "
    "ignored) and the same date of birth as one of this child's referrals. A reviewed referral made for one of "
    "these searches, and the referral it was copied from, are this child's too. The search is repeated from every "
    "referral found until nothing new is found."
)
REDACTION_RULE = (
    "In every piece of free text (referral answers, homes' notes on their decisions, homes' questions and the "
    "answers, updates, checkpoint answers), the names of other children known to the service are replaced by "
    f"“{REDACTED}”, and other children's referral references by “{REDACTED_REFERENCE}”. Names are other "
    "referrals' children's first names, last names and the parts of them of three letters or more, and each of "
    "their other names; they are matched as whole words, ignoring capital letters. Words that are also this "
    "child's own names are never replaced."
)
REDACTION_LIMITS = (
    "Redaction cannot find a child the service has never been told about, a name misspelt or shortened, or a "
    "description that identifies someone without naming them. It is not applied inside files (attached documents, "
    "packs and letters are included as they are held), and a common word that is also another child's name is "
    "replaced too. Read the free text and the files before you send this export."
)

# Record kinds: file name in the ZIP, heading in the index, and what the index shows of each row.
KINDS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "referrals",
        "Referrals",
        (
            ("reference", "Reference"),
            ("status_label", "Status"),
            ("version", "Form version"),
            ("created_at", "Started"),
            ("submitted_at", "Submitted"),
            ("signatory_name", "Signed by"),
        ),
    ),
    (
        "amendments",
        "Corrections to submitted referrals",
        (
            ("referral", "Referral"),
            ("question_key", "Question"),
            ("old_value", "Answer before"),
            ("new_value", "Corrected answer"),
            ("reason", "Why"),
            ("made_by", "Corrected by"),
            ("made_at", "When"),
        ),
    ),
    (
        "attachments",
        "Documents attached to referrals",
        (
            ("referral", "Referral"),
            ("display_name", "Document"),
            ("question_key", "Question"),
            ("pages", "Pages"),
            ("uploaded_by", "Uploaded by"),
            ("uploaded_at", "Uploaded"),
            ("file_in_export", "File in this export"),
        ),
    ),
    (
        "packs",
        "Referral packs issued to homes",
        (
            ("referral", "Referral"),
            ("home", "Home"),
            ("state_label", "State"),
            ("issued_at", "Issued"),
            ("requested_by", "Requested by"),
            ("files_in_export", "Files in this export"),
        ),
    ),
    (
        "searches",
        "Searches for a bed",
        (
            ("referral", "Referral"),
            ("status_label", "Status"),
            ("opened_at", "Opened"),
            ("attempts", "Homes asked"),
            ("placed_at", "Placed"),
            ("closed_on", "Ended on"),
            ("outcome_label", "Outcome"),
        ),
    ),
    (
        "home_requests",
        "Homes asked and their decisions",
        (
            ("referral_reference", "Referral"),
            ("home", "Home"),
            ("status_label", "Status"),
            ("circulated_at", "Asked"),
            ("decided_at", "Decided"),
            ("decided_by", "Decided by"),
            ("decline_reason_labels", "Reasons"),
            ("decline_text", "The home's note"),
        ),
    ),
    (
        "information_requests",
        "Homes' questions and the answers",
        (
            ("referral_reference", "Referral"),
            ("home", "Home"),
            ("asked_at", "Asked"),
            ("question", "Question"),
            ("answered_at", "Answered"),
            ("answer", "Answer"),
        ),
    ),
    (
        "placements",
        "Placements",
        (
            ("referral_reference", "Referral"),
            ("home", "Home"),
            ("admitted_on", "Admitted on"),
            ("confirmed_by", "Confirmed by"),
        ),
    ),
    (
        "updates",
        "Two-weekly updates",
        (
            ("referral_reference", "Referral"),
            ("submitted_at", "Sent"),
            ("order_status_label", "Order"),
            ("what_changed", "What has changed"),
            ("placement_and_risks", "Placement and risks"),
            ("for_homes", "For homes"),
        ),
    ),
    (
        "reviews",
        "Reviewed referrals",
        (("search", "Search"), ("source", "Copied from"), ("referral", "Reviewed referral"), ("started_at", "Started")),
    ),
    (
        "upkeep_reminders",
        "Reminders sent about the search",
        (("referral_reference", "Referral"), ("kind_label", "Reminder"), ("due_on", "Due on"), ("sent_at", "Sent")),
    ),
    (
        "ofsted_notifications",
        "Ofsted notifications",
        (
            ("referral_reference", "Referral"),
            ("status_label", "Status"),
            ("drafted_at", "Drafted"),
            ("sent_on", "Sent on"),
            ("file_in_export", "File in this export"),
        ),
    ),
    (
        "followups",
        "Follow-ups",
        (
            ("referral", "Referral"),
            ("cohort_label", "Cohort"),
            ("state_label", "State"),
            ("home", "Home"),
            ("start_date", "Started"),
        ),
    ),
    (
        "exits",
        "Exits from secure",
        (
            ("referral_reference", "Referral"),
            ("exit_date", "Exit date"),
            ("reason_label", "Reason"),
            ("place_code", "Placement (PLACE)"),
            ("legal_status", "Legal status (LS)"),
        ),
    ),
    (
        "checkpoints",
        "Checkpoints",
        (
            ("referral_reference", "Referral"),
            ("months", "Months"),
            ("due_on", "Due on"),
            ("state_label", "State"),
            ("completed_at", "Recorded"),
            ("answers", "Answers"),
        ),
    ),
    (
        "placement_episodes",
        "Placement episodes",
        (
            ("referral_reference", "Referral"),
            ("start_date", "Started"),
            ("place_code", "Placement (PLACE)"),
            ("rne", "Reason for new episode"),
        ),
    ),
    (
        "audit_events",
        "Who viewed, downloaded or changed these records",
        (
            ("occurred_at", "When"),
            ("actor", "Who"),
            ("organisation", "Their organisation"),
            ("action", "Action"),
            ("subject_reference", "Referral"),
            ("file_type", "File"),
            ("outcome_label", "Outcome"),
        ),
    ),
)


class SubjectAccessError(Exception):
    """The export cannot be made; the message says why, for the person asking."""


class ExportTooLarge(SubjectAccessError):
    def __init__(self, size: int, limit: int) -> None:
        self.size, self.limit = size, limit
        super().__init__(
            f"The export would be {_megabytes(size)}, more than the limit of {_megabytes(limit)}. "
            "Ask the service team to make it from the server."
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


# The child's identity -----------------------------------------------------------------------------------------------


def _normal(value: object) -> str:
    """A name as compared: spaces collapsed, capital letters ignored."""
    return " ".join(str(value or "").split()).casefold()


@dataclass(frozen=True)
class ChildIdentity:
    local_authority_id: int
    first_name: str
    last_name: str
    date_of_birth: date


def _identity(local_authority_id: int, first: object, last: object, born: object) -> ChildIdentity | None:
    """The child's identity from the answers, or None when the name or date of birth is missing."""
    day = iso_date(born)
    if not _normal(first) or not _normal(last) or day is None:
        return None
    return ChildIdentity(local_authority_id, _normal(first), _normal(last), day)


_IDENTITY_VALUES = (
    "pk",
    "local_authority_id",
    f"answers__{FIRST_NAME}",
    f"answers__{LAST_NAME}",
    f"answers__{DATE_OF_BIRTH}",
)


def _corrected_facts(referrals: Q) -> dict[int, dict[str, Any]]:
    """Corrections of the child's name or date of birth (their latest value), per referral of `referrals`."""
    amendments = ReferralAmendment.objects.filter(referrals, question_key__in=(FIRST_NAME, LAST_NAME, DATE_OF_BIRTH))
    corrected: dict[int, dict[str, Any]] = {}
    for referral_id, key, value in amendments.order_by("made_at", "pk").values_list(
        "referral_id", "question_key", "new_value"
    ):
        corrected.setdefault(referral_id, {})[key] = value
    return corrected


def _identities(row: tuple[Any, ...], corrected: dict[int, dict[str, Any]]) -> set[ChildIdentity]:
    """The child's identity in one referral as submitted and, if its name or date of birth was corrected, as
    corrected."""
    pk, authority, first, last, born = row
    found = {_identity(authority, first, last, born)}
    if pk in corrected:
        fix = corrected[pk]
        found.add(
            _identity(authority, fix.get(FIRST_NAME, first), fix.get(LAST_NAME, last), fix.get(DATE_OF_BIRTH, born))
        )
    return {identity for identity in found if identity is not None}


def child_referrals(chosen: Referral) -> list[Referral]:
    """Every referral of the chosen referral's child (SAME_CHILD_RULE), oldest first."""
    found, frontier = {chosen.pk}, {chosen.pk}
    identities: set[ChildIdentity] = set()
    while frontier:
        rows = Referral.objects.filter(pk__in=frontier).values_list(*_IDENTITY_VALUES)
        corrected = _corrected_facts(Q(referral__in=frontier))
        new = {identity for row in rows for identity in _identities(row, corrected)} - identities
        identities |= new
        linked: set[int] = set()
        for authority in sorted({identity.local_authority_id for identity in new}):
            corrected = _corrected_facts(Q(referral__local_authority_id=authority))
            for row in Referral.objects.filter(local_authority_id=authority).values_list(*_IDENTITY_VALUES):
                if _identities(row, corrected) & new:
                    linked.add(row[0])
        reviews = SearchReview.objects.filter(
            Q(search__referral__in=frontier) | Q(referral__in=frontier) | Q(source__in=frontier)
        ).values_list("search__referral_id", "source_id", "referral_id")
        for review in reviews:
            linked.update(review)
        frontier = linked - found
        found |= frontier
    referrals = Referral.objects.filter(pk__in=found).select_related("local_authority", "version")
    return sorted(referrals, key=lambda r: (r.submitted_at or r.created_at, r.pk))


# Redaction ----------------------------------------------------------------------------------------------------------


def name_words(first: object, last: object, other: object = "") -> set[str]:
    """The words a child may be named by: the full name, the first and last name whole, their parts of three letters
    or more (split at spaces and hyphens), and each other name (split at commas, semicolons and slashes) whole."""
    words: set[str] = set()
    full = " ".join(f"{first or ''} {last or ''}".split())
    if " " in full:
        words.add(full)
    for name in (first, last):
        whole = " ".join(str(name or "").split())
        if len(whole) >= 2:
            words.add(whole)
        words.update(part for part in re.split(r"[\s\-]+", whole) if len(part) >= 3)
    for alias in re.split(r"[,;/]", str(other or "")):
        whole = " ".join(alias.split())
        if len(whole) >= 2:
            words.add(whole)
    return words


def _whole_words(words: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted(set(words), key=lambda word: (-len(word), word))  # longest first: "Mary-Jane" before "Mary"
    if not ordered:
        return None
    alternatives = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


class Redactor:
    """Replaces other children's names and referral references in free text (REDACTION_RULE)."""

    def __init__(self, *, names: Iterable[str], references: Iterable[str] = (), keep: Iterable[str] = ()) -> None:
        kept = {_normal(word) for word in keep}
        self._names = _whole_words(word for word in names if _normal(word) not in kept)
        self._references = _whole_words(reference for reference in references if reference)

    def text(self, value: str) -> str:
        if self._references is not None:
            value = self._references.sub(REDACTED_REFERENCE, value)
        if self._names is not None:
            value = self._names.sub(REDACTED, value)
        return value

    def value(self, value: Any) -> Any:
        """Every string in a value (answers are dictionaries and lists of them), redacted; keys are left alone."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {key: self.value(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.value(item) for item in value]
        return value


def redactor_for(referrals: list[Referral]) -> Redactor:
    """The redactor for one child's export: every other referral's child names and references."""
    own = {referral.pk for referral in referrals}
    keep: set[str] = set()
    for referral in referrals:
        answers = referral.answers
        keep |= name_words(answers.get(FIRST_NAME), answers.get(LAST_NAME), answers.get(OTHER_NAMES))
        for key in (FIRST_NAME, LAST_NAME):  # the child's own short name parts are never replaced either
            keep.update(re.split(r"[\s\-]+", str(answers.get(key) or "")))
    names: set[str] = set()
    references: set[str] = set()
    others = Referral.objects.exclude(pk__in=own).values_list(
        "reference", f"answers__{FIRST_NAME}", f"answers__{LAST_NAME}", f"answers__{OTHER_NAMES}"
    )
    for reference, first, last, other in others.iterator(chunk_size=2000):
        names |= name_words(first, last, other)
        if reference:
            references.add(reference)
    return Redactor(names=names, references=references, keep=keep)


# Gathering ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFile:
    """A file held for the child, to copy into the ZIP as it is."""

    arcname: str
    key: str  # in the protected storage
    size: int


@dataclass
class SubjectAccess:
    """What an export of one child holds: the records by kind (plain rows, redacted) and the files still held."""

    chosen: Referral
    referrals: list[Referral]
    redactor: Redactor
    records: dict[str, list[dict[str, Any]]]
    files: list[ExportFile] = field(default_factory=list)
    not_held: list[str] = field(default_factory=list)

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        return [(kind, title, len(self.records[kind])) for kind, title, _ in KINDS]

    @property
    def files_size(self) -> int:
        return sum(file.size for file in self.files)

    @property
    def references(self) -> list[str]:
        return [referral.reference for referral in self.referrals if referral.reference]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class _Rows:
    """Model rows as plain, JSON-ready dictionaries: every stored field; a related row by what names it (a person
    by username, an organisation by name, a referral by reference); free text redacted; a coded field's label."""

    def __init__(self, redactor: Redactor, own_referrals: set[int]) -> None:
        self.redactor, self.own_referrals = redactor, own_referrals
        self._labels: dict[tuple[type[models.Model], int | str], Any] = {}

    def row(self, obj: models.Model, **extra: Any) -> dict[str, Any]:
        row: dict[str, Any] = {}
        for model_field in obj._meta.concrete_fields:
            if model_field.is_relation:
                assert model_field.related_model is not None and not isinstance(model_field.related_model, str)
                row[model_field.name] = self._label(model_field.related_model, getattr(obj, model_field.attname))
                continue
            value = getattr(obj, model_field.attname)
            if isinstance(model_field, models.TextField | models.JSONField):
                value = self.redactor.value(value)
            row[model_field.name] = _plain(value)
            if model_field.choices and value not in (None, ""):
                row[f"{model_field.name}_label"] = str(dict(model_field.flatchoices).get(value, value))
        if "referral" not in row and hasattr(obj, "audit_reference"):
            row["referral_reference"] = obj.audit_reference
        row.update(extra)
        return row

    def _label(self, model: type[models.Model], pk: int | str | None) -> Any:
        if pk is None:
            return None
        if model is Referral and pk not in self.own_referrals:
            return REDACTED_REFERENCE  # a referral copied from another child's: never name it
        key = (model, pk)
        if key not in self._labels:
            self._labels[key] = self._fetch_label(model, pk)
        return self._labels[key]

    @staticmethod
    def _fetch_label(model: type[models.Model], pk: int | str) -> Any:
        if model is get_user_model():
            return get_user_model().objects.filter(pk=pk).values_list("username", flat=True).first()
        if model is Organisation:
            return Organisation.objects.filter(pk=pk).values_list("name", flat=True).first()
        if model is Referral:
            reference = Referral.objects.filter(pk=pk).values_list("reference", flat=True).first()
            return reference or f"draft referral {pk}"
        if model is FormVersion:
            return FormVersion.objects.filter(pk=pk).values_list("label", flat=True).first()
        if model is Search:
            reference = Search.objects.filter(pk=pk).values_list("referral__reference", flat=True).first()
            return f"search for {reference}"
        return pk


def _folder_name(referral: Referral) -> str:
    return referral.reference or f"draft-{referral.pk}"


def _safe_name(name: str, suffix: str = "") -> str:
    """A file name for inside the ZIP: letters, digits, dots, hyphens and underscores only, never a path."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(name.replace("\\", "/")).name).strip("-.") or "document"
    return cleaned if not suffix or cleaned.lower().endswith(suffix) else f"{cleaned}{suffix}"


def gather(chosen: Referral) -> SubjectAccess:
    """Everything held about the chosen referral's child: records of every kind, and the files still on disk."""
    referrals = child_referrals(chosen)
    pks = [referral.pk for referral in referrals]
    redactor = redactor_for(referrals)
    rows = _Rows(redactor, set(pks))
    subject = SubjectAccess(chosen, referrals, redactor, {kind: [] for kind, _, _ in KINDS})
    records = subject.records
    by_pk = {referral.pk: referral for referral in referrals}

    def held(key: str, arcname: str) -> str | None:
        try:
            size = storage.protected_storage().size(key)
        except FileNotFoundError:
            subject.not_held.append(arcname)
            return None
        subject.files.append(ExportFile(arcname, key, size))
        return arcname

    records["referrals"] = [rows.row(referral) for referral in referrals]
    amendments = ReferralAmendment.objects.filter(referral__in=pks).order_by("referral_id", "made_at", "pk")
    records["amendments"] = [rows.row(amendment) for amendment in amendments]
    for attachment in ReferralAttachment.objects.filter(referral__in=pks).order_by("referral_id", "pk"):
        name = f"{attachment.pk}-{_safe_name(attachment.display_name, '.pdf')}"
        arcname = f"files/{_folder_name(by_pk[attachment.referral_id])}/attachments/{name}"
        records["attachments"].append(
            rows.row(attachment, file_in_export=held(attachment_key(attachment.stored_name), arcname))
        )
    jobs = PackJob.objects.filter(referral__in=pks).select_related("home").order_by("referral_id", "pk")
    for job in jobs:
        in_export = {}
        for name in sorted(job.files or {}):
            arcname = f"files/{_folder_name(by_pk[job.referral_id])}/packs/{job.pk}-{job.home.slug}/{_safe_name(name)}"
            in_export[name] = held(pack_key(job, name), arcname)
        records["packs"].append(rows.row(job, files_in_export=in_export))
    searches = Search.objects.filter(referral__in=pks).order_by("pk")
    records["searches"] = [rows.row(search) for search in searches]
    requests = HomeRequest.objects.filter(search__referral__in=pks).select_related("search__referral")
    records["home_requests"] = [
        rows.row(
            request,
            decline_reason_labels=[reason_label(code, request.reasons_version) for code in request.decline_reasons],
        )
        for request in requests.order_by("pk")
    ]
    questions = InformationRequest.objects.filter(home_request__search__referral__in=pks).select_related(
        "home_request__home", "home_request__search__referral"
    )
    records["information_requests"] = [
        rows.row(question, home=question.home_request.home.name) for question in questions.order_by("pk")
    ]
    placements = Placement.objects.filter(search__referral__in=pks).select_related("search__referral")
    records["placements"] = [rows.row(placement) for placement in placements.order_by("pk")]
    updates = SearchUpdate.objects.filter(search__referral__in=pks).select_related("search__referral")
    records["updates"] = [rows.row(update) for update in updates.order_by("pk")]
    reviews = SearchReview.objects.filter(Q(search__referral__in=pks) | Q(referral__in=pks)).select_related(
        "search__referral"
    )
    records["reviews"] = [rows.row(review) for review in reviews.order_by("pk")]
    reminders = UpkeepReminder.objects.filter(search__referral__in=pks).select_related("search__referral")
    records["upkeep_reminders"] = [
        rows.row(reminder, referral_reference=reminder.search.referral.reference) for reminder in reminders
    ]
    notifications = OfstedNotification.objects.filter(search__referral__in=pks).select_related("search__referral")
    for notification in notifications.order_by("pk"):
        arcname = f"files/{_folder_name(notification.search.referral)}/ofsted/{notification.pk}-notification.docx"
        records["ofsted_notifications"].append(
            rows.row(notification, file_in_export=held(ofsted_notification_key(notification), arcname))
        )
    followups = FollowUp.objects.filter(referral__in=pks).order_by("pk")
    records["followups"] = [rows.row(followup) for followup in followups]
    related = "followup__referral"
    exits = Exit.objects.filter(followup__referral__in=pks).select_related(related).order_by("pk")
    records["exits"] = [rows.row(exit_) for exit_ in exits]
    checkpoints = Checkpoint.objects.filter(followup__referral__in=pks).select_related(related)
    records["checkpoints"] = [rows.row(checkpoint) for checkpoint in checkpoints.order_by("pk")]
    episodes = PlacementEpisode.objects.filter(followup__referral__in=pks).select_related(related).order_by("pk")
    records["placement_episodes"] = [
        rows.row(episode, referral_reference=episode.followup.audit_reference) for episode in episodes
    ]
    records["audit_events"] = [rows.row(event) for event in _audit_events(subject)]
    return subject


def _audit_events(subject: SubjectAccess) -> Iterable[AuditEvent]:
    """Rows about the child's records: by the referral reference they carry, or by the record itself (a draft has
    no reference; rows written before references were recorded have none)."""
    records = subject.records
    objects = {
        "forms_engine.referral": records["referrals"],
        "forms_engine.referralamendment": records["amendments"],
        "forms_engine.referralattachment": records["attachments"],
        "forms_engine.packjob": records["packs"],
        "circulation.search": records["searches"],
        "circulation.homerequest": records["home_requests"],
        "circulation.informationrequest": records["information_requests"],
        "circulation.placement": records["placements"],
        "coordination.searchupdate": records["updates"],
        "coordination.searchreview": records["reviews"],
        "coordination.ofstednotification": records["ofsted_notifications"],
        "outcomes.followup": records["followups"],
        "outcomes.exit": records["exits"],
        "outcomes.checkpoint": records["checkpoints"],
    }
    wanted = Q(subject_reference__in=subject.references) if subject.references else Q(pk__in=[])
    for object_type, rows in objects.items():
        if rows:
            wanted |= Q(object_type=object_type, object_id__in=[str(row["id"]) for row in rows])
    return AuditEvent.objects.filter(wanted).order_by("occurred_at", "pk")


# The index ----------------------------------------------------------------------------------------------------------

_STYLE = """
body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;line-height:1.4;margin:0;background:#fff}
header{background:#0b0c0c;color:#fff;padding:12px 30px;font-weight:700;font-size:19px}
main{max-width:1100px;margin:0 auto;padding:20px 30px 60px}
h1{font-size:40px;margin:30px 0 15px}h2{font-size:30px;margin:45px 0 15px;border-top:2px solid #b1b4b6;
padding-top:15px}h3{font-size:22px;margin:30px 0 10px}p,li,td,th,dd,dt{font-size:16px}
.caption{color:#505a5f;font-size:22px;display:block}.inset{border-left:10px solid #b1b4b6;padding:10px 15px}
.warning{border-left:10px solid #d4351c;padding:10px 15px;font-weight:700}
table{border-collapse:collapse;width:100%;margin-bottom:20px}th,td{text-align:left;vertical-align:top;
padding:8px 10px 8px 0;border-bottom:1px solid #b1b4b6}dl{display:grid;grid-template-columns:minmax(180px,1fr) 2fr;
margin:0 0 20px}dt{font-weight:700;padding:8px 10px 8px 0;border-bottom:1px solid #b1b4b6}
dd{margin:0;padding:8px 0;border-bottom:1px solid #b1b4b6;white-space:pre-wrap}a{color:#1d70b8}
td{white-space:pre-wrap}td:first-child{white-space:nowrap}
"""

_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _shown(value: Any) -> str:
    """A value as people read it: dates in words, yes or no, lists joined, nothing as a dash."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        try:
            return f"{datetime.fromisoformat(value):%-d %B %Y %H:%M}"
        except ValueError:
            return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        day = iso_date(value)
        return f"{day:%-d %B %Y}" if day else value
    if isinstance(value, list):
        return ", ".join(_shown(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_shown(item)}" for key, item in value.items())
    return str(value)


def _cell(key: str, value: Any) -> SafeString:
    if key == "file_in_export":
        return format_html('<a href="{}">{}</a>', value, Path(value).name) if value else SafeString("No longer held")
    if key == "files_in_export" and isinstance(value, dict):
        if not value:
            return SafeString("–")
        return format_html_join(
            SafeString("<br>"),
            "{}",
            (
                (format_html('<a href="{}">{}</a>', path, name) if path else f"{name} (no longer held)",)
                for name, path in value.items()
            ),
        )
    return format_html("{}", _shown(value))


def _table(kind: str, title: str, columns: tuple[tuple[str, str], ...], rows: list[dict[str, Any]]) -> SafeString:
    heading = format_html('<h2 id="{}">{}</h2>', kind, title)
    note = format_html(
        '<p>{} in <a href="data/{}.json">data/{}.json</a>, with every field.</p>',
        f"{len(rows)} record{'s' if len(rows) != 1 else ''}",
        kind,
        kind,
    )
    if not rows:
        return heading + SafeString("<p>None.</p>")
    head = format_html_join("", '<th scope="col">{}</th>', ((label,) for _, label in columns))
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        ((format_html_join("", "<td>{}</td>", ((_cell(key, row.get(key)),) for key, _ in columns)),) for row in rows),
    )
    return heading + note + format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)


def _facts(pairs: Iterable[tuple[str, Any]]) -> SafeString:
    items = format_html_join("", "<dt>{}</dt><dd>{}</dd>", ((key, _shown(value)) for key, value in pairs))
    return format_html("<dl>{}</dl>", items)


def _answer_rows(rows: list[Row], redactor: Redactor) -> SafeString:
    pairs: list[tuple[str, SafeString | str]] = []
    for row in rows:
        if row.items:
            items = format_html_join(
                "",
                "<h4>{} {}</h4>{}",
                ((row.label, number, _answer_rows(item, redactor)) for number, item in enumerate(row.items, start=1)),
            )
            pairs.append((row.label, items))
        else:
            pairs.append((row.label, redactor.text(row.value) or "–"))
    return format_html("<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd>{}</dd>", pairs))


def _amendment_list(amendments: list[AmendmentShown], redactor: Redactor) -> SafeString:
    items = (
        (
            a.label,
            redactor.text(a.old) or "–",
            redactor.text(a.new) or "–",
            a.made_by,
            _shown(_plain(a.made_at)),
            redactor.text(a.reason) or "–",
        )
        for a in amendments
    )
    return format_html(
        "<ol>{}</ol>",
        format_html_join("", "<li><b>{}</b>: was “{}”, now “{}”. Corrected by {} on {}. Why: {}</li>", items),
    )


def _referral_section(referral: Referral, redactor: Redactor) -> SafeString:
    name = referral.reference or f"Draft referral {referral.pk}"
    anchor = f"referral-{_folder_name(referral)}"
    parts = [
        format_html('<h2 id="{}">Referral {}</h2>', anchor, name),
        _facts(
            [
                ("Status", referral.get_status_display()),
                ("Local authority", referral.local_authority.name),
                ("Form version", referral.version.label),
                ("Started", _plain(referral.created_at)),
                ("Submitted", _plain(referral.submitted_at)),
                ("Signed by", referral.signatory_name),
                ("Answers hash at submission", referral.answers_hash),
                *([("Anonymised", _plain(referral.anonymised_at))] if referral.anonymised_at else []),
            ]
        ),
    ]
    if referral.anonymised_at:
        parts.append(format_html("<p>{}</p>", "The retention schedule removed this referral's answers and files."))
    amendments = amendments_shown(referral)
    if amendments:
        note = "The answers below are as corrected; the answers as submitted are in data/referrals.json."
        parts.append(format_html("<p>{}</p>", note))
    for section, rows in sections(referral):
        if rows:
            parts += [format_html("<h3>{}</h3>", section["title"]), _answer_rows(rows, redactor)]
    if amendments:
        parts += [format_html("<h3>{}</h3>", "Corrections after submission"), _amendment_list(amendments, redactor)]
    if referral.archived_answers:
        parts.append(format_html("<h3>{}</h3>", "Answers kept from before the referral moved to a newer form version"))
        parts.append(_facts(sorted(redactor.value(referral.archived_answers).items())))
    return SafeString("".join(parts))


def index_html(subject: SubjectAccess, *, generated_at: datetime, generated_by: str = "") -> str:
    """The readable index: who the child is, how their records were found, then every kind of record."""
    answers = effective_answers(subject.chosen)  # the child's details as corrected, if they were
    child = " ".join(str(answers.get(key) or "") for key in (FIRST_NAME, LAST_NAME)).strip() or "Name not given"
    identifiers = [(label, answers.get(key)) for key, label in IDENTIFIERS if answers.get(key)]
    counts = format_html_join(
        "",
        '<tr><td><a href="#{}">{}</a></td><td>{}</td><td><a href="data/{}.json">data/{}.json</a></td></tr>',
        ((kind, title, count, kind, kind) for kind, title, count in subject.counts),
    )
    referral_rows = format_html_join(
        "",
        '<tr><td><a href="#referral-{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>',
        (
            (
                _folder_name(referral),
                referral.reference or f"Draft referral {referral.pk}",
                referral.get_status_display(),
                referral.version.label,
                _shown(_plain(referral.submitted_at)),
            )
            for referral in subject.referrals
        ),
    )
    parts: list[SafeString] = [
        format_html('<span class="caption">{}</span><h1>{}</h1>', child, "Subject access export"),
        _facts(
            [
                ("Child's name", child),
                ("Other names", answers.get(OTHER_NAMES)),
                ("Date of birth", answers.get(DATE_OF_BIRTH)),
                ("Local authority", subject.chosen.local_authority.name),
                *identifiers,
                ("Asked for with referral", subject.chosen.reference),
                ("Made", _plain(generated_at)),
                ("Made by", generated_by),
            ]
        ),
        format_html('<h2 id="how-found">{}</h2><p>{}</p>', "How this child's records were found", SAME_CHILD_RULE),
        format_html(
            '<table><thead><tr><th scope="col">Referral</th><th scope="col">Status</th>'
            '<th scope="col">Form version</th><th scope="col">Submitted</th></tr></thead><tbody>{}</tbody></table>',
            referral_rows,
        ),
        format_html('<h2 id="contents">{}</h2>', "What this export holds"),
        format_html(
            '<table><thead><tr><th scope="col">Records</th><th scope="col">Number</th>'
            '<th scope="col">Machine-readable file</th></tr></thead><tbody>{}</tbody></table>',
            counts,
        ),
        format_html(
            "<p>{} file{} held for this child {} in the <code>files</code> folder ({}).</p>",
            len(subject.files),
            "" if len(subject.files) == 1 else "s",
            "is" if len(subject.files) == 1 else "are",
            _megabytes(subject.files_size),
        ),
    ]
    if subject.not_held:
        parts.append(
            format_html(
                "<p>Recorded but no longer held (not in this export):</p><ul>{}</ul>",
                format_html_join("", "<li>{}</li>", ((name,) for name in subject.not_held)),
            )
        )
    parts += [
        format_html('<h2 id="redaction">{}</h2>', "Before you send this"),
        format_html('<p class="inset">{}</p><p class="warning">{}</p>', REDACTION_RULE, REDACTION_LIMITS),
    ]
    parts += [_referral_section(referral, subject.redactor) for referral in subject.referrals]
    parts.append(_table("referrals", "Referrals", KINDS[0][2], subject.records["referrals"]))
    for kind, title, columns in KINDS[1:]:
        parts.append(_table(kind, title, columns, subject.records[kind]))
    return format_html(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{}</title>'
        '<meta name="robots" content="noindex"><style>{}</style></head><body><header>{}</header>'
        "<main>{}</main></body></html>\n",
        f"Subject access export: {child}",
        SafeString(_STYLE),  # a constant
        "OFFICIAL-SENSITIVE: Secure Welfare Coordination Unit",
        SafeString("".join(parts)),
    )


# The ZIP ------------------------------------------------------------------------------------------------------------


def _data_files(subject: SubjectAccess, generated_at: datetime, generated_by: str) -> dict[str, bytes]:
    texts = {"index.html": index_html(subject, generated_at=generated_at, generated_by=generated_by).encode()}
    for kind, title, _ in KINDS:
        document = {
            "kind": kind,
            "title": title,
            "child_referrals": subject.references,
            "count": len(subject.records[kind]),
            "records": subject.records[kind],
        }
        texts[f"data/{kind}.json"] = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False).encode()
    about = {
        "made_at": _plain(generated_at),
        "made_by": generated_by,
        "asked_for_with_referral": subject.chosen.reference,
        "child_referrals": subject.references,
        "same_child_rule": SAME_CHILD_RULE,
        "redaction_rule": REDACTION_RULE,
        "redaction_limits": REDACTION_LIMITS,
        "counts": {kind: count for kind, _, count in subject.counts},
        "files": [file.arcname for file in sorted(subject.files, key=lambda f: f.arcname)],
        "files_not_held": sorted(subject.not_held),
    }
    texts["data/export.json"] = json.dumps(about, indent=2, sort_keys=True, ensure_ascii=False).encode()
    return texts


def export_write(
    subject: SubjectAccess,
    out: IO[bytes],
    *,
    generated_at: datetime,
    generated_by: str = "",
    limit: int | None = None,
) -> int:
    """Write the ZIP to `out` (seekable); returns the bytes packed before compression. Entries are in a fixed order
    (index.html, data/*.json sorted, files sorted) and carry the time the export was made, so the same records
    give the same ZIP. Refused with ExportTooLarge, before anything is written, beyond `limit` (by default
    MAX_EXPORT_BYTES, read when called)."""
    texts = _data_files(subject, generated_at, generated_by)
    total = sum(len(data) for data in texts.values()) + subject.files_size
    limit = MAX_EXPORT_BYTES if limit is None else limit
    if total > limit:
        raise ExportTooLarge(total, limit)
    moment = (timezone.localtime(generated_at) if timezone.is_aware(generated_at) else generated_at).timetuple()[:6]
    names = ["index.html", *sorted(name for name in texts if name != "index.html")]
    with zipfile.ZipFile(out, "w", allowZip64=True) as archive:
        for name in names:
            info = _entry(name, moment, zipfile.ZIP_DEFLATED)
            archive.writestr(info, texts[name])
        for file in sorted(subject.files, key=lambda f: f.arcname):
            info = _entry(file.arcname, moment, zipfile.ZIP_STORED)  # PDFs and DOCX are compressed already
            info.file_size = file.size
            try:
                source = storage.protected_storage().open(file.key, "rb")
            except FileNotFoundError as error:
                raise SubjectAccessError(
                    "A file was removed while the export was being made. Make the export again."
                ) from error
            with source, archive.open(info, "w") as target:
                shutil.copyfileobj(source, target, 1024 * 1024)
    return total


def _entry(name: str, moment: tuple[int, int, int, int, int, int], compression: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=moment if moment[0] >= 1980 else (1980, 1, 1, 0, 0, 0))  # ZIP's epoch
    info.compress_type = compression
    info.external_attr = 0o600 << 16
    return info


def export_bytes(
    subject: SubjectAccess, *, generated_at: datetime, generated_by: str = "", limit: int | None = None
) -> bytes:
    """The ZIP in memory (tests, small exports)."""
    buffer = io.BytesIO()
    export_write(subject, buffer, generated_at=generated_at, generated_by=generated_by, limit=limit)
    return buffer.getvalue()
