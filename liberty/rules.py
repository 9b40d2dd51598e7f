"""The statutory clocks, as pure functions: 72 hours in any 28 days, review intervals, the regulator's route.

England: the Children (Secure Accommodation) Regulations 1991, reg 10: without a court's authority a child may be
kept in secure accommodation for at most 72 hours, whether or not consecutive, in any period of 28 consecutive
days. Wales: the Children (Secure Accommodation) (Wales) Regulations 2015 keep the same limit (72 hours in any 28
days); docs/liberty.md states this as an assumption to check against the regulations' text.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from vocabulary.dates import add_months

LIMIT = timedelta(hours=72)
WINDOW = timedelta(days=28)
FIRST_REVIEW_MONTHS = 1
LATER_REVIEW_MONTHS = 3
REMINDER_DAYS = (28, 14, 7)
NOTIFICATION_DAYS = 7

Interval = tuple[datetime, datetime]


def _utc(moment: datetime) -> datetime:
    """Elapsed time, not wall-clock time: arithmetic on two times in one zone ignores a change of clocks."""
    return moment.astimezone(UTC)


def _overlap(interval: Interval, start: datetime, end: datetime) -> timedelta:
    return max(min(_utc(interval[1]), end) - max(_utc(interval[0]), start), timedelta(0))


def used_in_window(intervals: Iterable[Interval], *, ending: datetime) -> timedelta:
    """Time held without an order in the 28 days up to `ending`."""
    ending = _utc(ending)
    return sum((_overlap(i, ending - WINDOW, ending) for i in intervals), timedelta(0))


def most_used(intervals: Sequence[Interval]) -> timedelta:
    """The most time held without an order in any 28-day window. The total is piecewise linear in the window's
    position, so its maximum is at a window ending at some interval's end or starting at some interval's start."""
    ends = [_utc(i[1]) for i in intervals] + [_utc(i[0]) + WINDOW for i in intervals]
    return max((used_in_window(intervals, ending=e) for e in ends), default=timedelta(0))


def within_limit(intervals: Sequence[Interval]) -> bool:
    return most_used(intervals) <= LIMIT


def latest_end(earlier: Sequence[Interval], start: datetime) -> datetime:
    """The latest a placement without an order that began at `start` may last, given the earlier ones (to the
    minute); `start` itself when no time is left."""
    start = _utc(start)
    low, high = 0, int(LIMIT.total_seconds() // 60)
    while low < high:
        middle = (low + high + 1) // 2
        if within_limit([*earlier, (start, start + timedelta(minutes=middle))]):
            low = middle
        else:
            high = middle - 1
    return start + timedelta(minutes=low)


@dataclass(frozen=True)
class Counter:
    """The running counter shown to the local authority: hours used in the last 28 days and hours left."""

    used: timedelta
    left: timedelta

    @property
    def used_hours(self) -> float:
        return round(self.used.total_seconds() / 3600, 1)

    @property
    def left_hours(self) -> float:
        return round(self.left.total_seconds() / 3600, 1)

    @property
    def exceeded(self) -> bool:
        return self.used > LIMIT


def counter(intervals: Sequence[Interval], *, now: datetime) -> Counter:
    now = _utc(now)
    used = used_in_window([(_utc(s), min(_utc(e), now)) for s, e in intervals if _utc(s) < now], ending=now)
    return Counter(used=used, left=max(LIMIT - used, timedelta(0)))


def review_due_on(*, started_on: date, reviews: Sequence[date]) -> date:
    """The first review within one month of the start; each later one within three months of the last."""
    if not reviews:
        return add_months(started_on, FIRST_REVIEW_MONTHS)
    return add_months(max(reviews), LATER_REVIEW_MONTHS)


def reminder_due(*, days_left: int, sent: Iterable[int]) -> int | None:
    """The reminder to send today, if any: the nearest threshold reached and not yet sent (a missed day still
    gets the reminder it missed, but only one, the most urgent)."""
    reached = [d for d in REMINDER_DAYS if 0 <= days_left <= d and d not in set(sent)]
    return min(reached) if reached else None


def regulator_for(*, authority_nation: str, setting_nation: str) -> str:
    """Ofsted for an English authority's placement in England; Care Inspectorate Wales where Wales is concerned
    (a Welsh authority's placement, or a setting in Wales). Returns the nation whose regulator it is."""
    return "england" if authority_nation == "england" and setting_nation == "england" else "wales"
