"""Facts for national oversight: one row per search, per home asked, per decline reason and per home-day of beds.

Real rows are rebuilt from circulation, forms_engine and beds (`oversight.services.facts_rebuild`); synthetic rows
(`is_synthetic`) come from `synthetic_searches` and have no search behind them. Neither holds a name, a date of
birth or a referral's answers: only the coded profile the reports group by.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation

LOCAL_AUTHORITY = Organisation.Kind.LOCAL_AUTHORITY


class SearchFact(models.Model):
    """A search's profile and measures, as the equity and unmet-demand reports read them."""

    search = models.OneToOneField(
        "circulation.Search", on_delete=models.CASCADE, null=True, blank=True, related_name="oversight_fact"
    )
    is_synthetic = models.BooleanField(_("synthetic"), default=False)
    local_authority = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    region = models.CharField(_("region"), max_length=64, blank=True)
    opened_on = models.DateField(_("opened on"))
    ended_on = models.DateField(_("placed or closed on"), null=True, blank=True)
    placed = models.BooleanField(_("placed"), default=False)
    age_band = models.CharField(_("age band"), max_length=16, blank=True)
    sex = models.CharField(_("sex"), max_length=8, blank=True)
    legal_route = models.CharField(_("legal route"), max_length=40, blank=True)
    staffing_intensity = models.CharField(_("staffing needed"), max_length=16, blank=True)
    risk_offending = models.BooleanField(default=False)
    risk_gangs = models.BooleanField(default=False)
    risk_cse = models.BooleanField(default=False)
    risk_cce = models.BooleanField(default=False)
    risk_sexually_harmful = models.BooleanField(default=False)
    risk_self_harm = models.BooleanField(default=False)
    risk_mental_health = models.BooleanField(default=False)
    risk_violence = models.BooleanField(default=False)
    days_to_first_offer = models.PositiveIntegerField(null=True, blank=True)
    days_to_placement = models.PositiveIntegerField(null=True, blank=True)
    homes_asked = models.PositiveSmallIntegerField(default=0)
    rounds = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["is_synthetic", "opened_on"], name="oversight_search_opened_idx")]

    def __str__(self) -> str:
        return f"Search fact {self.pk}"


class RequestFact(models.Model):
    """One home asked in one search: the round it was asked in and what it decided."""

    class Decision(models.TextChoices):
        OPEN = "open", _("No decision yet")
        OFFERED = "offered", _("Offer made")
        DECLINED = "declined", _("Declined")
        RECALLED = "recalled", _("Recalled")
        PLACED = "placed", _("Placed")

    search_fact = models.ForeignKey(SearchFact, on_delete=models.CASCADE, related_name="requests")
    home = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    is_synthetic = models.BooleanField(default=False)
    round = models.PositiveSmallIntegerField(default=1)
    circulated_on = models.DateField()
    decided_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=16, choices=Decision.choices, default=Decision.OPEN)

    def __str__(self) -> str:
        return f"Request fact {self.pk}"


class DeclineFact(models.Model):
    """One coded reason of one decline, beside what the home had declared that morning."""

    request = models.ForeignKey(RequestFact, on_delete=models.CASCADE, related_name="reasons")
    search_fact = models.ForeignKey(SearchFact, on_delete=models.CASCADE, related_name="+")
    home = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    is_synthetic = models.BooleanField(default=False)
    declined_on = models.DateField()
    reason = models.CharField(max_length=40)
    # The declined child's profile, copied from the search fact (oversight.profile.PROFILE_FIELDS): the reason
    # tables group by it without a join.
    region = models.CharField(max_length=64, blank=True)
    age_band = models.CharField(max_length=16, blank=True)
    sex = models.CharField(max_length=8, blank=True)
    legal_route = models.CharField(max_length=40, blank=True)
    staffing_intensity = models.CharField(max_length=16, blank=True)
    risk_offending = models.BooleanField(default=False)
    risk_gangs = models.BooleanField(default=False)
    risk_cse = models.BooleanField(default=False)
    risk_cce = models.BooleanField(default=False)
    risk_sexually_harmful = models.BooleanField(default=False)
    risk_self_harm = models.BooleanField(default=False)
    risk_mental_health = models.BooleanField(default=False)
    risk_violence = models.BooleanField(default=False)
    # Whether the home's declaration that day (made before the decision) had a staffed welfare bed; None: none made.
    bed_declared = models.BooleanField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["is_synthetic", "declined_on"], name="oversight_decline_on_idx")]

    def __str__(self) -> str:
        return f"Decline fact {self.pk}"


