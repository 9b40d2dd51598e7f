"""Audit sign-in, sign-out and failed sign-in. A failure records no username: it may be a person's name."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from .models import AuditEvent
from .services import audit_record
from .types import Actor


@receiver(user_logged_in)
def audit_sign_in(sender: Any, request: HttpRequest | None, user: Actor, **kwargs: Any) -> None:
    audit_record(
        actor=user,
        action="auth.sign_in",
        outcome=AuditEvent.Outcome.SUCCEEDED,
    )


@receiver(user_logged_out)
def audit_sign_out(sender: Any, request: HttpRequest | None, user: Actor, **kwargs: Any) -> None:
    if user is None:
        return
    audit_record(
        actor=user,
        action="auth.sign_out",
        outcome=AuditEvent.Outcome.SUCCEEDED,
    )


@receiver(user_login_failed)
def audit_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    audit_record(
        actor=None,
        action="auth.sign_in",
        outcome=AuditEvent.Outcome.FAILED,
    )
