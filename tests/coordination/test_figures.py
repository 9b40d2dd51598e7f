"""referral_figures_for_month on hand-built searches: received, ended, placed, offered, median, open at month end."""

import datetime
from typing import Any

import pytest

from accounts.models import Organisation
from circulation.models import Search
from coordination.models import SearchReview
from coordination.selectors import last_months, referral_figures_for_month
from forms_engine.models import FormVersion

from .conftest import at
from .factories import SubmittedReferralFactory, open_search


def _end(search: Search, *, when: datetime.datetime, status: str, outcome: str, offered: bool = False) -> None:
    """End a search at a moment, as circulation records it."""
    Search.objects.filter(pk=search.pk).update(
        status=status,
        outcome=outcome,
        closed_at=when,
        closed_on=when.date(),
        placed_at=when if status == Search.Status.PLACED else None,
        first_offer_at=when - datetime.timedelta(days=1) if offered or status == Search.Status.PLACED else None,
    )


@pytest.fixture
def april(v4: FormVersion, hampshire: Organisation, coordinator: Any) -> dict[str, Search]:
    """Searches around April 2026: two placed (after 4 and 10 days), one unplaced, one open, one from March."""

    def opened(day: datetime.datetime, place: str = "K2") -> Search:
        return open_search(
            version=v4, local_authority=hampshire, user=coordinator, opened_at=day, current_placement_type=place
        )

    searches = {
        "placed_fast": opened(at(2026, 4, 2), "K2"),
        "placed_slow": opened(at(2026, 4, 5), "K2"),
        "unplaced": opened(at(2026, 4, 8), "R5"),
        "still_open": opened(at(2026, 4, 20), "P2"),
        "from_march": opened(at(2026, 3, 10), "U6"),
    }
    _end(searches["placed_fast"], when=at(2026, 4, 6), status="placed", outcome="placed")
    _end(searches["placed_slow"], when=at(2026, 4, 15), status="placed", outcome="placed")
    _end(searches["unplaced"], when=at(2026, 4, 28), status="closed", outcome="alternative")
    _end(searches["from_march"], when=at(2026, 5, 3), status="closed", outcome="ceased", offered=True)
    return searches


@pytest.mark.django_db
class TestReferralFiguresForMonth:
    """Each figure, checked against searches built by hand."""

    def test_april(self, april: dict[str, Search]) -> None:
        """Four received; three ended (two placed, one not); two of three offered; median 7 days; two open at end."""
        figures = referral_figures_for_month(year=2026, month=4)
        assert figures["referrals_received"] == 4
        assert (figures["searches_closed"], figures["placed"], figures["unplaced"]) == (3, 2, 1)
        assert figures["offered_share"] == pytest.approx(2 / 3)
        assert figures["median_days_to_placement"] == 7.0
        assert figures["open_at_month_end"] == 2  # the one opened on 20 April and the March one ended in May
        assert figures["by_outcome"] == {
            "placed": 2,
            "alternative": 1,
            "withdrawn": 0,
            "order_lapsed": 0,
            "ceased": 0,
        }
        assert figures["placements_before_secure"] == {"K2": 2, "P2": 1, "R5": 1}

    def test_may_and_an_empty_month(self, april: dict[str, Search]) -> None:
        """May: the March search ceased (offered once); no placement so no median. June last year: all zero."""
        may = referral_figures_for_month(year=2026, month=5)
        assert (may["referrals_received"], may["searches_closed"], may["unplaced"]) == (0, 1, 1)
        assert may["offered_share"] == 1.0 and may["median_days_to_placement"] is None
        assert may["by_outcome"]["ceased"] == 1 and may["open_at_month_end"] == 1
        empty = referral_figures_for_month(year=2025, month=6)
        assert empty["offered_share"] is None and empty["referrals_received"] == 0 and empty["open_at_month_end"] == 0

    def test_month_bounds_are_local_time(self, v4: FormVersion, hampshire: Organisation) -> None:
        """A referral at 00:30 on 1 April (23:30 UTC on 31 March) counts in April."""
        SubmittedReferralFactory(
            version=v4, local_authority=hampshire, submitted_at=at(2026, 4, 1, 0) + datetime.timedelta(minutes=30)
        )
        assert referral_figures_for_month(year=2026, month=4)["referrals_received"] == 1
        assert referral_figures_for_month(year=2026, month=3)["referrals_received"] == 0

    def test_reviewed_referrals_are_not_new_referrals(
        self, april: dict[str, Search], v4: FormVersion, hampshire: Organisation, social_worker: Any
    ) -> None:
        """A review made here, or a form marked as a review, is the same child again and is not counted."""
        review_referral = SubmittedReferralFactory(version=v4, local_authority=hampshire, submitted_at=at(2026, 4, 25))
        SearchReview.objects.create(
            search=april["still_open"],
            source=april["still_open"].referral,
            referral=review_referral,
            started_by=social_worker,
        )
        marked = SubmittedReferralFactory(version=v4, local_authority=hampshire, submitted_at=at(2026, 4, 26))
        marked.answers["is_review"] = "yes"
        marked.save()
        not_review = SubmittedReferralFactory(version=v4, local_authority=hampshire, submitted_at=at(2026, 4, 27))
        not_review.answers["is_review"] = "no"
        not_review.save()
        assert referral_figures_for_month(year=2026, month=4)["referrals_received"] == 5

    def test_the_last_twelve_months_end_with_this_one(self) -> None:
        """From March last year to February this year, across the turn of the year."""
        months = last_months(count=12, today=datetime.date(2026, 2, 14))
        assert months[0] == (2025, 3) and months[-1] == (2026, 2) and len(months) == 12
