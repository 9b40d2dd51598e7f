"""The pages: who sees which order (the audited 404 for everyone else), and the forms' GOV.UK errors."""

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Organisation, Role
from circulation.models import Search
from circulation.services import placement_confirm, request_accept
from forms_engine.models import Referral
from liberty.models import LibertyOrder, RegulatorNotification
from liberty.services import order_end
from tests.circulation.conftest import request_for
from tests.factories import member

from .conftest import client_for, record

NOT_FOUND, BAD_INPUT = 404, 400


def _place(search: Search, home: Organisation, manager: Any, by: Any) -> None:
    offer = request_accept(home_request=request_for(search, home), admission_date=timezone.localdate(), user=manager)
    placement_confirm(home_request=offer, admitted_on=timezone.localdate(), user=by)


class TestWhoSeesAnOrder:
    def test_the_authority_and_the_unit_see_it_and_another_authority_gets_the_audited_404(
        self, referral: Referral, social_worker: Any, coordinator: Any, leeds: Organisation
    ) -> None:
        order = record(referral, social_worker)
        url = reverse("liberty:order", args=[order.pk])
        assert client_for(social_worker).get(url).status_code == 200
        assert client_for(coordinator).get(url).status_code == 200
        assert client_for(member(Role.SOCIAL_WORKER, leeds)).get(url).status_code == NOT_FOUND
        assert AuditEvent.objects.filter(outcome=AuditEvent.Outcome.DENIED, object_id=str(order.pk)).exists()

    def test_the_unit_sees_but_cannot_record(self, referral: Referral, social_worker: Any, coordinator: Any) -> None:
        order = record(referral, social_worker)
        client = client_for(coordinator)
        assert client.get(reverse("liberty:record", args=[referral.pk])).status_code == NOT_FOUND
        assert client.get(reverse("liberty:review", args=[order.pk])).status_code == NOT_FOUND

    def test_a_home_sees_only_the_current_order_of_a_child_placed_with_it(
        self, circulated: Search, homes: dict, social_worker: Any
    ) -> None:
        """The earlier, ended order and any other home's view are refused; the current one is shown."""
        marydale, manager = homes["marydale"]
        earlier = record(circulated.referral, social_worker, starts_at=timezone.now() - timedelta(days=30))
        order_end(order=earlier, ended_at=timezone.now() - timedelta(days=1), user=social_worker)
        current = record(circulated.referral, social_worker, setting=LibertyOrder.Setting.SECURE_HOME)
        before = client_for(manager).get(reverse("liberty:order", args=[current.pk]))
        assert before.status_code == NOT_FOUND  # not placed with the home yet
        _place(circulated, marydale, manager, social_worker)
        client = client_for(manager)
        assert client.get(reverse("liberty:order", args=[current.pk])).status_code == 200
        assert client.get(reverse("liberty:order", args=[earlier.pk])).status_code == NOT_FOUND
        listed = client.get(reverse("liberty:list"))
        assert listed.status_code == 200 and current.get_absolute_url() in listed.content.decode()
        assert earlier.get_absolute_url() not in listed.content.decode()
        other = client_for(homes["kyloe"][1])
        assert other.get(reverse("liberty:order", args=[current.pk])).status_code == NOT_FOUND

    def test_an_analyst_sees_no_order_and_no_list(self, referral: Referral, social_worker: Any) -> None:
        """Every child-level liberty page is a 404 with a denied audit row; liberty reaches the analyst only as the
        outcome reports' aggregate indicator."""
        order = record(referral, social_worker)
        user = member(Role.ANALYST)
        analyst = client_for(user)
        urls = (
            reverse("liberty:order", args=[order.pk]),
            reverse("liberty:list"),
            reverse("liberty:ending"),
            reverse("liberty:child", args=[referral.pk]),
            reverse("liberty:ssda903"),
            reverse("liberty:ssda903-download"),
            reverse("liberty:exit-plan", args=[order.pk]),
            reverse("liberty:end", args=[order.pk]),
        )
        for url in urls:
            assert analyst.get(url).status_code == NOT_FOUND, url
        denied = AuditEvent.objects.filter(actor=user, outcome=AuditEvent.Outcome.DENIED)
        assert denied.count() == len(urls)
        assert not AuditEvent.objects.filter(actor=user, outcome=AuditEvent.Outcome.ALLOWED).exists()
        reports = analyst.get(reverse("outcome_reports:index"))
        assert reports.status_code == 200
        assert "Deprived of liberty outside a secure home in 12 months" in reports.content.decode()
        assert referral.reference not in reports.content.decode()


