"""The 10:00 reminder: managers of homes that have not declared today get an e-mail with no child data."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django_q.models import Schedule

from accounts.models import Organisation, Role
from beds.services import bed_reminders_send
from beds.tasks import send_bed_reminders
from tests.factories import member

from .factories import BedDeclarationFactory

LONDON = ZoneInfo("Europe/London")
WEDNESDAY_TEN = datetime(2026, 3, 4, 10, 0, tzinfo=LONDON)
SATURDAY_TEN = datetime(2026, 3, 7, 10, 0, tzinfo=LONDON)


class TestBedRemindersSend:
    def test_only_managers_of_undeclared_homes_are_told(
        self, time_machine: Any, manager: Any, home: Organisation, other_home: Organisation
    ) -> None:
        """The home that declared today hears nothing; the other home's managers each get one message."""
        time_machine.move_to(WEDNESDAY_TEN, tick=False)
        BedDeclarationFactory(home=home, date=date(2026, 3, 4))
        theirs = [member(Role.HOME_MANAGER, other_home), member(Role.HOME_MANAGER, other_home)]
        member(Role.COORDINATOR)
        assert send_bed_reminders() == 2
        assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in theirs)
        assert manager.email not in {m.to[0] for m in mail.outbox}

    def test_the_message_links_to_the_declare_page_and_names_no_child(
        self, time_machine: Any, manager: Any, home: Organisation
    ) -> None:
        """Subject and body carry the home, the date and a link; nothing about any referral or child."""
        time_machine.move_to(WEDNESDAY_TEN, tick=False)
        BedDeclarationFactory(home=home, date=date(2026, 3, 3), notes="Child A. Example due Friday")
        bed_reminders_send()
        (message,) = mail.outbox
        assert message.subject == "Declare today's beds"
        assert "Fictional Lodge has not declared its beds for 4 March 2026" in message.body
        assert "/beds/declare/" in message.body
        assert "Child A" not in message.body and "referral form" not in message.body.lower()

    def test_yesterdays_declaration_does_not_count(self, time_machine: Any, manager: Any, home: Organisation) -> None:
        """Beds must be declared each day."""
        time_machine.move_to(WEDNESDAY_TEN, tick=False)
        BedDeclarationFactory(home=home, date=date(2026, 3, 3))
        assert bed_reminders_send() == 1

    def test_nothing_is_sent_at_the_weekend(self, time_machine: Any, manager: Any) -> None:
        """The coordination unit works Monday to Friday, so Saturday and Sunday send nothing."""
        time_machine.move_to(SATURDAY_TEN, tick=False)
        assert bed_reminders_send() == 0
        assert mail.outbox == []

    def test_inactive_managers_and_homes_are_not_told(
        self, time_machine: Any, manager: Any, other_home: Organisation
    ) -> None:
        """A manager who has left, or a closed home, gets no reminder."""
        time_machine.move_to(WEDNESDAY_TEN, tick=False)
        manager.memberships.update(is_active=False)
        member(Role.HOME_MANAGER, other_home)
        Organisation.objects.filter(pk=other_home.pk).update(is_active=False)
        assert bed_reminders_send() == 0


class TestReminderSchedule:
    @pytest.mark.django_db
    def test_the_schedule_is_created_by_the_migration(self) -> None:
        """A daily django-q2 schedule runs the thin task at 10:00 London time."""
        schedule = Schedule.objects.get(func="beds.tasks.send_bed_reminders")
        assert (schedule.schedule_type, schedule.repeats) == (Schedule.DAILY, -1)
        assert schedule.next_run.astimezone(LONDON).time().hour == 10
