"""Upkeep of open searches: due dates on a frozen clock, the two-weekly update, reminders and ceasing when overdue."""

import datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.models import AuditEvent, Role
from circulation.models import HomeRequest, Search
from coordination.models import OfstedNotification, SearchUpdate, UpkeepReminder
from coordination.selectors import upkeep_for
from coordination.services import UpkeepRefused, search_cease, search_update_submit, upkeep_reminders_send
from coordination.upkeep import Due
from tests.factories import member
from vocabulary.dates import add_months

from .conftest import at, client_for
from .factories import ask_homes

UPDATE = {
    "what_changed": "Two missing episodes this week.",
    "placement_and_risks": "Still in a residential children's home; risk of exploitation remains high.",
    "order_status": "interim_order",
}


def _update(search: Search, user: Any, when: datetime.datetime) -> SearchUpdate:
    with time_machine.travel(when, tick=False):
        return search_update_submit(search=search, user=user, **UPDATE, order_expires_on=datetime.date(2026, 5, 1))


class TestAddingMonths:
    """Three calendar months, clamped to the end of shorter months."""

    def test_month_ends_are_clamped(self) -> None:
        """30 November plus three months is 28 February; 31 May plus three is 31 August."""
        assert add_months(datetime.date(2025, 11, 30), 3) == datetime.date(2026, 2, 28)
        assert add_months(datetime.date(2026, 5, 31), 3) == datetime.date(2026, 8, 31)
        assert add_months(datetime.date(2026, 11, 15), 3) == datetime.date(2027, 2, 15)


@pytest.mark.django_db
class TestDueDates:
    """The update is due 14 days after opening or the last update; the review 3 months after opening or review."""

    def test_a_new_search_is_up_to_date_then_due_soon_then_overdue(self, search: Search) -> None:
        """Opened 1 March: update due 15 March, due soon from 12 March, overdue from 16 March."""
        states = {
            day: upkeep_for(search, today=datetime.date(2026, 3, day)).update_state for day in (1, 11, 12, 15, 16)
        }
        assert states == {1: Due.UP_TO_DATE, 11: Due.UP_TO_DATE, 12: Due.DUE_SOON, 15: Due.DUE_SOON, 16: Due.OVERDUE}
        assert not upkeep_for(search, today=datetime.date(2026, 3, 15)).will_cease
        assert upkeep_for(search, today=datetime.date(2026, 3, 16)).will_cease

    def test_an_update_restarts_the_two_week_clock(self, search: Search, social_worker: Any) -> None:
        """An update on 14 March moves the due date to 28 March: not overdue on 20 March."""
        _update(search, social_worker, at(2026, 3, 14))
        upkeep = upkeep_for(search, today=datetime.date(2026, 3, 20))
        assert upkeep.update_due_on == datetime.date(2026, 3, 28) and upkeep.update_state == Due.UP_TO_DATE
        assert upkeep.days_since_update == 6

    def test_the_review_falls_due_three_months_after_opening(self, search: Search, social_worker: Any) -> None:
        """Updates keep the search alive only until the review is overdue on 2 June."""
        for day in (14, 28):
            _update(search, social_worker, at(2026, 3, day))
        upkeep = upkeep_for(search, today=datetime.date(2026, 5, 20))
        assert upkeep.review_due_on == datetime.date(2026, 6, 1) and upkeep.review_state == Due.DUE_SOON
        later = upkeep_for(search, today=datetime.date(2026, 6, 2))
        assert later.review_overdue and later.will_cease

    def test_a_closed_search_takes_no_updates(self, search: Search, social_worker: Any, coordinator: Any) -> None:
        """Once ended, an update is refused."""
        Search.objects.filter(pk=search.pk).update(status=Search.Status.CLOSED)
        with pytest.raises(UpkeepRefused):
            search_update_submit(search=search, user=social_worker, **UPDATE)


