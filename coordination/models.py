"""Upkeep of open searches (two-weekly updates, three-monthly reviews, reminders) and Ofsted notifications."""

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms_engine.models import Referral
from liberty.models import RegulatorNotification


class SearchUpdate(models.Model):
    """A two-weekly update from the local authority while its search is open. Free text stays here, never in audit."""

    class OrderStatus(models.TextChoices):
        """The same choices as the referral's order question, plus an order that has ended."""

        NO_ORDER_72_HOUR = "no_order_72_hour", _("No order – placement of up to 72 hours without court authority")
        APPLICATION_PENDING = "application_pending", _("Application made – waiting for the hearing")
        INTERIM_ORDER = "interim_order", _("Interim secure accommodation order made")
        FULL_ORDER = "full_order", _("Secure accommodation order made")
        ENDED = "ended", _("The order has ended or the application was refused")

    search = models.ForeignKey(
        "circulation.Search", on_delete=models.CASCADE, related_name="updates", verbose_name=_("search")
    )
    what_changed = models.TextField(_("what has changed since the last update"), max_length=5000)
    placement_and_risks = models.TextField(_("current placement and risks"), max_length=5000)
    order_status = models.CharField(_("court order status"), max_length=24, choices=OrderStatus.choices)
    order_expires_on = models.DateField(_("order expiry date"), null=True, blank=True)
    for_homes = models.TextField(_("anything homes must know"), max_length=3000, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["search", "submitted_at"], name="searchupdate_search_idx")]

    def __str__(self) -> str:
        return f"Update {self.pk} on {self.search}"

    @property
    def owning_organisation(self) -> Any:
        """Whose record this is, for the audit log: the referring local authority's record."""
        return self.search.referral.local_authority

    @property
    def audit_reference(self) -> str:
        """The referral this record belongs to, so the audit log can be asked about one child's records."""
        return self.search.referral.reference or ""


class SearchReview(models.Model):
    """A three-monthly reviewed referral: the child's last submitted referral copied forward to the live version."""

    search = models.ForeignKey(
        "circulation.Search", on_delete=models.CASCADE, related_name="reviews", verbose_name=_("search")
    )
    source = models.ForeignKey(
        "forms_engine.Referral", on_delete=models.PROTECT, related_name="+", verbose_name=_("copied from")
    )
    referral = models.OneToOneField(
        "forms_engine.Referral", on_delete=models.PROTECT, related_name="review_of", verbose_name=_("reviewed referral")
    )
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("started at"), default=timezone.now)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Review {self.pk} of {self.search}"

    def get_absolute_url(self) -> str:
        return reverse("coordination:review-changes", kwargs={"pk": self.pk})

    @property
    def is_submitted(self) -> bool:
        return self.referral.status == Referral.Status.SUBMITTED

    @property
    def owning_organisation(self) -> Any:
        """Whose record this is, for the audit log: the referring local authority's record."""
        return self.search.referral.local_authority

    @property
    def audit_reference(self) -> str:
        """The referral this record belongs to, so the audit log can be asked about one child's records."""
        return self.search.referral.reference or ""


class UpkeepReminder(models.Model):
    """A reminder or overdue notice sent about a search; unique per due date, so the daily check sends it once."""

    class Kind(models.TextChoices):
        UPDATE_DUE = "update_due", _("Two-weekly update due soon")
        REVIEW_DUE = "review_due", _("Reviewed referral due soon")
        UPDATE_OVERDUE = "update_overdue", _("Two-weekly update overdue")
        REVIEW_OVERDUE = "review_overdue", _("Reviewed referral overdue")

    search = models.ForeignKey("circulation.Search", on_delete=models.CASCADE, related_name="upkeep_reminders")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    due_on = models.DateField(_("due on"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.PositiveSmallIntegerField(_("messages sent"), default=0)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["search", "kind", "due_on"], name="upkeepreminder_once_per_due_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.search} (due {self.due_on})"


class OfstedNotification(models.Model):
    """The letter telling Ofsted that a child could not be placed: drafted at closure, reviewed and sent by the LA."""

    class Status(models.TextChoices):
        DRAFTED = "drafted", _("Ready to review")
        FAILED = "failed", _("Could not be drafted")
        SENT = "sent", _("Sent")

    search = models.OneToOneField(
        "circulation.Search", on_delete=models.PROTECT, related_name="ofsted_notification", verbose_name=_("search")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFTED)
    # Ofsted, or Care Inspectorate Wales for a Welsh authority: liberty's route rule and its list of regulators.
    regulator = models.CharField(
        _("regulator"), max_length=8, choices=RegulatorNotification.Regulator.choices, default="ofsted"
    )
    drafted_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sha256 = models.CharField(_("SHA-256 of the letter"), max_length=64, blank=True)
    last_error = models.CharField(_("last error"), max_length=64, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_recorded_at = models.DateTimeField(_("sending recorded at"), null=True, blank=True)

    class Meta:
        ordering = ["-drafted_at", "-pk"]
        indexes = [models.Index(fields=["status"], name="ofstednotification_status_idx")]

    def __str__(self) -> str:
        return f"Ofsted notification for {self.search}"

    def get_absolute_url(self) -> str:
        return reverse("coordination:ofsted-detail", kwargs={"pk": self.pk})

    @property
    def is_sent(self) -> bool:
        return self.status == self.Status.SENT

    @property
    def owning_organisation(self) -> Any:
        """Whose record this is, for the audit log: the referring local authority's record."""
        return self.search.referral.local_authority

    @property
    def audit_reference(self) -> str:
        """The referral this record belongs to, so the audit log can be asked about one child's records."""
        return self.search.referral.reference or ""
