"""Read-only queries for accounts, each returning a queryset or a plain value."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from .models import AuditEvent, Membership, Organisation


def organisation_members(*, organisation: Organisation) -> QuerySet[Membership]:
    """Active members of an organisation, with their users, by role."""
    return (
        Membership.objects.filter(organisation=organisation, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name")
    )


def organisations_of_kind(*, kind: str) -> QuerySet[Organisation]:
    """Active organisations of one kind, by name."""
    return Organisation.objects.filter(kind=kind, is_active=True).select_related("home_profile").order_by("name")


def network_figures() -> dict[str, int]:
    """Active secure homes, their approved places and active local authorities, in one query."""
    kinds = Organisation.Kind
    figures = Organisation.objects.filter(is_active=True).aggregate(
        homes=Count("pk", filter=Q(kind=kinds.SECURE_HOME)),
        places=Sum("home_profile__approved_places", filter=Q(kind=kinds.SECURE_HOME)),
        local_authorities=Count("pk", filter=Q(kind=kinds.LOCAL_AUTHORITY)),
    )
    return {name: int(value or 0) for name, value in figures.items()}


def recent_denials_count(*, days: int = 7) -> int:
    """Denied requests in the last few days, for the coordinator's attention."""
    since = timezone.now() - timedelta(days=days)
    return AuditEvent.objects.filter(outcome=AuditEvent.Outcome.DENIED, occurred_at__gte=since).count()


def audit_events_recent() -> QuerySet[AuditEvent]:
    """Audit events newest first, with actor and organisation loaded for display."""
    return AuditEvent.objects.select_related("actor", "organisation").order_by("-occurred_at", "-pk")


def audit_events_filtered(
    *,
    reference: str = "",
    user: str = "",
    action: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """The audit log narrowed to one referral's records, one person, actions starting with a prefix and a period
    (whole days, in the service's time zone), newest first."""
    events = audit_events_recent().select_related("object_organisation", "recipient")
    if reference:
        events = events.filter(subject_reference__iexact=reference.strip())
    if user:
        events = events.filter(actor__username__iexact=user.strip())
    if action:
        events = events.filter(action__startswith=action.strip())
    zone = timezone.get_current_timezone()
    if since:
        events = events.filter(occurred_at__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until:
        events = events.filter(occurred_at__lt=datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone))
    return events
