"""An analyst opens the outcome reports, filters them and downloads a table: aggregates only, axe-core clean."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from demo.people import DEMO_PASSWORD
from forms_engine.models import Referral
from tests.browser.sign_in import second_factor

from .test_sign_in_journeys import AxeAudit

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_data")]
ANALYST = "analyst@swcu.example"


def _sign_in(page: Page, base_url: str, email: str) -> None:
    page.goto(base_url + "/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sign in").click()
    second_factor(page, email)


class TestAnalystReports:
    def test_an_analyst_filters_the_reports_and_downloads_nothing_identifying(
        self, page: Page, live_server: LiveServer, tmp_path: Path
    ) -> None:
        """Reports open, a filter regroups the table and chart, the CSV holds no reference or name."""
        audit = AxeAudit(viewer=ANALYST)
        _sign_in(page, live_server.url, ANALYST)
        response = page.goto(live_server.url + "/outcomes/reports/")
        assert response is not None and response.status == 200
        assert page.locator("main h1").inner_text().strip() == "Outcome reports"
        assert page.locator("main svg[role='img']").count() == 1
        audit.check(page)

        page.get_by_label("Group by").select_option("region")
        with page.expect_navigation():
            page.get_by_role("button", name="Show figures").click()
        assert "group_by=region" in page.url
        assert page.locator("main h2", has_text="Outcome indicators by region").count() == 1
        audit.check(page, state="by region")

        page.get_by_label("Year the follow-up started").fill("soon")
        with page.expect_navigation():
            page.get_by_role("button", name="Show figures").click()
        assert page.locator(".govuk-error-summary").count() == 1
        audit.check(page, state="with an error")

        page.get_by_label("Year the follow-up started").fill("")
        with page.expect_navigation():
            page.get_by_role("button", name="Show figures").click()
        with page.expect_download() as download_info:
            page.get_by_role("link", name="CSV of the outcome indicators").click()
        target = tmp_path / "report.csv"
        download_info.value.save_as(target)
        text = target.read_text(encoding="utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][0].startswith("Children and outcomes by region")
        references = list(Referral.objects.exclude(reference=None).values_list("reference", flat=True))
        assert not any(reference in text for reference in references)
        assert "date of birth" not in text.lower()
        audit.assert_clean()
