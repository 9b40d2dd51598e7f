"""Passkeys in Chromium, with its virtual authenticator (the DevTools protocol's WebAuthn domain) standing in for a
phone or a security key: sign in with a password and a code, add a passkey under Your account, sign out, sign in
again with the password and the passkey, then confirm it is you with the passkey. axe-core checks the passkey pages,
and the page fixture fails the test on any Content-Security-Policy violation."""

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from accounts import two_factor
from accounts.models import AuditEvent
from demo.people import DEMO_PASSWORD, USERS
from tests.browser.sign_in import CODE_PATH, second_factor
from tests.browser.test_sign_in_journeys import AxeAudit, _path

SIGN_IN = "/account/sign-in/"
DASHBOARD = "/account/dashboard/"
METHODS = "/account/sign-in-methods/"
PASSWORD_PAGE = "/account/password/"

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_data")]


@pytest.fixture
def relying_party(settings: Any, live_server: LiveServer) -> None:
    """The live server as the relying party: browsers accept http only for localhost, and django-otp-webauthn reads
    these settings on each request, so the server thread sees them."""
    assert live_server.url.startswith("http://localhost:"), live_server.url
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]


def _virtual_authenticator(page: Page) -> tuple[Any, str]:
    """A platform authenticator that holds passkeys and verifies its user at once, as a phone's fingerprint would."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    found = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp, found["authenticatorId"]


def _sign_in_with_password(page: Page, base_url: str, email: str) -> None:
    page.goto(base_url + SIGN_IN)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sign in").click()


def _sign_out(page: Page) -> None:
    with page.expect_navigation():
        page.locator("header").get_by_role("button", name="Sign out").click()


# One demo login of every role: each signs in with a passkey as well as with password + TOTP.
ONE_PER_ROLE = list({user.role: user.email for user in reversed(USERS)}.values())


@pytest.mark.usefixtures("relying_party")
@pytest.mark.parametrize("email", ONE_PER_ROLE)
def test_add_a_passkey_then_sign_in_and_confirm_with_it(page: Page, live_server: LiveServer, email: str) -> None:
    base_url = live_server.url
    user = get_user_model().objects.get(username=email)
    audit = AxeAudit(viewer=email)
    cdp, authenticator_id = _virtual_authenticator(page)

    _sign_in_with_password(page, base_url, email)
    second_factor(page, email)
    assert _path(page) == DASHBOARD

    with page.expect_navigation():
        page.locator("header").get_by_role("link", name="Your account").click()
    assert _path(page) == METHODS
    audit.check(page, state="no passkey")
    with page.expect_navigation():  # the glue script loads the page again once the passkey is saved
        page.get_by_role("button", name="Add a passkey or security key").click()
    assert _path(page) == METHODS
    assert "Your passkey or security key has been added" in page.locator("main").inner_text()
    passkey = WebAuthnCredential.objects.get(user=user)
    assert passkey.name == two_factor.PASSKEY_NAME
    assert page.get_by_role("button", name=f"Remove {passkey.name} added").count() == 1
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]) == 1
    audit.check(page, state="one passkey")
    _sign_out(page)

    _sign_in_with_password(page, base_url, email)
    assert _path(page) == CODE_PATH
    audit.check(page, viewer="anonymous", state="passkey")
    with page.expect_navigation():
        page.get_by_role("button", name="Use your passkey or security key").click()
    assert _path(page) == DASHBOARD
    assert page.locator("main h1").count() == 1
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None

    page.goto(f"{base_url}/account/confirm-its-you/?next={PASSWORD_PAGE}")
    audit.check(page, state="passkey")
    with page.expect_navigation():
        page.get_by_role("button", name="Use your passkey or security key").click()
    assert _path(page) == PASSWORD_PAGE
    assert AuditEvent.objects.filter(actor=user, action="auth.step_up", outcome="succeeded").exists()
    audit.assert_clean()
