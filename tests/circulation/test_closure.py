"""Closing a search without a placement: outcomes, alternative accommodation, attempts and times recorded."""

import datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from circulation.models import HomeRequest, Search
from circulation.services import request_accept, search_circulate, search_close
from forms_engine.models import Referral

from .conftest import client_for
from .factories import home_with_manager

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.mark.django_db
class TestClosingASearch:
    """The coordinator closes a search that ends without a placement."""

    def test_attempts_and_times_are_recorded(self, referral: Referral, homes: dict, coordinator: Any) -> None:
        """Homes asked over two rounds count once each; time to first offer; no time to placement."""
        home_list = [home for home, _ in homes.values()]
        with time_machine.travel(START, tick=False):
            search_circulate(referral=referral, homes=home_list[:2], user=coordinator)
        with time_machine.travel(START + datetime.timedelta(days=1), tick=False):
            search_circulate(referral=referral, homes=home_list, user=coordinator)  # one new home, two repeats
            manager = homes["adel"][1]
            offer = HomeRequest.objects.get(search__referral=referral, home=homes["adel"][0])
            request_accept(home_request=offer, admission_date=timezone.localdate(), user=manager)
        with time_machine.travel(START + datetime.timedelta(days=9), tick=False):
            search = search_close(search=referral.search, outcome=Search.Outcome.ORDER_LAPSED, user=coordinator)
        assert search.attempts == 3 and HomeRequest.objects.filter(search=search).count() == 3
        assert search.time_to_first_offer == datetime.timedelta(days=1)
        assert search.time_to_placement is None and search.days_open == 9
        assert (search.status, search.outcome, search.closed_on) == (
            "closed",
            "order_lapsed",
            datetime.date(2026, 3, 11),
        )
        assert set(search.requests.values_list("status", flat=True)) == {HomeRequest.Status.RECALLED}

    def test_an_unplaced_child_gets_a_follow_up_and_an_ofsted_letter_draft(
        self, circulated: Search, coordinator: Any
    ) -> None:
        """Outcomes starts the not-placed follow-up; coordination drafts the Ofsted notification."""
        from coordination.models import OfstedNotification
        from outcomes.models import FollowUp

        search_close(search=circulated, outcome=Search.Outcome.CEASED, user=coordinator)
        follow_up = FollowUp.objects.get(referral=circulated.referral)
        assert follow_up.cohort == FollowUp.Cohort.NOT_PLACED
        assert OfstedNotification.objects.filter(search=circulated).count() == 1

    def test_alternative_accommodation_records_where_the_child_went(self, circulated: Search, coordinator: Any) -> None:
        """PLACE code, registration, DoL order and provider are kept."""
        search = search_close(
            search=circulated,
            outcome=Search.Outcome.ALTERNATIVE,
            user=coordinator,
            place_code="K2",
            registered=False,
            dol_order=True,
            provider_type="PR4",
            closed_on=timezone.localdate(),
        )
        search.refresh_from_db()
        assert (search.place_code, search.registered, search.dol_order, search.provider_type) == (
            "K2",
            False,
            True,
            "PR4",
        )

    @pytest.mark.parametrize(("place_code", "provider"), [("", "PR4"), ("ZZ", "PR4"), ("K2", "PR9")])
    def test_alternative_accommodation_needs_real_codes(
        self, circulated: Search, coordinator: Any, place_code: str, provider: str
    ) -> None:
        """A missing or unknown code is refused and the search stays open."""
        with pytest.raises(ValidationError):
            search_close(
                search=circulated,
                outcome="alternative",
                user=coordinator,
                place_code=place_code,
                provider_type=provider,
            )
        circulated.refresh_from_db()
        assert circulated.is_open

    def test_circulating_a_closed_search_is_refused_on_the_page(self, circulated: Search, coordinator: Any) -> None:
        """Sending to more homes after closure is a 409 with the reason."""
        search_close(search=circulated, outcome=Search.Outcome.WITHDRAWN, user=coordinator)
        new_home, _ = home_with_manager("Aldine House", "aldine-house")
        url = reverse("circulation:circulate", args=[circulated.referral_id])
        response = client_for(coordinator).post(url, {"homes": [new_home.pk], "without_beds": "on"})
        assert response.status_code == 409 and "no longer open" in response.content.decode()


@pytest.mark.django_db
class TestTheClosePage:
    """The coordinator's closure form."""

    def test_alternative_without_its_answers_is_a_400(self, circulated: Search, coordinator: Any) -> None:
        """Each missing answer is listed in the error summary."""
        today = timezone.localdate()
        data = {
            "outcome": "alternative",
            "closed_on_0": today.day,
            "closed_on_1": today.month,
            "closed_on_2": today.year,
        }
        response = client_for(coordinator).post(reverse("circulation:close", args=[circulated.referral_id]), data)
        html = response.content.decode()
        assert response.status_code == 400
        assert "Select the type of accommodation" in html and "Select the provider" in html
        circulated.refresh_from_db()
        assert circulated.is_open

    def test_a_complete_closure_redirects_to_the_search(self, circulated: Search, coordinator: Any) -> None:
        """The search page then shows it closed."""
        today = timezone.localdate()
        data = {
            "outcome": "alternative", "closed_on_0": today.day, "closed_on_1": today.month, "closed_on_2": today.year,
            "place_code": "K2", "registered": "no", "dol_order": "yes", "provider_type": "PR4",
        }  # fmt: skip
        response = client_for(coordinator).post(reverse("circulation:close", args=[circulated.referral_id]), data)
        assert response.status_code == 302
        circulated.refresh_from_db()
        assert (circulated.status, circulated.place_code, circulated.dol_order) == ("closed", "K2", True)

    def test_a_social_worker_cannot_close(self, circulated: Search, social_worker: Any) -> None:
        """Closure is the unit's."""
        assert (
            client_for(social_worker).get(reverse("circulation:close", args=[circulated.referral_id])).status_code
            == 404
        )
