"""Landing-page cards: the unit's orders ending and overdue notices, an authority's clocks, a home's orders."""

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from forms_engine.models import Referral
from liberty import dashboard
from liberty.models import LibertyOrder
from liberty.services import review_record

from .conftest import client_for, moment, record


class TestCards:
    def test_the_coordinator_sees_orders_ending_and_notices_overdue(
        self, referral: Referral, social_worker: Any, coordinator: Any
    ) -> None:
        record(
            referral,
            social_worker,
            setting=LibertyOrder.Setting.UNREGISTERED,
            starts_at=moment(timezone.localdate() - timedelta(days=9)),
            expires_on=timezone.localdate() + timedelta(days=5),
        )
        card = dashboard.coordinator_cards(Membership.objects.get(user=coordinator))[0]
        assert (card.figure, card.figure_label) == ("1", "order")
        assert "1 unregistered-setting notice is overdue" in card.body
        page = client_for(coordinator).get(reverse("accounts:dashboard")).content.decode()
        assert reverse("liberty:ending") in page

    def test_the_authority_sees_reviews_notices_and_restrictions_to_end(
        self, referral: Referral, social_worker: Any
    ) -> None:
        order = record(referral, social_worker, setting=LibertyOrder.Setting.UNREGISTERED)
        answers = {"criteria_met": False, "still_necessary": False, "other_accommodation": True, "notes": ""}
        review_record(order=order, data={"held_on": timezone.localdate(), **answers}, user=social_worker)
        card = dashboard.authority_cards(Membership.objects.get(user=social_worker))[0]
        assert card.figure == "1"
        assert "1 regulator notice to send" in card.body
        assert "1 restriction to end: criteria no longer met" in card.body

    def test_a_home_with_no_child_placed_sees_an_empty_state(self, referral: Referral, homes: dict) -> None:
        manager = homes["marydale"][1]
        card = dashboard.home_cards(Membership.objects.get(user=manager))[0]
        assert card.figure == "" and card.empty == "No child placed with you has an order recorded."
