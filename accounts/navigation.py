"""The header navigation for a user, built from what their role may do."""

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.urls import get_script_prefix, get_urlconf, reverse

from .access import Permission, has_permission, membership_for
from .types import Viewer


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


@lru_cache(maxsize=256)
def _reverse(name: str, script_prefix: str, urlconf: Any) -> str:
    """reverse() for a URL name without arguments, computed once per prefix and URLconf (it runs on every page)."""
    return reverse(name, urlconf=urlconf)


def _url(name: str) -> str:
    return _reverse(name, get_script_prefix(), get_urlconf())


def navigation_for(user: Viewer, current_path: str) -> list[NavItem]:
    """Links the user can follow, most used first; the current one is marked."""
    membership = membership_for(user)
    if membership is None:
        return []
    candidates: list[tuple[str, str, Permission]] = [
        ("Home", _url("accounts:dashboard"), Permission.VIEW_OWN_ORGANISATION),
        ("Referrals", _url("referrals:list"), Permission.START_REFERRAL),
        ("Submitted referrals", _url("referrals:submitted"), Permission.COORDINATE_REFERRALS),
        ("Your organisation", membership.organisation.get_absolute_url(), Permission.VIEW_OWN_ORGANISATION),
        ("Organisations", _url("accounts:organisation-list"), Permission.VIEW_ALL_ORGANISATIONS),
        ("Audit log", _url("accounts:audit-log"), Permission.VIEW_AUDIT_LOG),
        ("Users", _url("accounts:user-list"), Permission.MANAGE_USERS),
        ("Website editor", _url("wagtailadmin_home"), Permission.EDIT_SITE),
    ]
    extra = [(text, _url(name), permission) for _, text, name, permission in sorted(_REGISTERED)]
    candidates[2:2] = extra
    return [
        NavItem(text=text, href=href, current=current_path == href)
        for text, href, permission in candidates
        if has_permission(user, permission)
    ]
