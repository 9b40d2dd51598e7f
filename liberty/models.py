"""Orders and authorisations that deprive a referred child of liberty, their reviews, and regulator notices."""

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vocabulary.codelists import CODE_LISTS


def _code_label(list_key: str, code: str) -> str:
    label = next((i["label"] for i in CODE_LISTS[list_key]["items"] if i["code"] == code), "")
    return f"{label} ({code})" if label else code


class LibertyOrder(models.Model):
    """One order (or the short placement without an order) restricting a referred child's liberty."""

    class Kind(models.TextChoices):
        SECURE_INTERIM = "secure_interim", _("Secure accommodation order (interim)")
        SECURE_FULL = "secure_full", _("Secure accommodation order (full)")
        NO_ORDER = "no_order", _("Placement without a court order (72 hours in any 28 days)")
        DOL_INHERENT = "dol_inherent", _("Deprivation of liberty order under the inherent jurisdiction")
        S25_1A = "s25_1a", _("Section 25(1A) order: deprivation of liberty in relevant accommodation")

    class Setting(models.TextChoices):
        SECURE_HOME = "secure_home", _("Secure children's home")
        REGISTERED_HOME = "registered_home", _("Registered children's home")
        UNREGISTERED = "unregistered", _("Unregistered setting")
        HOSPITAL = "hospital", _("Hospital")

    class Nation(models.TextChoices):
        ENGLAND = "england", _("England")
        WALES = "wales", _("Wales")

    referral = models.ForeignKey(
        "forms_engine.Referral", on_delete=models.PROTECT, related_name="liberty_orders", verbose_name=_("referral")
    )
    kind = models.CharField(_("kind of order"), max_length=16, choices=Kind.choices)
    court = models.CharField(_("court"), max_length=200, blank=True)
    hearing_on = models.DateField(_("hearing date"), null=True, blank=True)
    next_hearing_on = models.DateField(_("next hearing date"), null=True, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    expires_on = models.DateField(_("order end date"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True, max_length=2000)
    setting = models.CharField(_("setting authorised"), max_length=16, choices=Setting.choices)
    setting_nation = models.CharField(
        _("where the setting is"), max_length=8, choices=Nation.choices, default=Nation.ENGLAND
    )
    exit_plan = models.TextField(_("plan for when the order ends"), blank=True, max_length=2000)
    ended_at = models.DateTimeField(_("restriction ended"), null=True, blank=True)
    left_care_on = models.DateField(_("child stopped being looked after on"), null=True, blank=True)
    reminders_sent = models.JSONField(_("end-date reminders sent (days before)"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["expires_on"], name="liberty_order_expires_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.referral}"

    def get_absolute_url(self) -> str:
        return reverse("liberty:order", args=[self.pk])

    @property
    def owning_organisation(self) -> Any:
        """Whose record this is, for the audit log: the referring local authority's record."""
        return self.referral.local_authority

    @property
    def audit_reference(self) -> str:
        return self.referral.reference or ""

    @property
    def is_court_order(self) -> bool:
        return self.kind != self.Kind.NO_ORDER

    @property
    def needs_exit_plan(self) -> bool:
        """A secure placement's order: it may not end until an exit plan names where the child goes."""
        return self.is_court_order and self.setting == self.Setting.SECURE_HOME

    @property
    def is_dol(self) -> bool:
        """Recorded in the SSDA903 DoLO table: the inherent jurisdiction's orders and s25(1A) authorisations."""
        return self.kind in DOL_KINDS

    def is_current(self, on: date | None = None) -> bool:
        """In force on the day: started, not ended early and not past its end date."""
        on = on or timezone.localdate()
        started = timezone.localdate(self.starts_at) <= on
        return started and self.ended_at is None and (self.expires_on is None or self.expires_on >= on)

    def days_left(self, on: date | None = None) -> int | None:
        return (self.expires_on - (on or timezone.localdate())).days if self.expires_on else None

    def held_until(self, now: datetime | None = None) -> datetime:
        """The end of the restriction so far: when it ended, else now."""
        return self.ended_at or now or timezone.now()


# Deprivation of liberty outside the secure accommodation route: the SSDA903 DoLO table's orders, and the outcome
# indicator "deprived of liberty outside a secure home within 12 months" (outcomes.indicators).
DOL_KINDS = (LibertyOrder.Kind.DOL_INHERENT, LibertyOrder.Kind.S25_1A)


class OrderReview(models.Model):
    """A review of the restriction: within a month of its start, then at most every three months."""

    order = models.ForeignKey(LibertyOrder, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField(_("review held on"))
    criteria_met = models.BooleanField(_("the criteria for restricting liberty are still met"))
    still_necessary = models.BooleanField(_("the placement is still necessary"))
    other_accommodation = models.BooleanField(_("another kind of accommodation would be appropriate"))
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Review on {self.held_on} of {self.order}"

    @property
    def owning_organisation(self) -> Any:
        return self.order.referral.local_authority


class RegulatorNotification(models.Model):
    """The notice to Ofsted or Care Inspectorate Wales of a placement in an unregistered setting, due in 7 days."""

    class Regulator(models.TextChoices):
        OFSTED = "ofsted", _("Ofsted")
        CIW = "ciw", _("Care Inspectorate Wales")

    order = models.OneToOneField(LibertyOrder, on_delete=models.CASCADE, related_name="notification")
    regulator = models.CharField(_("regulator"), max_length=8, choices=Regulator.choices)
    drafted_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    due_on = models.DateField(_("due by"))
    body = models.TextField(_("draft"))
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Notice to {self.get_regulator_display()} about {self.order}"

    @property
    def owning_organisation(self) -> Any:
        return self.order.referral.local_authority

    def is_overdue(self, on: date | None = None) -> bool:
        return self.sent_on is None and self.due_on < (on or timezone.localdate())


class ExitPlan(models.Model):
    """Where the child goes when the order ends, in the exit record's codes (SSDA903 PLACE, the placement's local
    authority, registered or not, step-down): required before a secure placement's order ends, and the start of
    the exit record and so of the 3, 6 and 12-month follow-up."""

    order = models.OneToOneField(LibertyOrder, on_delete=models.CASCADE, related_name="destination")
    place_code = models.CharField(_("placement after the order (PLACE)"), max_length=4)
    placement_la = models.CharField(_("local authority area of the placement"), max_length=9, blank=True)
    registered = models.BooleanField(_("registered placement"), null=True, blank=True)
    step_down = models.BooleanField(_("through a step-down or transition service"), default=False)
    moves_on = models.DateField(_("planned move date"), null=True, blank=True)
    support = models.TextField(_("support and transition"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    def __str__(self) -> str:
        return f"Exit plan ({self.place_code}) for {self.order}"

    @property
    def place_label(self) -> str:
        return _code_label("ssda903_place", self.place_code)

    @property
    def placement_la_label(self) -> str:
        return _code_label("local_authorities", self.placement_la) if self.placement_la else ""

    @property
    def owning_organisation(self) -> Any:
        return self.order.referral.local_authority
