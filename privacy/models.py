"""Legal holds that stop the retention schedule, and a record of each run of it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalHold(models.Model):
    """Nothing of this referral (or, for a hold on the child, of any referral of the child, including referrals made
    later) is deleted or anonymised while the hold is in force (litigation, an inquiry, a complaint, a subject access
    request being answered)."""

    class Scope(models.TextChoices):
        REFERRAL = "referral", _("This referral")
        # The child is found from this referral as subject access finds one child (privacy/subject_access.py).
        CHILD = "child", _("Every referral of this child")

    scope = models.CharField(_("what is held"), max_length=16, choices=Scope.choices, default=Scope.REFERRAL)
    referral = models.ForeignKey(
        "forms_engine.Referral", on_delete=models.PROTECT, related_name="legal_holds", verbose_name=_("referral")
    )
    reason = models.CharField(_("reason"), max_length=200)
    until = models.DateField(_("until"), null=True, blank=True, help_text=_("Leave blank for a hold until released."))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(_("set at"), auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    class Meta:
        ordering = ["-set_at", "-pk"]

    def __str__(self) -> str:
        if self.scope == self.Scope.CHILD:
            return f"Legal hold on every referral of the child of {self.referral}"
        return f"Legal hold on {self.referral}"

    @property
    def owning_organisation(self) -> object:
        return self.referral.local_authority

    @property
    def audit_reference(self) -> str:
        return self.referral.reference or ""


class RetentionRun(models.Model):
    """One run of the retention schedule: when, whether it only listed, and how many records each rule took."""

    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    counts = models.JSONField(_("records per rule"), default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Retention run {self.pk}{' (dry run)' if self.dry_run else ''}"
