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


_REGISTERED: list[tuple[int, str, str, Permission]] = []


def navigation_register(*, text: str, url_name: str, permission: Permission, order: int = 50) -> None:
    """Let another app add a header link (called from its AppConfig.ready). Lower order comes first."""
    _REGISTERED.append((order, text, url_name, permission))


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
    extra = [(text, reverse(name), permission) for _, text, name, permission in sorted(_REGISTERED)]
    candidates[2:2] = extra
    return [
        NavItem(text=text, href=href, current=current_path == href)
        for text, href, permission in candidates
        if has_permission(user, permission)
    ]
