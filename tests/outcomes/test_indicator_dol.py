"""The indicator "deprived of liberty outside a secure home within 12 months" (issue 17 item 6), from the liberty
orders the referring authority recorded, for placed and unplaced children, under disclosure control."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from forms_engine.models import Referral
from liberty.models import LibertyOrder
from liberty.services import order_record
from outcomes.disclosure import SUPPRESSED
from outcomes.indicators import indicator_counts, indicator_counts_from_facts, indicator_counts_from_records
from outcomes.models import FollowUp
from outcomes.reporting.tables import indicator_report
from tests.factories import OrganisationFactory, member

from .factories import checkpoint_mark, followup_started
from .reporting.conftest import client_for

START = datetime.date(2025, 1, 15)
SUBMITTED = datetime.datetime(2024, 12, 1, 10, tzinfo=datetime.UTC)
Kind, Setting = LibertyOrder.Kind, LibertyOrder.Setting
KEY = "dol_outside_secure_12"


@pytest.fixture(autouse=True)
def _frozen(time_machine: Any) -> None:
    time_machine.move_to(datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC), tick=False)


def _child(cohort: str = FollowUp.Cohort.NOT_PLACED, *, followed_12: bool = True) -> FollowUp:
    followup = followup_started(start=START, cohort=cohort)
    Referral.objects.filter(pk=followup.referral_id).update(submitted_at=SUBMITTED)
    checkpoint_mark(followup, 3)
    if followed_12:
        checkpoint_mark(followup, 12)
    return followup


def _order(followup: FollowUp, starts: datetime.date, *, kind: str = Kind.DOL_INHERENT, setting: str) -> None:
    assert followup.referral is not None
    order_record(
        referral=followup.referral,
        data={
            "kind": kind,
            "court": "High Court, Family Division",
            "setting": setting,
            "setting_nation": LibertyOrder.Nation.ENGLAND,
            "expires_on": starts + datetime.timedelta(days=90),
        },
        starts_at=timezone.make_aware(datetime.datetime.combine(starts, datetime.time(10))),
        ended_at=None,
        user=member(Role.SOCIAL_WORKER, followup.local_authority),
    )


def _by_cohort(rows: list[dict[str, Any]]) -> dict[str, int]:
    return {row["group"]: row[KEY] for row in rows}


@pytest.mark.django_db
class TestTheRule:
    def test_a_dol_order_outside_a_secure_home_within_12_months_counts_for_placed_and_unplaced(self) -> None:
        """Counted: an inherent-jurisdiction order in an unregistered setting (placed child) and an s25(1A)
        authorisation in a registered home (unplaced child). Not counted: a DoL order in a secure home, a secure
        accommodation order, an order starting 366 days after the referral or before it, and a child whose
        12-month checkpoint is not recorded."""
        _order(_child(FollowUp.Cohort.PLACED), datetime.date(2025, 3, 1), setting=Setting.UNREGISTERED)
        _order(_child(), datetime.date(2025, 11, 30), kind=Kind.S25_1A, setting=Setting.REGISTERED_HOME)
        _order(_child(), datetime.date(2025, 3, 1), setting=Setting.SECURE_HOME)
        _order(_child(), datetime.date(2025, 3, 1), kind=Kind.SECURE_FULL, setting=Setting.HOSPITAL)
        _order(_child(FollowUp.Cohort.PLACED), datetime.date(2025, 12, 2), setting=Setting.HOSPITAL)
        _order(_child(), datetime.date(2024, 11, 20), setting=Setting.UNREGISTERED)
        _order(_child(followed_12=False), datetime.date(2025, 3, 1), setting=Setting.UNREGISTERED)
        placed, not_placed = FollowUp.Cohort.PLACED.label, FollowUp.Cohort.NOT_PLACED.label
        expected = {placed: 1, not_placed: 1}
        assert _by_cohort(indicator_counts(group_by="cohort")) == expected
        assert _by_cohort(indicator_counts_from_facts(group_by="cohort")) == expected
        assert _by_cohort(indicator_counts_from_records(group_by="cohort")) == expected
        followed = {row["group"]: row["followed_12"] for row in indicator_counts(group_by="cohort")}
        assert followed == {placed: 2, not_placed: 4}  # the rate's base

    def test_an_order_recorded_after_the_12_month_checkpoint_is_counted_at_once(self) -> None:
        """Liberty announces the order; outcomes refreshes the child's stored facts in the same transaction."""
        child = _child()
        assert indicator_counts(group_by="cohort")[0][KEY] == 0
        _order(child, datetime.date(2025, 6, 1), setting=Setting.HOSPITAL)
        assert indicator_counts(group_by="cohort")[0][KEY] == 1
        assert child.indicator_facts.dol_outside_secure_12 == 1  # type: ignore[attr-defined]


@pytest.mark.django_db
class TestDisclosure:
    def test_the_figure_is_published_under_the_same_suppression(self) -> None:
        """3 of 12 placed children is a count of 1..5: hidden, and so is its rate; 0 of 10 is shown."""
        rows = [
            {"group": "Placed", "children": 12, "followed_12": 12, KEY: 3},
            {"group": "Not placed", "children": 10, "followed_12": 10, KEY: 0},
        ]
        report = indicator_report(rows=rows, group_by="cohort")
        counts = dict(zip(report.counts.row_labels, report.counts.cells, strict=True))
        label = "Deprived of liberty outside a secure home in 12 months"
        assert [str(cell) for cell in counts[label]] == [SUPPRESSED, "0"]
        assert [str(shown) for _, shown in report.rate_series(KEY)][:2] == [SUPPRESSED, "0%"]

    def test_an_analyst_sees_the_indicator_as_an_aggregate_only(self) -> None:
        for _ in range(6):
            _order(_child(), datetime.date(2025, 3, 1), setting=Setting.UNREGISTERED)
        analyst = member(Role.ANALYST, OrganisationFactory(slug="unit-dol", kind="coordination_unit"))
        page = client_for(analyst).get(reverse("outcome_reports:index")).content.decode()
        assert "Deprived of liberty outside a secure home in 12 months" in page
        order = LibertyOrder.objects.first()
        assert order is not None
        assert client_for(analyst).get(order.get_absolute_url()).status_code == 404
