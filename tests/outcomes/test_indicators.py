"""Each indicator on hand-built follow-ups, including moves that must not count, and grouping."""

import datetime

import pytest

from outcomes.indicators import indicator_counts
from outcomes.models import FollowUp
from tests.factories import OrganisationFactory, SecureHomeFactory

from .factories import checkpoint_mark, episode, followup_started

START = datetime.date(2025, 1, 15)


def _counts(**filters):
    rows = indicator_counts(group_by="cohort", filters=filters or None)
    assert len(rows) <= 1
    return rows[0] if rows else {}


def _followed(months=(3, 6, 12), **fields):
    followup = followup_started(start=START, **fields)
    for m in months:
        checkpoint_mark(followup, m)
    return followup


@pytest.mark.django_db
class TestStability:
    def test_a_child_without_episodes_is_stable_at_every_checkpoint(self):
        """No episode at all: followed and stable at 3, 6 and 12 months."""
        _followed()
        row = _counts()
        assert [row[k] for k in ("followed_3", "stable_3", "followed_6", "stable_6", "followed_12", "stable_12")] == [
            1
        ] * 6

    def test_a_placement_move_counts_from_its_date(self):
        """A move (RNE P) 4 months in: stable at 3 months, not at 6 or 12."""
        followup = _followed()
        episode(followup, days=120, rne="P")
        row = _counts()
        assert (row["stable_3"], row["stable_6"], row["stable_12"]) == (1, 0, 0)

    @pytest.mark.parametrize("rne", ["S", "P", "T", "B", "U"])
    def test_every_placement_or_carer_change_counts(self, rne):
        """S, P, T, B and U episodes are placement moves."""
        episode(_followed(), days=30, rne=rne)
        assert _counts()["stable_3"] == 0

    def test_legal_status_only_episodes_are_not_moves(self):
        """An RNE L episode (legal status change only) leaves the child stable."""
        followup = _followed()
        episode(followup, days=30, rne="L", reason="")
        episode(followup, days=200, rne="L", reason="")
        row = _counts()
        assert (row["stable_3"], row["stable_6"], row["stable_12"]) == (1, 1, 1)

    @pytest.mark.parametrize("place", ["T0", "T1", "T2", "T3", "T4"])
    def test_temporary_moves_are_not_moves(self, place):
        """Hospital, holiday and short respite episodes (PLACE T0-T4) do not break stability."""
        episode(_followed(), days=30, place=place, rne="P")
        assert _counts()["stable_3"] == 1

    def test_a_checkpoint_not_recorded_or_not_known_is_not_followed(self):
        """Only recorded checkpoints with a known situation count as followed."""
        _followed(months=(3,))
        lost = followup_started(start=START)
        checkpoint_mark(lost, 3, contact_lost="yes", contact_lost_reason="refused")
        row = _counts()
        assert (row["children"], row["followed_3"], row["followed_6"], row["recorded"]) == (2, 1, 0, 2)


@pytest.mark.django_db
class TestThreePlacements:
    def test_three_placements_means_two_moves_in_the_year(self):
        """The start placement plus two counted moves within 12 months is three placements."""
        two_moves = _followed()
        episode(two_moves, days=40)
        episode(two_moves, days=300)
        one_move = _followed()
        episode(one_move, days=40)
        assert _counts()["three_plus_placements_12"] == 1

    def test_moves_after_12_months_and_excluded_episodes_do_not_count(self):
        """A move after the 12-month checkpoint, a temporary move and a legal change leave one move."""
        followup = _followed()
        episode(followup, days=40)
        episode(followup, days=60, place="T4")
        episode(followup, days=90, rne="L", reason="")
        episode(followup, days=400)
        assert _counts()["three_plus_placements_12"] == 0


