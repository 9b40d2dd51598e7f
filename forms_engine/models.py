"""Forms and their versions. A published version is immutable: its schema is fixed by a content hash."""

from typing import Any

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from vocabulary.dates import age_on, iso_date

from .layout import journey_schema
from .schema import schema_hash

_FROZEN_FIELDS = ("schema", "code_lists", "migration_rules", "number", "form_id")


class ImmutableVersionError(ValidationError):
    """Raised on any attempt to change a published version."""


class Form(models.Model):
    """A form that is published in versions, such as the SAN secure welfare referral form."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class FormVersion(models.Model):
    """One version of a form: schema, code lists, migration rules from the previous version, and its state."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        LIVE = "live", _("Live")
        ARCHIVED = "archived", _("Archived")

    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="versions", verbose_name=_("form"))
    number = models.PositiveSmallIntegerField(_("version number"))
    label = models.CharField(_("label"), max_length=120)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    schema = models.JSONField(_("schema"), default=dict)
    code_lists = models.JSONField(_("code lists"), default=dict, blank=True, help_text=_("Snapshot at publication."))
    migration_rules = models.JSONField(_("migration rules from the previous version"), default=list, blank=True)
    schema_hash = models.CharField(_("schema hash"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["form", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="formversion_unique_number"),
            models.UniqueConstraint(
                fields=["form"], condition=models.Q(state="live"), name="formversion_one_live_per_form"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk:
            self._refuse_changes_once_published()
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.state != self.State.DRAFT

    @property
    def journey_schema(self) -> dict[str, Any]:
        """The schema as the journey shows it: pages grouped by the published content's layout, if it has one."""
        return journey_schema(self.schema, self.schema_hash)

    def content_hash(self) -> str:
        """Hash over the schema and the code lists it was published with."""
        return schema_hash({"schema": self.schema, "code_lists": self.code_lists})

    def refuse_if_published(self) -> None:
        """Raise the immutability error unless this version is still a draft in the database."""
        stored_state = FormVersion.objects.filter(pk=self.pk).values_list("state", flat=True).first()
        if stored_state not in (None, self.State.DRAFT):
            raise ImmutableVersionError(self._immutable_message())

    def _immutable_message(self) -> str:
        return str(
            _("%(label)s is published and cannot be changed. Create a new draft version to make changes.")
            % {"label": self.label}
        )

    def _refuse_changes_once_published(self) -> None:
        stored = FormVersion.objects.filter(pk=self.pk).values(*_FROZEN_FIELDS, "state", "schema_hash").first()
        if stored is None or stored["state"] == self.State.DRAFT:
            return
        changed = [name for name in (*_FROZEN_FIELDS, "schema_hash") if stored[name] != getattr(self, name)]
        if changed:
            raise ImmutableVersionError(self._immutable_message())


class Referral(models.Model):
    """A secure welfare referral for one child, pinned to the form version it was started on."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING_SIGNATURE = "awaiting_signature", _("Waiting for the sanctioning officer")
        SUBMITTED = "submitted", _("Submitted")

    reference = models.CharField(_("reference"), max_length=16, unique=True, null=True, blank=True)
    version = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="referrals")
    local_authority = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="referrals", verbose_name=_("local authority")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.DRAFT)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    needs_checking = models.JSONField(_("answers that need checking"), default=list, blank=True)
    sections_to_confirm = models.JSONField(_("pre-filled sections to confirm"), default=list, blank=True)
    archived_answers = models.JSONField(_("answers kept from before a version migration"), default=dict, blank=True)
    migrated_from = models.ForeignKey(
        FormVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("migrated from")
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("copied from")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    anonymised_at = models.DateTimeField(
        _("anonymised at"),
        null=True,
        blank=True,
        help_text=_("When the retention schedule removed the answers and files (privacy/schedule.py)."),
    )
    sent_for_signature_at = models.DateTimeField(_("sent for signature at"), null=True, blank=True)
    sanctioning_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sanctioning officer chosen to sign"),
        help_text=_("Chosen by the referrer from the authority's sanctioning officers; only they may sign."),
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signatory_name = models.CharField(_("signatory's name"), max_length=200, blank=True)
    signatory_job_title = models.CharField(_("signatory's job title"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    answers_hash = models.CharField(_("answers hash at submission"), max_length=64, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["local_authority", "status"], name="referral_la_status_idx")]

    def __str__(self) -> str:
        return self.reference or f"Draft referral {self.pk}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("referrals:task-list", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def child_name(self) -> str:
        first, last = self.answers.get("child_first_name", ""), self.answers.get("child_last_name", "")
        return f"{first} {last}".strip()

    @property
    def owning_organisation(self) -> Any:
        """Whose record this is, for the audit log: the referring local authority's record."""
        return self.local_authority

    @property
    def audit_reference(self) -> str:
        """The referral this record belongs to, so the audit log can be asked about one child's records."""
        return self.reference or ""


class ReferralAttachment(models.Model):
    """A validated PDF attached to a referral, stored under a generated name outside the web root."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="attachments")
    question_key = models.CharField(_("question key"), max_length=100)
    stored_name = models.CharField(_("stored name"), max_length=64, unique=True, editable=False)
    display_name = models.CharField(_("file name shown"), max_length=120)
    size = models.PositiveIntegerField(_("size in bytes"))
    pages = models.PositiveIntegerField(_("pages"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["question_key", "uploaded_at"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def owning_organisation(self) -> Any:
        """Whose record this is, for the audit log: the referring local authority's record."""
        return self.referral.local_authority

    @property
    def audit_reference(self) -> str:
        """The referral this record belongs to, so the audit log can be asked about one child's records."""
        return self.referral.reference or ""


AMENDMENTS_APPEND_ONLY = "amendments_append_only"


class AmendmentsAreAppendOnly(Exception):
    """Raised by any attempt of the application to change or delete an amendment (only anonymisation may)."""


class AmendmentQuerySet(models.QuerySet):
    """Amendments are written and read; the retention schedule's anonymisation is the one change allowed."""

    def update(self, **kwargs: Any) -> int:
        raise AmendmentsAreAppendOnly("An amendment cannot be changed once recorded.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AmendmentsAreAppendOnly("An amendment cannot be deleted.")

    def anonymise(self) -> int:
        """Remove the values and reasons (privacy/schedule.py, identifiable_records); who and when stay."""
        with pgtrigger.ignore(f"forms_engine.ReferralAmendment:{AMENDMENTS_APPEND_ONLY}"):
            return super().update(old_value=None, new_value=None, reason="")


class ReferralAmendment(models.Model):
    """A correction to one answer of a submitted referral (UK GDPR article 16), kept beside the submitted answers.

    The submitted answers and their hash never change: a referral's effective answers are the submitted answers
    with its amendments applied in order (forms_engine/services/amendments.py). Values are stored as the page form
    stores answers (a date as its ISO string, checkboxes as a list).
    """

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="amendments")
    question_key = models.CharField(_("question key"), max_length=100)
    old_value = models.JSONField(_("answer before the correction"), null=True, blank=True)
    new_value = models.JSONField(_("corrected answer"), null=True, blank=True)
    reason = models.TextField(_("why the answer was corrected"), max_length=1000)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(_("corrected at"), auto_now_add=True, db_index=True)

    objects = AmendmentQuerySet.as_manager()

    class Meta:
        ordering = ["made_at", "pk"]
        # Append-only in the database itself on PostgreSQL; the model layer refuses it on every database.
        triggers = [pgtrigger.Protect(name=AMENDMENTS_APPEND_ONLY, operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"Correction of {self.question_key} on {self.referral}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AmendmentsAreAppendOnly("An amendment cannot be changed once recorded.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AmendmentsAreAppendOnly("An amendment cannot be deleted.")

    @property
    def owning_organisation(self) -> Any:
        """Whose record this is, for the audit log: the referring local authority's record."""
        return self.referral.local_authority

    @property
    def audit_reference(self) -> str:
        """The referral this record belongs to, so the audit log can be asked about one child's records."""
        return self.referral.reference or ""


class PackJob(models.Model):
    """A durable record of building one referral's pack for one home, pinned to its inputs at request time."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        # The files were destroyed under the retention schedule (privacy/schedule.py); asking again rebuilds them.
        DESTROYED = "destroyed", _("Destroyed, no longer needed")

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="pack_jobs")
    home = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="pack_jobs")
    answers_hash = models.CharField(_("answers hash"), max_length=64)
    template_sha256 = models.CharField(_("template SHA-256"), max_length=64)
    issued_at = models.DateTimeField(_("issue time"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, help_text=_("Builds started, ever."))
    last_error = models.CharField(_("last error"), max_length=64, blank=True)
    last_error_reason = models.CharField(
        _("why it last failed"), max_length=300, blank=True, help_text=_("The error's class and reason text.")
    )
    # The lease (docs/forms_engine.md, "Job leases and the sweeper"): the table, not the broker, is the source of
    # truth. A worker claims a queued job with one conditional UPDATE; while the lease is unexpired nobody else may
    # build it; the sweeper queues again a job whose lease expired or that the broker never delivered.
    lease_owner = models.CharField(_("leased by (worker)"), max_length=100, blank=True)
    lease_expires_at = models.DateTimeField(_("lease expires at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("worker last heard from at"), null=True, blank=True)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    enqueued_at = models.DateTimeField(
        _("sent to the broker at"), null=True, blank=True, help_text=_("Empty: queued but not yet sent.")
    )
    faults = models.PositiveSmallIntegerField(
        _("faults since requested"), default=0, help_text=_("Workers lost or errors outside the pack; capped.")
    )
    pack_id = models.CharField(_("pack id"), max_length=32, blank=True)
    files = models.JSONField(_("files and their SHA-256"), default=dict, blank=True)
    pdf_pages = models.PositiveIntegerField(_("PDF pages"), null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["home__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "home", "answers_hash", "template_sha256"], name="packjob_unique_inputs"
            ),
        ]
        indexes = [models.Index(fields=["state", "lease_expires_at"], name="packjob_state_lease_idx")]

    def __str__(self) -> str:
        return f"Pack of {self.referral} for {self.home}"

    @property
    def is_busy(self) -> bool:
        """Queued or being built: the status page keeps refreshing."""
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def is_retrying(self) -> bool:
        """Queued or being built again after a lost worker or an error outside the pack."""
        return self.is_busy and self.faults > 0

    @property
    def owning_organisation(self) -> Any:
        """Whose record this is, for the audit log: the referring local authority's record."""
        return self.referral.local_authority

    @property
    def audit_reference(self) -> str:
        """The referral this record belongs to, so the audit log can be asked about one child's records."""
        return self.referral.reference or ""


class PackTemplate(models.Model):
    """A DOCX pack template an editor uploaded for a form version; live only after every check passed."""

    class State(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        LIVE = "live", _("Live")
        REPLACED = "replaced", _("Replaced")
        REFUSED = "refused", _("Refused")

    version = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="pack_templates")
    stored_name = models.CharField(_("stored name"), max_length=64, unique=True, editable=False)
    original_name = models.CharField(_("file name uploaded"), max_length=120)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.CHECKING)
    problems = models.JSONField(_("problems found"), default=list, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    live_from = models.DateTimeField(_("live from"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version"], condition=models.Q(state="live"), name="packtemplate_one_live_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} for {self.version}"


class MockReferral(models.Model):
    """A synthetic referral for guidance and template checks: never a real child, never a Referral row."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    version = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="mock_referrals")
    written_on = models.DateField(_("date the mock referral is written as of"), null=True, blank=True)
    local_authority_name = models.CharField(_("referring local authority (fictional)"), max_length=200)
    signed_by = models.CharField(_("statement of responsibility signed by (fictional)"), max_length=200)
    answers = models.JSONField(_("answers"), default=dict)
    documents = models.JSONField(
        _("synthetic documents"), default=list, blank=True, help_text=_("Question key, title and page count.")
    )
    example_pdf = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    example_docx = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    examples_sha256 = models.CharField(_("inputs of the example packs"), max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["title"]
        verbose_name = _("mock referral")

    def __str__(self) -> str:
        return self.title

    def key_facts(self) -> list[tuple[str, str]]:
        """What a reader of the guidance sees first: age, sex, legal basis, urgency and the referring authority."""
        from .journey import display_value
        from .rules import referral_flags
        from .schema import question_index

        questions, answers = question_index(self.version.schema), self.answers
        facts = []
        born = iso_date(answers.get("child_date_of_birth"))
        if born and self.written_on:
            facts.append(("Age", f"{age_on(born, self.written_on)}"))
        for key in ("child_sex", "order_status", "primary_reason", "legal_status"):
            if key in questions and key in answers:
                facts.append(
                    (questions[key]["label"], display_value(questions[key], answers[key], self.version.code_lists))
                )
        flags = referral_flags(answers, today=self.written_on) if self.written_on else []
        facts.append(("Special processes", ", ".join(flags) or "None"))
        return facts
