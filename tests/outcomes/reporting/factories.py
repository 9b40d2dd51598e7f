"""Builders for follow-ups with recorded checkpoints, real (with a submitted referral) or synthetic."""

import datetime
import itertools
from typing import Any

from accounts.models import Organisation
from forms_engine.models import FormVersion, Referral
from outcomes.models import Checkpoint, Exit, FollowUp, PlacementEpisode
from outcomes.services.facts import indicator_facts_refresh_one

_REFS = itertools.count(1)
START = datetime.date(2025, 1, 15)


def submitted_referral(*, local_authority: Organisation, user: Any) -> Referral:
    """A submitted referral with a reference (the child's pseudonymous id) and a fictional child."""
    if not FormVersion.objects.exists():
        from demo.forms import demo_forms_seed

        demo_forms_seed()
    version = FormVersion.objects.order_by("-number").first()
    return Referral.objects.create(
        reference=f"SW-TEST-{next(_REFS):04d}",
        version=version,
        local_authority=local_authority,
        created_by=user,
        status=Referral.Status.SUBMITTED,
        answers={"child_first_name": "Fictional", "child_last_name": "Testchild"},
    )


def followup(
    *,
    local_authority: Organisation,
    cohort: str = FollowUp.Cohort.PLACED,
    home: Organisation | None = None,
    referral: Referral | None = None,
    stable: bool = True,
    custody: bool = False,
    pathway: str = FollowUp.Pathway.WELFARE,
) -> FollowUp:
    """A follow-up started on START with a recorded 3-month checkpoint (stable or with one move), and its facts."""
    item = FollowUp.objects.create(
        referral=referral,
        local_authority=local_authority,
        home=home if cohort == FollowUp.Cohort.PLACED else None,
        cohort=cohort,
        pathway=pathway,
        state=FollowUp.State.FOLLOWING,
        admitted_on=START - datetime.timedelta(days=90) if cohort == FollowUp.Cohort.PLACED else None,
        start_date=START,
        start_place_code="K2",
        is_synthetic=referral is None,
    )
    Checkpoint.objects.create(
        followup=item,
        months=3,
        due_on=START + datetime.timedelta(days=91),
        state=Checkpoint.State.COMPLETED,
        contact_lost=False,
        custody=custody,
        completed_at=datetime.datetime(2025, 4, 20, tzinfo=datetime.UTC),
    )
    if not stable:
        PlacementEpisode.objects.create(
            followup=item, start_date=START + datetime.timedelta(days=30), place_code="U6", rne="P"
        )
    indicator_facts_refresh_one(item.pk)
    return item


def exit_for(item: FollowUp, *, place_code: str = "K2") -> Exit:
    """The exit that started a placed child's follow-up."""
    return Exit.objects.create(
        followup=item, exit_date=START, reason=Exit.Reason.PLANNED_MOVE, place_code=place_code,
        placement_la="E10000014", registered=True, legal_status="C2",
    )  # fmt: skip
