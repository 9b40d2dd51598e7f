"""The circulation demo: four fictional children's searches in every state, and idempotent."""

from typing import Any

import pytest

from circulation.models import HomeRequest, Placement, Search


@pytest.mark.django_db
class TestCirculationDemo:
    """demo_circulation_seed after the organisations, users, forms and beds seeds."""

    @pytest.fixture
    def seeded(self, db: Any) -> int:
        from demo.accounts import demo_organisations_seed, demo_users_seed
        from demo.beds import demo_beds_seed
        from demo.circulation import demo_circulation_seed
        from demo.forms import demo_forms_seed

        demo_organisations_seed()
        demo_users_seed()
        demo_forms_seed()
        demo_beds_seed()
        return demo_circulation_seed()

    def test_the_searches_cover_waiting_declined_offered_placed_and_closed(self, seeded: int) -> None:
        """Marydale Lodge's manager has one waiting; one search placed, one closed unplaced."""
        assert seeded == 3
        statuses = dict(Search.objects.values_list("referral__reference", "status"))
        assert statuses == {"SW-DEMO-OPEN": "open", "SW-DEMO-PLCD": "placed", "SW-DEMO-CLSD": "closed"}
        marydale = HomeRequest.objects.filter(home__slug="marydale-lodge")
        assert set(marydale.values_list("status", flat=True)) == {"awaiting", "recalled", "declined"}
        declined = HomeRequest.objects.filter(status="declined").exclude(decline_reasons=[])
        assert declined.count() == 4 and set(declined.values_list("reasons_version", flat=True)) == {"2026-1"}
        assert Placement.objects.get().home.slug == "adel-beck"

    def test_running_twice_gives_the_same_rows(self, seeded: int) -> None:
        """No new searches, requests or placements."""
        from demo.circulation import demo_circulation_seed

        before = (Search.objects.count(), HomeRequest.objects.count(), Placement.objects.count())
        assert demo_circulation_seed() == seeded
        assert (Search.objects.count(), HomeRequest.objects.count(), Placement.objects.count()) == before
