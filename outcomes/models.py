"""Follow-ups of referred children: the starting point, the exit from secure, checkpoints and placement episodes."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string

from forms_engine.schema import schema_hash


class OutcomeQuestionSet(models.Model):
    """One version of the checkpoint questions; published versions are immutable, fixed by a content hash."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    number = models.PositiveSmallIntegerField(_("version number"), unique=True)
    label = models.CharField(_("label"), max_length=120)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    schema = models.JSONField(_("schema"), default=dict)
    code_lists = models.JSONField(_("code lists"), default=dict, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("outcome question set")

    def __str__(self) -> str:
        return self.label

    def save(self, *args: Any, **kwargs: Any) -> None:
        stored = OutcomeQuestionSet.objects.filter(pk=self.pk).values("state", "content_hash").first()
        if stored and stored["state"] == self.State.PUBLISHED and self.compute_hash() != stored["content_hash"]:
            raise ValidationError(_("%(label)s is published and cannot be changed.") % {"label": self.label})
        super().save(*args, **kwargs)

    def compute_hash(self) -> str:
        """SHA-256 over the schema and the code lists it was published with."""
        return schema_hash({"schema": self.schema, "code_lists": self.code_lists})


class FollowUp(models.Model):
    """One referred child's follow-up: from the exit from secure (placed) or from the search's closure (not placed)."""

    class Cohort(models.TextChoices):
        PLACED = "placed", _("Placed in a secure children's home")
        NOT_PLACED = "not_placed", _("Not placed")

    class Pathway(models.TextChoices):
        WELFARE = "welfare", _("Welfare")
        JUSTICE = "justice", _("Justice")

    class State(models.TextChoices):
        IN_SECURE = "in_secure", _("In secure: exit not yet recorded")
        FOLLOWING = "following", _("Being followed")
        COMPLETED = "completed", _("All checkpoints recorded")

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        NOT_KNOWN = "", _("Not known")

    referral = models.ForeignKey(
        "forms_engine.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="followups"
    )
    local_authority = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="followups",
        verbose_name=_("local authority"),
    )
    home = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followups_in_home",
        verbose_name=_("secure home"),
    )
    cohort = models.CharField(_("cohort"), max_length=16, choices=Cohort.choices)
    pathway = models.CharField(_("pathway"), max_length=16, choices=Pathway.choices, default=Pathway.WELFARE)
    state = models.CharField(_("state"), max_length=16, choices=State.choices)
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    start_date = models.DateField(_("follow-up start"), null=True, blank=True, db_index=True)
    closure_outcome = models.CharField(_("search outcome"), max_length=32, blank=True)
    start_place_code = models.CharField(_("placement at the start (PLACE)"), max_length=4, blank=True)
    child_sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True)
    age_at_start = models.PositiveSmallIntegerField(_("age at referral"), null=True, blank=True)
    is_synthetic = models.BooleanField(_("synthetic"), default=False, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["start_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral"], condition=models.Q(referral__isnull=False), name="followup_one_per_referral"
            ),
            models.CheckConstraint(
                condition=models.Q(referral__isnull=False) | models.Q(is_synthetic=True),
                name="followup_real_needs_referral",
            ),
        ]
        indexes = [models.Index(fields=["local_authority", "state"], name="followup_la_state_idx")]

    def __str__(self) -> str:
        return f"Follow-up {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("outcomes:followup-detail", kwargs={"pk": self.pk})

    @property
    def kind(self) -> str:
        """'exit' for a child placed in a secure home, 'unplaced' for one whose search closed without a bed."""
        return "exit" if self.cohort == self.Cohort.PLACED else "unplaced"

    @property
    def owning_organisation(self) -> Any:
        """Whose record this is, for the audit log: the referring local authority's record."""
        return self.local_authority

    @property
    def audit_reference(self) -> str:
        """The referral this record belongs to, so the audit log can be asked about one child's records."""
        referral = self.referral
        return (referral.reference or "") if referral is not None else ""


