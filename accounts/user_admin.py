"""Administering case accounts in the service (the Wagtail admin cannot): invitations, roles, deactivation, unlock
and the reset of a lost second factor — each by a user administrator, each audited, each told to the holder.

Who administers whom: a member marked `Membership.is_user_admin` administers the accounts of their own
organisation; a user administrator of the coordination unit also administers every secure home's and every local
authority's accounts (homes have no administrators of their own, and the unit can act for an authority that asks
it to). Nobody here administers SAN's CMS accounts, and nobody administers their own account.
"""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from . import account_notices, two_factor
from .access import membership_for
from .models import ROLE_ORGANISATION_KINDS, AuditEvent, Invitation, Membership, Organisation
from .services import audit_record, membership_set
from .sessions import sessions_end_all

INVITATION_HOURS = 24


class AccountRefused(Exception):
    """An administration request that cannot be done; the message says why, for the form."""


def administrable_organisations(actor: Any) -> QuerySet[Organisation]:
    membership = membership_for(actor)
    if membership is None or not membership.is_user_admin:
        return Organisation.objects.none()
    if membership.organisation.kind == Organisation.Kind.COORDINATION_UNIT:
        return Organisation.objects.exclude(kind=Organisation.Kind.SAN)
    return Organisation.objects.filter(pk=membership.organisation_id)


def administrable_accounts(actor: Any) -> QuerySet[Any]:
    """Accounts whose latest membership is in an organisation the actor administers (never the actor's own)."""
    return (
        get_user_model()
        .objects.filter(memberships__organisation__in=administrable_organisations(actor))
        .exclude(memberships__organisation__kind=Organisation.Kind.SAN)
        .exclude(pk=actor.pk)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def account_membership(user: Any) -> Membership | None:
    """The account's active membership, else its latest one (a deactivated account keeps its last role)."""
    return user.memberships.select_related("organisation").order_by("-is_active", "-created_at").first()


def account_locked(user: Any) -> bool:
    return AccessAttempt.objects.filter(
        username=user.username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).exists()


def roles_for(organisation: Organisation) -> list[tuple[str, str]]:
    from .models import Role

    return [(role.value, str(role.label)) for role in Role if ROLE_ORGANISATION_KINDS.get(role) == organisation.kind]


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _invitation_send(*, actor: Any, user: Any) -> str:
    """A new single-use link for the account (earlier unused ones stop working); e-mailed to the holder."""
    Invitation.objects.filter(user=user, used_at__isnull=True).delete()
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        user=user,
        token_hash=_token_hash(token),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(hours=INVITATION_HOURS),
    )
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    link = f"{base}{reverse('accounts:invitation', args=[token])}"
    account_notices.invite(user, link=link, hours=INVITATION_HOURS)
    return link


@transaction.atomic
def account_invite(
    *,
    actor: Any,
    organisation: Organisation,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    job_title: str = "",
    is_user_admin: bool = False,
) -> Any:
    """Create an account with no password and send its holder a link to choose one. Audited."""
    if not administrable_organisations(actor).filter(pk=organisation.pk).exists():
        raise AccountRefused("You cannot add accounts to this organisation")
    email = email.strip().lower()
    users = get_user_model().objects
    if users.filter(username__iexact=email).exists() or users.filter(email__iexact=email).exists():
        raise AccountRefused("An account with this email address already exists")
    user = users.create(username=email, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    membership = membership_set(user=user, organisation=organisation, role=role, job_title=job_title)
    membership.is_user_admin = is_user_admin
    membership.save(update_fields=["is_user_admin"])
    _invitation_send(actor=actor, user=user)
    audit_record(
        actor=actor, action="users.invited", outcome=AuditEvent.Outcome.SUCCEEDED, obj=user, owner=organisation
    )
    return user


def invitation_for(token: str) -> Invitation | None:
    """The unused, unexpired invitation behind a link, else None."""
    return (
        Invitation.objects.select_related("user")
        .filter(token_hash=_token_hash(token), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, set_password: Any) -> None:
    """The holder has chosen a valid password (`set_password` saves it): the link is used up. Audited."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.used_at is not None:
        raise AccountRefused("This link has already been used")
    set_password()
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    audit_record(actor=None, action="users.invitation_accepted", outcome=AuditEvent.Outcome.SUCCEEDED, obj=locked.user)


def _check_administrable(actor: Any, user: Any) -> None:
    if not administrable_accounts(actor).filter(pk=user.pk).exists():
        raise AccountRefused("You cannot administer this account")


@transaction.atomic
def account_role_set(*, actor: Any, user: Any, role: str, job_title: str, is_user_admin: bool) -> Membership:
    """Change the account's role or job title within its organisation. Audited."""
    _check_administrable(actor, user)
    current = account_membership(user)
    if current is None:
        raise AccountRefused("This account has no organisation")
    membership = membership_set(user=user, organisation=current.organisation, role=role, job_title=job_title)
    membership.is_user_admin = is_user_admin
    membership.save(update_fields=["is_user_admin"])
    audit_record(actor=actor, action="users.role_changed", outcome=AuditEvent.Outcome.SUCCEEDED, obj=user)
    return membership


@transaction.atomic
def account_active_set(*, actor: Any, user: Any, active: bool) -> None:
    """Switch an account off (its sessions end at once) or on again. Audited."""
    _check_administrable(actor, user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        sessions_end_all(user=user)
    action = "users.reactivated" if active else "users.deactivated"
    audit_record(actor=actor, action=action, outcome=AuditEvent.Outcome.SUCCEEDED, obj=user)


def account_unlock(*, actor: Any, user: Any) -> None:
    """Lift a lockout after failed sign-ins on this account. Audited."""
    _check_administrable(actor, user)
    axes_reset(username=user.username)
    audit_record(actor=actor, action="users.unlocked", outcome=AuditEvent.Outcome.SUCCEEDED, obj=user)


def account_second_factor_reset(*, actor: Any, user: Any) -> None:
    """After the administrator has checked who is asking: remove the account's authenticators, passkeys and recovery
    codes; the holder sets up anew at their next sign-in and is told by e-mail. Audited."""
    _check_administrable(actor, user)
    two_factor.second_factor_reset(actor=actor, user=user)
    account_notices.tell(user, account_notices.SECOND_FACTOR_RESET)


def account_invitation_resend(*, actor: Any, user: Any) -> None:
    """A fresh link for an account whose holder has not yet chosen a password. Audited."""
    _check_administrable(actor, user)
    if user.has_usable_password():
        raise AccountRefused("This person has already chosen a password")
    _invitation_send(actor=actor, user=user)
    audit_record(actor=actor, action="users.invitation_resent", outcome=AuditEvent.Outcome.SUCCEEDED, obj=user)
