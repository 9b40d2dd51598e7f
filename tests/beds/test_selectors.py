"""Selectors: beds on a day, homes matching a child, monthly figures."""

from datetime import date, datetime, time
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Organisation
from beds.selectors import bed_figures_for_month, beds_on, homes_matching, network_beds_on, network_daily
from tests.factories import SecureHomeFactory

from .factories import BedDeclarationFactory

DAY = date(2026, 3, 2)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


class TestBedsOn:
    def test_one_row_per_active_home_with_the_latest_declaration(
        self, home: Organisation, other_home: Organisation
    ) -> None:
        """The day's latest declaration counts; a home without one has None; inactive homes are left out."""
        BedDeclarationFactory(home=home, date=DAY, declared_at=_at(DAY, 9), available_welfare=3)
        latest = BedDeclarationFactory(home=home, date=DAY, declared_at=_at(DAY, 14), available_welfare=1)
        BedDeclarationFactory(home=other_home, date=date(2026, 3, 1))
        SecureHomeFactory(name="Closed Home", slug="closed-home", is_active=False)
        rows = {row.home.slug: row for row in beds_on(on=DAY)}
        assert set(rows) == {"fictional-lodge", "imaginary-house"}
        assert rows["fictional-lodge"].declaration == latest
        assert rows["imaginary-house"].declaration is None
        assert (rows["imaginary-house"].available_welfare, rows["imaginary-house"].bookable) == (0, 0)

    def test_bookable_is_the_smaller_of_free_beds_and_staffed_capacity(self, home: Organisation) -> None:
        """Three free welfare beds with staff for one child is one bookable bed."""
        BedDeclarationFactory(home=home, date=DAY, available_welfare=3, staffed_capacity=1, available_justice=0)
        (row,) = beds_on(on=DAY)
        assert (row.available_welfare, row.staffed_capacity, row.bookable) == (3, 1, 1)


class TestNetworkBedsOn:
    def test_adds_up_in_the_database_what_the_rows_show(self, home: Organisation, other_home: Organisation) -> None:
        """Only each home's latest declaration that day counts; inactive homes count for nothing."""
        BedDeclarationFactory(home=home, date=DAY, declared_at=_at(DAY, 9), available_welfare=3, staffed_capacity=3)
        BedDeclarationFactory(
            home=home, date=DAY, declared_at=_at(DAY, 14), available_welfare=2, staffed_capacity=1, available_justice=0
        )
        closed = SecureHomeFactory(name="Closed Home", slug="closed-home", is_active=False)
        BedDeclarationFactory(home=closed, date=DAY, available_welfare=4, staffed_capacity=4)
        BedDeclarationFactory(home=other_home, date=date(2026, 3, 1), available_welfare=1)
        network, rows = network_beds_on(on=DAY), beds_on(on=DAY)
        assert (network.homes, network.declared, network.not_declared) == (2, 1, 1)
        assert (network.available_welfare, network.bookable) == (2, 1)
        assert network.available_welfare == sum(row.available_welfare for row in rows)
        assert network.bookable == sum(row.bookable for row in rows)

    def test_a_day_nobody_declared_is_all_zero(self, home: Organisation) -> None:
        network = network_beds_on(on=DAY)
        assert (network.homes, network.declared, network.available_welfare, network.bookable) == (1, 0, 0, 0)