@pytest.mark.django_db
class TestTheUpdatePage:
    """The LA's social worker sends the update; others cannot reach the page."""

    def test_the_social_worker_sends_an_update(self, search: Search, social_worker: Any) -> None:
        """The update is kept with the search; the audit row has identifiers and no free text."""
        data = {**UPDATE, "order_expires_on_0": "1", "order_expires_on_1": "5", "order_expires_on_2": "2026"}
        response = client_for(social_worker).post(reverse("coordination:update-new", args=[search.pk]), data)
        assert response.status_code == 302
        update = search.updates.get()
        assert update.order_expires_on == datetime.date(2026, 5, 1) and update.submitted_by == social_worker
        event = AuditEvent.objects.get(action="coordination.update_submit")
        assert event.object_id == str(update.pk)
        assert "missing" not in " ".join(str(v) for v in AuditEvent.objects.values_list("object_id", "action"))

    def test_a_blank_update_is_refused_with_an_error_summary(self, search: Search, social_worker: Any) -> None:
        """Nothing is saved and the page says what to fix."""
        response = client_for(social_worker).post(
            reverse("coordination:update-new", args=[search.pk]), {"order_status": "full_order"}
        )
        assert response.status_code == 400 and not search.updates.exists()
        html = response.content.decode()
        assert "There is a problem" in html and "Enter what has changed" in html
        assert "Enter the date the order ends" in html

    def test_an_impossible_date_is_refused(self, search: Search, social_worker: Any) -> None:
        """31 February is not a date."""
        data = {**UPDATE, "order_expires_on_0": "31", "order_expires_on_1": "2", "order_expires_on_2": "2026"}
        response = client_for(social_worker).post(reverse("coordination:update-new", args=[search.pk]), data)
        assert response.status_code == 400 and "must be a real date" in response.content.decode()

    def test_another_authority_and_the_unit_get_not_found(
        self, search: Search, leeds_worker: Any, coordinator: Any
    ) -> None:
        """Leeds cannot see Hampshire's search; the coordinator does not write the LA's update."""
        url = reverse("coordination:update-new", args=[search.pk])
        assert client_for(leeds_worker).post(url, UPDATE).status_code == 404
        assert client_for(coordinator).get(url).status_code == 404
        assert AuditEvent.objects.filter(outcome="denied", actor=leeds_worker).exists()
        assert not search.updates.exists()

    def test_the_search_page_shows_the_update_to_the_unit_and_is_audited(
        self, search: Search, social_worker: Any, coordinator: Any
    ) -> None:
        """The coordinator reads the update; opening the page is recorded."""
        _update(search, social_worker, at(2026, 3, 14))
        response = client_for(coordinator).get(reverse("coordination:search", args=[search.pk]))
        assert response.status_code == 200 and "Two missing episodes this week." in response.content.decode()
        assert AuditEvent.objects.filter(action="coordination.search_view", actor=coordinator).exists()

    def test_homes_and_analysts_cannot_open_the_search_page(self, search: Search) -> None:
        """Neither role reaches an LA's upkeep."""
        for role in (Role.HOME_MANAGER, Role.ANALYST):
            response = client_for(member(role)).get(reverse("coordination:search", args=[search.pk]))
            assert response.status_code == 404