@pytest.mark.django_db
class TestReturnToSecureAndCustody:
    def test_return_to_secure_from_an_answer_an_order_or_a_k1_episode(self):
        """Returned to secure, a DoL order, or a K1 episode within the year each count once per child."""
        a = _followed(months=(3, 6))
        checkpoint_mark(a, 12, returned_to_secure="yes")
        b = followup_started(start=START)
        checkpoint_mark(b, 3, dol_order="yes")
        checkpoint_mark(b, 12)
        c = _followed()
        episode(c, days=100, place="K1")
        _followed()
        assert _counts()["return_to_secure_12"] == 3

    def test_custody_from_an_answer_or_an_r5_episode(self):
        """Custody answered at 6 months, or a YOI episode, counts once the 12-month checkpoint is recorded."""
        a = followup_started(start=START)
        checkpoint_mark(a, 6, custody="yes", custody_on="2025-06-01")
        checkpoint_mark(a, 12)
        b = _followed()
        episode(b, days=100, place="R5", rne="P", reason="CUSTOD")
        not_yet = followup_started(start=START)
        checkpoint_mark(not_yet, 3, custody="yes", custody_on="2025-03-01")
        assert _counts()["custody_12"] == 2


@pytest.mark.django_db
class TestNotKnown:
    def test_only_the_latest_recorded_checkpoint_decides(self):
        """Lost at 3 months but found at 6 is known; known at 3 but lost at 6 is not known."""
        found = followup_started(start=START)
        checkpoint_mark(found, 3, contact_lost="yes", contact_lost_reason="cannot_trace")
        checkpoint_mark(found, 6)
        lost = followup_started(start=START)
        checkpoint_mark(lost, 3)
        checkpoint_mark(lost, 6, contact_lost="yes", contact_lost_reason="refused")
        assert _counts()["not_known"] == 1


@pytest.mark.django_db
class TestGrouping:
    def test_groups_by_cohort_home_la_region_and_year(self):
        """Each grouping labels its rows and splits the counts."""
        south = OrganisationFactory(name="Southshire", region="South East")
        north = OrganisationFactory(name="Northshire", region="North East")
        home = SecureHomeFactory(name="Hill House")
        _followed(local_authority=south, home=home, cohort=FollowUp.Cohort.PLACED)
        _followed(local_authority=north)
        _followed(local_authority=north)
        cohort = {r["group"]: r["children"] for r in indicator_counts(group_by="cohort")}
        assert cohort == {"Not placed": 2, "Placed in a secure children's home": 1}
        assert {r["group"]: r["children"] for r in indicator_counts(group_by="home")} == {
            "Hill House": 1,
            "Not placed": 2,
        }
        assert {r["group"]: r["followed_12"] for r in indicator_counts(group_by="la")} == {
            "Northshire": 2,
            "Southshire": 1,
        }
        assert {r["group"] for r in indicator_counts(group_by="region")} == {"North East", "South East"}
        assert indicator_counts(group_by="year")[0]["group"] == "2025"
        assert indicator_counts(group_by="pathway")[0]["group"] == "Welfare"

    def test_filters_narrow_the_children_counted(self):
        """Filters by local authority and by start date apply before grouping."""
        south = OrganisationFactory(name="Southshire")
        _followed(local_authority=south)
        _followed()
        assert _counts(la=south.pk)["children"] == 1
        assert _counts(start_from=START + datetime.timedelta(days=1)) == {}

    def test_unknown_groupings_and_filters_are_refused(self):
        """A typo is an error, not a silently unfiltered table."""
        with pytest.raises(ValueError):
            indicator_counts(group_by="child")
        with pytest.raises(ValueError):
            indicator_counts(group_by="la", filters={"local_authority": 1})

    def test_a_follow_up_still_in_secure_is_not_counted(self):
        """Children whose exit is not recorded have not started their follow-up."""
        FollowUp.objects.create(
            local_authority=OrganisationFactory(), cohort="placed", state="in_secure", is_synthetic=True
        )
        assert indicator_counts(group_by="cohort") == []
