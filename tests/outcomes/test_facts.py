"""The indicator facts stay equal to the record-level rules after every service that changes a child's records."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Sum

from outcomes.indicators import (
    COUNTS,
    GROUPS,
    indicator_counts,
    indicator_counts_from_facts,
    indicator_counts_from_records,
    rollup_lookups,
)
from outcomes.models import Checkpoint, FollowUp, IndicatorFacts, IndicatorRollup
from outcomes.services import checkpoint_record, exit_record, followup_start_unplaced, secure_stay_start
from outcomes.services.facts import indicator_facts_rebuild, indicator_facts_refresh_one
from outcomes.synthetic import synthetic_outcomes_clear, synthetic_outcomes_generate
from tests.factories import OrganisationFactory

from .factories import ReferralFactory, followup_started, known_answers

D = datetime.date
START = D(2025, 1, 15)
EXIT = {
    "reason": "planned_move",
    "place_code": "K2",
    "placement_la": "E10000014",
    "registered": True,
    "legal_status": "C2",
    "step_down_used": False,
}
LOST = {"contact_lost": "yes", "contact_lost_reason": "cannot_trace"}


def _episode(days: int, place: str = "K2", rne: str = "P") -> dict:
    return {"start_date": START + datetime.timedelta(days=days), "place_code": place, "rne": rne}


FILTERS = (
    None,
    {"synthetic": False},
    {"cohort": FollowUp.Cohort.PLACED},
    {"start_from": D(2024, 11, 1), "start_to": D(2025, 1, 31)},  # whole months: the rollup answers
    {"start_from": D(2025, 1, 10), "start_to": D(2025, 1, 20)},  # splits January: the facts answer
)


def assert_facts_match_records() -> None:
    """Every grouping, unfiltered and filtered, is the same from the rollup, the facts and the records."""
    for group_by in GROUPS:
        for filters in FILTERS:
            from_records = indicator_counts_from_records(group_by=group_by, filters=filters)
            assert indicator_counts(group_by=group_by, filters=filters) == from_records, (group_by, filters)
            assert indicator_counts_from_facts(group_by=group_by, filters=filters) == from_records, (group_by, filters)
    rollup = IndicatorRollup.objects.aggregate(**{key: Sum(key) for key in COUNTS})
    facts = IndicatorFacts.objects.aggregate(**{key: Sum(key) for key in COUNTS})
    assert rollup == facts and not IndicatorRollup.objects.filter(children__lte=0).exists()


def _record(followup: FollowUp, months: int, user, episodes=(), **answers) -> None:
    checkpoint = followup.checkpoints.get(months=months)
    values = LOST if answers.pop("lost", False) else known_answers(**answers)
    checkpoint_record(checkpoint=checkpoint, answers=values, episodes=list(episodes), user=user)


def _facts(followup: FollowUp) -> dict:
    return IndicatorFacts.objects.filter(followup=followup).values().get()


@pytest.mark.django_db
class TestFactsFollowTheServices:
    def test_an_unplaced_start_gives_the_child_facts(self, hampshire, leaving_care):
        """A search closed without a placement starts the follow-up: one child, nothing recorded yet."""
        referral = ReferralFactory(local_authority=hampshire)
        followup = followup_start_unplaced(referral=referral, closed_on=START, outcome="alternative", user=leaving_care)
        assert (_facts(followup)["children"], _facts(followup)["recorded"]) == (1, 0)
        assert_facts_match_records()

    def test_a_child_in_secure_has_no_facts_until_the_exit_and_a_corrected_exit_re_dates_them(
        self, hampshire, home, leaving_care
    ):
        """No facts before the exit; the exit starts them; correcting it moves what counts before the checkpoint."""
        referral = ReferralFactory(local_authority=hampshire)
        followup = secure_stay_start(referral=referral, home=home, admitted_on=D(2024, 10, 1), user=leaving_care)
        assert not IndicatorFacts.objects.exists()
        assert_facts_match_records()
        exit_record(followup=followup, exit_date=START, user=leaving_care, **EXIT)
        assert _facts(followup)["children"] == 1
        exit_record(followup=followup, exit_date=START - datetime.timedelta(days=40), user=leaving_care, **EXIT)
        assert_facts_match_records()

    def test_recording_with_moves_temporary_moves_and_legal_changes(self, hampshire, leaving_care):
        """A move counts from its date; a temporary (T1) move and a legal-status-only (L) episode never do."""
        followup = followup_started(start=START, local_authority=hampshire)
        _record(followup, 3, leaving_care, [_episode(20, place="T1"), _episode(30, rne="L")])
        assert (_facts(followup)["followed_3"], _facts(followup)["stable_3"]) == (1, 1)
        assert_facts_match_records()
        _record(followup, 6, leaving_care, [_episode(120), _episode(150, place="K1")])
        _record(followup, 12, leaving_care, [_episode(300)])
        facts = _facts(followup)
        assert (facts["stable_6"], facts["stable_12"], facts["three_plus_placements_12"]) == (0, 0, 1)
        assert (facts["return_to_secure_12"], facts["custody_12"]) == (1, 0)
        assert_facts_match_records()

    def test_contact_lost_then_found_again(self, hampshire, leaving_care):
        """Not known after a lost 3-month contact; known again once the 6-month checkpoint is recorded."""
        followup = followup_started(start=START, local_authority=hampshire)
        _record(followup, 3, leaving_care, lost=True)
        assert (_facts(followup)["not_known"], _facts(followup)["followed_3"]) == (1, 0)
        assert_facts_match_records()
        _record(followup, 6, leaving_care, custody="yes", custody_on="2025-05-01")
        assert (_facts(followup)["not_known"], _facts(followup)["followed_6"]) == (0, 1)
        assert_facts_match_records()

    def test_the_record_level_rules_and_the_facts_agree_across_children_and_groups(self, hampshire, leaving_care):
        """Several children in two authorities and both cohorts: every grouping and filter agrees."""
        leeds = OrganisationFactory(name="Leeds", region="Yorkshire and The Humber")
        for n, authority in enumerate((hampshire, leeds, leeds)):
            followup = followup_started(start=START + datetime.timedelta(days=n), local_authority=authority)
            _record(followup, 3, leaving_care, [_episode(40 + n)], returned_to_secure="yes" if n else "no")
            _record(followup, 12, leaving_care, lost=n == 2)
        assert IndicatorFacts.objects.count() == 3
        assert_facts_match_records()


@pytest.mark.django_db
class TestFactsOutsideTheServices:
    def test_a_recorded_checkpoint_edited_in_the_database_is_put_right_by_a_refresh(self, hampshire, leaving_care):
        """There is no service to edit a recorded checkpoint; a direct edit is followed by a refresh of that child."""
        followup = followup_started(start=START, local_authority=hampshire)
        _record(followup, 3, leaving_care)
        Checkpoint.objects.filter(followup=followup, months=3).update(contact_lost=True)
        assert indicator_counts(group_by="cohort") != indicator_counts_from_records(group_by="cohort")
        indicator_facts_refresh_one(followup.pk)
        assert _facts(followup)["not_known"] == 1
        assert_facts_match_records()

    def test_deleting_a_follow_up_deletes_its_facts(self, hampshire):
        """The facts cascade with the follow-up, so the report never counts a deleted child."""
        followup = followup_started(start=START, local_authority=hampshire)
        followup.delete()
        assert not IndicatorFacts.objects.exists()

    def test_synthetic_generation_and_clearing_keep_the_facts(self, hampshire, leaving_care):
        """Generated children get facts in bulk; clearing removes them and leaves the real children's."""
        followup_started(start=START, local_authority=hampshire)
        synthetic_outcomes_generate(exits=400, seed=5, until=D(2026, 6, 30), batch_size=150)
        assert IndicatorFacts.objects.filter(followup__is_synthetic=True).count() == 400
        assert_facts_match_records()
        synthetic_outcomes_clear()
        assert list(IndicatorFacts.objects.values_list("followup__is_synthetic", flat=True)) == [False]
        assert_facts_match_records()

    def test_the_rebuild_command_recomputes_every_child(self, hampshire, leaving_care):
        """Emptied or stale facts are rebuilt by the command to exactly what the services keep."""
        synthetic_outcomes_generate(exits=300, seed=8, until=D(2026, 6, 30))
        kept = list(IndicatorFacts.objects.order_by("pk").values())
        IndicatorFacts.objects.all().delete()
        output = io.StringIO()
        call_command("rebuild_indicator_facts", stdout=output)
        assert "Rebuilt the indicator facts of 300 children" in output.getvalue()
        assert list(IndicatorFacts.objects.order_by("pk").values()) == kept
        IndicatorFacts.objects.update(children=0)
        assert indicator_facts_rebuild() == 300
        assert list(IndicatorFacts.objects.order_by("pk").values()) == kept
        assert_facts_match_records()


class TestRollupChoice:
    """Which rows a report sums: the rollup for whole months, the facts for a date inside a month."""

    @pytest.mark.parametrize(
        ("filters", "answered"),
        [
            (None, True),
            ({"start_from": D(2025, 2, 1), "start_to": D(2025, 2, 28)}, True),
            ({"start_to": "2024-02-29"}, True),
            ({"start_to": D(2024, 2, 28)}, False),
            ({"start_from": D(2025, 2, 2)}, False),
        ],
    )
    def test_whole_months_only(self, filters, answered):
        """The rollup holds months, so only filters on a month's first or last day can use it."""
        assert (rollup_lookups(filters) is not None) is answered

    def test_unknown_filters_are_refused_either_way(self):
        with pytest.raises(ValueError):
            rollup_lookups({"child": 1})
