"""The one place that decides what a user may see and do. Every view asks here; a denial is a 404, audited."""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from .models import AuditEvent, Membership, Organisation, Role
from .services import audit_record

M = TypeVar("M", bound=Model)
View = Callable[..., HttpResponse]


class Permission(StrEnum):
    """Things a role may do, independent of which object it is done to."""

    VIEW_OWN_ORGANISATION = "view_own_organisation"
    VIEW_ALL_ORGANISATIONS = "view_all_organisations"
    VIEW_AUDIT_LOG = "view_audit_log"
    EDIT_SITE = "edit_site"
    START_REFERRAL = "start_referral"
    SIGN_REFERRAL = "sign_referral"
    COORDINATE_REFERRALS = "coordinate_referrals"
    DECLARE_BEDS = "declare_beds"
    DECIDE_REFERRALS = "decide_referrals"
    RECORD_OUTCOMES = "record_outcomes"
    VIEW_AGGREGATES = "view_aggregates"


_EVERY_MEMBER = frozenset({Permission.VIEW_OWN_ORGANISATION})
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.EDITOR: _EVERY_MEMBER | {Permission.EDIT_SITE},
    Role.SOCIAL_WORKER: _EVERY_MEMBER | {Permission.START_REFERRAL},
    Role.SANCTIONING_OFFICER: _EVERY_MEMBER | {Permission.START_REFERRAL, Permission.SIGN_REFERRAL},
    Role.COORDINATOR: _EVERY_MEMBER
    | {
        Permission.VIEW_ALL_ORGANISATIONS,
        Permission.VIEW_AUDIT_LOG,
        Permission.COORDINATE_REFERRALS,
        Permission.VIEW_AGGREGATES,
    },
    Role.HOME_MANAGER: _EVERY_MEMBER | {Permission.DECLARE_BEDS, Permission.DECIDE_REFERRALS},
    Role.LEAVING_CARE_WORKER: _EVERY_MEMBER | {Permission.RECORD_OUTCOMES},
    Role.ANALYST: _EVERY_MEMBER | {Permission.VIEW_AGGREGATES},
}


def membership_for(user: Any) -> Membership | None:
    """The user's active membership, looked up once per request and cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if not hasattr(user, "_active_membership"):
        user._active_membership = (
            Membership.objects.select_related("organisation")
            .filter(user=user, is_active=True, organisation__is_active=True)
            .first()
        )
    return user._active_membership


def has_permission(user: Any, permission: Permission) -> bool:
    """Whether the user's role grants the permission."""
    membership = membership_for(user)
    return membership is not None and permission in ROLE_PERMISSIONS.get(membership.role, frozenset())


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    """Organisations whose page (with its member list) the user may open: their own, or all for the unit."""
    membership = membership_for(user)
    if membership is None:
        return Organisation.objects.none()
    if has_permission(user, Permission.VIEW_ALL_ORGANISATIONS):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk=membership.organisation_id)


def deny(request: HttpRequest, *, action: str = "", object_type: str = "", object_id: object = "") -> Http404:
    """Audit a refusal and return the 404 to raise; the response says nothing about what exists."""
    membership = membership_for(request.user)
    match = request.resolver_match
    audit_record(
        actor=request.user if request.user.is_authenticated else None,
        organisation=membership.organisation if membership else None,
        action=action or (match.view_name if match else "unresolved"),
        outcome=AuditEvent.Outcome.DENIED,
        object_type=object_type,
        object_id=str(object_id),
        request_id=getattr(request, "request_id", ""),
    )
    return Http404()


def get_visible_or_404(request: HttpRequest, queryset: QuerySet[M], pk: object) -> M:
    """Fetch an object from the queryset the user may see, or audit and raise 404 whether or not it exists."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise deny(request, object_type=queryset.model._meta.label_lower, object_id=pk)
    return obj


def member_required(permission: Permission = Permission.VIEW_OWN_ORGANISATION) -> Callable[[View], View]:
    """Decorate a view: sign-in first, then the permission; a signed-in user without it gets an audited 404."""

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_permission(request.user, permission):
                raise deny(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def referrals_visible_to(user: Any) -> QuerySet[Any]:
    """Referrals a user may open: their own authority's for referrers and signers; submitted ones for the unit."""
    from forms_engine.models import Referral

    membership = membership_for(user)
    if has_permission(user, Permission.COORDINATE_REFERRALS):
        return Referral.objects.filter(status="submitted").select_related("version", "local_authority")
    if membership is None or not (
        has_permission(user, Permission.START_REFERRAL) or has_permission(user, Permission.SIGN_REFERRAL)
    ):
        return Referral.objects.none()
    return Referral.objects.filter(local_authority_id=membership.organisation_id).select_related("version")


def referrals_editable_by(user: Any) -> QuerySet[Any]:
    """Drafts the user may change: their authority's, while still drafts."""
    if not has_permission(user, Permission.START_REFERRAL):
        return referrals_visible_to(user).none()
    return referrals_visible_to(user).filter(status="draft")


def referrals_signable_by(user: Any) -> QuerySet[Any]:
    """Referrals waiting for this sanctioning officer's signature."""
    if not has_permission(user, Permission.SIGN_REFERRAL):
        return referrals_visible_to(user).none()
    return referrals_visible_to(user).filter(status="awaiting_signature")
