"""Reads for the outcome framework: work lists and the monthly figures."""

import calendar
import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from .dates import OVERDUE_AFTER_DAYS
from .models import Checkpoint, Exit, FollowUp

OPEN_STATES = (Checkpoint.State.UPCOMING, Checkpoint.State.DUE, Checkpoint.State.OVERDUE)


def checkpoints_to_record(*, checkpoints: QuerySet[Checkpoint], upcoming_days: int = 60) -> dict[str, Any]:
    """A team's unrecorded checkpoints: overdue, due, and upcoming within `upcoming_days`, earliest first."""
    soon = datetime.date.today() + datetime.timedelta(days=upcoming_days)
    open_ = checkpoints.filter(state__in=OPEN_STATES).select_related("followup__referral").order_by("due_on", "pk")
    return {
        "overdue": open_.filter(state=Checkpoint.State.OVERDUE),
        "due": open_.filter(state=Checkpoint.State.DUE),
        "upcoming": open_.filter(state=Checkpoint.State.UPCOMING, due_on__lte=soon),
    }


def checkpoint_counts(*, checkpoints: QuerySet[Checkpoint]) -> dict[str, int]:
    """How many of a team's checkpoints are due and overdue."""
    return checkpoints.aggregate(
        due=Count("pk", filter=Q(state=Checkpoint.State.DUE)),
        overdue=Count("pk", filter=Q(state=Checkpoint.State.OVERDUE)),
    )


def exits_to_record(*, followups: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
    """Children placed in secure whose exit has not been recorded, longest stay first."""
    return followups.filter(state=FollowUp.State.IN_SECURE).order_by("admitted_on", "pk")


def outcome_figures_for_month(*, year: int, month: int) -> dict[str, Any]:
    """Exits, placements on exit, and checkpoints due, overdue at month end, and recorded in one calendar month."""
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    exits = Exit.objects.filter(exit_date__range=(first, last))
    placements = exits.order_by().values("place_code").annotate(n=Count("pk")).order_by("place_code")
    month_end = datetime.datetime.combine(last, datetime.time.max, tzinfo=datetime.UTC)
    not_recorded_by_end = Q(completed_at__isnull=True) | Q(completed_at__gt=month_end)
    counts = Checkpoint.objects.aggregate(
        due=Count("pk", filter=Q(due_on__range=(first, last))),
        overdue=Count("pk", filter=not_recorded_by_end & Q(due_on__lt=last - datetime.timedelta(OVERDUE_AFTER_DAYS))),
        completed=Count("pk", filter=Q(completed_at__date__range=(first, last))),
    )
    return {
        "exits": exits.count(),
        "placements_on_exit": {row["place_code"]: row["n"] for row in placements},
        "checkpoints_due": counts["due"],
        "checkpoints_overdue": counts["overdue"],
        "checkpoints_completed": counts["completed"],
    }
