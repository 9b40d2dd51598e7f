"""The coordinator filters the dashboard, opens an overdue search and reaches the cease page; axe-core on each page."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from accounts.models import Organisation
from circulation.models import HomeRequest, Search
from demo.accounts import demo_organisations_seed, demo_users_seed
from demo.forms import demo_forms_seed
from forms_engine.models import FormVersion
from tests.coordination.factories import ask_homes, open_search

from .test_beds import COORDINATOR, _follow_navigation, _sign_in
from .test_sign_in_journeys import AxeAudit, _failed_responses

pytestmark = pytest.mark.browser


@pytest.fixture
def searches(transactional_db: None, django_db_serialized_rollback: None) -> dict[str, Search]:
    """Demo organisations and users; a Hampshire search up to date, a Leeds one overdue (committed for the server)."""
    demo_organisations_seed()
    demo_users_seed()
    demo_forms_seed()
    version = FormVersion.objects.get(state=FormVersion.State.LIVE)
    coordinator = get_user_model().objects.get(email=COORDINATOR)
    now = timezone.now()
    fresh = open_search(
        version=version,
        local_authority=Organisation.objects.get(slug="hampshire"),
        user=coordinator,
        opened_at=now - datetime.timedelta(days=2),
    )
    overdue = open_search(
        version=version,
        local_authority=Organisation.objects.get(slug="leeds"),
        user=coordinator,
        opened_at=now - datetime.timedelta(days=20),
    )
    ask_homes(overdue, HomeRequest.Status.DECLINED, HomeRequest.Status.AWAITING)
    return {"fresh": fresh, "overdue": overdue}


class TestCoordinatorDashboard:
    def test_the_coordinator_filters_the_dashboard_and_opens_a_search(
        self, page: Page, live_server: LiveServer, searches: dict[str, Search]
    ) -> None:
        """Filtering by authority and overdue leaves the Leeds search, which will cease; every page is clean."""
        base_url = live_server.url
        failures = _failed_responses(page)
        audit = AxeAudit(viewer=COORDINATOR)
        fresh, overdue = searches["fresh"].referral.reference, searches["overdue"].referral.reference

        _sign_in(page, base_url, COORDINATOR)
        _follow_navigation(page, "Coordination")
        assert page.locator("main h1").inner_text().strip() == "Coordination"
        table = page.locator("main table").first
        assert fresh in table.inner_text() and overdue in table.inner_text()
        assert page.locator("main svg[role=img]").count() == 1
        audit.check(page)

        page.get_by_label("Local authority").select_option(label="Leeds City Council")
        page.get_by_label("Only searches that will cease").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Apply filters").click()
        table = page.locator("main table").first
        assert overdue in table.inner_text() and fresh not in table.inner_text()
        assert "Search will cease" in table.inner_text()
        assert "local_authority=" in page.url and "overdue=on" in page.url
        audit.check(page, state="filtered")

        with page.expect_navigation():
            page.get_by_role("link", name=overdue).click()
        assert page.locator("main h1").inner_text().strip() == f"Search for {overdue}"
        assert "Search will cease" in page.locator(".govuk-warning-text").inner_text()
        audit.check(page)

        with page.expect_navigation():
            page.get_by_role("link", name="Cease the search").click()
        assert page.locator("main h1").inner_text().strip() == f"Cease the search for {overdue}"
        audit.check(page)

        if failures:
            pytest.fail("Failed requests:\n  " + "\n  ".join(failures), pytrace=False)
        audit.assert_clean()
