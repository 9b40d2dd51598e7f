"""Every page of child data and of the Wagtail admin, walked from the URL resolver, sends a session that has only
proved a password (or was signed in without a second factor) to sign-in: no view of the service runs for it."""

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import AuditEvent, Role
from tests.factories import member

PUBLIC = (
    "/account/sign-in/",
    "/account/signed-out/",
    "/account/password-reset/",
    "/account/recovery-codes/",
    "/account/confirm-its-you/",
    # Wagtail's translations for its scripts and its icon sprite: the same for everyone, no data.
    "/admin/jsi18n/",
    "/admin/sprite/",
)
SERVICE_PREFIXES = ("/account/", "/referrals/", "/beds/", "/circulation/", "/coordination/", "/outcomes/", "/admin/")
SAMPLE = {"int": "1", "str": "x", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000001", "path": "x"}
PASSWORD = "correct-horse-battery"


def _paths(patterns: list, prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _paths(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern):
            yield prefix + route


def _concrete(route: str) -> str | None:
    """A path for a route, with sample values for its converters; None for regular-expression routes."""
    if route.startswith("^") or "(?P" in route:
        return None
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "x"), route)


def service_paths() -> list[str]:
    found = {_concrete(route) for route in _paths(get_resolver().url_patterns)}
    return sorted(
        path
        for path in found
        if path and path.startswith(SERVICE_PREFIXES) and not path.startswith(PUBLIC) and "/login/" not in path
    )


def test_the_walk_covers_the_service_and_the_admin() -> None:
    paths = service_paths()
    assert len(paths) > 100
    for prefix in SERVICE_PREFIXES:
        assert any(path.startswith(prefix) for path in paths), prefix


@pytest.mark.django_db
def test_a_password_alone_reaches_no_page_of_the_service_or_the_admin() -> None:
    user = member(Role.COORDINATOR)
    user.is_superuser = user.is_staff = True  # the widest account there is
    user.save()
    password_only = Client()
    assert password_only.post("/account/sign-in/", {"username": user.username, "password": PASSWORD}).status_code == 302
    unverified = Client()
    unverified.force_login(user)
    reached = []
    for path in service_paths():
        for name, client in (("password only", password_only), ("signed in without a second factor", unverified)):
            response = client.get(path)
            if response.status_code == 200 or (
                response.status_code == 302
                and "/sign-in/" not in response["Location"]
                and "/admin/login/" not in response["Location"]
            ):
                reached.append(f"{name}: {path} answered {response.status_code}")
            if name == "signed in without a second factor":
                unverified.force_login(user)  # each request ends that session; sign in the same way again
    assert not reached, "\n".join(reached)
    assert AuditEvent.objects.filter(actor=user, action="auth.unverified_session_ended").exists()
