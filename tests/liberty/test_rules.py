"""The statutory clocks as pure rules: 72 hours in any 28 days, review intervals, reminders and the regulator."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from liberty import rules

LONDON = ZoneInfo("Europe/London")


def at(day: int, hour: int = 0, minute: int = 0, month: int = 9) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LONDON)


class TestSeventyTwoHours:
    def test_a_placement_across_midnight_counts_its_hours_not_its_days(self) -> None:
        """22:00 to 02:00 the next day is 4 hours, though it touches two dates."""
        held = [(at(5, 22), at(6, 2))]
        assert rules.most_used(held) == timedelta(hours=4)
        assert rules.counter(held, now=at(6, 3)).used_hours == 4.0

    def test_the_night_the_clocks_go_back_counts_the_extra_hour(self) -> None:
        """00:00 to 03:00 on 25 October 2026 in London is 4 hours held, not 3."""
        assert rules.most_used([(at(25, 0, month=10), at(25, 3, month=10))]) == timedelta(hours=4)

    def test_exactly_seventy_two_hours_is_allowed_and_one_minute_more_is_not(self) -> None:
        """The limit is inclusive: 72 hours is within it, 72 hours and a minute is over."""
        assert rules.within_limit([(at(1, 9), at(4, 9))])
        assert not rules.within_limit([(at(1, 9), at(4, 9, 1))])

    def test_several_short_placements_add_up_within_the_window(self) -> None:
        """Three 24-hour holds in a fortnight use the whole allowance; a fourth hour is over."""
        held = [(at(1), at(2)), (at(8), at(9)), (at(14), at(15))]
        assert rules.most_used(held) == timedelta(hours=72)
        assert rules.within_limit(held)
        assert not rules.within_limit([*held, (at(20), at(20, 1))])

    def test_hours_older_than_28_days_drop_out_of_the_window(self) -> None:
        """48 hours on 1 October and 48 hours starting 29 days later never share a 28-day window."""
        first = (at(1), at(3))
        later_start = at(1) + timedelta(days=29)
        assert rules.within_limit([first, (later_start, later_start + timedelta(hours=48))])

    def test_hours_inside_28_days_share_the_window(self) -> None:
        """The same two holds 26 days apart make 96 hours in one window."""
        first = (at(1), at(3))
        later_start = at(1) + timedelta(days=26)
        assert rules.most_used([first, (later_start, later_start + timedelta(hours=48))]) == timedelta(hours=96)

    def test_a_window_edge_cuts_a_placement_in_part(self) -> None:
        """A hold that began 28 days and 2 hours before now counts only its last hours inside the window."""
        now = at(29, 12)
        held = [(now - timedelta(days=28, hours=2), now - timedelta(days=28) + timedelta(hours=3))]
        assert rules.counter(held, now=now).used == timedelta(hours=3)

    def test_latest_end_leaves_exactly_what_is_left(self) -> None:
        """After 50 hours used, a new hold may last 22 hours to the minute."""
        earlier = [(at(1), at(3, 2))]
        assert rules.latest_end(earlier, at(10)) == at(10) + timedelta(hours=22)

    def test_latest_end_is_the_start_when_nothing_is_left(self) -> None:
        earlier = [(at(1), at(4))]
        assert rules.latest_end(earlier, at(5)) == at(5)

    def test_the_counter_shows_hours_left(self) -> None:
        counter = rules.counter([(at(1), at(2, 6))], now=at(3))
        assert (counter.used_hours, counter.left_hours, counter.exceeded) == (30.0, 42.0, False)


class TestReviews:
    def test_the_first_review_is_due_within_one_month_of_the_start(self) -> None:
        assert rules.review_due_on(started_on=date(2026, 1, 31), reviews=[]) == date(2026, 2, 28)

    def test_later_reviews_are_due_within_three_months_of_the_last(self) -> None:
        due = rules.review_due_on(started_on=date(2026, 1, 10), reviews=[date(2026, 2, 5), date(2026, 5, 1)])
        assert due == date(2026, 8, 1)


class TestReminders:
    def test_each_threshold_is_sent_once(self) -> None:
        assert rules.reminder_due(days_left=28, sent=[]) == 28
        assert rules.reminder_due(days_left=27, sent=[28]) is None
        assert rules.reminder_due(days_left=14, sent=[28]) == 14
        assert rules.reminder_due(days_left=7, sent=[28, 14]) == 7

    def test_a_missed_day_sends_only_the_most_urgent(self) -> None:
        assert rules.reminder_due(days_left=6, sent=[]) == 7

    def test_nothing_before_28_days_or_after_the_end(self) -> None:
        assert rules.reminder_due(days_left=29, sent=[]) is None
        assert rules.reminder_due(days_left=-1, sent=[]) is None


class TestRegulatorRoute:
    def test_ofsted_for_an_english_authority_placing_in_england(self) -> None:
        assert rules.regulator_for(authority_nation="england", setting_nation="england") == "england"

    def test_ciw_for_a_welsh_authority_wherever_it_places(self) -> None:
        assert rules.regulator_for(authority_nation="wales", setting_nation="england") == "wales"
        assert rules.regulator_for(authority_nation="wales", setting_nation="wales") == "wales"

    def test_ciw_for_an_english_authority_placing_in_wales(self) -> None:
        assert rules.regulator_for(authority_nation="england", setting_nation="wales") == "wales"
