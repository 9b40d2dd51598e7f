"""Shared helpers for coordination services: the refusal, audit and who to tell."""

from accounts.models import Membership, Organisation, Role


class UpkeepRefused(Exception):
    """A change the rules do not allow now; the message is for the user."""


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
