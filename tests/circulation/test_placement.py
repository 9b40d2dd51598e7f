"""One placement per search: confirmations that race give exactly one placement, on SQLite and on PostgreSQL."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from beds.models import BedDeclaration
from circulation.models import HomeRequest, Placement, Search
from circulation.services import TransitionRefused, placement_confirm, request_accept
from tests.threads import race

from .conftest import request_for
from .factories import beds_declared


def _race(*calls: Callable[[], Any]) -> list[str]:
    """Run the calls at the same moment; each reports 'placed', 'refused' or its error."""

    def outcome(result: Any) -> str:
        if isinstance(result, TransitionRefused):
            return "refused"
        return repr(result) if isinstance(result, Exception) else "placed"

    return sorted(outcome(result) for result in race(*calls))


def _offers(search: Search, homes: dict) -> list[HomeRequest]:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return [
        request_accept(home_request=request_for(search, homes[key][0]), admission_date=tomorrow, user=homes[key][1])
        for key in ("marydale", "kyloe")
    ]


@pytest.mark.usefixtures("database_threads_can_share")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestConcurrentConfirmations:
    """Two confirmations at the same moment: one placement, the other refused cleanly."""

    def test_two_homes_accept_and_two_confirmations_race(
        self, circulated: Search, homes: dict, social_worker: Any, coordinator: Any
    ) -> None:
        """The authority confirms one home while the coordinator confirms the other: exactly one wins."""
        first, second = _offers(circulated, homes)
        today = timezone.localdate()
        results = _race(
            lambda: placement_confirm(home_request=first, admitted_on=today, user=social_worker),
            lambda: placement_confirm(home_request=second, admitted_on=today, user=coordinator),
        )
        assert results == ["placed", "refused"]
        assert Placement.objects.filter(search=circulated).count() == 1
        statuses = sorted(HomeRequest.objects.filter(search=circulated).values_list("status", flat=True))
        assert statuses == ["placed", "recalled", "recalled"]

    def test_the_same_offer_confirmed_twice_at_once_gives_one_placement(
        self, circulated: Search, homes: dict, social_worker: Any, officer: Any
    ) -> None:
        """The social worker and the sanctioning officer both press confirm."""
        offer = _offers(circulated, homes)[0]
        today = timezone.localdate()
        results = _race(
            lambda: placement_confirm(home_request=offer, admitted_on=today, user=social_worker),
            lambda: placement_confirm(home_request=offer, admitted_on=today, user=officer),
        )
        assert results == ["placed", "refused"]
        assert Placement.objects.count() == 1


@pytest.mark.django_db
class TestConfirmingAPlacement:
    """What a confirmed placement changes."""

    def test_the_home_s_bed_goes_down_and_the_secure_stay_starts(
        self, circulated: Search, homes: dict, social_worker: Any
    ) -> None:
        """Today's declaration loses one welfare bed and one staffed place; outcomes records the stay."""
        from outcomes.models import FollowUp

        home, manager = homes["marydale"]
        declaration = beds_declared(home, manager, welfare=2)
        offer = _offers(circulated, homes)[0]
        placement = placement_confirm(home_request=offer, admitted_on=timezone.localdate(), user=social_worker)
        latest = BedDeclaration.objects.filter(home=home).order_by("-declared_at", "-pk").first()
        assert (latest.available_welfare, latest.staffed_capacity) == (1, 1)
        assert declaration.pk
        assert placement.home == home
        assert FollowUp.objects.filter(referral=circulated.referral).exists()
        circulated.refresh_from_db()
        assert circulated.placed_at is not None and circulated.time_to_placement is not None
        assert circulated.time_to_first_offer is not None and circulated.outcome == "placed"

    def test_an_admission_date_in_the_past_is_refused(
        self, circulated: Search, homes: dict, social_worker: Any
    ) -> None:
        """Nothing is placed."""
        from django.core.exceptions import ValidationError

        offer = _offers(circulated, homes)[0]
        with pytest.raises(ValidationError):
            placement_confirm(
                home_request=offer, admitted_on=timezone.localdate() - datetime.timedelta(days=1), user=social_worker
            )
        assert not Placement.objects.exists()
