"""The public website in Chromium: every page type passes axe-core, and a visitor filters the homes directory."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from outcomes.models import SummaryPublication
from tests.browser.test_sign_in_journeys import ANONYMOUS, AxeAudit

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_data")]

# One page of each type, plus the filtered directory, search results and a closed job.
PAGE_TYPES = (
    "/",
    "/about-san/",
    "/guidance/",
    "/guidance/frequently-asked-questions/",
    "/guidance/the-referral-process/",
    "/news/",
    "/news/updated-referral-form-from-1-april-2019/",
    "/jobs/",
    "/jobs/registered-manager-marydale-lodge/",
    "/jobs/residential-care-worker-swanwick-lodge/",
    "/secure-homes/",
    "/secure-homes/?region=North+West&placement=welfare",
    "/secure-homes/marydale-lodge/",
    "/referral-form/",
    "/data/",
    "/documents/",
    "/search/?q=referral",
)


class TestWebsitePages:
    """What a member of the public sees on the SAN website."""

    def test_every_page_type_has_no_accessibility_problems(self, page: Page, live_server: LiveServer) -> None:
        """axe-core finds no violation of any impact on any page type, nor a reflow or focus problem."""
        audit = AxeAudit(viewer=ANONYMOUS)
        # The monthly coordination summary's pages (the demo publishes last month's).
        summaries = ["/statistics/coordination-summaries/", SummaryPublication.objects.get().get_absolute_url()]
        for path in [*PAGE_TYPES, *summaries]:
            response = page.goto(live_server.url + path)
            assert response is not None and response.ok, path
            audit.check(page)
        audit.assert_clean()

    def test_a_visitor_filters_the_homes_directory_and_downloads_a_document(
        self, page: Page, live_server: LiveServer
    ) -> None:
        """The GET form narrows the table; a document link serves the PDF."""
        page.goto(live_server.url + "/secure-homes/")
        page.select_option("#region", "North West")
        page.select_option("#placement", "welfare")
        page.get_by_role("button", name="Apply filters").click()
        expect(page.locator("tbody th a")).to_have_text(["Barton Moss Secure Care Centre", "Marydale Lodge"])
        expect(page.locator("caption")).to_contain_text("2 secure children's homes match your filters")
        page.get_by_role("link", name="Clear filters").click()
        expect(page.locator("tbody th a")).to_have_count(14)

        page.goto(live_server.url + "/documents/")
        href = page.get_by_role("link", name="Welfare Safety Checks Framework").get_attribute("href")
        download = page.request.get(live_server.url + str(href))
        assert download.ok and download.body().startswith(b"%PDF")