@pytest.mark.django_db
class TestReminders:
    """The daily check sends each reminder once, with a reference and a link and nothing about the child."""

    def test_due_soon_goes_to_the_authoritys_referrers_once(
        self,
        search: Search,
        social_worker: Any,
        officer: Any,
        leeds_worker: Any,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        """On 12 March both Hampshire referrers hear the update is due; running again sends nothing new."""
        with django_capture_on_commit_callbacks(execute=True):
            assert upkeep_reminders_send(today=datetime.date(2026, 3, 12)) == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert upkeep_reminders_send(today=datetime.date(2026, 3, 13)) == 0
        assert len(mail.outbox) == 2
        assert {m.to[0] for m in mail.outbox} == {social_worker.email, officer.email}
        message = mail.outbox[0]
        assert search.referral.reference in message.subject and "/coordination/searches/" in message.body
        for secret in ("Ayla", "Brennan", "2011"):
            assert secret not in message.subject + message.body

    def test_overdue_tells_the_unit_as_well(
        self, search: Search, social_worker: Any, coordinator: Any, django_capture_on_commit_callbacks: Any
    ) -> None:
        """On 16 March the update is overdue: referrers and coordinators are told the search will cease."""
        with django_capture_on_commit_callbacks(execute=True):
            upkeep_reminders_send(today=datetime.date(2026, 3, 16))
        reminder = UpkeepReminder.objects.get()
        assert (reminder.kind, reminder.due_on, reminder.recipients) == (
            "update_overdue",
            datetime.date(2026, 3, 15),
            2,
        )
        assert {m.to[0] for m in mail.outbox} == {social_worker.email, coordinator.email}
        assert "will cease" in mail.outbox[0].subject

    def test_the_task_runs_the_check_from_its_schedule(self, search: Search) -> None:
        """The daily schedule names the task, which records today's reminders."""
        from django_q.models import Schedule

        from coordination.tasks import upkeep_check

        schedule = Schedule.objects.get(func="coordination.tasks.upkeep_check")
        assert schedule.schedule_type == Schedule.DAILY and schedule.repeats == -1
        with time_machine.travel(at(2026, 3, 12), tick=False):
            assert upkeep_check() == 1


@pytest.mark.django_db
class TestCeasing:
    """The coordinator ceases a search only when its update or review is overdue."""

    def test_an_overdue_search_is_ceased_and_an_ofsted_letter_drafted(self, search: Search, coordinator: Any) -> None:
        """On 16 March the search closes as ceased; the Ofsted notification is drafted."""
        with time_machine.travel(at(2026, 3, 16), tick=False):
            response = client_for(coordinator).post(reverse("coordination:cease", args=[search.pk]))
        assert response.status_code == 302
        search.refresh_from_db()
        assert (search.status, search.outcome, search.closed_on) == ("closed", "ceased", datetime.date(2026, 3, 16))
        assert OfstedNotification.objects.get(search=search).status == OfstedNotification.Status.DRAFTED

    def test_a_search_that_is_not_overdue_is_not_ceased(self, search: Search, coordinator: Any) -> None:
        """On 10 March the service refuses and the page explains, with a 400; the search stays open."""
        with pytest.raises(UpkeepRefused):
            search_cease(search=search, user=coordinator, today=datetime.date(2026, 3, 10))
        with time_machine.travel(at(2026, 3, 10), tick=False):
            page = client_for(coordinator).get(reverse("coordination:cease", args=[search.pk]))
            response = client_for(coordinator).post(reverse("coordination:cease", args=[search.pk]))
        assert page.status_code == 200 and "cannot be ceased" in page.content.decode()
        assert response.status_code == 400 and "There is a problem" in response.content.decode()
        search.refresh_from_db()
        assert search.status == "open"

    def test_the_confirmation_page_warns_and_only_the_unit_reaches_it(
        self, search: Search, coordinator: Any, social_worker: Any
    ) -> None:
        """The coordinator sees the overdue date and the warning; the LA gets not found."""
        with time_machine.travel(at(2026, 3, 16), tick=False):
            page = client_for(coordinator).get(reverse("coordination:cease", args=[search.pk]))
            refused = client_for(social_worker).post(reverse("coordination:cease", args=[search.pk]))
        html = page.content.decode()
        assert "was due on 15 March 2026" in html and "Cease the search" in html
        assert refused.status_code == 404
        search.refresh_from_db()
        assert search.status == "open"


@pytest.mark.django_db
class TestWhatHomesAndAuthoritiesSee:
    """Homes considering the referral read what is meant for them; the LA lists its open searches."""

    def test_a_home_considering_the_referral_reads_the_note_for_homes_only(
        self, search: Search, social_worker: Any
    ) -> None:
        """The note and the order's end date are shown; what changed and the risks are not; the card links it."""
        home_request = ask_homes(search, HomeRequest.Status.AWAITING, circulated_at=at(2026, 3, 2))[0]
        manager = member(Role.HOME_MANAGER, home_request.home)
        with time_machine.travel(at(2026, 3, 14), tick=False):
            search_update_submit(
                search=search, user=social_worker, **UPDATE, for_homes="Vegetarian; uses a shortened name."
            )
        response = client_for(manager).get(reverse("coordination:home-updates", args=[home_request.pk]))
        html = response.content.decode()
        assert response.status_code == 200 and "Vegetarian; uses a shortened name." in html
        assert UPDATE["what_changed"] not in html and UPDATE["placement_and_risks"] not in html
        assert AuditEvent.objects.filter(action="coordination.home_updates", actor=manager).exists()
        landing = client_for(manager).get(reverse("accounts:dashboard")).content.decode()
        assert f"Updates on {search.referral.reference}" in landing

    def test_a_home_that_declined_or_was_never_asked_gets_not_found(self, search: Search) -> None:
        """Once declined the referral is gone for the home; another home never had it."""
        declined = ask_homes(search, HomeRequest.Status.DECLINED)[0]
        url = reverse("coordination:home-updates", args=[declined.pk])
        assert client_for(member(Role.HOME_MANAGER, declined.home)).get(url).status_code == 404
        assert client_for(member(Role.HOME_MANAGER)).get(url).status_code == 404

    def test_the_authority_lists_its_open_searches_with_what_is_due(
        self, search: Search, social_worker: Any, leeds_worker: Any
    ) -> None:
        """Hampshire sees its search will cease on 16 March; Leeds sees none of it."""
        with time_machine.travel(at(2026, 3, 16), tick=False):
            html = client_for(social_worker).get(reverse("coordination:searches")).content.decode()
            other = client_for(leeds_worker).get(reverse("coordination:searches")).content.decode()
        assert search.referral.reference in html and "Search will cease" in html
        assert search.referral.reference not in other and "no open searches" in other
