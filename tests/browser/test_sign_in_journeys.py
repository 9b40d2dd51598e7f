"""Every demo user signs in, follows the service navigation and signs out in Chromium; axe-core checks each page."""

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import Page, Response
from pytest_django.live_server_helper import LiveServer

from accounts.models import Organisation, Role
from demo.people import DEMO_PASSWORD, USERS, DemoUser
from tests.browser.sign_in import second_factor

AXE_SCRIPT = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
ANONYMOUS = "anonymous"
SIGN_IN = "/account/sign-in/"
DASHBOARD = "/account/dashboard/"
SIGNED_OUT = "/account/signed-out/"

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_data")]

# Pages already run through axe-core in this session, by viewer, address and state. Pages every visitor sees alike
# (sign-in, signed out) are checked once, not once per demo user: axe-core is most of each journey's time.
_AUDITED: set[str] = set()


@dataclass
class AxeAudit:
    """The serious and critical axe-core violations on the pages checked, one line per element."""

    viewer: str
    findings: list[str] = field(default_factory=list)

    def check(self, page: Page, *, viewer: str = "", state: str = "") -> None:
        """Run axe-core on the page as it is now, unless this viewer's view of it was checked already."""
        where = " ".join(part for part in (_path(page), state) if part)
        key = f"{viewer or self.viewer} {where}"
        if key in _AUDITED:
            return
        _AUDITED.add(key)
        page.evaluate(AXE_SCRIPT.read_text())  # the test's own code, run as DevTools' console would: outside the CSP
        results: dict[str, Any] = page.evaluate("() => axe.run({resultTypes: ['violations']})")
        for violation in results["violations"]:
            if violation["impact"] not in BLOCKING_IMPACTS:
                continue
            for node in violation["nodes"]:
                self.findings.append(
                    f"{where} (as {viewer or self.viewer}): {violation['impact']} {violation['id']} "
                    f"– {violation['help']} – at {', '.join(map(str, node['target']))}: {node['html'][:200]}"
                )

    def assert_clean(self) -> None:
        """Fail with every finding listed."""
        if self.findings:
            pytest.fail(
                "axe-core found serious or critical violations:\n  " + "\n  ".join(self.findings), pytrace=False
            )


def _path(page: Page) -> str:
    """The page's path and query string, without the live server's origin."""
    url = urlsplit(page.url)
    return f"{url.path}?{url.query}" if url.query else url.path


def _failed_responses(page: Page) -> list[str]:
    """A list that fills with every response of 400 or more the page receives, styles and scripts included."""
    failures: list[str] = []

    def record(response: Response) -> None:
        if response.status >= 400:
            failures.append(f"HTTP {response.status} for {response.request.resource_type} {response.url}")

    page.on("response", record)
    return failures


def _assert_loaded(page: Page, response: Response | None, what: str) -> None:
    """The navigation ended in a page that is not an error and has a main heading."""
    assert response is not None, f"{what}: no response"
    assert response.status < 400, f"{what}: HTTP {response.status} at {response.url}"
    assert page.locator("main h1").count() >= 1, f"{what}: no h1 in main at {response.url}"


def _open(page: Page, url: str) -> Response | None:
    """Go to an address and check it loaded."""
    response = page.goto(url)
    _assert_loaded(page, response, url)
    return response


def _submit_sign_in(page: Page, what: str) -> None:
    """Press the sign-in form's button and wait for the page it leads to."""
    with page.expect_navigation() as navigation:
        page.locator("main").get_by_role("button", name="Sign in").click()
    _assert_loaded(page, navigation.value, what)


def _navigation_links(page: Page) -> list[tuple[str, str]]:
    """The text and href of each link in the header's service navigation."""
    links = page.locator("#navigation a")
    return [
        (" ".join(links.nth(i).inner_text().split()), links.nth(i).get_attribute("href") or "")
        for i in range(links.count())
    ]


class TestSignInJourney:
    """A demo user's round trip: sign in, every service navigation link, sign out."""

    @pytest.mark.parametrize("user", USERS, ids=[user.email for user in USERS])
    def test_demo_user_lands_on_their_dashboard_can_follow_every_link_and_signs_out(
        self, page: Page, live_server: LiveServer, user: DemoUser
    ) -> None:
        """Each demo user reaches their dashboard, every navigation page loads, and signing out ends the session."""
        base_url = live_server.url
        organisation = Organisation.objects.get(slug=user.organisation_slug)
        audit = AxeAudit(viewer=user.email)
        failures = _failed_responses(page)
        _open(page, base_url + SIGN_IN)
        audit.check(page, viewer=ANONYMOUS)
        page.get_by_label("Email address").fill(user.email)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        _submit_sign_in(page, f"signing in as {user.email}")
        second_factor(page, user.email, audit=lambda p: audit.check(p, viewer=ANONYMOUS))
        assert _path(page) == DASHBOARD
        assert page.locator("main h1").inner_text().strip() == organisation.name
        assert page.locator("main .govuk-caption-l").first.inner_text().strip() == Role(user.role).label
        audit.check(page)

        links = _navigation_links(page)
        assert links, f"{user.email} has no service navigation"
        for text, href in links:
            if page.locator("#navigation").count() == 0:  # e.g. the Wagtail admin has its own layout
                _open(page, base_url + DASHBOARD)
            with page.expect_navigation() as navigation:
                page.locator(f'#navigation a[href="{href}"]').click()
            _assert_loaded(page, navigation.value, f"{user.email} following “{text}” ({href})")
            audit.check(page)

        _open(page, base_url + DASHBOARD)
        with page.expect_navigation() as navigation:
            page.locator("header").get_by_role("button", name="Sign out").click()
        _assert_loaded(page, navigation.value, f"{user.email} signing out")
        assert _path(page) == SIGNED_OUT
        assert page.locator("main h1").inner_text().strip() == "You have signed out"
        audit.check(page, viewer=ANONYMOUS)

        response = _open(page, base_url + DASHBOARD)
        assert response is not None and response.request.redirected_from is not None
        assert _path(page) == f"{SIGN_IN}?next={DASHBOARD}"
        audit.check(page, viewer=ANONYMOUS)

        if failures:
            pytest.fail("Failed requests:\n  " + "\n  ".join(failures), pytrace=False)
        audit.assert_clean()


class TestPublicPages:
    """Pages anyone can reach without signing in."""

    def test_home_page_accessibility_statement_and_sign_in_errors_have_no_serious_accessibility_problems(
        self, page: Page, live_server: LiveServer
    ) -> None:
        """The public home page, the accessibility statement and the sign-in page with errors pass axe-core."""
        base_url = live_server.url
        audit = AxeAudit(viewer=ANONYMOUS)
        failures = _failed_responses(page)
        _open(page, base_url + "/")
        audit.check(page)
        _open(page, base_url + "/accessibility-statement/")
        assert page.locator("main h1").inner_text().strip() == "Accessibility statement"
        audit.check(page)

        _open(page, base_url + SIGN_IN)
        audit.check(page)
        _submit_sign_in(page, "submitting the empty sign-in form")
        assert page.title().startswith("Error: ")
        summary = page.locator(".govuk-error-summary").inner_text()
        assert "Enter your email address" in summary
        assert "Enter your password" in summary
        audit.check(page, state="with errors")

        if failures:
            pytest.fail("Failed requests:\n  " + "\n  ".join(failures), pytrace=False)
        audit.assert_clean()
