"""Shared helpers for coordination services: the refusal, audit and who to tell."""

from typing import Any

from django.db.models import Model

from accounts.models import AuditEvent, Membership, Organisation, Role
from accounts.services import audit_record


class UpkeepRefused(Exception):
    """A change the rules do not allow now; the message is for the user."""


def audit(*, user: Any, action: str, obj: Model, organisation: Organisation | None, request_id: str = "") -> None:
    """One audit event: identifiers only, never the update's or the letter's text."""
    audit_record(
        actor=user,
        organisation=organisation,
        action=action,
        outcome=AuditEvent.Outcome.SUCCEEDED,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        request_id=request_id,
    )


def member_emails(*, roles: set[str], organisation: Organisation | None = None) -> list[str]:
    """Addresses of active members with one of the roles, in the organisation when given."""
    members = Membership.objects.filter(is_active=True, role__in=roles, user__is_active=True)
    if organisation is not None:
        members = members.filter(organisation=organisation)
    return sorted(set(members.values_list("user__email", flat=True)))


def referrer_emails(local_authority: Organisation) -> list[str]:
    """The local authority's referrers: its social workers and sanctioning officers."""
    return member_emails(roles={Role.SOCIAL_WORKER, Role.SANCTIONING_OFFICER}, organisation=local_authority)


def coordinator_emails() -> list[str]:
    return member_emails(roles={Role.COORDINATOR})
