"""The coordinator reads the oversight reports from the landing page on the demo's synthetic national data:
who is placed, why homes decline (with the unit-only table), waiting and beds (and a table's CSV), the breakdown by
care co-operative and the co-operatives' pages, then generates the public quarterly page; axe-core clean on every
page."""

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from demo.people import DEMO_PASSWORD
from tests.browser.sign_in import second_factor

from .test_sign_in_journeys import AxeAudit

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_data")]
COORDINATOR = "coordinator@swcu.example"


def _sign_in(page: Page, base_url: str, email: str) -> None:
    page.goto(base_url + "/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sign in").click()
    second_factor(page, email)


def _show(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Show figures").click()


class TestOversight:
    def test_the_coordinator_reads_every_report_on_synthetic_national_data(
        self, page: Page, live_server: LiveServer
    ) -> None:
        audit = AxeAudit(viewer=COORDINATOR)
        _sign_in(page, live_server.url, COORDINATOR)
        with page.expect_navigation():
            page.locator("main").get_by_role("link", name="Who is placed").first.click()
        assert page.locator("main h1").inner_text().strip() == "Who is placed"
        page.get_by_label("Records").select_option("synthetic")
        page.get_by_label("Break down by").select_option("risk")
        _show(page)
        assert page.locator("main svg[role='img']").count() == 1
        assert page.locator("main table caption", has_text="Measures by risk indicator").count() == 1
        audit.check(page, state="by risk indicator")

        page.get_by_label("From (month)").fill("April")
        _show(page)
        assert page.locator(".govuk-error-summary").count() == 1
        audit.check(page, state="with an error")

        with page.expect_navigation():
            page.locator("main nav").get_by_role("link", name="Why homes decline").click()
        page.get_by_label("Records").select_option("synthetic")
        _show(page)
        assert page.locator("main h2", has_text="when a staffed welfare bed was declared").count() == 1
        audit.check(page, state="declines")

        with page.expect_navigation():
            page.locator("main nav").get_by_role("link", name="Waiting and beds").click()
        page.get_by_label("Records").select_option("synthetic")
        _show(page)
        assert page.locator("main svg[role='img']").count() == 2
        audit.check(page, state="waiting and beds")

        assert page.locator("main a", has_text="Download this table (CSV)").count() >= 1
        with page.expect_download() as download:
            page.locator("main a", has_text="Download this table (CSV)").first.click()
        assert download.value.suggested_filename.endswith(".csv")

        page.goto(live_server.url + "/oversight/equity/?records=synthetic&dimension=care_cooperative")
        assert page.locator("main table caption", has_text="care co-operative").count() >= 1
        audit.check(page, state="by care co-operative")

        page.goto(live_server.url + "/oversight/")
        audit.check(page, state="oversight index")
        with page.expect_navigation():
            page.locator("main").get_by_role("link", name="See and change the care co-operatives").click()
        assert page.locator("main table tbody tr").count() == 3
        audit.check(page, state="care co-operatives")
        with page.expect_navigation():
            page.locator("main").get_by_role("link", name="Change").first.click()
        page.get_by_label("Name").fill("")
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name="Save").click()
        assert page.locator(".govuk-error-summary", has_text="Enter the care co-operative's name").count() == 1
        audit.check(page, state="a care co-operative with an error")

        page.goto(live_server.url + "/oversight/")
        with page.expect_navigation():
            page.get_by_role("button", name="Generate now").click()
        assert page.url.startswith(live_server.url + "/statistics/secure-welfare-placements/")
        assert page.locator("main h2", has_text="Methodology").count() == 1
        assert page.locator("main svg[role='img']").count() == 1
        audit.check(page, state="the published quarterly page")
        audit.assert_clean()
