"""Calendar arithmetic used across the service: whole months from a date, and age in whole years."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` later, or the month's last day when it is shorter (31 Jan + 1 → 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(date_of_birth: datetime.date, on: datetime.date) -> int:
    """Age in whole years on a day."""
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


def iso_date(value: object) -> datetime.date | None:
    """A date from an answer stored as an ISO string (or a date), None when absent or unreadable."""
    if isinstance(value, datetime.date):
        return value
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None
