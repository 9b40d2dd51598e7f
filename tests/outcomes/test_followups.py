"""Starting points and the monthly figures: placed children from their exit, unplaced ones from the closure."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from outcomes.models import Checkpoint, Exit, FollowUp
from outcomes.selectors import outcome_figures_for_month
from outcomes.services import exit_record, followup_start_unplaced, secure_stay_start

from .factories import ReferralFactory, checkpoint_mark, followup_started

D = datetime.date
EXIT = {
    "reason": "planned_move",
    "place_code": "K2",
    "placement_la": "E10000014",
    "registered": True,
    "legal_status": "C2",
    "step_down_used": False,
}


@pytest.mark.django_db
class TestSecureStayStart:
    def test_a_placed_child_waits_in_secure_without_checkpoints(self, hampshire, home, leaving_care):
        """The follow-up exists from admission, copies sex and age, and has no checkpoint until the exit."""
        referral = ReferralFactory(local_authority=hampshire)
        followup = secure_stay_start(referral=referral, home=home, admitted_on=D(2026, 3, 1), user=leaving_care)
        assert (followup.state, followup.cohort, followup.home) == ("in_secure", "placed", home)
        assert (followup.child_sex, followup.age_at_start) == ("female", 14)
        assert not followup.checkpoints.exists()
        assert AuditEvent.objects.filter(action="outcomes.secure_stay_start", object_id=str(followup.pk)).exists()

    def test_calling_twice_returns_the_same_follow_up(self, hampshire, home, leaving_care):
        """Circulation may retry; there is one follow-up per referral."""
        referral = ReferralFactory(local_authority=hampshire)
        first = secure_stay_start(referral=referral, home=home, admitted_on=D(2026, 3, 1), user=leaving_care)
        again = secure_stay_start(referral=referral, home=home, admitted_on=D(2026, 3, 2), user=leaving_care)
        assert again.pk == first.pk and FollowUp.objects.count() == 1

    def test_the_exit_starts_the_checkpoints_and_can_be_corrected_until_one_is_recorded(
        self, hampshire, home, leaving_care
    ):
        """Correcting the exit date re-dates the checkpoints; after a recorded checkpoint it is refused."""
        referral = ReferralFactory(local_authority=hampshire)
        followup = secure_stay_start(referral=referral, home=home, admitted_on=D(2025, 3, 1), user=leaving_care)
        exit_record(followup=followup, exit_date=D(2025, 5, 31), user=leaving_care, **EXIT)
        assert followup.checkpoints.get(months=3).due_on == D(2025, 8, 31)
        exit_record(followup=followup, exit_date=D(2025, 5, 30), user=leaving_care, **{**EXIT, "place_code": "U6"})
        assert followup.checkpoints.get(months=3).due_on == D(2025, 8, 30)
        assert Exit.objects.get().place_code == "U6" and followup.checkpoints.count() == 3
        checkpoint_mark(FollowUp.objects.get(pk=followup.pk), 3)
        with pytest.raises(ValidationError):
            exit_record(followup=followup, exit_date=D(2025, 6, 1), user=leaving_care, **EXIT)

    def test_an_unplaced_child_has_no_exit(self, hampshire, leaving_care):
        """Only placed children leave a secure home."""
        followup = followup_started(start=D(2025, 1, 1), local_authority=hampshire)
        with pytest.raises(ValidationError):
            exit_record(followup=followup, exit_date=D(2025, 2, 1), user=leaving_care, **EXIT)


@pytest.mark.django_db
class TestFollowupStartUnplaced:
    def test_the_closure_starts_checkpoints_in_the_state_they_have_reached(self, hampshire, leaving_care):
        """Closed 100 days ago: the 3-month checkpoint is already due, the others upcoming."""
        with time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC), tick=False):
            followup = followup_start_unplaced(
                referral=ReferralFactory(local_authority=hampshire),
                closed_on=D(2026, 2, 21),
                outcome="alternative",
                place_code="Z1",
                user=leaving_care,
            )
        states = dict(followup.checkpoints.values_list("months", "state"))
        assert states == {3: Checkpoint.State.DUE, 6: Checkpoint.State.UPCOMING, 12: Checkpoint.State.UPCOMING}
        assert (followup.cohort, followup.start_place_code, followup.closure_outcome) == (
            "not_placed",
            "Z1",
            "alternative",
        )


@pytest.mark.django_db
class TestOutcomeFiguresForMonth:
    def test_counts_exits_placements_and_checkpoints_of_one_month(self, hampshire, home, leaving_care):
        """Exits and placements on exit in March; checkpoints due in March, overdue at its end, recorded in it."""
        for day, place in ((3, "K2"), (20, "K2"), (31, "U6")):
            referral = ReferralFactory(local_authority=hampshire)
            followup = secure_stay_start(referral=referral, home=home, admitted_on=D(2025, 1, 1), user=leaving_care)
            exit_record(
                followup=followup, exit_date=D(2025, 3, day), user=leaving_care, **{**EXIT, "place_code": place}
            )
        followup_started(start=D(2024, 12, 1), local_authority=hampshire)  # 3-month due 1 March
        late = followup_started(start=D(2024, 12, 31), local_authority=hampshire)  # 3-month due 31 March
        followup_started(start=D(2024, 10, 15), local_authority=hampshire)  # due 15 January: overdue
        checkpoint = checkpoint_mark(late, 3)
        Checkpoint.objects.filter(pk=checkpoint.pk).update(
            completed_at=datetime.datetime(2025, 3, 31, 15, tzinfo=datetime.UTC)
        )
        figures = outcome_figures_for_month(year=2025, month=3)
        assert figures["exits"] == 3
        assert figures["placements_on_exit"] == {"K2": 2, "U6": 1}
        assert figures["checkpoints_due"] == 2
        assert figures["checkpoints_completed"] == 1
        # Overdue at 31 March: due by 2 March and not recorded (due 1 March and due 15 January).
        assert figures["checkpoints_overdue"] == 2