class TestRecordingAnOrder:
    def _post(self, client: Any, referral: Referral, **fields: str) -> Any:
        today = timezone.localdate()
        end = today + timedelta(days=60)
        data = {
            "kind": "dol_inherent",
            "court": "High Court",
            "start_date_0": str(today.day),
            "start_date_1": str(today.month),
            "start_date_2": str(today.year),
            "expires_on_0": str(end.day),
            "expires_on_1": str(end.month),
            "expires_on_2": str(end.year),
            "setting": "unregistered",
            "setting_nation": "england",
        }
        data.update(fields)
        return client.post(reverse("liberty:record", args=[referral.pk]), data)

    def test_a_dol_order_in_an_unregistered_setting_drafts_the_notice(
        self, referral: Referral, social_worker: Any
    ) -> None:
        response = self._post(client_for(social_worker), referral)
        order = LibertyOrder.objects.get()
        assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
        page = client_for(social_worker).get(order.get_absolute_url()).content.decode()
        assert "Notice to Ofsted" in page and "Mark the notice as sent" in page

    def test_missing_answers_are_named_and_nothing_is_saved(self, referral: Referral, social_worker: Any) -> None:
        response = self._post(
            client_for(social_worker),
            referral,
            kind="",
            setting="",
            court="",
            expires_on_0="",
            expires_on_1="",
            expires_on_2="",
            start_time="25:00",
        )
        page = response.content.decode()
        assert response.status_code == BAD_INPUT
        for message in (
            "Select what authorises the restriction",
            "Select the setting the order authorises",
            "Enter the start time as hours and minutes on the 24-hour clock, like 14:30",
        ):
            assert message in page
        assert not LibertyOrder.objects.exists()

    def test_a_court_order_without_its_court_or_end_date_is_refused(
        self, referral: Referral, social_worker: Any
    ) -> None:
        response = self._post(
            client_for(social_worker), referral, court="", expires_on_0="", expires_on_1="", expires_on_2=""
        )
        page = response.content.decode()
        assert "Enter the court that made the order" in page and "Enter the order end date" in page
        assert not LibertyOrder.objects.exists()

    def test_a_placement_without_an_order_needs_its_times_and_keeps_the_72_hours(
        self, referral: Referral, social_worker: Any
    ) -> None:
        """Without times it is refused by name; 73 hours held is refused with the rule; 20 hours is recorded."""
        client = client_for(social_worker)
        start = timezone.localdate() - timedelta(days=5)
        end = start + timedelta(days=3)
        base = {
            "kind": "no_order",
            "court": "",
            "expires_on_0": "",
            "expires_on_1": "",
            "expires_on_2": "",
            "start_date_0": str(start.day),
            "start_date_1": str(start.month),
            "start_date_2": str(start.year),
            "ended_date_0": str(end.day),
            "ended_date_1": str(end.month),
            "ended_date_2": str(end.year),
            "setting": "secure_home",
        }
        page = self._post(client, referral, **base).content.decode()
        assert "Enter the time the placement without an order began" in page
        assert "Enter the time the placement without an order ended" in page
        over = self._post(client, referral, **base, start_time="09:00", ended_time="10:00")
        assert over.status_code == BAD_INPUT and "at most 72 hours in any 28 days" in over.content.decode()
        assert not LibertyOrder.objects.exists()
        same_day = {**base, "ended_date_0": str(start.day), "ended_date_1": str(start.month)}
        same_day["ended_date_2"] = str(start.year)
        assert self._post(client, referral, **same_day, start_time="02:00", ended_time="22:00").status_code == 302
        assert LibertyOrder.objects.get().held_until() - LibertyOrder.objects.get().starts_at == timedelta(hours=20)

    def test_marking_the_notice_sent_records_its_date(self, referral: Referral, social_worker: Any) -> None:
        order = record(referral, social_worker, setting=LibertyOrder.Setting.UNREGISTERED)
        today = timezone.localdate()
        client = client_for(social_worker)
        url = reverse("liberty:sent", args=[order.notification.pk])
        assert client.post(url, {}).status_code == BAD_INPUT
        response = client.post(url, {"sent_on_0": today.day, "sent_on_1": today.month, "sent_on_2": today.year})
        assert response.status_code == 302
        assert RegulatorNotification.objects.get().sent_on == today

    def test_the_coordinators_view_lists_an_order_ending(
        self, referral: Referral, social_worker: Any, coordinator: Any
    ) -> None:
        order = record(referral, social_worker, expires_on=timezone.localdate() + timedelta(days=10))
        page = client_for(coordinator).get(reverse("liberty:ending")).content.decode()
        assert order.get_absolute_url() in page and "10 days" in page
