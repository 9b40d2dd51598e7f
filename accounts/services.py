"""Use cases for accounts: audit records and memberships."""

from typing import Any

from django.db import transaction

from .models import AuditEvent, Membership, Organisation


def audit_record(
    *,
    actor: Any,
    action: str,
    outcome: str,
    organisation: Organisation | None = None,
    object_type: str = "",
    object_id: str = "",
    request_id: str = "",
) -> AuditEvent:
    """Write one audit event. Only identifiers go in: never names, answers or other free text."""
    event = AuditEvent(
        actor=actor,
        organisation=organisation,
        action=action[:64],
        object_type=object_type[:64],
        object_id=object_id[:64],
        outcome=outcome,
        request_id=request_id[:64],
    )
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def membership_set(*, user: Any, organisation: Organisation, role: str, job_title: str = "") -> Membership:
    """Give the user this role in this organisation, ending any other active membership."""
    Membership.objects.filter(user=user, is_active=True).exclude(organisation=organisation, role=role).update(
        is_active=False
    )
    membership, _ = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"job_title": job_title}
    )
    membership.job_title = job_title
    membership.is_active = True
    membership.full_clean()
    membership.save()
    return membership
