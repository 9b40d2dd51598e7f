"""Shared helpers for circulation services: audit, who to tell, and the response clock."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse

from accounts.models import Membership, Organisation, Role
from ops.notifications import notification_send


def response_window() -> timedelta:
    """How long a home has to respond (hours from settings, 24 by default)."""
    return timedelta(hours=getattr(settings, "CIRCULATION_RESPONSE_HOURS", 24))


def emails_of(*, organisation: Organisation | None = None, roles: set[str]) -> list[str]:
    """Addresses of active members holding one of the roles (in the organisation when given)."""
    members = Membership.objects.filter(is_active=True, role__in=roles, user__is_active=True)
    if organisation is not None:
        members = members.filter(organisation=organisation)
    return list(members.values_list("user__email", flat=True))


def home_managers_emails(home: Organisation) -> list[str]:
    return emails_of(organisation=home, roles={Role.HOME_MANAGER})


def coordinators_emails() -> list[str]:
    return emails_of(roles={Role.COORDINATOR})


def local_authority_emails(local_authority: Organisation) -> list[str]:
    return emails_of(organisation=local_authority, roles={Role.SOCIAL_WORKER, Role.SANCTIONING_OFFICER})


def absolute(path: str) -> str:
    """A full link for a message (the service's base URL from settings)."""
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    return f"{base.rstrip('/')}{path}"


def notify(*, to: list[str], subject: str, reference: str, lines: list[str], url_name: str, args: list[Any]) -> int:
    """A short message with a reference and a link, never a child's details."""
    link = absolute(reverse(url_name, args=args))
    body = "\n\n".join([*lines, f"Referral reference: {reference}", f"Sign in to see it: {link}"])
    return notification_send(to=to, subject=f"{subject} ({reference})", body=body)
