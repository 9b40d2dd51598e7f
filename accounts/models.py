"""Organisations, memberships (a user's role in one organisation) and audit events."""

from typing import Any

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A body whose staff use the service: a local authority, a secure home, the coordination unit or SAN."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        SECURE_HOME = "secure_home", _("Secure children's home")
        COORDINATION_UNIT = "coordination_unit", _("Secure Welfare Coordination Unit")
        SAN = "san", _("Secure Accommodation Network")

    class Nation(models.TextChoices):
        ENGLAND = "england", _("England")
        WALES = "wales", _("Wales")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    nation = models.CharField(_("nation"), max_length=16, choices=Nation.choices, default=Nation.ENGLAND)
    region = models.CharField(_("region"), max_length=64, blank=True, help_text=_("ONS region of the organisation."))
    ons_code = models.CharField(_("ONS code"), max_length=9, blank=True, help_text=_("For example E10000014."))
    dfe_code = models.CharField(_("DfE LA number"), max_length=3, blank=True, help_text=_("For example 850."))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["ons_code"], condition=~models.Q(ons_code=""), name="org_unique_ons_code"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:organisation-detail", kwargs={"pk": self.pk})

    @property
    def owning_organisation(self) -> "Organisation":
        """An organisation's page is its own record, for the audit log."""
        return self


class SecureHomeProfile(models.Model):
    """Public facts about a secure children's home (operator, locality, approved places)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="home_profile", verbose_name=_("organisation")
    )
    operator = models.CharField(_("operator"), max_length=200, help_text=_("The registered provider."))
    locality = models.CharField(_("locality"), max_length=120)
    approved_places = models.PositiveSmallIntegerField(_("approved places"))
    takes_welfare = models.BooleanField(_("takes welfare placements"), default=True)
    takes_justice = models.BooleanField(_("takes justice placements"), default=False)

    class Meta:
        verbose_name = _("secure home profile")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.approved_places} places)"

    def clean(self) -> None:
        if self.organisation_id and self.organisation.kind != Organisation.Kind.SECURE_HOME:
            raise ValidationError({"organisation": _("Only a secure children's home can have a home profile.")})


class Role(models.TextChoices):
    """What a member does; which organisation kinds may hold each role is in ROLE_ORGANISATION_KINDS."""

    EDITOR = "editor", _("SAN editor")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    SANCTIONING_OFFICER = "sanctioning_officer", _("Sanctioning officer")
    COORDINATOR = "coordinator", _("Coordinator")
    HOME_MANAGER = "home_manager", _("Registered manager or deputy")
    LEAVING_CARE_WORKER = "leaving_care_worker", _("Leaving-care worker")
    ANALYST = "analyst", _("Analyst")
    # A Regional Care Co-operative's (or region's) commissioner, at its lead local authority: its region's aggregates.
    REGIONAL_COMMISSIONER = "regional_commissioner", _("Regional commissioner")


ROLE_ORGANISATION_KINDS: dict[str, str] = {
    Role.EDITOR: Organisation.Kind.SAN,
    Role.SOCIAL_WORKER: Organisation.Kind.LOCAL_AUTHORITY,
    Role.SANCTIONING_OFFICER: Organisation.Kind.LOCAL_AUTHORITY,
    Role.COORDINATOR: Organisation.Kind.COORDINATION_UNIT,
    Role.HOME_MANAGER: Organisation.Kind.SECURE_HOME,
    Role.LEAVING_CARE_WORKER: Organisation.Kind.LOCAL_AUTHORITY,
    Role.ANALYST: Organisation.Kind.COORDINATION_UNIT,
    Role.REGIONAL_COMMISSIONER: Organisation.Kind.LOCAL_AUTHORITY,
}


class Membership(models.Model):
    """A user's role in an organisation. A user has at most one active membership."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_user_admin = models.BooleanField(
        _("user administrator"),
        default=False,
        help_text=_("May invite and administer the accounts of this organisation (accounts/user_admin.py)."),
    )
    is_data_protection_lead = models.BooleanField(
        _("data-protection lead"),
        default=False,
        help_text=_("In the coordination unit: sees the retention schedule, sets legal holds, answers subject access."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(is_active=True), name="membership_one_active_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} at {self.organisation}"

    def clean(self) -> None:
        expected = ROLE_ORGANISATION_KINDS.get(self.role)
        if self.organisation_id and expected and self.organisation.kind != expected:
            kind_label = Organisation.Kind(expected).label
            raise ValidationError(
                {"role": _("Only this kind of organisation can hold this role: %(kind)s.") % {"kind": kind_label}}
            )


class AuditRowsAreAppendOnly(Exception):
    """Raised by any attempt of the application to change or delete an audit event."""


class AppendOnlyQuerySet(models.QuerySet):
    """Audit events are written and read, never updated or deleted through the ORM."""

    def update(self, **kwargs: Any) -> int:
        raise AuditRowsAreAppendOnly("Audit events cannot be changed once written.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditRowsAreAppendOnly("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """Who did what to which object, with what outcome. Holds identifiers only, never free text about a person."""

    class Outcome(models.TextChoices):
        ALLOWED = "allowed", _("Allowed")
        DENIED = "denied", _("Denied")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    occurred_at = models.DateTimeField(_("occurred at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("actor"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("actor's organisation"),
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events_about",
        verbose_name=_("object's organisation"),
        help_text=_("Whose record it is: the referring local authority of a referral, pack or follow-up."),
    )
    recipient = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events_received",
        verbose_name=_("recipient"),
        help_text=_("For a pack or document: the home it was made for."),
    )
    file_type = models.CharField(_("file type"), max_length=16, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    request_id = models.CharField(_("request id"), max_length=64, blank=True, db_index=True)
    subject_reference = models.CharField(
        _("referral reference"),
        max_length=16,
        blank=True,
        db_index=True,
        help_text=_("The referral the object belongs to, so one child's records can be asked about."),
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]
        # Append-only in the database itself on PostgreSQL; the model layer refuses it on every database.
        triggers = [
            pgtrigger.Protect(name="audit_rows_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id} {self.outcome}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditRowsAreAppendOnly("An audit event cannot be changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AuditRowsAreAppendOnly("An audit event cannot be deleted.")


class UserSession(models.Model):
    """One signed-in session of a user, so they can see where they are signed in and end the others.

    The session store keeps the session itself; this row names its key, when it began and a short description of
    the browser. Written when someone signs in, removed when they sign out or the session is ended.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions", verbose_name=_("user")
    )
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    signed_in_at = models.DateTimeField(_("signed in at"), auto_now_add=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)

    class Meta:
        ordering = ["-signed_in_at", "-pk"]
        verbose_name = _("signed-in session")

    def __str__(self) -> str:
        return f"session of user {self.user_id} since {self.signed_in_at:%Y-%m-%d %H:%M}"


class Invitation(models.Model):
    """A single-use link that lets a new account holder choose their own password (nobody else sets it).

    Only a hash of the link's token is kept. It works once, until `expires_at` (24 hours after it was sent).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("user")
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"invitation for user {self.user_id}"
