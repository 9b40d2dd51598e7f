"""The search for a bed in Chromium: the coordinator circulates to two homes, one declines with reasons, the other
offers a place, and the local authority confirms it. axe-core checks every page on the way."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from accounts.demo import demo_organisations_seed, demo_users_seed
from accounts.demo_data import DEMO_PASSWORD
from accounts.models import Organisation, Role
from beds.demo import demo_beds_seed
from circulation.models import HomeRequest, Placement
from forms_engine.demo import demo_forms_seed
from forms_engine.models import FormVersion, Referral
from tests.circulation.factories import CHILD_LAST, submitted_referral
from tests.factories import MembershipFactory, UserFactory

from .test_sign_in_journeys import DASHBOARD, SIGN_IN, AxeAudit, _assert_loaded, _failed_responses, _open, _path

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@swcu.example"
MARYDALE = "manager@marydale.example"
KYLOE = "manager.browser@kyloe-house.example"
SOCIAL_WORKER = "social.worker@hampshire.example"


@pytest.fixture
def referral(transactional_db: None, django_db_serialized_rollback: None) -> Referral:
    """Demo organisations, users, forms and beds; a Hampshire referral; a Kyloe House manager (all committed)."""
    demo_organisations_seed()
    demo_users_seed()
    demo_forms_seed()
    demo_beds_seed()
    kyloe = Organisation.objects.get(slug="kyloe-house")
    MembershipFactory(
        user=UserFactory(username=KYLOE, password=DEMO_PASSWORD), organisation=kyloe, role=Role.HOME_MANAGER
    )
    worker = get_user_model().objects.get(email=SOCIAL_WORKER)
    return submitted_referral(
        version=FormVersion.objects.get(state="live"),
        local_authority=Organisation.objects.get(slug="hampshire"),
        user=worker,
    )


def _sign_in(page: Page, base_url: str, email: str) -> None:
    _open(page, base_url + SIGN_IN)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    _click(page, page.locator("main").get_by_role("button", name="Sign in"), f"signing in as {email}")
    assert _path(page) == DASHBOARD


def _sign_out(page: Page) -> None:
    _click(page, page.locator("header").get_by_role("button", name="Sign out"), "signing out")


def _click(page: Page, target: object, what: str) -> None:
    """Click something that navigates, and check the page it leads to loaded."""
    with page.expect_navigation() as navigation:
        target.click()  # type: ignore[attr-defined]
    _assert_loaded(page, navigation.value, what)


def _refused(page: Page, target: object, what: str) -> str:
    """Submit a form that must come back with a 400 and a GOV.UK error summary; returns the summary's text."""
    with page.expect_navigation() as navigation:
        target.click()  # type: ignore[attr-defined]
    assert navigation.value is not None and navigation.value.status == 400, what
    assert page.title().startswith("Error: "), what
    return page.locator(".govuk-error-summary").inner_text()


def _heading(page: Page) -> str:
    return page.locator("main h1").first.inner_text().strip()


class TestSearchForABed:
    def test_circulate_decline_offer_and_confirm(self, page: Page, live_server: LiveServer, referral: Referral) -> None:
        """One placement at Kyloe House; Marydale Lodge's coded reasons stored; every page is clean."""
        base, ref = live_server.url, referral.reference
        failures = _failed_responses(page)
        audit = AxeAudit(viewer=COORDINATOR)

        # 1. The coordinator finds the referral and circulates it to Marydale Lodge and Kyloe House.
        _sign_in(page, base, COORDINATOR)
        _click(page, page.locator("#navigation").get_by_role("link", name="Searches", exact=True), "searches")
        audit.check(page)
        _click(page, page.get_by_role("link", name=f"Circulate {ref}"), "circulate page")
        assert _heading(page) == f"Circulate {ref} to secure homes"
        audit.check(page)
        for box in page.locator("main input[name=homes]").all():
            box.uncheck()
        summary = _refused(page, page.get_by_role("button", name="Send to selected homes"), "sending with no home")
        assert "Select at least one secure home" in summary
        audit.check(page, state="with errors")
        page.get_by_label("Marydale Lodge").check()
        page.get_by_label("Kyloe House").check()
        _click(page, page.get_by_role("button", name="Send to selected homes"), "sending to two homes")
        assert _heading(page) == f"Search for {ref}" and "Sent to 2 secure homes" in page.content()
        audit.check(page)
        _sign_out(page)

        # 2. Marydale Lodge's manager declines with coded reasons (after forgetting to explain "Other").
        audit.viewer = MARYDALE
        _sign_in(page, base, MARYDALE)
        _click(page, page.locator("#navigation").get_by_role("link", name="Inbox", exact=True), "inbox")
        audit.check(page)
        _click(page, page.get_by_role("link", name=ref), "request page")
        assert CHILD_LAST not in page.content()
        audit.check(page)
        _click(page, page.get_by_role("button", name="Decline"), "decline page")
        audit.check(page)
        page.get_by_label("Staffing").check()
        page.get_by_label("Other", exact=True).check()
        summary = _refused(page, page.get_by_role("button", name="Decline referral"), "declining without words")
        assert "Say what the other reason is" in summary
        audit.check(page, state="with errors")
        page.get_by_label("More about your decision (optional)").fill("Refurbishment of one wing this month.")
        _click(page, page.get_by_role("button", name="Decline referral"), "declining")
        assert _heading(page) == "Referrals for your home"
        _sign_out(page)

        # 3. Kyloe House's manager offers a place from tomorrow.
        audit.viewer = KYLOE
        _sign_in(page, base, KYLOE)
        audit.check(page)
        _click(page, page.get_by_role("link", name="Open your inbox"), "inbox from the dashboard card")
        _click(page, page.get_by_role("link", name=ref), "request page")
        _click(page, page.get_by_role("button", name="Offer a place"), "offer page")
        audit.check(page)
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        page.get_by_label("Day").fill(str(tomorrow.day))
        page.get_by_label("Month").fill(str(tomorrow.month))
        page.get_by_label("Year").fill(str(tomorrow.year))
        _click(page, page.get_by_role("button", name="Send offer"), "offering")
        assert "Your offer has been sent" in page.content()
        audit.check(page, state="offered")
        _sign_out(page)

        # 4. Hampshire's social worker confirms the offer from the dashboard.
        audit.viewer = SOCIAL_WORKER
        _sign_in(page, base, SOCIAL_WORKER)
        audit.check(page)
        _click(page, page.get_by_role("link", name=f"Confirm Kyloe House for {ref}"), "confirm page")
        assert page.get_by_label("Day").input_value() == str(tomorrow.day)
        audit.check(page)
        _click(page, page.get_by_role("button", name="Confirm placement"), "confirming")
        assert _heading(page) == f"Search for {ref}" and "Placement at Kyloe House confirmed" in page.content()
        assert "Refurbishment" not in page.content()  # the home's own words go to the unit only
        audit.check(page, state="placed")

        placement = Placement.objects.get(search__referral=referral)
        assert (placement.home.slug, placement.admitted_on) == ("kyloe-house", tomorrow)
        declined = HomeRequest.objects.get(search__referral=referral, home__slug="marydale-lodge")
        assert (declined.status, declined.decline_reasons) == ("declined", ["staffing", "other"])
        unexpected = [f for f in failures if not f.startswith("HTTP 400 for document")]  # the two refused forms
        assert len(failures) - len(unexpected) == 2
        if unexpected:
            pytest.fail("Failed requests:\n  " + "\n  ".join(unexpected), pytrace=False)
        audit.assert_clean()