class TestHomesMatching:
    @pytest.fixture
    def declared(self, db: Any) -> dict[str, Organisation]:
        """Four homes: girls 12-17, any 10-14, boys with no staff, any with no free welfare bed."""
        specs = {
            "girls": {"sexes": "female", "min_age": 12, "max_age": 17},
            "young": {"sexes": "any", "min_age": 10, "max_age": 14},
            "unstaffed": {"sexes": "male", "staffed_capacity": 0},
            "full": {"sexes": "any", "available_welfare": 0},
        }
        homes = {}
        for name, fields in specs.items():
            homes[name] = SecureHomeFactory(name=name.title(), slug=name)
            BedDeclarationFactory(home=homes[name], date=DAY, **fields)
        return homes

    @pytest.mark.parametrize(
        ("sex", "age", "expected"),
        [
            ("female", 15, {"girls"}),
            ("female", 13, {"girls", "young"}),
            ("male", 13, {"young"}),
            ("male", 16, set()),
            (None, None, {"girls", "young"}),
            ("female", 11, {"young"}),
        ],
    )
    def test_only_homes_with_a_bookable_bed_for_that_child(
        self, declared: dict[str, Organisation], sex: str | None, age: int | None, expected: set[str]
    ) -> None:
        """Sex and age must fit the declaration, and the home must have a free welfare bed and the staff."""
        assert {home.slug for home in homes_matching(sex=sex, age=age, on=DAY)} == expected

    def test_an_earlier_declaration_that_day_does_not_count(self, home: Organisation) -> None:
        """A bed declared in the morning and gone by the afternoon is not offered."""
        BedDeclarationFactory(home=home, date=DAY, declared_at=_at(DAY, 9), available_welfare=1)
        BedDeclarationFactory(home=home, date=DAY, declared_at=_at(DAY, 15), available_welfare=0)
        assert not homes_matching(sex="female", age=14, on=DAY).exists()


class TestBedFiguresForMonth:
    def test_rates_and_means_over_the_month(self, home: Organisation, other_home: Organisation) -> None:
        """Declaration rate over home-days; network totals per declared day averaged; per-home means."""
        BedDeclarationFactory(home=home, date=date(2026, 2, 1), available_welfare=2, staffed_capacity=1)
        BedDeclarationFactory(home=home, date=date(2026, 2, 2), available_welfare=0, staffed_capacity=0)
        BedDeclarationFactory(
            home=other_home, date=date(2026, 2, 1), available_welfare=1, available_justice=2, staffed_capacity=3
        )
        BedDeclarationFactory(home=other_home, date=date(2026, 3, 1), available_welfare=3)
        figures = bed_figures_for_month(year=2026, month=2)
        assert figures["days"] == 28
        assert figures["declaration_rate"] == round(3 / 56, 4)
        assert figures["mean_available_welfare"] == 1.5  # (2+1) on the 1st, 0 on the 2nd
        assert figures["mean_staffed_capacity"] == 2.0  # (1+3) and 0
        assert figures["mean_bookable"] == 1.0  # (1+1) and 0
        by_home = {row["home"]: row for row in figures["by_home"]}
        assert by_home["Fictional Lodge"] == {
            "home": "Fictional Lodge",
            "days_declared": 2,
            "mean_available_welfare": 1.0,
            "mean_staffed_capacity": 0.5,
        }

    def test_a_month_without_declarations(self, home: Organisation) -> None:
        """No declarations: rate 0 and no means rather than an error."""
        figures = bed_figures_for_month(year=2025, month=6)
        assert figures["declaration_rate"] == 0.0
        assert figures["mean_available_welfare"] is None
        assert figures["by_home"][0]["days_declared"] == 0

    def test_re_declarations_count_once(self, home: Organisation) -> None:
        """Two declarations on one day are one home-day, taken from the latest."""
        BedDeclarationFactory(home=home, date=date(2025, 6, 3), declared_at=_at(date(2025, 6, 3), 9))
        BedDeclarationFactory(
            home=home, date=date(2025, 6, 3), declared_at=_at(date(2025, 6, 3), 16), available_welfare=0
        )
        figures = bed_figures_for_month(year=2025, month=6)
        assert figures["declaration_rate"] == round(1 / 30, 4)
        assert figures["mean_available_welfare"] == 0.0


class TestNetworkDaily:
    def test_one_row_per_day_oldest_first(self, home: Organisation) -> None:
        """Thirty rows ending today, with each day's totals from the latest declarations."""
        BedDeclarationFactory(home=home, date=DAY, available_welfare=2, staffed_capacity=1, available_justice=0)
        rows = network_daily(days=30, today=DAY)
        assert [rows[0]["date"], rows[-1]["date"]] == [date(2026, 2, 1), DAY]
        assert rows[-1] | {"date": None} == {
            "date": None,
            "homes_declared": 1,
            "available_welfare": 2,
            "available_justice": 0,
            "staffed_capacity": 1,
            "bookable": 1,
        }
        assert rows[-2]["homes_declared"] == 0
