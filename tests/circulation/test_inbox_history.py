"""A home's inbox keeps the history of the referrals it offered on, declined, was recalled from or was placed with."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from circulation.models import Search
from circulation.services import placement_confirm, request_accept, request_decline, search_close

from .conftest import client_for, request_for

TOMORROW = datetime.timedelta(days=1)


def _history(manager: Any) -> str:
    return " ".join(client_for(manager).get(reverse("circulation:inbox-history")).content.decode().split())


@pytest.mark.django_db
class TestTheInboxHistory:
    """Every ended or offered referral stays listed with its outcome and date."""

    def test_placed_offered_and_recalled_and_declined_each_show_their_outcome(
        self, circulated: Search, homes: dict, social_worker: Any
    ) -> None:
        """Marydale is placed, Kyloe offered but was recalled when Marydale was confirmed, Adel declined."""
        day = timezone.localdate() + TOMORROW
        offers = {
            key: request_accept(
                home_request=request_for(circulated, homes[key][0]), admission_date=day, user=homes[key][1]
            )
            for key in ("marydale", "kyloe")
        }
        request_decline(
            home_request=request_for(circulated, homes["adel"][0]), reasons=["no_vacancy"], user=homes["adel"][1]
        )
        placement_confirm(home_request=offers["marydale"], admitted_on=day, user=social_worker)
        reference, today = circulated.referral.reference, f"{timezone.localdate():%-d %b %Y}"
        placed = _history(homes["marydale"][1])
        link = reverse("circulation:request", args=[offers["marydale"].pk])
        assert f'href="{link}">{reference}</a>' in placed
        assert f"Offered a place, {today}" in placed and "Placed with your home" in placed
        recalled = _history(homes["kyloe"][1])
        assert f"Offered a place, {today}" in recalled
        assert "Recalled: the child was placed with another home. No longer available to your home." in recalled
        assert reverse("circulation:request", args=[offers["kyloe"].pk]) not in recalled
        declined = _history(homes["adel"][1])
        assert f"Declined, {today}" in declined and "Declined by your home" in declined
        inbox = client_for(homes["kyloe"][1]).get(reverse("circulation:inbox")).content.decode()
        assert "History, latest first" in inbox and reference in inbox

    def test_a_closed_search_says_why_it_ended_and_an_offer_waiting_says_so(
        self, circulated: Search, homes: dict, coordinator: Any
    ) -> None:
        """The recall of a withdrawn referral names the outcome; a pending offer waits for confirmation."""
        day = timezone.localdate() + TOMORROW
        request_accept(
            home_request=request_for(circulated, homes["kyloe"][0]), admission_date=day, user=homes["kyloe"][1]
        )
        assert "Waiting for the local authority to confirm" in _history(homes["kyloe"][1])
        search_close(search=circulated, outcome=Search.Outcome.WITHDRAWN, user=coordinator)
        assert "Recalled: the search ended (referral withdrawn)" in _history(homes["kyloe"][1])
        untouched = _history(homes["adel"][1])
        assert (
            "Recalled: the search ended (referral withdrawn)" in untouched
            and '<td class="govuk-table__cell">None</td>' in untouched
        )

    def test_other_roles_cannot_open_a_home_s_history(self, circulated: Search, social_worker: Any) -> None:
        """The history page is for home managers: a social worker gets the audited 404."""
        assert client_for(social_worker).get(reverse("circulation:inbox-history")).status_code == 404
