"""Helpers shared by the coordination views: request ids, audited reads and permission checks."""

from typing import Any

from django.db.models import Model
from django.http import HttpRequest
from django.urls import NoReverseMatch

from accounts.access import Permission, deny, has_permission, membership_for
from accounts.models import AuditEvent
from accounts.services import audit_record

BAD_INPUT = 400


def rid(request: HttpRequest) -> str:
    return getattr(request, "request_id", "")


def audit_view(request: HttpRequest, obj: Model, *, action: str, organisation: Any) -> None:
    """Record that the user opened a page or file holding child data (identifiers only)."""
    audit_record(
        actor=request.user,
        organisation=organisation,
        action=action,
        outcome=AuditEvent.Outcome.ALLOWED,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        request_id=rid(request),
    )


def require_any(request: HttpRequest, *permissions: Permission) -> None:
    """Audited 404 unless the user holds at least one of the permissions."""
    if not any(has_permission(request.user, permission) for permission in permissions):
        raise deny(request)


def is_coordinator(request: HttpRequest) -> bool:
    return has_permission(request.user, Permission.COORDINATE_REFERRALS)


def is_referrer(request: HttpRequest) -> bool:
    return has_permission(request.user, Permission.START_REFERRAL)


def circulation_url(search: Any) -> str:
    """The search's circulation page (homes asked, decisions, closing), or '' if that page is not available."""
    try:
        return str(search.get_absolute_url())
    except NoReverseMatch:
        return ""


def membership(request: HttpRequest) -> Any:
    return membership_for(request.user)
