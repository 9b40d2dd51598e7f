"""Audit sign-in, sign-out and failed sign-in. A failure records no username: it may be a person's name."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest

from . import account_notices
from .models import AuditEvent
from .services import audit_record
from .sessions import session_forget, session_record
from .types import Actor


@receiver(user_logged_in)
def audit_sign_in(sender: Any, request: HttpRequest | None, user: Actor, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session") and user is not None:
        session_record(request, user)
    audit_record(
        actor=user,
        action="auth.sign_in",
        outcome=AuditEvent.Outcome.SUCCEEDED,
    )


@receiver(user_logged_out)
def audit_sign_out(sender: Any, request: HttpRequest | None, user: Actor, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        session_forget(request.session.session_key)
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


@receiver(user_locked_out)
def tell_locked_out(sender: Any, request: HttpRequest | None, username: str | None = None, **kwargs: Any) -> None:
    """An account locked after failed sign-ins: audited once, and its holder told (once per lock)."""
    user = get_user_model().objects.filter(username__iexact=username or "", is_active=True).first()
    audit_record(actor=None, action="auth.locked_out", outcome=AuditEvent.Outcome.DENIED, obj=user)
    if user is not None and cache.add(f"lockout-notice:{user.pk}", 1, timeout=15 * 60):
        account_notices.tell(user, account_notices.ACCOUNT_LOCKED)
