"""When an open search's two-weekly update and three-monthly review fall due, and whether the search will cease.

Both clocks run on local calendar days. The update is due 14 days after the search opened or after the last update;
the review is due 3 calendar months after the search opened or after the last submitted reviewed referral. A search
is overdue the day after a due date passes without the update or review, and then shows "Search will cease".
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from vocabulary.dates import add_months

UPDATE_INTERVAL = timedelta(days=14)
REVIEW_MONTHS = 3
UPDATE_DUE_SOON = timedelta(days=3)
REVIEW_DUE_SOON = timedelta(days=14)


class Due:
    """A due date seen from today: the state words and GOV.UK tag colour the pages show."""

    UP_TO_DATE, DUE_SOON, OVERDUE = "up_to_date", "due_soon", "overdue"
    LABELS = {UP_TO_DATE: "Up to date", DUE_SOON: "Due soon", OVERDUE: "Overdue"}
    COLOURS = {UP_TO_DATE: "green", DUE_SOON: "yellow", OVERDUE: "red"}


@dataclass(frozen=True)
class Upkeep:
    """An open search's upkeep on one day."""

    today: date
    opened_on: date
    last_update_on: date | None
    last_review_on: date | None

    @property
    def update_due_on(self) -> date:
        return (self.last_update_on or self.opened_on) + UPDATE_INTERVAL

    @property
    def review_due_on(self) -> date:
        return add_months(self.last_review_on or self.opened_on, REVIEW_MONTHS)

    @property
    def update_state(self) -> str:
        return _state(self.today, self.update_due_on, UPDATE_DUE_SOON)

    @property
    def review_state(self) -> str:
        return _state(self.today, self.review_due_on, REVIEW_DUE_SOON)

    @property
    def update_overdue(self) -> bool:
        return self.update_state == Due.OVERDUE

    @property
    def review_overdue(self) -> bool:
        return self.review_state == Due.OVERDUE

    @property
    def will_cease(self) -> bool:
        """Overdue for the update or the review: the coordinator may cease the search."""
        return self.update_overdue or self.review_overdue

    @property
    def update_label(self) -> str:
        return Due.LABELS[self.update_state]

    @property
    def update_colour(self) -> str:
        return Due.COLOURS[self.update_state]

    @property
    def review_label(self) -> str:
        return Due.LABELS[self.review_state]

    @property
    def review_colour(self) -> str:
        return Due.COLOURS[self.review_state]

    @property
    def days_since_update(self) -> int | None:
        return (self.today - self.last_update_on).days if self.last_update_on else None


def _state(today: date, due_on: date, soon: timedelta) -> str:
    if today > due_on:
        return Due.OVERDUE
    if due_on - today <= soon:
        return Due.DUE_SOON
    return Due.UP_TO_DATE


def _local_day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment else None


def upkeep_of(
    *, opened_at: datetime, last_update_at: datetime | None, last_review_at: datetime | None, today: date | None = None
) -> Upkeep:
    """The upkeep state from the search's timestamps (today in the service's time zone unless given)."""
    return Upkeep(
        today=today or timezone.localdate(),
        opened_on=timezone.localdate(opened_at),
        last_update_on=_local_day(last_update_at),
        last_review_on=_local_day(last_review_at),
    )
