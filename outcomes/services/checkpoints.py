"""Recording a checkpoint, and moving checkpoints from upcoming to due to overdue with reminders."""

import datetime
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Membership, Role
from accounts.services import audit_record
from accounts.types import Actor
from ops.notifications import notification_send
from vocabulary.dates import add_months, age_on

from ..answers import answer_columns, answer_problems
from ..codes import CODE_LISTS
from ..dates import OVERDUE_AFTER_DAYS
from ..models import Checkpoint, FollowUp, PlacementEpisode
from .facts import indicator_facts_refresh_one
from .questions import question_set_live


def checkpoint_age(checkpoint: Checkpoint) -> int | None:
    """The young person's age on the checkpoint date (their age at the start plus the months since)."""
    followup = checkpoint.followup
    if followup.age_at_start is None or followup.start_date is None:
        return None
    born_by = add_months(followup.start_date, -12 * followup.age_at_start)
    return age_on(born_by, checkpoint.due_on)


def _episode_problems(followup: FollowUp, episodes: list[dict[str, Any]]) -> dict[str, str]:
    codes = {key: {i["code"] for i in CODE_LISTS[key]["items"]} for key in CODE_LISTS}
    problems: dict[str, str] = {}
    for number, episode in enumerate(episodes, start=1):
        start = episode.get("start_date")
        if not isinstance(start, datetime.date) or not followup.start_date:
            problems[f"episode_{number}"] = "Enter the date the episode started"
        elif not followup.start_date <= start <= datetime.date.today():
            problems[f"episode_{number}"] = "The episode must start between the start of the follow-up and today"
        elif episode.get("place_code") not in codes["ssda903_place"]:
            problems[f"episode_{number}"] = "Select the placement type"
        elif episode.get("rne") not in codes["ssda903_rne"]:
            problems[f"episode_{number}"] = "Select the reason for the new episode"
        elif episode.get("reason_place_change", "") not in {"", *codes["ssda903_reason_place_change"]}:
            problems[f"episode_{number}"] = "Select the reason for the placement change"
    return problems


@transaction.atomic
def checkpoint_record(
    *, checkpoint: Checkpoint, answers: dict[str, Any], episodes: list[dict[str, Any]], user: Actor
) -> Checkpoint:
    """Record a checkpoint's answers and the placement episodes since the last one, pinned to the live questions."""
    checkpoint = Checkpoint.objects.select_for_update().select_related("followup").get(pk=checkpoint.pk)
    if checkpoint.state == Checkpoint.State.COMPLETED:
        raise ValidationError({"checkpoint": "This checkpoint has already been recorded"})
    question_set = question_set_live()
    problems = {
        **answer_problems(question_set.schema, answers, age=checkpoint_age(checkpoint)),
        **_episode_problems(checkpoint.followup, episodes),
    }
    if problems:
        raise ValidationError(problems)
    for name, value in answer_columns(answers).items():
        setattr(checkpoint, name, value)
    checkpoint.answers, checkpoint.question_set = answers, question_set
    checkpoint.state, checkpoint.completed_at, checkpoint.completed_by = (
        Checkpoint.State.COMPLETED,
        timezone.now(),
        user,
    )
    checkpoint.full_clean()
    checkpoint.save()
    PlacementEpisode.objects.bulk_create(
        PlacementEpisode(
            followup=checkpoint.followup,
            recorded_at_checkpoint=checkpoint,
            start_date=episode["start_date"],
            place_code=episode["place_code"],
            rne=episode["rne"],
            reason_place_change=episode.get("reason_place_change", ""),
        )
        for episode in episodes
    )
    if not checkpoint.followup.checkpoints.exclude(state=Checkpoint.State.COMPLETED).exists():
        FollowUp.objects.filter(pk=checkpoint.followup_id).update(state=FollowUp.State.COMPLETED)
    indicator_facts_refresh_one(checkpoint.followup_id)
    audit_record(
        actor=user,
        action="outcomes.checkpoint_record",
        outcome=AuditEvent.Outcome.SUCCEEDED,
        object_type="outcomes.checkpoint",
        object_id=str(checkpoint.pk),
    )
    return checkpoint


def _leaving_care_addresses(local_authority_ids: set[int]) -> dict[int, list[str]]:
    rows = Membership.objects.filter(
        organisation_id__in=local_authority_ids,
        role=Role.LEAVING_CARE_WORKER,
        is_active=True,
        user__is_active=True,
    ).values_list("organisation_id", "user__email")
    addresses: dict[int, list[str]] = defaultdict(list)
    for organisation_id, email in rows:
        addresses[organisation_id].append(email)
    return addresses


def _reminders_send(*, state: str, stamp_field: str) -> int:
    """One message per local authority listing checkpoint references and a link; no child's details."""
    pending = Checkpoint.objects.filter(
        state=state, followup__is_synthetic=False, **{f"{stamp_field}__isnull": True}
    ).values_list("pk", "followup__local_authority_id")
    by_la: dict[int, list[int]] = defaultdict(list)
    for pk, la_id in pending:
        by_la[la_id].append(pk)
    addresses = _leaving_care_addresses(set(by_la))
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("outcomes:checkpoint-list")
    sent = 0
    for la_id, ids in by_la.items():
        word = "overdue" if state == Checkpoint.State.OVERDUE else "due"
        references = ", ".join(f"C{pk}" for pk in sorted(ids))
        sent += notification_send(
            to=addresses.get(la_id, []),
            subject=f"Follow-up checkpoints {word}",
            body=f"{len(ids)} follow-up checkpoint(s) for your authority are now {word}: {references}.\n\n"
            f"Sign in to record them: {link}",
        )
        Checkpoint.objects.filter(pk__in=ids).update(**{stamp_field: timezone.now()})
    return sent


@transaction.atomic
def checkpoints_advance(*, today: datetime.date | None = None) -> dict[str, int]:
    """Move unrecorded checkpoints to due on their date and to overdue after the grace period; send reminders."""
    today = today or timezone.localdate()
    open_states = [Checkpoint.State.UPCOMING, Checkpoint.State.DUE]
    overdue = Checkpoint.objects.filter(
        state__in=open_states, due_on__lt=today - datetime.timedelta(days=OVERDUE_AFTER_DAYS)
    ).update(state=Checkpoint.State.OVERDUE)
    due = Checkpoint.objects.filter(state=Checkpoint.State.UPCOMING, due_on__lte=today).update(
        state=Checkpoint.State.DUE
    )
    sent = _reminders_send(state=Checkpoint.State.DUE, stamp_field="reminded_at")
    sent += _reminders_send(state=Checkpoint.State.OVERDUE, stamp_field="overdue_reminded_at")
    return {"due": due, "overdue": overdue, "messages": sent}
