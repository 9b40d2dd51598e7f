"""The liberty demo: orders ending soon, a review due, an overdue unregistered-setting notice; idempotent."""

from typing import Any

import pytest

from liberty import selectors
from liberty.models import LibertyOrder


@pytest.mark.django_db
class TestLibertyDemo:
    @pytest.fixture
    def seeded(self, db: Any) -> int:
        from demo.accounts import demo_organisations_seed, demo_users_seed
        from demo.beds import demo_beds_seed
        from demo.circulation import demo_circulation_seed
        from demo.forms import demo_forms_seed
        from demo.liberty import demo_liberty_seed

        demo_organisations_seed()
        demo_users_seed()
        demo_forms_seed()
        demo_beds_seed()
        demo_circulation_seed()
        return demo_liberty_seed()

    def test_the_demo_shows_every_clock(self, seeded: int) -> None:
        """An order ending with no plan, a review due, an overdue notice, and hours on the 72-hour counter."""
        from demo.liberty import demo_liberty_seed

        orders = LibertyOrder.objects.all()
        assert seeded == 4
        assert [o.referral.reference for o in selectors.ending_without_plan(orders)] == ["SW-DEMO-OPEN", "SW-DEMO-CLSD"]
        assert "SW-DEMO-OPEN" in {d.order.referral.reference for d in selectors.reviews_due(orders)}
        assert [n.order.referral.reference for n in selectors.notifications_overdue(orders)] == ["SW-DEMO-CLSD"]
        no_destination = [o.referral.reference for o in selectors.ending_without_destination(orders)]
        assert no_destination == ["SW-DEMO-OPEN", "SW-DEMO-CLSD"]
        placed = orders.get(referral__reference="SW-DEMO-PLCD")
        assert placed.destination.place_code == "K2" and placed.destination.step_down
        news = orders.get(referral__reference="SW-DEMO-NEWS").referral
        assert selectors.child_counter(news).used_hours == 20.0
        assert demo_liberty_seed() == 0 and orders.count() == 4
