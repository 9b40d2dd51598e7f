"""Checkpoint dates, due and overdue transitions with a frozen clock, reminders, and recording."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import Role
from outcomes.dates import checkpoint_state_on
from outcomes.models import Checkpoint, FollowUp
from outcomes.services import checkpoint_record, checkpoints_advance
from tests.factories import member
from vocabulary.dates import add_months

from .factories import followup_started, known_answers

D = datetime.date


class TestAddMonths:
    @pytest.mark.parametrize(
        ("start", "months", "expected"),
        [
            (D(2026, 1, 31), 1, D(2026, 2, 28)),
            (D(2024, 1, 31), 1, D(2024, 2, 29)),
            (D(2025, 8, 31), 3, D(2025, 11, 30)),
            (D(2025, 11, 30), 3, D(2026, 2, 28)),
            (D(2025, 12, 31), 6, D(2026, 6, 30)),
            (D(2024, 2, 29), 12, D(2025, 2, 28)),
            (D(2025, 10, 15), 3, D(2026, 1, 15)),
        ],
    )
    def test_adds_whole_months_clamped_to_the_month_end(self, start, months, expected):
        """31 January plus a month is the last day of February; a leap day a year on is 28 February."""
        assert add_months(start, months) == expected


class TestCheckpointCreation:
    def test_three_checkpoints_are_dated_from_the_start(self, hampshire):
        """A follow-up starting on 31 August has checkpoints on 30 November, 28 February and 31 August."""
        followup = followup_started(start=D(2025, 8, 31), local_authority=hampshire)
        dates = list(followup.checkpoints.order_by("months").values_list("months", "due_on"))
        assert dates == [(3, D(2025, 11, 30)), (6, D(2026, 2, 28)), (12, D(2026, 8, 31))]


class TestCheckpointStates:
    def test_state_on_a_day_follows_the_28_day_grace_period(self):
        """Upcoming before the date, due from it for 28 days, overdue from the 29th day."""
        due = D(2026, 3, 1)
        assert checkpoint_state_on(due, D(2026, 2, 28)) == "upcoming"
        assert checkpoint_state_on(due, due) == "due"
        assert checkpoint_state_on(due, D(2026, 3, 29)) == "due"
        assert checkpoint_state_on(due, D(2026, 3, 30)) == "overdue"

    def test_advance_moves_checkpoints_on_a_frozen_clock(self, hampshire):
        """The daily job makes the 3-month checkpoint due on its date and overdue 29 days later."""
        with time_machine.travel(datetime.datetime(2025, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
            followup = followup_started(start=D(2025, 12, 1), local_authority=hampshire)
        three = followup.checkpoints.get(months=3)
        with time_machine.travel(datetime.datetime(2026, 2, 28, 6, tzinfo=datetime.UTC), tick=False):
            checkpoints_advance()
        three.refresh_from_db()
        assert three.state == Checkpoint.State.UPCOMING
        with time_machine.travel(datetime.datetime(2026, 3, 1, 6, tzinfo=datetime.UTC), tick=False):
            assert checkpoints_advance()["due"] == 1
        three.refresh_from_db()
        assert three.state == Checkpoint.State.DUE
        with time_machine.travel(datetime.datetime(2026, 3, 29, 6, tzinfo=datetime.UTC), tick=False):
            checkpoints_advance()
        three.refresh_from_db()
        assert three.state == Checkpoint.State.DUE
        with time_machine.travel(datetime.datetime(2026, 3, 30, 6, tzinfo=datetime.UTC), tick=False):
            assert checkpoints_advance()["overdue"] == 1
        three.refresh_from_db()
        assert three.state == Checkpoint.State.OVERDUE
        assert followup.checkpoints.get(months=6).state == Checkpoint.State.UPCOMING

    def test_a_recorded_checkpoint_never_becomes_overdue(self, hampshire):
        """Completed checkpoints are left alone by the daily job."""
        followup = followup_started(start=D(2024, 1, 1), local_authority=hampshire)
        followup.checkpoints.filter(months=3).update(state=Checkpoint.State.COMPLETED)
        checkpoints_advance(today=D(2026, 1, 1))
        assert followup.checkpoints.get(months=3).state == Checkpoint.State.COMPLETED
        assert followup.checkpoints.get(months=12).state == Checkpoint.State.OVERDUE


class TestReminders:
    def test_leaving_care_workers_get_one_message_without_child_data(self, hampshire, leeds):
        """Due checkpoints are announced to the authority's leaving-care workers with a link and references only."""
        worker = member(Role.LEAVING_CARE_WORKER, hampshire)
        member(Role.SOCIAL_WORKER, hampshire)
        other = member(Role.LEAVING_CARE_WORKER, leeds)
        with time_machine.travel(datetime.datetime(2026, 1, 1, 9, tzinfo=datetime.UTC), tick=False):
            followup = followup_started(start=D(2025, 10, 1), local_authority=hampshire)
        result = checkpoints_advance(today=D(2026, 1, 2))
        assert result["messages"] == 1
        assert [m.to for m in mail.outbox] == [[worker.email]]
        message = mail.outbox[0]
        body = message.subject + message.body
        assert f"C{followup.checkpoints.get(months=3).pk}" in body
        assert "/outcomes/" in body
        answers = followup.referral.answers
        for value in (answers["child_first_name"], answers["child_last_name"], answers["child_date_of_birth"]):
            assert value not in body
        assert followup.referral.reference not in body
        assert other.email not in [address for m in mail.outbox for address in m.to]

    def test_a_checkpoint_is_reminded_once_when_due_and_once_when_overdue(self, hampshire):
        """Running the job again sends nothing new; the overdue reminder comes once."""
        member(Role.LEAVING_CARE_WORKER, hampshire)
        with time_machine.travel(datetime.datetime(2026, 1, 1, 9, tzinfo=datetime.UTC), tick=False):
            followup_started(start=D(2025, 10, 1), local_authority=hampshire)
        checkpoints_advance(today=D(2026, 1, 2))
        checkpoints_advance(today=D(2026, 1, 3))
        assert len(mail.outbox) == 1
        checkpoints_advance(today=D(2026, 2, 1))
        checkpoints_advance(today=D(2026, 2, 2))
        assert [m.subject for m in mail.outbox] == ["Follow-up checkpoints due", "Follow-up checkpoints overdue"]


