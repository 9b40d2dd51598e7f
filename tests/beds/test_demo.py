"""The demo seed: 30 days of plausible declarations, two homes undeclared today, idempotent."""

from typing import Any

import pytest
from django.utils import timezone

from beds.models import BedDeclaration
from beds.selectors import beds_on
from demo.accounts import demo_organisations_seed
from demo.beds import DAYS, UNDECLARED_TODAY, demo_beds_seed


@pytest.fixture
def homes(db: Any) -> None:
    demo_organisations_seed()


class TestDemoBedsSeed:
    def test_running_twice_gives_the_same_rows(self, homes: None) -> None:
        """A second run neither adds nor changes a declaration."""
        demo_beds_seed()
        first = list(BedDeclaration.objects.order_by("pk").values())
        demo_beds_seed()
        assert list(BedDeclaration.objects.order_by("pk").values()) == first

    def test_leaves_two_homes_undeclared_today(self, homes: None) -> None:
        """Exactly the two chosen homes show as not declared today; the other twelve have declared."""
        demo_beds_seed()
        rows = beds_on()
        assert len(rows) == 14
        assert sorted(r.home.slug for r in rows if not r.declared) == sorted(UNDECLARED_TODAY)

    def test_declarations_are_plausible(self, homes: None) -> None:
        """Thirty days, welfare beds scarce, justice-only homes declare no welfare bed, staffing sometimes short."""
        demo_beds_seed()
        declarations = list(BedDeclaration.objects.select_related("home__home_profile"))
        days = {d.date for d in declarations}
        assert len(days) == DAYS and max(days) == timezone.localdate()
        assert sum(d.available_welfare <= 2 for d in declarations) / len(declarations) > 0.8
        assert all(d.available_welfare == 0 for d in declarations if not d.home.home_profile.takes_welfare)
        assert any(d.staffed_capacity < d.available_welfare + d.available_justice for d in declarations)
        assert sum(r.bookable for r in beds_on()) < sum(r.available_welfare for r in beds_on())
        for declaration in declarations:
            declaration.full_clean()

    def test_keeps_a_managers_own_declaration(self, homes: None) -> None:
        """Seeding again never touches a declaration a real person made."""
        from tests.factories import member

        demo_beds_seed()
        home = BedDeclaration.objects.filter(home__slug=UNDECLARED_TODAY[0]).first().home
        manager = member("home_manager", home)
        own = BedDeclaration.objects.create(
            home=home,
            approved_places=20,
            available_welfare=1,
            available_justice=0,
            staffed_capacity=1,
            declared_by=manager,
        )
        demo_beds_seed()
        assert BedDeclaration.objects.filter(pk=own.pk, available_welfare=1).exists()


class TestDemoSeedAfterPlacement:
    def test_a_bed_taken_on_placement_stays_taken_on_a_second_run(self, homes: None) -> None:
        """Seeding again does not give back a bed that a placement took."""
        from beds.services import bed_take
        from demo.beds import READY_TODAY
        from tests.factories import member

        demo_beds_seed()
        home = BedDeclaration.objects.filter(home__slug=READY_TODAY).first().home
        bed_take(home=home, on=timezone.localdate(), user=member("coordinator"))
        demo_beds_seed()
        (row,) = [r for r in beds_on() if r.home == home]
        assert (row.available_welfare, row.staffed_capacity) == (0, 0)
