"""The one place that decides what a user may see and do. Every view asks here; a denial is a 404, audited."""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

from django.contrib.auth.decorators import login_required
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from . import two_factor
from .models import AuditEvent, Membership, Organisation, Role
from .services import audit_record
from .types import Viewer

M = TypeVar("M", bound=Model)
View = Callable[..., HttpResponseBase]  # a page, a redirect or a file


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
    # Not a role's: held by members marked as their organisation's user administrators (Membership.is_user_admin).
    MANAGE_USERS = "manage_users"
    # Not a role's: the coordination unit's data-protection lead (Membership.is_data_protection_lead).
    PROTECT_DATA = "protect_data"


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
    # Their region's oversight figures only: oversight/access.py reads the role and the organisation's region.
    Role.REGIONAL_COMMISSIONER: _EVERY_MEMBER,
}


def membership_for(user: Viewer) -> Membership | None:
    """The user's active membership, looked up once per request and cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if not hasattr(user, "_active_membership"):  # set by accounts.backends when it loads a signed-in user
        found = (
            Membership.objects.select_related("organisation")
            .filter(user=user, is_active=True, organisation__is_active=True)
            .first()
        )
        setattr(user, "_active_membership", found)  # noqa: B010 - an attribute Django's User does not declare
    membership: Membership | None = getattr(user, "_active_membership")  # noqa: B009
    return membership


def has_permission(user: Viewer, permission: Permission) -> bool:
    """Whether the user's role grants the permission."""
    membership = membership_for(user)
    if membership is None:
        return False
    if permission == Permission.MANAGE_USERS:
        return membership.is_user_admin
    if permission == Permission.PROTECT_DATA:
        in_unit = membership.organisation.kind == Organisation.Kind.COORDINATION_UNIT
        return membership.is_data_protection_lead and in_unit
    return permission in ROLE_PERMISSIONS.get(membership.role, frozenset())


def organisations_visible_to(user: Viewer) -> QuerySet[Organisation]:
    """Organisations whose page (with its member list) the user may open: their own, or all for the unit."""
    membership = membership_for(user)
    if membership is None:
        return Organisation.objects.none()
    if has_permission(user, Permission.VIEW_ALL_ORGANISATIONS):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk=membership.organisation_id)


def deny(request: HttpRequest, *, action: str = "", object_type: str = "", object_id: object = "") -> Http404:
    """Audit a refusal and return the 404 to raise; the response says nothing about what exists."""
    match = request.resolver_match
    audit_record(
        actor=request.user,
        action=action or (match.view_name if match else "unresolved"),
        outcome=AuditEvent.Outcome.DENIED,
        object_type=object_type,
        object_id=object_id,
    )
    return Http404()


def view_action(request: HttpRequest, prefix: str) -> str:
    """An audit action named after the view being served: `prefix.url-name`."""
    match = request.resolver_match
    return f"{prefix}.{match.url_name if match and match.url_name else 'view'}"


def get_visible_or_404(request: HttpRequest, queryset: QuerySet[M], pk: object) -> M:
    """Fetch an object from the queryset the user may see, or audit and raise 404 whether or not it exists.

    For records that are not about a child (form versions, templates); a child's records use the audited lookup.
    """
    # By primary key: no ORDER BY (first() would add the model's ordering, compiled on every request for nothing).
    obj = next(iter(queryset.filter(pk=pk).order_by()[:1]), None)
    if obj is None:
        raise deny(request, object_type=queryset.model._meta.label_lower, object_id=pk)
    return obj


def get_visible_audited_or_404(request: HttpRequest, queryset: QuerySet[M], pk: object, action: str = "") -> M:
    """The one audited lookup: the object if the user may see it, its view audited with the object and its owner;
    else an audited refusal and a 404 whether or not it exists. `action` defaults to the view's name."""
    obj = get_visible_or_404(request, queryset, pk)
    match = request.resolver_match
    audit_record(
        actor=request.user,
        action=action or (match.view_name if match else "view"),
        outcome=AuditEvent.Outcome.ALLOWED,
        obj=obj,
    )
    return obj


def audit_allowed(request: HttpRequest, *, action: str, obj: Model | None = None, **details: Any) -> None:
    """Audit an allowed view that is not one object's lookup (a list, a download): identifiers only in `details`."""
    audit_record(actor=request.user, action=action, outcome=AuditEvent.Outcome.ALLOWED, obj=obj, **details)


def member_required(permission: Permission = Permission.VIEW_OWN_ORGANISATION) -> Callable[[View], View]:
    """Decorate a view: sign-in first, then the permission; a signed-in user without it gets an audited 404."""

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not has_permission(request.user, permission):
                raise deny(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def step_up_required(view: View | None = None, *, methods: frozenset[str] | None = None) -> Any:
    """Decorate a view (inside member_required): without a second-factor check in the last STEP_UP_SECONDS, the
    person is sent to "Confirm it's you" and comes back to the page they were on (a POST is not replayed).

    `methods` limits the check to those methods (a page whose GET only shows a form that POSTs the decision).
    """

    def decorator(inner: View) -> View:
        @wraps(inner)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if (methods is not None and request.method not in methods) or two_factor.verified_recently(request):
                return inner(request, *args, **kwargs)
            back = request.get_full_path() if request.method in ("GET", "HEAD") else _referring_path(request)
            return redirect(f"{reverse('accounts:confirm-identity')}?{urlencode({'next': back})}")

        return wrapped

    return decorator(view) if view is not None else decorator


def _referring_path(request: HttpRequest) -> str:
    """The same-site page a POST came from, else the POSTed address itself."""
    referer = urlsplit(request.headers.get("Referer", ""))
    if referer.netloc == request.get_host() and referer.path.startswith("/"):
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return request.path
