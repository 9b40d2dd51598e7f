"""vocabulary/dates.py: the one module of month arithmetic and ages every app uses."""

import datetime

import pytest

from vocabulary.dates import add_months, age_on, iso_date


class TestAddMonths:
    """Whole months later, clamped to the month's last day."""

    @pytest.mark.parametrize(
        ("start", "months", "expected"),
        [
            (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
            (datetime.date(2028, 1, 31), 1, datetime.date(2028, 2, 29)),
            (datetime.date(2026, 11, 15), 3, datetime.date(2027, 2, 15)),
            (datetime.date(2026, 5, 31), -3, datetime.date(2026, 2, 28)),
            (datetime.date(2026, 8, 31), 12, datetime.date(2027, 8, 31)),
        ],
    )
    def test_same_day_or_the_months_last(self, start: datetime.date, months: int, expected: datetime.date) -> None:
        """31 January + 1 month is the last day of February; negative months go back."""
        assert add_months(start, months) == expected


class TestAgeOn:
    """Whole years, the birthday itself counting."""

    def test_the_day_before_and_on_a_birthday(self) -> None:
        """A child born on 24 November 2013 is 12 on the 23rd and 13 on the 24th in 2026."""
        born = datetime.date(2013, 11, 24)
        assert age_on(born, datetime.date(2026, 11, 23)) == 12
        assert age_on(born, datetime.date(2026, 11, 24)) == 13


class TestIsoDate:
    """Answers store dates as ISO strings; anything else is no date."""

    @pytest.mark.parametrize("value", [None, "", "31/01/2026", "2026-02-30", 12])
    def test_unreadable_values_are_none(self, value: object) -> None:
        """Blank, foreign formats, impossible dates and numbers give None, never an exception."""
        assert iso_date(value) is None

    def test_a_string_or_a_date_gives_the_date(self) -> None:
        """Both the stored form and an already parsed date are accepted."""
        day = datetime.date(2026, 12, 3)
        assert iso_date("2026-12-03") == day and iso_date(day) == day
