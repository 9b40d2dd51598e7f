"""A leaving-care worker records a 3-month checkpoint, with a mistake put right; the coordinator sees it recorded.

axe-core checks every page on the way: the work list, the checkpoint form (empty, with errors, with two episodes),
the list after recording and the coordinator's follow-up page.
"""

import datetime
from typing import Any

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from accounts.demo import demo_organisations_seed, demo_users_seed
from forms_engine.demo import demo_forms_seed
from outcomes import demo
from outcomes.models import Checkpoint, FollowUp

from .test_beds import _follow_navigation, _sign_in
from .test_sign_in_journeys import AxeAudit, _failed_responses

pytestmark = pytest.mark.browser

WORKER = "leaving.care@hampshire.example"
COORDINATOR = "coordinator@swcu.example"
CHILD = "Mia Examplecroft"


@pytest.fixture
def outcomes_demo(transactional_db: None, django_db_serialized_rollback: None, monkeypatch: Any) -> None:
    """The demo authorities, users, referral form and Hampshire follow-ups (few synthetic rows), committed."""
    monkeypatch.setattr(demo, "SYNTHETIC_EXITS", 20)
    demo_organisations_seed()
    demo_users_seed()
    demo_forms_seed()
    demo.demo_outcomes_seed()


def _group(page: Page, legend: str) -> Any:
    return page.get_by_role("group", name=legend, exact=True)


def _fill_episode(page: Page, number: int, *, day: str, month: str, year: str, place: str, rne: str) -> None:
    episode = page.locator(f"#episode-{number}")
    episode.get_by_label("Day").fill(day)
    episode.get_by_label("Month").fill(month)
    episode.get_by_label("Year").fill(year)
    episode.get_by_label("Placement type (PLACE)").select_option(place)
    episode.get_by_label("Reason for new episode (RNE)").select_option(rne)


@pytest.mark.usefixtures("outcomes_demo")
class TestRecordACheckpoint:
    def test_the_worker_records_a_three_month_checkpoint(self, page: Page, live_server: LiveServer) -> None:
        """From the Follow-up list to a recorded checkpoint with a move and a legal-status episode."""
        base_url = live_server.url
        failures = _failed_responses(page)
        audit = AxeAudit(viewer=WORKER)
        followup = FollowUp.objects.get(referral__reference="SW-DEMO-OC01")
        checkpoint = followup.checkpoints.get(months=3)
        assert followup.start_date is not None

        _sign_in(page, base_url, WORKER)
        _follow_navigation(page, "Follow-up")
        assert page.locator("main h1").inner_text().strip() == "Follow-up checkpoints"
        audit.check(page)
        with page.expect_navigation():
            page.get_by_role("link", name=f"Record the 3-month checkpoint C{checkpoint.pk}", exact=True).click()
        assert CHILD in page.locator("main").inner_text()
        audit.check(page, state="empty")

        _group(page, "Is the young person's situation not known, or have you lost contact?").get_by_label("No").check()
        page.get_by_label("How many times has the young person been missing (whereabouts not known)?").fill("1")
        with page.expect_navigation():
            page.get_by_role("button", name="Record the checkpoint").click()
        summary = page.locator(".govuk-error-summary")
        assert "Select how the young person is engaging with health services" in summary.inner_text()
        audit.check(page, state="errors")

        page.get_by_label("How many times has the young person been away from placement without authorisation?").fill(
            "0"
        )
        _group(page, "Has the young person been remanded or sentenced to custody?").get_by_label("No").check()
        _group(page, "Has the young person returned to a secure children's home?").get_by_label("No").check()
        _group(page, "Has a court made a deprivation-of-liberty order for the young person?").get_by_label("No").check()
        page.get_by_label("Education, employment or training now").select_option("F2")
        page.get_by_label("Accommodation now").select_option("C")
        page.get_by_label("Partly engaged").check()
        moved = followup.start_date + datetime.timedelta(days=20)
        when = {"day": str(moved.day), "month": str(moved.month), "year": str(moved.year)}
        _fill_episode(page, 1, **when, place="U6", rne="P")
        page.locator("#episode-1").get_by_label("Reason for the placement change (optional)").select_option("CREQB")
        with page.expect_navigation():
            page.get_by_role("button", name="Add another episode").click()
        _fill_episode(page, 2, **when, place="U6", rne="L")
        audit.check(page, state="two episodes")
        with page.expect_navigation():
            page.get_by_role("button", name="Record the checkpoint").click()

        assert page.locator("main h1").inner_text().strip() == "Follow-up checkpoints"
        assert (
            f"checkpoint C{checkpoint.pk} recorded"
            in page.locator(".govuk-notification-banner, main").first.inner_text()
        )
        audit.check(page, state="recorded")
        checkpoint.refresh_from_db()
        assert checkpoint.state == Checkpoint.State.COMPLETED
        assert sorted(followup.episodes.values_list("rne", flat=True)) == ["L", "P"]

        coordinator_audit = AxeAudit(viewer=COORDINATOR)
        page.context.clear_cookies()
        _sign_in(page, base_url, COORDINATOR)
        _follow_navigation(page, "Follow-ups")
        coordinator_audit.check(page)
        with page.expect_navigation():
            page.get_by_role("link", name=CHILD).click()
        assert "Completed" in page.locator("main table").first.inner_text()
        coordinator_audit.check(page)

        record_url = f"/outcomes/checkpoints/{checkpoint.pk}/"
        assert all(f.startswith("HTTP 400 for document") and f.endswith(record_url) for f in failures), failures
        audit.assert_clean()
        coordinator_audit.assert_clean()
