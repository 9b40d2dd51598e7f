"""Recording orders, the 72-hour rule as the service enforces it, notices to the regulator, reviews, reminders."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_q.models import Schedule

from forms_engine.models import Referral
from liberty import selectors
from liberty.models import LibertyOrder, RegulatorNotification
from liberty.services import notification_mark_sent, order_end, order_plan_update, order_reminders_send, review_record
from liberty.tasks import send_order_reminders

from .conftest import moment, record

Kind, Setting = LibertyOrder.Kind, LibertyOrder.Setting


class TestNoOrderPlacement:
    def test_a_hold_within_72_hours_is_recorded_and_counted(self, referral: Referral, social_worker: Any) -> None:
        """A 30-hour hold that has ended leaves 42 hours on the child's counter."""
        start = timezone.now() - timedelta(hours=40)
        record(
            referral, social_worker, kind=Kind.NO_ORDER, court="", starts_at=start, ended_at=start + timedelta(hours=30)
        )
        assert selectors.child_counter(referral).left_hours == 42.0

    def test_a_hold_that_would_pass_72_hours_in_28_days_is_refused(
        self, referral: Referral, social_worker: Any
    ) -> None:
        """Two earlier holds of 30 hours leave 12: a third of 13 hours is refused with the time it must end by."""
        base = timezone.now() - timedelta(days=20)
        for offset in (0, 5):
            start = base + timedelta(days=offset)
            record(referral, social_worker, kind=Kind.NO_ORDER, starts_at=start, ended_at=start + timedelta(hours=30))
        third = base + timedelta(days=10)
        with pytest.raises(ValidationError) as refused:
            record(referral, social_worker, kind=Kind.NO_ORDER, starts_at=third, ended_at=third + timedelta(hours=13))
        assert "at most 72 hours in any 28 days" in refused.value.message_dict["ended_at"][0]
        assert LibertyOrder.objects.filter(referral=referral).count() == 2
        record(referral, social_worker, kind=Kind.NO_ORDER, starts_at=third, ended_at=third + timedelta(hours=12))

    def test_ending_an_open_hold_past_the_limit_is_refused(self, referral: Referral, social_worker: Any) -> None:
        """An open hold cannot be ended 73 hours after it began, but can 9 hours after."""
        start = timezone.now() - timedelta(hours=10)
        held = record(referral, social_worker, kind=Kind.NO_ORDER, starts_at=start)
        with pytest.raises(ValidationError):
            order_end(order=held, ended_at=start + timedelta(hours=73), user=social_worker)
        order_end(order=held, ended_at=start + timedelta(hours=9), user=social_worker)
        assert LibertyOrder.objects.get(pk=held.pk).ended_at == start + timedelta(hours=9)


class TestCourtOrders:
    def test_a_court_order_needs_an_end_date_on_or_after_its_start(
        self, referral: Referral, social_worker: Any
    ) -> None:
        with pytest.raises(ValidationError) as missing:
            record(referral, social_worker, expires_on=None)
        assert missing.value.message_dict["expires_on"] == ["Enter the date the order ends"]
        with pytest.raises(ValidationError):
            record(referral, social_worker, expires_on=timezone.localdate() - timedelta(days=1))
        assert not LibertyOrder.objects.exists()

    def test_an_order_is_recorded_only_for_a_submitted_referral(self, referral: Referral, social_worker: Any) -> None:
        Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.DRAFT)
        referral.refresh_from_db()
        with pytest.raises(ValidationError):
            record(referral, social_worker)


class TestUnregisteredSettingNotice:
    def test_an_english_authority_placing_in_england_notifies_ofsted_within_7_days(
        self, referral: Referral, social_worker: Any
    ) -> None:
        """The notice is drafted at once, due 7 days from the start, addressed to Ofsted."""
        order = record(referral, social_worker, setting=Setting.UNREGISTERED)
        notice = RegulatorNotification.objects.get(order=order)
        assert notice.regulator == RegulatorNotification.Regulator.OFSTED
        assert notice.due_on == timezone.localdate() + timedelta(days=7)
        assert "To Ofsted" in notice.body and referral.reference in notice.body

    def test_a_welsh_authority_notifies_care_inspectorate_wales(self, welsh_referral: Referral) -> None:
        order = record(welsh_referral, welsh_referral.created_by, setting=Setting.UNREGISTERED)
        assert order.notification.regulator == RegulatorNotification.Regulator.CIW
        assert "To Care Inspectorate Wales" in order.notification.body

    def test_an_english_authority_placing_in_wales_notifies_ciw(self, referral: Referral, social_worker: Any) -> None:
        order = record(referral, social_worker, setting=Setting.UNREGISTERED, setting_nation="wales")
        assert order.notification.regulator == RegulatorNotification.Regulator.CIW

    def test_a_registered_setting_needs_no_notice(self, referral: Referral, social_worker: Any) -> None:
        record(referral, social_worker, setting=Setting.REGISTERED_HOME)
        assert not RegulatorNotification.objects.exists()

    def test_a_notice_is_overdue_after_7_days_until_marked_sent(self, referral: Referral, social_worker: Any) -> None:
        start = moment(timezone.localdate() - timedelta(days=8))
        order = record(referral, social_worker, setting=Setting.UNREGISTERED, starts_at=start)
        orders = LibertyOrder.objects.all()
        assert list(selectors.notifications_overdue(orders)) == [order.notification]
        notification_mark_sent(notification=order.notification, sent_on=timezone.localdate(), user=social_worker)
        assert not selectors.notifications_overdue(orders).exists()
        assert RegulatorNotification.objects.get().sent_on == timezone.localdate()

    def test_a_notice_cannot_be_sent_before_the_placement_or_in_the_future(
        self, referral: Referral, social_worker: Any
    ) -> None:
        order = record(referral, social_worker, setting=Setting.UNREGISTERED)
        for day in (timezone.localdate() - timedelta(days=1), timezone.localdate() + timedelta(days=1)):
            with pytest.raises(ValidationError):
                notification_mark_sent(notification=order.notification, sent_on=day, user=social_worker)


