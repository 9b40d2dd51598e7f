"""Sign-in, sign-out, throttling, idle timeout and the audit of each."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import AuditEvent, Role
from tests.factories import member, verified_login

PASSWORD = "correct-horse-battery"


def _sign_in(client: Client, username: str, password: str = PASSWORD) -> object:
    return client.post(reverse("accounts:sign-in"), {"username": username, "password": password})


@pytest.mark.django_db
class TestSignIn:
    """The GOV.UK sign-in page."""

    def test_correct_details_then_the_code_land_on_the_dashboard_and_are_audited(self) -> None:
        """The password leads to the code step; with the code, the landing page and a succeeded event."""
        user = member(Role.SOCIAL_WORKER)
        device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
        client = Client()
        response = client.post(reverse("accounts:sign-in"), {"username": user.username, "password": PASSWORD})
        assert response["Location"] == reverse("accounts:sign-in-code")
        code, _ = two_factor.code_for_next_use(device, allow_next_step=True)
        response = client.post(reverse("accounts:sign-in-code"), {"code": code}, follow=True)
        assert response.request["PATH_INFO"] == reverse("accounts:dashboard")
        assert AuditEvent.objects.filter(actor=user, action="auth.sign_in", outcome="succeeded").exists()

    def test_empty_form_shows_the_error_summary(self) -> None:
        """Missing answers are listed in the error summary and beside each field."""
        response = Client().post(reverse("accounts:sign-in"), {})
        html = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in html
        assert "govuk-form-group--error" in html
        assert '<span class="govuk-visually-hidden">Error:</span> Enter your email address' in html
        assert 'aria-invalid="true"' in html
        assert "<title>Error: Sign in" in html

    def test_wrong_password_is_audited_without_the_username(self) -> None:
        """A failed attempt is recorded with no actor and no trace of what was typed."""
        user = member(Role.SOCIAL_WORKER)
        response = _sign_in(Client(), user.username, "wrong-password-here")
        assert b"Enter a correct email address and password" in response.content
        event = AuditEvent.objects.get(action="auth.sign_in", outcome="failed")
        assert event.actor is None
        stored = " ".join(str(v) for v in AuditEvent.objects.values_list().get(pk=event.pk))
        assert user.username not in stored

    def test_five_failures_lock_the_account_out(self) -> None:
        """django-axes stops a sixth guess, even with the right password."""
        user = member(Role.SOCIAL_WORKER)
        client = Client()
        for _ in range(5):
            _sign_in(client, user.username, "wrong-password-here")
        response = _sign_in(client, user.username)
        assert response.status_code == 429
        assert b"Too many attempts to sign in" in response.content


@pytest.mark.django_db
class TestSignOut:
    """Signing out."""

    def test_sign_out_ends_the_session_and_is_audited(self) -> None:
        """After signing out the dashboard asks for sign-in again."""
        user = member(Role.COORDINATOR)
        client = Client()
        verified_login(client, user)
        response = client.post(reverse("accounts:sign-out"), follow=True)
        assert b"You have signed out" in response.content
        assert AuditEvent.objects.filter(actor=user, action="auth.sign_out").exists()
        assert client.get(reverse("accounts:dashboard")).status_code == 302

    def test_sign_out_by_get_is_refused(self) -> None:
        """A link cannot sign someone out (cross-site request forgery)."""
        client = Client()
        verified_login(client, member(Role.COORDINATOR))
        assert client.get(reverse("accounts:sign-out")).status_code == 405


@pytest.mark.django_db
class TestIdleTimeout:
    """Sessions end after 30 minutes without a request."""

    def test_each_request_pushes_expiry_thirty_minutes_ahead(self) -> None:
        """Activity keeps the session alive for another 30 minutes, no more."""
        client = Client()
        verified_login(client, member(Role.COORDINATOR))
        client.get(reverse("accounts:dashboard"))
        session = Session.objects.get()
        remaining = session.expire_date - timezone.now()
        assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)

    def test_an_idle_session_is_signed_out(self) -> None:
        """Once the idle period has passed, the next request goes to sign-in."""
        client = Client()
        verified_login(client, member(Role.COORDINATOR))
        Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
        cache.clear()  # with Redis, the cached copy of the session expires after the same idle period
        response = client.get(reverse("accounts:dashboard"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.django_db
class TestRequestId:
    """Every response carries a request id that audit rows share."""

    def test_a_well_formed_incoming_id_is_kept(self) -> None:
        """The proxy's id is echoed so logs can be joined across hops."""
        response = Client().get("/livez", headers={"X-Request-ID": "abc12345-proxy"})
        assert response["X-Request-ID"] == "abc12345-proxy"

    def test_a_malformed_incoming_id_is_replaced(self) -> None:
        """Header injection attempts never reach the logs or the audit trail."""
        response = Client().get("/livez", headers={"X-Request-ID": "bad id\r\nX: y"})
        assert len(response["X-Request-ID"]) == 32
        assert " " not in response["X-Request-ID"]
