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
    """Referrals a user may open: their authority's for referrers and signers; submitted ones for the unit; a
    home's while circulated to it and not recalled or declined."""
    from forms_engine.models import Referral

    membership = membership_for(user)
    if has_permission(user, Permission.COORDINATE_REFERRALS):
        return Referral.objects.filter(status="submitted").select_related("version", "local_authority")
    if membership is not None and has_permission(user, Permission.DECIDE_REFERRALS):
        live = home_requests_visible_to(user).values("search__referral_id")
        return Referral.objects.filter(status="submitted", pk__in=live).select_related("version", "local_authority")
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


def followups_visible_to(user: Any) -> QuerySet[Any]:
    """Follow-ups (child level) a user may open: the unit's all, an authority's own, a home's own placed children."""
    from outcomes.models import FollowUp

    membership = membership_for(user)
    real = FollowUp.objects.filter(is_synthetic=False).select_related("referral", "local_authority", "home")
    if membership is None:
        return real.none()
    if has_permission(user, Permission.COORDINATE_REFERRALS):
        return real
    if has_permission(user, Permission.RECORD_OUTCOMES) or has_permission(user, Permission.START_REFERRAL):
        return real.filter(local_authority_id=membership.organisation_id)
    if has_permission(user, Permission.DECIDE_REFERRALS):  # only until outcomes are recorded: then it is the LA's
        placed_here = real.filter(home_id=membership.organisation_id, cohort=FollowUp.Cohort.PLACED)
        return placed_here.exclude(checkpoints__state="completed")
    return real.none()


def followups_exit_recordable_by(user: Any) -> QuerySet[Any]:
    """Placed children whose exit this user may record: the home's manager, or the authority's workers."""
    if has_permission(user, Permission.COORDINATE_REFERRALS):
        return followups_visible_to(user).none()
    return followups_visible_to(user).filter(cohort="placed")


def checkpoints_recordable_by(user: Any) -> QuerySet[Any]:
    """Checkpoints a leaving-care worker may record: their own authority's children."""
    from outcomes.models import Checkpoint

    membership = membership_for(user)
    if membership is None or not has_permission(user, Permission.RECORD_OUTCOMES):
        return Checkpoint.objects.none()
    return Checkpoint.objects.filter(
        followup__local_authority_id=membership.organisation_id, followup__is_synthetic=False
    ).select_related("followup", "followup__referral")


# A home keeps a referral while it is deciding, has offered, or has the child; not once declined or recalled.
HOME_REQUEST_LIVE_STATUSES = ("awaiting", "info_requested", "accepted", "placed")


def _refers(user: Any) -> bool:
    return has_permission(user, Permission.START_REFERRAL) or has_permission(user, Permission.SIGN_REFERRAL)


def home_requests_visible_to(user: Any) -> QuerySet[Any]:
    """Circulation requests a user may open: all for the unit, a home's live ones, an authority's own."""
    from circulation.models import HomeRequest

    membership = membership_for(user)
    requests = HomeRequest.objects.select_related("home", "search__referral__local_authority")
    if membership is None:
        return requests.none()
    if has_permission(user, Permission.COORDINATE_REFERRALS):
        return requests
    if has_permission(user, Permission.DECIDE_REFERRALS):
        return requests.filter(home_id=membership.organisation_id, status__in=HOME_REQUEST_LIVE_STATUSES)
    if _refers(user):
        return requests.filter(search__referral__local_authority_id=membership.organisation_id)
    return requests.none()


def home_requests_decidable_by(user: Any) -> QuerySet[Any]:
    """Requests this home manager may still decide on: their own home's, waiting for a decision."""
    if not has_permission(user, Permission.DECIDE_REFERRALS):
        return home_requests_visible_to(user).none()
    return home_requests_visible_to(user).filter(status="awaiting", search__status="open")


def searches_visible_to(user: Any) -> QuerySet[Any]:
    """Searches (with every home's response) a user may open: all for the unit, their own for an authority."""
    from circulation.models import Search

    membership = membership_for(user)
    searches = Search.objects.select_related("referral__local_authority")
    if membership is not None and has_permission(user, Permission.COORDINATE_REFERRALS):
        return searches
    if membership is not None and _refers(user):
        return searches.filter(referral__local_authority_id=membership.organisation_id)
    return searches.none()


def may_follow_searches(user: Any) -> bool:
    """Whether the user follows searches and confirms placements: the unit, or a referrer or signer."""
    return has_permission(user, Permission.COORDINATE_REFERRALS) or _refers(user)


def home_requests_confirmable_by(user: Any) -> QuerySet[Any]:
    """Requests whose offer this user may be asked to confirm (the state machine decides whether it still can)."""
    if not may_follow_searches(user):
        return home_requests_visible_to(user).none()
    return home_requests_visible_to(user)


def offers_confirmable_by(user: Any) -> QuerySet[Any]:
    """Offers waiting for this user's confirmation: accepted, on a search that is still open."""
    return home_requests_confirmable_by(user).filter(status="accepted", search__status="open")


def information_requests_answerable_by(user: Any) -> QuerySet[Any]:
    """Questions from homes about this authority's referrals, for its referrers and signers to answer."""
    from circulation.models import InformationRequest

    membership = membership_for(user)
    if membership is None or not _refers(user):
        return InformationRequest.objects.none()
    return InformationRequest.objects.filter(
        home_request__search__referral__local_authority_id=membership.organisation_id
    ).select_related("home_request__home", "home_request__search__referral")


def pack_jobs_visible_to(user: Any) -> QuerySet[Any]:
    """Packs a user may see: every one for the unit, the authority's own referrals', a home only its own live one."""
    from forms_engine.models import PackJob

    membership = membership_for(user)
    jobs = PackJob.objects.filter(referral__status="submitted").select_related("home", "referral")
    if membership is None:
        return jobs.none()
    if has_permission(user, Permission.COORDINATE_REFERRALS):
        return jobs
    if has_permission(user, Permission.DECIDE_REFERRALS):
        live = home_requests_visible_to(user).values("search__referral_id")
        return jobs.filter(home_id=membership.organisation_id, referral_id__in=live)
    if _refers(user):
        return jobs.filter(referral__local_authority_id=membership.organisation_id)
    return jobs.none()