class Exit(models.Model):
    """A child's exit from a secure children's home: where they went, on what legal basis, with what support."""

    class Reason(models.TextChoices):
        ORDER_ENDED = "order_ended", _("Secure accommodation order ended or was not renewed")
        CRITERIA_NOT_MET = "criteria_not_met", _("Criteria for secure accommodation no longer met")
        PLANNED_MOVE = "planned_move", _("Planned move to a less restrictive placement")
        TRANSFER = "transfer", _("Moved to another secure children's home")
        CUSTODY = "custody", _("Remanded or sentenced to custody")
        TURNED_18 = "turned_18", _("Turned 18")
        OTHER = "other", _("Other reason")

    followup = models.OneToOneField(FollowUp, on_delete=models.CASCADE, related_name="exit")
    exit_date = models.DateField(_("exit date"))
    reason = models.CharField(_("reason"), max_length=32, choices=Reason.choices)
    place_code = models.CharField(_("placement on exit (PLACE)"), max_length=4, db_index=True)
    placement_la = models.CharField(_("placement local authority"), max_length=9)
    registered = models.BooleanField(_("registered placement"), null=True, blank=True)
    legal_status = models.CharField(_("legal status at exit (LS)"), max_length=4)
    step_down_used = models.BooleanField(_("step-down used"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("exit from secure")

    def __str__(self) -> str:
        return f"Exit of follow-up {self.followup_id} on {self.exit_date}"

    @property
    def owning_organisation(self) -> Any:
        """Whose record this is, for the audit log: the referring local authority's record."""
        return self.followup.local_authority

    @property
    def audit_reference(self) -> str:
        """The referral this record belongs to, so the audit log can be asked about one child's records."""
        return self.followup.audit_reference


class Checkpoint(models.Model):
    """The +3, +6 or +12-month checkpoint of a follow-up and, once recorded, its answers."""

    class State(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        DUE = "due", _("Due")
        OVERDUE = "overdue", _("Overdue")
        COMPLETED = "completed", _("Completed")

    class Months(models.IntegerChoices):
        THREE = 3, _("3-month")
        SIX = 6, _("6-month")
        TWELVE = 12, _("12-month")

    class Health(models.TextChoices):
        ENGAGED = "engaged", _("Engaged with health services")
        PARTLY = "partly", _("Partly engaged")
        NOT_ENGAGED = "not_engaged", _("Not engaged")
        NOT_KNOWN = "not_known", _("Not known")

    class ContactLost(models.TextChoices):
        CANNOT_TRACE = "cannot_trace", _("Cannot trace the young person")
        REFUSED = "refused", _("Young person refuses contact")
        MOVED_AWAY = "moved_away", _("Moved to another authority's care or abroad")
        NO_LONGER_SUPPORTED = "no_longer_supported", _("No longer receives a service")
        OTHER = "other", _("Other reason")

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="checkpoints")
    months = models.PositiveSmallIntegerField(_("months after the start"), choices=Months.choices)
    due_on = models.DateField(_("due on"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.UPCOMING)
    reminded_at = models.DateTimeField(_("due reminder sent at"), null=True, blank=True)
    overdue_reminded_at = models.DateTimeField(_("overdue reminder sent at"), null=True, blank=True)
    question_set = models.ForeignKey(
        OutcomeQuestionSet, on_delete=models.PROTECT, null=True, blank=True, related_name="checkpoints"
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    contact_lost = models.BooleanField(_("not known or lost contact"), null=True, blank=True)
    contact_lost_reason = models.CharField(_("reason"), max_length=32, choices=ContactLost.choices, blank=True)
    missing_episodes = models.PositiveSmallIntegerField(_("missing episodes"), null=True, blank=True)
    away_episodes = models.PositiveSmallIntegerField(_("away-from-placement episodes"), null=True, blank=True)
    custody = models.BooleanField(_("custody"), null=True, blank=True)
    custody_on = models.DateField(_("custody date"), null=True, blank=True)
    returned_to_secure = models.BooleanField(_("returned to secure"), null=True, blank=True)
    dol_order = models.BooleanField(_("deprivation-of-liberty order"), null=True, blank=True)
    activity = models.CharField(_("education, employment or training (ACTIV)"), max_length=4, blank=True)
    accommodation = models.CharField(_("accommodation (ACCOM)"), max_length=4, blank=True)
    health_engagement = models.CharField(_("health engagement"), max_length=16, choices=Health.choices, blank=True)
    completed_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["followup", "months"], name="checkpoint_unique_months")]
        indexes = [
            models.Index(fields=["state", "due_on"], name="checkpoint_state_due_idx"),
            models.Index(fields=["months", "state"], name="checkpoint_months_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.months}-month checkpoint of follow-up {self.followup_id}"

    def get_absolute_url(self) -> str:
        return reverse("outcomes:checkpoint-record", kwargs={"pk": self.pk})

    @property
    def is_known(self) -> bool:
        return self.state == self.State.COMPLETED and self.contact_lost is False

    @property
    def owning_organisation(self) -> Any:
        """Whose record this is, for the audit log: the referring local authority's record."""
        return self.followup.local_authority

    @property
    def audit_reference(self) -> str:
        """The referral this record belongs to, so the audit log can be asked about one child's records."""
        return self.followup.audit_reference


class PlacementEpisode(models.Model):
    """An SSDA903-style episode since the start of the follow-up: when it began, where, and why it is new."""

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="episodes")
    recorded_at_checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="episodes_recorded"
    )
    start_date = models.DateField(_("start date"))
    place_code = models.CharField(_("placement type (PLACE)"), max_length=4)
    rne = models.CharField(_("reason for new episode (RNE)"), max_length=1)
    reason_place_change = models.CharField(_("reason for placement change"), max_length=8, blank=True)

    class Meta:
        ordering = ["start_date", "pk"]
        indexes = [models.Index(fields=["followup", "start_date"], name="episode_followup_start_idx")]

    def __str__(self) -> str:
        return f"{self.place_code} from {self.start_date}"


class IndicatorFacts(models.Model):
    """One started child's indicator counts (0 or 1 each), kept by the services so reports sum rather than recompute.

    Columns match `outcomes.indicators.COUNTS`; `outcomes.services.facts` writes them from the record-level rules.
    Small integers rather than booleans so the report is a plain SUM on every database.
    """

    followup = models.OneToOneField(
        FollowUp, on_delete=models.CASCADE, primary_key=True, related_name="indicator_facts"
    )
    children = models.SmallIntegerField(default=0)
    recorded = models.SmallIntegerField(default=0)
    followed_3 = models.SmallIntegerField(default=0)
    stable_3 = models.SmallIntegerField(default=0)
    followed_6 = models.SmallIntegerField(default=0)
    stable_6 = models.SmallIntegerField(default=0)
    followed_12 = models.SmallIntegerField(default=0)
    stable_12 = models.SmallIntegerField(default=0)
    three_plus_placements_12 = models.SmallIntegerField(default=0)
    return_to_secure_12 = models.SmallIntegerField(default=0)
    custody_12 = models.SmallIntegerField(default=0)
    dol_outside_secure_12 = models.SmallIntegerField(default=0)
    not_known = models.SmallIntegerField(default=0)
    # The report key the child is counted under in IndicatorRollup (copied from the follow-up when the facts were
    # written), so that a refresh takes the child out of the row it was added to even if the follow-up has changed.
    cohort = models.CharField(max_length=16, default="")
    pathway = models.CharField(max_length=16, default="")
    home_key = models.BigIntegerField(default=0)  # the home's id, 0 for a child never placed in secure
    local_authority_key = models.BigIntegerField(default=0)
    start_month = models.DateField(null=True)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("indicator facts")
        verbose_name_plural = _("indicator facts")

    def __str__(self) -> str:
        return f"Indicator facts of follow-up {self.followup_id}"


class IndicatorRollup(models.Model):
    """The indicator facts summed per report key (cohort, pathway, home, local authority, start month, synthetic).

    Kept in the transaction that refreshes a child's facts, by adding the child's new facts to its key's row and
    taking its old ones out of theirs (an upsert, so two refreshes on one key add up rather than overwrite). Reports
    whose filters fall on whole months sum these rows: a few thousand at national scale instead of one per child.
    """

    cohort = models.CharField(max_length=16)
    pathway = models.CharField(max_length=16)
    home_key = models.BigIntegerField()
    home = models.ForeignKey(
        "accounts.Organisation", on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    local_authority = models.ForeignKey(
        "accounts.Organisation", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    start_month = models.DateField()
    is_synthetic = models.BooleanField()
    children = models.IntegerField(default=0)
    recorded = models.IntegerField(default=0)
    followed_3 = models.IntegerField(default=0)
    stable_3 = models.IntegerField(default=0)
    followed_6 = models.IntegerField(default=0)
    stable_6 = models.IntegerField(default=0)
    followed_12 = models.IntegerField(default=0)
    stable_12 = models.IntegerField(default=0)
    three_plus_placements_12 = models.IntegerField(default=0)
    return_to_secure_12 = models.IntegerField(default=0)
    custody_12 = models.IntegerField(default=0)
    dol_outside_secure_12 = models.IntegerField(default=0)
    not_known = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("indicator rollup")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "pathway", "home_key", "local_authority", "start_month", "is_synthetic"],
                name="indicator_rollup_key",
            )
        ]

    def __str__(self) -> str:
        return f"Indicators of {self.cohort} children starting {self.start_month:%B %Y}"


class SummaryPublication(models.Model):
    """A published monthly coordination summary as its web page shows it: text already through disclosure control
    (never a count behind a symbol), beside the PDF and the deck it was published with."""

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    title = models.CharField(_("title"), max_length=200)
    period = models.CharField(_("period"), max_length=50)
    # [{"label", "value"}]
    figures = models.JSONField(_("headline figures"), default=list)
    # [{"title", "header": [...], "rows": [[...]], "chart": [[label, text]]}]
    tables = models.JSONField(_("tables"), default=list)
    note = models.TextField(_("note on the data"), blank=True)
    pdf = models.ForeignKey(
        get_document_model_string(), on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="PDF"
    )
    slides = models.ForeignKey(
        get_document_model_string(),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("slides"),
    )
    published_at = models.DateTimeField(_("published at"), auto_now=True)

    class Meta:
        verbose_name = _("published coordination summary")
        ordering = ["-year", "-month"]
        constraints = [models.UniqueConstraint(fields=["year", "month"], name="outcomes_one_summary_per_month")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coordination_summaries:detail", args=[self.year, self.month])

    @property
    def slug(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"
