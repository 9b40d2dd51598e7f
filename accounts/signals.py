"""Audit sign-in, sign-out and failed sign-in. A failure records no username: it may be a person's name."""

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from .models import AuditEvent, Membership, Organisation
from .principal import principal_forget, principal_seconds
from .services import audit_record


def _organisation_of(user: Any) -> Any:
    membership = Membership.objects.filter(user=user, is_active=True).select_related("organisation").first()
    return membership.organisation if membership else None


@receiver(user_logged_in)
def audit_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit_record(
        actor=user,
        organisation=_organisation_of(user),
        action="auth.sign_in",
        outcome=AuditEvent.Outcome.SUCCEEDED,
        request_id=getattr(request, "request_id", ""),
    )


@receiver(user_logged_out)
def audit_sign_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    audit_record(
        actor=user,
        organisation=_organisation_of(user),
        action="auth.sign_out",
        outcome=AuditEvent.Outcome.SUCCEEDED,
        request_id=getattr(request, "request_id", ""),
    )


@receiver(user_login_failed)
def audit_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    audit_record(
        actor=None,
        action="auth.sign_in",
        outcome=AuditEvent.Outcome.FAILED,
        request_id=getattr(request, "request_id", ""),
    )


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def forget_kept_user(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A saved or deleted account is loaded afresh on its next request."""
    principal_forget([instance.pk])


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def forget_kept_member(sender: Any, instance: Membership, **kwargs: Any) -> None:
    """A changed membership takes effect on the member's next request."""
    principal_forget([instance.user_id])


@receiver(post_save, sender=Organisation)
@receiver(post_delete, sender=Organisation)
def forget_kept_members(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    """A changed or closed organisation takes effect on each of its members' next request."""
    if principal_seconds() > 0:
        principal_forget(Membership.objects.filter(organisation_id=instance.pk).values_list("user_id", flat=True))
