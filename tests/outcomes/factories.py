"""Builders for outcome tests: referrals, started follow-ups, recorded checkpoints and episodes."""

import datetime
from typing import Any

import factory

from accounts.models import Organisation
from forms_engine.models import Form, FormVersion, Referral
from outcomes.models import Checkpoint, FollowUp, PlacementEpisode
from outcomes.services.facts import indicator_facts_refresh_one
from outcomes.services.followups import checkpoints_create
from outcomes.services.questions import question_set_live
from tests.factories import OrganisationFactory, UserFactory


def _version() -> FormVersion:
    form, _ = Form.objects.get_or_create(key="outcomes-test", defaults={"title": "Test form"})
    version, _ = FormVersion.objects.get_or_create(form=form, number=1, defaults={"label": "Test v1"})
    return version


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    version = factory.LazyFunction(_version)
    local_authority = factory.SubFactory(OrganisationFactory)
    created_by = factory.SubFactory(UserFactory)
    status = Referral.Status.SUBMITTED
    reference = factory.Sequence(lambda n: f"SWR-T{n:05d}")
    answers = factory.LazyFunction(
        lambda: {
            "child_first_name": "Robin",
            "child_last_name": "Testcase",
            "child_sex": "female",
            "child_date_of_birth": "2011-05-04",
        }
    )


def followup_started(
    *,
    start: datetime.date,
    local_authority: Organisation | None = None,
    home: Organisation | None = None,
    cohort: str = FollowUp.Cohort.NOT_PLACED,
    age: int = 15,
    **fields: Any,
) -> FollowUp:
    """A follow-up whose checkpoints run from `start`."""
    local_authority = local_authority or OrganisationFactory()
    followup = FollowUp.objects.create(
        referral=ReferralFactory(local_authority=local_authority),
        local_authority=local_authority,
        home=home,
        cohort=cohort,
        state=FollowUp.State.FOLLOWING,
        start_date=start,
        age_at_start=age,
        **fields,
    )
    checkpoints_create(followup=followup, start=start)
    return followup


def known_answers(**overrides: Any) -> dict[str, Any]:
    """Answers for a young person whose situation is known and uneventful."""
    answers = {
        "contact_lost": "no",
        "missing_episodes": 0,
        "away_episodes": 0,
        "custody": "no",
        "returned_to_secure": "no",
        "dol_order": "no",
        "activity": "F2",
        "accommodation": "C",
        "health_engagement": "engaged",
    }
    answers.update(overrides)
    return {key: value for key, value in answers.items() if value is not None}


def checkpoint_mark(followup: FollowUp, months: int, **answers: Any) -> Checkpoint:
    """Mark a checkpoint recorded with these answers, straight in the database, and refresh the child's facts."""
    from outcomes.answers import answer_columns

    checkpoint = followup.checkpoints.get(months=months)
    values = known_answers(**answers)
    for name, value in answer_columns(values).items():
        setattr(checkpoint, name, value)
    checkpoint.answers, checkpoint.question_set = values, question_set_live()
    checkpoint.state = Checkpoint.State.COMPLETED
    checkpoint.completed_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    checkpoint.save()
    indicator_facts_refresh_one(followup.pk)
    return checkpoint


def episode(followup: FollowUp, days: int, place: str = "K2", rne: str = "P", reason: str = "CARPL") -> Any:
    """An episode starting `days` after the follow-up's start (the child's facts refreshed)."""
    assert followup.start_date is not None
    created = PlacementEpisode.objects.create(
        followup=followup,
        start_date=followup.start_date + datetime.timedelta(days=days),
        place_code=place,
        rne=rne,
        reason_place_change=reason,
    )
    indicator_facts_refresh_one(followup.pk)
    return created
