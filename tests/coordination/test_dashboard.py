"""The coordinator's dashboard: open searches with filters, each home's response, today's beds, figures, cards."""

from typing import Any

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Organisation, Role
from accounts.navigation import navigation_for
from beds.models import BedDeclaration
from circulation.models import HomeRequest, Search
from coordination.selectors import open_search_counts, open_search_rows
from coordination.services import search_update_submit
from forms_engine.models import FormVersion
from tests.factories import SecureHomeFactory, member
from ui.charts import column_chart

from .conftest import at, client_for
from .factories import ask_homes, open_search

TODAY = at(2026, 4, 20, 9)


@pytest.fixture
def searches(
    v4: FormVersion, hampshire: Organisation, leeds: Organisation, coordinator: Any, social_worker: Any
) -> dict[str, Search]:
    """Hampshire: one waiting for homes (overdue update), one with an offer (updated); Leeds: one not yet sent."""
    waiting = open_search(version=v4, local_authority=hampshire, user=coordinator, opened_at=at(2026, 4, 1))
    ask_homes(waiting, HomeRequest.Status.AWAITING, HomeRequest.Status.DECLINED)
    offered = open_search(version=v4, local_authority=hampshire, user=coordinator, opened_at=at(2026, 4, 10))
    ask_homes(offered, HomeRequest.Status.ACCEPTED)
    with time_machine.travel(at(2026, 4, 17), tick=False):
        search_update_submit(
            search=offered, user=social_worker, what_changed="x", placement_and_risks="y", order_status="full_order"
        )
    fresh = open_search(version=v4, local_authority=leeds, user=coordinator, opened_at=at(2026, 4, 18))
    return {"waiting": waiting, "offered": offered, "fresh": fresh}


def _get(user: Any, **params: str) -> Any:
    with time_machine.travel(TODAY, tick=False):
        return client_for(user).get(reverse("coordination:dashboard"), params)


def _references(html: str, searches: dict[str, Search]) -> set[str]:
    return {name for name, search in searches.items() if search.referral.reference in html}


@pytest.mark.django_db
class TestOpenSearches:
    """The table of open searches and its GET filters."""

    def test_every_open_search_is_listed_with_responses_and_upkeep(
        self, searches: dict[str, Search], coordinator: Any
    ) -> None:
        """Days open, homes asked, each home's status chip, days since the update, and 'Search will cease'."""
        response = _get(coordinator)
        html = response.content.decode()
        assert response.status_code == 200 and _references(html, searches) == {"waiting", "offered", "fresh"}
        assert "Waiting for a decision" in html and "Offer made" in html and "Declined" in html
        assert "3 days ago" in html and "None yet" in html
        assert html.count("Search will cease") == 1  # the waiting search's update was due on 15 April

    def test_filters_narrow_the_list(self, searches: dict[str, Search], coordinator: Any, leeds: Organisation) -> None:
        """By local authority, by status and by overdue only."""
        assert _references(_get(coordinator, local_authority=str(leeds.pk)).content.decode(), searches) == {"fresh"}
        assert _references(_get(coordinator, stage="offered").content.decode(), searches) == {"offered"}
        assert _references(_get(coordinator, stage="not_circulated").content.decode(), searches) == {"fresh"}
        assert _references(_get(coordinator, overdue="on").content.decode(), searches) == {"waiting"}
        html = _get(coordinator, stage="all_declined").content.decode()
        assert "No open searches match the filters." in html

    def test_a_bad_filter_is_a_400_with_an_error_summary(self, searches: dict[str, Search], coordinator: Any) -> None:
        """An unknown authority or status is reported, not a 500."""
        response = _get(coordinator, local_authority="999999", stage="nonsense")
        html = response.content.decode()
        assert response.status_code == 400 and "There is a problem" in html
        assert "Select a local authority from the list" in html and "Select a status from the list" in html

    def test_closed_searches_are_not_listed(self, searches: dict[str, Search], coordinator: Any) -> None:
        """Only open searches appear."""
        Search.objects.filter(pk=searches["fresh"].pk).update(status="closed", closed_at=at(2026, 4, 19))
        assert _references(_get(coordinator).content.decode(), searches) == {"waiting", "offered"}

    def test_only_the_unit_opens_the_dashboard(self, searches: dict[str, Search], social_worker: Any) -> None:
        """Referrers, homes and analysts get not found."""
        for user in (social_worker, member(Role.HOME_MANAGER), member(Role.ANALYST)):
            assert _get(user).status_code == 404


