"""The header navigation for a user, built from what their role may do."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from .access import Permission, has_permission, membership_for


@dataclass(frozen=True)
class NavItem:
    """One link in the service navigation."""

    text: str
    href: str
    current: bool = False


def navigation_for(user: Any, current_path: str) -> list[NavItem]:
    """Links the user can follow, most used first; the current one is marked."""
    membership = membership_for(user)
    if membership is None:
        return []
    candidates: list[tuple[str, str, Permission]] = [
        ("Home", reverse("accounts:dashboard"), Permission.VIEW_OWN_ORGANISATION),
        ("Referrals", reverse("referrals:list"), Permission.START_REFERRAL),
        ("Submitted referrals", reverse("referrals:submitted"), Permission.COORDINATE_REFERRALS),
        ("Your organisation", membership.organisation.get_absolute_url(), Permission.VIEW_OWN_ORGANISATION),
        ("Organisations", reverse("accounts:organisation-list"), Permission.VIEW_ALL_ORGANISATIONS),
        ("Audit log", reverse("accounts:audit-log"), Permission.VIEW_AUDIT_LOG),
        ("Website editor", reverse("wagtailadmin_home"), Permission.EDIT_SITE),
    ]
    return [
        NavItem(text=text, href=href, current=current_path == href)
        for text, href, permission in candidates
        if has_permission(user, permission)
    ]
