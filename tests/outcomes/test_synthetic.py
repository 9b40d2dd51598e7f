"""The synthetic generator: reproducible for a seed, plausible distributions, clearly synthetic, replaceable."""

import datetime

import pytest
from django.core.management import call_command

from outcomes.indicators import indicator_counts
from outcomes.models import Checkpoint, Exit, FollowUp, PlacementEpisode
from outcomes.synthetic import synthetic_outcomes_generate

UNTIL = datetime.date(2026, 6, 30)


def _snapshot():
    followups = list(
        FollowUp.objects.order_by("pk").values_list(
            "cohort", "start_date", "child_sex", "age_at_start", "start_place_code", "local_authority_id"
        )
    )
    checkpoints = list(Checkpoint.objects.order_by("pk").values_list("months", "due_on", "state", "answers"))
    episodes = list(PlacementEpisode.objects.order_by("pk").values_list("start_date", "place_code", "rne"))
    return followups, checkpoints, episodes


@pytest.mark.django_db
class TestSyntheticOutcomes:
    def test_the_same_seed_gives_the_same_rows(self, hampshire):
        """Two runs with seed 11 are identical; seed 12 differs."""
        synthetic_outcomes_generate(exits=300, seed=11, until=UNTIL, batch_size=120)
        first = _snapshot()
        synthetic_outcomes_generate(exits=300, seed=11, until=UNTIL, batch_size=120)
        assert _snapshot() == first
        assert FollowUp.objects.count() == 300
        synthetic_outcomes_generate(exits=300, seed=12, until=UNTIL, batch_size=120)
        assert _snapshot() != first

    def test_distributions_follow_the_research(self, hampshire):
        """About 60% placed, about half female, ages 10 to 17 with most at 14 to 16."""
        synthetic_outcomes_generate(exits=2000, seed=3, until=UNTIL)
        followups = FollowUp.objects.all()
        placed = followups.filter(cohort=FollowUp.Cohort.PLACED).count() / 2000
        female = followups.filter(child_sex="female").count() / 2000
        ages = set(followups.values_list("age_at_start", flat=True))
        peak = followups.filter(age_at_start__in=(14, 15, 16)).count() / 2000
        assert 0.55 < placed < 0.65 and 0.45 < female < 0.55
        assert ages <= set(range(10, 18)) and 0.6 < peak < 0.75
        assert Exit.objects.count() == followups.filter(cohort=FollowUp.Cohort.PLACED).count()
        assert PlacementEpisode.objects.filter(rne="L").exists()
        assert PlacementEpisode.objects.filter(place_code__startswith="T").exists()

    def test_rows_are_synthetic_without_referrals_and_feed_the_indicators(self, hampshire):
        """No synthetic row has a referral or a name; the indicators count them."""
        synthetic_outcomes_generate(exits=500, seed=5, until=UNTIL)
        assert not FollowUp.objects.filter(is_synthetic=False).exists()
        assert not FollowUp.objects.filter(referral__isnull=False).exists()
        totals = indicator_counts(group_by="cohort")
        assert sum(row["children"] for row in totals) == 500
        assert all(row["followed_12"] >= row["stable_12"] for row in totals)

    def test_the_command_creates_and_clears(self, hampshire, capsys):
        """The management command reports what it made, and --clear removes every synthetic row."""
        call_command("synthetic_outcomes", "--exits", "50", "--seed", "2", "--until", "2026-06-30")
        assert "Created 50 synthetic follow-ups" in capsys.readouterr().out
        call_command("synthetic_outcomes", "--clear")
        assert not FollowUp.objects.exists() and not Checkpoint.objects.exists()
