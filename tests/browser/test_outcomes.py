"""A leaving-care worker records a 3-month checkpoint, a mistake put right on the way; the coordinator sees it count.

The coordinator reads "Followed up at 3 months" for placed, referred children in the outcome reports, the worker
records the checkpoint in another browser, and the coordinator's reload shows one more child followed up (and the
share stable at 3 months falling, since the child moved). axe-core checks every page on the way: the reports before
and after, the work list, the checkpoint form (empty, with errors, with two episodes), the list after recording and
the coordinator's follow-up pages.
"""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from accounts.models import Organisation
from demo import outcomes as demo_outcomes
from demo.accounts import demo_organisations_seed, demo_users_seed
from demo.forms import demo_forms_seed
from outcomes.models import Checkpoint, FollowUp
from tests.factories import OrganisationFactory
from tests.outcomes.factories import checkpoint_mark, followup_started
from vocabulary.dates import add_months

from .test_beds import _follow_navigation, _sign_in
from .test_sign_in_journeys import AxeAudit, _failed_responses

pytestmark = pytest.mark.browser

WORKER = "leaving.care@hampshire.example"
COORDINATOR = "coordinator@swcu.example"
CHILD = "Mia Examplecroft"
PLACED = "Placed in a secure children's home"
COUNTS = "Children and outcomes, placed and not placed"
RATES = "Rates: children and outcomes, placed and not placed"
# Recorded 3-month checkpoints added to the demo's (one placed child moved, one not placed child stable), so that
# every figure read is 6 or more before and after: no cell of the rows read is a c.
MORE_PLACED_STABLE, MORE_NOT_PLACED_STABLE = 10, 6


@pytest.fixture
def outcomes_demo(transactional_db: None, django_db_serialized_rollback: None, monkeypatch: Any) -> None:
    """The demo authorities, users, referral form and Hampshire follow-ups (few synthetic rows), committed."""
    monkeypatch.setattr(demo_outcomes, "SYNTHETIC_EXITS", 20)
    demo_organisations_seed()
    demo_users_seed()
    demo_forms_seed()
    demo_outcomes.demo_outcomes_seed()
    _more_recorded_followups()


def _more_recorded_followups() -> None:
    """Referred children in another authority with the 3-month checkpoint recorded and no move (stable)."""
    authority = OrganisationFactory(name="Exampleshire County Council", slug="exampleshire", region="South West")
    home = Organisation.objects.get(slug=demo_outcomes.HOME_SLUG)
    start = add_months(datetime.date.today(), -4)
    for cohort, number in (
        (FollowUp.Cohort.PLACED, MORE_PLACED_STABLE),
        (FollowUp.Cohort.NOT_PLACED, MORE_NOT_PLACED_STABLE),
    ):
        for _ in range(number):
            placed = cohort == FollowUp.Cohort.PLACED
            followup = followup_started(
                start=start, local_authority=authority, home=home if placed else None, cohort=cohort
            )
            checkpoint_mark(followup, 3)


@pytest.fixture
def coordinator_page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """The coordinator's tab in a browser context of its own, talking only to the live server."""
    context = browser.new_context()
    context.route(lambda url: not url.startswith(live_server.url + "/"), lambda route: route.abort())
    yield context.new_page()
    context.close()


def _figure(page: Page, caption: str, row: str, column: str = PLACED) -> str:
    """One figure of a report table, found by the table's caption, the row's label and the column's heading."""
    table = page.locator("main").get_by_role("table", name=caption, exact=True)
    assert table.count() == 1, caption
    headings = [" ".join(text.split()) for text in table.locator("thead th").all_inner_texts()]
    line = table.locator("tbody tr").filter(has=page.get_by_role("rowheader", name=row, exact=True))
    assert line.count() == 1, row
    return line.locator("td").nth(headings.index(column) - 1).inner_text().strip()


def _placed_at_3_months(page: Page) -> tuple[str, str, str]:
    """Followed up and stable at 3 months, and the share stable, for placed children, as the page shows them."""
    return (
        _figure(page, COUNTS, "Followed up at 3 months"),
        _figure(page, COUNTS, "Stable at 3 months"),
        _figure(page, RATES, "Stable at 3 months"),
    )


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
    def test_the_worker_records_a_three_month_checkpoint(
        self, page: Page, coordinator_page: Page, live_server: LiveServer
    ) -> None:
        """The worker records a checkpoint with a move and a legal-status episode; the coordinator's report moves."""
        base_url = live_server.url
        failures = _failed_responses(page)
        coordinator_failures = _failed_responses(coordinator_page)
        audit = AxeAudit(viewer=WORKER)
        coordinator_audit = AxeAudit(viewer=COORDINATOR)
        followup = FollowUp.objects.get(referral__reference="SW-DEMO-OC01")
        checkpoint = followup.checkpoints.get(months=3)
        assert followup.start_date is not None
        assert followup.cohort == FollowUp.Cohort.PLACED

        reports = coordinator_page
        _sign_in(reports, base_url, COORDINATOR)
        _follow_navigation(reports, "Reports")
        assert reports.locator("main h1").inner_text().strip() == "Outcome reports"
        reports.get_by_label("Records").select_option(label="Referred children")
        reports.get_by_label("Indicator to chart").select_option(label="Stable at 3 months")
        with reports.expect_navigation():
            reports.get_by_role("button", name="Show figures").click()
        assert "records=real" in reports.url and "indicator=stable_3" in reports.url
        before = 1 + MORE_PLACED_STABLE, MORE_PLACED_STABLE  # the demo's placed child who moved, and the stable ones
        assert _placed_at_3_months(reports) == (str(before[0]), str(before[1]), "91%")
        coordinator_audit.check(reports, state="before the checkpoint")

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

        reports.reload()
        assert reports.locator("main h1").inner_text().strip() == "Outcome reports"
        # One more child followed up at 3 months; not stable (moved on day 20), so the share stable falls.
        assert _placed_at_3_months(reports) == (str(before[0] + 1), str(before[1]), "83%")
        coordinator_audit.check(reports, state="after the checkpoint")

        _follow_navigation(reports, "Follow-ups")
        coordinator_audit.check(reports)
        with reports.expect_navigation():
            reports.get_by_role("link", name=CHILD).click()
        assert "Completed" in reports.locator("main table").first.inner_text()
        coordinator_audit.check(reports)

        record_url = f"/outcomes/checkpoints/{checkpoint.pk}/"
        assert all(f.startswith("HTTP 400 for document") and f.endswith(record_url) for f in failures), failures
        assert not coordinator_failures, coordinator_failures
        audit.assert_clean()
        coordinator_audit.assert_clean()
