"""A secure home's daily declaration of its beds: approved, available (welfare, justice) and staffed places."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation

MIN_AGE = 10
MAX_AGE = 17
_AGE = [MinValueValidator(MIN_AGE), MaxValueValidator(MAX_AGE)]


class BedDeclaration(models.Model):
    """One declaration by a home for one day. History is kept: the latest declaration of a day counts."""

    class StaffingRatio(models.TextChoices):
        STANDARD = "standard", _("Standard staffing")
        ONE_TO_ONE = "1:1", _("1:1 (one member of staff to one child)")
        TWO_TO_ONE = "2:1", _("2:1 (two members of staff to one child)")

    class Sexes(models.TextChoices):
        ANY = "any", _("Girls and boys")
        FEMALE = "female", _("Girls only")
        MALE = "male", _("Boys only")

    home = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="bed_declarations",
        limit_choices_to={"kind": Organisation.Kind.SECURE_HOME},
        verbose_name=_("home"),
    )
    date = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    approved_places = models.PositiveSmallIntegerField(_("approved places"))
    available_welfare = models.PositiveSmallIntegerField(_("available welfare beds"))
    available_justice = models.PositiveSmallIntegerField(_("available justice beds"))
    staffed_capacity = models.PositiveSmallIntegerField(
        _("staffed capacity"), help_text=_("How many more children the home can safely admit today.")
    )
    max_staffing_ratio = models.CharField(
        _("most intensive staffing available"),
        max_length=16,
        choices=StaffingRatio.choices,
        default=StaffingRatio.STANDARD,
    )
    sexes = models.CharField(_("sexes accepted"), max_length=8, choices=Sexes.choices, default=Sexes.ANY)
    min_age = models.PositiveSmallIntegerField(_("youngest age accepted"), default=MIN_AGE, validators=_AGE)
    max_age = models.PositiveSmallIntegerField(_("oldest age accepted"), default=MAX_AGE, validators=_AGE)
    notes = models.TextField(_("notes"), blank=True, max_length=1000)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bed_declarations",
        verbose_name=_("declared by"),
    )
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-date", "-declared_at", "-pk"]
        get_latest_by = ["date", "declared_at", "pk"]
        indexes = [models.Index(fields=["home", "date", "declared_at"], name="beds_home_date_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(min_age__lte=models.F("max_age")), name="beds_age_range"),
            models.CheckConstraint(
                condition=models.Q(available_welfare__lte=models.F("approved_places") - models.F("available_justice")),
                name="beds_available_within_approved",
            ),
        ]
        verbose_name = _("bed declaration")

    def __str__(self) -> str:
        return f"{self.home} on {self.date:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("beds:home-history", kwargs={"home_pk": self.home_id})

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        welfare, justice = self.available_welfare or 0, self.available_justice or 0
        if self.approved_places is not None and welfare + justice > self.approved_places:
            errors["available_welfare"] = ValidationError(
                _("Available welfare and justice beds together must be no more than the %(places)s approved places"),
                params={"places": self.approved_places},
            )
        if self.staffed_capacity is not None and self.staffed_capacity > welfare + justice:
            errors["staffed_capacity"] = ValidationError(
                _("Staffed capacity must be no more than the %(free)s available welfare and justice beds"),
                params={"free": welfare + justice},
            )
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            errors["max_age"] = ValidationError(_("Oldest age accepted must be the same as or older than youngest"))
        if self.home_id and self.home.kind != Organisation.Kind.SECURE_HOME:
            errors["home"] = ValidationError(_("Only a secure children's home can declare beds"))
        if errors:
            raise ValidationError(errors)

    @property
    def bookable(self) -> int:
        """Welfare beds the home can actually fill today: nominal availability capped by staffed capacity."""
        return min(self.available_welfare, self.staffed_capacity)

    @property
    def owning_organisation(self) -> Any:
        """Whose record this is, for the audit log: the home's own declaration."""
        return self.home
