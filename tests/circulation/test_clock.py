"""The response clock with a frozen clock: one reminder at half time, one escalation at the deadline, no child data."""

import datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django_q.models import Schedule

from circulation.models import HomeRequest
from circulation.services import information_request, requests_chase, search_circulate
from circulation.tasks import requests_chase_task
from forms_engine.models import Referral

from .factories import CHILD_FIRST, CHILD_LAST

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _no_child_data(referral: Referral) -> None:
    """Every message has the reference and none of the child's details."""
    forbidden = [CHILD_FIRST, CHILD_LAST, referral.answers["child_date_of_birth"], "2011"]
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        assert referral.reference in text
        assert not [word for word in forbidden if word in text], text


@pytest.mark.django_db
class TestReminderAndEscalation:
    """With a 24-hour clock: a reminder after 12 hours, the coordinators told after 24, each once."""

    @pytest.fixture
    def sent(self, referral: Referral, homes: dict, coordinator: Any, django_capture_on_commit_callbacks: Any) -> list:
        with time_machine.travel(START, tick=False), django_capture_on_commit_callbacks(execute=True):
            search_circulate(referral=referral, homes=[homes["marydale"][0], homes["kyloe"][0]], user=coordinator)
        return list(HomeRequest.objects.filter(search__referral=referral))

    def test_circulation_tells_each_home_s_managers_with_a_link_and_no_child_data(
        self, sent: list, homes: dict, referral: Referral
    ) -> None:
        """One message per home manager, with the request's link."""
        assert sorted(m.to[0] for m in mail.outbox) == sorted([homes["marydale"][1].email, homes["kyloe"][1].email])
        assert all("/circulation/requests/" in m.body for m in mail.outbox)
        _no_child_data(referral)

    def test_nothing_is_sent_before_half_time(self, sent: list) -> None:
        """At 11 hours nobody is chased."""
        mail.outbox.clear()
        with time_machine.travel(START + datetime.timedelta(hours=11), tick=False):
            assert requests_chase() == {"reminded": 0, "escalated": 0}
        assert mail.outbox == []

    def test_one_reminder_after_half_time_then_one_escalation_after_the_deadline(
        self, sent: list, homes: dict, coordinator: Any, referral: Referral
    ) -> None:
        """Running the job again sends nothing new; the coordinators are told once per late home."""
        mail.outbox.clear()
        with time_machine.travel(START + datetime.timedelta(hours=12, minutes=1), tick=False):
            assert requests_chase() == {"reminded": 2, "escalated": 0}
            assert requests_chase() == {"reminded": 0, "escalated": 0}
        assert {m.to[0] for m in mail.outbox} == {homes["marydale"][1].email, homes["kyloe"][1].email}
        assert all(m.subject.startswith("Reminder") for m in mail.outbox)
        mail.outbox.clear()
        with time_machine.travel(START + datetime.timedelta(hours=24, minutes=1), tick=False):
            assert requests_chase_task() == {"reminded": 0, "escalated": 2}
            assert requests_chase() == {"reminded": 0, "escalated": 0}
        assert {m.to[0] for m in mail.outbox} == {coordinator.email}
        _no_child_data(referral)
        assert HomeRequest.objects.filter(escalated_at__isnull=False).count() == 2

    def test_a_home_that_asked_a_question_is_not_chased(self, sent: list, homes: dict) -> None:
        """The clock waits while the authority answers."""
        home, manager = homes["kyloe"]
        own = next(r for r in sent if r.home == home)
        information_request(home_request=own, question="Q?", user=manager)
        with time_machine.travel(START + datetime.timedelta(hours=30), tick=False):
            assert requests_chase() == {"reminded": 1, "escalated": 1}
        own.refresh_from_db()
        assert own.reminded_at is None and own.escalated_at is None

    def test_a_request_that_was_decided_is_not_chased(self, sent: list, homes: dict) -> None:
        """Declined requests are left alone."""
        from circulation.services import request_decline

        for home, manager in (homes["marydale"], homes["kyloe"]):
            request_decline(home_request=next(r for r in sent if r.home == home), reasons=["no_vacancy"], user=manager)
        with time_machine.travel(START + datetime.timedelta(hours=30), tick=False):
            assert requests_chase() == {"reminded": 0, "escalated": 0}


@pytest.mark.django_db
class TestTheClockIsConfigurable:
    """CIRCULATION_RESPONSE_HOURS sets the deadline."""

    def test_a_four_hour_clock(self, settings: Any, referral: Referral, homes: dict, coordinator: Any) -> None:
        """respond_by is four hours after circulation."""
        settings.CIRCULATION_RESPONSE_HOURS = 4
        own = search_circulate(referral=referral, homes=[homes["adel"][0]], user=coordinator)[0]
        assert own.respond_by - own.circulated_at == datetime.timedelta(hours=4)

    def test_the_chase_runs_every_15_minutes_from_a_schedule(self, db: Any) -> None:
        """The data migration created the django-q2 schedule."""
        schedule = Schedule.objects.get(func="circulation.tasks.requests_chase_task")
        assert (schedule.schedule_type, schedule.minutes, schedule.repeats) == ("I", 15, -1)
