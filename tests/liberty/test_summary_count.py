"""The monthly coordination summary counts unregistered-setting notices (issue 17 item 3), from dates only."""

from datetime import date, timedelta
from typing import Any

from forms_engine.models import Referral
from liberty.models import LibertyOrder
from liberty.selectors import notice_figures_for_month
from liberty.services import notification_mark_sent
from outcomes.reporting.summary import monthly_summary_for

from .conftest import moment, record


def _unregistered(referral: Referral, user: Any, starts: date) -> LibertyOrder:
    return record(
        referral,
        user,
        starts_at=moment(starts, 10),
        expires_on=starts + timedelta(days=60),
        setting=LibertyOrder.Setting.UNREGISTERED,
    )


class TestNoticeFigures:
    def test_notices_begun_in_the_month_and_overdue_at_its_end(
        self, time_machine: Any, referral: Referral, social_worker: Any
    ) -> None:
        """March 20 (never sent), April 2 (sent on April 5), April 28 (due May 5, never sent)."""
        time_machine.move_to(moment(date(2026, 6, 1), 9), tick=False)
        _unregistered(referral, social_worker, date(2026, 3, 20))
        on_time = _unregistered(referral, social_worker, date(2026, 4, 2))
        _unregistered(referral, social_worker, date(2026, 4, 28))
        notification_mark_sent(notification=on_time.notification, sent_on=date(2026, 4, 5), user=social_worker)
        assert notice_figures_for_month(year=2026, month=3) == {
            "unregistered_notices": 1,
            "unregistered_notices_overdue": 1,
        }
        assert notice_figures_for_month(year=2026, month=4) == {
            "unregistered_notices": 2,
            "unregistered_notices_overdue": 1,  # the March one; April 28's is not due until May 5
        }
        assert notice_figures_for_month(year=2026, month=5) == {
            "unregistered_notices": 0,
            "unregistered_notices_overdue": 2,
        }

    def test_a_notice_sent_late_is_overdue_only_until_it_is_sent(
        self, time_machine: Any, referral: Referral, social_worker: Any
    ) -> None:
        time_machine.move_to(moment(date(2026, 6, 1), 9), tick=False)
        late = _unregistered(referral, social_worker, date(2026, 4, 20))  # due April 27
        notification_mark_sent(notification=late.notification, sent_on=date(2026, 5, 3), user=social_worker)
        assert notice_figures_for_month(year=2026, month=4)["unregistered_notices_overdue"] == 1
        assert notice_figures_for_month(year=2026, month=5)["unregistered_notices_overdue"] == 0

    def test_the_monthly_summary_shows_them_under_disclosure_control(
        self, time_machine: Any, referral: Referral, social_worker: Any
    ) -> None:
        """Eight notices are shown rounded to 10; one is a small count, shown as c."""
        time_machine.move_to(moment(date(2026, 6, 1), 9), tick=False)
        for day in range(1, 9):
            _unregistered(referral, social_worker, date(2026, 2, day))
        _unregistered(referral, social_worker, date(2026, 3, 20))
        february = {f.label: f.value for f in monthly_summary_for(year=2026, month=2).figures}
        assert february["Placements in unregistered settings notified"] == "10"
        assert february["Unregistered-setting notices overdue at month end"] == "10"
        march = {f.label: f.value for f in monthly_summary_for(year=2026, month=3).figures}
        assert march["Placements in unregistered settings notified"] == "c"