@pytest.mark.django_db
class TestBedsAndFigures:
    """Today's beds (nominal against bookable) and the month's figures with a chart and its table."""

    def test_beds_today_show_nominal_staffed_and_bookable(self, coordinator: Any) -> None:
        """A home with 3 free beds but staff for 1 is bookable for 1; a home that has not declared says so."""
        declared = SecureHomeFactory(name="Clare Lodge", slug="clare-lodge")
        SecureHomeFactory(name="Kyloe House", slug="kyloe-house")
        BedDeclaration.objects.create(
            home=declared,
            date=TODAY.date(),
            approved_places=16,
            available_welfare=3,
            available_justice=0,
            staffed_capacity=1,
            declared_by=coordinator,
            declared_at=TODAY,
        )
        html = _get(coordinator).content.decode()
        row = html[html.index("Clare Lodge") : html.index("Kyloe House")]
        assert [cell for cell in ("3", "1") if f">{cell}</td>" in row] == ["3", "1"]
        assert "Not declared today" in html[html.index("Kyloe House") :]

    def test_the_months_figures_and_the_chart_table(self, searches: dict[str, Search], coordinator: Any) -> None:
        """Three referrals received this month; the chart has an accessible name and a table with twelve months."""
        html = _get(coordinator).content.decode()
        figures = html[html.index("This month's figures") :]
        assert "Referrals received</dt>" in figures and '<dd class="govuk-summary-list__value">3</dd>' in figures
        assert 'role="img"' in html and "aria-labelledby" in html
        table = html[html.index("Referrals and search outcomes by month") :]
        assert table.count('<th scope="row"') == 12 and "Apr 2026" in table and "May 2025" in table


class TestTheChart:
    """The layout of the server-drawn bar chart."""

    def test_bars_scale_to_a_round_top_and_keep_their_values(self) -> None:
        """The tallest bar reaches the top of a 0–8 axis; each bar keeps its label for the tooltip."""
        chart = column_chart(labels=["Jan", "Feb"], series=[("Received", [8, 2]), ("Placed", [4, 0])], height=240)
        tallest = max(chart.bars, key=lambda bar: bar.height)
        assert tallest.value == 8 and tallest.y == 10.0
        assert [tick.text for tick in chart.y_ticks] == ["0", "2", "4", "6", "8"]
        assert chart.bars[-1].height == 0 and chart.bars[0].label == "Received, Jan: 8"


@pytest.mark.django_db
class TestLandingCards:
    """The cards the unit and the local authorities see on signing in."""

    def test_the_coordinator_sees_open_and_overdue_searches(
        self, searches: dict[str, Search], coordinator: Any
    ) -> None:
        """Three open; one will cease."""
        with time_machine.travel(TODAY, tick=False):
            html = client_for(coordinator).get(reverse("accounts:dashboard")).content.decode()
        assert "Coordination dashboard" in html and "3</span> open searches" in html
        assert "1</span> search will cease" in html
        texts = [item.text for item in navigation_for(coordinator, "/")]
        assert texts[:2] == ["Home", "Coordination"]

    def test_the_counts_agree_with_the_dashboard_rows(self, searches: dict[str, Search]) -> None:
        """The card's counts come from three timestamps per search; they match the full rows, day by day."""
        for day in (at(2026, 4, 12).date(), TODAY.date(), at(2026, 7, 15).date()):
            rows = open_search_rows(today=day)
            counts = open_search_counts(today=day)
            assert (counts.open, counts.will_cease) == (len(rows), sum(row.upkeep.will_cease for row in rows))
        assert open_search_counts(today=at(2026, 7, 15).date()).will_cease == 3

    def test_the_authority_sees_what_is_due_and_letters_to_send(
        self, searches: dict[str, Search], social_worker: Any
    ) -> None:
        """Hampshire's overdue search is listed with its reference; no Ofsted letters yet."""
        with time_machine.travel(TODAY, tick=False):
            html = client_for(social_worker).get(reverse("accounts:dashboard")).content.decode()
        assert "Updates and reviews due" in html
        assert f"{searches['waiting'].referral.reference}: search will cease" in html
        assert searches["fresh"].referral.reference not in html
        assert "No letters are waiting to be sent." in html
