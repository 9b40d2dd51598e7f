"""The response clock: one reminder to a home at half time, one escalation to the coordinators when it runs out."""

from datetime import datetime
from typing import Any

from django.utils import timezone

from accounts.models import AuditEvent
from accounts.services import audit_record

from ..models import HomeRequest, Search
from .common import coordinators_emails, home_managers_emails, notify


def _remind(home_request: HomeRequest) -> None:
    notify(
        to=home_managers_emails(home_request.home),
        subject="Reminder: a secure welfare referral is waiting for your decision",
        reference=str(home_request.search.referral.reference),
        lines=[f"Please respond by {timezone.localtime(home_request.respond_by):%H:%M on %d %B %Y}."],
        url_name="circulation:request",
        args=[home_request.pk],
    )


def _escalate(home_request: HomeRequest) -> None:
    notify(
        to=coordinators_emails(),
        subject="A secure home has not responded in time",
        reference=str(home_request.search.referral.reference),
        lines=[f"{home_request.home} has not responded to the referral by the deadline."],
        url_name="circulation:search",
        args=[home_request.search.referral_id],
    )


def _claim(home_request: HomeRequest, field: str, now: datetime) -> bool:
    """Mark the request as chased once; false when another run already did."""
    return HomeRequest.objects.filter(pk=home_request.pk, **{f"{field}__isnull": True}).update(**{field: now}) == 1


def requests_chase(*, now: datetime | None = None) -> dict[str, Any]:
    """Remind homes past half their clock and escalate those past it; each at most once. Returns the counts."""

    now = now or timezone.now()
    waiting = HomeRequest.objects.filter(
        status=HomeRequest.Status.AWAITING, search__status=Search.Status.OPEN
    ).select_related("home", "search__referral")
    counts = {"reminded": 0, "escalated": 0}
    for home_request in waiting.filter(reminded_at__isnull=True) | waiting.filter(escalated_at__isnull=True):
        half = home_request.circulated_at + (home_request.respond_by - home_request.circulated_at) / 2
        for field, due, send, key in (
            ("reminded_at", half, _remind, "reminded"),
            ("escalated_at", home_request.respond_by, _escalate, "escalated"),
        ):
            if now >= due and getattr(home_request, field) is None and _claim(home_request, field, now):
                send(home_request)
                counts[key] += 1
                audit_record(
                    actor=None,
                    action=f"circulation.request_{key}",
                    outcome=AuditEvent.Outcome.SUCCEEDED,
                    obj=home_request,
                    recipient=home_request.home,
                )
    return counts
