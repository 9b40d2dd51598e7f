"""A registered manager declares today's beds and the coordinator sees them on Beds today; axe-core on each page."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from beds.models import BedDeclaration
from demo.accounts import demo_organisations_seed, demo_users_seed
from demo.beds import UNDECLARED_TODAY, demo_beds_seed
from demo.people import DEMO_PASSWORD
from tests.browser.sign_in import second_factor

from .test_sign_in_journeys import SIGN_IN, AxeAudit, _failed_responses, _open

pytestmark = pytest.mark.browser

MANAGER = "manager@marydale.example"
COORDINATOR = "coordinator@swcu.example"


@pytest.fixture
def beds_demo(transactional_db: None, django_db_serialized_rollback: None) -> None:
    """The demo homes, users and 30 days of declarations, committed so the live server can see them."""
    demo_organisations_seed()
    demo_users_seed()
    demo_beds_seed()


@pytest.fixture
def second_page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """Another user's tab in its own browser context, talking only to the live server."""
    context = browser.new_context()
    context.route(lambda url: not url.startswith(live_server.url + "/"), lambda route: route.abort())
    yield context.new_page()
    context.close()


def _sign_in(page: Page, base_url: str, email: str) -> None:
    _open(page, base_url + SIGN_IN)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sign in").click()
    second_factor(page, email)


def _follow_navigation(page: Page, text: str) -> None:
    with page.expect_navigation():
        page.locator("#navigation").get_by_role("link", name=text, exact=True).click()


def _row(page: Page, home: str) -> list[str]:
    row = page.locator("main table").first.locator("tbody tr", has_text=home)
    return [" ".join(cell.split()) for cell in row.locator("th, td").all_inner_texts()]


@pytest.mark.usefixtures("beds_demo")
class TestDeclareAndSeeBeds:
    def test_manager_declares_and_the_coordinator_sees_the_beds(
        self, page: Page, second_page: Page, live_server: LiveServer
    ) -> None:
        """The declaration, with a mistake put right on the way, reaches Beds today; every page passes axe-core."""
        base_url = live_server.url
        failures = _failed_responses(page)
        manager_audit, coordinator_audit = AxeAudit(viewer=MANAGER), AxeAudit(viewer=COORDINATOR)

        _sign_in(page, base_url, MANAGER)
        _follow_navigation(page, "Beds")
        assert page.locator("main h1").inner_text().strip() == "Declare today's beds"
        assert page.get_by_label("Approved places").input_value() == "12"
        manager_audit.check(page)

        page.get_by_label("Available welfare beds").fill("3")
        page.get_by_label("Staffed capacity").fill("2")
        page.get_by_label("2:1 (two members of staff to one child)").check()
        page.get_by_label("Girls only").check()
        page.get_by_label("Youngest age accepted").fill("15")
        page.get_by_label("Oldest age accepted").fill("13")
        page.get_by_label("Notes (optional)").fill("Browser check: one room being redecorated")
        with page.expect_navigation():
            page.get_by_role("button", name="Declare beds").click()
        assert page.title().startswith("Error: ")
        assert "Oldest age accepted must be the same as or older" in page.locator(".govuk-error-summary").inner_text()
        manager_audit.check(page, state="with errors")

        page.get_by_label("Oldest age accepted").fill("17")
        with page.expect_navigation():
            page.get_by_role("button", name="Declare beds").click()
        assert page.locator(".govuk-panel__title").inner_text().strip() == "Beds declared"
        manager_audit.check(page)
        with page.expect_navigation():
            page.get_by_role("link", name="See your home's declarations for the last 30 days").click()
        assert "Browser check: one room being redecorated" in page.locator("main").inner_text()
        manager_audit.check(page)

        declaration = BedDeclaration.objects.filter(home__slug="marydale-lodge").exclude(declared_by=None).get()
        assert (declaration.available_welfare, declaration.staffed_capacity, declaration.sexes) == (3, 2, "female")

        coordinator_failures = _failed_responses(second_page)
        _sign_in(second_page, base_url, COORDINATOR)
        _follow_navigation(second_page, "Beds today")
        assert second_page.locator("main h1").inner_text().strip() == "Beds today"
        row = _row(second_page, "Marydale Lodge")
        assert row[1:8] == ["12", "3", "0", "2", "2", "2:1", "Girls only, 15 to 17"]
        for slug in UNDECLARED_TODAY:
            name = BedDeclaration.objects.filter(home__slug=slug).first().home.name  # type: ignore[union-attr]
            assert "Not declared today" in _row(second_page, name)[-1]
        assert second_page.locator("main svg[role=img]").count() == 1
        coordinator_audit.check(second_page)
        with second_page.expect_navigation():
            second_page.get_by_role("link", name="Marydale Lodge").click()
        assert second_page.locator("main h1").inner_text().strip() == "Beds declared in the last 30 days"
        coordinator_audit.check(second_page)

        expected = f"HTTP 400 for document {base_url}/beds/declare/"  # the form with the mistake, as it should be
        assert failures.count(expected) == 1
        unexpected = [f for f in failures + coordinator_failures if f != expected]
        if unexpected:
            pytest.fail("Failed requests:\n  " + "\n  ".join(unexpected), pytrace=False)
        manager_audit.assert_clean()
        coordinator_audit.assert_clean()