class CapacityDay(models.Model):
    """A home's beds on one day, from its latest declaration of the day: approved, available, staffed, occupied."""

    home = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    is_synthetic = models.BooleanField(default=False)
    approved = models.PositiveSmallIntegerField()
    available_welfare = models.PositiveSmallIntegerField()
    available_justice = models.PositiveSmallIntegerField()
    staffed = models.PositiveSmallIntegerField()
    bookable = models.PositiveSmallIntegerField(help_text=_("Welfare beds free and staffed."))
    occupied = models.PositiveSmallIntegerField(help_text=_("Places not declared available (occupied or out of use)."))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["home", "date", "is_synthetic"], name="oversight_capacity_home_day")
        ]
        indexes = [models.Index(fields=["is_synthetic", "date"], name="oversight_capacity_date_idx")]

    def __str__(self) -> str:
        return f"{self.home_id} on {self.date}"


class QuarterlyPublication(models.Model):
    """The published quarterly "secure welfare placements" statistics: published figures only, as shown."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    generated_at = models.DateTimeField(_("generated at"), auto_now=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("generated by"),
    )
    # [{"key", "title", "header": [...], "rows": [{"label", "cells": [...], "total"}], "note"}]: text already shown
    # through disclosure control, never a count behind a symbol.
    tables = models.JSONField(_("tables"), default=list)

    class Meta:
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="oversight_one_publication_per_quarter")
        ]

    def __str__(self) -> str:
        return f"{self.year} Q{self.quarter}"

    @property
    def slug(self) -> str:
        return f"{self.year}-q{self.quarter}"


class FactsBuild(models.Model):
    """The one marker row of the real facts' rebuild: locked while a rebuild runs (so two never overlap) and stamped
    when one commits, for the reports' "Figures as of"."""

    started_at = models.DateTimeField(_("started at"), null=True, blank=True)  # when the last one began reading
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    searches = models.PositiveIntegerField(default=0)
    requests = models.PositiveIntegerField(default=0)
    declines = models.PositiveIntegerField(default=0)
    days = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Oversight facts built at {self.built_at}" if self.built_at else "Oversight facts never built"


class CareCooperative(models.Model):
    """A Regional Care Co-operative: local authorities commissioning secure places together, led by one of them. The
    equity report groups searches by the co-operative of the referring authority."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    lead_authority = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": LOCAL_AUTHORITY},
        verbose_name=_("lead local authority"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("care co-operative")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.lead_authority_id and self.lead_authority.kind != LOCAL_AUTHORITY:
            raise ValidationError({"lead_authority": _("Choose a local authority to lead the co-operative")})


class CareCooperativeMember(models.Model):
    """A local authority's membership of its care co-operative: one co-operative per authority, so a search is
    counted once."""

    cooperative = models.ForeignKey(CareCooperative, on_delete=models.CASCADE, related_name="members")
    local_authority = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="care_cooperative",
        limit_choices_to={"kind": LOCAL_AUTHORITY},
        verbose_name=_("local authority"),
    )

    class Meta:
        verbose_name = _("care co-operative member")

    def __str__(self) -> str:
        return f"{self.local_authority} in {self.cooperative}"

    def clean(self) -> None:
        if self.local_authority_id and self.local_authority.kind != LOCAL_AUTHORITY:
            raise ValidationError({"local_authority": _("Choose a local authority")})