class TestCheckpointRecord:
    def test_recording_pins_the_question_set_and_stores_episodes(self, hampshire, leaving_care):
        """The answers, their columns, the question set version and the episodes are saved together."""
        followup = followup_started(start=D(2025, 1, 10), local_authority=hampshire)
        checkpoint = followup.checkpoints.get(months=3)
        episodes = [{"start_date": D(2025, 2, 1), "place_code": "K2", "rne": "P", "reason_place_change": "CARPL"}]
        answers = known_answers(custody="yes", custody_on="2025-03-01", missing_episodes=2)
        checkpoint_record(checkpoint=checkpoint, answers=answers, episodes=episodes, user=leaving_care)
        checkpoint.refresh_from_db()
        assert checkpoint.state == Checkpoint.State.COMPLETED
        assert checkpoint.question_set.number == 1 and len(checkpoint.question_set.content_hash) == 64
        assert (checkpoint.custody, checkpoint.custody_on, checkpoint.missing_episodes) == (True, D(2025, 3, 1), 2)
        assert list(followup.episodes.values_list("place_code", "recorded_at_checkpoint")) == [("K2", checkpoint.pk)]

    def test_missing_answers_are_refused_unless_contact_is_lost(self, hampshire, leaving_care):
        """Required answers may be left out only when the situation is not known, with a reason."""
        followup = followup_started(start=D(2025, 1, 10), local_authority=hampshire)
        checkpoint = followup.checkpoints.get(months=3)
        with pytest.raises(ValidationError) as caught:
            checkpoint_record(checkpoint=checkpoint, answers={"contact_lost": "no"}, episodes=[], user=leaving_care)
        assert {"custody", "activity", "health_engagement"} <= caught.value.message_dict.keys()
        with pytest.raises(ValidationError) as caught:
            checkpoint_record(checkpoint=checkpoint, answers={"contact_lost": "yes"}, episodes=[], user=leaving_care)
        assert set(caught.value.message_dict) == {"contact_lost_reason"}
        answers = {"contact_lost": "yes", "contact_lost_reason": "refused"}
        checkpoint_record(checkpoint=checkpoint, answers=answers, episodes=[], user=leaving_care)
        checkpoint.refresh_from_db()
        assert checkpoint.contact_lost is True and checkpoint.custody is None

    def test_accommodation_is_asked_only_from_16(self, hampshire, leaving_care):
        """A 14-year-old's checkpoint does not need ACCOM; a 16-year-old's does."""
        young = followup_started(start=D(2025, 1, 10), local_authority=hampshire, age=14)
        answers = known_answers(accommodation=None)
        checkpoint_record(checkpoint=young.checkpoints.get(months=3), answers=answers, episodes=[], user=leaving_care)
        older = followup_started(start=D(2025, 1, 10), local_authority=hampshire, age=16)
        with pytest.raises(ValidationError) as caught:
            checkpoint_record(
                checkpoint=older.checkpoints.get(months=3), answers=answers, episodes=[], user=leaving_care
            )
        assert set(caught.value.message_dict) == {"accommodation"}

    def test_episodes_before_the_start_or_with_unknown_codes_are_refused(self, hampshire, leaving_care):
        """Episode dates must fall within the follow-up and codes must be SSDA903 codes."""
        followup = followup_started(start=D(2025, 1, 10), local_authority=hampshire)
        checkpoint = followup.checkpoints.get(months=3)
        early = {"start_date": D(2024, 12, 1), "place_code": "K2", "rne": "P"}
        bogus = {"start_date": D(2025, 2, 1), "place_code": "=CMD()", "rne": "P"}
        with pytest.raises(ValidationError) as caught:
            checkpoint_record(
                checkpoint=checkpoint, answers=known_answers(), episodes=[early, bogus], user=leaving_care
            )
        assert set(caught.value.message_dict) == {"episode_1", "episode_2"}
        assert not followup.episodes.exists()

    def test_the_last_checkpoint_completes_the_follow_up(self, hampshire, leaving_care):
        """Once 3, 6 and 12 months are recorded the follow-up is complete; recording twice is refused."""
        followup = followup_started(start=D(2024, 1, 10), local_authority=hampshire)
        for checkpoint in followup.checkpoints.all():
            checkpoint_record(checkpoint=checkpoint, answers=known_answers(), episodes=[], user=leaving_care)
        followup.refresh_from_db()
        assert followup.state == FollowUp.State.COMPLETED
        with pytest.raises(ValidationError):
            checkpoint_record(
                checkpoint=followup.checkpoints.first(), answers=known_answers(), episodes=[], user=leaving_care
            )
