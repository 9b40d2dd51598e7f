"""The state machine: every allowed move succeeds and every other move is refused with a reason."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from circulation.models import HomeRequest, InformationRequest, Search
from circulation.services import (
    TransitionRefused,
    information_answer,
    information_request,
    placement_confirm,
    request_accept,
    request_decline,
    request_recall,
    search_close,
)

from .conftest import request_for

S = HomeRequest.Status
ALLOWED = {
    (S.AWAITING, S.INFO_REQUESTED),
    (S.AWAITING, S.ACCEPTED),
    (S.AWAITING, S.DECLINED),
    (S.AWAITING, S.RECALLED),
    (S.INFO_REQUESTED, S.AWAITING),
    (S.INFO_REQUESTED, S.RECALLED),
    (S.ACCEPTED, S.PLACED),
    (S.ACCEPTED, S.RECALLED),
}


def _move(home_request: HomeRequest, to: str, user: Any) -> None:
    """Ask the service that makes this move."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    if to == S.INFO_REQUESTED:
        information_request(home_request=home_request, question="Is there a health plan?", user=user)
    elif to == S.AWAITING:
        asked = InformationRequest.objects.create(home_request=home_request, question="Q?", asked_by=user)
        information_answer(information=asked, answer="Yes.", user=user)
    elif to == S.ACCEPTED:
        request_accept(home_request=home_request, admission_date=tomorrow, user=user)
    elif to == S.DECLINED:
        request_decline(home_request=home_request, reasons=["staffing"], user=user)
    elif to == S.RECALLED:
        request_recall(home_request=home_request, user=user)
    elif to == S.PLACED:
        placement_confirm(home_request=home_request, admitted_on=tomorrow, user=user)


@pytest.mark.django_db
class TestRequestTransitions:
    """Each pair of request states, tried through the services."""

    @pytest.mark.parametrize("to", list(S))
    @pytest.mark.parametrize("start", list(S))
    def test_a_move_is_made_only_when_the_table_allows_it(
        self, circulated: Search, homes: dict, coordinator: Any, start: str, to: str
    ) -> None:
        """Allowed moves change the status; refused ones raise TransitionRefused and change nothing."""
        home_request = request_for(circulated, homes["kyloe"][0])
        HomeRequest.objects.filter(pk=home_request.pk).update(status=start)
        home_request.refresh_from_db()
        if (start, to) in ALLOWED:
            _move(home_request, to, coordinator)
            home_request.refresh_from_db()
            assert home_request.status == to
        else:
            with pytest.raises(TransitionRefused):
                _move(home_request, to, coordinator)
            home_request.refresh_from_db()
            assert home_request.status == start


@pytest.mark.django_db
class TestSearchTransitions:
    """A search is open until it is placed or closed; nothing follows either."""

    def _accepted(self, search: Search, homes: dict, user: Any) -> HomeRequest:
        home_request = request_for(search, homes["marydale"][0])
        return request_accept(
            home_request=home_request, admission_date=timezone.localdate() + datetime.timedelta(days=1), user=user
        )

    def test_open_to_placed(self, circulated: Search, homes: dict, coordinator: Any) -> None:
        """Confirming an offer places the search and recalls the other homes."""
        placement_confirm(
            home_request=self._accepted(circulated, homes, coordinator),
            admitted_on=timezone.localdate(),
            user=coordinator,
        )
        circulated.refresh_from_db()
        assert circulated.status == Search.Status.PLACED
        assert set(circulated.requests.values_list("status", flat=True)) == {S.PLACED, S.RECALLED}

    def test_open_to_closed(self, circulated: Search, coordinator: Any) -> None:
        """Closing recalls every open request."""
        search_close(search=circulated, outcome=Search.Outcome.WITHDRAWN, user=coordinator)
        circulated.refresh_from_db()
        assert circulated.status == Search.Status.CLOSED
        assert set(circulated.requests.values_list("status", flat=True)) == {S.RECALLED}

    @pytest.mark.parametrize("ended", [Search.Status.PLACED, Search.Status.CLOSED])
    def test_an_ended_search_cannot_be_closed_or_placed(
        self, circulated: Search, homes: dict, coordinator: Any, ended: str
    ) -> None:
        """Both moves are refused once the search has ended."""
        offer = self._accepted(circulated, homes, coordinator)
        Search.objects.filter(pk=circulated.pk).update(status=ended)
        with pytest.raises(TransitionRefused):
            search_close(search=circulated, outcome=Search.Outcome.CEASED, user=coordinator)
        with pytest.raises(TransitionRefused):
            placement_confirm(home_request=offer, admitted_on=timezone.localdate(), user=coordinator)
        circulated.refresh_from_db()
        assert circulated.status == ended and not hasattr(circulated, "placement")

    def test_closing_with_placed_as_the_outcome_is_refused(self, circulated: Search, coordinator: Any) -> None:
        """Only a confirmed offer places a child."""
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            search_close(search=circulated, outcome=Search.Outcome.PLACED, user=coordinator)
