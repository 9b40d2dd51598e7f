"""Follow-up pages: who may open what, audited refusals, and recording through the forms."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import AuditEvent, Role
from outcomes.models import Checkpoint, FollowUp
from outcomes.services import secure_stay_start
from tests.factories import member

from .conftest import client_for
from .factories import ReferralFactory, followup_started

START = datetime.date(2025, 6, 10)


def _placed(local_authority, home, user):
    referral = ReferralFactory(local_authority=local_authority)
    return secure_stay_start(referral=referral, home=home, admitted_on=datetime.date(2025, 3, 1), user=user)


def _denied(user, url):
    before = AuditEvent.objects.filter(outcome=AuditEvent.Outcome.DENIED).count()
    response = client_for(user).get(url)
    assert response.status_code == 404
    assert AuditEvent.objects.filter(outcome=AuditEvent.Outcome.DENIED).count() == before + 1


@pytest.mark.django_db
class TestAccess:
    def test_analysts_never_open_child_level_pages(self, hampshire, home, leaving_care):
        """Every child-level page is a 404 for an analyst, with a denial in the audit log."""
        analyst = member(Role.ANALYST)
        followup = followup_started(start=START, local_authority=hampshire)
        placed = _placed(hampshire, home, leaving_care)
        for url in (
            reverse("outcomes:followup-list"),
            reverse("outcomes:followup-detail", args=[followup.pk]),
            reverse("outcomes:checkpoint-list"),
            reverse("outcomes:checkpoint-record", args=[followup.checkpoints.first().pk]),
            reverse("outcomes:exit-record", args=[placed.pk]),
        ):
            _denied(analyst, url)

    def test_another_authority_cannot_open_or_record(self, hampshire, leeds):
        """A Leeds leaving-care worker gets 404s for a Hampshire child's follow-up and checkpoint."""
        followup = followup_started(start=START, local_authority=hampshire)
        leeds_worker = member(Role.LEAVING_CARE_WORKER, leeds)
        _denied(leeds_worker, reverse("outcomes:followup-detail", args=[followup.pk]))
        _denied(leeds_worker, reverse("outcomes:checkpoint-record", args=[followup.checkpoints.first().pk]))
        response = client_for(leeds_worker).post(
            reverse("outcomes:checkpoint-record", args=[followup.checkpoints.first().pk]), {"contact_lost": "yes"}
        )
        assert response.status_code == 404

    def test_a_home_sees_only_its_own_children(self, hampshire, home, leaving_care):
        """The manager of one home lists and opens its placed children only."""
        from tests.factories import SecureHomeFactory

        other_home = SecureHomeFactory(name="Other House")
        ours = _placed(hampshire, home, leaving_care)
        theirs = _placed(hampshire, other_home, leaving_care)
        manager = member(Role.HOME_MANAGER, home)
        page = client_for(manager).get(reverse("outcomes:followup-list"))
        assert page.status_code == 200
        assert list(page.context["page"].object_list) == [ours]
        assert client_for(manager).get(reverse("outcomes:exit-record", args=[ours.pk])).status_code == 200
        _denied(manager, reverse("outcomes:exit-record", args=[theirs.pk]))
        _denied(manager, reverse("outcomes:followup-detail", args=[theirs.pk]))

    def test_a_home_loses_sight_of_a_child_once_outcomes_are_recorded(self, hampshire, home, leaving_care):
        """After the exit the home may still correct it, but not once a checkpoint has been recorded."""
        followup = followup_started(start=START, local_authority=hampshire, home=home, cohort=FollowUp.Cohort.PLACED)
        manager = member(Role.HOME_MANAGER, home)
        url = reverse("outcomes:followup-detail", args=[followup.pk])
        assert client_for(manager).get(url).status_code == 200
        followup.checkpoints.filter(months=3).update(state=Checkpoint.State.COMPLETED)
        _denied(manager, url)

    def test_the_coordinator_lists_every_real_follow_up(self, hampshire, leeds, home, leaving_care):
        """The unit sees all authorities' children but never synthetic rows; viewing is audited."""
        followup_started(start=START, local_authority=hampshire)
        followup_started(start=START, local_authority=leeds)
        FollowUp.objects.create(local_authority=leeds, cohort="not_placed", state="following", is_synthetic=True)
        coordinator = member(Role.COORDINATOR)
        page = client_for(coordinator).get(reverse("outcomes:followup-list"))
        assert page.context["page"].paginator.count == 2
        assert AuditEvent.objects.filter(action="outcomes.followup-list", outcome="allowed").exists()


