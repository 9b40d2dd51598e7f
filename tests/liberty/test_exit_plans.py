"""Exit and step-down planning (issue 17 item 4): a secure placement's order cannot end, nor the exit from secure be
recorded, without an exit plan; the plan's destination starts the exit record and so the follow-up; the unit sees
orders ending within 28 days with no destination."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from circulation.models import Search
from circulation.services import placement_confirm, request_accept
from forms_engine.models import Referral
from liberty import selectors
from liberty.models import ExitPlan, LibertyOrder
from liberty.services import EXIT_PLAN_FIRST, exit_plan_record, order_end
from outcomes.models import FollowUp
from outcomes.services import exit_record
from tests.circulation.conftest import request_for

from .conftest import client_for, moment, record

Kind, Setting = LibertyOrder.Kind, LibertyOrder.Setting
BAD_INPUT = 400
PLAN = {"place_code": "K2", "placement_la": "E08000035", "registered": True, "step_down": True, "support": ""}
EXIT = {"reason": "planned_move", "legal_status": "C2"}


def _secure(referral: Referral, user: Any, **overrides: Any) -> LibertyOrder:
    fields = {"kind": Kind.SECURE_FULL, "court": "Family Court at Leeds", "setting": Setting.SECURE_HOME}
    return record(referral, user, **(fields | overrides))


def _placed(search: Search, home: Organisation, manager: Any, by: Any, admitted_on: date) -> FollowUp:
    offer = request_accept(home_request=request_for(search, home), admission_date=admitted_on, user=manager)
    placement_confirm(home_request=offer, admitted_on=admitted_on, user=by)
    return FollowUp.objects.get(referral=search.referral)


class TestTheOrderCannotEndWithoutAPlan:
    def test_a_secure_placement_order_is_refused_its_end_until_the_plan_is_recorded(
        self, referral: Referral, social_worker: Any
    ) -> None:
        order = _secure(referral, social_worker, starts_at=timezone.now() - timedelta(days=20))
        with pytest.raises(ValidationError) as refused:
            order_end(order=order, ended_at=timezone.now(), user=social_worker)
        assert refused.value.message_dict["ended_at"] == [EXIT_PLAN_FIRST]
        assert LibertyOrder.objects.get(pk=order.pk).ended_at is None
        exit_plan_record(order=order, data=PLAN, user=social_worker)
        order_end(order=LibertyOrder.objects.get(pk=order.pk), ended_at=timezone.now(), user=social_worker)
        assert LibertyOrder.objects.get(pk=order.pk).ended_at is not None

    def test_an_interim_order_followed_by_the_full_order_ends_without_a_plan(
        self, referral: Referral, social_worker: Any
    ) -> None:
        """The child stays in secure under the full order: the plan is needed before that one ends, not now."""
        interim = _secure(
            referral, social_worker, kind=Kind.SECURE_INTERIM, starts_at=timezone.now() - timedelta(days=20)
        )
        full = _secure(referral, social_worker, starts_at=timezone.now() - timedelta(hours=2))
        order_end(order=interim, ended_at=timezone.now() - timedelta(hours=1), user=social_worker)
        assert LibertyOrder.objects.get(pk=interim.pk).ended_at is not None
        with pytest.raises(ValidationError):
            order_end(order=LibertyOrder.objects.get(pk=full.pk), ended_at=timezone.now(), user=social_worker)

    def test_a_secure_placement_order_cannot_be_recorded_already_ended(
        self, referral: Referral, social_worker: Any
    ) -> None:
        start = timezone.now() - timedelta(days=20)
        with pytest.raises(ValidationError) as refused:
            _secure(referral, social_worker, starts_at=start, ended_at=start + timedelta(days=5))
        assert EXIT_PLAN_FIRST in refused.value.message_dict["ended_at"][0]
        assert not LibertyOrder.objects.exists()

    def test_an_order_for_another_setting_or_a_hold_without_an_order_ends_without_one(
        self, referral: Referral, social_worker: Any
    ) -> None:
        dol = record(referral, social_worker, starts_at=timezone.now() - timedelta(days=3))
        order_end(order=dol, ended_at=timezone.now(), user=social_worker)
        start = timezone.now() - timedelta(hours=5)
        hold = record(
            referral, social_worker, kind=Kind.NO_ORDER, court="", setting=Setting.SECURE_HOME, starts_at=start
        )
        order_end(order=hold, ended_at=start + timedelta(hours=4), user=social_worker)
        assert not ExitPlan.objects.exists()

    def test_the_end_form_names_the_missing_plan_with_a_gov_uk_error(
        self, referral: Referral, social_worker: Any
    ) -> None:
        order = _secure(referral, social_worker, starts_at=timezone.now() - timedelta(days=20))
        today = timezone.localdate()
        response = client_for(social_worker).post(
            reverse("liberty:end", args=[order.pk]),
            {"ended_date_0": today.day, "ended_date_1": today.month, "ended_date_2": today.year},
        )
        page = response.content.decode()
        assert response.status_code == BAD_INPUT
        assert "govuk-error-summary" in page and EXIT_PLAN_FIRST.replace("'", "&#x27;") in page
        assert 'href="#id_ended_date' in page  # the message points at the field


class TestRecordingThePlan:
    def _post(self, client: Any, order: LibertyOrder, **fields: Any) -> Any:
        data = {"place_code": "K2", "placement_la": "E08000035", "registered": "yes", "step_down": "yes"}
        return client.post(reverse("liberty:exit-plan", args=[order.pk]), data | fields)

    def test_the_plan_is_recorded_in_the_exit_records_codes_and_shown_on_the_order(
        self, referral: Referral, social_worker: Any
    ) -> None:
        order = _secure(referral, social_worker)
        client = client_for(social_worker)
        response = self._post(client, order, moves_on_0="1", moves_on_1="3", moves_on_2=str(date.today().year + 1))
        assert response.status_code == 302
        plan = ExitPlan.objects.get(order=order)
        assert (plan.place_code, plan.registered, plan.step_down) == ("K2", True, True)
        page = client.get(order.get_absolute_url()).content.decode()
        assert "Exit and step-down plan" in page and "(K2)" in page and "Change the exit plan" in page

    def test_missing_and_wrong_answers_are_named_and_nothing_is_saved(
        self, referral: Referral, social_worker: Any
    ) -> None:
        order = _secure(referral, social_worker, starts_at=timezone.now() - timedelta(days=5))
        before = order.starts_at.date() - timedelta(days=3)
        response = self._post(
            client_for(social_worker),
            order,
            place_code="",
            registered="",
            moves_on_0=before.day,
            moves_on_1=before.month,
            moves_on_2=before.year,
        )
        page = response.content.decode()
        assert response.status_code == BAD_INPUT
        assert "Select where the child will live when the order ends" in page
        assert "Select whether the placement is registered" in page
        assert not ExitPlan.objects.exists()
        response = self._post(
            client_for(social_worker), order, moves_on_0=before.day, moves_on_1=before.month, moves_on_2=before.year
        )
        assert response.status_code == BAD_INPUT
        assert "The planned move date must be the same as or after the order&#x27;s start" in response.content.decode()

    def test_only_the_authority_records_it(self, referral: Referral, social_worker: Any, coordinator: Any) -> None:
        order = _secure(referral, social_worker)
        assert self._post(client_for(coordinator), order).status_code == 404
        assert not ExitPlan.objects.exists()


class TestThePlanFeedsTheExitAndTheFollowUp:
    def test_the_exit_is_refused_without_a_plan_and_starts_from_it_with_one(
        self, time_machine: Any, circulated: Search, homes: dict, social_worker: Any
    ) -> None:
        marydale, manager = homes["marydale"]
        admitted = timezone.localdate()
        followup = _placed(circulated, marydale, manager, social_worker, admitted)
        order = _secure(circulated.referral, social_worker, starts_at=moment(admitted))
        time_machine.move_to(moment(admitted + timedelta(days=60), 9), tick=False)
        exit_on = timezone.localdate() - timedelta(days=1)
        with pytest.raises(ValidationError) as refused:
            exit_record(
                followup=followup,
                exit_date=exit_on,
                user=manager,
                place_code="K2",
                placement_la="E08000035",
                registered=True,
                step_down_used=True,
                **EXIT,
            )
        assert EXIT_PLAN_FIRST in refused.value.message_dict["exit_date"][0]

        exit_plan_record(order=order, data=PLAN | {"place_code": "U6", "moves_on": exit_on}, user=social_worker)
        page = client_for(manager).get(reverse("outcomes:exit-record", args=[followup.pk])).content.decode()
        assert '<option value="U6" selected>' in page  # the destination starts the exit record
        assert "exit plan the local authority recorded" in page

        exit_record(
            followup=followup,
            exit_date=exit_on,
            user=manager,
            place_code="U6",
            placement_la="E08000035",
            registered=True,
            step_down_used=True,
            **EXIT,
        )
        followup.refresh_from_db()
        assert followup.start_place_code == "U6" and followup.start_date == exit_on
        assert followup.checkpoints.count() == 3  # the 3, 6 and 12-month follow-up runs from the planned exit

    def test_a_placed_child_with_no_secure_order_recorded_is_not_held_up(
        self, circulated: Search, homes: dict, social_worker: Any
    ) -> None:
        marydale, manager = homes["marydale"]
        followup = _placed(circulated, marydale, manager, social_worker, timezone.localdate())
        exit_record(
            followup=followup,
            exit_date=timezone.localdate(),
            user=manager,
            place_code="K2",
            placement_la="E08000035",
            registered=True,
            step_down_used=False,
            **EXIT,
        )
        assert FollowUp.objects.get(pk=followup.pk).state == FollowUp.State.FOLLOWING


class TestOrdersEndingWithNoDestination:
    def test_the_unit_sees_orders_ending_within_28_days_with_no_destination(
        self, time_machine: Any, referral: Referral, social_worker: Any, coordinator: Any
    ) -> None:
        """On the 28th day before the end the order is listed, on the 29th not; a plan or an end takes it off."""
        time_machine.move_to(moment(date(2026, 6, 1), 9), tick=False)
        soon = _secure(referral, social_worker, starts_at=moment(date(2026, 5, 1)), expires_on=date(2026, 6, 29))
        later = record(referral, social_worker, starts_at=moment(date(2026, 5, 1)), expires_on=date(2026, 6, 30))
        orders = LibertyOrder.objects.all()
        assert list(selectors.ending_without_destination(orders)) == [soon]
        time_machine.move_to(moment(date(2026, 6, 2), 9), tick=False)
        assert list(selectors.ending_without_destination(orders)) == [soon, later]
        page = client_for(coordinator).get(reverse("liberty:ending")).content.decode()
        assert "with no destination" in page and soon.get_absolute_url() in page and "Exit plan required" in page
        exit_plan_record(order=soon, data=PLAN, user=social_worker)
        order_end(order=later, ended_at=timezone.now(), user=social_worker)
        assert not selectors.ending_without_destination(orders).exists()
        page = client_for(coordinator).get(reverse("liberty:ending")).content.decode()
        assert "Every order ending within 28 days has a destination." in page
