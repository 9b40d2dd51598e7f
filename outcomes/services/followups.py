"""Starting points: a child placed in secure (follow-up from exit), or a search closed without a placement."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import AuditEvent, Organisation
from accounts.services import audit_record
from accounts.types import Actor
from forms_engine.services.amendments import effective_answers
from liberty.services import EXIT_PLAN_FIRST, secure_order_without_plan
from vocabulary.dates import add_months, age_on

from ..codes import CODE_LISTS
from ..dates import CHECKPOINT_MONTHS, checkpoint_state_on
from ..models import Checkpoint, Exit, FollowUp
from .facts import indicator_facts_refresh_one


def _child_facts(referral: Any, on: datetime.date) -> dict[str, Any]:
    """Sex and age at the start, copied from the referral (as corrected) so aggregates never read answers."""
    answers = effective_answers(referral)
    sex = answers.get("child_sex") if answers.get("child_sex") in FollowUp.Sex.values else ""
    try:
        age = age_on(datetime.date.fromisoformat(answers.get("child_date_of_birth", "")), on)
    except (TypeError, ValueError):
        age = None
    return {"child_sex": sex, "age_at_start": age if age is not None and 0 <= age < 25 else None}


def _audit(*, user: Actor, action: str, followup: FollowUp) -> None:
    audit_record(
        actor=user,
        action=action,
        outcome=AuditEvent.Outcome.SUCCEEDED,
        object_type="outcomes.followup",
        object_id=str(followup.pk),
    )


def checkpoints_create(*, followup: FollowUp, start: datetime.date) -> list[Checkpoint]:
    """The +3, +6 and +12-month checkpoints from the start (re-dated if not yet recorded), and the child's facts."""
    checkpoints, today = [], timezone.localdate()
    for months in CHECKPOINT_MONTHS:
        due_on = add_months(start, months)
        checkpoint, _ = Checkpoint.objects.update_or_create(
            followup=followup, months=months, defaults={"due_on": due_on, "state": checkpoint_state_on(due_on, today)}
        )
        checkpoints.append(checkpoint)
    indicator_facts_refresh_one(followup.pk)
    return checkpoints


@transaction.atomic
def secure_stay_start(*, referral: Any, home: Organisation, admitted_on: datetime.date, user: Actor) -> FollowUp:
    """A child is placed in a secure home: open their follow-up, which starts when the exit is recorded."""
    existing = FollowUp.objects.filter(referral=referral).first()
    if existing is not None:
        return existing
    followup = FollowUp(
        referral=referral,
        local_authority_id=referral.local_authority_id,
        home=home,
        cohort=FollowUp.Cohort.PLACED,
        state=FollowUp.State.IN_SECURE,
        admitted_on=admitted_on,
        start_place_code="K1",
        **_child_facts(referral, admitted_on),
    )
    followup.full_clean()
    followup.save()
    audit_record(actor=user, action="outcomes.secure_stay_start", outcome=AuditEvent.Outcome.SUCCEEDED, obj=followup)
    return followup


@transaction.atomic
def followup_start_unplaced(
    *, referral: Any, closed_on: datetime.date, outcome: str, place_code: str = "", user: Actor
) -> FollowUp:
    """A search closed without a placement: follow the child from the closure date."""
    existing = FollowUp.objects.filter(referral=referral).first()
    if existing is not None:
        return existing
    followup = FollowUp(
        referral=referral,
        local_authority_id=referral.local_authority_id,
        cohort=FollowUp.Cohort.NOT_PLACED,
        state=FollowUp.State.FOLLOWING,
        start_date=closed_on,
        closure_outcome=outcome[:32],
        start_place_code=place_code[:4],
        **_child_facts(referral, closed_on),
    )
    followup.full_clean()
    followup.save()
    checkpoints_create(followup=followup, start=closed_on)
    audit_record(
        actor=user, action="outcomes.followup_start_unplaced", outcome=AuditEvent.Outcome.SUCCEEDED, obj=followup
    )
    return followup


def _exit_problems(followup: FollowUp, data: dict[str, Any]) -> dict[str, str]:
    place_codes = {i["code"] for i in CODE_LISTS["ssda903_place"]["items"]}
    problems = {}
    if followup.cohort != FollowUp.Cohort.PLACED:
        problems["followup"] = "Only a child placed in a secure home has an exit"
    if followup.checkpoints.filter(state=Checkpoint.State.COMPLETED).exists():
        problems["exit_date"] = "A checkpoint has been recorded, so the exit can no longer be changed"
    if followup.admitted_on and data["exit_date"] < followup.admitted_on:
        problems["exit_date"] = "The exit date must be on or after the admission date"
    if data["exit_date"] > timezone.localdate():
        problems["exit_date"] = "The exit date must be today or in the past"
    if data["place_code"] not in place_codes:
        problems["place_code"] = "Select the placement on exit"
    if followup.referral is not None and secure_order_without_plan(referral=followup.referral, on=data["exit_date"]):
        problems["exit_date"] = f"{EXIT_PLAN_FIRST}: the child's local authority records it on the order"
    return problems


@transaction.atomic
def exit_record(
    *,
    followup: FollowUp,
    exit_date: datetime.date,
    reason: str,
    place_code: str,
    placement_la: str,
    registered: bool | None,
    legal_status: str,
    step_down_used: bool,
    user: Actor,
) -> Exit:
    """Record (or correct, until a checkpoint is recorded) the exit from secure; checkpoints run from its date."""
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    fields = {
        "exit_date": exit_date,
        "reason": reason,
        "place_code": place_code,
        "placement_la": placement_la,
        "registered": registered,
        "legal_status": legal_status,
        "step_down_used": step_down_used,
    }
    problems = _exit_problems(followup, fields)
    if problems:
        raise ValidationError(problems)
    exit_, _ = Exit.objects.get_or_create(followup=followup, defaults={**fields, "recorded_by": user})
    for name, value in fields.items():
        setattr(exit_, name, value)
    exit_.recorded_by = user
    exit_.full_clean()
    exit_.save()
    followup.start_date, followup.start_place_code, followup.state = exit_date, place_code, FollowUp.State.FOLLOWING
    followup.save(update_fields=["start_date", "start_place_code", "state"])
    checkpoints_create(followup=followup, start=exit_date)
    audit_record(actor=user, action="outcomes.exit_record", outcome=AuditEvent.Outcome.SUCCEEDED, obj=followup)
    return exit_
