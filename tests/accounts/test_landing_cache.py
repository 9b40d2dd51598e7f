"""The landing page of a role whose cards are all shared is kept whole per membership and browser; every other
page, and every page with messages, is built on each request."""

import re
from typing import Any

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from accounts import dashboard
from accounts.dashboard import Card, dashboard_cards_register, dashboard_page_seconds
from accounts.models import Membership, Role
from tests.factories import member

LOCAL_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-landing-cache"}
DASHBOARD = reverse("accounts:dashboard")
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def local_cache(settings: Any) -> None:
    """A real per-process cache, as in production (tests otherwise use a dummy one)."""
    settings.CACHES = {**settings.CACHES, "local": LOCAL_CACHE}
    caches["local"].clear()


def _browser(user: Any) -> Client:
    """A signed-in browser that holds a CSRF cookie, as one does after signing in, and checks CSRF like one."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(reverse("accounts:organisation-list"))  # any page with the sign-out form sets the CSRF cookie
    assert "csrftoken" in client.cookies
    return client


def _built(response: HttpResponse) -> bool:
    """Whether the response was rendered from the template now (a kept page renders none)."""
    return any(t.name == "accounts/dashboard.html" for t in response.templates)  # type: ignore[attr-defined]


def _token(response: HttpResponse) -> str:
    match = _TOKEN.search(response.content.decode())
    assert match, "the page has no sign-out form"
    return match.group(1)


@pytest.mark.django_db
class TestKeptLandingPage:
    def test_a_coordinators_second_view_is_served_from_the_kept_page(self) -> None:
        browser = _browser(member(Role.COORDINATOR))
        first, second = browser.get(DASHBOARD), browser.get(DASHBOARD)
        assert first.status_code == second.status_code == 200
        assert _built(first) and not _built(second)
        assert second.content == first.content
        assert b'class="app-card"' in second.content

    def test_signing_out_works_from_a_kept_page(self) -> None:
        """The kept page's token is valid for the browser it was built for."""
        user = member(Role.COORDINATOR)
        browser = _browser(user)
        browser.get(DASHBOARD)
        kept = browser.get(DASHBOARD)
        assert not _built(kept)
        response = browser.post(reverse("accounts:sign-out"), {"csrfmiddlewaretoken": _token(kept)})
        assert response.status_code == 302
        assert browser.get(DASHBOARD).status_code == 302  # signed out: back to sign-in

    def test_each_browser_gets_its_own_page_and_token(self) -> None:
        user = member(Role.COORDINATOR)
        laptop, phone = _browser(user), _browser(user)
        laptop.get(DASHBOARD)
        on_phone = phone.get(DASHBOARD)
        assert _built(on_phone)
        kept_on_laptop = laptop.get(DASHBOARD)
        assert _token(on_phone) != _token(kept_on_laptop)
        # The laptop's token does not work from the phone.
        response = phone.post(reverse("accounts:sign-out"), {"csrfmiddlewaretoken": _token(kept_on_laptop)})
        assert response.status_code == 403

    def test_colleagues_never_see_each_others_page(self) -> None:
        first = member(Role.COORDINATOR)
        colleague = member(Role.COORDINATOR, Membership.objects.get(user=first).organisation)
        _browser(first).get(DASHBOARD)
        assert _built(_browser(colleague).get(DASHBOARD))

    def test_an_ended_membership_never_sees_the_kept_page(self) -> None:
        user = member(Role.COORDINATOR)
        browser = _browser(user)
        browser.get(DASHBOARD)
        Membership.objects.filter(user=user).update(is_active=False)
        response = browser.get(DASHBOARD)
        assert b"not linked to an organisation" in response.content
        assert b'class="app-card"' not in response.content

    def test_a_changed_role_gets_its_own_page(self) -> None:
        user = member(Role.COORDINATOR)
        browser = _browser(user)
        browser.get(DASHBOARD)
        membership = Membership.objects.get(user=user)
        membership.role = Role.ANALYST
        membership.save()
        response = browser.get(DASHBOARD)
        assert _built(response)
        assert Role.ANALYST.label.encode() in response.content

    def test_a_page_with_a_message_is_built_and_shows_it(self, rf: Any) -> None:
        """Messages are per request: such a page is neither served from nor kept in the cache."""
        user = member(Role.COORDINATOR)
        browser = _browser(user)
        browser.get(DASHBOARD)
        request = rf.get("/")
        request._messages = CookieStorage(request)
        messages.success(request, "Referral sent to the homes")
        carrier = HttpResponse()
        request._messages.update(carrier)
        browser.cookies["messages"] = carrier.cookies["messages"].value
        response = browser.get(DASHBOARD)
        assert _built(response)
        assert b"Referral sent to the homes" in response.content
        again = browser.get(DASHBOARD)
        assert b"Referral sent to the homes" not in again.content

    def test_a_browser_without_a_csrf_cookie_gets_a_built_page(self) -> None:
        client = Client()
        client.force_login(member(Role.COORDINATOR))
        assert _built(client.get(DASHBOARD))
        assert _built(client.get(DASHBOARD))  # the first response set the cookie; this one keeps the page
        assert not _built(client.get(DASHBOARD))

    def test_a_social_workers_page_is_built_every_time(self) -> None:
        """Their cards show their own drafts: always live."""
        browser = _browser(member(Role.SOCIAL_WORKER))
        assert _built(browser.get(DASHBOARD))
        assert _built(browser.get(DASHBOARD))


class TestPageAge:
    def test_roles_with_only_shared_cards_keep_the_page_for_a_minute(self) -> None:
        assert dashboard_page_seconds(Role.COORDINATOR) == 60
        assert dashboard_page_seconds(Role.ANALYST) == 60

    @pytest.mark.parametrize(
        "role", [Role.SOCIAL_WORKER, Role.SANCTIONING_OFFICER, Role.LEAVING_CARE_WORKER, Role.HOME_MANAGER, Role.EDITOR]
    )
    def test_roles_with_a_live_card_never_keep_it(self, role: str) -> None:
        assert dashboard_page_seconds(role) == 0

    def test_one_live_provider_makes_the_whole_page_live(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(dashboard, "_REGISTERED", list(dashboard._REGISTERED))
        dashboard_cards_register(roles={Role.COORDINATOR}, provider=lambda m: [Card(title="Live", body="now")])
        assert dashboard_page_seconds(Role.COORDINATOR) == 0

    def test_a_shorter_shared_provider_shortens_the_page(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(dashboard, "_REGISTERED", list(dashboard._REGISTERED))
        dashboard_cards_register(roles={Role.ANALYST}, provider=lambda m: [], shared_seconds=15)
        assert dashboard_page_seconds(Role.ANALYST) == 15


@pytest.mark.django_db
class TestPrivatePages:
    """Signed-in pages tell every cache not to keep them; public pages and downloads keep their own headers."""

    def test_a_signed_in_page_is_private_and_not_stored(self) -> None:
        browser = _browser(member(Role.COORDINATOR))
        for response in (browser.get(DASHBOARD), browser.get(DASHBOARD), browser.get(reverse("accounts:audit-log"))):
            assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]

    def test_a_public_page_is_left_alone(self) -> None:
        response = Client().get(reverse("accounts:signed-out"))
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", "")
