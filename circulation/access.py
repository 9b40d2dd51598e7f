"""Who may see and act on searches, home requests and homes' questions."""

from django.db.models import QuerySet

from accounts.access import Permission, has_permission, membership_for
from accounts.types import Viewer
from forms_engine.access import HOME_REQUEST_LIVE_STATUSES, refers

from .models import HomeRequest, InformationRequest, KeyInformationSheet, Search


def home_requests_visible_to(user: Viewer) -> QuerySet[HomeRequest]:
    """Circulation requests a user may open: all for the unit, a home's live ones, an authority's own."""
    membership = membership_for(user)
    requests = HomeRequest.objects.select_related("home", "search__referral__local_authority")
    if membership is None:
        return requests.none()
    if has_permission(user, Permission.COORDINATE_REFERRALS):
        return requests
    if has_permission(user, Permission.DECIDE_REFERRALS):
        return requests.filter(home_id=membership.organisation_id, status__in=HOME_REQUEST_LIVE_STATUSES)
    if refers(user):
        return requests.filter(search__referral__local_authority_id=membership.organisation_id)
    return requests.none()


def home_requests_decidable_by(user: Viewer) -> QuerySet[HomeRequest]:
    """Requests this home manager may still decide on: their own home's, waiting for a decision."""
    if not has_permission(user, Permission.DECIDE_REFERRALS):
        return home_requests_visible_to(user).none()
    return home_requests_visible_to(user).filter(status=HomeRequest.Status.AWAITING, search__status=Search.Status.OPEN)


def searches_visible_to(user: Viewer) -> QuerySet[Search]:
    """Searches (with every home's response) a user may open: all for the unit, their own for an authority."""
    membership = membership_for(user)
    searches = Search.objects.select_related("referral__local_authority")
    if membership is not None and has_permission(user, Permission.COORDINATE_REFERRALS):
        return searches
    if membership is not None and refers(user):
        return searches.filter(referral__local_authority_id=membership.organisation_id)
    return searches.none()


def may_follow_searches(user: Viewer) -> bool:
    """Whether the user follows searches and confirms placements: the unit, or a referrer or signer."""
    return has_permission(user, Permission.COORDINATE_REFERRALS) or refers(user)


def home_requests_confirmable_by(user: Viewer) -> QuerySet[HomeRequest]:
    """Requests whose offer this user may be asked to confirm (the state machine decides whether it still can)."""
    if not may_follow_searches(user):
        return home_requests_visible_to(user).none()
    return home_requests_visible_to(user)


def offers_confirmable_by(user: Viewer) -> QuerySet[HomeRequest]:
    """Offers waiting for this user's confirmation: accepted, on a search that is still open."""
    return home_requests_confirmable_by(user).filter(
        status=HomeRequest.Status.ACCEPTED, search__status=Search.Status.OPEN
    )


def information_requests_answerable_by(user: Viewer) -> QuerySet[InformationRequest]:
    """Questions from homes about this authority's referrals, for its referrers and signers to answer."""
    membership = membership_for(user)
    if membership is None or not refers(user):
        return InformationRequest.objects.none()
    return InformationRequest.objects.filter(
        home_request__search__referral__local_authority_id=membership.organisation_id
    ).select_related("home_request__home", "home_request__search__referral")


def key_information_visible_to(user: Viewer) -> QuerySet[KeyInformationSheet]:
    """First-72-hours sheets a user may open: only the placed home's own managers; nobody else, not even the unit
    (the local authority and the unit see who acknowledged it and when, on the search)."""
    membership = membership_for(user)
    sheets = KeyInformationSheet.objects.select_related("placement__home", "placement__search__referral")
    if membership is None or not has_permission(user, Permission.DECIDE_REFERRALS):
        return sheets.none()
    return sheets.filter(
        placement__home_id=membership.organisation_id, placement__home_request__status=HomeRequest.Status.PLACED
    ).exclude(stored_name="")  # erased with the child's other files
