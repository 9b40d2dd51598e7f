"""A search for a bed: one per submitted referral, a request per home asked, at most one placement."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Search(models.Model):
    """The search for a secure bed for one submitted referral, open until placed or closed."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PLACED = "placed", _("Placed")
        CLOSED = "closed", _("Closed without a placement")

    class Outcome(models.TextChoices):
        PLACED = "placed", _("Placed in a secure children's home")
        ALTERNATIVE = "alternative", _("Alternative accommodation")
        WITHDRAWN = "withdrawn", _("Referral withdrawn")
        ORDER_LAPSED = "order_lapsed", _("Order lapsed")
        CEASED = "ceased", _("Search ceased")

    referral = models.OneToOneField(
        "forms_engine.Referral", on_delete=models.PROTECT, related_name="search", verbose_name=_("referral")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attempts = models.PositiveSmallIntegerField(_("homes asked"), default=0)
    first_offer_at = models.DateTimeField(_("first offer at"), null=True, blank=True)
    placed_at = models.DateTimeField(_("placed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_on = models.DateField(_("search ended on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    place_code = models.CharField(_("placement type (SSDA903 PLACE)"), max_length=4, blank=True)
    registered = models.BooleanField(_("registered provision"), null=True, blank=True)
    dol_order = models.BooleanField(_("deprivation of liberty order"), null=True, blank=True)
    provider_type = models.CharField(_("provider (SSDA903 PLACE_PROVIDER)"), max_length=4, blank=True)

    class Meta:
        ordering = ["opened_at", "pk"]
        verbose_name_plural = _("searches")
        indexes = [models.Index(fields=["status", "opened_at"], name="search_status_opened_idx")]

    def __str__(self) -> str:
        return f"Search for {self.referral}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("circulation:search", kwargs={"pk": self.referral_id})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def days_open(self) -> int:
        """Whole days from opening to closing (or to now while open)."""
        return ((self.closed_at or timezone.now()) - self.opened_at).days

    @property
    def time_to_first_offer(self) -> timedelta | None:
        return self.first_offer_at - self.opened_at if self.first_offer_at else None

    @property
    def time_to_placement(self) -> timedelta | None:
        return self.placed_at - self.opened_at if self.placed_at else None

    @property
    def owning_organisation(self) -> Any:
        """Whose record this is, for the audit log: the referring local authority's record."""
        return self.referral.local_authority

    @property
    def audit_reference(self) -> str:
        """The referral this record belongs to, so the audit log can be asked about one child's records."""
        return self.referral.reference or ""


class HomeRequest(models.Model):
    """One home asked to consider one referral, with its own pack and its decision."""

    class Status(models.TextChoices):
        AWAITING = "awaiting", _("Waiting for a decision")
        INFO_REQUESTED = "info_requested", _("Information requested")
        ACCEPTED = "accepted", _("Offer made")
        DECLINED = "declined", _("Declined")
        RECALLED = "recalled", _("Recalled")
        PLACED = "placed", _("Placed")

    search = models.ForeignKey(Search, on_delete=models.CASCADE, related_name="requests")
    home = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="home_requests")
    pack_job = models.ForeignKey(
        "forms_engine.PackJob", on_delete=models.SET_NULL, null=True, blank=True, related_name="home_requests"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.AWAITING)
    circulated_at = models.DateTimeField(_("circulated at"), default=timezone.now)
    circulated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    respond_by = models.DateTimeField(_("respond by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_admission_date = models.DateField(_("proposed admission date"), null=True, blank=True)
    decline_reasons = models.JSONField(_("decline reasons (codes)"), default=list, blank=True)
    reasons_version = models.CharField(_("reasons list version"), max_length=16, blank=True)
    decline_text = models.TextField(_("more about the decision"), blank=True, max_length=2000)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    recalled_at = models.DateTimeField(_("recalled at"), null=True, blank=True)

    class Meta:
        ordering = ["circulated_at", "home__name"]
        constraints = [
            models.UniqueConstraint(fields=["search", "home"], name="homerequest_unique_home"),
            models.UniqueConstraint(
                fields=["search"], condition=models.Q(status="placed"), name="homerequest_one_placed_per_search"
            ),
        ]
        indexes = [models.Index(fields=["home", "status"], name="homerequest_home_status_idx")]

    def __str__(self) -> str:
        return f"{self.search.referral} to {self.home}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.AWAITING, self.Status.INFO_REQUESTED, self.Status.ACCEPTED)

    @property
    def waiting(self) -> timedelta:
        return (self.decided_at or timezone.now()) - self.circulated_at

    @property
    def owning_organisation(self) -> Any:
        """Whose record this is, for the audit log: the referring local authority's record."""
        return self.search.referral.local_authority

    @property
    def audit_reference(self) -> str:
        """The referral this record belongs to, so the audit log can be asked about one child's records."""
        return self.search.referral.reference or ""


class InformationRequest(models.Model):
    """A home's question about a referral and the local authority's answer, kept beside the submitted answers."""

    home_request = models.ForeignKey(HomeRequest, on_delete=models.CASCADE, related_name="questions")
    question = models.TextField(_("question"), max_length=2000)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    answer = models.TextField(_("answer"), blank=True, max_length=5000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self) -> str:
        return f"Question {self.pk} on {self.home_request}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def owning_organisation(self) -> Any:
        """Whose record this is, for the audit log: the referring local authority's record."""
        return self.home_request.search.referral.local_authority

    @property
    def audit_reference(self) -> str:
        """The referral this record belongs to, so the audit log can be asked about one child's records."""
        return self.home_request.search.referral.reference or ""


class Placement(models.Model):
    """The one confirmed placement that ends a search: which home, from which day."""

    search = models.OneToOneField(Search, on_delete=models.PROTECT, related_name="placement")
    home_request = models.OneToOneField(HomeRequest, on_delete=models.PROTECT, related_name="placement")
    home = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="placements")
    admitted_on = models.DateField(_("admitted on"))
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)

    class Meta:
        ordering = ["-confirmed_at"]

    def __str__(self) -> str:
        return f"{self.search.referral} placed at {self.home}"

    @property
    def owning_organisation(self) -> Any:
        """Whose record this is, for the audit log: the referring local authority's record."""
        return self.search.referral.local_authority

    @property
    def audit_reference(self) -> str:
        """The referral this record belongs to, so the audit log can be asked about one child's records."""
        return self.search.referral.reference or ""


class KeyInformationSheet(models.Model):
    """The key information for the first 72 hours, a short PDF issued only to the home whose offer was confirmed,
    and that home's acknowledgement of receipt."""

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="key_information")
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    source = models.CharField(_("taken from"), max_length=200)
    stored_name = models.CharField(_("stored as"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("key information for the first 72 hours")
        verbose_name_plural = _("key information for the first 72 hours")

    def __str__(self) -> str:
        return f"Key information for {self.placement}"

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    @property
    def owning_organisation(self) -> Any:
        """Whose record this is, for the audit log: the referring local authority's record."""
        return self.placement.search.referral.local_authority

    @property
    def audit_reference(self) -> str:
        """The referral this record belongs to, so the audit log can be asked about one child's records."""
        return self.placement.search.referral.reference or ""