class TestReviews:
    def test_the_first_review_is_due_a_month_after_the_start_then_three_months_after_each(
        self, time_machine: Any, referral: Referral, social_worker: Any
    ) -> None:
        """Frozen at 10 January 2026: started that day, reviewed 2 February, next due 2 May."""
        time_machine.move_to(moment(date(2026, 1, 10), 12), tick=False)
        order = record(referral, social_worker, expires_on=date(2026, 7, 10))
        assert selectors.reviews_due(LibertyOrder.objects.all(), within_days=31)[0].due_on == date(2026, 2, 10)
        answers = {"criteria_met": True, "still_necessary": True, "other_accommodation": False, "notes": ""}
        review_record(order=order, data={"held_on": date(2026, 2, 2), **answers}, user=social_worker)
        assert selectors.reviews_due(LibertyOrder.objects.all(), within_days=200)[0].due_on == date(2026, 5, 2)

    def test_criteria_no_longer_met_prompts_the_authority_to_end_the_restriction(
        self, referral: Referral, social_worker: Any, officer: Any
    ) -> None:
        """The authority's workers are told at once, and the order is listed as one to end."""
        order = record(referral, social_worker)
        answers = {"criteria_met": False, "still_necessary": False, "other_accommodation": True, "notes": ""}
        review_record(order=order, data={"held_on": timezone.localdate(), **answers}, user=social_worker)
        assert selectors.criteria_not_met(LibertyOrder.objects.all()) == [order]
        assert sorted(m.to[0] for m in mail.outbox) == sorted([social_worker.email, officer.email])
        assert "end the restriction" in mail.outbox[0].body
        assert "Zephyrine" not in mail.outbox[0].body


class TestReminders:
    def test_the_authority_is_reminded_at_28_14_and_7_days_once_each(
        self, time_machine: Any, referral: Referral, social_worker: Any
    ) -> None:
        """A daily run over the order's last 30 days sends exactly three reminders, on the right days."""
        start = date(2026, 3, 1)
        time_machine.move_to(moment(start, 8), tick=False)
        record(referral, social_worker, expires_on=start + timedelta(days=30))
        sent_on = []
        for offset in range(31):
            time_machine.move_to(moment(start + timedelta(days=offset), 8), tick=False)
            if send_order_reminders():
                sent_on.append(30 - offset)
        assert sent_on == [28, 14, 7]
        assert [m.subject.split(" (")[0] for m in mail.outbox] == [
            "Order ends in 28 days",
            "Order ends in 14 days",
            "Order ends in 7 days",
        ]

    def test_an_ended_order_gets_no_reminder(self, referral: Referral, social_worker: Any) -> None:
        order = record(referral, social_worker, expires_on=timezone.localdate() + timedelta(days=7))
        order_end(order=order, ended_at=timezone.now(), user=social_worker)
        assert order_reminders_send() == 0

    def test_the_daily_schedule_exists(self, db: Any) -> None:
        assert Schedule.objects.get(func="liberty.tasks.send_order_reminders").schedule_type == Schedule.DAILY


class TestEndingWithoutPlan:
    def test_an_order_ending_within_28_days_shows_until_a_plan_or_hearing_is_recorded(
        self, referral: Referral, social_worker: Any
    ) -> None:
        """A hearing in the past does not count; a future hearing or a plan takes it off the list."""
        today = timezone.localdate()
        soon = record(referral, social_worker, expires_on=today + timedelta(days=20))
        record(referral, social_worker, expires_on=today + timedelta(days=40))
        assert list(selectors.ending_without_plan(LibertyOrder.objects.all())) == [soon]
        order_plan_update(order=soon, next_hearing_on=today - timedelta(days=1), exit_plan="", user=social_worker)
        assert list(selectors.ending_without_plan(LibertyOrder.objects.all())) == [soon]
        order_plan_update(order=soon, next_hearing_on=today + timedelta(days=10), exit_plan="", user=social_worker)
        assert not selectors.ending_without_plan(LibertyOrder.objects.all()).exists()