@pytest.mark.django_db
class TestCheckpointPage:
    def test_the_worker_records_a_checkpoint_with_an_episode(self, hampshire, leaving_care):
        """A complete form with one episode records the checkpoint and goes back to the list."""
        followup = followup_started(start=START, local_authority=hampshire, age=16)
        checkpoint = followup.checkpoints.get(months=3)
        url = reverse("outcomes:checkpoint-record", args=[checkpoint.pk])
        client = client_for(leaving_care)
        page = client.get(url)
        assert page.status_code == 200 and b"Accommodation now" in page.content
        data = {
            "contact_lost": "no",
            "missing_episodes": "1",
            "away_episodes": "0",
            "custody": "no",
            "returned_to_secure": "no",
            "dol_order": "no",
            "activity": "F2",
            "accommodation": "D",
            "health_engagement": "partly",
            "episodes-TOTAL_FORMS": "1",
            "episodes-INITIAL_FORMS": "0",
            "episodes-0-start_date_0": "1",
            "episodes-0-start_date_1": "7",
            "episodes-0-start_date_2": "2025",
            "episodes-0-place_code": "U6",
            "episodes-0-rne": "P",
            "episodes-0-reason_place_change": "CARPL",
        }
        response = client.post(url, data)
        assert response.status_code == 302
        checkpoint.refresh_from_db()
        assert checkpoint.state == Checkpoint.State.COMPLETED and checkpoint.accommodation == "D"
        assert list(followup.episodes.values_list("place_code", "start_date")) == [("U6", datetime.date(2025, 7, 1))]

    def test_missing_answers_show_an_error_summary_and_keep_the_input(self, hampshire, leaving_care):
        """An incomplete form is a 400 with GOV.UK errors; nothing is saved and typed answers stay."""
        followup = followup_started(start=START, local_authority=hampshire)
        checkpoint = followup.checkpoints.get(months=3)
        url = reverse("outcomes:checkpoint-record", args=[checkpoint.pk])
        data = {
            "contact_lost": "no",
            "missing_episodes": "3",
            "episodes-TOTAL_FORMS": "1",
            "episodes-INITIAL_FORMS": "0",
        }
        response = client_for(leaving_care).post(url, data)
        assert response.status_code == 400
        assert b"There is a problem" in response.content and b'value="3"' in response.content
        checkpoint.refresh_from_db()
        assert checkpoint.state != Checkpoint.State.COMPLETED

    def test_add_another_episode_adds_a_row_without_saving(self, hampshire, leaving_care):
        """The add-another button re-renders the form with one more episode."""
        followup = followup_started(start=START, local_authority=hampshire)
        url = reverse("outcomes:checkpoint-record", args=[followup.checkpoints.get(months=3).pk])
        data = {"add_episode": "1", "episodes-TOTAL_FORMS": "1", "episodes-INITIAL_FORMS": "0"}
        response = client_for(leaving_care).post(url, data)
        assert response.status_code == 200
        assert len(response.context["formset"].forms) == 2

    def test_hostile_input_is_refused_without_a_500(self, hampshire, leaving_care):
        """Garbage codes, numbers and management data give 400s, never a crash."""
        followup = followup_started(start=START, local_authority=hampshire)
        url = reverse("outcomes:checkpoint-record", args=[followup.checkpoints.get(months=3).pk])
        client = client_for(leaving_care)
        for data in (
            {"contact_lost": "<script>", "missing_episodes": "-1", "activity": "=HYPERLINK()"},
            {"contact_lost": "no", "episodes-TOTAL_FORMS": "x"},
            {
                "contact_lost": "no",
                "missing_episodes": "9" * 30,
                "episodes-TOTAL_FORMS": "1",
                "episodes-INITIAL_FORMS": "0",
            },
        ):
            assert client.post(url, data).status_code == 400


@pytest.mark.django_db
class TestExitPage:
    def test_the_home_manager_records_an_exit_and_checkpoints_follow(self, hampshire, home, leaving_care):
        """Recording the exit starts the follow-up with checkpoints dated from the exit."""
        followup = _placed(hampshire, home, leaving_care)
        manager = member(Role.HOME_MANAGER, home)
        data = {
            "exit_date_0": "31",
            "exit_date_1": "1",
            "exit_date_2": "2026",
            "reason": "planned_move",
            "place_code": "K2",
            "placement_la": "E10000014",
            "registered": "yes",
            "legal_status": "C2",
            "step_down_used": "yes",
        }
        response = client_for(manager).post(reverse("outcomes:exit-record", args=[followup.pk]), data)
        assert response.status_code == 302
        followup.refresh_from_db()
        assert (followup.state, followup.start_date) == (FollowUp.State.FOLLOWING, datetime.date(2026, 1, 31))
        assert followup.exit.registered is True and followup.exit.place_code == "K2"
        assert followup.checkpoints.get(months=3).due_on == datetime.date(2026, 4, 30)

    def test_an_exit_before_the_admission_is_refused(self, hampshire, home, leaving_care):
        """The service's check comes back as a form error with a 400."""
        followup = _placed(hampshire, home, leaving_care)
        data = {
            "exit_date_0": "1",
            "exit_date_1": "1",
            "exit_date_2": "2025",
            "reason": "order_ended",
            "place_code": "K2",
            "placement_la": "E10000014",
            "registered": "not_known",
            "legal_status": "C2",
            "step_down_used": "no",
        }
        response = client_for(leaving_care).post(reverse("outcomes:exit-record", args=[followup.pk]), data)
        assert response.status_code == 400 and b"on or after the admission date" in response.content
        assert not FollowUp.objects.get(pk=followup.pk).checkpoints.exists()


@pytest.mark.django_db
class TestDashboardAndNavigation:
    def test_leaving_care_worker_sees_due_counts_and_the_follow_up_link(self, hampshire, leaving_care):
        """The landing page shows checkpoints to record and the header links to Follow-up."""
        followup_started(start=datetime.date(2024, 1, 1), local_authority=hampshire)
        page = client_for(leaving_care).get(reverse("accounts:dashboard"))
        assert b"Follow-up checkpoints" in page.content
        assert b"3 overdue and 0 due" in page.content
        assert reverse("outcomes:checkpoint-list").encode() in page.content

    def test_home_manager_sees_children_whose_exit_is_not_recorded(self, hampshire, home, leaving_care):
        """The home's card counts placed children without an exit and links to the exit form."""
        followup = _placed(hampshire, home, leaving_care)
        page = client_for(member(Role.HOME_MANAGER, home)).get(reverse("accounts:dashboard"))
        assert b"Exits to record" in page.content
        assert reverse("outcomes:exit-record", args=[followup.pk]).encode() in page.content
