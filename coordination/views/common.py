"""Helpers shared by the coordination views: request ids, audited reads and permission checks."""

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch

from accounts.access import Permission, deny, has_permission, membership_for

BAD_INPUT = 400


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
